//! `bench psplib <dir>`: the RCPSP solver on the PSPLIB benchmark sets.
//! Reads every `.sm` instance under the directory (its sets `j30/`, `j60/`
//! ... or the files themselves) and `reference.tsv`, solves them on a few
//! threads, checks every schedule with the independent feasibility checker
//! and prints the per-set deviation table (`engine::bench::psplib`).

use std::path::PathBuf;

use skill_chains_core::plan::bench::psplib::PsplibOptions;
use skill_chains_engine::bench::psplib;

use crate::context::Context;
use crate::output::{Failed, Reply};
use crate::progress;

#[derive(Debug, clap::Args)]
pub struct PsplibArgs {
    /// The PSPLIB directory: set folders (j30/, j60/, ...) with `.sm` files and
    /// `reference.tsv` (or one set folder, with `reference.tsv` beside it).
    pub dir: PathBuf,
    /// Budget per instance in generated schedules (default 5,000).
    #[arg(long, value_name = "N", conflicts_with = "time_per_instance")]
    pub schedules: Option<u64>,
    /// Budget per instance in seconds instead of schedules.
    #[arg(long, value_name = "SECONDS")]
    pub time_per_instance: Option<f64>,
    /// At most this many instances per set, evenly spread over the set.
    #[arg(long, value_name = "N")]
    pub sample: Option<usize>,
    /// Only these sets (`--set j30 --set j60`).
    #[arg(long = "set", value_name = "SET")]
    pub sets: Vec<String>,
    /// Solver threads (default: all cores).
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
    /// Seed of the solver's random generator.
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
}

pub fn exec(args: PsplibArgs, ctx: &Context) -> anyhow::Result<Reply<'static>> {
    let options = PsplibOptions {
        sets: args.sets,
        sample: args.sample,
        schedules: args.schedules,
        time_per_instance: args.time_per_instance,
        threads: args.threads,
        seed: args.seed,
    };
    let bar = progress::bar(ctx, 0, "solving PSPLIB");
    let bench = psplib::run(&args.dir, &options, &mut progress::feed(&bar));
    bar.finish_and_clear();
    let bench = bench?;
    let infeasible = bench.infeasible();
    let outcome = Reply::data(bench);
    if infeasible > 0 {
        return Ok(outcome.then_fail(
            Failed {
                status: 1,
                message: format!(
                    "{infeasible} schedule(s) failed the independent feasibility check"
                ),
            }
            .into(),
        ));
    }
    Ok(outcome)
}
