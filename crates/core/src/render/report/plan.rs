//! The planning reports as text for a terminal: `timeline`, `schedule`,
//! `parallel`, `dependency`, `checkpoint` and `phase` (their data is in
//! `plan::report`). Layout and colour only: every figure comes from the data.

use std::fmt::{self, Write};

use comfy_table::{Table, presets::UTF8_BORDERS_ONLY};

use crate::duration::Calendar;
use crate::plan::montecarlo::Histogram;
use crate::plan::report::Delivered;
use crate::plan::report::checkpoint::Checkpoints;
use crate::plan::report::dependency::Dependency;
use crate::plan::report::parallel::Parallel;
use crate::plan::report::phase::{Flow, Phase};
use crate::plan::report::schedule::Schedule;
use crate::plan::report::timeline::Timeline;
use crate::plan::report::words::{sampling_name, time};
use crate::render::text::{Human, Out, fit};

/// The chart's text and where it was written, at the end of a report.
pub(crate) fn delivered(d: &Delivered, out: &mut Out, heading: &str) -> fmt::Result {
    if let Some(g) = &d.text {
        writeln!(out, "\n{}", out.heading(heading))?;
        out.text.push_str(g);
    }
    if let Some(w) = &d.wrote {
        writeln!(out, "\n{}", out.dim(&format!("wrote {w}")))?;
    }
    Ok(())
}

impl Human for Timeline {
    fn human(&self, out: &mut Out) -> fmt::Result {
        let cal = self.calendar;
        let t = |x: f64| time(x, cal);
        writeln!(out, "{}", out.bold(&format!("{}: timeline", self.name)))?;
        let derived = self.steps.iter().filter(|s| s.derivation.is_some()).count();
        let three = self
            .steps
            .iter()
            .filter(|s| s.derivation.is_none() && s.pessimistic > s.optimistic)
            .count();
        writeln!(
            out,
            "{}",
            out.dim(&format!(
                "{} steps: {three} with three-point estimates, {} with one, {derived} derived from their phase window",
                self.steps.len(),
                self.steps.len() - three - derived
            ))
        )?;
        let p = &self.pert;
        writeln!(
            out,
            "{} expected {}, σ {} along the critical path (normal P80 {}, P95 {})",
            out.bold("PERT:"),
            t(p.mean),
            t(p.sd),
            t(p.p80),
            t(p.p95)
        )?;
        let mc = &self.montecarlo;
        writeln!(
            out,
            "{} {} runs ({}, seed {})",
            out.bold("Monte Carlo:"),
            mc.iterations,
            sampling_name(mc.sampling),
            mc.seed
        )?;
        writeln!(
            out,
            "  P50 {} · P80 {} · P95 {}   {}",
            out.bold(&t(mc.p50)),
            out.bold(&t(mc.p80)),
            out.bold(&t(mc.p95)),
            out.dim(&format!(
                "(mean {}, σ {}, range {} to {})",
                t(mc.mean),
                t(mc.sd),
                t(mc.min),
                t(mc.max)
            ))
        )?;
        if let (Some(d), Some(prob)) = (mc.deadline, mc.deadline_probability) {
            let pert = p.deadline_probability.unwrap_or(0.0);
            writeln!(
                out,
                "  Deadline {}: {:.0}% of runs finish by it {}",
                t(d),
                prob * 100.0,
                out.dim(&format!("(PERT normal approximation {:.0}%)", pert * 100.0))
            )?;
        }
        if let Some(a) = &self.assessment {
            let line = match a.verdict {
                crate::plan::timeline::Verdict::Realistic => out.good(&a.message),
                crate::plan::timeline::Verdict::Risky => out.accent(&a.message),
                _ => out.bad(&a.message),
            };
            writeln!(out, "{} {line}", out.bold("Stated timeline:"))?;
        }
        histogram(out, &mc.histogram, cal)?;
        writeln!(
            out,
            "\n{} {}",
            out.heading("Criticality"),
            out.dim("(share of runs in which the step is on the critical path)")
        )?;
        for s in &self.steps {
            let bar = "█".repeat((s.criticality * 20.0).round() as usize);
            writeln!(
                out,
                "  {} {:>4.0}% {bar}",
                fit(&s.id, 30),
                s.criticality * 100.0
            )?;
        }
        if derived > 0 {
            writeln!(
                out,
                "\n{} {}",
                out.heading("Derived estimates"),
                out.dim("(no estimate given: the phase window's length over the longest chain of steps in the phase; no spread)")
            )?;
            for s in self.steps.iter().filter(|s| s.derivation.is_some()) {
                writeln!(
                    out,
                    "  {}: {}",
                    s.id,
                    s.derivation.as_deref().unwrap_or_default()
                )?;
            }
        }
        delivered(&self.gantt, out, "Gantt (expected durations)")
    }
}

