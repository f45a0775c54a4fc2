//! A Gantt chart's data: the bars (steps) and milestones (gates) of a
//! computed schedule, critical ones marked. Drawing it (terminal text,
//! Mermaid, SVG) is `render::gantt`'s job, not this module's: every form
//! draws the same [`Gantt`] value.

use serde::Serialize;

use crate::duration::Calendar;
use crate::model::Workflow;
use crate::plan::cpm::Cpm;
use crate::plan::graph::{NodeKind, StepGraph};
use crate::plan::network::Network;
use crate::plan::schedule::LevelledSchedule;

/// One bar (a step) or milestone (a gate with a checkpoint).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Bar {
    pub id: String,
    pub label: String,
    /// The phase name: bars are grouped by section.
    pub section: String,
    pub start: f64,
    pub finish: f64,
    pub critical: bool,
    pub milestone: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Gantt {
    pub title: String,
    pub calendar: Calendar,
    pub finish: f64,
    pub bars: Vec<Bar>,
}

impl Gantt {
    /// The CPM plan over expected durations, critical steps marked.
    pub fn from_cpm(wf: &Workflow, graph: &StepGraph, cpm: &Cpm) -> Gantt {
        let starts: Vec<(f64, f64)> = (0..graph.len())
            .map(|i| (cpm.early_start[i], cpm.early_finish[i]))
            .collect();
        bars(wf, graph, &starts, &cpm.critical, cpm.finish)
    }

    /// A resource-levelled schedule. A step is marked critical when it ends
    /// the schedule or a later step starts exactly when it finishes.
    pub fn from_schedule(wf: &Workflow, graph: &StepGraph, s: &LevelledSchedule) -> Gantt {
        let times: Vec<(f64, f64)> = s.placed.iter().map(|p| (p.start, p.finish)).collect();
        let critical = levelled_critical(graph.network(), s);
        bars(wf, graph, &times, &critical, s.finish)
    }
}

fn bars(
    wf: &Workflow,
    graph: &StepGraph,
    times: &[(f64, f64)],
    critical: &[bool],
    finish: f64,
) -> Gantt {
    let mut bars = Vec::new();
    for (i, node) in graph.nodes.iter().enumerate() {
        let phase = &wf.phases[node.phase];
        let milestone = node.kind == NodeKind::Gate;
        if milestone && phase.checkpoint.is_none() {
            continue;
        }
        let label = if milestone {
            let who = phase
                .checkpoint
                .as_ref()
                .and_then(|c| c.approver.as_ref())
                .map(|a| format!(" ({})", a.written))
                .unwrap_or_default();
            format!("gate{who}")
        } else {
            node.id.clone()
        };
        bars.push(Bar {
            id: node.id.clone(),
            label,
            section: phase.name.value.clone(),
            start: times[i].0,
            finish: times[i].1,
            critical: critical[i],
            milestone,
        });
    }
    Gantt {
        title: wf.name.value.clone(),
        calendar: wf.calendar,
        finish,
        bars,
    }
}

/// Steps on a resource-or-precedence chain that ends the schedule.
/// Which activities of a levelled schedule are critical: those that end it,
/// or that a critical activity (a successor, or one on the same persona)
/// starts right after.
pub fn levelled_critical(net: &Network, s: &LevelledSchedule) -> Vec<bool> {
    let eps = 1e-9 * s.finish.max(1.0);
    let n = net.len();
    let mut same_resource: Vec<Vec<usize>> = vec![Vec::new(); s.resources.len()];
    for p in &s.placed {
        if let Some(r) = p.resource {
            same_resource[r].push(p.node);
        }
    }
    let mut critical = vec![false; n];
    // Latest finish first; among equal finishes, successors first.
    let mut rank = vec![0usize; n];
    for (k, i) in net.topological_order().enumerate() {
        rank[i] = k;
    }
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| {
        s.placed[b]
            .finish
            .total_cmp(&s.placed[a].finish)
            .then(rank[b].cmp(&rank[a]))
    });
    for i in order {
        let end = s.placed[i].finish;
        let next = |j: usize| j != i && critical[j] && (s.placed[j].start - end).abs() <= eps;
        let on_resource = s.placed[i]
            .resource
            .map(|r| same_resource[r].as_slice())
            .unwrap_or(&[]);
        critical[i] = (s.finish - end).abs() <= eps
            || net.successors(i).any(next)
            || on_resource.iter().copied().any(next);
    }
    critical
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::plan::graph::tests::{TWO_PHASES, workflow};
    use crate::plan::pert::pert;

    /// The chart of the planner tests' two-phase workflow.
    pub(crate) fn chart() -> Gantt {
        let wf = workflow(TWO_PHASES);
        let g = StepGraph::build(&wf);
        let (_, c) = pert(g.network());
        Gantt::from_cpm(&wf, &g, &c)
    }

    #[test]
    fn gates_are_milestones_and_steps_are_bars() {
        let g = chart();
        assert_eq!(g.bars.len(), 7, "six steps and the Plan gate");
        assert_eq!(g.bars.iter().filter(|b| b.milestone).count(), 1);
        assert!(
            g.bars
                .iter()
                .all(|b| b.finish >= b.start && b.finish <= g.finish)
        );
    }
}
