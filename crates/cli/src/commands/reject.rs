//! `reject <run> [<gate>]`: refuse a checkpoint. The phase's loop-back
//! decision is taken (within its `max_loops`), or the run fails.

use std::process::ExitCode;

use skill_chains_engine::runner::reject_gate;
use skill_chains_engine::store::Batch;

use crate::commands::approve::open_gate;
use crate::context::Context;
use crate::driver;

/// The same arguments as `approve`.
pub use crate::commands::approve::Args;

pub fn exec(args: Args, ctx: &Context) -> anyhow::Result<ExitCode> {
    let mut store = args.store.open()?;
    let run = driver::load_run(ctx, &store, &args.run)?;
    let p = open_gate(&run, args.gate.as_deref())?;
    let by = driver::person(args.by);
    // `--override` has nothing to pass over here: its reason is the comment.
    let comment = args.override_reason.or(args.comment);
    let events = reject_gate(&run.workflow, &run.layout, &run.state, p, &by, comment);
    driver::record(&mut store, &run.id, Batch::of(events))?;
    driver::continue_run(ctx, &mut store, &run.id, !args.no_continue)
}
