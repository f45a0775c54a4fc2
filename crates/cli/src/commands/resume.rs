//! `resume <run>`: continue a paused, failed or killed run where it stopped.
//! No step whose completion was recorded runs again; a step that was in
//! flight runs again (recorded as interrupted). Budgets can be raised here.
//! Given a program run's id, it coordinates the program's member runs again.

use std::process::ExitCode;

use skill_chains_engine::event::Event;
use skill_chains_engine::store::Batch;

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
    use skill_chains_engine::store::Store as _;
    if store.find_run(&args.run).is_err()
        && let Some(code) = crate::program::run::resume(ctx, &mut store, &args.run)?
    {
        return Ok(code);
    }
    let run = driver::load_run(ctx, &store, &args.run)?;
    if run.state.status.is_final() {
        return driver::report(ctx, &store, &run.id);
    }
    let raise = args.budget.budget()?;
    let mut batch = Batch::default();
    if raise != Default::default() {
        batch.events.push(Event::BudgetChanged {
            budget: run.state.options.budget.raised(&raise),
        });
    }
    batch.events.push(Event::Resumed {
        by: driver::person(None),
    });
    // Take the run before recording anything, so a second resume is refused cleanly.
    let lease =
        skill_chains_engine::store::Lease::this_process(skill_chains_engine::runner::LEASE_TTL_MS);
    store
        .acquire_lease(&run.id, &lease)
        .map_err(driver::store_error)?;
    let recorded = driver::record(&mut store, &run.id, batch);
    store.release_lease(&run.id, &lease)?;
    recorded?;
    let run = driver::load_run(ctx, &store, &run.id)?;
    driver::drive(ctx, &mut store, &run)?;
    driver::report(ctx, &store, &run.id)
}
