//! How runs read on a terminal: a run's summary, a program run's members,
//! metrics just recorded: the text views of the operations' data.

use std::fmt::{self, Write};

use super::{MetricsRecorded, ProgramRunSummary, RunSummary};
use crate::clock::{format_duration, format_utc};
use crate::event::Budget;
use crate::state::{GateState, StepStatus};
use skill_chains_core::duration::{Calendar, Unit};
use skill_chains_core::learn::criteria::{self, CriterionResult};

use skill_chains_core::render::text::{Human, Out, fit, money};
use skill_chains_core::text::terminal_safe;

fn mark(status: StepStatus) -> &'static str {
    match status {
        StepStatus::Pending => "·",
        StepStatus::Running => "▶",
        StepStatus::Retrying => "↻",
        StepStatus::Waiting => "?",
        StepStatus::Done => "✓",
        StepStatus::Failed => "✗",
    }
}

impl Human for RunSummary {
    fn human(&self, out: &mut Out) -> fmt::Result {
        let status = match self.status.as_str() {
            "completed" => out.good(&self.status),
            "failed" | "cancelled" => out.bad(&self.status),
            _ => out.accent(&self.status),
        };
        writeln!(
            out,
            "{}  {} v{}  {status}",
            out.bold(&self.run),
            self.workflow_name,
            self.version
        )?;
        if let Some(r) = &self.reason {
            writeln!(out, "  {}", terminal_safe(r))?;
        }
        let width = 30;
        let filled = (self.steps_done * width)
            .checked_div(self.steps_total)
            .unwrap_or(width);
        writeln!(
            out,
            "  [{}{}] {}/{} steps · active {} · {} session(s) · started {}",
            "#".repeat(filled),
            "-".repeat(width - filled),
            self.steps_done,
            self.steps_total,
            format_duration(self.active_ms),
            self.sessions,
            self.created_at
        )?;
        writeln!(
            out,
            "  cost {} · {} tokens ({} in, {} out){}",
            money(self.usage.cost_usd),
            self.usage.tokens(),
            self.usage.input_tokens,
            self.usage.output_tokens,
            budget_text(&self.budget)
        )?;
        if let Some(l) = &self.held_by {
            writeln!(out, "  held by process {} on {}", l.pid, l.host)?;
        }
        for (n, p) in self.phases.iter().enumerate() {
            let here = if p.id == self.phase && self.status != "completed" {
                " ◀"
            } else {
                ""
            };
            writeln!(
                out,
                "\n{}{here}",
                out.heading(&format!("Phase {}: {}", n + 1, p.name))
            )?;
            for s in &p.steps {
                let mut extra = Vec::new();
                if !s.usage.is_zero() {
                    extra.push(money(s.usage.cost_usd));
                    extra.push(format!("{} tok", s.usage.tokens()));
                }
                if s.duration_ms > 0 {
                    extra.push(format_duration(s.duration_ms));
                }
                if s.attempts > 1 {
                    extra.push(format!("{} attempts", s.attempts));
                }
                if s.interruptions > 0 {
                    extra.push(format!("interrupted {}×", s.interruptions));
                }
                if let Some(by) = &s.by {
                    extra.push(format!("by {by}"));
                    // A person's dates are news: the work may have taken months.
                    if let (Some(a), Some(b)) = (&s.started_at, &s.finished_at) {
                        extra.push(format!("{} → {}", &a[..10], &b[..10]));
                    }
                }
                if let Some(m) = s.effort_minutes {
                    extra.push(format!("effort {}", working(m, self.calendar)));
                }
                writeln!(
                    out,
                    "  {} {} {} {}  {}",
                    mark(s.status),
                    fit(&s.id, 28),
                    fit(&s.persona, 28),
                    fit(s.executor.as_deref().unwrap_or("-"), 9),
                    out.dim(&extra.join(" · "))
                )?;
                if let Some(e) = &s.error {
                    writeln!(out, "      {}", out.bad(&terminal_safe(e)))?;
                }
            }
            if let Some(g) = &p.gate {
                let text = match g {
                    GateState::Closed => "gate: not reached".to_string(),
                    GateState::Open => "gate: waiting for approval".to_string(),
                    GateState::Approved {
                        by,
                        at,
                        comment,
                        auto,
                        overridden,
                    } => format!(
                        "gate: approved by {by}{}{} at {}{}",
                        if *auto { " (auto)" } else { "" },
                        if overridden.is_empty() {
                            String::new()
                        } else {
                            format!(" overriding {}", overridden.join("; "))
                        },
                        format_utc(*at),
                        comment
                            .as_ref()
                            .map(|c| format!(": {c}"))
                            .unwrap_or_default()
                    ),
                    GateState::Rejected { by, at, comment } => format!(
                        "gate: rejected by {by} at {}{}",
                        format_utc(*at),
                        comment
                            .as_ref()
                            .map(|c| format!(": {c}"))
                            .unwrap_or_default()
                    ),
                };
                writeln!(out, "  {}", out.dim(&text))?;
                for u in &p.unmet_criteria {
                    writeln!(out, "    {} {u}", out.bad("requires"))?;
                }
            }
        }
        if !self.criteria.is_empty() {
            writeln!(out, "\n{}", out.heading("Success criteria"))?;
            criteria_lines(out, &self.criteria)?;
        }
        if !self.cost_by_persona.is_empty() {
            writeln!(out, "\n{}", out.heading("Cost by persona"))?;
            for p in &self.cost_by_persona {
                writeln!(
                    out,
                    "  {} {}  {} tokens",
                    fit(&p.persona, 40),
                    money(p.cost_usd),
                    p.tokens
                )?;
            }
        }
        if let Some(n) = &self.next {
            writeln!(out, "\nnext: {n}")?;
        }
        Ok(())
    }
}

