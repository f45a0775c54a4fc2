//! Events: every state change of a run, as it is appended to the store.
//!
//! A run is its log. Nothing here decides anything: the runner appends events
//! and [`crate::state::RunState::apply`] folds them into the run's state, the
//! same way on the first run and on every resume.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

/// Tokens and money spent.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Usage {
    #[serde(default)]
    pub input_tokens: u64,
    #[serde(default)]
    pub output_tokens: u64,
    #[serde(default)]
    pub cost_usd: f64,
}

impl Usage {
    pub fn tokens(&self) -> u64 {
        self.input_tokens + self.output_tokens
    }
    pub fn add(&mut self, other: &Usage) {
        self.input_tokens += other.input_tokens;
        self.output_tokens += other.output_tokens;
        self.cost_usd += other.cost_usd;
    }
    pub fn is_zero(&self) -> bool {
        self.tokens() == 0 && self.cost_usd == 0.0
    }
}

/// When a step really started and finished, and the working time it took,
/// as a person states them; unset parts come from the log.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Actuals {
    /// Milliseconds since the epoch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub started_at: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub finished_at: Option<i64>,
    /// Working minutes spent (effort, not elapsed time).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effort_minutes: Option<f64>,
    /// The person confirmed these figures although they are far from the
    /// estimate (`step done --confirm`): calibration learns from them.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub confirmed: bool,
}

impl Actuals {
    pub fn is_empty(&self) -> bool {
        *self == Actuals::default()
    }

    /// Whether the person stated a start, a finish or an effort: without
    /// one, the step's times are only when it was due and when it was
    /// recorded (bookkeeping, not work), and it has no actual duration.
    pub fn stated(&self) -> bool {
        self.started_at.is_some() || self.finished_at.is_some() || self.effort_minutes.is_some()
    }
}

/// Hard limits on a run. A step that would start beyond one is not started.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Budget {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_cost_usd: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_tokens: Option<u64>,
    /// Active run time (paused time not counted), in milliseconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_duration_ms: Option<u64>,
}

impl Budget {
    /// This budget with the limits of `other` that are set.
    pub fn raised(mut self, other: &Budget) -> Budget {
        if other.max_cost_usd.is_some() {
            self.max_cost_usd = other.max_cost_usd;
        }
        if other.max_tokens.is_some() {
            self.max_tokens = other.max_tokens;
        }
        if other.max_duration_ms.is_some() {
            self.max_duration_ms = other.max_duration_ms;
        }
        self
    }
}

/// How hard each commit is pushed to disk.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Durability {
    /// WAL with synchronous=NORMAL: nothing committed is lost when the process
    /// is killed; a power cut may lose the last commits.
    #[default]
    Normal,
    /// synchronous=FULL: every commit is fsynced.
    Full,
}

/// How a run was asked to run; recorded at creation, changed only by events.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunOptions {
    pub concurrency: usize,
    /// Executor for every step, overriding the workflow and the config.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub executor: Option<String>,
    #[serde(default)]
    pub auto_approve: bool,
    #[serde(default)]
    pub allow_shell: bool,
    #[serde(default)]
    pub durability: Durability,
    #[serde(default)]
    pub budget: Budget,
    /// First retry delay; doubles per attempt, with jitter.
    #[serde(default = "default_backoff_ms")]
    pub backoff_ms: u64,
    /// Executor settings given on the command line (base URL, model).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub settings: BTreeMap<String, String>,
    /// Phases that may not start until released (`HoldReleased`): a
    /// program's handoffs into this workflow.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub holds: Vec<Hold>,
    /// The program run this run is a member of.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub program: Option<ProgramLink>,
}

/// A phase held until other workflows of the program get somewhere.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Hold {
    pub phase: String,
    /// What it waits for, as people read it: `api: phase build done`.
    pub waits_for: String,
    /// The points that release it, all of them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub after: Vec<HoldPoint>,
}

/// A point another member run reaches.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "at", rename_all = "snake_case")]
pub enum HoldPoint {
    /// The member run completed.
    Finish { member: String },
    /// The steps of the member's phase are done.
    PhaseDone { member: String, phase: String },
    /// The member produced the artifact.
    Artifact { member: String, artifact: String },
}

impl HoldPoint {
    pub fn member(&self) -> &str {
        match self {
            HoldPoint::Finish { member }
            | HoldPoint::PhaseDone { member, .. }
            | HoldPoint::Artifact { member, .. } => member,
        }
    }
}

impl fmt::Display for HoldPoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HoldPoint::Finish { member } => write!(f, "{member} to finish"),
            HoldPoint::PhaseDone { member, phase } => write!(f, "{member}: phase {phase} done"),
            HoldPoint::Artifact { member, artifact } => write!(f, "{member}: {artifact}"),
        }
    }
}

