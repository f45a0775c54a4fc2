//! `phase <wf> <phase> --expand` (/phase): propose the detailed steps of a
//! sparse phase, offline from the most similar library phases or with
//! `--llm`, and check the workflow they make.

use std::fmt::{self, Write};
use std::path::PathBuf;

use serde::Serialize;
use skill_chains_core::check::{Diagnostic, Severity};
use skill_chains_core::design::expand::{Expansion, expand_phase, find_phase};
use skill_chains_core::design::llm::{LlmDesign, expand_with_model};
use skill_chains_core::format::write::to_yaml;

use crate::context::Context;
use crate::llm::{EngineModel, LlmArgs};
use crate::output::{Failed, Human, Out, Reply};
use crate::{diagnostics, files};

#[derive(Debug, clap::Args)]
pub struct ExpandArgs {
    /// Propose detailed steps for the phase (from similar library phases, or with --llm).
    #[arg(long)]
    pub expand: bool,
    /// With --expand: about how many steps the phase should end up with.
    #[arg(long, default_value_t = 5, value_name = "N", requires = "expand")]
    pub steps: usize,
    /// With --expand: write the expanded workflow here (`-` prints it).
    #[arg(short, long, value_name = "FILE", requires = "expand")]
    pub output: Option<String>,
    /// Replace an existing file.
    #[arg(long, requires = "expand")]
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
    expansion: Expansion,
}

#[derive(Serialize)]
struct WithModel {
    mode: &'static str,
    phase: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    file: Option<String>,
    #[serde(flatten)]
    design: LlmDesign,
}

impl Human for Offline {
    fn human(&self, out: &mut Out) -> fmt::Result {
        let e = &self.expansion;
        writeln!(
            out,
            "{} {} ({}): {} step(s) proposed next to {} existing",
            out.bold("Phase"),
            out.bold(&e.phase_name),
            e.phase,
            e.proposed.len(),
            e.existing
        )?;
        for s in &e.proposed {
            writeln!(out, "  + {}: {}", out.accent(&s.persona), s.action)?;
            let mut extra = vec![format!("id {}", s.id)];
            if !s.inputs.is_empty() {
                extra.push(format!("needs {}", s.inputs.join(", ")));
            }
            if !s.outputs.is_empty() {
                extra.push(format!("makes {}", s.outputs.join(", ")));
            }
            if let Some(est) = &s.estimate {
                extra.push(format!("estimate {est}"));
            }
            extra.push(format!("from {}", s.from));
            writeln!(out, "    {}", out.dim(&extra.join(" · ")))?;
        }
        check_line(out, &e.diagnostics)?;
        match &self.file {
            Some(f) => writeln!(out, "wrote {f}"),
            None => writeln!(
                out,
                "{}",
                out.dim("help: -o FILE writes the workflow with these steps")
            ),
        }
    }
}

impl Human for WithModel {
    fn human(&self, out: &mut Out) -> fmt::Result {
        writeln!(
            out,
            "{} phase {} with a model in {} round(s)",
            out.bold("Expanded"),
            self.phase,
            self.design.rounds.len()
        )?;
        check_line(out, &self.design.diagnostics)?;
        match &self.file {
            Some(f) => writeln!(out, "wrote {f}"),
            None => writeln!(
                out,
                "{}",
                out.dim("help: -o FILE writes the expanded workflow")
            ),
        }
    }
}

pub(crate) fn check_line(out: &mut Out, list: &[Diagnostic]) -> fmt::Result {
    let errors = list
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    if errors == 0 {
        writeln!(
            out,
            "{}",
            out.good(&format!("check: passes, {} warning(s)", list.len()))
        )
    } else {
        writeln!(out, "{}", out.bad(&format!("check: {errors} error(s)")))
    }
}

/// Write a revised workflow to `output` (`-` is stdout: the caller prints
/// it); the file written, if any.
pub(crate) fn write(
    output: Option<&str>,
    force: bool,
    yaml: &str,
) -> anyhow::Result<Option<String>> {
    match output {
        None | Some("-") => Ok(None),
        Some(target) => {
            let path = PathBuf::from(target);
            files::ensure_writable(&path, force)?;
            files::write_with_schema(&path, yaml)?;
            Ok(Some(target.to_string()))
        }
    }
}

