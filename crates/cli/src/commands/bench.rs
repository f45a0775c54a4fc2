//! `bench <area>`: measured performance, printed as a table (`--json` for data).
//!
//! `bench engine`: the run engine's steps per second (no-op executor, both
//! durability modes), parallel branches under concurrency, store size per
//! step, and overhead per LLM step against a loopback mock server
//! (`engine::bench`). `bench import`: Markdown import of a generated
//! document (`engine::bench::import`). `bench plan` and `bench psplib`: see
//! `bench_plan.rs` and `bench_psplib.rs`; `bench hostile`: `bench_hostile.rs`.

use skill_chains_engine::bench::{self as engine_bench, import};

use crate::context::Context;
use crate::output::Reply;
use crate::progress;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub area: BenchArea,
}

#[derive(Debug, clap::Subcommand)]
pub enum BenchArea {
    /// The run engine: steps/s, store size, LLM-step overhead.
    Engine(EngineArgs),
    /// The planners: CPM, Monte Carlo and levelled schedules on synthetic workflows.
    Plan(super::bench_plan::PlanArgs),
    /// The RCPSP solver on PSPLIB instance sets, checked for feasibility.
    Psplib(super::bench_psplib::PsplibArgs),
    /// Markdown import: a generated document of 500 workflows (about 5 MB).
    Import(ImportArgs),
    /// `check` and `import` on hostile input at 1k, 10k and 100k items: time, memory, growth.
    Hostile(super::bench_hostile::HostileArgs),
}

#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// Workflows in the generated document.
    #[arg(long, default_value_t = 500)]
    pub workflows: usize,
    /// Timed runs (the median is reported).
    #[arg(long, default_value_t = 5)]
    pub runs: usize,
}

#[derive(Debug, clap::Args)]
pub struct EngineArgs {
    /// Shrink every scenario by this factor (1 = 1,000 steps).
    #[arg(long, default_value_t = 1.0)]
    pub scale: f64,
}

pub fn exec(args: Args, ctx: &Context) -> anyhow::Result<Reply<'static>> {
    match args.area {
        BenchArea::Plan(a) => super::bench_plan::exec(a, ctx),
        BenchArea::Psplib(a) => super::bench_psplib::exec(a, ctx),
        BenchArea::Hostile(a) => super::bench_hostile::exec(a, ctx),
        BenchArea::Import(a) => {
            let options = import::ImportOptions {
                workflows: a.workflows,
                runs: a.runs,
                min_bytes: 5 * 1024 * 1024,
            };
            let bar = progress::bar(ctx, 0, "importing");
            let bench = import::run(&ctx.catalog, &options, &mut progress::feed(&bar));
            bar.finish_and_clear();
            Ok(Reply::data(bench?))
        }
        BenchArea::Engine(a) => {
            if !ctx.json {
                eprintln!("running the engine benchmark (a few seconds)…");
            }
            Ok(Reply::data(engine_bench::run_in_temp_dir(a.scale)?))
        }
    }
}
