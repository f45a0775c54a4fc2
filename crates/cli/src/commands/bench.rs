//! `bench <area>`: measured performance, printed as a table (`--json` for data).
//!
//! `bench engine`: the run engine's steps per second (no-op executor, both
//! durability modes), parallel branches under concurrency, store size per
//! step, and overhead per LLM step against a loopback mock server.

use std::fmt::{self, Write};
use std::process::ExitCode;

use serde::Serialize;
use skill_chains_engine::bench::BenchRow;

use crate::context::Context;
use crate::output::{Human, Out};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub area: BenchArea,
}

#[derive(Debug, clap::Subcommand)]
pub enum BenchArea {
    /// The run engine: steps/s, store size, LLM-step overhead.
    Engine(EngineArgs),
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

pub fn exec(args: Args, ctx: &Context) -> anyhow::Result<ExitCode> {
    match args.area {
        BenchArea::Engine(a) => {
            let dir =
                std::env::temp_dir().join(format!("skill-chains-bench-{}", std::process::id()));
            std::fs::create_dir_all(&dir)?;
            if !ctx.json {
                eprintln!("running the engine benchmark (a few seconds)…");
            }
            let rows = skill_chains_engine::bench::run(&dir, a.scale.clamp(0.01, 10.0));
            let _ = std::fs::remove_dir_all(&dir);
            ctx.emit(&EngineBench { rows: rows? })?;
            Ok(ExitCode::SUCCESS)
        }
    }
}
