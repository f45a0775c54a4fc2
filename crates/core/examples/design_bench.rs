//! Offline design and retrieval: speed, and a quick look at what they do.
//!
//! `cargo run --release -p skill-chains-core --example design_bench` times
//! index building, `suggest` and offline design over the evaluation set;
//! `... -- suggest "<situation>"` and `... -- design "<scenario>"` show one
//! result.

use std::time::Instant;

use skill_chains_core::catalog::Catalog;
use skill_chains_core::design::{DesignOptions, LibraryIndex, design, eval};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let catalog = Catalog::builtin();
    match args.first().map(String::as_str) {
        Some("suggest") => {
            let index = LibraryIndex::new(&catalog, Vec::new());
            for s in index.suggest(&args[1..].join(" "), 5) {
                let why: Vec<String> = s
                    .why
                    .iter()
                    .map(|w| {
                        format!(
                            "{}{}:{:?}",
                            w.term,
                            w.matched
                                .as_ref()
                                .map(|m| format!("→{m}"))
                                .unwrap_or_default(),
                            w.fields
                        )
                    })
                    .collect();
                println!("{:7.3}  {:40} {}", s.score, s.id, why.join(" "));
            }
        }
        Some("design") => {
            let d = design(&args[1..].join(" "), &catalog, &DesignOptions::default())
                .expect("a design");
            println!("{}", d.yaml);
            eprintln!("{:#?}", d.diagnostics);
        }
        _ => bench(&catalog),
    }
}

fn bench(catalog: &Catalog) {
    let set = eval::parse(eval::BUILTIN).expect("the built-in set reads");
    let scenarios: Vec<&str> = set.scenarios.iter().map(|s| s.scenario.as_str()).collect();
    let rounds = 20;
    let t = Instant::now();
    for _ in 0..rounds {
        std::hint::black_box(LibraryIndex::new(catalog, Vec::new()));
    }
    let build = t.elapsed().as_secs_f64() * 1000.0 / rounds as f64;
    let index = LibraryIndex::new(catalog, Vec::new());
    let t = Instant::now();
    for _ in 0..rounds {
        for s in &scenarios {
            std::hint::black_box(index.suggest(s, 5));
        }
    }
    let query = t.elapsed().as_secs_f64() * 1000.0 / (rounds * scenarios.len()) as f64;
    let t = Instant::now();
    for s in &scenarios {
        std::hint::black_box(design(s, catalog, &DesignOptions::default()).ok());
    }
    let one = t.elapsed().as_secs_f64() * 1000.0 / scenarios.len() as f64;
    let t = Instant::now();
    let report = eval::run(&set, catalog, &DesignOptions::default()).expect("eval runs");
    let all = t.elapsed().as_secs_f64() * 1000.0;
    let top1 = set
        .scenarios
        .iter()
        .filter(|c| {
            index
                .suggest(&c.scenario, 1)
                .first()
                .and_then(|s| s.category.clone())
                .as_deref()
                == Some(c.category.as_str())
        })
        .count();
    println!("| measure | value |\n| --- | --- |");
    println!(
        "| top suggestion in the scenario's category | {top1}/{} |",
        set.scenarios.len()
    );
    println!(
        "| library index build ({} workflows) | {build:.2} ms |",
        catalog.library.entries().len()
    );
    println!("| suggest, one situation | {query:.3} ms |");
    println!("| offline design incl. check, one scenario | {one:.1} ms |");
    println!(
        "| eval design, {} scenarios | {all:.0} ms |",
        scenarios.len()
    );
    println!(
        "| persona recall / precision | {:.3} / {:.3} |",
        report.overall.persona_recall, report.overall.persona_precision
    );
    println!("| phase coverage | {:.3} |", report.overall.phase_coverage);
    println!(
        "| designs passing check | {:.3} |",
        report.overall.pass_rate
    );
    let o = &report.overall;
    println!("| borrowed-step precision | {:.3} |", o.borrowed_precision);
    println!("| realism (P50 in range) | {:.3} |", o.realism);
    println!(
        "| unrealistic horizons flagged | {:.3} |",
        o.unrealistic_flagged
    );
    println!("| targets as criteria | {:.3} |", o.target_accuracy);
}
