//! The planning benchmarks as text for a terminal: `bench plan` and
//! `bench psplib` (their data is in `plan::bench`). Layout and colour only.

use std::fmt::{self, Write};

use comfy_table::{Table, presets::UTF8_BORDERS_ONLY};

use crate::plan::bench::planners::PlanBench;
use crate::plan::bench::psplib::PsplibBench;
use crate::render::text::{Human, Out};

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

impl Human for PsplibBench {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::bench::planners::Row;
    use crate::plan::rcpsp::bench::BenchTable;

    #[test]
    fn plan_rows_show_their_target_and_verdict() {
        let bench = PlanBench {
            build: "debug",
            rows: vec![Row {
                case: "CPM".into(),
                size: "10 steps".into(),
                median: 120.04,
                unit: "ms",
                target: Some(100.0),
                met: Some(false),
            }],
        };
        let mut out = Out::new(false);
        bench.human(&mut out).unwrap();
        assert!(out.text.contains("120.0 ms") && out.text.contains("< 100 ms"));
        assert!(out.text.contains("NO") && out.text.contains("debug build"));
    }

    #[test]
    fn psplib_lists_unmatched_instances_and_errors() {
        let bench = PsplibBench {
            budget: "50 schedules".into(),
            threads: 2,
            wall_seconds: 0.5,
            table: BenchTable {
                rows: Vec::new(),
                unmatched: vec!["zzz".into()],
            },
            errors: vec!["j30/x.sm: bad".into()],
        };
        let mut out = Out::new(false);
        bench.human(&mut out).unwrap();
        assert!(
            out.text
                .contains("budget 50 schedules per instance · 2 threads")
        );
        assert!(out.text.contains("not in reference.tsv: zzz"));
        assert!(out.text.contains("error: j30/x.sm: bad"));
    }
}
