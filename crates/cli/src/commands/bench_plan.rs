//! `bench plan`: the planners' speed on synthetic workflows generated in
//! memory, against the project's targets (`plan::bench::planners`).

use skill_chains_core::plan::bench::planners::{self, PlannerOptions};
use skill_chains_engine::bench::memory::ProcPeakMemory;

use crate::context::Context;
use crate::output::Reply;
use crate::progress;

#[derive(Debug, clap::Args)]
pub struct PlanArgs {
    /// Shrink every case by this factor (1 = the sizes of the targets).
    #[arg(long, default_value_t = 1.0)]
    pub scale: f64,
    /// Runs of each case; the median is reported.
    #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u32).range(1..=100))]
    pub runs: u32,
}

pub fn exec(args: PlanArgs, ctx: &Context) -> anyhow::Result<Reply<'static>> {
    let options = PlannerOptions {
        scale: args.scale,
        runs: args.runs,
    };
    let bar = progress::bar(ctx, 0, "benchmarking the planners");
    let bench = planners::run(&options, &mut ProcPeakMemory, &mut progress::feed(&bar));
    bar.finish_and_clear();
    Ok(Reply::data(bench?))
}
