//! Resource-levelled schedules: a workflow's step graph and a team become an
//! RCPSP [`Project`], solved by [`rcpsp::solve`].
//!
//! - Time is cut into a quantum (chosen from the shortest step unless given):
//!   every step's expected (PERT mean) duration becomes whole periods, at
//!   least one.
//! - Each persona is a resource; a step needs one unit of its persona. The
//!   capacity comes from the team (see [`crate::plan::team`]); a persona the
//!   team does not name gets the team's default (1), and the result says so.
//! - A step that can use several people (`people: 1-3`) is effort-driven:
//!   with k of them it needs k units and takes effort / k. The solver is
//!   single-mode, so the number of people per step is chosen around it
//!   (see [`schedule_work`]): every such step starts with all the people it
//!   can use, then steps are given fewer, one at a time, while that makes
//!   the finish earlier (people freed for steps beside it).
//! - Phase window starts become zero-demand release activities that the
//!   phase's steps follow, so the solver keeps "not before the window".
//! - Gates are zero-length activities, so phase order holds as in the graph.

use std::time::Duration;

use serde::Serialize;

use crate::duration::{Calendar, Unit};
use crate::model::People;
use crate::plan::graph::StepGraph;
use crate::plan::network::Network;
use crate::plan::rcpsp::{self, Activity, Project, RcpspError, SolveOptions};
use crate::plan::team::Team;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct ScheduleOptions {
    /// The period length in working minutes; chosen automatically if `None`.
    pub quantum: Option<f64>,
    /// The solver's budget in schedules; sized to the project if `None`.
    pub schedules: Option<u64>,
    pub seed: u64,
    pub time_limit: Option<Duration>,
}

/// A persona as a resource.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Resource {
    /// The persona key (catalog slug).
    pub persona: String,
    /// The persona as the workflow writes it.
    pub name: String,
    /// Full-time equivalents available.
    pub people: f64,
    /// Whole slots the solver may fill at once.
    pub slots: u32,
    /// Speed of each slot (1 = a full-time person).
    pub speed: f64,
    /// The team file does not name this persona: default capacity used.
    pub defaulted: bool,
    /// Slot-time spent on steps, in working minutes.
    pub busy: f64,
    /// busy / (slots * finish).
    pub utilisation: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Placed {
    pub node: usize,
    pub start: f64,
    pub finish: f64,
    /// Index into [`LevelledSchedule::resources`] for steps.
    pub resource: Option<usize>,
    /// How many of the resource's people the step uses (0 for gates).
    pub people: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LevelledSchedule {
    /// Period length, in working minutes.
    pub quantum: f64,
    pub resources: Vec<Resource>,
    /// Every node of the graph, in node order.
    pub placed: Vec<Placed>,
    /// Finish of the levelled schedule.
    pub finish: f64,
    /// The critical-path finish with the same (quantised) durations and no
    /// resource limit.
    pub unconstrained: f64,
    pub lower_bound: f64,
    pub proven_optimal: bool,
    pub schedules: u64,
    pub timed_out: bool,
    /// The independent checker accepted the schedule.
    pub feasible: bool,
    /// The critical-path finish with unlimited, full-time people (the same
    /// periods, every step at full speed): what `timeline` and `dependency`
    /// plan before the team is known.
    pub full_time: f64,
    /// The people who make the finish later than [`Self::full_time`], found
    /// along the schedule's critical chain, most delay first.
    pub delayed_by: Vec<Delay>,
}

/// One persona's share of the delay on the critical chain.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Delay {
    /// The persona as the workflow writes it.
    pub persona: String,
    /// Working minutes the critical chain waited for this persona's people
    /// (all busy on other steps).
    pub waiting: f64,
    /// Working minutes its part-time people stretched steps on the chain.
    pub part_time: f64,
    /// Working minutes steps on the chain took longer with fewer of its
    /// people than they can use (`people: 1-3` run by one).
    pub short_handed: f64,
}

impl LevelledSchedule {
    /// How much the team's size stretches the plan.
    pub fn delay(&self) -> f64 {
        (self.finish - self.unconstrained).max(0.0)
    }
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ScheduleError {
    #[error(
        "the team has no capacity for {}, which steps need; give each a count of at least 1",
        .missing.join(", ")
    )]
    NoCapacity {
        /// Every persona without people, each with what was assumed for it:
        /// `` `SRE` (count 0 in the team file) ``.
        missing: Vec<String>,
    },
    #[error(transparent)]
    Solver(#[from] RcpspError),
}

