//! Which steps can run at the same time, what each waits for, and what
//! running them side by side saves against running everything in sequence.
//!
//! Groups are the layers of each phase: a step's layer is one more than the
//! deepest in-phase step it waits for, so two steps of one layer never wait
//! for each other. Suggestions name steps held back only by phase order:
//! nothing they consume comes from the previous phase, so they could start
//! earlier if the phase gate (and window) is not a real dependency.

use serde::Serialize;

use crate::plan::cpm::{Cpm, cpm};
use crate::plan::graph::{Reason, StepGraph};

/// Steps of one phase that can run side by side.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Group {
    pub phase: usize,
    /// 1 for the steps that wait for nothing inside the phase.
    pub layer: usize,
    /// Step nodes.
    pub steps: Vec<usize>,
    /// Earliest start of the group's first step (CPM over the means).
    pub start: f64,
    /// Latest early finish of the group.
    pub finish: f64,
    /// Sum of the steps' durations minus the longest: what overlapping saves.
    pub saved: f64,
}

/// One thing a node waits for.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Wait {
    pub on: usize,
    pub reasons: Vec<Reason>,
}

/// A step that phase order alone keeps waiting.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Suggestion {
    pub step: usize,
    /// The gate it waits for with no artifact or `after` link to that phase.
    pub gate: usize,
    /// When it starts now, and when its declared dependencies would allow.
    pub start: f64,
    pub could_start: f64,
    /// The declared dependency that finishes last, if any.
    pub after: Option<usize>,
    /// Steps of the previous phase it could overlap with.
    pub overlaps: Vec<usize>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ParallelPlan {
    pub groups: Vec<Group>,
    /// What each node waits for, indexed by node.
    pub waits: Vec<Vec<Wait>>,
    /// Every step one after another (each still no earlier than its window).
    pub sequential: f64,
    /// The finish with parallel steps (critical path over the means).
    pub parallel: f64,
    pub suggestions: Vec<Suggestion>,
    /// The finish if every suggestion held.
    pub relaxed: f64,
}

impl ParallelPlan {
    pub fn saved(&self) -> f64 {
        (self.sequential - self.parallel).max(0.0)
    }
}

pub fn parallel(graph: &StepGraph) -> ParallelPlan {
    let net = graph.network();
    let means = net.means();
    let c = cpm(net, &means);
    let waits = (0..graph.len()).map(|i| waits(graph, i)).collect();
    let (suggestions, relaxed) = suggestions(graph, &c, &means);
    ParallelPlan {
        groups: groups(graph, &c, &means),
        waits,
        sequential: sequential(graph, &means),
        parallel: c.finish,
        suggestions,
        relaxed,
    }
}

fn groups(graph: &StepGraph, c: &Cpm, means: &[f64]) -> Vec<Group> {
    let nodes = &graph.nodes;
    let mut layer = vec![0usize; nodes.len()];
    for i in graph.topological_order() {
        if nodes[i].is_step() {
            layer[i] = 1 + graph
                .predecessors(i)
                .filter(|&p| nodes[p].is_step() && nodes[p].phase == nodes[i].phase)
                .map(|p| layer[p])
                .max()
                .unwrap_or(0);
        }
    }
    let mut groups: Vec<Group> = Vec::new();
    for i in graph.steps() {
        let (phase, l) = (nodes[i].phase, layer[i]);
        match groups.iter_mut().find(|g| g.phase == phase && g.layer == l) {
            Some(g) => g.steps.push(i),
            None => groups.push(Group {
                phase,
                layer: l,
                steps: vec![i],
                start: 0.0,
                finish: 0.0,
                saved: 0.0,
            }),
        }
    }
    for g in &mut groups {
        g.start = g
            .steps
            .iter()
            .map(|&i| c.early_start[i])
            .fold(f64::INFINITY, f64::min);
        g.finish = g
            .steps
            .iter()
            .map(|&i| c.early_finish[i])
            .fold(0.0, f64::max);
        let total: f64 = g.steps.iter().map(|&i| means[i]).sum();
        let longest = g.steps.iter().map(|&i| means[i]).fold(0.0, f64::max);
        g.saved = total - longest;
    }
    groups.sort_by_key(|g| (g.phase, g.layer));
    groups
}

/// The predecessors of `i` with every reason, in node order.
fn waits(graph: &StepGraph, i: usize) -> Vec<Wait> {
    let mut out: Vec<Wait> = Vec::new();
    for e in graph.edges_into(i) {
        match out.iter_mut().find(|w| w.on == e.from) {
            Some(w) => {
                if !w.reasons.contains(&e.reason) {
                    w.reasons.push(e.reason.clone());
                }
            }
            None => out.push(Wait {
                on: e.from,
                reasons: vec![e.reason.clone()],
            }),
        }
    }
    out.sort_by_key(|w| w.on);
    out
}

/// Every node one after another in topological order, each still waiting
/// for its release.
fn sequential(graph: &StepGraph, means: &[f64]) -> f64 {
    let net = graph.network();
    graph
        .topological_order()
        .fold(0.0, |t: f64, i| t.max(net.release(i)) + means[i])
}

