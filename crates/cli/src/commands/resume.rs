//! `resume <run>`: continue a paused, failed or killed run where it stopped.
//! No step whose completion was recorded runs again; a step that was in
//! flight runs again (recorded as interrupted). Budgets can be raised here.
//! Given a program run's id, it coordinates the program's member runs again.

use std::process::ExitCode;

use skill_chains_engine::ops;
use skill_chains_engine::store::Store as _;

use crate::context::Context;
use crate::driver::{self, BudgetArgs, StoreArgs};

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

pub fn exec(args: Args, ctx: &Context) -> anyhow::Result<ExitCode> {
    let mut store = args.store.open()?;
    let env = driver::env(ctx);
    if store.find_run(&args.run).is_err()
        && let Some(summary) =
            ops::resume_program(&env, &mut store, &args.run).map_err(driver::op_error)?
    {
        ctx.emit(&summary)?;
        return Ok(ExitCode::from(summary.exit_status()));
    }
    let raise = args.budget.budget()?;
    let summary = ops::resume(&env, &mut store, &args.run, raise).map_err(driver::op_error)?;
    driver::report(ctx, &summary)
}