/// A member run's place in a program run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProgramLink {
    /// The program run's id (shared by its member runs).
    pub run: String,
    pub program_id: String,
    /// The member's id in the program.
    pub member: String,
    /// The member's place in the program's list.
    #[serde(default)]
    pub index: usize,
}

fn default_backoff_ms() -> u64 {
    500
}

impl Default for RunOptions {
    fn default() -> Self {
        RunOptions {
            concurrency: 4,
            executor: None,
            auto_approve: false,
            allow_shell: false,
            durability: Durability::Normal,
            budget: Budget::default(),
            backoff_ms: default_backoff_ms(),
            settings: BTreeMap::new(),
            holds: Vec::new(),
            program: None,
        }
    }
}

/// Why a run stopped without finishing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PauseReason {
    /// Ctrl-C: in-flight steps finished, nothing new started.
    Interrupted,
    /// A second Ctrl-C: in-flight steps were abandoned and will be retried.
    Aborted,
    /// A checkpoint waits for `approve` or `reject`.
    Gate { gate: String },
    /// Steps wait for a person (`step done`).
    Manual { steps: Vec<String> },
    /// A budget would be exceeded by the next step.
    Budget { reason: String },
    /// The next phase is held for another workflow of the program.
    Held { phase: String, waits_for: String },
    /// A decision at the end of `phase` cannot be evaluated: its condition
    /// reads a metric nobody recorded. The run neither takes nor passes
    /// the branch: it waits for `metric`, then `resume`.
    Metric {
        phase: String,
        condition: String,
        reason: String,
    },
}

impl PauseReason {
    /// The run status it gives, for lists and `status`.
    pub fn status_name(&self) -> &'static str {
        match self {
            PauseReason::Gate { .. } => "awaiting-approval",
            PauseReason::Manual { .. } => "awaiting-person",
            PauseReason::Budget { .. } => "over-budget",
            PauseReason::Held { .. } => "awaiting-handoff",
            PauseReason::Metric { .. } => "awaiting-metric",
            PauseReason::Interrupted | PauseReason::Aborted => "paused",
        }
    }
}

/// One state change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Event {
    RunCreated {
        workflow_id: String,
        workflow_name: String,
        version: u32,
        /// Where the workflow came from (a file or a built-in).
        origin: String,
        /// The workflow text, so a resume runs what was started.
        source: String,
        options: RunOptions,
    },
    /// A process took the run (first start or resume).
    SessionStarted {
        pid: u32,
        host: String,
        resumed: bool,
    },
    StepStarted {
        step: String,
        attempt: u32,
        executor: String,
    },
    StepCompleted {
        step: String,
        attempt: u32,
        /// Content hash of the step's output.
        artifact: String,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        outputs: Vec<String>,
        #[serde(default, skip_serializing_if = "Usage::is_zero")]
        usage: Usage,
        #[serde(default)]
        duration_ms: u64,
        #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
        metrics: BTreeMap<String, serde_json::Value>,
        /// The person who recorded it, for manual steps.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        by: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        session_id: Option<String>,
        /// Content hash of the step's log (stderr, raw response), if any.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        log: Option<String>,
        /// Actuals a person states (`step done --started/--finished/--effort`):
        /// a migration step is recorded when it is done, not when it ran.
        #[serde(default, skip_serializing_if = "Actuals::is_empty")]
        actuals: Actuals,
    },
    StepFailed {
        step: String,
        attempt: u32,
        error: String,
        retryable: bool,
        will_retry: bool,
        #[serde(default, skip_serializing_if = "Usage::is_zero")]
        usage: Usage,
        #[serde(default)]
        duration_ms: u64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        log: Option<String>,
    },
    /// The step was in flight when its process stopped; it runs again.
    StepInterrupted {
        step: String,
        attempt: u32,
    },
    /// The step waits for a person (or another system) to finish it.
    StepWaiting {
        step: String,
        /// Who or what it was handed to (not recorded by older versions).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        to: Option<String>,
        /// How to follow it up: the command that completes it, a ticket id.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reference: Option<String>,
    },
    GateOpened {
        gate: String,
    },
    GateApproved {
        gate: String,
        by: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        comment: Option<String>,
        #[serde(default)]
        auto: bool,
        /// Required criteria that were not met when a person approved anyway
        /// (`approve --override`; the reason is the comment).
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        overridden: Vec<String>,
    },
    GateRejected {
        gate: String,
        by: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        comment: Option<String>,
    },
    /// A decision point's condition held, or its gate was rejected (then
    /// `rejected_by` names who, and the condition was not evaluated);
    /// `count` is how often it has now been taken.
    DecisionTaken {
        phase: String,
        index: usize,
        condition: String,
        goto: String,
        count: u32,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        rejected_by: Option<String>,
    },
    /// A decision point could not be evaluated (a metric nobody recorded).
    DecisionSkipped {
        phase: String,
        index: usize,
        condition: String,
        reason: String,
    },
    /// The run moved to a phase; going back resets that phase and those after it.
    PhaseEntered {
        phase: String,
    },
    Paused {
        reason: PauseReason,
    },
    Resumed {
        by: String,
    },
    BudgetChanged {
        budget: Budget,
    },
    Cancelled {
        by: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reason: Option<String>,
    },
    Failed {
        reason: String,
    },
    Completed,
    /// A held phase may start: the program run saw its handoff happen.
    HoldReleased {
        phase: String,
        by: String,
    },
    /// A metric recorded outside a step (`skill-chains metric <run> name=value`).
    MetricRecorded {
        name: String,
        value: serde_json::Value,
        by: String,
    },
}

