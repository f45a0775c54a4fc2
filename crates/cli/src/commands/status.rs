//! `status [<run>]`: a run's phases, steps, who or what is running, gates,
//! costs per step, per persona and in total, and its success criteria (met,
//! missed or not measured by the metrics recorded so far); the latest run by
//! default. `run` ends with the same report.

use skill_chains_engine::ops;
use skill_chains_engine::store::Store as _;

use crate::context::Context;
use crate::driver::{self, StoreArgs};
use crate::output::Reply;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// A run id (or a program run's), a unique prefix of one, or `last` (the default).
    #[arg(default_value = "last")]
    pub run: String,
    #[command(flatten)]
    pub store: StoreArgs,
}

pub fn exec(args: Args, ctx: &Context) -> anyhow::Result<Reply<'static>> {
    let store = args.store.open()?;
    let env = driver::env(ctx);
    if store.find_run(&args.run).is_err()
        && let Some(report) =
            ops::program_summary(&env, &store, &args.run).map_err(driver::op_error)?
    {
        return Ok(Reply::data(report));
    }
    let summary = ops::summary(&store, &ctx.catalog, &args.run).map_err(driver::op_error)?;
    Ok(Reply::data(summary))
}
