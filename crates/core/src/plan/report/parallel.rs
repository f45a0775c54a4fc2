//! The `parallel` report: the steps that can run at the same time, what each
//! waits for, the time that saves, and steps that could also overlap if a
//! phase gate is not a real dependency (suggestions). No text here.

use serde::Serialize;

use super::words::{node_name, waits_text};
use crate::duration::Calendar;
use crate::model::Workflow;
use crate::plan::graph::StepGraph;

/// A workflow's parallel groups.
#[derive(Serialize)]
pub struct Parallel {
    pub(crate) workflow: String,
    #[serde(skip)]
    pub(crate) name: String,
    /// Times are working minutes under this calendar.
    pub(crate) calendar: Calendar,
    pub(crate) groups: Vec<GroupOut>,
    pub(crate) sequential: f64,
    pub(crate) parallel: f64,
    pub(crate) saved: f64,
    pub(crate) suggestions: Vec<SuggestionOut>,
    /// The finish if every suggestion held.
    pub(crate) relaxed: f64,
}

#[derive(Serialize)]
pub(crate) struct GroupOut {
    pub(crate) phase: String,
    pub(crate) phase_name: String,
    pub(crate) layer: usize,
    pub(crate) start: f64,
    pub(crate) finish: f64,
    pub(crate) saved: f64,
    pub(crate) steps: Vec<StepOut>,
}

#[derive(Serialize)]
pub(crate) struct StepOut {
    pub(crate) id: String,
    pub(crate) persona: String,
    pub(crate) duration: f64,
    pub(crate) start: f64,
    pub(crate) waits_for: Vec<String>,
}

#[derive(Serialize)]
pub(crate) struct SuggestionOut {
    pub(crate) step: String,
    pub(crate) phase: String,
    pub(crate) waits_for_gate: String,
    pub(crate) start: f64,
    pub(crate) could_start: f64,
    pub(crate) after: Option<String>,
    pub(crate) overlaps: Vec<String>,
}

impl Parallel {
    /// The parallel groups of `wf` over its step graph.
    pub fn of(wf: &Workflow, graph: &StepGraph) -> Parallel {
        let plan = crate::plan::parallel::parallel(graph);
        let means = graph.network().means();
        let name = |i: usize| node_name(wf, graph, i);
        let cpm = crate::plan::cpm::cpm(graph.network(), &means);
        Parallel {
            workflow: wf.id.clone(),
            name: wf.name.value.clone(),
            calendar: wf.calendar,
            groups: plan
                .groups
                .iter()
                .map(|g| GroupOut {
                    phase: wf.phases[g.phase].id.value.clone(),
                    phase_name: wf.phases[g.phase].name.value.clone(),
                    layer: g.layer,
                    start: g.start,
                    finish: g.finish,
                    saved: g.saved,
                    steps: g
                        .steps
                        .iter()
                        .map(|&i| StepOut {
                            id: name(i),
                            persona: graph.nodes[i].persona_name.clone().unwrap_or_default(),
                            duration: means[i],
                            start: cpm.early_start[i],
                            waits_for: waits_text(wf, graph, i),
                        })
                        .collect(),
                })
                .collect(),
            sequential: plan.sequential,
            parallel: plan.parallel,
            saved: plan.saved(),
            suggestions: plan
                .suggestions
                .iter()
                .map(|s| SuggestionOut {
                    step: name(s.step),
                    phase: wf.phases[graph.nodes[s.step].phase].id.value.clone(),
                    waits_for_gate: name(s.gate),
                    start: s.start,
                    could_start: s.could_start,
                    after: s.after.map(name),
                    overlaps: s.overlaps.iter().map(|&i| name(i)).collect(),
                })
                .collect(),
            relaxed: plan.relaxed,
        }
    }
}
