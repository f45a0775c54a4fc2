//! The RCPSP solver on PSPLIB instance sets: the solve budget from the
//! options, every instance solved on a few threads and checked by the
//! independent feasibility checker, the per-set deviation table. The
//! instances and `reference.tsv` are read by the caller; this module only
//! orders, samples and solves them.

use std::time::{Duration, Instant};

use serde::Serialize;

use super::Progress;
use crate::plan::rcpsp::bench::{BenchTable, ReferenceRow, summarize};
use crate::plan::rcpsp::{Project, SolveOptions, solve_many};

/// Which instances to solve and with what budget.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PsplibOptions {
    /// Only these sets (all when empty).
    pub sets: Vec<String>,
    /// At most this many instances per set, evenly spread over the set.
    pub sample: Option<usize>,
    /// Budget per instance in generated schedules (default 5,000).
    pub schedules: Option<u64>,
    /// Budget per instance in seconds instead of schedules.
    pub time_per_instance: Option<f64>,
    /// Solver threads (default: all cores).
    pub threads: Option<usize>,
    /// Seed of the solver's random generator.
    pub seed: u64,
}

impl PsplibOptions {
    /// Whether instances of `set` are wanted.
    pub fn includes(&self, set: &str) -> bool {
        self.sets.is_empty() || self.sets.iter().any(|s| s == set)
    }

    /// The solver threads: the option, or every core; at least one.
    pub fn thread_count(&self) -> usize {
        self.threads
            .unwrap_or_else(|| {
                std::thread::available_parallelism()
                    .map(|n| n.get())
                    .unwrap_or(1)
            })
            .max(1)
    }

    /// The solver's options and the budget in words (`5000 schedules`, `2 s`).
    pub fn budget(&self) -> Result<(SolveOptions, String), PsplibBenchError> {
        match self.time_per_instance {
            Some(s) if s > 0.0 && s.is_finite() => Ok((
                SolveOptions {
                    max_schedules: u64::MAX,
                    time_limit: Some(Duration::from_secs_f64(s.min(3600.0))),
                    seed: self.seed,
                },
                format!("{s} s"),
            )),
            Some(s) => Err(PsplibBenchError::TimeBudget(s)),
            None => {
                let n = self.schedules.unwrap_or(5_000).max(1);
                Ok((
                    SolveOptions {
                        max_schedules: n,
                        time_limit: None,
                        seed: self.seed,
                    },
                    format!("{n} schedules"),
                ))
            }
        }
    }
}

/// Why the benchmark could not run.
#[derive(Debug, thiserror::Error)]
pub enum PsplibBenchError {
    #[error("--time-per-instance must be a positive number of seconds (got {0})")]
    TimeBudget(f64),
}

/// The benchmark's result: the per-set table and how it was obtained.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PsplibBench {
    pub budget: String,
    pub threads: usize,
    pub wall_seconds: f64,
    #[serde(flatten)]
    pub table: BenchTable,
    /// Instances that could not be read or solved.
    pub errors: Vec<String>,
}

impl PsplibBench {
    /// Schedules the independent checker rejected, over every set.
    pub fn infeasible(&self) -> usize {
        self.table.rows.iter().map(|r| r.infeasible).sum()
    }
}

/// `j301_1` -> (30, 1, 1): set size, parameter group, instance (and the
/// name itself, so the order is total).
pub fn natural_key(stem: &str) -> (u32, u32, u32, String) {
    let digits = |s: &str| s.chars().filter(char::is_ascii_digit).collect::<String>();
    let (head, inst) = stem.split_once('_').unwrap_or((stem, "0"));
    let head = digits(head);
    // j30 + group: the set size has two or three digits (j30, j60, j90, j120).
    let set_len = if head.starts_with("12") { 3 } else { 2 };
    let (set, group) = head.split_at(set_len.min(head.len()));
    (
        set.parse().unwrap_or(0),
        group.parse().unwrap_or(0),
        inst.parse().unwrap_or(0),
        stem.to_string(),
    )
}

/// Every `n`-th item so that at most `sample` remain, spread over the set.
pub fn spread<T: Clone>(items: Vec<T>, sample: Option<usize>) -> Vec<T> {
    match sample {
        Some(s) if s > 0 && s < items.len() => {
            (0..s).map(|k| items[k * items.len() / s].clone()).collect()
        }
        _ => items,
    }
}

