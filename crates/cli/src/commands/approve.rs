//! `approve <run> [<gate>]`: pass a checkpoint and continue the run (from any
//! process, at any later time). Who approved, when and why is recorded.
//!
//! A gate whose checkpoint requires success criteria (`criteria:`) that are
//! missed or not measured is refused, unless `--override "reason"`: then the
//! criteria passed over are recorded with the approval.

use std::process::ExitCode;

use skill_chains_engine::event::Event;
use skill_chains_engine::runner::unmet_criteria;
use skill_chains_engine::state::GateState;
use skill_chains_engine::store::Batch;

use crate::context::Context;
use crate::driver::{self, LoadedRun, StoreArgs};
use crate::output::Failed;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// A run id, a unique prefix of one, or `last`.
    pub run: String,
    /// The gate (its phase id); default: the gate the run waits at.
    pub gate: Option<String>,
    /// Why (recorded).
    #[arg(long)]
    pub comment: Option<String>,
    /// Who decides (default: $USER).
    #[arg(long)]
    pub by: Option<String>,
    /// Approve although criteria the gate requires are not met; the reason is recorded.
    #[arg(long = "override", value_name = "REASON", conflicts_with = "comment")]
    pub override_reason: Option<String>,
    /// Only record the decision; do not continue the run here.
    #[arg(long)]
    pub no_continue: bool,
    #[command(flatten)]
    pub store: StoreArgs,
}

/// The phase index of the open gate `gate` (or of the only open gate).
pub fn open_gate(run: &LoadedRun, gate: Option<&str>) -> anyhow::Result<usize> {
    let open: Vec<usize> = (0..run.layout.phases.len())
        .filter(|&p| run.state.gates[p] == GateState::Open)
        .collect();
    let fail = |message: String| -> anyhow::Error { Failed { status: 1, message }.into() };
    match gate {
        Some(g) => {
            let p = run.layout.phase_index(g).ok_or_else(|| {
                fail(format!(
                    "run {} has no gate `{g}`\nhelp: gates are the ids of phases with a checkpoint: {}",
                    run.id,
                    run.layout.phases.iter().filter(|p| p.gate).map(|p| p.id.as_str()).collect::<Vec<_>>().join(", ")
                ))
            })?;
            if !open.contains(&p) {
                return Err(fail(format!(
                    "the gate `{g}` of run {} is not waiting for a decision (run status: {})",
                    run.id,
                    run.state.status.name()
                )));
            }
            Ok(p)
        }
        None => open.first().copied().ok_or_else(|| {
            fail(format!(
                "run {} is not waiting at a gate (status: {})",
                run.id,
                run.state.status.name()
            ))
        }),
    }
}

pub fn exec(args: Args, ctx: &Context) -> anyhow::Result<ExitCode> {
    let mut store = args.store.open()?;
    let run = driver::load_run(ctx, &store, &args.run)?;
    let p = open_gate(&run, args.gate.as_deref())?;
    let gate = run.layout.phases[p].id.clone();
    let unmet = unmet_criteria(&run.workflow, p, &run.state.metrics);
    let overridden = match (&args.override_reason, unmet.is_empty()) {
        (_, true) => Vec::new(),
        (Some(reason), false) if !reason.trim().is_empty() => unmet,
        _ => {
            return Err(Failed {
                status: 1,
                message: format!(
                    "the gate `{gate}` requires success criteria that are not met:\n{}\nhelp: record the measurements with `skill-chains metric {} NAME=VALUE`, or approve anyway with `--override \"reason\"` (recorded)",
                    unmet.iter().map(|u| format!("  - {u}")).collect::<Vec<_>>().join("\n"),
                    run.id
                ),
            }
            .into());
        }
    };
    let event = Event::GateApproved {
        gate,
        by: driver::person(args.by),
        comment: args.override_reason.or(args.comment),
        auto: false,
        overridden,
    };
    driver::record(&mut store, &run.id, Batch::of(vec![event]))?;
    driver::continue_run(ctx, &mut store, &run.id, !args.no_continue)
}
