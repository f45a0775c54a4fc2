//! Program runs: one durable run per member workflow, created together
//! under one program run id. Each member run holds the phases its handoffs
//! wait for (a sequence's next workflow holds its first phase, a converge
//! its `phase`, an escalation the phase after its pause); the program run
//! releases a hold when every point it waits for is reached, and drives each
//! member as far as it can go, until all are done or every one waits for a
//! person, a gate or a budget. Resuming the program run goes on from there.
//!
//! Members that can run run side by side, each on its own connection to the
//! store (one after another when a person may be asked at this terminal); a
//! member that waits (a person, a gate) does not stop the others. A cycle
//! runs once; its further rounds are a planning estimate, not re-run.

use std::collections::BTreeMap;

use serde::Serialize;
use skill_chains_core::compose::arcs::{Mark, handoff_arcs};
use skill_chains_core::compose::{Origin, Program};
use skill_chains_core::format::write::to_yaml;

use super::{LoadedRun, OpError, RunEnv, load_run, person};
use crate::event::{Event, Hold, HoldPoint, PauseReason, ProgramLink, RunOptions};
use crate::state::{RunState, RunStatus};
use crate::store::{Batch, Store};

/// The holds of each member: the phases its handoffs wait for, with the
/// points of other members that release them.
pub fn holds(program: &Program) -> Vec<Vec<Hold>> {
    let mut out: Vec<BTreeMap<usize, Vec<HoldPoint>>> =
        vec![BTreeMap::new(); program.members.len()];
    for arc in handoff_arcs(program) {
        let (Some(from), Some(to)) = (
            program.members[arc.from].workflow(),
            program.members[arc.to].workflow(),
        ) else {
            continue;
        };
        // A hold past the last phase (pausing at the last checkpoint) holds nothing to run.
        if arc.phase >= to.phases.len() {
            continue;
        }
        let member = program.members[arc.from].alias.value.clone();
        let point = match &arc.at {
            Mark::Finish => HoldPoint::Finish { member },
            Mark::PhaseEnd(k) => HoldPoint::PhaseDone {
                member,
                phase: from.phases[*k].id.value.clone(),
            },
            Mark::Artifact(a) => HoldPoint::Artifact {
                member,
                artifact: a.clone(),
            },
        };
        let points = out[arc.to].entry(arc.phase).or_default();
        if !points.contains(&point) {
            points.push(point);
        }
    }
    out.into_iter()
        .enumerate()
        .map(|(m, by_phase)| {
            let wf = program.members[m].workflow();
            by_phase
                .into_iter()
                .filter_map(|(phase, after)| {
                    let phase = wf?.phases[phase].id.value.clone();
                    let waits_for = after
                        .iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join(" and ");
                    Some(Hold {
                        phase,
                        waits_for,
                        after,
                    })
                })
                .collect()
        })
        .collect()
}

/// A program run just created: its id and its member runs, loaded from the
/// program's checked workflows (their stored sources are not checked again).
pub struct StartedProgram {
    pub run: String,
    members: Vec<(ProgramLink, LoadedRun)>,
}

/// Create the member runs of a program run (not yet driven:
/// [`coordinate_started`] does).
pub fn start_program(
    store: &mut dyn Store,
    program: &Program,
    options: RunOptions,
) -> Result<StartedProgram, OpError> {
    let run = crate::new_run_id();
    let holds = holds(program);
    let mut members = Vec::with_capacity(program.members.len());
    for (index, (member, holds)) in program.members.iter().zip(holds).enumerate() {
        let Some(wf) = member.checked() else {
            return Err(OpError::Invalid(format!(
                "`{}` does not resolve to a workflow without errors",
                member.alias.value
            )));
        };
        let origin = match member.origin() {
            Some(Origin::Builtin(id)) => id.clone(),
            Some(Origin::File(p)) => p.clone(),
            None => member.reference.value.clone(),
        };
        let link = ProgramLink {
            run: run.clone(),
            program_id: program.id.clone(),
            member: member.alias.value.clone(),
            index,
        };
        let options = RunOptions {
            holds,
            program: Some(link.clone()),
            ..options.clone()
        };
        let id = crate::new_run_id();
        store.create_run(
            &id,
            &Event::RunCreated {
                workflow_id: wf.id.clone(),
                workflow_name: wf.name.value.clone(),
                version: wf.version,
                origin,
                source: to_yaml(wf),
                options,
            },
        )?;
        members.push((link, LoadedRun::started(store, &id, wf.clone())?));
    }
    Ok(StartedProgram { run, members })
}

/// Drive a program run just started, as [`coordinate`] does.
pub fn coordinate_started(
    env: &RunEnv,
    store: &mut dyn Store,
    started: StartedProgram,
) -> Result<ProgramRunSummary, OpError> {
    coordinate_members(env, store, &started.run, started.members)
}

