//! A run as `status` shows it: phases, steps, who or what is running,
//! gates, costs per step, per persona and in total, success criteria
//! against the metrics recorded so far, and the command that moves it on.

use std::collections::BTreeMap;

use serde::Serialize;
use skill_chains_core::duration::Calendar;
use skill_chains_core::learn::criteria::{self, CriterionResult};

use super::LoadedRun;
use crate::clock::{format_utc, now_ms};
use crate::event::{Budget, PauseReason, Usage};
use crate::runner::unmet_criteria;
use crate::state::{GateState, RunStatus, StepStatus};
use crate::store::Lease;

#[derive(Debug, Serialize)]
pub struct RunSummary {
    pub run: String,
    pub workflow_id: String,
    pub workflow_name: String,
    /// The version of the workflow this run runs.
    pub version: u32,
    pub status: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    pub phase: String,
    pub created_at: String,
    pub updated_at: String,
    pub active_ms: u64,
    /// The workflow's calendar: the days and weeks its effort is told in.
    pub calendar: Calendar,
    pub sessions: u32,
    pub steps_done: usize,
    pub steps_total: usize,
    pub usage: Usage,
    pub budget: Budget,
    pub cost_by_persona: Vec<PersonaCost>,
    pub phases: Vec<PhaseSummary>,
    pub loops: BTreeMap<String, u32>,
    pub metrics: BTreeMap<String, serde_json::Value>,
    /// The workflow's success criteria against the metrics recorded so far.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub criteria: Vec<CriterionResult>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub held_by: Option<Lease>,
    /// The command that moves the run on, if one is needed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
    /// The exit status of a command that leaves the run like this: 0
    /// completed (or running elsewhere), 3 paused, 1 failed or cancelled.
    #[serde(skip)]
    pub exit_status: u8,
}

#[derive(Debug, Serialize)]
pub struct PersonaCost {
    pub persona: String,
    pub cost_usd: f64,
    pub tokens: u64,
}

#[derive(Debug, Serialize)]
pub struct PhaseSummary {
    pub id: String,
    pub name: String,
    pub gate: Option<GateState>,
    /// Criteria the gate requires that are not met now.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unmet_criteria: Vec<String>,
    /// Actual start (its first step's) and finish (its last step's, once
    /// every step is done), UTC.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub started_at: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub finished_at: Option<String>,
    pub steps: Vec<StepSummary>,
}

#[derive(Debug, Serialize)]
pub struct StepSummary {
    pub id: String,
    pub persona: String,
    pub executor: Option<String>,
    pub status: StepStatus,
    pub attempts: u32,
    pub interruptions: u32,
    pub completions: u32,
    pub usage: Usage,
    pub duration_ms: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub artifact: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
    /// Actual start and finish (UTC), as recorded or as a person stated them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub started_at: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub finished_at: Option<String>,
    /// Working minutes a person stated (`step done --effort`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub effort_minutes: Option<f64>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub metrics: BTreeMap<String, serde_json::Value>,
}

