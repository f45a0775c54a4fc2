//! `checkpoint <wf> [phase] --expand` (/checkpoint): propose the gates a
//! workflow lacks, offline from similar library gates or with `--llm`, and
//! check the workflow they make.

use std::fmt::{self, Write};

use serde::Serialize;
use skill_chains_core::design::expand::find_phase;
use skill_chains_core::design::gates::{GateDesign, propose_gates};
use skill_chains_core::design::llm::{LlmDesign, gates_with_model};
use skill_chains_core::format::write::to_yaml;

use crate::context::Context;
use crate::expand::{check_line, prints_alone, refuse, write, write_design};
use crate::llm::{EngineModel, LlmArgs};
use crate::output::{Failed, Human, Out, Reply};

#[derive(Debug, clap::Args)]
pub struct GateArgs {
    /// Propose gates for the phases that lack one (from similar library gates, or with --llm).
    #[arg(long)]
    pub expand: bool,
    /// With --expand: write the workflow with the gates here (`-` prints it).
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
    design: GateDesign,
}

#[derive(Serialize)]
struct WithModel {
    mode: &'static str,
    phases: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    file: Option<String>,
    #[serde(flatten)]
    design: LlmDesign,
}

fn wrote(out: &mut Out, file: &Option<String>) -> fmt::Result {
    match file {
        Some(f) => writeln!(out, "wrote {f}"),
        None => writeln!(
            out,
            "{}",
            out.dim("help: -o FILE writes the workflow with these gates")
        ),
    }
}

impl Human for Offline {
    fn human(&self, out: &mut Out) -> fmt::Result {
        let d = &self.design;
        if d.proposed.is_empty() {
            writeln!(
                out,
                "{}",
                out.good(
                    "Every phase already ends with a gate that names its approver and requirements."
                )
            )?;
            return Ok(());
        }
        writeln!(
            out,
            "{} {} gate(s) proposed for {}",
            out.bold("Checkpoints:"),
            d.proposed.len(),
            d.workflow
        )?;
        for g in &d.proposed {
            writeln!(
                out,
                "\n  {} {} {}",
                out.accent("+"),
                out.heading(&format!("{} gate", g.phase_name)),
                out.dim(&format!("({})", g.kind))
            )?;
            writeln!(
                out,
                "    {} {} {}",
                out.bold("Approver:"),
                g.approver,
                out.dim(&format!("({})", g.approver_why))
            )?;
            if !g.requires.is_empty() {
                writeln!(
                    out,
                    "    {} {}",
                    out.bold("Requires:"),
                    g.requires.join(", ")
                )?;
            }
            if !g.criteria.is_empty() {
                writeln!(
                    out,
                    "    {} {}",
                    out.bold("Criteria:"),
                    g.criteria.join(", ")
                )?;
            }
            writeln!(out, "    {}", g.text)?;
            if let Some(s) = g.similar.first() {
                writeln!(out, "    {}", out.dim(&format!("like {s}")))?;
            }
        }
        check_line(out, &d.diagnostics)?;
        wrote(out, &self.file)
    }
}

impl Human for WithModel {
    fn human(&self, out: &mut Out) -> fmt::Result {
        writeln!(
            out,
            "{} gates for {} with a model in {} round(s)",
            out.bold("Proposed"),
            self.phases.join(", "),
            self.design.rounds.len()
        )?;
        check_line(out, &self.design.diagnostics)?;
        wrote(out, &self.file)
    }
}

fn failed(e: impl ToString) -> anyhow::Error {
    Failed {
        status: 2,
        message: e.to_string(),
    }
    .into()
}

pub fn exec(
    workflow: &str,
    phase: Option<&str>,
    args: &GateArgs,
    ctx: &Context,
) -> anyhow::Result<Reply<'static>> {
    let (wf, _) = ctx.workflow(workflow)?;
    // A phase number reads like `phase` takes it.
    let phase = match phase {
        Some(p) => Some(match p.parse::<usize>() {
            Ok(n) if (1..=wf.phases.len()).contains(&n) => wf.phases[n - 1].id.value.clone(),
            _ => find_phase(&wf, p).map_err(failed)?.1.id.value.clone(),
        }),
        None => None,
    };
    let offline = propose_gates(&wf, phase.as_deref(), &ctx.catalog).map_err(failed)?;
    let printed = prints_alone(args.output.as_deref(), ctx);
    let Some(kind) = args.llm.llm else {
        if !offline.passes_check() {
            return Err(refuse(ctx, &offline.diagnostics, &offline.yaml));
        }
        let file = write(args.output.as_deref(), args.force, &offline.yaml)?;
        let yaml = offline.yaml.clone();
        let outcome = if printed {
            Reply::raw(yaml.clone())
        } else {
            Reply::data(Offline {
                mode: "offline",
                file,
                design: offline,
            })
        };
        return Ok(outcome.with_document(yaml));
    };
    let phases: Vec<String> = offline.proposed.iter().map(|g| g.phase.clone()).collect();
    if phases.is_empty() {
        return Ok(Reply::data(Offline {
            mode: "offline",
            file: None,
            design: offline,
        }));
    }
    // The library workflows whose gates are most like the missing ones.
    let mut ids: Vec<&str> = Vec::new();
    for g in &offline.proposed {
        for s in &g.similar {
            let id = s.split('/').next().unwrap_or_default();
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
    }
    let examples: Vec<_> = ids
        .iter()
        .filter_map(|w| ctx.catalog.library.entry(w))
        .take(2)
        .collect();
    let mut model = EngineModel::new(kind, &args.llm, ctx)?;
    let result = gates_with_model(
        &to_yaml(&wf),
        &phases,
        &examples,
        &ctx.catalog,
        &mut model,
        args.llm.max_repairs,
    );
    model.finish();
    let design = result.map_err(failed)?;
    let file = write_design(&design, args.output.as_deref(), args.force, ctx)?;
    let yaml = design.yaml.clone().unwrap_or_default();
    let outcome = if printed {
        Reply::raw(yaml.clone())
    } else {
        Reply::data(WithModel {
            mode: "llm",
            phases,
            file,
            design,
        })
    };
    Ok(outcome.with_document(yaml))
}