/// Working minutes as a short duration on the workflow's calendar: `45 min`,
/// `6 h`, `3.5 d` (8-hour days on the business calendar, 24-hour days on the
/// continuous one).
pub fn working(minutes: f64, calendar: Calendar) -> String {
    let day = calendar.minutes(Unit::Day);
    match minutes {
        m if m < 1.0 => format!("{:.0} s", m * 60.0),
        m if m < 60.0 => format!("{m:.0} min"),
        m if m < day => format!("{:.1} h", m / 60.0),
        m => format!("{:.1} d", m / day),
    }
}

fn budget_text(b: &Budget) -> String {
    let mut parts = Vec::new();
    if let Some(c) = b.max_cost_usd {
        parts.push(format!("max {}", money(c)));
    }
    if let Some(t) = b.max_tokens {
        parts.push(format!("max {t} tokens"));
    }
    if let Some(d) = b.max_duration_ms {
        parts.push(format!("max {}", format_duration(d)));
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!(" · budget: {}", parts.join(", "))
    }
}

impl Human for ProgramRunSummary {
    fn human(&self, out: &mut Out) -> fmt::Result {
        writeln!(
            out,
            "{} {}  {}",
            out.bold(&format!("program run {}", self.program_run)),
            self.program,
            self.status
        )?;
        for m in &self.members {
            writeln!(
                out,
                "  {} {} {} {}",
                fit(&m.member, 22),
                fit(&m.run, 14),
                fit(&m.status, 18),
                m.phase
            )?;
            if let Some(w) = &m.waiting {
                writeln!(out, "      {}", out.dim(&format!("waits for {w}")))?;
            }
        }
        if self.status == "paused" {
            writeln!(
                out,
                "{}",
                out.dim(&format!(
                    "act on what the members wait for, then: skill-chains resume {}",
                    self.program_run
                ))
            )?;
        }
        Ok(())
    }
}

/// Criteria as lines: `met  error_rate < 1 % (0.4)`.
pub fn criteria_lines(out: &mut Out, results: &[CriterionResult]) -> fmt::Result {
    for c in results {
        let label = c.outcome.label();
        let mark = match c.outcome {
            criteria::Outcome::Met => out.good(label),
            criteria::Outcome::Missed => out.bad(label),
            criteria::Outcome::NotMeasured => out.dim(label),
        };
        writeln!(out, "  {mark:<12} {}", c.text)?;
        for m in &c.metrics {
            let seen = match (&m.recorded, &m.note) {
                (Some(serde_json::Value::String(v)), None) => format!("recorded {v}"),
                (Some(v), None) => format!("recorded {v}"),
                (_, Some(n)) => n.clone(),
                (None, None) => String::new(),
            };
            writeln!(out, "      {} ({seen})", m.target)?;
        }
    }
    Ok(())
}

impl Human for MetricsRecorded {
    fn human(&self, out: &mut Out) -> fmt::Result {
        for (k, v) in &self.recorded {
            writeln!(out, "recorded {k} = {v} on {}", self.run)?;
        }
        if !self.criteria.is_empty() {
            writeln!(out, "{}", out.heading("Success criteria"))?;
            criteria_lines(out, &self.criteria)?;
        }
        Ok(())
    }
}