impl RunSummary {
    pub fn new(run: &LoadedRun, held_by: Option<Lease>) -> RunSummary {
        let state = &run.state;
        let layout = &run.layout;
        let (reason, next) = match &state.status {
            RunStatus::Paused { reason } => {
                let (why, next) = match reason {
                    PauseReason::Gate { gate } => {
                        let unmet = layout
                            .phase_index(gate)
                            .map(|p| unmet_criteria(run.workflow(), p, &state.metrics))
                            .unwrap_or_default();
                        // Where approval leads, by the decisions now (a stale
                        // workflow is not driven, so it says nothing).
                        let then = layout
                            .phase_index(gate)
                            .zip(run.ensure_current().ok())
                            .map(|(p, wf)| {
                                let next = crate::decision::where_next(wf, layout, state, p);
                                format!("; approved, the run {next}")
                            })
                            .unwrap_or_default();
                        if unmet.is_empty() {
                            (
                                format!("the gate `{gate}` waits for approval{then}"),
                                format!("skill-chains approve {} {gate}", run.id),
                            )
                        } else {
                            (
                                format!(
                                    "the gate `{gate}` waits for approval and for criteria it requires: {}{then}",
                                    unmet.join("; ")
                                ),
                                {
                                    // Name what is not recorded; a missed one is re-measured.
                                    let wf = run.workflow();
                                    let required: Vec<String> = layout
                                        .phase_index(gate)
                                        .and_then(|p| wf.phases[p].checkpoint.as_ref())
                                        .map(|c| {
                                            c.criteria.iter().map(|r| r.value.clone()).collect()
                                        })
                                        .unwrap_or_default();
                                    let names = skill_chains_core::learn::criteria::required_names(
                                        &required,
                                        &wf.success_criteria,
                                    );
                                    let missing: Vec<String> = names
                                        .iter()
                                        .filter(|n| !state.metrics.contains_key(*n))
                                        .map(|n| format!("{n}=VALUE"))
                                        .collect();
                                    let pairs = if missing.is_empty() {
                                        "NAME=VALUE".to_string()
                                    } else {
                                        missing.join(" ")
                                    };
                                    format!(
                                        "skill-chains metric {} {pairs} (or approve {} {gate} --override \"reason\")",
                                        run.id, run.id
                                    )
                                },
                            )
                        }
                    }
                    PauseReason::Manual { steps } => (
                        format!("waiting for a person: {}", steps.join(", ")),
                        format!(
                            "skill-chains step done {} {} --text \"...\"",
                            run.id, steps[0]
                        ),
                    ),
                    PauseReason::Budget { reason } => (
                        reason.clone(),
                        format!("skill-chains resume {} --max-cost-usd <more>", run.id),
                    ),
                    PauseReason::Interrupted => (
                        "interrupted (Ctrl-C)".into(),
                        format!("skill-chains resume {}", run.id),
                    ),
                    PauseReason::Aborted => (
                        "aborted (second Ctrl-C); in-flight steps will run again".into(),
                        format!("skill-chains resume {}", run.id),
                    ),
                    PauseReason::Metric {
                        phase,
                        condition,
                        reason,
                    } => (
                        format!(
                            "the decision `{condition}` after phase `{phase}` cannot be evaluated ({reason}): it waits for the metric"
                        ),
                        {
                            let names = crate::decision::unrecorded(
                                condition,
                                &crate::decision::variables(layout, state),
                            );
                            // Recorded since it paused: it only needs to go on.
                            if names.is_empty() {
                                format!("skill-chains resume {}", run.id)
                            } else {
                                let pairs = names
                                    .iter()
                                    .map(|n| format!("{n}=VALUE"))
                                    .collect::<Vec<_>>()
                                    .join(" ");
                                format!(
                                    "skill-chains metric {} {pairs}, then skill-chains resume {}",
                                    run.id, run.id
                                )
                            }
                        },
                    ),
                    PauseReason::Held { phase, waits_for } => (
                        format!("phase `{phase}` waits for {waits_for}"),
                        match &state.options.program {
                            Some(p) => format!("skill-chains resume {}", p.run),
                            None => format!("skill-chains resume {}", run.id),
                        },
                    ),
                };
                (Some(why), Some(next))
            }
            RunStatus::Failed { reason } => (
                Some(reason.clone()),
                Some(format!("skill-chains resume {}", run.id)),
            ),
            RunStatus::Running if held_by.is_none() => (
                Some("no process holds it (it was killed?)".into()),
                Some(format!("skill-chains resume {}", run.id)),
            ),
            _ => (None, None),
        };
        let phases = layout
            .phases
            .iter()
            .enumerate()
            .map(|(p, ph)| PhaseSummary {
                id: ph.id.clone(),
                name: ph.name.clone(),
                gate: ph.gate.then(|| state.gates[p].clone()),
                unmet_criteria: if ph.gate && state.gates[p] == GateState::Open {
                    unmet_criteria(run.workflow(), p, &state.metrics)
                } else {
                    Vec::new()
                },
                started_at: ph
                    .steps
                    .clone()
                    .filter_map(|i| state.steps[i].started_at)
                    .min()
                    .map(format_utc),
                finished_at: state
                    .phase_done(layout, p)
                    .then(|| {
                        ph.steps
                            .clone()
                            .filter_map(|i| state.steps[i].finished_at)
                            .max()
                    })
                    .flatten()
                    .map(format_utc),
                steps: ph
                    .steps
                    .clone()
                    .map(|i| {
                        let s = &state.steps[i];
                        StepSummary {
                            id: s.id.clone(),
                            persona: layout.steps[i].persona.clone(),
                            executor: s.executor.clone(),
                            status: s.status,
                            attempts: s.attempts,
                            interruptions: s.interruptions,
                            completions: s.completions,
                            usage: s.usage,
                            duration_ms: s.duration_ms,
                            artifact: s.artifact.clone(),
                            error: s.error.clone(),
                            by: s.by.clone(),
                            started_at: s.started_at.map(format_utc),
                            finished_at: s.finished_at.map(format_utc),
                            effort_minutes: s.effort_minutes,
                            metrics: s.metrics.clone(),
                        }
                    })
                    .collect(),
            })
            .collect();
        RunSummary {
            calendar: run.workflow().calendar,
            run: run.id.clone(),
            workflow_id: state.workflow_id.clone(),
            workflow_name: state.workflow_name.clone(),
            version: run.workflow().version,
            status: state.status.name().to_string(),
            reason,
            phase: layout
                .phases
                .get(state.phase)
                .map(|p| p.id.clone())
                .unwrap_or_default(),
            created_at: format_utc(state.created_at),
            updated_at: format_utc(state.updated_at),
            active_ms: state.active_ms(Some(now_ms())),
            sessions: state.sessions,
            steps_done: state
                .steps
                .iter()
                .filter(|s| s.status == StepStatus::Done)
                .count(),
            steps_total: state.steps.len(),
            usage: state.usage,
            budget: state.options.budget,
            cost_by_persona: state
                .cost_by_persona(layout)
                .into_iter()
                .filter(|(_, u)| !u.is_zero())
                .map(|(persona, u)| PersonaCost {
                    persona,
                    cost_usd: u.cost_usd,
                    tokens: u.tokens(),
                })
                .collect(),
            phases,
            loops: state.loops.clone(),
            metrics: state.metrics.clone(),
            criteria: criteria::evaluate(&run.workflow().success_criteria, &state.metrics),
            held_by,
            next,
            exit_status: exit_status(&state.status),
        }
    }
}

/// See [`RunSummary::exit_status`].
pub fn exit_status(status: &RunStatus) -> u8 {
    match status {
        RunStatus::Completed | RunStatus::Running => 0,
        RunStatus::Paused { .. } => 3,
        RunStatus::Failed { .. } | RunStatus::Cancelled => 1,
    }
}
