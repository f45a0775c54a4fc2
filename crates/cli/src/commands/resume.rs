//! `resume <run>`: continue a paused, failed or killed run where it stopped.
//! No step whose completion was recorded runs again; a step that was in
//! flight runs again (recorded as interrupted). Budgets can be raised here.
//! Given a program run's id, it coordinates the program's member runs again.

use skill_chains_engine::ops;
use skill_chains_engine::store::Store as _;

use crate::context::Context;
use crate::driver::{self, BudgetArgs, StoreArgs};
use crate::output::Reply;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// A run id (or a program run's), a unique prefix of one, or `last`.
    pub run: String,
    /// Raise (or set) budgets before resuming.
    #[command(flatten)]
    pub budget: BudgetArgs,
    #[command(flatten)]
    pub store: StoreArgs,
}

pub fn exec(args: Args, ctx: &Context) -> anyhow::Result<Reply<'static>> {
    let mut store = args.store.open()?;
    let env = driver::env(ctx);
    if store.find_run(&args.run).is_err()
        && let Some(summary) =
            ops::resume_program(&env, &mut store, &args.run).map_err(driver::op_error)?
    {
        return Ok(driver::program_reply(summary));
    }
    let raise = args.budget.budget()?;
    let summary = ops::resume(&env, &mut store, &args.run, raise).map_err(driver::op_error)?;
    Ok(driver::reply(summary))
}