fn suggestions(graph: &StepGraph, c: &Cpm, means: &[f64]) -> (Vec<Suggestion>, f64) {
    let nodes = &graph.nodes;
    let net = graph.network();
    // A step is linked to the previous phase when a declared edge comes from
    // that phase, or from a linked step of its own phase.
    let mut linked = vec![false; nodes.len()];
    for i in graph.topological_order() {
        let k = nodes[i].phase;
        linked[i] = nodes[i].is_step()
            && k > 0
            && graph.edges_into(i).any(|e| {
                let from = &nodes[e.from];
                e.reason.is_declared()
                    && (from.phase + 1 == k || (from.phase == k && linked[e.from]))
            });
    }
    let mut relaxed_release = net.releases().to_vec();
    let mut dropped = vec![false; nodes.len()];
    let mut out = Vec::new();
    for i in graph.steps() {
        let k = nodes[i].phase;
        if k == 0 || linked[i] {
            continue;
        }
        let after = graph
            .edges_into(i)
            .filter(|e| e.reason.is_declared())
            .map(|e| e.from)
            .max_by(|&a, &b| {
                c.early_finish[a]
                    .total_cmp(&c.early_finish[b])
                    .then(b.cmp(&a))
            });
        let could_start = after.map(|p| c.early_finish[p]).unwrap_or(0.0);
        if could_start + 1e-9 >= c.early_start[i] {
            continue;
        }
        let overlaps = graph
            .steps()
            .filter(|&s| nodes[s].phase + 1 == k && c.early_finish[s] > could_start)
            .collect();
        relaxed_release[i] = 0.0;
        dropped[i] = true;
        out.push(Suggestion {
            step: i,
            gate: graph.gate(k - 1),
            start: c.early_start[i],
            could_start,
            after,
            overlaps,
        });
    }
    let relaxed = if out.is_empty() {
        c.finish
    } else {
        relaxed_finish(graph, means, &relaxed_release, &dropped)
    };
    (out, relaxed)
}

/// The finish when the `dropped` steps keep only their declared predecessors
/// and lose their release.
fn relaxed_finish(graph: &StepGraph, means: &[f64], release: &[f64], dropped: &[bool]) -> f64 {
    let mut b = crate::plan::network::NetworkBuilder::with_capacity(graph.len(), graph.edges.len());
    for (i, d) in graph.network().durations().iter().enumerate() {
        b.activity(*d, release[i]);
    }
    for e in &graph.edges {
        if !dropped[e.to] || e.reason.is_declared() {
            b.arc(e.from, e.to);
        }
    }
    cpm(&b.build(), means).finish
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::graph::tests::{TWO_PHASES, workflow};

    #[test]
    fn groups_waits_and_savings() {
        let g = StepGraph::build(&workflow(TWO_PHASES));
        let p = parallel(&g);
        let ids = |v: &[usize]| {
            v.iter()
                .map(|&i| g.nodes[i].id.as_str())
                .collect::<Vec<_>>()
        };
        let shape: Vec<(usize, usize, Vec<&str>)> = p
            .groups
            .iter()
            .map(|gr| (gr.phase, gr.layer, ids(&gr.steps)))
            .collect();
        assert_eq!(
            shape,
            [
                (0, 1, vec!["a", "c"]),
                (0, 2, vec!["b"]),
                (1, 1, vec!["d"]),
                (1, 2, vec!["e", "f"]),
            ]
        );
        let week = 2400.0;
        // a: mean 2w, c: mean 1.5w -> overlapping saves 1.5w.
        assert!((p.groups[0].saved - 1.5 * week).abs() < 1e-6);
        // Plan: a+b = 3w then the Build window opens at month 1 (21 days = 4.2w);
        // d, e/f take one month each.
        let month = 21.0 * 480.0;
        assert!((p.parallel - 3.0 * month).abs() < 1e-6);
        assert!(p.sequential > p.parallel);
        let d = g.step("d").unwrap();
        assert_eq!(p.waits[d].len(), 1);
        assert_eq!(p.waits[d][0].reasons.len(), 2, "artifact and phase order");
    }

    #[test]
    fn phase_order_only_steps_are_suggested() {
        // f needs only the workflow input `brief` and d (same phase): it is linked.
        // A step that needs nothing from Plan is a suggestion.
        let yaml = TWO_PHASES.replace(
            "      - {id: f, persona: SRE, action: F, inputs: [brief], after: [d]}\n",
            "      - {id: f, persona: SRE, action: F, inputs: [brief], estimate: 1w}\n",
        );
        let g = StepGraph::build(&workflow(&yaml));
        let p = parallel(&g);
        let f = g.step("f").unwrap();
        assert_eq!(p.suggestions.len(), 1);
        let s = &p.suggestions[0];
        assert_eq!((s.step, s.gate), (f, g.gate(0)));
        assert_eq!(s.could_start, 0.0);
        assert_eq!(s.overlaps.len(), 3);
        // f is not critical, so the finish does not move.
        assert!((p.relaxed - p.parallel).abs() < 1e-6);
    }
}
