//! `bench psplib <dir>`: the RCPSP solver on the PSPLIB benchmark sets.
//! Reads every `.sm` instance under the directory (its sets `j30/`, `j60/`
//! ... or the files themselves) and `reference.tsv`, solves them on a few
//! threads, checks every schedule with the independent feasibility checker
//! and prints the per-set deviation table.

use std::fmt::{self, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Context as _, bail};
use comfy_table::{Table, presets::UTF8_BORDERS_ONLY};
use serde::Serialize;
use skill_chains_core::plan::rcpsp::bench::{BenchTable, parse_reference, summarize};
use skill_chains_core::plan::rcpsp::{Project, SolveOptions, parse_psplib, solve_many};

use crate::context::Context;
use crate::load;
use crate::output::{Failed, Human, Out, Reply};
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

#[derive(Serialize)]
struct Report {
    budget: String,
    threads: usize,
    wall_seconds: f64,
    #[serde(flatten)]
    table: BenchTable,
    /// Instances that could not be read or solved.
    errors: Vec<String>,
}

impl Human for Report {
    fn human(&self, out: &mut Out) -> fmt::Result {
        let mut table = Table::new();
        table.load_style(UTF8_BORDERS_ONLY);
        table.set_header([
            "set",
            "inst",
            "basis",
            "dev %",
            "dev best %",
            "at best",
            "infeasible",
            "mean ms",
            "max ms",
            "schedules",
        ]);
        for r in &self.table.rows {
            table.add_row([
                r.set.clone(),
                r.instances.to_string(),
                r.basis.clone(),
                format!("{:.2}", r.mean_deviation_pct),
                format!("{:.2}", r.mean_deviation_best_known_pct),
                r.at_best_known.to_string(),
                r.infeasible.to_string(),
                format!("{:.1}", r.mean_time_ms),
                format!("{:.1}", r.max_time_ms),
                format!("{:.0}", r.mean_schedules),
            ]);
        }
        writeln!(out, "{table}")?;
        writeln!(
            out,
            "{}",
            out.dim(&format!(
                "budget {} per instance · {} threads · wall {:.2} s · dev %: mean deviation from the optimum (j30) or the critical-path bound (larger sets); dev best %: from the best known",
                self.budget, self.threads, self.wall_seconds
            ))
        )?;
        if !self.table.unmatched.is_empty() {
            writeln!(
                out,
                "{}",
                out.accent(&format!(
                    "not in reference.tsv: {}",
                    self.table.unmatched.join(", ")
                ))
            )?;
        }
        for e in &self.errors {
            writeln!(out, "{} {e}", out.bad("error:"))?;
        }
        Ok(())
    }
}

/// `j301_1` -> (30, 1, 1): set size, parameter group, instance.
fn natural_key(stem: &str) -> (u32, u32, u32, String) {
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

/// The `.sm` files of each set: `(set name, files in natural order)`.
fn instance_sets(dir: &Path) -> anyhow::Result<Vec<(String, Vec<PathBuf>)>> {
    let sm_files = |d: &Path| -> anyhow::Result<Vec<PathBuf>> {
        let mut files: Vec<PathBuf> = std::fs::read_dir(d)
            .with_context(|| format!("cannot read {}", d.display()))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "sm"))
            .collect();
        files.sort_by_key(|p| natural_key(&p.file_stem().unwrap_or_default().to_string_lossy()));
        Ok(files)
    };
    let name_of = |d: &Path| {
        d.file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .to_string()
    };
    let own = sm_files(dir)?;
    if !own.is_empty() {
        return Ok(vec![(name_of(dir), own)]);
    }
    let mut subdirs: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("cannot read {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    subdirs.sort_by_key(|p| natural_key(&name_of(p)));
    let mut sets = Vec::new();
    for d in subdirs {
        let files = sm_files(&d)?;
        if !files.is_empty() {
            sets.push((name_of(&d), files));
        }
    }
    Ok(sets)
}

/// Every `n`-th file so that at most `sample` remain, spread over the set.
fn spread(files: Vec<PathBuf>, sample: Option<usize>) -> Vec<PathBuf> {
    match sample {
        Some(s) if s > 0 && s < files.len() => {
            (0..s).map(|k| files[k * files.len() / s].clone()).collect()
        }
        _ => files,
    }
}

pub fn exec(args: PsplibArgs, ctx: &Context) -> anyhow::Result<Reply<'static>> {
    let dir = &args.dir;
    if !dir.is_dir() {
        bail!(
            "{} is not a directory\nhelp: name the PSPLIB folder holding j30/, j60/, ... and reference.tsv",
            dir.display()
        );
    }
    let reference_path = [dir.join("reference.tsv"), dir.join("../reference.tsv")]
        .into_iter()
        .find(|p| p.is_file())
        .with_context(|| format!("no reference.tsv in {} or its parent", dir.display()))?;
    let reference = parse_reference(&load::read_text(&reference_path)?)
        .with_context(|| format!("{}", reference_path.display()))?;
    let mut errors = Vec::new();
    let mut items: Vec<(String, Project)> = Vec::new();
    for (set, files) in instance_sets(dir)? {
        if !args.sets.is_empty() && !args.sets.contains(&set) {
            continue;
        }
        for path in spread(files, args.sample) {
            let name = format!(
                "{set}/{}",
                path.file_stem().unwrap_or_default().to_string_lossy()
            );
            match load::read_text(&path).map(|t| parse_psplib(&t)) {
                Ok(Ok(project)) => items.push((name, project)),
                Ok(Err(e)) => errors.push(format!("{}: {e}", path.display())),
                Err(e) => errors.push(format!("{e}")),
            }
        }
    }
    if items.is_empty() {
        bail!(
            "no .sm instances found under {}{}",
            dir.display(),
            if args.sets.is_empty() {
                String::new()
            } else {
                format!(" for sets {}", args.sets.join(", "))
            }
        );
    }
    let threads = args
        .threads
        .unwrap_or_else(|| {
            std::thread::available_parallelism()
                .map(|n| n.get())
                .unwrap_or(1)
        })
        .max(1);
    let (opts, budget) = match args.time_per_instance {
        Some(s) if s > 0.0 && s.is_finite() => (
            SolveOptions {
                max_schedules: u64::MAX,
                time_limit: Some(Duration::from_secs_f64(s.min(3600.0))),
                seed: args.seed,
            },
            format!("{s} s"),
        ),
        Some(s) => bail!("--time-per-instance must be a positive number of seconds (got {s})"),
        None => {
            let n = args.schedules.unwrap_or(5_000).max(1);
            (
                SolveOptions {
                    max_schedules: n,
                    time_limit: None,
                    seed: args.seed,
                },
                format!("{n} schedules"),
            )
        }
    };
    let bar = progress::bar(ctx, items.len() as u64, "solving PSPLIB");
    let t0 = Instant::now();
    let mut results = Vec::with_capacity(items.len());
    // Chunks keep every thread busy while the bar moves.
    for chunk in items.chunks(threads * 4) {
        for (name, r) in solve_many(chunk, &opts, threads) {
            match r {
                Ok((_, res)) => results.push(res),
                Err(e) => errors.push(format!("{name}: {e}")),
            }
        }
        bar.inc(chunk.len() as u64);
    }
    bar.finish_and_clear();
    let table = summarize(&results, &reference);
    let infeasible: usize = table.rows.iter().map(|r| r.infeasible).sum();
    let outcome = Reply::data(Report {
        budget,
        threads,
        wall_seconds: t0.elapsed().as_secs_f64(),
        table,
        errors,
    });
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
