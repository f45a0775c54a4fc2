//! `phase <workflow> <phase>`: one phase in full: its window, steps with
//! inputs and outputs (and who produces and uses them), estimates, planned
//! times and slack, the deliverable, the gate and the decisions.

use anyhow::bail;
use skill_chains_core::catalog::normalise;
use skill_chains_core::model::Workflow;
use skill_chains_core::plan::report::phase::Phase;

use crate::context::Context;
use crate::output::Reply;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// A built-in id or name, or a workflow file.
    pub workflow: String,
    /// The phase: its id, its name, or its number (1 is the first).
    pub phase: String,
    #[command(flatten)]
    pub expand: crate::expand::ExpandArgs,
}

/// Find a phase by id, normalised name, or 1-based number.
fn find_phase(wf: &Workflow, key: &str) -> anyhow::Result<usize> {
    if let Some(k) = wf.phases.iter().position(|p| p.id.value == key) {
        return Ok(k);
    }
    let norm = normalise(key);
    if let Some(k) = wf
        .phases
        .iter()
        .position(|p| normalise(&p.name.value) == norm || normalise(&p.id.value) == norm)
    {
        return Ok(k);
    }
    if let Ok(n) = key.parse::<usize>()
        && (1..=wf.phases.len()).contains(&n)
    {
        return Ok(n - 1);
    }
    let names: Vec<String> = wf
        .phases
        .iter()
        .enumerate()
        .map(|(k, p)| format!("{} ({})", k + 1, p.id.value))
        .collect();
    bail!(
        "{} has no phase `{key}`\nhelp: its phases are {}",
        wf.id,
        names.join(", ")
    )
}

pub fn exec(args: Args, ctx: &Context) -> anyhow::Result<Reply<'static>> {
    if args.expand.expand {
        return crate::expand::exec(&args.workflow, &args.phase, &args.expand, ctx);
    }
    let (wf, _) = ctx.workflow(&args.workflow)?;
    let k = find_phase(&wf, &args.phase)?;
    Ok(Reply::data(Phase::of(&wf, k)))
}