/// The member runs of a program run (by id or unique prefix), in the program's order.
pub fn program_members(
    env: &RunEnv,
    store: &dyn Store,
    prefix: &str,
) -> Result<Option<Vec<(ProgramLink, LoadedRun)>>, OpError> {
    member_ids(store, prefix)?
        .map(|ids| load_members(env, store, &ids))
        .transpose()
}

/// The member runs as they are now.
fn load_members(
    env: &RunEnv,
    store: &dyn Store,
    ids: &[(ProgramLink, String)],
) -> Result<Vec<(ProgramLink, LoadedRun)>, OpError> {
    ids.iter()
        .map(|(link, id)| Ok((link.clone(), load_run(store, env.catalog, id)?)))
        .collect()
}

/// Bring the member runs up to what the store has recorded (their
/// workflows were checked when they were loaded, once per command).
fn refresh_all(store: &dyn Store, runs: &mut [(ProgramLink, LoadedRun)]) -> Result<(), OpError> {
    runs.iter_mut().try_for_each(|(_, run)| run.refresh(store))
}

/// Which runs of the store belong to the program run, found from their
/// creation events (read once per command, not per turn).
fn member_ids(
    store: &dyn Store,
    prefix: &str,
) -> Result<Option<Vec<(ProgramLink, String)>>, OpError> {
    let mut found: Vec<(ProgramLink, String)> = Vec::new();
    for row in store.runs()? {
        let events = store.events(&row.id, 0)?;
        let Some(Event::RunCreated { options, .. }) = events.first().map(|r| &r.event) else {
            continue;
        };
        let Some(link) = options
            .program
            .as_ref()
            .filter(|l| l.run.starts_with(prefix))
        else {
            continue;
        };
        if let Some((first, _)) = found.first()
            && first.run != link.run
        {
            return Err(OpError::Invalid(format!(
                "`{prefix}` names more than one program run ({}, {})\nhelp: give more of the id",
                first.run, link.run
            )));
        }
        found.push((link.clone(), row.id));
    }
    found.sort_by_key(|(l, _)| l.index);
    Ok((!found.is_empty()).then_some(found))
}

/// Resume a program run: members stopped by Ctrl-C, a failure or a budget
/// are resumed, then the program run coordinates again. `None` when no
/// program run has that id.
pub fn resume_program(
    env: &RunEnv,
    store: &mut dyn Store,
    prefix: &str,
) -> Result<Option<ProgramRunSummary>, OpError> {
    let Some(mut runs) = program_members(env, store, prefix)? else {
        return Ok(None);
    };
    let by = person(None);
    for (_, run) in &runs {
        if super::act::stopped(&run.state.status) {
            run.ensure_current()?;
            store.append(&run.id, Batch::of(vec![Event::Resumed { by: by.clone() }]))?;
        }
    }
    let id = runs[0].0.run.clone();
    refresh_all(store, &mut runs)?;
    coordinate_members(env, store, &id, runs).map(Some)
}

/// Release what can be released, drive what can run, until nothing moves;
/// the program run as it is then.
pub fn coordinate(
    env: &RunEnv,
    store: &mut dyn Store,
    run: &str,
) -> Result<ProgramRunSummary, OpError> {
    let ids = member_ids(store, run)?.unwrap_or_default();
    let runs = load_members(env, store, &ids)?;
    coordinate_members(env, store, run, runs)
}

/// [`coordinate`] with the member runs already loaded.
fn coordinate_members(
    env: &RunEnv,
    store: &mut dyn Store,
    run: &str,
    mut runs: Vec<(ProgramLink, LoadedRun)>,
) -> Result<ProgramRunSummary, OpError> {
    loop {
        let mut released = false;
        for (_, member) in &runs {
            let releases: Vec<Event> = member
                .state
                .options
                .holds
                .iter()
                .filter(|h| !member.state.released.contains(&h.phase))
                .filter(|h| h.after.iter().all(|p| reached(p, &runs)))
                .map(|h| Event::HoldReleased {
                    phase: h.phase.clone(),
                    by: format!("program run {run}"),
                })
                .collect();
            if !releases.is_empty() {
                store.append(&member.id, Batch::of(releases))?;
                released = true;
            }
        }
        if released {
            refresh_all(store, &mut runs)?;
        }
        let runnable: Vec<&LoadedRun> = runs
            .iter()
            .map(|(_, r)| r)
            .filter(|r| r.state.status == RunStatus::Running)
            .collect();
        let drove = drive_all(env, store, &runnable)?;
        if !released && !drove {
            // Nothing was recorded since `runs` was read: it is the state to report.
            return Ok(ProgramRunSummary::new(run, &runs));
        }
        if drove {
            refresh_all(store, &mut runs)?;
        }
    }
}