impl Event {
    /// The snake_case name of the event kind, as stored.
    pub fn kind(&self) -> &'static str {
        match self {
            Event::RunCreated { .. } => "run_created",
            Event::SessionStarted { .. } => "session_started",
            Event::StepStarted { .. } => "step_started",
            Event::StepCompleted { .. } => "step_completed",
            Event::StepFailed { .. } => "step_failed",
            Event::StepInterrupted { .. } => "step_interrupted",
            Event::StepWaiting { .. } => "step_waiting",
            Event::GateOpened { .. } => "gate_opened",
            Event::GateApproved { .. } => "gate_approved",
            Event::GateRejected { .. } => "gate_rejected",
            Event::DecisionTaken { .. } => "decision_taken",
            Event::DecisionSkipped { .. } => "decision_skipped",
            Event::PhaseEntered { .. } => "phase_entered",
            Event::Paused { .. } => "paused",
            Event::Resumed { .. } => "resumed",
            Event::BudgetChanged { .. } => "budget_changed",
            Event::Cancelled { .. } => "cancelled",
            Event::Failed { .. } => "failed",
            Event::Completed => "completed",
            Event::MetricRecorded { .. } => "metric_recorded",
            Event::HoldReleased { .. } => "hold_released",
        }
    }

    /// The step an event is about, if any.
    pub fn step(&self) -> Option<&str> {
        match self {
            Event::StepStarted { step, .. }
            | Event::StepCompleted { step, .. }
            | Event::StepFailed { step, .. }
            | Event::StepInterrupted { step, .. }
            | Event::StepWaiting { step, .. } => Some(step),
            _ => None,
        }
    }

    /// The run status this event moves to, for the run list.
    pub fn status_name(&self) -> Option<&'static str> {
        Some(match self {
            Event::RunCreated { .. } | Event::SessionStarted { .. } | Event::Resumed { .. } => {
                "running"
            }
            Event::Paused { reason } => reason.status_name(),
            Event::Cancelled { .. } => "cancelled",
            Event::Failed { .. } => "failed",
            Event::Completed => "completed",
            _ => return None,
        })
    }
}

/// An event as stored: its sequence number and time.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Recorded {
    pub seq: i64,
    /// Milliseconds since the Unix epoch.
    pub at: i64,
    #[serde(flatten)]
    pub event: Event,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_round_trip_as_tagged_json() {
        let e = Event::StepCompleted {
            step: "assess".into(),
            attempt: 1,
            artifact: "abc".into(),
            outputs: vec!["assessment".into()],
            usage: Usage::default(),
            duration_ms: 3,
            metrics: BTreeMap::new(),
            by: None,
            session_id: None,
            log: None,
            actuals: Actuals::default(),
        };
        let text = serde_json::to_string(&e).unwrap();
        assert!(text.starts_with(r#"{"type":"step_completed""#), "{text}");
        assert!(!text.contains("usage"), "zero usage is not stored: {text}");
        assert!(!text.contains("actuals"), "{text}");
        assert_eq!(serde_json::from_str::<Event>(&text).unwrap(), e);
        assert_eq!(e.kind(), "step_completed");
        let b = Budget::default().raised(&Budget {
            max_cost_usd: Some(2.0),
            ..Budget::default()
        });
        assert_eq!(b.max_cost_usd, Some(2.0));
    }

    #[test]
    fn a_waiting_step_reads_with_or_without_its_reference() {
        let old: Event = serde_json::from_str(r#"{"type":"step_waiting","step":"s"}"#).unwrap();
        assert_eq!(
            old,
            Event::StepWaiting {
                step: "s".into(),
                to: None,
                reference: None
            }
        );
        assert_eq!(
            serde_json::to_string(&old).unwrap(),
            r#"{"type":"step_waiting","step":"s"}"#
        );
        let new = Event::StepWaiting {
            step: "s".into(),
            to: Some("a person".into()),
            reference: Some("skill-chains step done r s".into()),
        };
        let text = serde_json::to_string(&new).unwrap();
        assert!(
            text.contains(r#""reference":"skill-chains step done r s""#),
            "{text}"
        );
        assert_eq!(serde_json::from_str::<Event>(&text).unwrap(), new);
    }
}
