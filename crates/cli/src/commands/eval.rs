//! `eval design [FILE]`: score offline design on an evaluation set (the
//! built-in `eval/design.yaml` by default): persona recall and precision,
//! phase coverage, and whether each design passes the check.

use std::fmt::{self, Write};
use std::path::PathBuf;

use comfy_table::{Table, presets::UTF8_BORDERS_ONLY};
use serde::Serialize;
use skill_chains_core::design::DesignOptions;
use skill_chains_core::design::eval::{self, EvalReport, Summary};

use crate::context::Context;
use crate::output::{Failed, Human, Out, Reply};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub command: EvalCommand,
}

#[derive(Debug, clap::Subcommand)]
pub enum EvalCommand {
    /// Score offline design (`skill-chains workflow`) on a set of scenarios.
    Design(DesignArgs),
}

#[derive(Debug, clap::Args)]
pub struct DesignArgs {
    /// The evaluation set (YAML); default: the built-in set of 40 scenarios.
    pub file: Option<PathBuf>,
    /// Exit with status 1 when mean persona recall is below this, or a design fails the check.
    #[arg(long, value_name = "RECALL")]
    pub min_recall: Option<f64>,
}

#[derive(Serialize)]
struct Scored {
    set: String,
    #[serde(flatten)]
    report: EvalReport,
}

fn pct(x: f64) -> String {
    format!("{:.0}%", x * 100.0)
}

fn summary_row(t: &mut Table, s: &Summary) {
    t.add_row(vec![
        s.group.clone(),
        s.scenarios.to_string(),
        format!("{:.2}", s.persona_recall),
        format!("{:.2}", s.persona_precision),
        format!("{:.2}", s.phase_coverage),
        pct(s.pass_rate),
    ]);
}

impl Human for Scored {
    fn human(&self, out: &mut Out) -> fmt::Result {
        let mut t = Table::new();
        t.load_style(UTF8_BORDERS_ONLY);
        t.set_header(vec![
            "SCENARIO",
            "BASE",
            "RECALL",
            "PRECISION",
            "PHASES",
            "CHECK",
            "MISSING",
        ]);
        for c in &self.report.cases {
            let mut missing = c.missing_personas.clone();
            missing.extend(c.missing_phases.iter().map(|p| format!("phase {p}")));
            t.add_row(vec![
                c.id.clone(),
                c.base.clone(),
                format!("{:.2}", c.persona_recall),
                format!("{:.2}", c.persona_precision),
                format!("{:.2}", c.phase_coverage),
                if c.passes_check {
                    format!("ok ({}w)", c.warnings)
                } else {
                    format!("{} error(s)", c.errors)
                },
                missing.join("; "),
            ]);
        }
        writeln!(
            out,
            "{}\n{t}\n",
            out.heading(&format!("Offline design on {}", self.set))
        )?;
        let mut s = Table::new();
        s.load_style(UTF8_BORDERS_ONLY);
        s.set_header(vec![
            "CATEGORY",
            "N",
            "RECALL",
            "PRECISION",
            "PHASES",
            "PASS",
        ]);
        for c in &self.report.by_category {
            summary_row(&mut s, c);
        }
        summary_row(&mut s, &self.report.overall);
        writeln!(out, "{s}")?;
        writeln!(
            out,
            "{}",
            out.dim("recall: expected personas with a step; precision: design personas that were expected (the set lists what a design must have, so it is low for full playbooks); phases: expected phases present")
        )
    }
}

pub fn exec(args: Args, ctx: &Context) -> anyhow::Result<Reply<'static>> {
    let EvalCommand::Design(args) = args.command;
    let (text, name) = match &args.file {
        Some(p) => (crate::load::read_text(p)?, p.display().to_string()),
        None => (
            eval::BUILTIN.to_string(),
            "the built-in set (eval/design.yaml)".to_string(),
        ),
    };
    let set = eval::parse(&text).map_err(|e| Failed {
        status: 2,
        message: format!("{name}: {e}"),
    })?;
    let bar = crate::progress::bar(ctx, set.scenarios.len() as u64, "designing");
    let report = eval::run_observed(&set, &ctx.catalog, &DesignOptions::default(), &mut |c| {
        bar.set_message(c.id.clone());
        bar.inc(1);
    })
    .map_err(|e| Failed {
        status: 2,
        message: format!("{name}: {e}"),
    })?;
    bar.finish_and_clear();
    let failing = report.cases.iter().any(|c| !c.passes_check);
    let low = args
        .min_recall
        .is_some_and(|m| report.overall.persona_recall < m);
    Ok(Reply::data(Scored { set: name, report }).with_status(u8::from(failing || low)))
}
