//! `workflow "<scenario>" [-o file]` (/workflow): design a workflow for a
//! scenario in plain words. Offline by default: the nearest library
//! workflows adapted to the scenario. With `--llm`: a language model given the
//! format's schema, the nearest workflows and the design template, its
//! answer checked and sent back for repair until it passes. Either way the
//! result is checked, and the command fails (status 1) when it does not pass.

use std::fmt::{self, Write};
use std::path::PathBuf;

use serde::Serialize;
use skill_chains_core::check::{Diagnostic, Severity};
use skill_chains_core::design::llm::{LlmDesign, design_with_model};
use skill_chains_core::design::{Design, DesignOptions, design};
use skill_chains_engine::event::Usage;

use crate::context::Context;
use crate::llm::{EngineModel, LlmArgs, LlmKind};
use crate::output::{Failed, Human, Out, Reply};
use crate::{diagnostics, files};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The scenario, e.g. "Migrate our payment service from Heroku to AWS in 4 months".
    #[arg(required = true, num_args = 1..)]
    pub scenario: Vec<String>,
    /// Where to write the workflow (default: <id>.yaml here); `-` prints it.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<String>,
    /// Replace an existing file.
    #[arg(long)]
    pub force: bool,
    #[command(flatten)]
    pub llm: LlmArgs,
}

#[derive(Serialize)]
struct Offline {
    mode: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    file: Option<String>,
    #[serde(flatten)]
    design: Design,
}

#[derive(Serialize)]
struct WithModel {
    mode: &'static str,
    client: LlmKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    file: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<String>,
    usage: Usage,
    #[serde(flatten)]
    design: LlmDesign,
}

impl Human for Offline {
    fn human(&self, out: &mut Out) -> fmt::Result {
        let d = &self.design;
        writeln!(
            out,
            "{} {}  {}",
            out.bold("Designed"),
            out.bold(&d.name),
            out.dim(&format!("({}) · {}", d.id, d.timeline))
        )?;
        writeln!(out, "{}", out.heading("Drawn from the library"))?;
        for s in &d.sources {
            let why: Vec<String> = s
                .why
                .iter()
                .map(|w| match &w.matched {
                    Some(m) => format!("{} → {m}", w.term),
                    None => w.term.clone(),
                })
                .collect();
            writeln!(
                out,
                "  {:<6} {}  {}",
                s.role,
                s.id,
                out.dim(&format!(
                    "score {:.2} · matched {}",
                    s.score,
                    why.join(", ")
                ))
            )?;
        }
        writeln!(out, "{}", out.heading("Phases"))?;
        for (n, p) in d.phases.iter().enumerate() {
            writeln!(
                out,
                "  {}. {} ({})  {}",
                n + 1,
                p.name,
                p.window,
                out.dim(&format!("{} step(s), from {}", p.steps, p.from))
            )?;
        }
        for a in &d.added {
            writeln!(
                out,
                "  {} {} in \"{}\" ({}: \"{}\")",
                out.accent("+"),
                a.persona,
                a.phase,
                a.domain,
                a.cue
            )?;
        }
        for x in &d.dropped {
            writeln!(out, "  {} {} ({})", out.dim("-"), x.name, x.reason)?;
        }
        for n in &d.notes {
            writeln!(out, "{} {n}", out.accent("note:"))?;
        }
        check_line(out, &d.diagnostics)?;
        written(out, &self.file)
    }
}

impl Human for WithModel {
    fn human(&self, out: &mut Out) -> fmt::Result {
        let d = &self.design;
        writeln!(
            out,
            "{} with {:?}: {} round(s), examples {}",
            out.bold("Designed"),
            self.client,
            d.rounds.len(),
            d.examples.join(", ")
        )?;
        for r in &d.rounds {
            let what = if r.yaml {
                format!("{} error(s), {} warning(s)", r.errors, r.warnings)
            } else {
                "no YAML in the answer".to_string()
            };
            writeln!(out, "  round {}: {what}", r.round + 1)?;
        }
        if self.usage.input_tokens + self.usage.output_tokens > 0 {
            writeln!(
                out,
                "  {}",
                out.dim(&format!(
                    "{} input + {} output tokens, ${:.4}",
                    self.usage.input_tokens, self.usage.output_tokens, self.usage.cost_usd
                ))
            )?;
        }
        check_line(out, &d.diagnostics)?;
        written(out, &self.file)
    }
}

