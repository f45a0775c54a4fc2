//! `reject <run> [<gate>]`: refuse a checkpoint. The phase's loop-back
//! decision is taken (within its `max_loops`), or the run fails.

use skill_chains_engine::ops;

use crate::context::Context;
use crate::driver;
use crate::output::Reply;

/// The same arguments as `approve`.
pub use crate::commands::approve::Args;

pub fn exec(args: Args, ctx: &Context) -> anyhow::Result<Reply<'static>> {
    let mut store = args.store.open()?;
    let summary = ops::reject(&driver::env(ctx), &mut store, &args.run, args.decision())
        .map_err(driver::op_error)?;
    Ok(driver::reply(summary))
}
