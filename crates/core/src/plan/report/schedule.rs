//! The `schedule` report: a resource-levelled schedule, each step's start
//! and finish, each persona's utilisation and the finish against the
//! unconstrained critical path. Built from the solver's result (for a
//! workflow here, for a program in `compose::report`); no text here.

use serde::Serialize;

use super::Delivered;
use super::words::node_name;
use crate::duration::Calendar;
use crate::model::Workflow;
use crate::plan::graph::StepGraph;
use crate::plan::schedule::{Delay, LevelledSchedule};
use crate::plan::team::Team;

/// A levelled schedule of a workflow or a program.
#[derive(Serialize)]
pub struct Schedule {
    pub(crate) workflow: String,
    #[serde(skip)]
    pub(crate) name: String,
    pub(crate) team: Option<String>,
    /// Times are working minutes under this calendar.
    pub(crate) calendar: Calendar,
    pub(crate) quantum: f64,
    pub(crate) finish: f64,
    /// The critical-path finish with the same durations and unlimited people.
    pub(crate) unconstrained: f64,
    /// The critical-path finish with unlimited full-time people (the plan
    /// before the team is known): the headline compares the finish with it.
    pub(crate) full_time: f64,
    /// Who makes the finish later than `full_time`, most first.
    pub(crate) delayed_by: Vec<Delay>,
    pub(crate) lower_bound: f64,
    pub(crate) proven_optimal: bool,
    pub(crate) schedules: u64,
    pub(crate) timed_out: bool,
    pub(crate) feasible: bool,
    /// Personas the team file does not name: they got the default capacity.
    pub(crate) defaulted: Vec<String>,
    pub(crate) default_capacity: u32,
    pub(crate) steps: Vec<StepOut>,
    pub(crate) personas: Vec<PersonaOut>,
    #[serde(flatten)]
    pub(crate) gantt: Delivered,
}

#[derive(Serialize)]
pub(crate) struct StepOut {
    pub(crate) id: String,
    pub(crate) persona: String,
    pub(crate) start: f64,
    pub(crate) finish: f64,
    /// How many of the persona's people the step uses.
    pub(crate) people: u32,
}

#[derive(Serialize)]
pub(crate) struct PersonaOut {
    pub(crate) persona: String,
    pub(crate) people: f64,
    pub(crate) slots: u32,
    pub(crate) busy: f64,
    pub(crate) utilisation: f64,
}

impl Schedule {
    /// The report of `levelled`, the schedule of `wf` over `graph`.
    pub fn of_workflow(
        wf: &Workflow,
        graph: &StepGraph,
        team: &Team,
        levelled: LevelledSchedule,
        gantt: Delivered,
    ) -> Schedule {
        let steps = graph
            .steps()
            .map(|i| StepOut {
                id: node_name(wf, graph, i),
                persona: graph.nodes[i].persona_name.clone().unwrap_or_default(),
                start: levelled.placed[i].start,
                finish: levelled.placed[i].finish,
                people: levelled.placed[i].people,
            })
            .collect();
        Schedule::new(
            wf.id.clone(),
            wf.name.value.clone(),
            team,
            wf.calendar,
            levelled,
            steps,
            gantt,
        )
    }

    /// The report of a levelled schedule, steps in start order.
    pub(crate) fn new(
        id: String,
        name: String,
        team: &Team,
        calendar: Calendar,
        levelled: LevelledSchedule,
        mut steps: Vec<StepOut>,
        gantt: Delivered,
    ) -> Schedule {
        steps.sort_by(|a, b| a.start.total_cmp(&b.start));
        Schedule {
            workflow: id,
            name,
            team: team.name.clone(),
            calendar,
            quantum: levelled.quantum,
            finish: levelled.finish,
            unconstrained: levelled.unconstrained,
            full_time: levelled.full_time,
            delayed_by: levelled.delayed_by.clone(),
            lower_bound: levelled.lower_bound,
            proven_optimal: levelled.proven_optimal,
            schedules: levelled.schedules,
            timed_out: levelled.timed_out,
            feasible: levelled.feasible,
            defaulted: levelled
                .resources
                .iter()
                .filter(|r| r.defaulted)
                .map(|r| r.name.clone())
                .collect(),
            default_capacity: team.default_capacity,
            personas: levelled
                .resources
                .iter()
                .map(|r| PersonaOut {
                    persona: r.name.clone(),
                    people: r.people,
                    slots: r.slots,
                    busy: r.busy,
                    utilisation: r.utilisation,
                })
                .collect(),
            steps,
            gantt,
        }
    }
}