fn histogram(out: &mut Out, h: &Histogram, cal: Calendar) -> fmt::Result {
    let top = h.counts.iter().copied().max().unwrap_or(1).max(1);
    writeln!(out, "\n{}", out.heading("Finish distribution"))?;
    for (k, &c) in h.counts.iter().enumerate() {
        let from = h.start + h.width * k as f64;
        let bar = "█".repeat(((f64::from(c) / f64::from(top)) * 40.0).round() as usize);
        writeln!(
            out,
            "  {:>8} │{bar} {}",
            time(from, cal),
            out.dim(&c.to_string())
        )?;
    }
    Ok(())
}

impl Human for Schedule {
    fn human(&self, out: &mut Out) -> fmt::Result {
        let cal = self.calendar;
        let team = self
            .team
            .as_ref()
            .map(|t| format!(" (team: {t})"))
            .unwrap_or_default();
        writeln!(
            out,
            "{}",
            out.bold(&format!("{}: resource-levelled schedule{team}", self.name))
        )?;
        let delay = self.finish - self.full_time;
        writeln!(
            out,
            "{} {} with this team · {} with unlimited full-time people",
            out.bold("Finish:"),
            out.bold(&time(self.finish, cal)),
            time(self.full_time, cal)
        )?;
        if delay <= 1e-9 {
            writeln!(out, "{}", out.good("The team does not delay the plan."))?;
        } else if self.delayed_by.is_empty() {
            let later = format!("{} later because of the team.", time(delay, cal));
            writeln!(out, "{}", out.accent(&later))?;
        } else {
            let later = format!("{} later, delayed by:", time(delay, cal));
            writeln!(out, "{}", out.accent(&later))?;
            for d in &self.delayed_by {
                let mut why = Vec::new();
                if d.part_time > 0.0 {
                    why.push(format!(
                        "part-time, its critical steps run {} longer",
                        time(d.part_time, cal)
                    ));
                }
                if d.waiting > 0.0 {
                    why.push(format!(
                        "all busy, critical steps wait {} for them",
                        time(d.waiting, cal)
                    ));
                }
                if d.short_handed > 0.0 {
                    why.push(format!(
                        "too few for the steps that can share the work, {} longer",
                        time(d.short_handed, cal)
                    ));
                }
                writeln!(out, "  {}: {}", out.bold(&d.persona), why.join("; "))?;
            }
        }
        let quality = if self.proven_optimal {
            "optimal (reaches the lower bound)".to_string()
        } else {
            format!("lower bound {}", time(self.lower_bound, cal))
        };
        writeln!(
            out,
            "{}",
            out.dim(&format!(
                "period {} · {} schedules tried{} · {quality} · {}",
                time(self.quantum, cal),
                self.schedules,
                if self.timed_out { " (time limit)" } else { "" },
                if self.feasible {
                    "checked feasible"
                } else {
                    "NOT feasible (a solver bug: please report)"
                }
            ))
        )?;
        if !self.defaulted.is_empty() {
            writeln!(
                out,
                "{} {} {}",
                out.accent("Not in the team file, so capacity"),
                out.accent(&self.default_capacity.to_string()),
                out.accent(&format!("each: {}", self.defaulted.join(", ")))
            )?;
        }
        let mut table = Table::new();
        table.load_style(UTF8_BORDERS_ONLY);
        table.set_header(["step", "persona", "start", "finish"]);
        for s in &self.steps {
            let persona = match s.people {
                0 | 1 => s.persona.clone(),
                n => format!("{} ×{n}", s.persona),
            };
            table.add_row([
                s.id.clone(),
                persona,
                time(s.start, cal),
                time(s.finish, cal),
            ]);
        }
        writeln!(out, "{table}")?;
        let mut table = Table::new();
        table.load_style(UTF8_BORDERS_ONLY);
        table.set_header(["persona", "people", "busy", "utilisation", ""]);
        for p in &self.personas {
            let bar = "█".repeat((p.utilisation * 20.0).round() as usize);
            table.add_row([
                p.persona.clone(),
                crate::duration::trim_number(p.people),
                time(p.busy, cal),
                format!("{:.0}%", p.utilisation * 100.0),
                bar,
            ]);
        }
        writeln!(out, "{table}")?;
        delivered(&self.gantt, out, "Gantt (levelled)")
    }
}

