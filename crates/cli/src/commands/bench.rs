//! `bench <area>`: measured performance, printed as a table (`--json` for data).
//!
//! `bench engine`: the run engine's steps per second (no-op executor, both
//! durability modes), parallel branches under concurrency, store size per
//! step, and overhead per LLM step against a loopback mock server.
//! `bench plan` and `bench psplib`: see `bench_plan.rs` and `bench_psplib.rs`.

use std::fmt::{self, Write};

use serde::Serialize;
use skill_chains_engine::bench::BenchRow;

use crate::context::Context;
use crate::output::{Human, Out, Reply};

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

#[derive(Serialize)]
struct EngineBench {
    rows: Vec<BenchRow>,
}

impl Human for EngineBench {
    fn human(&self, out: &mut Out) -> fmt::Result {
        let mut table = comfy_table::Table::new();
        table.load_style(comfy_table::presets::UTF8_BORDERS_ONLY);
        table.set_header([
            "scenario",
            "steps",
            "conc.",
            "durability",
            "seconds",
            "steps/s",
            "store",
            "target",
            "met",
        ]);
        for r in &self.rows {
            let store = format!("{:.2} MB", r.store_bytes as f64 / 1_048_576.0);
            let rate = match r.overhead_ms_per_step {
                Some(o) => format!("{:.0} ({o:.3} ms overhead)", r.steps_per_second),
                None => format!("{:.0}", r.steps_per_second),
            };
            table.add_row([
                r.scenario.clone(),
                r.steps.to_string(),
                r.concurrency.to_string(),
                r.durability.clone(),
                format!("{:.3}", r.seconds),
                rate,
                store,
                r.target.clone(),
                if r.met {
                    out.good("yes")
                } else {
                    out.bad("no")
                },
            ]);
        }
        writeln!(out, "{table}")
    }
}

pub fn exec(args: Args, ctx: &Context) -> anyhow::Result<Reply<'static>> {
    match args.area {
        BenchArea::Plan(a) => super::bench_plan::exec(a, ctx),
        BenchArea::Psplib(a) => super::bench_psplib::exec(a, ctx),
        BenchArea::Import(a) => import_bench(&a, ctx),
        BenchArea::Engine(a) => {
            let dir =
                std::env::temp_dir().join(format!("skill-chains-bench-{}", std::process::id()));
            std::fs::create_dir_all(&dir)?;
            if !ctx.json {
                eprintln!("running the engine benchmark (a few seconds)…");
            }
            let rows = skill_chains_engine::bench::run(&dir, a.scale.clamp(0.01, 10.0));
            let _ = std::fs::remove_dir_all(&dir);
            Ok(Reply::data(EngineBench { rows: rows? }))
        }
    }
}

#[derive(Serialize)]
struct ImportBench {
    workflows: usize,
    bytes: usize,
    runs: usize,
    median_seconds: f64,
    min_seconds: f64,
    mb_per_second: f64,
    target_seconds: f64,
    met: bool,
}

impl Human for ImportBench {
    fn human(&self, out: &mut Out) -> fmt::Result {
        let mut table = comfy_table::Table::new();
        table.load_style(comfy_table::presets::UTF8_BORDERS_ONLY);
        table.set_header([
            "workflows",
            "document",
            "runs",
            "median",
            "fastest",
            "MB/s",
            "target",
            "met",
        ]);
        table.add_row([
            self.workflows.to_string(),
            format!("{:.2} MB", self.bytes as f64 / 1_048_576.0),
            self.runs.to_string(),
            format!("{:.3} s", self.median_seconds),
            format!("{:.3} s", self.min_seconds),
            format!("{:.1}", self.mb_per_second),
            format!("< {} s", self.target_seconds),
            if self.met {
                out.good("yes")
            } else {
                out.bad("no")
            },
        ]);
        writeln!(out, "{table}")
    }
}

/// Time `import` (parse, lower, check) of a generated Markdown document.
fn import_bench(a: &ImportArgs, ctx: &Context) -> anyhow::Result<Reply<'static>> {
    use skill_chains_core::load::import_markdown as import;
    use skill_chains_core::render::markdown::sample_document;
    let library: Vec<_> = ctx.catalog.library.workflows().collect();
    let doc = sample_document(&library, a.workflows, 5 * 1024 * 1024);
    let runs = a.runs.max(1);
    let bar = import_progress(ctx, runs as u64);
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        let start = std::time::Instant::now();
        let imported = import(&doc, &ctx.catalog.personas);
        times.push(start.elapsed().as_secs_f64());
        anyhow::ensure!(
            imported.workflows.len() == a.workflows,
            "the generated document imported {} workflows, not {}",
            imported.workflows.len(),
            a.workflows
        );
        bar.inc(1);
    }
    bar.finish_and_clear();
    times.sort_by(f64::total_cmp);
    let median = times[times.len() / 2];
    Ok(Reply::data(ImportBench {
        workflows: a.workflows,
        bytes: doc.len(),
        runs,
        median_seconds: median,
        min_seconds: times[0],
        mb_per_second: doc.len() as f64 / 1_048_576.0 / median.max(1e-9),
        target_seconds: 1.0,
        met: median < 1.0,
    }))
}

/// Progress over the timed runs, on a terminal only.
fn import_progress(ctx: &Context, len: u64) -> indicatif::ProgressBar {
    use std::io::IsTerminal;
    if ctx.json || !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    indicatif::ProgressBar::new(len).with_message("importing")
}
