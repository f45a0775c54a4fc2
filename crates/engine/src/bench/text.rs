//! The engine's benchmarks as text for a terminal: `bench engine` and
//! `bench import`. Layout and colour only: every figure comes from the data.

use std::fmt::{self, Write};

use skill_chains_core::render::text::{Human, Out};

use super::EngineBench;
use super::import::ImportBench;

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bench::BenchRow;

    #[test]
    fn engine_rows_show_overhead_and_store_size() {
        let bench = EngineBench {
            rows: vec![BenchRow {
                scenario: "linear chain, anthropic (mock)".into(),
                steps: 10,
                concurrency: 1,
                durability: "normal".into(),
                seconds: 0.5,
                steps_per_second: 20.0,
                store_bytes: 2 * 1_048_576,
                overhead_ms_per_step: Some(0.25),
                target: "< 1 ms overhead per step".into(),
                met: true,
            }],
        };
        let mut out = Out::new(false);
        bench.human(&mut out).unwrap();
        assert!(out.text.contains("20 (0.250 ms overhead)"));
        assert!(out.text.contains("2.00 MB") && out.text.contains("yes"));
    }

    #[test]
    fn import_row_shows_the_target() {
        let bench = ImportBench {
            workflows: 12,
            bytes: 1_048_576,
            runs: 1,
            median_seconds: 2.0,
            min_seconds: 2.0,
            mb_per_second: 0.5,
            target_seconds: 1.0,
            met: false,
        };
        let mut out = Out::new(false);
        bench.human(&mut out).unwrap();
        assert!(out.text.contains("1.00 MB") && out.text.contains("< 1 s"));
        assert!(out.text.contains("2.000 s") && out.text.contains("no"));
    }
}
