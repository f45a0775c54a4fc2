//! `cancel <run>`: stop a run for good. A process running it stops within a
//! second (its in-flight steps are recorded as interrupted).

use skill_chains_engine::ops;

use crate::context::Context;
use crate::driver::{self, StoreArgs};
use crate::output::Reply;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// A run id, a unique prefix of one, or `last`.
    pub run: String,
    /// Why (recorded).
    #[arg(long)]
    pub reason: Option<String>,
    #[command(flatten)]
    pub store: StoreArgs,
}

pub fn exec(args: Args, ctx: &Context) -> anyhow::Result<Reply<'static>> {
    let mut store = args.store.open()?;
    let summary = ops::cancel(&driver::env(ctx), &mut store, &args.run, args.reason, None)
        .map_err(driver::op_error)?;
    Ok(Reply::data(summary))
}