/// A model's design: refused with its last diagnostics unless it passed
/// `check`, else written like an offline one.
pub(crate) fn write_design(
    design: &LlmDesign,
    output: Option<&str>,
    force: bool,
    ctx: &Context,
) -> anyhow::Result<Option<String>> {
    let yaml = design.yaml.as_deref().unwrap_or("");
    if !design.passed {
        return Err(refuse(ctx, &design.diagnostics, yaml));
    }
    write(output, force, yaml)
}

pub(crate) fn refuse(ctx: &Context, list: &[Diagnostic], yaml: &str) -> anyhow::Error {
    for d in list {
        eprint!(
            "{}",
            diagnostics::render(d, "<revised>", yaml, ctx.stderr_color())
        );
    }
    Failed {
        status: 1,
        message:
            "the revised workflow does not pass the check (diagnostics above); nothing was written"
                .into(),
    }
    .into()
}

/// Whether the revised workflow is printed alone on stdout: `-o -` as
/// text; with `--json` it travels inside the report.
pub(crate) fn prints_alone(output: Option<&str>, ctx: &Context) -> bool {
    output == Some("-") && !ctx.json
}

/// Resolve a phase by id, name or number (1 is the first).
fn phase_id(wf: &skill_chains_core::model::Workflow, phase: &str) -> anyhow::Result<String> {
    if let Ok(n) = phase.parse::<usize>()
        && let Some(p) = n.checked_sub(1).and_then(|i| wf.phases.get(i))
    {
        return Ok(p.id.value.clone());
    }
    let (_, p) = find_phase(wf, phase).map_err(|e| Failed {
        status: 2,
        message: e.to_string(),
    })?;
    Ok(p.id.value.clone())
}

pub fn exec(
    workflow: &str,
    phase: &str,
    args: &ExpandArgs,
    ctx: &Context,
) -> anyhow::Result<Reply<'static>> {
    let (wf, _) = ctx.workflow(workflow)?;
    let id = phase_id(&wf, phase)?;
    let offline = expand_phase(&wf, &id, &ctx.catalog, args.steps).map_err(|e| Failed {
        status: 2,
        message: e.to_string(),
    })?;
    let Some(kind) = args.llm.llm else {
        if !offline.passes_check() {
            return Err(refuse(ctx, &offline.diagnostics, &offline.yaml));
        }
        let file = write(args.output.as_deref(), args.force, &offline.yaml)?;
        let yaml = offline.yaml.clone();
        let outcome = if prints_alone(args.output.as_deref(), ctx) {
            Reply::raw(yaml.clone())
        } else {
            Reply::data(Offline {
                mode: "offline",
                file,
                expansion: offline,
            })
        };
        return Ok(outcome.with_document(yaml));
    };
    // The library workflows whose phases are most like this one, as examples.
    let examples: Vec<&skill_chains_core::catalog::BuiltinWorkflow> = offline
        .similar
        .iter()
        .filter_map(|s| s.split('/').next())
        .filter_map(|w| ctx.catalog.library.entry(w))
        .take(2)
        .collect();
    let mut model = EngineModel::new(kind, &args.llm, ctx)?;
    let result = expand_with_model(
        &to_yaml(&wf),
        &id,
        &examples,
        &ctx.catalog,
        &mut model,
        args.llm.max_repairs,
    );
    model.finish();
    let design = result.map_err(|e| Failed {
        status: 2,
        message: e.to_string(),
    })?;
    let file = write_design(&design, args.output.as_deref(), args.force, ctx)?;
    let yaml = design.yaml.clone().unwrap_or_default();
    let outcome = if prints_alone(args.output.as_deref(), ctx) {
        Reply::raw(yaml.clone())
    } else {
        Reply::data(WithModel {
            mode: "llm",
            phase: id,
            file,
            design,
        })
    };
    Ok(outcome.with_document(yaml))
}
