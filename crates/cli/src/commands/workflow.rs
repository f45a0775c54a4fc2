//! `workflow "<scenario>" [-o file]` (/workflow): design a workflow for a
//! scenario in plain words. Offline by default: the nearest library
//! workflows adapted to the scenario. With `--llm`: a language model given the
//! format's schema, the nearest workflows and the design template, its
//! answer checked and sent back for repair until it passes. Either way the
//! result is checked, and the command fails (status 1) when it does not pass.

use skill_chains_core::check::Diagnostic;
use skill_chains_core::design::llm::design_with_model;
use skill_chains_core::design::{DesignOptions, design};
use skill_chains_engine::project::design::{
    DesignError, Target, designed_id, place_offline, place_with_model,
};

use crate::context::Context;
use crate::diagnostics;
use crate::llm::{EngineModel, LlmArgs, LlmKind};
use crate::output::{Failed, Reply};

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

impl Args {
    fn target(&self) -> Target<'_> {
        Target {
            output: self.output.as_deref(),
            force: self.force,
        }
    }
}

/// Print diagnostics of a designed text to stderr.
fn show_diagnostics(ctx: &Context, list: &[Diagnostic], name: &str, yaml: &str) {
    for d in list {
        eprint!("{}", diagnostics::render(d, name, yaml, ctx.stderr_color()));
    }
}

fn refused(e: DesignError) -> anyhow::Error {
    match e {
        DesignError::File(e) => e.into(),
        other => Failed {
            status: 1,
            message: other.to_string(),
        }
        .into(),
    }
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
    let target = args.target();
    show_diagnostics(ctx, &d.diagnostics, &target.shown(&d.id), &d.yaml);
    let placed = place_offline(d, &target).map_err(refused)?;
    let yaml = placed.design.yaml.clone();
    // Plain `-o -` prints the YAML alone; with `--json` it travels inside the report.
    let outcome = if placed.file.is_some() || ctx.json {
        Reply::data(placed)
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
    let id = designed_id(&d, &ctx.catalog.personas);
    let target = args.target();
    if let Some(yaml) = &d.yaml {
        let shown = target.shown(id.as_deref().unwrap_or("design"));
        show_diagnostics(ctx, &d.diagnostics, &shown, yaml);
    }
    let placed = place_with_model(d, id, kind.executor(), model.usage, &target).map_err(refused)?;
    let yaml = placed.design.yaml.clone().unwrap_or_default();
    let outcome = if placed.file.is_some() || ctx.json {
        Reply::data(placed)
    } else {
        Reply::raw(yaml.clone())
    };
    Ok(outcome.with_document(yaml))
}