impl Human for Parallel {
    fn human(&self, out: &mut Out) -> fmt::Result {
        let cal = self.calendar;
        writeln!(
            out,
            "{}",
            out.bold(&format!("{}: parallel groups", self.name))
        )?;
        let mut phase = "";
        for g in &self.groups {
            if g.phase_name != phase {
                phase = &g.phase_name;
                writeln!(out, "\n{}", out.heading(phase))?;
            }
            let ids: Vec<&str> = g.steps.iter().map(|s| s.id.as_str()).collect();
            let head = if g.steps.len() > 1 {
                format!(
                    "{} {}  {}",
                    out.accent("together:"),
                    ids.join(" ‖ "),
                    out.dim(&format!(
                        "from {} · saves {}",
                        time(g.start, cal),
                        time(g.saved, cal)
                    ))
                )
            } else {
                format!(
                    "{} {}  {}",
                    out.dim("alone:"),
                    ids[0],
                    out.dim(&format!("from {}", time(g.start, cal)))
                )
            };
            writeln!(out, "  {head}")?;
            for s in &g.steps {
                let waits = if s.waits_for.is_empty() {
                    "waits for nothing".to_string()
                } else {
                    format!("waits for {}", s.waits_for.join(", "))
                };
                writeln!(
                    out,
                    "    {} {}",
                    s.id,
                    out.dim(&format!(
                        "({}, {}) {waits}",
                        s.persona,
                        time(s.duration, cal)
                    ))
                )?;
            }
        }
        let share = if self.sequential > 0.0 {
            100.0 * self.saved / self.sequential
        } else {
            0.0
        };
        writeln!(
            out,
            "\n{} one after another {} · with parallel steps {} · saved {} ({share:.0}%)",
            out.bold("Time:"),
            time(self.sequential, cal),
            time(self.parallel, cal),
            out.good(&time(self.saved, cal)),
        )?;
        if self.suggestions.is_empty() {
            return writeln!(
                out,
                "{}",
                out.dim("No step is held back by phase order alone.")
            );
        }
        writeln!(
            out,
            "\n{} {}",
            out.heading("Could also run in parallel"),
            out.dim("(suggestions: no artifact or `after` links these steps to the previous phase; confirm before relying on it)")
        )?;
        for s in &self.suggestions {
            let after = s
                .after
                .as_ref()
                .map(|a| format!("after {a}"))
                .unwrap_or_else(|| "at the start".to_string());
            writeln!(
                out,
                "  ~ {} waits only for the {} by phase order: could start {after}, at {} instead of {}",
                out.accent(&s.step),
                s.waits_for_gate,
                time(s.could_start, cal),
                time(s.start, cal)
            )?;
            if !s.overlaps.is_empty() {
                writeln!(
                    out,
                    "    {}",
                    out.dim(&format!("alongside {}", s.overlaps.join(", ")))
                )?;
            }
        }
        let gain = self.parallel - self.relaxed;
        if gain > 1e-9 {
            writeln!(
                out,
                "If every suggestion holds: {} instead of {} ({} sooner).",
                time(self.relaxed, cal),
                time(self.parallel, cal),
                time(gain, cal)
            )
        } else {
            writeln!(
                out,
                "{}",
                out.dim("None of them is on the critical path: the finish would not move.")
            )
        }
    }
}

impl Human for Dependency {
    fn human(&self, out: &mut Out) -> fmt::Result {
        let cal = self.calendar;
        writeln!(
            out,
            "{}",
            out.bold(&format!(
                "{}: critical path method (expected durations)",
                self.name
            ))
        )?;
        let mut table = Table::new();
        table.load_style(UTF8_BORDERS_ONLY);
        table.set_header(["", "step", "takes", "early", "late", "slack", "free"]);
        for r in &self.rows {
            let span = |a: f64, b: f64| format!("{} → {}", time(a, cal), time(b, cal));
            table.add_row([
                if r.critical { "●" } else { "" }.to_string(),
                r.name.clone(),
                if r.node.kind == "gate" {
                    "gate".to_string()
                } else {
                    time(r.duration, cal)
                },
                span(r.early_start, r.early_finish),
                span(r.late_start, r.late_finish),
                time(r.total_slack, cal),
                time(r.free_slack, cal),
            ]);
        }
        writeln!(out, "{table}")?;
        writeln!(
            out,
            "{} {}",
            out.bold(&format!("Critical path ({}):", time(self.finish, cal))),
            out.bad(&self.critical_path.join(" → "))
        )?;
        if let Some(s) = &self.path_starts_at_window {
            writeln!(out, "{}", out.dim(s))?;
        }
        writeln!(
            out,
            "{}",
            out.dim("● critical (no slack) · slack: how late a step may finish without moving the end · free: without delaying any successor")
        )
    }
}

