//! `eval design [FILE]`: score offline design on an evaluation set (the
//! built-in `eval/design.yaml` by default): persona recall, borrowed-step
//! precision, realism of the forecast and of the deadline verdict, targets
//! made criteria, and whether each design passes the check.

use std::fmt::{self, Write};
use std::path::PathBuf;

use comfy_table::{ContentArrangement, Table, presets::UTF8_BORDERS_ONLY};
use serde::Serialize;
use skill_chains_core::design::DesignOptions;
use skill_chains_core::design::eval::{self, CaseScore, EvalReport, Summary};
use skill_chains_core::render::wrap;

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
    /// The evaluation set (YAML); default: the built-in set of 50 scenarios.
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

/// The bar each measure is held to.
const BARS: [(&str, f64); 4] = [
    ("persona recall", 0.9),
    ("borrowed-step precision", 0.9),
    ("realism (P50 in range)", 0.9),
    ("unrealistic horizons flagged", 1.0),
];

/// `9.5 months` as `9.5mo`, to keep the table narrow.
fn short(d: &str) -> String {
    let (n, unit) = d.split_once(' ').unwrap_or((d, ""));
    let u = match unit.trim_end_matches('s') {
        "minute" => "min",
        "hour" => "h",
        "day" => "d",
        "week" => "w",
        "month" => "mo",
        "quarter" => "q",
        "year" => "y",
        other => other,
    };
    format!("{n}{u}")
}

fn horizon(c: &CaseScore) -> &'static str {
    match (c.deadline.as_deref(), c.verdict.as_deref()) {
        (Some("unrealistic"), Some("unrealistic")) => "called",
        (Some("unrealistic"), _) => "missed",
        (Some(_), Some("unrealistic")) => "alarm",
        (Some(_), _) => "ok",
        _ => "-",
    }
}

fn summary_row(t: &mut Table, s: &Summary) {
    let of = |x: f64, n: usize| {
        if n == 0 {
            "-".to_string()
        } else {
            format!("{x:.2}")
        }
    };
    t.add_row(vec![
        s.group.clone(),
        s.scenarios.to_string(),
        format!("{:.2}", s.persona_recall),
        of(s.borrowed_precision, s.borrowed),
        of(s.realism, s.realism_cases),
        of(s.unrealistic_flagged, s.unrealistic_cases),
        of(s.target_accuracy, s.target_cases),
    ]);
}

impl Human for Scored {
    fn human(&self, out: &mut Out) -> fmt::Result {
        let mut t = Table::new();
        t.load_style(UTF8_BORDERS_ONLY)
            .set_content_arrangement(ContentArrangement::Dynamic)
            .set_width(80);
        t.set_header(vec![
            "SCENARIO", "RECALL", "BORROW", "P50", "RANGE", "HORIZON", "TARGET",
        ]);
        for c in &self.report.cases {
            t.add_row(vec![
                c.id.clone(),
                format!("{:.2}", c.persona_recall),
                format!("{}/{}", c.borrowed - c.forbidden_borrowed.len(), c.borrowed),
                c.p50_text.as_deref().map_or("-".into(), short),
                match c.realistic {
                    Some(true) => "in".into(),
                    Some(false) => "out".into(),
                    None => "-".into(),
                },
                horizon(c).into(),
                match c.targets_right {
                    Some(true) => "ok".into(),
                    Some(false) => "wrong".into(),
                    None => "-".into(),
                },
            ]);
        }
        writeln!(
            out,
            "{}\n{t}\n",
            out.heading(&format!("Offline design on {}", self.set))
        )?;
        let mut s = Table::new();
        s.load_style(UTF8_BORDERS_ONLY)
            .set_content_arrangement(ContentArrangement::Dynamic)
            .set_width(80);
        s.set_header(vec![
            "CATEGORY", "N", "RECALL", "BORROW", "REALISM", "FLAGGED", "TARGETS",
        ]);
        for c in &self.report.by_category {
            summary_row(&mut s, c);
        }
        summary_row(&mut s, &self.report.overall);
        writeln!(out, "{s}")?;
        let o = &self.report.overall;
        let measured = [
            o.persona_recall,
            o.borrowed_precision,
            o.realism,
            o.unrealistic_flagged,
        ];
        for ((name, bar), got) in BARS.iter().zip(measured) {
            let line = format!("{name}: {got:.2} (bar {bar:.2})");
            let shown = if got + 1e-9 >= *bar {
                out.good(&line)
            } else {
                out.bad(&line)
            };
            writeln!(out, "{shown}")?;
        }
        let rest = format!(
            "targets made criteria: {:.2} of {} scenario(s); false alarms: {}; designs failing check: {}",
            o.target_accuracy,
            o.target_cases,
            o.false_alarms,
            self.report.cases.iter().filter(|c| !c.passes_check).count()
        );
        for line in wrap(&rest, 80, usize::MAX) {
            writeln!(out, "{line}")?;
        }
        for c in &self.report.cases {
            let mut why = Vec::new();
            if !c.missing_personas.is_empty() {
                why.push(format!("missing {}", c.missing_personas.join(", ")));
            }
            for f in &c.forbidden_borrowed {
                why.push(format!("does not belong: {f}"));
            }
            if c.realistic == Some(false) {
                why.push(format!(
                    "P50 {} outside {}",
                    c.p50_text.as_deref().unwrap_or("unknown"),
                    c.range.as_deref().unwrap_or("")
                ));
            }
            if !c.passes_check {
                why.push(format!("{} check error(s)", c.errors));
            }
            if !why.is_empty() {
                let text = format!("{}: {}", c.id, why.join("; "));
                for line in wrap(&text, 78, usize::MAX) {
                    writeln!(out, "{}", out.dim(&line))?;
                }
            }
        }
        let legend = "recall: expected personas with a step; borrow: borrowed phases and steps that belong (no forbidden word); realism: P50 inside the annotated range; flagged: horizons marked unrealistic that the design calls so; targets: criteria exactly as annotated";
        for line in wrap(legend, 80, usize::MAX) {
            writeln!(out, "{}", out.dim(&line))?;
        }
        Ok(())
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
