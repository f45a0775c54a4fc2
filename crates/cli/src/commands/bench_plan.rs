//! `bench plan`: the planners' speed on synthetic workflows generated in
//! memory, against the project's targets: CPM on 100,000 steps, 100,000
//! Monte Carlo runs of a 100-step workflow, and a resource-levelled schedule
//! of 2,000 steps for 24 people in 12 persona teams (time and peak memory).

use std::fmt::{self, Write};
use std::time::Instant;

use comfy_table::{Table, presets::UTF8_BORDERS_ONLY};
use serde::Serialize;
use skill_chains_core::plan::cpm::cpm;
use skill_chains_core::plan::graph::StepGraph;
use skill_chains_core::plan::montecarlo::{MonteCarloOptions, simulate};
use skill_chains_core::plan::schedule::{ScheduleOptions, schedule};
use skill_chains_core::plan::synthetic::{self, Spec};

use crate::context::Context;
use crate::output::{Human, Out, Reply};
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

#[derive(Serialize)]
struct PlanBench {
    build: &'static str,
    rows: Vec<Row>,
}

#[derive(Serialize)]
struct Row {
    case: String,
    size: String,
    /// Median wall time in milliseconds (or megabytes for memory rows).
    median: f64,
    unit: &'static str,
    /// The target in the same unit, when there is one.
    target: Option<f64>,
    met: Option<bool>,
}

impl Human for PlanBench {
    fn human(&self, out: &mut Out) -> fmt::Result {
        let mut table = Table::new();
        table.load_style(UTF8_BORDERS_ONLY);
        table.set_header(["case", "size", "median", "target", "met"]);
        for r in &self.rows {
            table.add_row([
                r.case.clone(),
                r.size.clone(),
                format!("{:.1} {}", r.median, r.unit),
                r.target
                    .map(|t| format!("< {t} {}", r.unit))
                    .unwrap_or_default(),
                match r.met {
                    Some(true) => "yes".to_string(),
                    Some(false) => "NO".to_string(),
                    None => String::new(),
                },
            ]);
        }
        writeln!(out, "{table}")?;
        writeln!(
            out,
            "{}",
            out.dim(&format!(
                "{} build; medians of the runs; peak memory is the process's peak resident set during the schedule case",
                self.build
            ))
        )
    }
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// Milliseconds of `f`, `runs` times.
fn time_ms(runs: u32, bar: &indicatif::ProgressBar, mut f: impl FnMut()) -> f64 {
    let times = (0..runs)
        .map(|_| {
            let t0 = Instant::now();
            f();
            bar.inc(1);
            t0.elapsed().as_secs_f64() * 1e3
        })
        .collect();
    median(times)
}

/// Reset the peak resident set (Linux), so the next reading covers what follows.
fn reset_peak_memory() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}

/// Peak resident set in megabytes (Linux `VmHWM`).
fn peak_memory_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

fn row(case: &str, size: String, median: f64, unit: &'static str, target: Option<f64>) -> Row {
    Row {
        case: case.to_string(),
        size,
        median,
        unit,
        target,
        met: target.map(|t| median < t),
    }
}

pub fn exec(args: PlanArgs, ctx: &Context) -> anyhow::Result<Reply<'static>> {
    let scale = args.scale.clamp(0.0001, 10.0);
    let sized = |n: f64| ((n * scale).round() as usize).max(2);
    let runs = args.runs;
    let bar = progress::bar(ctx, u64::from(runs) * 5, "benchmarking the planners");
    let mut rows = Vec::new();

    // Schedule first, so the memory reading is not inflated by the big CPM case.
    let spec = Spec::new(sized(2000.0), 10, 12, 1);
    let wf = synthetic::workflow(&spec);
    let team = synthetic::team(&spec, 2);
    let opts = ScheduleOptions::default();
    let measured_memory = reset_peak_memory();
    let mut failure = None;
    let sched_ms = time_ms(runs.min(3), &bar, || {
        let g = StepGraph::build(&wf);
        match schedule(&g, &team, &opts, None) {
            Ok(s) if s.feasible => {}
            Ok(_) => failure = Some("the solver returned an infeasible schedule".to_string()),
            Err(e) => failure = Some(e.to_string()),
        }
    });
    if let Some(f) = failure {
        anyhow::bail!("bench plan: scheduling the synthetic workflow failed: {f}");
    }
    let size = format!("{} steps, 24 people in 12 personas", spec.steps);
    rows.push(row(
        "schedule (graph + RCPSP)",
        size.clone(),
        sched_ms,
        "ms",
        Some(200.0),
    ));
    if measured_memory && let Some(mb) = peak_memory_mb() {
        rows.push(row("schedule peak memory", size, mb, "MB", Some(50.0)));
    }

    let spec = Spec::new(sized(100_000.0), 20, 12, 2);
    let wf = synthetic::workflow(&spec);
    let mut graph = None;
    let build_ms = time_ms(1, &bar, || graph = Some(StepGraph::build(&wf)));
    let graph = graph.unwrap_or_else(|| StepGraph::build(&wf));
    rows.push(row(
        "step graph build",
        format!("{} steps", spec.steps),
        build_ms,
        "ms",
        None,
    ));
    let means = graph.network().means();
    let cpm_ms = time_ms(runs, &bar, || {
        std::hint::black_box(cpm(graph.network(), &means));
    });
    rows.push(row(
        "CPM (early/late, slack, path)",
        format!("{} steps, {} arcs", spec.steps, graph.network().arc_count()),
        cpm_ms,
        "ms",
        Some(100.0),
    ));

    let spec = Spec::new(100, 5, 12, 3);
    let graph = StepGraph::build(&synthetic::workflow(&spec));
    let iterations = sized(100_000.0) as u32;
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    for t in [1, threads] {
        let opts = MonteCarloOptions {
            iterations,
            threads: t,
            ..MonteCarloOptions::default()
        };
        let ms = time_ms(runs, &bar, || {
            std::hint::black_box(simulate(graph.network(), &opts, None));
        });
        rows.push(row(
            &format!("Monte Carlo, {t} thread{}", if t == 1 { "" } else { "s" }),
            format!("{} steps x {iterations} runs", spec.steps),
            ms,
            "ms",
            Some(300.0),
        ));
        if threads == 1 {
            break;
        }
    }
    bar.finish_and_clear();
    Ok(Reply::data(PlanBench {
        build: if cfg!(debug_assertions) {
            "debug"
        } else {
            "release"
        },
        rows,
    }))
}
