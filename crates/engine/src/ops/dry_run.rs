//! Dry runs: the order, the prompts and an estimate of tokens, cost and
//! duration of a workflow (or of every member of a program), computed
//! without calling an executor or touching a store, with their text views.

use std::fmt::{self, Write};

use skill_chains_core::model::{Program, Workflow};
use skill_chains_core::render::text::{Human, Out, fit, money};

use super::{OpError, RunEnv, holds, prompts};
use crate::clock::format_duration;
use crate::estimate::{DryRun, dry_run};
use crate::event::Hold;
use crate::executor::builtin_spec;
use crate::layout::Layout;
use crate::prompt::PromptError;

/// Why a dry run could not be shown.
#[derive(Debug, thiserror::Error)]
pub enum DryRunError {
    #[error(transparent)]
    Op(#[from] OpError),
    #[error(transparent)]
    Prompt(#[from] PromptError),
}

/// The order, prompts and estimate of one workflow, calling nothing.
/// `executor` overrides every step's executor, `model` the executors' model.
pub fn dry_run_report(
    wf: &Workflow,
    env: &RunEnv,
    executor: Option<&str>,
    model: Option<&str>,
    verbose_prompts: bool,
) -> Result<DryRunReport, DryRunError> {
    let layout = Layout::new(wf);
    let executors = env.step_executors(wf, executor);
    let personas = &env.catalog.personas;
    let estimate = dry_run(
        wf,
        &layout,
        &executors,
        &prompts(wf)?,
        env.executors,
        model,
        &|slug| personas.by_slug(slug).map(|p| p.group.clone()),
    )?;
    Ok(DryRunReport {
        workflow: wf.name.value.clone(),
        estimate,
        verbose_prompts,
    })
}

/// A program's dry run: each member workflow's, with the phases it would hold.
pub fn program_dry_run(
    program: &Program,
    env: &RunEnv,
    executor: Option<&str>,
    model: Option<&str>,
    verbose_prompts: bool,
) -> Result<ProgramDryRun, DryRunError> {
    let mut members = Vec::new();
    for (member, holds) in program.members.iter().zip(holds(program)) {
        let Some(wf) = member.workflow() else {
            continue;
        };
        members.push(MemberDryRun {
            member: member.alias.value.clone(),
            holds,
            report: dry_run_report(wf, env, executor, model, verbose_prompts)?,
        });
    }
    Ok(ProgramDryRun {
        program: program.name.value.clone(),
        members,
    })
}

/// A program's dry run: each member's, with the phases it would hold.
#[derive(serde::Serialize)]
pub struct ProgramDryRun {
    pub program: String,
    pub members: Vec<MemberDryRun>,
}

#[derive(serde::Serialize)]
pub struct MemberDryRun {
    pub member: String,
    pub holds: Vec<Hold>,
    #[serde(flatten)]
    pub report: DryRunReport,
}

impl Human for ProgramDryRun {
    fn human(&self, out: &mut Out) -> fmt::Result {
        writeln!(
            out,
            "{}  {}",
            out.bold(&self.program),
            out.dim("(dry run of every workflow: nothing is called or stored)")
        )?;
        for m in &self.members {
            writeln!(out, "\n{}", out.heading(&format!("── {} ──", m.member)))?;
            for h in &m.holds {
                writeln!(out, "  holds phase {} until {}", h.phase, h.waits_for)?;
            }
            m.report.human(out)?;
        }
        Ok(())
    }
}

/// One workflow's dry run: its order, prompts and estimate.
#[derive(serde::Serialize)]
pub struct DryRunReport {
    pub workflow: String,
    #[serde(flatten)]
    pub estimate: DryRun,
    /// Show each LLM step's prompt in the text view.
    #[serde(skip)]
    pub verbose_prompts: bool,
}

impl Human for DryRunReport {
    fn human(&self, out: &mut Out) -> fmt::Result {
        let e = &self.estimate;
        writeln!(
            out,
            "{}  {}",
            out.bold(&self.workflow),
            out.dim("(dry run: nothing is called or stored)")
        )?;
        let mut phase = "";
        for s in &e.steps {
            if s.phase != phase {
                phase = &s.phase;
                writeln!(out, "\n{}", out.heading(&format!("Phase {phase}")))?;
            }
            writeln!(
                out,
                "  {} {} {} {}  {}",
                out.dim(&format!("w{}", s.wave + 1)),
                fit(&s.step, 30),
                fit(&s.persona, 28),
                fit(&s.executor, 9),
                out.dim(&format!(
                    "{} in / {} out tok · {} · {}",
                    s.input_tokens,
                    s.output_tokens,
                    money(s.cost_usd),
                    format_duration(s.duration_ms)
                ))
            )?;
            if self.verbose_prompts
                && builtin_spec(&s.executor).is_some_and(|spec| spec.calls_llm())
            {
                for line in s.prompt.lines() {
                    if line.is_empty() {
                        writeln!(out)?;
                    } else {
                        writeln!(out, "      {}", out.dim(line))?;
                    }
                }
            }
        }
        if !e.gates.is_empty() {
            writeln!(out, "\ngates: {}", e.gates.join(", "))?;
        }
        writeln!(
            out,
            "\nestimate: {} input + {} output tokens · {} · {} (longest chain per phase; gates not counted)",
            e.input_tokens,
            e.output_tokens,
            money(e.cost_usd),
            format_duration(e.duration_ms)
        )?;
        for a in &e.assumptions {
            writeln!(out, "  {}", out.dim(&format!("assumes {a}")))?;
        }
        Ok(())
    }
}
