//! `cancel <run>`: stop a run for good. A process running it stops within a
//! second (its in-flight steps are recorded as interrupted).

use std::process::ExitCode;

use skill_chains_engine::event::Event;
use skill_chains_engine::store::Batch;

use crate::context::Context;
use crate::driver::{self, StoreArgs};

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

pub fn exec(args: Args, ctx: &Context) -> anyhow::Result<ExitCode> {
    let mut store = args.store.open()?;
    let run = driver::load_run(ctx, &store, &args.run)?;
    if !run.state.status.is_final() {
        let event = Event::Cancelled {
            by: driver::person(None),
            reason: args.reason,
        };
        driver::record(&mut store, &run.id, Batch::of(vec![event]))?;
    }
    driver::report(ctx, &store, &run.id)?;
    Ok(ExitCode::SUCCESS)
}
