//! A run's log as `logs` shows it: the events in order; for one step, only
//! its events, with the logs its attempts left (stderr, raw responses) and
//! its output, read from the store. The text view (one line per event, in
//! words) is here too; nothing here prints.

use std::fmt::{self, Write};

use serde::Serialize;
use skill_chains_core::render::text::{Human, Out, money};
use skill_chains_core::text::terminal_safe;

use super::{LoadedRun, OpError};
use crate::clock::format_utc;
use crate::event::{Event, Recorded};
use crate::store::Store;

#[derive(Serialize)]
pub struct Logs {
    pub run: String,
    pub events: Vec<Recorded>,
    /// Log texts of the step, by content hash.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub logs: Vec<(String, String)>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub output: Option<String>,
}

/// One line for an event: what happened, in words.
fn describe(e: &Event) -> String {
    match e {
        Event::RunCreated {
            workflow_name,
            options,
            ..
        } => format!(
            "run created: {workflow_name} (concurrency {}, {:?} durability)",
            options.concurrency, options.durability
        ),
        Event::HoldReleased { phase, by } => format!("phase {phase} released by {by}"),
        Event::SessionStarted { pid, host, resumed } => {
            format!(
                "{} by process {pid} on {host}",
                if *resumed { "resumed" } else { "started" }
            )
        }
        Event::StepStarted {
            step,
            attempt,
            executor,
        } => format!("{step}: attempt {attempt} started ({executor})"),
        Event::StepCompleted {
            step,
            attempt,
            usage,
            by,
            duration_ms,
            ..
        } => format!(
            "{step}: completed on attempt {attempt} in {}{}{}",
            crate::clock::format_duration(*duration_ms),
            if usage.is_zero() {
                String::new()
            } else {
                format!(", {}, {} tokens", money(usage.cost_usd), usage.tokens())
            },
            by.as_ref().map(|b| format!(", by {b}")).unwrap_or_default()
        ),
        Event::StepFailed {
            step,
            attempt,
            error,
            will_retry,
            ..
        } => format!(
            "{step}: attempt {attempt} failed: {error}{}",
            if *will_retry { " (will retry)" } else { "" }
        ),
        Event::StepInterrupted { step, attempt } => {
            format!(
                "{step}: attempt {attempt} was in flight when its process stopped; it runs again"
            )
        }
        Event::StepWaiting { step, .. } => format!("{step}: waiting for a person"),
        Event::GateOpened { gate } => format!("gate {gate}: waiting for approval"),
        Event::GateApproved {
            gate,
            by,
            comment,
            auto,
            overridden,
        } => format!(
            "gate {gate}: approved by {by}{}{}{}",
            if *auto { " (auto-approve)" } else { "" },
            if overridden.is_empty() {
                String::new()
            } else {
                format!(" overriding unmet criteria ({})", overridden.join("; "))
            },
            comment
                .as_ref()
                .map(|c| format!(": {c}"))
                .unwrap_or_default()
        ),
        Event::GateRejected { gate, by, comment } => format!(
            "gate {gate}: rejected by {by}{}",
            comment
                .as_ref()
                .map(|c| format!(": {c}"))
                .unwrap_or_default()
        ),
        Event::DecisionTaken {
            phase,
            condition,
            goto,
            count,
            rejected_by: None,
            ..
        } => {
            format!("decision in {phase}: `{condition}` held, going to {goto} (time {count})")
        }
        Event::DecisionTaken {
            phase,
            condition,
            goto,
            count,
            rejected_by: Some(by),
            ..
        } => format!(
            "decision in {phase}: the gate was rejected by {by}, going back to {goto} (time {count}; `{condition}` was not evaluated)"
        ),
        Event::DecisionSkipped {
            phase,
            condition,
            reason,
            ..
        } => {
            format!("decision in {phase}: `{condition}` not evaluated: {reason}")
        }
        Event::PhaseEntered { phase } => format!("phase {phase}"),
        Event::Paused { reason } => format!(
            "paused: {}",
            serde_json::to_string(reason).unwrap_or_default()
        ),
        Event::Resumed { by } => format!("resume requested by {by}"),
        Event::BudgetChanged { budget } => format!(
            "budget set to {}",
            serde_json::to_string(budget).unwrap_or_default()
        ),
        Event::Cancelled { by, reason } => format!(
            "cancelled by {by}{}",
            reason
                .as_ref()
                .map(|r| format!(": {r}"))
                .unwrap_or_default()
        ),
        Event::Failed { reason } => format!("failed: {reason}"),
        Event::Completed => "completed".to_string(),
        Event::MetricRecorded { name, value, by } => format!("metric {name} = {value} (by {by})"),
    }
}

impl Human for Logs {
    fn human(&self, out: &mut Out) -> fmt::Result {
        for r in &self.events {
            writeln!(
                out,
                "{} {:>6}  {}",
                out.dim(&format_utc(r.at)),
                r.seq,
                terminal_safe(&describe(&r.event))
            )?;
        }
        for (hash, text) in &self.logs {
            writeln!(out, "\n{}", out.heading(&format!("log {hash}")))?;
            writeln!(out, "{}", terminal_safe(text.trim_end()))?;
        }
        if let Some(o) = &self.output {
            writeln!(out, "\n{}", out.heading("output"))?;
            writeln!(out, "{}", terminal_safe(o.trim_end()))?;
        }
        Ok(())
    }
}

/// The events of `run` (only `step`'s, with its logs and output, when given).
pub fn logs(store: &dyn Store, run: LoadedRun, step: Option<&str>) -> Result<Logs, OpError> {
    let mut events = store.events(&run.id, 0)?;
    let mut logs = Vec::new();
    let mut output = None;
    if let Some(step) = step {
        let Some(&i) = run.layout.index.get(step) else {
            return Err(OpError::Refused(format!(
                "run {} has no step `{step}`",
                run.id
            )));
        };
        events.retain(|r| r.event.step() == Some(step));
        for r in &events {
            if let Event::StepCompleted { log: Some(h), .. }
            | Event::StepFailed { log: Some(h), .. } = &r.event
                && let Some(bytes) = store.artifact(h)?
            {
                logs.push((h.clone(), String::from_utf8_lossy(&bytes).into_owned()));
            }
        }
        if let Some(h) = &run.state.steps[i].artifact {
            output = store
                .artifact(h)?
                .map(|b| String::from_utf8_lossy(&b).into_owned());
        }
    }
    Ok(Logs {
        run: run.id,
        events,
        logs,
        output,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn taken(rejected_by: Option<&str>) -> Event {
        Event::DecisionTaken {
            phase: "pilot".into(),
            index: 0,
            condition: "pilot.error_rate >= 1".into(),
            goto: "build".into(),
            count: 1,
            rejected_by: rejected_by.map(str::to_string),
        }
    }

    #[test]
    fn a_decision_taken_by_a_rejection_does_not_say_its_condition_held() {
        assert_eq!(
            describe(&taken(None)),
            "decision in pilot: `pilot.error_rate >= 1` held, going to build (time 1)"
        );
        let rejected = describe(&taken(Some("ana")));
        assert!(!rejected.contains("held"), "{rejected}");
        assert!(rejected.contains("rejected by ana"), "{rejected}");
        assert!(rejected.contains("was not evaluated"), "{rejected}");
    }
}
