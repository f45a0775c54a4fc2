//! What people do to a run: pass or refuse a gate, record a step a person
//! carried out, record metrics, cancel, resume. Each appends its events in
//! one batch and, unless told not to, drives the run on from here.

use std::collections::BTreeMap;

use skill_chains_core::duration::{Calendar, parse_duration};
use skill_chains_core::learn::criteria::{self, CriterionResult};

use super::drive::{continue_loaded, summarize};
use super::{LoadedRun, OpError, RunEnv, RunSummary, load_run, person};
use crate::event::{Actuals, Budget, Event};
use crate::runner::{LEASE_TTL_MS, reject_gate, unmet_criteria};
use crate::state::{GateState, RunStatus, StepStatus};
use crate::store::{Batch, Lease, Store};
use crate::{artifact, clock};

/// The phase index of the open gate `gate` (or of the first open gate).
pub fn open_gate(run: &LoadedRun, gate: Option<&str>) -> Result<usize, OpError> {
    let open: Vec<usize> = (0..run.layout.phases.len())
        .filter(|&p| run.state.gates[p] == GateState::Open)
        .collect();
    match gate {
        Some(g) => {
            let p = run.layout.phase_index(g).ok_or_else(|| {
                OpError::Refused(format!(
                    "run {} has no gate `{g}`\nhelp: gates are the ids of phases with a checkpoint: {}",
                    run.id,
                    run.layout
                        .phases
                        .iter()
                        .filter(|p| p.gate)
                        .map(|p| p.id.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ))
            })?;
            if !open.contains(&p) {
                return Err(OpError::Refused(format!(
                    "the gate `{g}` of run {} is not waiting for a decision (run status: {})",
                    run.id,
                    run.state.status.name()
                )));
            }
            Ok(p)
        }
        None => open.first().copied().ok_or_else(|| {
            OpError::Refused(format!(
                "run {} is not waiting at a gate (status: {})",
                run.id,
                run.state.status.name()
            ))
        }),
    }
}

/// A run a person acts on to move it forward: refused when its workflow no
/// longer checks, before anything is recorded.
fn load_current(store: &dyn Store, env: &RunEnv, run: &str) -> Result<LoadedRun, OpError> {
    let run = load_run(store, env.catalog, run)?;
    run.ensure_current()?;
    Ok(run)
}

/// Append what a person did, then drive the run on from here (`go_on`).
fn record_and_go_on(
    env: &RunEnv,
    store: &mut dyn Store,
    run: LoadedRun,
    batch: Batch,
    go_on: bool,
) -> Result<RunSummary, OpError> {
    store.append(&run.id, batch)?;
    continue_loaded(env, store, run, go_on)
}

/// A decision at a gate.
pub struct GateDecision<'a> {
    /// The gate (its phase id); `None`: the gate the run waits at.
    pub gate: Option<&'a str>,
    /// Who decides (default: the user here).
    pub by: Option<String>,
    pub comment: Option<String>,
    /// Approve although criteria the gate requires are unmet; recorded.
    pub override_reason: Option<String>,
    /// Drive the run on from here afterwards.
    pub go_on: bool,
}

/// Pass a gate. A gate whose checkpoint requires success criteria that are
/// missed or not measured is refused unless an override reason is given;
/// then the criteria passed over are recorded with the approval.
pub fn approve(
    env: &RunEnv,
    store: &mut dyn Store,
    run: &str,
    decision: GateDecision,
) -> Result<RunSummary, OpError> {
    let run = load_current(store, env, run)?;
    let p = open_gate(&run, decision.gate)?;
    let gate = run.layout.phases[p].id.clone();
    let unmet = unmet_criteria(run.workflow(), p, &run.state.metrics);
    let overridden = match (&decision.override_reason, unmet.is_empty()) {
        (_, true) => Vec::new(),
        (Some(reason), false) if !reason.trim().is_empty() => unmet,
        _ => {
            return Err(OpError::Refused(format!(
                "the gate `{gate}` requires success criteria that are not met:\n{}\nhelp: record the measurements with `skill-chains metric {} NAME=VALUE`, or approve anyway with `--override \"reason\"` (recorded)",
                unmet
                    .iter()
                    .map(|u| format!("  - {u}"))
                    .collect::<Vec<_>>()
                    .join("\n"),
                run.id
            )));
        }
    };
    let event = Event::GateApproved {
        gate,
        by: person(decision.by),
        comment: decision.override_reason.or(decision.comment),
        auto: false,
        overridden,
    };
    record_and_go_on(env, store, run, Batch::of(vec![event]), decision.go_on)
}

