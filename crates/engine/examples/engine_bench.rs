//! The engine benchmark without the CLI: `cargo run --release -p
//! skill-chains-engine --example engine_bench [scale]` (the same scenarios as
//! `skill-chains bench engine`, printed as tab-separated rows).

fn main() {
    let scale = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(1.0);
    let dir = std::env::temp_dir().join(format!("engine-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary directory");
    let rows = skill_chains_engine::bench::run(&dir, scale);
    let _ = std::fs::remove_dir_all(&dir);
    match rows {
        Ok(rows) => {
            for r in rows {
                println!(
                    "{}\tsteps={}\tc={}\t{}\t{:.3}s\t{:.0}/s\t{} B\t{}\t{}",
                    r.scenario,
                    r.steps,
                    r.concurrency,
                    r.durability,
                    r.seconds,
                    r.steps_per_second,
                    r.store_bytes,
                    r.overhead_ms_per_step
                        .map(|o| format!("{o:.3} ms overhead"))
                        .unwrap_or_default(),
                    if r.met { "met" } else { "NOT met" }
                );
            }
        }
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
    }
}