fn check_line(out: &mut Out, diagnostics: &[Diagnostic]) -> fmt::Result {
    let errors = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let warnings = diagnostics.len() - errors;
    let text = match (errors, warnings) {
        (0, 0) => out.good("check: clean"),
        (0, w) => out.good(&format!("check: passes, {w} warning(s)")),
        (e, w) => out.bad(&format!("check: {e} error(s), {w} warning(s)")),
    };
    writeln!(out, "{text}")
}

fn written(out: &mut Out, file: &Option<String>) -> fmt::Result {
    match file {
        Some(f) => writeln!(out, "wrote {f}"),
        None => Ok(()),
    }
}

/// Print diagnostics of a designed text to stderr.
fn show_diagnostics(ctx: &Context, list: &[Diagnostic], name: &str, yaml: &str) {
    for d in list {
        eprint!("{}", diagnostics::render(d, name, yaml, ctx.stderr_color()));
    }
}

/// Write the YAML where asked (or to `<id>.yaml`); `None` for `-`, where
/// it is printed.
fn place(args: &Args, id: &str, yaml: &str) -> anyhow::Result<Option<String>> {
    let target = args.output.clone().unwrap_or_else(|| format!("{id}.yaml"));
    if target == "-" {
        return Ok(None);
    }
    let path = PathBuf::from(&target);
    files::ensure_writable(&path, args.force)?;
    files::write_atomic(&path, yaml.as_bytes())?;
    Ok(Some(target))
}

fn refuse(errors: usize) -> anyhow::Error {
    Failed {
        status: 1,
        message: format!(
            "the designed workflow has {errors} error(s) (shown above); nothing was written"
        ),
    }
    .into()
}

pub fn exec(args: Args, ctx: &Context) -> anyhow::Result<Reply<'static>> {
    let scenario = args.scenario.join(" ");
    if let Some(kind) = args.llm.llm {
        return exec_llm(&args, kind, &scenario, ctx);
    }
    let d = design(&scenario, &ctx.catalog, &DesignOptions::default()).map_err(|e| Failed {
        status: 1,
        message: format!(
            "{e}\nhelp: describe the situation in other words, or design it with --llm"
        ),
    })?;
    let shown = args
        .output
        .clone()
        .unwrap_or_else(|| format!("{}.yaml", d.id));
    show_diagnostics(ctx, &d.diagnostics, &shown, &d.yaml);
    if !d.passes_check() {
        return Err(refuse(
            d.diagnostics
                .iter()
                .filter(|x| x.severity == Severity::Error)
                .count(),
        ));
    }
    let file = place(&args, &d.id, &d.yaml)?;
    let yaml = d.yaml.clone();
    // Plain `-o -` prints the YAML alone; with `--json` it travels inside the report.
    let outcome = if file.is_some() || ctx.json {
        Reply::data(Offline {
            mode: "offline",
            file,
            design: d,
        })
    } else {
        Reply::raw(yaml.clone())
    };
    Ok(outcome.with_document(yaml))
}

fn exec_llm(
    args: &Args,
    kind: LlmKind,
    scenario: &str,
    ctx: &Context,
) -> anyhow::Result<Reply<'static>> {
    let mut model = EngineModel::new(kind, &args.llm, ctx)?;
    let result = design_with_model(scenario, &ctx.catalog, &mut model, args.llm.max_repairs);
    model.finish();
    let d = result.map_err(|e| Failed {
        status: 2,
        message: e.to_string(),
    })?;
    let id = d
        .yaml
        .as_deref()
        .and_then(|y| skill_chains_core::format::load_workflow(y, &ctx.catalog.personas).workflow)
        .map(|w| w.id);
    let shown = args
        .output
        .clone()
        .unwrap_or_else(|| format!("{}.yaml", id.as_deref().unwrap_or("design")));
    if let Some(yaml) = &d.yaml {
        show_diagnostics(ctx, &d.diagnostics, &shown, yaml);
    }
    if !d.passed {
        let rounds = d.rounds.len();
        return Err(Failed {
            status: 1,
            message: match &d.yaml {
                Some(_) => format!("the model's workflow still fails the check after {rounds} round(s) (last diagnostics above); nothing was written\nhelp: raise --max-repairs, or start from `skill-chains workflow` offline"),
                None => format!("the model gave no YAML workflow in {rounds} round(s); nothing was written"),
            },
        }
        .into());
    }
    let yaml = d.yaml.clone().unwrap_or_default();
    let file = place(args, id.as_deref().unwrap_or("design"), &yaml)?;
    let outcome = if file.is_some() || ctx.json {
        Reply::data(WithModel {
            mode: "llm",
            client: kind,
            file,
            id,
            usage: model.usage,
            design: d,
        })
    } else {
        Reply::raw(yaml.clone())
    };
    Ok(outcome.with_document(yaml))
}