/// Refuse a gate: the phase's loop-back decision is taken (within its
/// `max_loops`), or the run fails.
pub fn reject(
    env: &RunEnv,
    store: &mut dyn Store,
    run: &str,
    decision: GateDecision,
) -> Result<RunSummary, OpError> {
    let run = load_current(store, env, run)?;
    let p = open_gate(&run, decision.gate)?;
    let by = person(decision.by);
    // An override has nothing to pass over here: its reason is the comment.
    let comment = decision.override_reason.or(decision.comment);
    let events = reject_gate(
        run.ensure_current()?,
        &run.layout,
        &run.state,
        p,
        &by,
        comment,
    );
    record_and_go_on(env, store, run, Batch::of(events), decision.go_on)
}

/// What a person did for a step.
#[derive(Debug, Default)]
pub struct StepDone {
    pub step: String,
    /// The deliverable's text.
    pub text: String,
    /// Metrics given beside the text (the text's own `metric` lines count too).
    pub metrics: Vec<(String, serde_json::Value)>,
    pub by: Option<String>,
    /// When the work really started and finished (the forms
    /// [`clock::parse_instant`] reads), and the working time spent.
    pub started: Option<String>,
    pub finished: Option<String>,
    pub effort: Option<String>,
    /// The figures are right although far from the estimate: learn from them.
    pub confirm: bool,
    pub go_on: bool,
}

/// Record the result of a step a person carried out. The dates are when the
/// work really happened: the step's actual start and finish for
/// retrospectives and calibration.
pub fn step_done(
    env: &RunEnv,
    store: &mut dyn Store,
    run: &str,
    done: StepDone,
) -> Result<RunSummary, OpError> {
    let run = load_current(store, env, run)?;
    let Some(&i) = run.layout.index.get(&done.step) else {
        return Err(OpError::Refused(format!(
            "run {} has no step `{}`\nhelp: `skill-chains status {}` lists them",
            run.id, done.step, run.id
        )));
    };
    let s = &run.state.steps[i];
    let phase = run.layout.steps[i].phase;
    let blocked = run.layout.preds[i]
        .iter()
        .any(|&p| run.state.steps[p].status != StepStatus::Done);
    if s.status == StepStatus::Done || phase != run.state.phase || blocked {
        return Err(OpError::Refused(format!(
            "step `{}` is {} and not up now (the run is in phase `{}`; a step waits for the steps it needs)",
            done.step,
            serde_json::to_value(s.status)
                .unwrap_or_default()
                .as_str()
                .unwrap_or("?"),
            run.layout.phases[run.state.phase].id
        )));
    }
    let mut metrics = artifact::metrics(&done.text);
    metrics.extend(done.metrics.iter().cloned());
    let actuals = actuals(&done, s.started_at, run.workflow().calendar)?;
    let started = actuals.started_at.or(s.started_at);
    let finished = actuals.finished_at.unwrap_or_else(clock::now_ms);
    let hash = artifact::hash(done.text.as_bytes());
    let event = Event::StepCompleted {
        step: done.step.clone(),
        attempt: s.attempts.max(1),
        artifact: hash.clone(),
        outputs: Vec::new(),
        usage: Default::default(),
        duration_ms: started.map(|t| (finished - t).max(0) as u64).unwrap_or(0),
        metrics,
        by: Some(person(done.by)),
        session_id: None,
        log: None,
        actuals,
    };
    let batch = Batch {
        artifacts: vec![(hash, done.text.into_bytes())],
        events: vec![event],
    };
    record_and_go_on(env, store, run, batch, done.go_on)
}

/// The dates and effort given, checked: a date that reads, a finish not
/// before the start and not after now, an effort that is a duration.
fn actuals(done: &StepDone, due: Option<i64>, calendar: Calendar) -> Result<Actuals, OpError> {
    let date = |flag: &str, text: &Option<String>| -> Result<Option<i64>, OpError> {
        text.as_deref()
            .map(|t| {
                clock::parse_instant(t).map_err(|e| OpError::Invalid(format!("--{flag}: {e}")))
            })
            .transpose()
    };
    let started_at = date("started", &done.started)?;
    let finished_at = date("finished", &done.finished)?;
    let now = clock::now_ms();
    for (flag, at) in [("started", started_at), ("finished", finished_at)] {
        if let Some(t) = at.filter(|&t| t > now) {
            return Err(OpError::Invalid(format!(
                "--{flag} {} is in the future (now is {})\nhelp: record a step when it is done; dates are UTC unless they carry an offset",
                clock::format_utc(t),
                clock::format_utc(now)
            )));
        }
    }
    let finish = finished_at.unwrap_or(now);
    if let Some(start) = started_at.or(due)
        && finish < start
    {
        let which = if started_at.is_some() {
            "--started"
        } else {
            "the time the step became due (pass --started for the real start)"
        };
        return Err(OpError::Invalid(format!(
            "the step finishes ({}) before it starts ({}, {which})\nhelp: --finished must not be before --started",
            clock::format_utc(finish),
            clock::format_utc(start)
        )));
    }
    let effort_minutes = match &done.effort {
        Some(text) => {
            let d = parse_duration(text, calendar).map_err(|e| {
                OpError::Invalid(format!(
                    "--effort {text}: {e}\nhelp: write e.g. `3d`, `2w` or `6h`"
                ))
            })?;
            if d.minutes() <= 0.0 {
                return Err(OpError::Invalid(format!(
                    "--effort {text}: the effort must be more than zero"
                )));
            }
            Some(d.minutes())
        }
        None => None,
    };
    Ok(Actuals {
        started_at,
        finished_at,
        effort_minutes,
        confirmed: done.confirm,
    })
}

