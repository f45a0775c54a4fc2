//! The planning reports of a program as text for a terminal (`dependency`,
//! `timeline` and `parallel` of a program; their data is in
//! `compose::report`). Layout and colour only.

use std::fmt::{self, Write};

use comfy_table::{Table, presets::UTF8_BORDERS_ONLY};

use super::plan::delivered;
use crate::compose::report::{DependencyReport, ParallelReport, TimelineReport};
use crate::duration::Calendar;
use crate::plan::report::words::{sampling_name, time};
use crate::render::text::{Human, Out, fit};

fn t(minutes: f64) -> String {
    time(minutes, Calendar::Business)
}

impl Human for DependencyReport {
    fn human(&self, out: &mut Out) -> fmt::Result {
        writeln!(
            out,
            "{}",
            out.bold(&format!(
                "{}: critical path across workflows (expected durations)",
                self.name
            ))
        )?;
        let mut table = Table::new();
        table.load_style(UTF8_BORDERS_ONLY);
        table.set_header([
            "",
            "workflow",
            "early start → finish",
            "late finish",
            "slack",
        ]);
        for s in &self.workflows {
            table.add_row([
                if s.critical { "●" } else { "" }.to_string(),
                format!("{} ({})", s.id, s.workflow),
                format!("{} → {}", t(s.early_start), t(s.early_finish)),
                t(s.late_finish),
                t(s.slack),
            ]);
        }
        writeln!(out, "{table}")?;
        writeln!(
            out,
            "{}",
            out.bold(&format!("Critical path ({}):", t(self.finish)))
        )?;
        for (who, items) in &self.path_runs {
            writeln!(
                out,
                "  {} {}",
                out.accent(&format!("{who}:")),
                out.bad(&items.join(" → "))
            )?;
        }
        writeln!(
            out,
            "{}",
            out.dim("● has activities on the critical path · slack: how late the workflow may finish without moving the program's end")
        )
    }
}

impl Human for TimelineReport {
    fn human(&self, out: &mut Out) -> fmt::Result {
        writeln!(
            out,
            "{}",
            out.bold(&format!("{}: timeline of the program", self.name))
        )?;
        writeln!(
            out,
            "{} expected {}, σ {} along the critical path",
            out.bold("PERT:"),
            t(self.pert_mean),
            t(self.pert_sd)
        )?;
        writeln!(
            out,
            "{} {} runs ({}, seed {})",
            out.bold("Monte Carlo:"),
            self.iterations,
            sampling_name(self.sampling),
            self.seed
        )?;
        writeln!(
            out,
            "  P50 {} · P80 {} · P95 {}   {}",
            out.bold(&t(self.p50)),
            out.bold(&t(self.p80)),
            out.bold(&t(self.p95)),
            out.dim(&format!(
                "(mean {}, range {} to {})",
                t(self.mean),
                t(self.min),
                t(self.max)
            ))
        )?;
        if let (Some(d), Some(p)) = (self.deadline, self.deadline_probability) {
            writeln!(
                out,
                "  Deadline {}: {:.0}% of runs finish by it",
                t(d),
                p * 100.0
            )?;
        }
        writeln!(
            out,
            "\n{} {}",
            out.heading("Workflows"),
            out.dim("(each one's finish inside the program; share of runs in which it is on the critical path)")
        )?;
        for w in &self.workflows {
            let bar = "█".repeat((w.criticality * 20.0).round() as usize);
            writeln!(
                out,
                "  {} P50 {:>7} · P80 {:>7} · P95 {:>7}  {:>4.0}% {bar}",
                fit(&w.id, 18),
                t(w.p50),
                t(w.p80),
                t(w.p95),
                w.criticality * 100.0,
            )?;
        }
        if !self.delays.is_empty() {
            writeln!(out, "\n{}", out.heading("Handoff delays"))?;
            for d in &self.delays {
                writeln!(
                    out,
                    "  {}: {} / {} / {}  {}",
                    d.label,
                    t(d.optimistic),
                    t(d.likely),
                    t(d.pessimistic),
                    out.dim(&format!(
                        "on the program's critical path in {:.0}% of runs",
                        d.criticality * 100.0
                    ))
                )?;
            }
        }
        delivered(&self.gantt, out, "Gantt (expected durations)")
    }
}

impl Human for ParallelReport {
    fn human(&self, out: &mut Out) -> fmt::Result {
        writeln!(
            out,
            "{}",
            out.bold(&format!("{}: workflows in parallel", self.name))
        )?;
        let width = 40.0;
        let scale = if self.parallel > 0.0 {
            width / self.parallel
        } else {
            0.0
        };
        for w in &self.workflows {
            let from = (w.early_start * scale).round() as usize;
            let len = (((w.early_finish - w.early_start) * scale).round() as usize).max(1);
            writeln!(
                out,
                "  {} │{}{}{}│ {} → {}",
                fit(&w.id, 18),
                " ".repeat(from.min(width as usize)),
                "█".repeat(len.min((width as usize).saturating_sub(from))),
                " ".repeat((width as usize).saturating_sub(from + len)),
                t(w.early_start),
                t(w.early_finish)
            )?;
        }
        writeln!(out, "\n{}", out.heading("Running side by side"))?;
        for (n, g) in self.groups.iter().enumerate() {
            writeln!(out, "  {}. {}", n + 1, g.join(" ∥ "))?;
        }
        writeln!(
            out,
            "\nOne after another: {} · as planned: {} · saved: {}",
            t(self.sequential),
            out.bold(&t(self.parallel)),
            out.good(&t(self.saved))
        )
    }
}
