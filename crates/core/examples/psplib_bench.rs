//! Benchmark the RCPSP solver on a PSPLIB folder.
//!
//! `cargo run --release -p skill-chains-core --example psplib_bench -- \
//!     <dir with .sm files> <reference.tsv> [schedules] [every-nth] [threads] [seed]`

use std::time::Instant;

use skill_chains_core::plan::rcpsp::{SolveOptions, bench, parse_psplib};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 3 {
        eprintln!(
            "usage: psplib_bench <dir> <reference.tsv> [schedules] [every-nth] [threads] [seed]"
        );
        std::process::exit(2);
    }
    let arg = |i: usize, default: u64| args.get(i).and_then(|s| s.parse().ok()).unwrap_or(default);
    let schedules = arg(3, 50_000);
    let every = arg(4, 1).max(1) as usize;
    let threads = arg(5, 2) as usize;
    let seed = arg(6, 0);
    let reference =
        bench::parse_reference(&std::fs::read_to_string(&args[2]).expect("read reference"))
            .expect("parse reference");
    let mut files: Vec<_> = std::fs::read_dir(&args[1])
        .expect("read dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "sm"))
        .collect();
    // Natural order: group number, then instance number.
    files.sort_by_key(|p| {
        let s = p.file_stem().unwrap().to_string_lossy().to_string();
        let (a, b) = s.split_once('_').unwrap_or((&s, "0"));
        let digits: String = a.chars().skip(3).collect();
        (
            digits.parse::<u32>().unwrap_or(0),
            b.parse::<u32>().unwrap_or(0),
            s,
        )
    });
    let items: Vec<(String, _)> = files
        .iter()
        .step_by(every)
        .map(|p| {
            let text = std::fs::read_to_string(p).expect("read instance");
            let project = parse_psplib(&text).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            (
                p.file_stem().unwrap().to_string_lossy().to_string(),
                project,
            )
        })
        .collect();
    let opts = SolveOptions {
        max_schedules: schedules,
        time_limit: None,
        seed,
    };
    let t0 = Instant::now();
    let solved = bench::solve_many(&items, &opts, threads);
    let wall = t0.elapsed();
    let mut results = Vec::new();
    for (name, r) in solved {
        match r {
            Ok((_, res)) => results.push(res),
            Err(e) => eprintln!("{name}: {e}"),
        }
    }
    if std::env::var_os("VERBOSE").is_some() {
        for r in &results {
            println!("{}\t{}", r.name, r.makespan);
        }
    }
    let table = bench::summarize(&results, &reference);
    println!(
        "{:<5} {:>5} {:>8} {:>9} {:>9} {:>6} {:>5} {:>9} {:>9} {:>10}",
        "set", "inst", "basis", "dev%", "devBK%", "atBK", "infs", "mean ms", "max ms", "schedules"
    );
    for r in &table.rows {
        println!(
            "{:<5} {:>5} {:>8} {:>9.3} {:>9.3} {:>6} {:>5} {:>9.1} {:>9.1} {:>10.0}",
            r.set,
            r.instances,
            r.basis,
            r.mean_deviation_pct,
            r.mean_deviation_best_known_pct,
            r.at_best_known,
            r.infeasible,
            r.mean_time_ms,
            r.max_time_ms,
            r.mean_schedules
        );
    }
    println!("wall time {:.1} s on {threads} threads", wall.as_secs_f64());
}