/// Drive the runnable members: side by side, each on its own connection to
/// the store, unless a person may be asked at this terminal (then in turn).
/// Whether any of them recorded something.
fn drive_all(env: &RunEnv, store: &mut dyn Store, runs: &[&LoadedRun]) -> Result<bool, OpError> {
    // One connection per member; none when the store cannot open more (in
    // memory) or a person may be asked here.
    let connections: Option<Vec<Box<dyn Store + Send>>> = match (env.interactive, runs.len()) {
        (false, 2..) => runs.iter().map(|_| store.reopen().ok()).collect(),
        _ => None,
    };
    let Some(connections) = connections else {
        let mut moved = false;
        for run in runs {
            moved |= super::drive(env, store, run, true)?.last_seq != run.state.last_seq;
        }
        return Ok(moved);
    };
    let results: Vec<Result<bool, OpError>> = std::thread::scope(|scope| {
        let tasks: Vec<_> = runs
            .iter()
            .zip(connections)
            .map(|(run, mut store)| {
                scope.spawn(move || {
                    let state = super::drive(env, store.as_mut(), run, false)?;
                    Ok(state.last_seq != run.state.last_seq)
                })
            })
            .collect();
        tasks
            .into_iter()
            .map(|t| t.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    });
    let mut moved = false;
    for r in results {
        moved |= r?;
    }
    Ok(moved)
}

/// A program run's members as they are now; `None` when no program run has
/// that id.
pub fn program_summary(
    env: &RunEnv,
    store: &dyn Store,
    prefix: &str,
) -> Result<Option<ProgramRunSummary>, OpError> {
    Ok(program_members(env, store, prefix)?
        .map(|runs| ProgramRunSummary::new(&runs[0].0.run, &runs)))
}

/// Whether a member run has reached a point.
fn reached(point: &HoldPoint, runs: &[(ProgramLink, LoadedRun)]) -> bool {
    let Some((_, run)) = runs.iter().find(|(l, _)| l.member == point.member()) else {
        return false;
    };
    let state = &run.state;
    if state.status == RunStatus::Completed {
        return true;
    }
    match point {
        HoldPoint::Finish { .. } => false,
        HoldPoint::PhaseDone { phase, .. } => run.layout.phase_index(phase).is_some_and(|k| {
            state.phase > k || (state.phase == k && state.phase_done(&run.layout, k))
        }),
        HoldPoint::Artifact { artifact, .. } => state.artifacts.contains_key(artifact),
    }
}

#[derive(Debug, Serialize)]
pub struct MemberSummary {
    pub member: String,
    pub run: String,
    pub workflow: String,
    pub status: String,
    pub phase: String,
    /// Why it waits, when it does.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub waiting: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct ProgramRunSummary {
    pub program_run: String,
    pub program: String,
    pub status: String,
    pub members: Vec<MemberSummary>,
}

impl ProgramRunSummary {
    fn new(run: &str, runs: &[(ProgramLink, LoadedRun)]) -> ProgramRunSummary {
        let members: Vec<MemberSummary> = runs
            .iter()
            .map(|(link, r)| MemberSummary {
                member: link.member.clone(),
                run: r.id.clone(),
                workflow: r.state.workflow_id.clone(),
                status: r.state.status.name().to_string(),
                phase: r
                    .layout
                    .phases
                    .get(r.state.phase)
                    .map(|p| p.id.clone())
                    .unwrap_or_default(),
                waiting: waiting(&r.state),
            })
            .collect();
        let states: Vec<&RunState> = runs.iter().map(|(_, r)| &r.state).collect();
        ProgramRunSummary {
            program_run: run.to_string(),
            program: runs
                .first()
                .map(|(l, _)| l.program_id.clone())
                .unwrap_or_default(),
            status: program_status(&states).to_string(),
            members,
        }
    }

    /// 0 completed, 1 failed, 3 paused.
    pub fn exit_status(&self) -> u8 {
        match self.status.as_str() {
            "completed" => 0,
            "failed" => 1,
            _ => 3,
        }
    }
}

/// Completed when every member is; failed when one failed or was cancelled;
/// otherwise paused (someone has to act, then `resume`).
fn program_status(states: &[&RunState]) -> &'static str {
    if states.iter().all(|s| s.status == RunStatus::Completed) {
        "completed"
    } else if states
        .iter()
        .any(|s| matches!(s.status, RunStatus::Failed { .. } | RunStatus::Cancelled))
    {
        "failed"
    } else {
        "paused"
    }
}

fn waiting(state: &RunState) -> Option<String> {
    match &state.status {
        RunStatus::Paused { reason } => Some(match reason {
            PauseReason::Gate { gate } => {
                format!("gate {gate}: skill-chains approve {} {gate}", state.id)
            }
            PauseReason::Manual { steps } => {
                format!(
                    "a person: skill-chains step done {} {}",
                    state.id,
                    steps.join(" / ")
                )
            }
            PauseReason::Budget { reason } => reason.clone(),
            PauseReason::Held { waits_for, .. } => format!("handoff: {waits_for}"),
            PauseReason::Metric { condition, .. } => {
                format!(
                    "a metric for `{condition}`: skill-chains metric {} NAME=VALUE",
                    state.id
                )
            }
            PauseReason::Interrupted | PauseReason::Aborted => "interrupted".into(),
        }),
        RunStatus::Failed { reason } => Some(reason.clone()),
        _ => None,
    }
}
