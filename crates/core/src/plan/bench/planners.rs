//! The planners' speed on synthetic workflows generated in memory, against
//! the project's targets: CPM on 100,000 steps, 100,000 Monte Carlo runs of
//! a 100-step workflow, and a resource-levelled schedule of 2,000 steps for
//! 24 people in 12 persona teams (time and peak memory).

use std::time::Instant;

use serde::Serialize;

use super::{Progress, build, median};
use crate::plan::cpm::cpm;
use crate::plan::graph::StepGraph;
use crate::plan::montecarlo::{MonteCarloOptions, simulate};
use crate::plan::schedule::{ScheduleOptions, schedule};
use crate::plan::synthetic::{self, Spec};

/// What to measure.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PlannerOptions {
    /// Shrink every case by this factor (1 = the sizes of the targets),
    /// kept within 0.0001..=10.
    pub scale: f64,
    /// Runs of each case (at least one); the median is reported.
    pub runs: u32,
}

/// The process's peak memory, read by the caller: the library reads no
/// files, and how to read it depends on the platform.
pub trait PeakMemory {
    /// Start a new peak from now; false when the platform cannot.
    fn reset(&mut self) -> bool;
    /// The peak resident set since the last reset, in megabytes.
    fn peak_mb(&mut self) -> Option<f64>;
}

/// No memory reading: the memory row is left out.
pub struct NoMemory;

impl PeakMemory for NoMemory {
    fn reset(&mut self) -> bool {
        false
    }
    fn peak_mb(&mut self) -> Option<f64> {
        None
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlanBench {
    pub build: &'static str,
    pub rows: Vec<Row>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Row {
    pub case: String,
    pub size: String,
    /// Median wall time in milliseconds (or megabytes for memory rows).
    pub median: f64,
    pub unit: &'static str,
    /// The target in the same unit, when there is one.
    pub target: Option<f64>,
    pub met: Option<bool>,
}

/// Why the benchmark could not finish.
#[derive(Debug, thiserror::Error)]
pub enum PlannerBenchError {
    #[error("bench plan: scheduling the synthetic workflow failed: {0}")]
    Schedule(String),
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

/// Counts the timed runs for the progress callback.
struct Runs<'a> {
    done: u64,
    total: u64,
    progress: &'a mut dyn FnMut(Progress),
}

impl Runs<'_> {
    /// Median milliseconds of `f`, `runs` times.
    fn time_ms(&mut self, runs: u32, mut f: impl FnMut()) -> f64 {
        let times = (0..runs)
            .map(|_| {
                let t0 = Instant::now();
                f();
                let ms = t0.elapsed().as_secs_f64() * 1e3;
                self.done += 1;
                (self.progress)(Progress {
                    done: self.done,
                    total: self.total,
                });
                ms
            })
            .collect();
        median(times)
    }
}

/// Run every case: the schedule (and its peak memory), the step graph and
/// CPM on a large workflow, Monte Carlo on one thread and on all of them.
pub fn run(
    options: &PlannerOptions,
    memory: &mut dyn PeakMemory,
    progress: &mut dyn FnMut(Progress),
) -> Result<PlanBench, PlannerBenchError> {
    let scale = options.scale.clamp(0.0001, 10.0);
    let sized = |n: f64| ((n * scale).round() as usize).max(2);
    let runs = options.runs.max(1);
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    let monte_carlo_cases = if threads == 1 { 1 } else { 2 };
    let total = u64::from(runs.min(3)) + 1 + u64::from(runs) * (1 + monte_carlo_cases);
    let mut timer = Runs {
        done: 0,
        total,
        progress,
    };
    let mut rows = Vec::new();

    // Schedule first, so the memory reading is not inflated by the big CPM case.
    let spec = Spec::new(sized(2000.0), 10, 12, 1);
    let wf = synthetic::workflow(&spec);
    let team = synthetic::team(&spec, 2);
    let opts = ScheduleOptions::default();
    let measured_memory = memory.reset();
    let mut failure = None;
    let sched_ms = timer.time_ms(runs.min(3), || {
        let g = StepGraph::build(&wf);
        match schedule(&g, &team, &opts, None) {
            Ok(s) if s.feasible => {}
            Ok(_) => failure = Some("the solver returned an infeasible schedule".to_string()),
            Err(e) => failure = Some(e.to_string()),
        }
    });
    if let Some(f) = failure {
        return Err(PlannerBenchError::Schedule(f));
    }
    let size = format!("{} steps, 24 people in 12 personas", spec.steps);
    rows.push(row(
        "schedule (graph + RCPSP)",
        size.clone(),
        sched_ms,
        "ms",
        Some(200.0),
    ));
    if measured_memory && let Some(mb) = memory.peak_mb() {
        rows.push(row("schedule peak memory", size, mb, "MB", Some(50.0)));
    }

    let spec = Spec::new(sized(100_000.0), 20, 12, 2);
    let wf = synthetic::workflow(&spec);
    let mut graph = None;
    let build_ms = timer.time_ms(1, || graph = Some(StepGraph::build(&wf)));
    let graph = graph.unwrap_or_else(|| StepGraph::build(&wf));
    rows.push(row(
        "step graph build",
        format!("{} steps", spec.steps),
        build_ms,
        "ms",
        None,
    ));
    let means = graph.network().means();
    let cpm_ms = timer.time_ms(runs, || {
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
    for t in [1, threads] {
        let opts = MonteCarloOptions {
            iterations,
            threads: t,
            ..MonteCarloOptions::default()
        };
        let ms = timer.time_ms(runs, || {
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
    Ok(PlanBench {
        build: build(),
        rows,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Gauge;

    impl PeakMemory for Gauge {
        fn reset(&mut self) -> bool {
            true
        }
        fn peak_mb(&mut self) -> Option<f64> {
            Some(12.5)
        }
    }

    #[test]
    fn every_case_is_measured_and_progress_reaches_the_total() {
        let mut seen = Vec::new();
        let bench = run(
            &PlannerOptions {
                scale: 0.002,
                runs: 2,
            },
            &mut Gauge,
            &mut |p| seen.push(p),
        )
        .unwrap();
        let cases: Vec<&str> = bench.rows.iter().map(|r| r.case.as_str()).collect();
        assert_eq!(
            &cases[..4],
            [
                "schedule (graph + RCPSP)",
                "schedule peak memory",
                "step graph build",
                "CPM (early/late, slack, path)",
            ]
        );
        assert!(cases[4].starts_with("Monte Carlo, 1 thread"));
        let memory = &bench.rows[1];
        assert_eq!(
            (memory.unit, memory.median, memory.met),
            ("MB", 12.5, Some(true))
        );
        assert_eq!(bench.rows[2].met, None);
        let last = seen.last().copied().unwrap();
        assert_eq!(last.done, last.total);
        assert!(seen.windows(2).all(|w| w[1].done == w[0].done + 1));
    }

    #[test]
    fn without_a_gauge_there_is_no_memory_row() {
        let bench = run(
            &PlannerOptions {
                scale: 0.001,
                runs: 1,
            },
            &mut NoMemory,
            &mut |_| {},
        )
        .unwrap();
        assert!(bench.rows.iter().all(|r| r.unit == "ms"));
        assert!(bench.rows.iter().all(|r| r.median >= 0.0));
    }
}
