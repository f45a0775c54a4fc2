//! `reject <run> [<gate>]`: refuse a checkpoint. The phase's loop-back
//! decision is taken (within its `max_loops`), or the run fails.

use std::process::ExitCode;

use skill_chains_engine::runner::reject_gate;
use skill_chains_engine::store::Batch;

use crate::commands::approve::open_gate;
use crate::context::Context;
use crate::driver::{self, StoreArgs};

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
    /// Only record the decision; do not continue the run here.
    #[arg(long)]
    pub no_continue: bool,
    #[command(flatten)]
    pub store: StoreArgs,
}

pub fn exec(args: Args, ctx: &Context) -> anyhow::Result<ExitCode> {
    let mut store = args.store.open()?;
    let run = driver::load_run(ctx, &store, &args.run)?;
    let p = open_gate(&run, args.gate.as_deref())?;
    let by = driver::person(args.by);
    let events = reject_gate(&run.workflow, &run.layout, &run.state, p, &by, args.comment);
    driver::record(
        &mut store,
        &run.id,
        Batch {
            artifacts: vec![],
            events,
        },
    )?;
    driver::continue_run(ctx, &mut store, &run.id, !args.no_continue)
}