/// The project handed to the solver, and how to read its answer.
#[derive(Debug, Clone)]
pub struct Lowered {
    pub project: Project,
    pub quantum: f64,
    pub resources: Vec<Resource>,
    /// Resource of each graph node (steps only).
    pub resource_of: Vec<Option<usize>>,
    /// People each step uses in this project (0 for other activities).
    pub people: Vec<u32>,
    /// Each step's range, its top clamped to its resource's slots.
    pub ranges: Vec<People>,
    /// The most people each step can use, as written (1 for others).
    pub can_use: Vec<u32>,
}

/// Target for the total of all durations in periods: fine enough to keep
/// the shortest step several periods long, coarse enough for fast solving.
const MAX_PERIODS: f64 = 100_000.0;

/// Choose a period length for `net`: the largest of minute, 5 and 15
/// minutes, hour, half day, day and week that keeps the shortest step at
/// least four periods long, then coarser while the horizon is too long.
pub fn choose_quantum(net: &Network, calendar: Calendar) -> f64 {
    let day = calendar.minutes(Unit::Day);
    let candidates = [
        1.0,
        5.0,
        15.0,
        60.0,
        day / 2.0,
        day,
        calendar.minutes(Unit::Week),
    ];
    let means = net.means();
    let shortest = means
        .iter()
        .copied()
        .filter(|&m| m > 0.0)
        .fold(f64::INFINITY, f64::min);
    let total: f64 = means.iter().sum::<f64>() + net.releases().iter().copied().fold(0.0, f64::max);
    let mut q = candidates
        .iter()
        .copied()
        .rfind(|&q| shortest >= 4.0 * q)
        .unwrap_or(1.0);
    while total / q > MAX_PERIODS {
        q *= 2.0;
    }
    q
}

/// What the scheduler levels: an activity network, the persona doing each
/// activity that is work (`None` for gates and milestones), and the
/// calendar the period length is chosen in. A workflow's step graph is one
/// ([`Work::of`]); a program's combined network is another.
#[derive(Debug, Clone)]
pub struct Work<'a> {
    pub network: &'a Network,
    pub personas: Vec<Option<WorkPersona<'a>>>,
    pub calendar: Calendar,
}

/// The persona an activity needs: its key (catalog slug) and name as
/// written, and how many of its people the activity can use.
#[derive(Debug, Clone, Copy)]
pub struct WorkPersona<'a> {
    pub key: &'a str,
    pub name: &'a str,
    pub people: People,
}

