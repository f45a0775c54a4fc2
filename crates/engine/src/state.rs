//! A run's state, derived from its events and nothing else.
//!
//! [`RunState::apply`] is the only code that interprets events. The runner
//! applies each event it appends; `status`, `resume` and `approve` rebuild
//! the same state by folding the stored log.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::event::{Event, PauseReason, Recorded, RunOptions, Usage};
use crate::layout::Layout;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StepStatus {
    Pending,
    Running,
    /// Failed with a retryable error; the next attempt is due.
    Retrying,
    /// Waiting for a person (`step done`).
    Waiting,
    Done,
    Failed,
}

#[derive(Debug, Clone, Serialize)]
pub struct StepState {
    pub id: String,
    pub status: StepStatus,
    /// Attempts started in the current pass over the step.
    pub attempts: u32,
    /// Times the step was in flight when its process stopped.
    pub interruptions: u32,
    /// Times the step completed, over all passes (loops run steps again).
    pub completions: u32,
    /// Loop passes: 0 on the first, 1 after the first loop back, ...
    pub pass: u32,
    pub executor: Option<String>,
    pub artifact: Option<String>,
    pub metrics: BTreeMap<String, serde_json::Value>,
    pub usage: Usage,
    pub duration_ms: u64,
    pub started_at: Option<i64>,
    pub finished_at: Option<i64>,
    /// Working minutes a person said the step took (`step done --effort`).
    pub effort_minutes: Option<f64>,
    /// A person stated when the work started or finished or how long it
    /// took (see [`crate::event::Actuals::stated`]); else its times are bookkeeping.
    pub stated: bool,
    /// A person confirmed figures far from the estimate.
    pub confirmed: bool,
    pub error: Option<String>,
    pub by: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum GateState {
    /// Not reached yet.
    Closed,
    Open,
    Approved {
        by: String,
        at: i64,
        comment: Option<String>,
        auto: bool,
        /// Required criteria not met, passed over by `approve --override`.
        #[serde(skip_serializing_if = "Vec::is_empty")]
        overridden: Vec<String>,
    },
    Rejected {
        by: String,
        at: i64,
        comment: Option<String>,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum RunStatus {
    Running,
    Paused { reason: PauseReason },
    Completed,
    Failed { reason: String },
    Cancelled,
}

impl RunStatus {
    pub fn name(&self) -> &'static str {
        match self {
            RunStatus::Running => "running",
            RunStatus::Paused { reason } => reason.status_name(),
            RunStatus::Completed => "completed",
            RunStatus::Failed { .. } => "failed",
            RunStatus::Cancelled => "cancelled",
        }
    }
    /// Completed and cancelled runs do not resume.
    pub fn is_final(&self) -> bool {
        matches!(self, RunStatus::Completed | RunStatus::Cancelled)
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct RunState {
    pub id: String,
    pub workflow_id: String,
    pub workflow_name: String,
    pub origin: String,
    #[serde(skip)]
    pub source: String,
    pub options: RunOptions,
    pub created_at: i64,
    pub updated_at: i64,
    pub status: RunStatus,
    /// Index of the current phase.
    pub phase: usize,
    pub steps: Vec<StepState>,
    /// One per phase.
    pub gates: Vec<GateState>,
    /// How often each decision point (`phase#index`) was taken.
    pub loops: BTreeMap<String, u32>,
    pub usage: Usage,
    /// Artifact name (and step id) -> content hash of its latest version.
    pub artifacts: BTreeMap<String, String>,
    /// Every metric published so far (latest value wins).
    pub metrics: BTreeMap<String, serde_json::Value>,
    pub sessions: u32,
    /// Held phases released so far.
    pub released: BTreeSet<String>,
    /// Active time of finished sessions.
    #[serde(skip)]
    closed_sessions_ms: u64,
    #[serde(skip)]
    session_start: Option<i64>,
    /// When the current session paused (a gate, a person, a budget): the
    /// session's active time ends there, whatever is recorded later.
    #[serde(skip)]
    paused_at: Option<i64>,
    pub last_seq: i64,
}

impl RunState {
    /// Fold a run's whole log. The first event must be `RunCreated`.
    pub fn from_events(id: &str, layout: &Layout, events: &[Recorded]) -> Option<RunState> {
        let first = events.first()?;
        let Event::RunCreated {
            workflow_id,
            workflow_name,
            origin,
            source,
            options,
            ..
        } = &first.event
        else {
            return None;
        };
        let mut state = RunState {
            id: id.to_string(),
            workflow_id: workflow_id.clone(),
            workflow_name: workflow_name.clone(),
            origin: origin.clone(),
            source: source.clone(),
            options: options.clone(),
            created_at: first.at,
            updated_at: first.at,
            status: RunStatus::Running,
            phase: 0,
            steps: layout
                .steps
                .iter()
                .map(|s| StepState {
                    id: s.id.clone(),
                    status: StepStatus::Pending,
                    attempts: 0,
                    interruptions: 0,
                    completions: 0,
                    pass: 0,
                    executor: None,
                    artifact: None,
                    metrics: BTreeMap::new(),
                    usage: Usage::default(),
                    duration_ms: 0,
                    started_at: None,
                    finished_at: None,
                    effort_minutes: None,
                    stated: false,
                    confirmed: false,
                    error: None,
                    by: None,
                })
                .collect(),
            gates: vec![GateState::Closed; layout.phases.len()],
            loops: BTreeMap::new(),
            usage: Usage::default(),
            artifacts: BTreeMap::new(),
            metrics: BTreeMap::new(),
            sessions: 0,
            released: BTreeSet::new(),
            closed_sessions_ms: 0,
            session_start: None,
            paused_at: None,
            last_seq: first.seq,
        };
        for rec in &events[1..] {
            state.apply(layout, rec);
        }
        Some(state)
    }

    /// The workflow's text as it was when the run was created.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// Active time: the sum of every session's span up to `now` for the
    /// current session. Time paused (a gate, a person, a budget) is not
    /// counted, also when the run is later cancelled or approved.
    pub fn active_ms(&self, now: Option<i64>) -> u64 {
        let current = match (self.session_start, self.paused_at, &self.status, now) {
            (Some(start), Some(paused), _, _) => paused - start,
            (Some(start), None, RunStatus::Running, Some(now)) => now - start,
            (Some(start), None, _, _) => self.updated_at - start,
            _ => 0,
        };
        self.closed_sessions_ms + current.max(0) as u64
    }

    pub fn phase_done(&self, layout: &Layout, phase: usize) -> bool {
        layout.phases[phase]
            .steps
            .clone()
            .all(|i| self.steps[i].status == StepStatus::Done)
    }

    /// A pause ends inside the session that paused: the time before it
    /// counts, the time paused does not.
    fn end_pause(&mut self, at: i64) {
        if let (Some(paused), Some(start)) = (self.paused_at.take(), self.session_start) {
            self.closed_sessions_ms += (paused.max(start) - start) as u64;
            self.session_start = Some(at);
        }
    }

    fn step_mut(&mut self, layout: &Layout, id: &str) -> Option<&mut StepState> {
        layout.index.get(id).map(|&i| &mut self.steps[i])
    }

    /// Apply one event. Unknown steps or phases (a log from another version
    /// of the file) are ignored rather than trusted.
    pub fn apply(&mut self, layout: &Layout, rec: &Recorded) {
        self.last_seq = self.last_seq.max(rec.seq);
        let prev_at = self.updated_at;
        self.updated_at = rec.at;
        let at = rec.at;
        match &rec.event {
            Event::RunCreated { .. } => {}
            Event::SessionStarted { .. } => {
                if let Some(start) = self.session_start.take() {
                    // The previous session ended with its last event, or
                    // where it paused.
                    let end = self.paused_at.take().unwrap_or(prev_at);
                    self.closed_sessions_ms += (end.max(start) - start) as u64;
                }
                self.session_start = Some(at);
                self.sessions += 1;
                if !self.status.is_final() {
                    self.status = RunStatus::Running;
                }
            }
            Event::StepStarted {
                step,
                attempt,
                executor,
            } => {
                if let Some(s) = self.step_mut(layout, step) {
                    s.status = StepStatus::Running;
                    s.attempts = *attempt;
                    s.executor = Some(executor.clone());
                    s.started_at = Some(at);
                    s.error = None;
                }
            }
            Event::StepCompleted {
                step,
                artifact,
                outputs,
                usage,
                duration_ms,
                metrics,
                by,
                actuals,
                ..
            } => {
                let Some(&i) = layout.index.get(step) else {
                    return;
                };
                let s = &mut self.steps[i];
                s.status = StepStatus::Done;
                s.completions += 1;
                s.artifact = Some(artifact.clone());
                s.metrics = metrics.clone();
                s.usage.add(usage);
                s.duration_ms += duration_ms;
                if let Some(t) = actuals.started_at {
                    s.started_at = Some(t);
                }
                s.finished_at = Some(actuals.finished_at.unwrap_or(at));
                s.effort_minutes = actuals.effort_minutes;
                s.stated = actuals.stated();
                s.confirmed = actuals.confirmed;
                s.by = by.clone();
                s.error = None;
                self.usage.add(usage);
                self.artifacts.insert(step.clone(), artifact.clone());
                for name in outputs.iter().chain(&layout.steps[i].outputs) {
                    self.artifacts.insert(name.clone(), artifact.clone());
                }
                // A metric a person gave for this step's last pass
                // (`metric RUN step.name=...`) is not this pass's.
                if self.metrics.keys().any(|k| k.contains('.')) {
                    let names: Vec<String> = std::iter::once(step)
                        .chain(outputs)
                        .chain(&layout.steps[i].outputs)
                        .map(|n| crate::decision::cel_name(n))
                        .collect();
                    self.metrics.retain(|k, _| {
                        k.split_once('.').is_none_or(|(owner, _)| {
                            !names.contains(&crate::decision::cel_name(owner))
                        })
                    });
                }
                self.metrics
                    .extend(metrics.iter().map(|(k, v)| (k.clone(), v.clone())));
            }
            Event::StepFailed {
                step,
                error,
                will_retry,
                usage,
                duration_ms,
                ..
            } => {
                if let Some(s) = self.step_mut(layout, step) {
                    s.status = if *will_retry {
                        StepStatus::Retrying
                    } else {
                        StepStatus::Failed
                    };
                    s.error = Some(error.clone());
                    s.usage.add(usage);
                    s.duration_ms += duration_ms;
                    s.finished_at = Some(at);
                }
                self.usage.add(usage);
            }
            Event::StepInterrupted { step, .. } => {
                if let Some(s) = self.step_mut(layout, step) {
                    s.status = StepStatus::Pending;
                    s.interruptions += 1;
                }
            }
            Event::StepWaiting { step, .. } => {
                if let Some(s) = self.step_mut(layout, step) {
                    s.status = StepStatus::Waiting;
                    s.started_at.get_or_insert(at);
                }
            }
            Event::GateOpened { gate } => self.set_gate(layout, gate, GateState::Open),
            Event::GateApproved {
                gate,
                by,
                comment,
                auto,
                overridden,
            } => self.set_gate(
                layout,
                gate,
                GateState::Approved {
                    by: by.clone(),
                    at,
                    comment: comment.clone(),
                    auto: *auto,
                    overridden: overridden.clone(),
                },
            ),
            Event::GateRejected { gate, by, comment } => self.set_gate(
                layout,
                gate,
                GateState::Rejected {
                    by: by.clone(),
                    at,
                    comment: comment.clone(),
                },
            ),
            Event::DecisionTaken {
                phase,
                index,
                count,
                ..
            } => {
                self.loops.insert(format!("{phase}#{index}"), *count);
            }
            Event::DecisionSkipped { .. } => {}
            Event::PhaseEntered { phase } => {
                let Some(target) = layout.phase_index(phase) else {
                    return;
                };
                if target <= self.phase {
                    // A loop back: the phases from the target on run again.
                    for p in target..=self.phase.min(layout.phases.len() - 1) {
                        for i in layout.phases[p].steps.clone() {
                            let s = &mut self.steps[i];
                            s.status = StepStatus::Pending;
                            s.attempts = 0;
                            s.pass += 1;
                        }
                        self.gates[p] = GateState::Closed;
                    }
                }
                self.phase = target;
            }
            Event::Paused { reason } => {
                self.paused_at.get_or_insert(at);
                self.status = RunStatus::Paused {
                    reason: reason.clone(),
                }
            }
            Event::HoldReleased { phase, .. } => {
                self.released.insert(phase.clone());
                // A run waiting on exactly this hold goes on.
                if let RunStatus::Paused {
                    reason: PauseReason::Held { phase: held, .. },
                } = &self.status
                    && held == phase
                {
                    self.status = RunStatus::Running;
                    self.end_pause(at);
                }
            }
            Event::Resumed { .. } => {
                if !self.status.is_final() {
                    self.status = RunStatus::Running;
                    self.end_pause(at);
                }
                for s in &mut self.steps {
                    if s.status == StepStatus::Failed {
                        s.status = StepStatus::Pending;
                        s.attempts = 0;
                    }
                }
            }
            Event::BudgetChanged { budget } => self.options.budget = *budget,
            Event::Cancelled { .. } => self.status = RunStatus::Cancelled,
            Event::Failed { reason } => {
                self.status = RunStatus::Failed {
                    reason: reason.clone(),
                }
            }
            Event::Completed => self.status = RunStatus::Completed,
            Event::MetricRecorded { name, value, .. } => {
                self.metrics.insert(name.clone(), value.clone());
            }
        }
    }

    fn set_gate(&mut self, layout: &Layout, gate: &str, state: GateState) {
        if let Some(p) = layout.phase_index(gate) {
            self.gates[p] = state;
        }
    }

    /// Cost per persona (as written), in first-use order.
    pub fn cost_by_persona(&self, layout: &Layout) -> Vec<(String, Usage)> {
        let mut out: Vec<(String, Usage)> = Vec::new();
        for (i, s) in self.steps.iter().enumerate() {
            let persona = &layout.steps[i].persona;
            match out.iter_mut().find(|(p, _)| p == persona) {
                Some((_, u)) => u.add(&s.usage),
                None => out.push((persona.clone(), s.usage)),
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::Actuals;
    use skill_chains_core::catalog::PersonaCatalog;

    fn at(seq: i64, at: i64, event: Event) -> Recorded {
        Recorded { seq, at, event }
    }

    /// The layout of a one-step workflow and the event that creates its run.
    fn one_step() -> (Layout, Event) {
        let wf = skill_chains_core::format::load_workflow(
            "name: T\nphases:\n  - id: p\n    name: P\n    steps:\n      - {id: s, persona: SRE, action: A}\n",
            &PersonaCatalog::builtin(),
        )
        .workflow
        .unwrap();
        let created = Event::RunCreated {
            workflow_id: "t".into(),
            workflow_name: "T".into(),
            version: 1,
            origin: "test".into(),
            source: String::new(),
            options: RunOptions::default(),
        };
        (Layout::new(&wf), created)
    }

    #[test]
    fn a_person_states_when_the_work_really_happened() {
        let (layout, created) = one_step();
        let done = |actuals: Actuals| Event::StepCompleted {
            step: "s".into(),
            attempt: 1,
            artifact: "h".into(),
            outputs: Vec::new(),
            usage: Usage::default(),
            duration_ms: 0,
            metrics: BTreeMap::new(),
            by: Some("ana".into()),
            session_id: None,
            log: None,
            actuals,
        };
        let log = |actuals: Actuals| {
            vec![
                at(1, 100, created.clone()),
                at(
                    2,
                    200,
                    Event::StepWaiting {
                        step: "s".into(),
                        to: None,
                        reference: None,
                    },
                ),
                at(3, 900, done(actuals)),
            ]
        };
        // Unstated: due when it waited, finished when recorded.
        let s = &RunState::from_events("r", &layout, &log(Actuals::default()))
            .unwrap()
            .steps[0];
        assert_eq!(
            (s.started_at, s.finished_at, s.effort_minutes),
            (Some(200), Some(900), None)
        );
        let stated = Actuals {
            started_at: Some(50),
            finished_at: Some(700),
            effort_minutes: Some(240.0),
            confirmed: false,
        };
        let s = &RunState::from_events("r", &layout, &log(stated))
            .unwrap()
            .steps[0];
        assert_eq!(
            (s.started_at, s.finished_at, s.effort_minutes),
            (Some(50), Some(700), Some(240.0))
        );
    }

    #[test]
    fn paused_time_is_not_active_time() {
        let (layout, created) = one_step();
        let session = || Event::SessionStarted {
            pid: 1,
            host: "h".into(),
            resumed: false,
        };
        let paused = || Event::Paused {
            reason: PauseReason::Gate { gate: "p".into() },
        };
        let min = 60_000;
        let mut log = vec![
            at(1, 0, created),
            at(2, 0, session()),
            at(3, 10 * min, paused()),
        ];
        let active = |log: &[Recorded], now| {
            RunState::from_events("r", &layout, log)
                .unwrap()
                .active_ms(Some(now))
        };
        // Paused for a day: still the ten minutes before the gate.
        assert_eq!(active(&log, 24 * 60 * min), 10 * min as u64);
        // Cancelled a day later: the day waiting is not work.
        let mut cancelled = log.clone();
        cancelled.push(at(
            4,
            24 * 60 * min,
            Event::Cancelled {
                by: "ana".into(),
                reason: None,
            },
        ));
        assert_eq!(active(&cancelled, 48 * 60 * min), 10 * min as u64);
        // Resumed in a new session an hour later that runs five minutes.
        log.push(at(4, 70 * min, session()));
        log.push(at(5, 75 * min, Event::Completed));
        assert_eq!(active(&log, 999 * min), 15 * min as u64);
        // Resumed in the same session (a hold released): only the pause is
        // left out.
        let mut same = log[..3].to_vec();
        same.push(at(4, 40 * min, Event::Resumed { by: "ana".into() }));
        same.push(at(5, 45 * min, Event::Completed));
        assert_eq!(active(&same, 999 * min), 15 * min as u64);
    }
}
