//! `logs <run> [<step>]`: the run's events in order; for one step, also its
//! logs (stderr, raw responses) and its output.

use skill_chains_engine::ops;

use crate::context::Context;
use crate::driver::{self, StoreArgs};
use crate::output::Reply;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// A run id, a unique prefix of one, or `last`.
    pub run: String,
    /// Only this step's events, with its logs and output.
    pub step: Option<String>,
    #[command(flatten)]
    pub store: StoreArgs,
}

pub fn exec(args: Args, ctx: &Context) -> anyhow::Result<Reply<'static>> {
    let store = args.store.open()?;
    let run = driver::load_run(ctx, &store, &args.run)?;
    let logs = ops::logs(&store, run, args.step.as_deref()).map_err(driver::op_error)?;
    Ok(Reply::data(logs))
}