impl<'a> Work<'a> {
    /// A workflow's steps, each needing its persona.
    pub fn of(graph: &'a StepGraph) -> Work<'a> {
        let personas = graph
            .nodes
            .iter()
            .map(|n| {
                n.is_step().then(|| WorkPersona {
                    key: n.persona.as_deref().unwrap_or_default(),
                    name: n.persona_name.as_deref().unwrap_or_default(),
                    people: n.people,
                })
            })
            .collect();
        Work {
            network: graph.network(),
            personas,
            calendar: graph.calendar,
        }
    }
}

/// Lower `graph` and `team` into an RCPSP project.
pub fn lower(graph: &StepGraph, team: &Team, quantum: f64) -> Result<Lowered, ScheduleError> {
    lower_work(&Work::of(graph), team, quantum)
}

/// Lower any [`Work`] and `team` into an RCPSP project, each step with all
/// the people it can use.
pub fn lower_work(work: &Work<'_>, team: &Team, quantum: f64) -> Result<Lowered, ScheduleError> {
    lower_with(work, team, quantum, None)
}

/// Lower with `people[i]` people on step `i` (within its range), or all it
/// can use when `None`.
fn lower_with(
    work: &Work<'_>,
    team: &Team,
    quantum: f64,
    people: Option<&[u32]>,
) -> Result<Lowered, ScheduleError> {
    let net = work.network;
    let q = if quantum > 0.0 && quantum.is_finite() {
        quantum
    } else {
        1.0
    };
    // Resources in first-use order.
    let mut resources: Vec<Resource> = Vec::new();
    let mut resource_of = vec![None; net.len()];
    let mut missing: Vec<String> = Vec::new();
    for (i, persona) in work.personas.iter().enumerate() {
        let Some(persona) = persona else { continue };
        // A member covering several personas is one pool: its own key.
        let member = team.member(persona.key);
        let key = member.map_or_else(|| persona.key.to_string(), |m| m.key.clone());
        let r = match resources.iter().position(|r| r.persona == key) {
            Some(r) => r,
            None => {
                let (people, defaulted) = match member {
                    Some(m) => (m.people(), false),
                    None => (f64::from(team.default_capacity), true),
                };
                if people <= 0.0 {
                    let name = if persona.name.is_empty() {
                        key.clone()
                    } else {
                        persona.name.to_string()
                    };
                    let assumed = if defaulted {
                        format!(
                            "not in the team file, so default_capacity {}",
                            team.default_capacity
                        )
                    } else {
                        "count 0 in the team file".to_string()
                    };
                    let line = format!("`{name}` ({assumed})");
                    if !missing.contains(&line) {
                        missing.push(line);
                    }
                    continue;
                }
                let slots = people.ceil().max(1.0) as u32;
                // A pool is named as the team file names its member.
                let name = match member {
                    Some(m) if !m.covers.is_empty() => {
                        format!("{} (and covered personas)", m.written)
                    }
                    _ => persona.name.to_string(),
                };
                resources.push(Resource {
                    persona: key,
                    name,
                    people,
                    slots,
                    speed: people / f64::from(slots),
                    defaulted,
                    busy: 0.0,
                    utilisation: 0.0,
                });
                resources.len() - 1
            }
        };
        resource_of[i] = Some(r);
    }
    // A step needing more people at once than its pool has cannot run.
    let mut ranges = vec![People::ONE; net.len()];
    for (i, persona) in work.personas.iter().enumerate() {
        let (Some(p), Some(r)) = (persona, resource_of[i]) else {
            continue;
        };
        let slots = resources[r].slots;
        if p.people.min > slots {
            let line = format!(
                "`{}` (a step needs at least {} at once, `people: {}`; the team has {})",
                resources[r].name,
                p.people.min,
                p.people.text(),
                resources[r].people
            );
            if !missing.contains(&line) {
                missing.push(line);
            }
            continue;
        }
        ranges[i] = People {
            min: p.people.min,
            max: p.people.max.min(slots),
        };
    }
    if !missing.is_empty() {
        return Err(ScheduleError::NoCapacity { missing });
    }
    let used: Vec<u32> = (0..net.len())
        .map(|i| match resource_of[i] {
            None => 0,
            Some(_) => people
                .map_or(ranges[i].max, |p| p[i])
                .clamp(ranges[i].min, ranges[i].max),
        })
        .collect();
    let k = resources.len();
    let mut activities: Vec<Activity> = (0..net.len())
        .map(|i| {
            let mean = net.duration(i).mean();
            let mut demands = vec![0u32; k];
            let duration = match resource_of[i] {
                Some(r) => {
                    demands[r] = used[i];
                    periods(
                        effort(work, i, mean) / f64::from(used[i]) / resources[r].speed,
                        q,
                    )
                }
                None => periods(mean, q),
            };
            Activity {
                duration,
                demands,
                successors: net.successors(i).collect(),
            }
        })
        .collect();
    // One release activity per distinct window start.
    let mut releases: Vec<(u32, usize)> = Vec::new();
    for i in 0..net.len() {
        let r = (net.release(i) / q).round() as u32;
        if r == 0 {
            continue;
        }
        let a = match releases.iter().find(|(p, _)| *p == r) {
            Some(&(_, a)) => a,
            None => {
                activities.push(Activity {
                    duration: r,
                    demands: vec![0; k],
                    successors: Vec::new(),
                });
                releases.push((r, activities.len() - 1));
                activities.len() - 1
            }
        };
        activities[a].successors.push(i);
    }
    Ok(Lowered {
        project: Project {
            activities,
            capacities: resources.iter().map(|r| r.slots).collect(),
        },
        quantum: q,
        resources,
        resource_of,
        people: used,
        ranges,
        can_use: work
            .personas
            .iter()
            .map(|p| p.map_or(1, |p| p.people.max))
            .collect(),
    })
}

/// One person's effort on activity `i`, in working minutes: the network's
/// duration is with all the people the step can use.
fn effort(work: &Work<'_>, i: usize, mean: f64) -> f64 {
    let max = work.personas[i].map_or(1, |p| p.people.max);
    mean * f64::from(max)
}

/// Whole periods for `minutes`: rounded, and at least one for any work.
fn periods(minutes: f64, q: f64) -> u32 {
    if minutes <= 0.0 {
        return 0;
    }
    ((minutes / q).round().max(1.0)).min(f64::from(u32::MAX / 4)) as u32
}

/// Level `graph` against `team`. `progress` receives the number of
/// schedules generated so far.
pub fn schedule(
    graph: &StepGraph,
    team: &Team,
    opts: &ScheduleOptions,
    progress: Option<&mut dyn FnMut(u64)>,
) -> Result<LevelledSchedule, ScheduleError> {
    schedule_work(&Work::of(graph), team, opts, progress)
}

/// Level any [`Work`] against `team` (see [`schedule`]).
pub fn schedule_work(
    work: &Work<'_>,
    team: &Team,
    opts: &ScheduleOptions,
    progress: Option<&mut dyn FnMut(u64)>,
) -> Result<LevelledSchedule, ScheduleError> {
    let quantum = opts
        .quantum
        .unwrap_or_else(|| choose_quantum(work.network, work.calendar));
    let mut lowered = lower_work(work, team, quantum)?;
    let mut solve = SolveOptions::for_project(&lowered.project);
    if let Some(s) = opts.schedules {
        solve.max_schedules = s.max(1);
    }
    if opts.time_limit.is_some() {
        solve.time_limit = opts.time_limit;
    }
    solve.seed = opts.seed;
    if let Some(people) = choose_people(work, team, &lowered, &solve)? {
        lowered = lower_with(work, team, quantum, Some(&people))?;
    }
    let report = rcpsp::solve(&lowered.project, &solve, progress)?;
    let feasible = rcpsp::check_schedule(&lowered.project, &report.schedule).is_ok();
    let q = lowered.quantum;
    let placed: Vec<Placed> = (0..work.network.len())
        .map(|i| {
            let start = f64::from(report.schedule.starts[i]);
            let d = f64::from(lowered.project.activities[i].duration);
            Placed {
                node: i,
                start: start * q,
                finish: (start + d) * q,
                resource: lowered.resource_of[i],
                people: lowered.people[i],
            }
        })
        .collect();
    let finish = f64::from(report.schedule.makespan) * q;
    let full = full_time_durations(work.network, &lowered);
    let full_time = full_time_path(&lowered, &full) * q;
    let delayed_by = delays(&lowered, &report.schedule, work.network.len(), &full);
    for p in &placed {
        if let Some(r) = p.resource {
            lowered.resources[r].busy += (p.finish - p.start) * f64::from(p.people);
        }
    }
    for r in &mut lowered.resources {
        let available = f64::from(r.slots) * finish;
        r.utilisation = if available > 0.0 {
            r.busy / available
        } else {
            0.0
        };
    }
    Ok(LevelledSchedule {
        quantum: q,
        resources: lowered.resources,
        placed,
        finish,
        unconstrained: f64::from(report.critical_path) * q,
        lower_bound: f64::from(report.lower_bound) * q,
        proven_optimal: report.proven_optimal,
        schedules: report.schedules_generated,
        timed_out: report.timed_out,
        feasible,
        full_time,
        delayed_by,
    })
}

/// How many people each step that can use several gets, when that is a
/// choice (`None` when no step has one). Every such step starts with all it
/// can use; then, one step at a time, one person fewer is kept while it
/// makes the finish earlier (the person freed runs a step beside it). Each
/// trial is a solve with an eighth of the budget, at most
/// [`PEOPLE_TRIALS`] of them; the caller solves the choice in full.
fn choose_people(
    work: &Work<'_>,
    team: &Team,
    lowered: &Lowered,
    solve: &SolveOptions,
) -> Result<Option<Vec<u32>>, ScheduleError> {
    let flexible: Vec<usize> = (0..lowered.people.len())
        .filter(|&i| {
            lowered.resource_of[i].is_some() && lowered.ranges[i].min < lowered.ranges[i].max
        })
        .collect();
    if flexible.is_empty() {
        return Ok(None);
    }
    let mut trial = solve.clone();
    trial.max_schedules = (solve.max_schedules / 8).max(100);
    trial.time_limit = solve.time_limit.map(|t| t / 8);
    let finish = |people: &[u32]| -> Result<u32, ScheduleError> {
        let l = lower_with(work, team, lowered.quantum, Some(people))?;
        Ok(rcpsp::solve(&l.project, &trial, None)?.schedule.makespan)
    };
    let mut best = lowered.people.clone();
    let mut best_finish = finish(&best)?;
    let mut trials = 1;
    'rounds: loop {
        let mut improved = false;
        for &i in &flexible {
            if best[i] <= lowered.ranges[i].min {
                continue;
            }
            if trials >= PEOPLE_TRIALS {
                break 'rounds;
            }
            let mut fewer = best.clone();
            fewer[i] -= 1;
            let f = finish(&fewer)?;
            trials += 1;
            if f < best_finish {
                (best, best_finish) = (fewer, f);
                improved = true;
            }
        }
        if !improved {
            break;
        }
    }
    Ok(Some(best))
}