impl Human for Checkpoints {
    fn human(&self, out: &mut Out) -> fmt::Result {
        writeln!(out, "{}", out.bold(&format!("{}: checkpoints", self.name)))?;
        for (n, g) in self.gates.iter().enumerate() {
            writeln!(
                out,
                "\n{} {}",
                out.heading(&format!("{}. {} gate", n + 1, g.phase_name)),
                out.dim(&format!(
                    "(expected at {})",
                    time(g.expected_at, self.calendar)
                ))
            )?;
            let approver = g.approver.as_deref().unwrap_or("nobody named");
            writeln!(out, "   {} {approver}", out.bold("Approver:"))?;
            if !g.requires.is_empty() {
                let items: Vec<String> = g
                    .requires
                    .iter()
                    .map(|r| {
                        if r.from.is_empty() {
                            format!("{} {}", r.artifact, out.bad("(nothing produces it)"))
                        } else {
                            format!(
                                "{} {}",
                                r.artifact,
                                out.dim(&format!("(from {})", r.from.join(", ")))
                            )
                        }
                    })
                    .collect();
                writeln!(out, "   {} {}", out.bold("Requires:"), items.join("; "))?;
            }
            if !g.criteria.is_empty() {
                writeln!(
                    out,
                    "   {} {}",
                    out.bold("Criteria:"),
                    g.criteria.join(", ")
                )?;
            }
            if let Some(t) = &g.text {
                writeln!(out, "   {t}")?;
            }
            for d in &g.decisions {
                writeln!(out, "   {} {d}", out.bold("Decision:"))?;
            }
        }
        if self.gates.is_empty() {
            writeln!(out, "\nNo phase has a checkpoint.")?;
        }
        if self.ungated.is_empty() {
            return writeln!(out, "\n{}", out.good("Every phase ends with a gate."));
        }
        writeln!(
            out,
            "\n{} {}",
            out.heading("Phases that end without a gate"),
            out.dim(
                "(principle 7: checkpoints prevent rework; validate outputs before the next phase)"
            )
        )?;
        for u in &self.ungated {
            let what = match &u.next {
                Some(next) => format!("{next} starts on phase order alone, with nobody validating"),
                None => "the workflow ends without a final sign-off".to_string(),
            };
            writeln!(out, "  {} {}: {what}", out.accent("!"), u.phase_name)?;
        }
        writeln!(
            out,
            "{}",
            out.dim("help: `checkpoint <workflow> --expand` proposes these gates")
        )
    }
}

impl Human for Phase {
    fn human(&self, out: &mut Out) -> fmt::Result {
        let cal = self.calendar;
        let window = self
            .window
            .as_ref()
            .map(|w| format!(" ({w})"))
            .unwrap_or_default();
        writeln!(
            out,
            "{} {}",
            out.heading(&format!(
                "{} › Phase {}: {}{window}",
                self.workflow_name, self.number, self.name
            )),
            out.dim(&format!("id: {}", self.id))
        )?;
        writeln!(
            out,
            "Expected {} → {}{}",
            time(self.start, cal),
            time(self.finish, cal),
            if self.skills.is_empty() {
                String::new()
            } else {
                format!(" · skills: {}", self.skills.join(", "))
            }
        )?;
        let flows = |items: &[Flow], arrow: &str| -> String {
            items
                .iter()
                .map(|f| {
                    if f.with.is_empty() {
                        f.artifact.clone()
                    } else {
                        format!("{} ({arrow} {})", f.artifact, f.with.join(", "))
                    }
                })
                .collect::<Vec<_>>()
                .join(", ")
        };
        for (n, s) in self.steps.iter().enumerate() {
            writeln!(
                out,
                "\n  {}. {} {}: {}",
                n + 1,
                out.bold(&s.id),
                out.accent(&s.persona),
                s.action
            )?;
            if !s.inputs.is_empty() {
                writeln!(out, "     needs {}", flows(&s.inputs, "from"))?;
            }
            if !s.outputs.is_empty() {
                writeln!(out, "     makes {}", flows(&s.outputs, "to"))?;
            }
            if !s.after.is_empty() {
                writeln!(out, "     after {}", s.after.join(", "))?;
            }
            let slack = if s.critical {
                out.bad("critical")
            } else {
                format!("slack {}", time(s.total_slack, cal))
            };
            writeln!(
                out,
                "     estimate {} (expected {}) · {} → {} · {slack}",
                s.estimate,
                time(s.mean, cal),
                time(s.start, cal),
                time(s.finish, cal)
            )?;
        }
        if let Some(d) = &self.deliverable {
            writeln!(out, "\n  {} {d}", out.bold("Deliverable:"))?;
        }
        match &self.gate {
            Some(g) => writeln!(out, "  {} {g}", out.bold("Gate:"))?,
            None => writeln!(
                out,
                "  {} {}",
                out.bold("Gate:"),
                out.accent("none: the next phase starts without validation (principle 7)")
            )?,
        }
        for d in &self.decisions {
            writeln!(out, "  {} {d}", out.bold("Decision:"))?;
        }
        Ok(())
    }
}