/// Metrics recorded on a run, with its success criteria against all of its
/// metrics now.
#[derive(Debug, serde::Serialize)]
pub struct MetricsRecorded {
    pub run: String,
    pub recorded: Vec<(String, serde_json::Value)>,
    pub criteria: Vec<CriterionResult>,
}

/// Record metrics a run measured outside its steps (a dashboard, a load
/// test), for success criteria and decisions.
pub fn metric(
    env: &RunEnv,
    store: &mut dyn Store,
    run: &str,
    pairs: Vec<(String, serde_json::Value)>,
    by: Option<String>,
) -> Result<MetricsRecorded, OpError> {
    let run = load_run(store, env.catalog, run)?;
    let by = person(by);
    let events = pairs
        .iter()
        .map(|(name, value)| Event::MetricRecorded {
            name: name.clone(),
            value: value.clone(),
            by: by.clone(),
        })
        .collect();
    store.append(&run.id, Batch::of(events))?;
    let mut metrics: BTreeMap<String, serde_json::Value> = run.state.metrics.clone();
    metrics.extend(pairs.iter().cloned());
    let criteria = criteria::evaluate(&run.workflow().success_criteria, &metrics);
    Ok(MetricsRecorded {
        run: run.id,
        recorded: pairs,
        criteria,
    })
}

/// Stop a run for good. A process running it stops within a second (its
/// in-flight steps are recorded as interrupted). A finished run is left as
/// it is.
pub fn cancel(
    env: &RunEnv,
    store: &mut dyn Store,
    run: &str,
    reason: Option<String>,
    by: Option<String>,
) -> Result<RunSummary, OpError> {
    let mut run = load_run(store, env.catalog, run)?;
    if !run.state.status.is_final() {
        let event = Event::Cancelled {
            by: person(by),
            reason,
        };
        store.append(&run.id, Batch::of(vec![event]))?;
        run.refresh(store)?;
    }
    summarize(store, &run)
}

/// Continue a paused, failed or killed run where it stopped, with budgets
/// raised by `raise`. No step whose completion was recorded runs again; a
/// step that was in flight runs again (recorded as interrupted).
pub fn resume(
    env: &RunEnv,
    store: &mut dyn Store,
    run: &str,
    raise: Budget,
) -> Result<RunSummary, OpError> {
    let mut run = load_run(store, env.catalog, run)?;
    if run.state.status.is_final() {
        return summarize(store, &run);
    }
    run.ensure_current()?;
    let mut batch = Batch::default();
    if raise != Budget::default() {
        batch.events.push(Event::BudgetChanged {
            budget: run.state.options.budget.raised(&raise),
        });
    }
    batch.events.push(Event::Resumed { by: person(None) });
    // Take the run before recording anything, so a second resume is refused cleanly.
    let lease = Lease::this_process(LEASE_TTL_MS);
    store.acquire_lease(&run.id, &lease)?;
    let recorded = store.append(&run.id, batch);
    store.release_lease(&run.id, &lease)?;
    recorded?;
    run.refresh(store)?;
    super::drive(env, store, &run, true)?;
    run.refresh(store)?;
    summarize(store, &run)
}

/// Whether a run stopped without a person's decision (Ctrl-C, a failure, a
/// budget): what `resume` of a program run resumes.
pub(super) fn stopped(status: &RunStatus) -> bool {
    use crate::event::PauseReason;
    match status {
        RunStatus::Failed { .. } => true,
        RunStatus::Paused { reason } => matches!(
            reason,
            PauseReason::Interrupted
                | PauseReason::Aborted
                | PauseReason::Budget { .. }
                | PauseReason::Metric { .. }
        ),
        _ => false,
    }
}
