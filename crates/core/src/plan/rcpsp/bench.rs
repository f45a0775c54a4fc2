//! Pure helpers for benchmarking against PSPLIB: read `reference.tsv`,
//! solve many instances on a few threads, summarise per set.
//!
//! Deviation follows the literature: for `j30` it is measured from the
//! best known makespan (the proven optimum); for the other sets from the
//! critical-path lower bound `cpm_lb`.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use serde::Serialize;

use super::feasibility::check_schedule;
use super::{Project, RcpspError, SolveOptions, SolveReport, solve};

/// One row of `reference.tsv`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReferenceRow {
    pub set: String,
    /// Path without `.sm`, e.g. `j30/j301_1`.
    pub instance: String,
    pub cpm_lb: u32,
    pub best_known: u32,
    pub optimal: bool,
}

impl ReferenceRow {
    /// The file stem, e.g. `j301_1`, used to match results.
    pub fn stem(&self) -> &str {
        stem(&self.instance)
    }
}

fn stem(name: &str) -> &str {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    base.strip_suffix(".sm").unwrap_or(base)
}

/// Parse `reference.tsv` (tab-separated, with a header line
/// `set instance cpm_lb best_known optimal`).
pub fn parse_reference(text: &str) -> Result<Vec<ReferenceRow>, RcpspError> {
    let mut rows = Vec::new();
    for (idx, line) in text.lines().enumerate() {
        let line_no = idx + 1;
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() || (idx == 0 && line.starts_with("set")) {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() != 5 {
            return Err(RcpspError::Parse {
                line: line_no,
                message: format!("expected 5 tab-separated columns, found {}", cols.len()),
            });
        }
        let num = |i: usize, what: &str| {
            cols[i]
                .trim()
                .parse::<u32>()
                .map_err(|_| RcpspError::Parse {
                    line: line_no,
                    message: format!("{what} `{}` is not a number", cols[i]),
                })
        };
        rows.push(ReferenceRow {
            set: cols[0].trim().to_string(),
            instance: cols[1].trim().to_string(),
            cpm_lb: num(2, "cpm_lb")?,
            best_known: num(3, "best_known")?,
            optimal: num(4, "optimal")? != 0,
        });
    }
    Ok(rows)
}

/// The outcome of one benchmark instance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InstanceResult {
    /// Instance name: a path or file name whose stem matches the reference
    /// (`j30/j301_1`, `j301_1.sm`, ...).
    pub name: String,
    pub makespan: u32,
    pub schedules: u64,
    pub elapsed: Duration,
    /// Whether the independent checker accepted the schedule.
    pub feasible: bool,
}

/// Per-set summary.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BenchRow {
    pub set: String,
    pub instances: usize,
    /// What the deviation is measured from: `optimum` / `best_known` or
    /// `cpm_lb`.
    pub basis: String,
    /// Mean of (makespan - basis) / basis, in percent.
    pub mean_deviation_pct: f64,
    /// Mean deviation from the best known makespans, in percent.
    pub mean_deviation_best_known_pct: f64,
    /// Instances whose makespan is at (or below) the best known.
    pub at_best_known: usize,
    pub infeasible: usize,
    pub mean_time_ms: f64,
    pub max_time_ms: f64,
    pub mean_schedules: f64,
}

/// The benchmark table: one row per set, plus results without reference.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BenchTable {
    pub rows: Vec<BenchRow>,
    /// Names of results that matched no reference row.
    pub unmatched: Vec<String>,
}

