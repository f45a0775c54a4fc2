//! A run's actuals against its plan: planned (critical-path) and actual
//! start, finish and effort per step, the facts a retrospective asks about
//! (loops, rejections, budget stops, criteria), and the history of every
//! person-step that calibration learns from.
//!
//! Actual effort: the effort a person stated; else the wall time between
//! the start and finish they stated (one of them may be when the step was
//! due or recorded), turned into working time (a business day is 8 of 24
//! hours, 5 of 7 days). A person's step with nothing stated is not measured:
//! its times are bookkeeping (when it was due, when `step done` ran), not
//! work. An automated step counts its measured duration. An actual under 5 %
//! or over 20x of the estimate is suspect and is not learned from unless the
//! person confirmed it (`step done --confirm`).

use skill_chains_core::catalog::Catalog;
use skill_chains_core::duration::Calendar;
use skill_chains_core::learn::calibrate::Sample;
use skill_chains_core::learn::criteria;
use skill_chains_core::learn::retro::{self, RunFacts, StepActual};
use skill_chains_core::plan::cpm::cpm;
use skill_chains_core::plan::graph::StepGraph;

use super::{LoadedRun, OpError, load_run};
use crate::event::{Event, PauseReason, Recorded};
use crate::state::{GateState, RunStatus};
use crate::store::Store;

/// Working minutes in `ms` of wall time under `calendar`. On the business
/// calendar a long span works 8 of 24 hours on 5 of 7 days; a span shorter
/// than a working day is taken as worked, all of it (up to 8 hours). So the
/// two minutes of an automated step are two minutes, and two weeks between
/// a person's dates are 80 hours; the two rules meet without a jump.
pub fn working_minutes(ms: i64, calendar: Calendar) -> f64 {
    let minutes = ms.max(0) as f64 / 60_000.0;
    match calendar {
        Calendar::Business => {
            let spread = minutes * (8.0 / 24.0) * (5.0 / 7.0);
            spread.max(minutes.min(8.0 * 60.0))
        }
        _ => minutes,
    }
}

/// Planned and actual times of every step of a run.
pub fn actuals(run: &LoadedRun) -> Vec<StepActual> {
    let wf = run.workflow();
    let graph = StepGraph::build(wf);
    let net = graph.network();
    let plan = cpm(net, &net.means());
    let start = run.state.created_at;
    let mut out = Vec::new();
    for (i, info) in run.layout.steps.iter().enumerate() {
        let Some(n) = graph.step(&info.id) else {
            continue;
        };
        let d = net.duration(n);
        let s = &run.state.steps[i];
        // The effort a person stated (`step done --effort`) over the time
        // between dates, when they stated any; never the bookkeeping alone.
        let effort = match (
            s.effort_minutes,
            s.by.is_some(),
            s.started_at,
            s.finished_at,
        ) {
            (Some(stated), ..) => Some(stated),
            (None, true, Some(a), Some(b)) if s.stated => Some(working_minutes(b - a, wf.calendar)),
            (None, false, _, Some(_)) => Some(s.duration_ms as f64 / 60_000.0),
            _ => None,
        };
        let effort = effort.filter(|_| s.completions > 0);
        let suspect = !s.confirmed && effort.is_some_and(|a| retro::suspect(a, d.mean()));
        out.push(StepActual {
            step: info.id.clone(),
            phase: wf.phases[graph.nodes[n].phase].id.value.clone(),
            persona: info.persona.clone(),
            planned_start: plan.early_start[n],
            planned_finish: plan.early_finish[n],
            planned_effort: d.mean(),
            planned_p80: d.mean() + 0.8416 * d.sd(),
            actual_start: s
                .started_at
                .map(|t| working_minutes(t - start, wf.calendar)),
            actual_finish: s
                .finished_at
                .map(|t| working_minutes(t - start, wf.calendar)),
            actual_effort: effort,
            suspect,
        });
    }
    out
}

pub fn facts(run: &LoadedRun, events: &[Recorded]) -> RunFacts {
    let mut f = RunFacts {
        criteria: criteria::evaluate(&run.workflow().success_criteria, &run.state.metrics),
        ..RunFacts::default()
    };
    for rec in events {
        match &rec.event {
            Event::DecisionTaken {
                phase, goto, count, ..
            } => {
                f.loops.retain(|(p, g, _)| !(p == phase && g == goto));
                f.loops.push((phase.clone(), goto.clone(), *count));
            }
            Event::GateRejected { gate, by, comment } => {
                f.rejections
                    .push((gate.clone(), by.clone(), comment.clone()))
            }
            Event::Paused {
                reason: PauseReason::Budget { reason },
            } => f.budget_overrun = Some(reason.clone()),
            _ => {}
        }
    }
    if run
        .state
        .gates
        .iter()
        .any(|g| matches!(g, GateState::Rejected { .. }))
        && f.rejections.is_empty()
    {
        f.rejections.push(("?".into(), "?".into(), None));
    }
    f
}

/// Every person-step of every stored run with a planned and a measured
/// actual effort that is not suspect.
pub fn history(store: &dyn Store, catalog: &Catalog) -> Result<Vec<Sample>, OpError> {
    let mut out = Vec::new();
    for row in store.runs()? {
        let Ok(run) = load_run(store, catalog, &row.id) else {
            continue;
        };
        if matches!(run.state.status, RunStatus::Cancelled) {
            continue;
        }
        let by: Vec<bool> = run.state.steps.iter().map(|s| s.by.is_some()).collect();
        for (s, person) in actuals(&run).into_iter().zip(by) {
            if let (Some(a), true) = (
                s.actual_effort,
                person && !s.suspect && s.planned_effort > 0.0,
            ) {
                out.push(Sample {
                    run: run.id.clone(),
                    workflow: run.workflow().id.clone(),
                    persona: s.persona,
                    step: s.step,
                    planned: s.planned_effort,
                    actual: a,
                });
            }
        }
    }
    Ok(out)
}