/// Solve every `(name, project)` under the options' budget, check every
/// schedule and summarise against `reference`. `errors` are the instances
/// the caller could not read; the ones that cannot be solved follow them.
pub fn run(
    items: &[(String, Project)],
    reference: &[ReferenceRow],
    mut errors: Vec<String>,
    options: &PsplibOptions,
    progress: &mut dyn FnMut(Progress),
) -> Result<PsplibBench, PsplibBenchError> {
    let threads = options.thread_count();
    let (opts, budget) = options.budget()?;
    let total = items.len() as u64;
    let t0 = Instant::now();
    let mut results = Vec::with_capacity(items.len());
    let mut done = 0;
    // Chunks keep every thread busy while the progress moves.
    for chunk in items.chunks(threads * 4) {
        for (name, r) in solve_many(chunk, &opts, threads) {
            match r {
                Ok((_, res)) => results.push(res),
                Err(e) => errors.push(format!("{name}: {e}")),
            }
        }
        done += chunk.len() as u64;
        progress(Progress { done, total });
    }
    Ok(PsplibBench {
        budget,
        threads,
        wall_seconds: t0.elapsed().as_secs_f64(),
        table: summarize(&results, reference),
        errors,
    })
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;
    use crate::plan::rcpsp::{Activity, parse_reference};

    #[test]
    fn natural_order_of_instance_names() {
        let mut names = vec!["j3010_1", "j301_10", "j301_2", "j1201_1", "j12010_1"];
        names.sort_by_key(|n| natural_key(n));
        assert_eq!(
            names,
            ["j301_2", "j301_10", "j3010_1", "j1201_1", "j12010_1"]
        );
        let files: Vec<PathBuf> = (0..10).map(|k| PathBuf::from(format!("{k}"))).collect();
        let picked = spread(files, Some(3));
        assert_eq!(
            picked,
            [PathBuf::from("0"), PathBuf::from("3"), PathBuf::from("6")]
        );
    }

    #[test]
    fn the_budget_is_schedules_or_seconds() {
        let (opts, words) = PsplibOptions::default().budget().unwrap();
        assert_eq!((opts.max_schedules, opts.time_limit), (5_000, None));
        assert_eq!(words, "5000 schedules");
        let timed = PsplibOptions {
            time_per_instance: Some(0.5),
            seed: 7,
            ..PsplibOptions::default()
        };
        let (opts, words) = timed.budget().unwrap();
        assert_eq!(opts.time_limit, Some(Duration::from_millis(500)));
        assert_eq!((opts.seed, words.as_str()), (7, "0.5 s"));
        let bad = PsplibOptions {
            time_per_instance: Some(-1.0),
            ..PsplibOptions::default()
        };
        assert!(bad.budget().unwrap_err().to_string().contains("(got -1)"));
        assert!(PsplibOptions::default().includes("j60"));
        let only = PsplibOptions {
            sets: vec!["j30".into()],
            ..PsplibOptions::default()
        };
        assert!(only.includes("j30") && !only.includes("j60"));
    }

    #[test]
    fn a_small_project_is_solved_checked_and_summarised() {
        // Two activities in sequence on one resource of capacity 1: makespan 5.
        let activity = |duration, successors| Activity {
            duration,
            demands: vec![1],
            successors,
        };
        let project = Project {
            activities: vec![activity(2, vec![1]), activity(3, vec![])],
            capacities: vec![1],
        };
        let reference = parse_reference(
            "set\tinstance\tcpm_lb\tbest_known\toptimal\nj30\tj30/j301_1\t5\t5\t1\n",
        )
        .unwrap();
        let mut seen = Vec::new();
        let bench = run(
            &[("j30/j301_1".to_string(), project)],
            &reference,
            vec!["j30/j301_2.sm: unreadable".to_string()],
            &PsplibOptions {
                schedules: Some(50),
                threads: Some(1),
                ..PsplibOptions::default()
            },
            &mut |p| seen.push(p),
        )
        .unwrap();
        assert_eq!(seen, [Progress { done: 1, total: 1 }]);
        assert_eq!((bench.budget.as_str(), bench.threads), ("50 schedules", 1));
        assert_eq!(bench.table.rows[0].instances, 1);
        assert_eq!(bench.infeasible(), 0);
        assert_eq!(bench.errors, ["j30/j301_2.sm: unreadable"]);
    }
}