/// Summarise `results` against `reference`, one row per set (in order of
/// first appearance in `reference`).
pub fn summarize(results: &[InstanceResult], reference: &[ReferenceRow]) -> BenchTable {
    let by_stem: HashMap<&str, &ReferenceRow> = reference.iter().map(|r| (r.stem(), r)).collect();
    let mut order: Vec<&str> = Vec::new();
    for r in reference {
        if !order.contains(&r.set.as_str()) {
            order.push(&r.set);
        }
    }
    let mut groups: HashMap<&str, Vec<(&InstanceResult, &ReferenceRow)>> = HashMap::new();
    let mut unmatched = Vec::new();
    for res in results {
        match by_stem.get(stem(&res.name)) {
            Some(r) => groups.entry(r.set.as_str()).or_default().push((res, r)),
            None => unmatched.push(res.name.clone()),
        }
    }
    let rows = order
        .into_iter()
        .filter_map(|set| {
            let g = groups.get(set)?;
            let optimum_basis = set == "j30" || g.iter().all(|(_, r)| r.optimal);
            let dev = |ms: u32, base: u32| {
                100.0 * (f64::from(ms) - f64::from(base)) / f64::from(base.max(1))
            };
            let count = g.len() as f64;
            let mean = |f: &dyn Fn(&(&InstanceResult, &ReferenceRow)) -> f64| {
                g.iter().map(f).sum::<f64>() / count
            };
            Some(BenchRow {
                set: set.to_string(),
                instances: g.len(),
                basis: if optimum_basis { "optimum" } else { "cpm_lb" }.to_string(),
                mean_deviation_pct: mean(&|(res, r)| {
                    dev(
                        res.makespan,
                        if optimum_basis {
                            r.best_known
                        } else {
                            r.cpm_lb
                        },
                    )
                }),
                mean_deviation_best_known_pct: mean(&|(res, r)| dev(res.makespan, r.best_known)),
                at_best_known: g
                    .iter()
                    .filter(|(res, r)| res.makespan <= r.best_known)
                    .count(),
                infeasible: g.iter().filter(|(res, _)| !res.feasible).count(),
                mean_time_ms: mean(&|(res, _)| res.elapsed.as_secs_f64() * 1e3),
                max_time_ms: g
                    .iter()
                    .map(|(res, _)| res.elapsed.as_secs_f64() * 1e3)
                    .fold(0.0, f64::max),
                mean_schedules: mean(&|(res, _)| res.schedules as f64),
            })
        })
        .collect();
    BenchTable { rows, unmatched }
}

/// The report and benchmark result of one instance, or why it failed.
pub type SolveOutcome = Result<(SolveReport, InstanceResult), RcpspError>;

/// Solve every `(name, project)` with `opts` on `threads` threads (at least
/// one), checking each schedule with the independent checker. Results come
/// back in input order; a project that cannot be scheduled yields its error.
pub fn solve_many(
    items: &[(String, Project)],
    opts: &SolveOptions,
    threads: usize,
) -> Vec<(String, SolveOutcome)> {
    let threads = threads.clamp(1, items.len().max(1));
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut slots: Vec<Option<SolveOutcome>> = vec![None; items.len()];
    let results = std::sync::Mutex::new(&mut slots);
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let Some((name, project)) = items.get(i) else {
                        break;
                    };
                    let t0 = Instant::now();
                    let out = solve(project, opts, None).map(|rep| {
                        let elapsed = t0.elapsed();
                        let feasible = check_schedule(project, &rep.schedule).is_ok();
                        let res = InstanceResult {
                            name: name.clone(),
                            makespan: rep.schedule.makespan,
                            schedules: rep.schedules_generated,
                            elapsed,
                            feasible,
                        };
                        (rep, res)
                    });
                    if let Ok(mut guard) = results.lock() {
                        guard[i] = Some(out);
                    }
                }
            });
        }
    });
    items
        .iter()
        .zip(slots)
        .map(|((name, _), r)| {
            let r = r.unwrap_or(Err(RcpspError::Parse {
                line: 0,
                message: "instance was not solved".to_string(),
            }));
            (name.clone(), r)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const REF: &str = "set\tinstance\tcpm_lb\tbest_known\toptimal\n\
j30\tj30/j301_1\t38\t43\t1\n\
j30\tj30/j301_2\t42\t47\t1\n\
j120\tj120/j1201_1\t100\t105\t0\n";

    fn res(name: &str, makespan: u32) -> InstanceResult {
        InstanceResult {
            name: name.to_string(),
            makespan,
            schedules: 1000,
            elapsed: Duration::from_millis(10),
            feasible: true,
        }
    }

    #[test]
    fn reference_parses_and_summary_uses_the_right_basis() {
        let refs = parse_reference(REF).unwrap();
        assert_eq!(refs.len(), 3);
        assert_eq!(refs[2].stem(), "j1201_1");
        let table = summarize(
            &[
                res("j301_1.sm", 43),
                res("x/j301_2", 47 + 47),
                res("j1201_1", 110),
                res("zzz", 1),
            ],
            &refs,
        );
        assert_eq!(table.unmatched, vec!["zzz".to_string()]);
        assert_eq!(table.rows.len(), 2);
        let j30 = &table.rows[0];
        assert_eq!(
            (j30.set.as_str(), j30.instances, j30.at_best_known),
            ("j30", 2, 1)
        );
        assert!((j30.mean_deviation_pct - 50.0).abs() < 1e-9);
        let j120 = &table.rows[1];
        assert_eq!(j120.basis, "cpm_lb");
        assert!((j120.mean_deviation_pct - 10.0).abs() < 1e-9);
        assert!((j120.mean_time_ms - 10.0).abs() < 1e-9);
        assert!(parse_reference("set\tx\nj30\ta\t1\t2\n").is_err());
    }
}