/// The most trial solves [`choose_people`] makes.
const PEOPLE_TRIALS: usize = 48;

/// Each activity's periods with unlimited, full-time people: a step with
/// all the people it can use, at full speed (a part-time person's step as
/// long as a full-time one's). The network's durations are just that.
fn full_time_durations(net: &Network, lowered: &Lowered) -> Vec<u32> {
    lowered
        .project
        .activities
        .iter()
        .enumerate()
        .map(|(i, a)| {
            if i < net.len() && lowered.resource_of[i].is_some() {
                periods(net.duration(i).mean(), lowered.quantum)
            } else {
                a.duration
            }
        })
        .collect()
}

/// The critical path, in periods, of `lowered` with `full` durations.
fn full_time_path(lowered: &Lowered, full: &[u32]) -> f64 {
    let mut project = lowered.project.clone();
    for (a, &d) in project.activities.iter_mut().zip(full) {
        a.duration = d;
    }
    rcpsp::bounds::critical_path_bound(&project)
        .map(f64::from)
        .unwrap_or(0.0)
}

/// Walk the critical chain of `schedule` back from its last finish: an
/// activity that started later than its predecessors allowed waited for its
/// persona (the chain goes on from the step that freed the person); a step
/// of part-time people on the chain was stretched. Returns each persona's
/// share, in working minutes, most first.
fn delays(lowered: &Lowered, schedule: &rcpsp::Schedule, steps: usize, full: &[u32]) -> Vec<Delay> {
    let acts = &lowered.project.activities;
    let q = lowered.quantum;
    let start = |i: usize| schedule.starts[i];
    let end = |i: usize| schedule.starts[i] + acts[i].duration;
    let mut preds: Vec<Vec<usize>> = vec![Vec::new(); acts.len()];
    for (i, a) in acts.iter().enumerate() {
        for &s in &a.successors {
            preds[s].push(i);
        }
    }
    let mut out: Vec<Delay> = Vec::new();
    let mut add = |r: usize, waiting: f64, part_time: f64, short_handed: f64| {
        let name = &lowered.resources[r].name;
        match out.iter_mut().find(|d| &d.persona == name) {
            Some(d) => {
                d.waiting += waiting;
                d.part_time += part_time;
                d.short_handed += short_handed;
            }
            None => out.push(Delay {
                persona: name.clone(),
                waiting,
                part_time,
                short_handed,
            }),
        }
    };
    let Some(mut at) = (0..acts.len()).max_by_key(|&i| (end(i), std::cmp::Reverse(i))) else {
        return out;
    };
    // Each step back moves to an earlier finish, so the walk ends.
    for _ in 0..=acts.len() * 2 {
        let resource = (at < steps).then(|| lowered.resource_of[at]).flatten();
        if let Some(r) = resource {
            // Its length against full speed (part-time), then against all
            // the people it can use (short-handed).
            let actual = f64::from(acts[at].duration);
            let at_speed = actual * lowered.resources[r].speed;
            let short = if lowered.people[at] < lowered.can_use[at] {
                (at_speed - f64::from(full[at])).max(0.0)
            } else {
                0.0
            };
            if actual > at_speed || short > 0.0 {
                add(r, 0.0, (actual - at_speed) * q, short * q);
            }
        }
        let ready = preds[at].iter().map(|&p| end(p)).max().unwrap_or(0);
        if start(at) == 0 {
            break;
        }
        if start(at) > ready {
            // It waited for its persona: the chain goes on from the step of
            // the same persona that finished when it started.
            let Some(r) = resource else { break };
            add(r, f64::from(start(at) - ready) * q, 0.0, 0.0);
            let freed = (0..steps)
                .find(|&j| j != at && lowered.resource_of[j] == Some(r) && end(j) == start(at));
            match freed {
                Some(j) => at = j,
                None => break,
            }
        } else {
            match preds[at].iter().copied().find(|&p| end(p) == start(at)) {
                Some(p) => at = p,
                None => break,
            }
        }
    }
    let total = |d: &Delay| d.waiting + d.part_time + d.short_handed;
    out.retain(|d| total(d) > 0.0);
    out.sort_by(|a, b| total(b).total_cmp(&total(a)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::personas::PersonaCatalog;
    use crate::plan::graph::tests::{TWO_PHASES, workflow};

    fn team(yaml: &str) -> Team {
        Team::parse(yaml, &PersonaCatalog::builtin()).unwrap()
    }

    const SIDE_BY_SIDE: &str = "name: T\nphases:
  - id: go
    name: Go
    steps:
      - {id: coordinate, persona: Technical Program Manager, action: Coordinate, estimate: 2w}
      - {id: one, persona: SRE, action: One, estimate: 1w}
      - {id: two, persona: SRE, action: Two, estimate: 1w}
    deliverable: Done
";

    #[test]
    fn the_people_who_delay_the_finish_are_named() {
        let g = StepGraph::build(&workflow(SIDE_BY_SIDE));
        let opts = ScheduleOptions {
            quantum: Some(480.0),
            ..ScheduleOptions::default()
        };
        let week = 5.0 * 480.0;
        // Enough people: the full-time critical path, no one to blame.
        let enough = team("members:\n  - {persona: SRE, count: 2}\n");
        let s = schedule(&g, &enough, &opts, None).unwrap();
        assert_eq!((s.finish, s.full_time), (2.0 * week, 2.0 * week));
        assert!(s.delayed_by.is_empty(), "{:?}", s.delayed_by);
        // A half-time TPM: its two weeks take four, on the critical chain;
        // the headline's old comparison (same durations) saw no delay.
        let half = team("members:\n  - {persona: SRE, count: 2}\n  - {persona: TPM, share: 0.5}\n");
        let s = schedule(&g, &half, &opts, None).unwrap();
        assert_eq!((s.finish, s.full_time), (4.0 * week, 2.0 * week));
        assert_eq!(s.finish, s.unconstrained, "stretched durations hide it");
        assert_eq!(s.delayed_by.len(), 1, "{:?}", s.delayed_by);
        assert!(
            s.delayed_by[0]
                .persona
                .contains("Technical Program Manager")
        );
        assert_eq!(s.delayed_by[0].part_time, 2.0 * week);
        // One SRE for two one-week steps beside a one-week TPM step.
        let short = SIDE_BY_SIDE.replace("estimate: 2w", "estimate: 1w");
        let g = StepGraph::build(&workflow(&short));
        let s = schedule(&g, &Team::unlimited_default(), &opts, None).unwrap();
        assert_eq!((s.finish, s.full_time), (2.0 * week, week));
        assert_eq!(s.delayed_by.len(), 1, "{:?}", s.delayed_by);
        assert_eq!(s.delayed_by[0].persona, "SRE");
        assert_eq!(s.delayed_by[0].waiting, week);
    }

    #[test]
    fn a_member_covering_two_personas_is_one_pool() {
        let g = StepGraph::build(&workflow(SIDE_BY_SIDE));
        let opts = ScheduleOptions {
            quantum: Some(480.0),
            ..ScheduleOptions::default()
        };
        let week = 5.0 * 480.0;
        // One SRE who also coordinates: all three steps in turn, four weeks.
        let shared = team("members:\n  - {persona: SRE, covers: [TPM]}\n");
        let s = schedule(&g, &shared, &opts, None).unwrap();
        assert!(s.feasible);
        assert_eq!(s.resources.len(), 1, "{:?}", s.resources);
        assert_eq!(s.finish, 4.0 * week);
        // Apart, the TPM coordinates beside the SRE's two weeks: two weeks.
        let apart = team("members:\n  - {persona: SRE}\n  - {persona: TPM}\n");
        assert_eq!(
            schedule(&g, &apart, &opts, None).unwrap().finish,
            2.0 * week
        );
    }

    #[test]
    fn one_sre_serialises_the_sre_steps() {
        let wf = workflow(TWO_PHASES);
        let g = StepGraph::build(&wf);
        let day = 480.0;
        let opts = ScheduleOptions {
            quantum: Some(day),
            ..ScheduleOptions::default()
        };
        let one = schedule(&g, &Team::unlimited_default(), &opts, None).unwrap();
        assert!(one.feasible);
        let sre = one
            .resources
            .iter()
            .position(|r| r.persona == "site-reliability-engineer")
            .unwrap();
        assert!(one.resources[sre].defaulted);
        // e and f (one month each) both need the SRE: with one they run in turn.
        let e = &one.placed[g.step("e").unwrap()];
        let f = &one.placed[g.step("f").unwrap()];
        assert!(e.finish <= f.start || f.finish <= e.start);
        assert!(one.finish > one.unconstrained);
        let two = schedule(
            &g,
            &team("members:\n  - {persona: SRE, count: 2}\n"),
            &opts,
            None,
        )
        .unwrap();
        assert_eq!(two.finish, two.unconstrained);
        assert!(!two.resources[sre].defaulted);
        // The Build window (month 2) is respected.
        let d = &two.placed[g.step("d").unwrap()];
        assert!(d.start >= 21.0 * day - 1e-9);
    }

    #[test]
    fn part_time_slots_work_slower() {
        let wf = workflow(TWO_PHASES);
        let g = StepGraph::build(&wf);
        let t = team("members:\n  - {persona: Technical Writer, share: 0.5}\n");
        let lowered = lower(&g, &t, 480.0).unwrap();
        let c = g.step("c").unwrap();
        let writer = lowered.resource_of[c].unwrap();
        assert_eq!(lowered.resources[writer].slots, 1);
        assert_eq!(lowered.resources[writer].speed, 0.5);
        // c: mean 1.5w = 7.5 days, at half speed 15 days.
        assert_eq!(lowered.project.activities[c].duration, 15);
        let none = team("members:\n  - {persona: SRE, count: 0}\n");
        assert!(matches!(
            lower(&g, &none, 480.0),
            Err(ScheduleError::NoCapacity { .. })
        ));
        // Every persona without people at once, with what was assumed.
        let nobody = team("default_capacity: 0\nmembers:\n  - {persona: SRE, count: 0}\n");
        let Err(ScheduleError::NoCapacity { missing }) = lower(&g, &nobody, 480.0) else {
            panic!("no capacity at all");
        };
        assert!(missing.len() >= 2, "{missing:?}");
        assert!(
            missing[0].contains("count 0 in the team file"),
            "{missing:?}"
        );
        assert!(
            missing[1..]
                .iter()
                .all(|m| m.contains("not in the team file, so default_capacity 0")),
            "{missing:?}"
        );
    }

    const SHARED: &str = "name: T\nphases:
  - id: go
    name: Go
    steps:
      - {id: build, persona: SRE, action: Build, estimate: 3w, people: 1-3}
    deliverable: Done
";

    /// `people: 1-3` is effort-driven: three weeks of one person's work take
    /// a week with three, three weeks with one (who is then named), and a
    /// step that needs two cannot run with one.
    #[test]
    fn a_step_shared_by_several_people_uses_those_free() {
        let g = StepGraph::build(&workflow(SHARED));
        let opts = ScheduleOptions {
            quantum: Some(480.0),
            ..ScheduleOptions::default()
        };
        let week = 5.0 * 480.0;
        let build = g.steps().next().unwrap();
        let three = team("members:\n  - {persona: SRE, count: 3}\n");
        let s = schedule(&g, &three, &opts, None).unwrap();
        assert_eq!((s.finish, s.full_time), (week, week));
        assert_eq!(s.placed[build].people, 3);
        assert_eq!(s.resources[0].busy, 3.0 * week, "three people for a week");
        assert!(s.delayed_by.is_empty(), "{:?}", s.delayed_by);
        let one = team("members:\n  - {persona: SRE, count: 1}\n");
        let s = schedule(&g, &one, &opts, None).unwrap();
        assert_eq!((s.finish, s.full_time), (3.0 * week, week));
        assert_eq!(s.placed[build].people, 1);
        assert_eq!(s.delayed_by.len(), 1, "{:?}", s.delayed_by);
        assert_eq!(s.delayed_by[0].short_handed, 2.0 * week);
        let pair = workflow(&SHARED.replace("people: 1-3", "people: 2-3"));
        let err = schedule(&StepGraph::build(&pair), &one, &opts, None).unwrap_err();
        assert!(
            err.to_string()
                .contains("`SRE` (a step needs at least 2 at once, `people: 2-3`; the team has 1)"),
            "{err}"
        );
    }

    /// With steps beside it, the shared step gives up people when that
    /// makes the finish earlier, and keeps them when it does not.
    #[test]
    fn people_go_where_they_shorten_the_plan() {
        let wf = SHARED.replace(
            "    deliverable: Done",
            "      - {id: one, persona: SRE, action: One, estimate: 2w}
      - {id: two, persona: SRE, action: Two, estimate: 2w}
    deliverable: Done",
        );
        let g = StepGraph::build(&workflow(&wf));
        let opts = ScheduleOptions {
            quantum: Some(480.0),
            ..ScheduleOptions::default()
        };
        let week = 5.0 * 480.0;
        let three = team("members:\n  - {persona: SRE, count: 3}\n");
        let s = schedule(&g, &three, &opts, None).unwrap();
        // Seven person-weeks on three people: `build` by all three (1w) then
        // `one` and `two` side by side (2w), or `build` by one beside them:
        // 3 weeks either way.
        assert_eq!(s.finish, 3.0 * week, "{}", s.finish / week);
        assert!(s.feasible);
        // Two people: `build` by both (1.5w, 8 days in whole days), then the
        // two 2w steps side by side: 3.6w. One person on `build` (3w) beside
        // `one` then `two` by the other (4w) would be later.
        let two = team("members:\n  - {persona: SRE, count: 2}\n");
        let s = schedule(&g, &two, &opts, None).unwrap();
        assert_eq!(s.finish, 3.6 * week, "{}", s.finish / week);
    }

    #[test]
    fn quantum_follows_the_shortest_step() {
        let g = StepGraph::build(&workflow(TWO_PHASES));
        // Shortest step: b, one week: four periods of a day fit, of a week do not.
        assert_eq!(choose_quantum(g.network(), Calendar::Business), 480.0);
    }

    mod properties {
        use super::*;
        use crate::plan::synthetic::{self, Spec};
        use proptest::prelude::*;

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(24))]
            /// Every schedule is feasible in the workflow's own terms (each
            /// step after its predecessors and its window, no persona over
            /// capacity at any time) and never beats the critical path.
            #[test]
            fn schedules_are_feasible_and_bounded(
                steps in 1usize..60,
                phases in 1usize..5,
                personas in 1usize..5,
                people in 1u32..4,
                shared_every in 0usize..4,
                seed in 0u64..1000,
            ) {
                let mut spec = Spec::new(steps, phases, personas, seed);
                spec.shared_every = shared_every;
                let wf = synthetic::workflow(&spec);
                let g = StepGraph::build(&wf);
                let team = synthetic::team(&spec, people);
                let opts = ScheduleOptions { schedules: Some(300), seed, ..ScheduleOptions::default() };
                let s = schedule(&g, &team, &opts, None).unwrap();
                prop_assert!(s.feasible);
                let eps = 1e-6;
                for i in 0..g.len() {
                    let p = &s.placed[i];
                    for j in g.predecessors(i) {
                        prop_assert!(p.start + eps >= s.placed[j].finish, "{} before {}", i, j);
                    }
                    let release = (g.network().release(i) / s.quantum).round() * s.quantum;
                    prop_assert!(p.start + eps >= release);
                }
                for (r, res) in s.resources.iter().enumerate() {
                    for p in s.placed.iter().filter(|p| p.resource == Some(r)) {
                        let t = p.start;
                        let busy: u32 = s.placed.iter()
                            .filter(|q| q.resource == Some(r) && q.start <= t + eps && t + eps < q.finish)
                            .map(|q| q.people)
                            .sum();
                        prop_assert!(busy <= res.slots, "{} over capacity at {}", res.persona, t);
                    }
                }
                // Each step uses people within its range and the pool.
                for i in g.steps() {
                    let p = &s.placed[i];
                    let range = g.nodes[i].people;
                    let slots = s.resources[p.resource.unwrap()].slots;
                    prop_assert!(p.people >= range.min && p.people <= range.max.min(slots));
                }
                // Never faster than unlimited full-time people allow.
                prop_assert!(s.finish + eps >= s.full_time - s.quantum * (g.len() as f64));
                prop_assert!(s.finish + eps >= s.unconstrained);
                prop_assert!(s.finish + eps >= s.lower_bound);
                // The quantised critical path is close to the exact one.
                let exact = crate::plan::cpm::cpm(g.network(), &g.network().means()).finish;
                prop_assert!(s.unconstrained + s.quantum * (g.len() as f64) >= exact);
            }
        }
    }
}
