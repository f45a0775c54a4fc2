//! The step graph of a workflow: steps and phase gates as nodes, and the
//! reasons one waits for another as labelled edges.
//!
//! The rules are those of "Planning semantics" in `docs/format.md`:
//! - a step waits for the steps (of its own or an earlier phase) that produce
//!   its `inputs`, for an earlier phase's gate when it needs that phase's
//!   deliverable, and for the ids in its `after` list;
//! - every step of a phase waits for the previous phase's gate, and the gate
//!   waits for every step of its phase (phases run in order); a checkpoint's
//!   `requires` adds edges from the producers to the gate;
//! - nothing starts before its phase window starts (the node's release);
//! - a step without an estimate takes its phase window's length divided by
//!   the longest chain of steps in the phase.
//!
//! Edges that could only close a cycle (an input produced by a later phase,
//! `after` naming a later phase's step) are left out: `check` reports them
//! (SC009, SC008) and planners assume a checked model. Nothing here panics
//! on an unchecked one either.

use std::collections::HashMap;

use serde::Serialize;

use crate::duration::{Calendar, Unit, WorkTime};
use crate::model::{Estimate, People, Workflow};
use crate::plan::network::{Duration3, Network, NetworkBuilder};

/// What a node stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum NodeKind {
    /// Step `step` of the node's phase.
    Step { step: usize },
    /// The end of the node's phase: its checkpoint, or the implicit gate of
    /// phase order when it has none. Takes no time.
    Gate,
}

/// Where a node's duration comes from.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "source", rename_all = "kebab-case")]
pub enum EstimateSource {
    /// The step's own estimate.
    Given,
    /// No estimate: the phase window's length divided by the longest chain
    /// of steps in the phase.
    Window { window: WorkTime, chain: usize },
    /// No estimate and no bounded window: the stated timeline's upper bound
    /// shared evenly by the phases, divided by the longest chain.
    Timeline { share: WorkTime, chain: usize },
    /// Nothing to derive from: one day.
    Default,
    /// A gate: no duration.
    Milestone,
}

/// A node: a step or a phase gate.
#[derive(Debug, Clone, Serialize)]
pub struct Node {
    pub kind: NodeKind,
    /// The step id, or `<phase-id>` for a gate.
    pub id: String,
    /// The step's action, or the phase name for a gate.
    pub label: String,
    /// Index of the phase in the workflow.
    pub phase: usize,
    /// The persona key (catalog slug, or the name as written) of a step.
    pub persona: Option<String>,
    /// The persona as written in the file.
    pub persona_name: Option<String>,
    /// With all the people the step can use (see [`crate::model::People`]).
    pub duration: Duration3,
    pub estimate_source: EstimateSource,
    /// The earliest start allowed by the phase window.
    pub release: f64,
    /// The people a step can use (one for a gate).
    pub people: People,
}

impl Node {
    pub fn is_step(&self) -> bool {
        matches!(self.kind, NodeKind::Step { .. })
    }
}

/// Why `to` waits for `from`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Reason {
    /// `to` needs the artifact `from` produces (or `from` is the gate of the
    /// phase whose deliverable it is).
    Artifact { artifact: String },
    /// `to` lists `from` in `after`.
    After,
    /// Phase order: `from` is the previous phase's gate.
    PhaseOrder,
    /// `to` is the gate of `from`'s phase.
    PhaseEnd,
    /// `to` is a gate whose checkpoint requires an artifact of `from`.
    Requires { artifact: String },
}

impl Reason {
    /// Edges that a workflow author declared through data (artifacts,
    /// `after`, gate requirements), as opposed to phase order.
    pub fn is_declared(&self) -> bool {
        !matches!(self, Reason::PhaseOrder | Reason::PhaseEnd)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Edge {
    pub from: usize,
    pub to: usize,
    pub reason: Reason,
}

/// The dependency graph of one workflow.
#[derive(Debug, Clone)]
pub struct StepGraph {
    pub nodes: Vec<Node>,
    /// Labelled edges; one pair of nodes may have several reasons.
    pub edges: Vec<Edge>,
    pub calendar: Calendar,
    network: Network,
    gates: Vec<usize>,
    incoming: Vec<Vec<usize>>,
    by_id: HashMap<String, usize>,
}

impl StepGraph {
    /// Build the graph of `wf` (see the module documentation for the rules).
    pub fn build(wf: &Workflow) -> StepGraph {
        let mut nodes = Vec::with_capacity(wf.step_count() + wf.phases.len());
        let mut gates = Vec::with_capacity(wf.phases.len());
        for (k, phase) in wf.phases.iter().enumerate() {
            let release = phase
                .window()
                .and_then(|w| w.start)
                .map(|s| s.0)
                .unwrap_or(0.0);
            for (j, step) in phase.steps.iter().enumerate() {
                nodes.push(Node {
                    kind: NodeKind::Step { step: j },
                    id: step.id.value.clone(),
                    label: step.action.value.clone(),
                    phase: k,
                    persona: Some(step.persona.key().to_string()),
                    persona_name: Some(step.persona.written.clone()),
                    duration: Duration3::default(),
                    estimate_source: EstimateSource::Default,
                    release,
                    people: step.people(),
                });
            }
            gates.push(nodes.len());
            nodes.push(Node {
                kind: NodeKind::Gate,
                id: phase.id.value.clone(),
                label: phase.name.value.clone(),
                phase: k,
                persona: None,
                persona_name: None,
                duration: Duration3::default(),
                estimate_source: EstimateSource::Milestone,
                release,
                people: People::ONE,
            });
        }
        let edges = edges(wf, &nodes, &gates);
        let mut builder = NetworkBuilder::with_capacity(nodes.len(), edges.len());
        for n in &nodes {
            builder.activity(Duration3::default(), n.release);
        }
        for e in &edges {
            builder.arc(e.from, e.to);
        }
        let mut network = builder.build();
        assign_durations(wf, &mut nodes, &network);
        network.set_durations(nodes.iter().map(|n| n.duration).collect());
        let mut incoming = vec![Vec::new(); nodes.len()];
        for (i, e) in edges.iter().enumerate() {
            incoming[e.to].push(i);
        }
        let mut by_id = HashMap::with_capacity(nodes.len());
        for (i, n) in nodes.iter().enumerate().filter(|(_, n)| n.is_step()) {
            by_id.entry(n.id.clone()).or_insert(i);
        }
        StepGraph {
            nodes,
            edges,
            calendar: wf.calendar,
            network,
            gates,
            incoming,
            by_id,
        }
    }

    /// The activity network (durations, releases, arcs) planners run on.
    pub fn network(&self) -> &Network {
        &self.network
    }

    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    /// The gate node of phase `phase`.
    pub fn gate(&self, phase: usize) -> usize {
        self.gates[phase]
    }

    /// Step node indices, in workflow order.
    pub fn steps(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.nodes.len()).filter(|&i| self.nodes[i].is_step())
    }

    /// The node of a step id.
    pub fn step(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
    }

    pub fn predecessors(&self, i: usize) -> impl ExactSizeIterator<Item = usize> + '_ {
        self.network.predecessors(i)
    }

    pub fn successors(&self, i: usize) -> impl ExactSizeIterator<Item = usize> + '_ {
        self.network.successors(i)
    }

    pub fn topological_order(&self) -> impl ExactSizeIterator<Item = usize> + '_ {
        self.network.topological_order()
    }

    /// The labelled edges into node `i`.
    pub fn edges_into(&self, i: usize) -> impl Iterator<Item = &Edge> + '_ {
        self.incoming[i].iter().map(|&e| &self.edges[e])
    }

    /// Nodes that can start once the `done` ones have finished.
    pub fn ready(&self, done: &[bool]) -> Vec<usize> {
        self.network.ready(done)
    }

    /// Step nodes whose estimate was derived rather than given.
    pub fn derived_estimates(&self) -> impl Iterator<Item = usize> + '_ {
        self.steps()
            .filter(|&i| self.nodes[i].estimate_source != EstimateSource::Given)
    }
}

fn edges(wf: &Workflow, nodes: &[Node], gates: &[usize]) -> Vec<Edge> {
    // Artifact -> (phase, producing node) for step outputs, and the phase of
    // each deliverable artifact.
    let mut producers: HashMap<&str, Vec<(usize, usize)>> = HashMap::new();
    let mut deliverables: HashMap<&str, usize> = HashMap::new();
    let mut by_id: HashMap<&str, (usize, usize)> = HashMap::new();
    let mut node = 0;
    for (k, phase) in wf.phases.iter().enumerate() {
        for step in &phase.steps {
            for o in &step.outputs {
                producers
                    .entry(o.value.as_str())
                    .or_default()
                    .push((k, node));
            }
            by_id.entry(step.id.value.as_str()).or_insert((k, node));
            node += 1;
        }
        if let Some(a) = phase
            .deliverable
            .as_ref()
            .and_then(|d| d.artifact.as_deref())
        {
            deliverables.entry(a).or_insert(k);
        }
        node += 1; // the gate
    }
    let mut edges = Vec::with_capacity(nodes.len() * 3);
    // Sources of an artifact for a consumer in phase `k`: producing steps of
    // phases up to `k`, else the gate of an earlier phase that delivers it.
    let sources = |artifact: &str, k: usize, out: &mut Vec<usize>| {
        out.clear();
        for &(pk, p) in producers.get(artifact).into_iter().flatten() {
            if pk <= k {
                out.push(p);
            }
        }
        if out.is_empty()
            && let Some(&dk) = deliverables.get(artifact)
            && dk < k
        {
            out.push(gates[dk]);
        }
    };
    let mut found = Vec::new();
    let mut node = 0;
    for (k, phase) in wf.phases.iter().enumerate() {
        for step in &phase.steps {
            for input in &step.inputs {
                sources(&input.value, k, &mut found);
                for &p in found.iter().filter(|&&p| p != node) {
                    edges.push(Edge {
                        from: p,
                        to: node,
                        reason: Reason::Artifact {
                            artifact: input.value.clone(),
                        },
                    });
                }
            }
            for a in &step.after {
                if let Some(&(pk, p)) = by_id.get(a.value.as_str())
                    && pk <= k
                    && p != node
                {
                    edges.push(Edge {
                        from: p,
                        to: node,
                        reason: Reason::After,
                    });
                }
            }
            if k > 0 {
                edges.push(Edge {
                    from: gates[k - 1],
                    to: node,
                    reason: Reason::PhaseOrder,
                });
            }
            edges.push(Edge {
                from: node,
                to: gates[k],
                reason: Reason::PhaseEnd,
            });
            node += 1;
        }
        if k > 0 {
            edges.push(Edge {
                from: gates[k - 1],
                to: gates[k],
                reason: Reason::PhaseOrder,
            });
        }
        for r in phase.checkpoint.iter().flat_map(|c| c.requires.iter()) {
            sources(&r.value, k, &mut found);
            for &p in found.iter().filter(|&&p| p != gates[k]) {
                edges.push(Edge {
                    from: p,
                    to: gates[k],
                    reason: Reason::Requires {
                        artifact: r.value.clone(),
                    },
                });
            }
        }
        node += 1;
    }
    edges
}

/// Fill in every node's duration: given estimates, else derived from the
/// phase window (see [`EstimateSource`]).
fn assign_durations(wf: &Workflow, nodes: &mut [Node], network: &Network) {
    // Longest chain of steps inside each phase, along in-phase step edges.
    let mut level = vec![0usize; nodes.len()];
    let mut chain = vec![0usize; wf.phases.len()];
    for i in network.topological_order() {
        if !nodes[i].is_step() {
            continue;
        }
        let k = nodes[i].phase;
        let before = network
            .predecessors(i)
            .filter(|&p| nodes[p].is_step() && nodes[p].phase == k)
            .map(|p| level[p])
            .max()
            .unwrap_or(0);
        level[i] = before + 1;
        chain[k] = chain[k].max(level[i]);
    }
    let phase_count = wf.phases.len().max(1) as f64;
    let timeline_share = wf
        .timeline_range()
        .map(|(_, max)| WorkTime(max.0 / phase_count));
    for n in nodes.iter_mut() {
        let NodeKind::Step { step } = n.kind else {
            continue;
        };
        let phase = &wf.phases[n.phase];
        if let Some(e) = phase.steps[step].duration() {
            n.duration = three_points(&e);
            n.estimate_source = EstimateSource::Given;
            continue;
        }
        let links = chain[n.phase].max(1);
        let window = phase
            .window()
            .and_then(|w| w.duration())
            .filter(|d| d.0 > 0.0);
        (n.duration, n.estimate_source) = match (window, timeline_share) {
            (Some(w), _) => (
                Duration3::fixed(w.0 / links as f64),
                EstimateSource::Window {
                    window: w,
                    chain: links,
                },
            ),
            (None, Some(share)) => (
                Duration3::fixed(share.0 / links as f64),
                EstimateSource::Timeline {
                    share,
                    chain: links,
                },
            ),
            (None, None) => (
                Duration3::fixed(wf.calendar.minutes(Unit::Day)),
                EstimateSource::Default,
            ),
        };
    }
}

fn three_points(e: &Estimate) -> Duration3 {
    Duration3::new(e.optimistic().0, e.likely().0, e.pessimistic().0)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::personas::PersonaCatalog;

    /// Read a workflow for tests (it need not check clean).
    pub(crate) fn workflow(yaml: &str) -> Workflow {
        crate::format::load_workflow(yaml, &PersonaCatalog::builtin())
            .workflow
            .expect("test workflow parses")
    }

    pub(crate) const TWO_PHASES: &str = "name: T\ntimeline: 2-3 months\ninputs: [brief]\nphases:
  - id: plan
    name: Plan
    window: Month 1
    steps:
      - {id: a, persona: SRE, action: A, inputs: [brief], outputs: [x], estimate: 1w / 2w / 3w}
      - {id: b, persona: SRE, action: B, inputs: [x], outputs: [y], estimate: 1w}
      - {id: c, persona: Technical Writer, action: C, estimate: 1w / 1w / 4w}
    deliverable: {text: Plan, artifact: plan}
    checkpoint: {approver: CTO, requires: [plan, y]}
  - id: build
    name: Build
    window: Month 2-3
    steps:
      - {id: d, persona: SRE, action: D, inputs: [plan], outputs: [z]}
      - {id: e, persona: SRE, action: E, inputs: [z]}
      - {id: f, persona: SRE, action: F, inputs: [brief], after: [d]}
";

    #[test]
    fn edges_follow_the_planning_semantics() {
        let g = StepGraph::build(&workflow(TWO_PHASES));
        let id = |s: &str| g.step(s).unwrap();
        let preds = |s: &str| {
            let mut p: Vec<String> = g
                .predecessors(id(s))
                .map(|p| g.nodes[p].id.clone())
                .collect();
            p.sort();
            p
        };
        assert_eq!(g.len(), 8);
        assert_eq!(preds("b"), ["a"]);
        assert!(preds("a").is_empty() && preds("c").is_empty());
        // d needs the plan deliverable: the gate of `plan`, which is also phase order.
        assert_eq!(preds("d"), ["plan"]);
        assert_eq!(preds("e"), ["d", "plan"]);
        assert_eq!(preds("f"), ["d", "plan"]);
        let gate = g.gate(0);
        assert_eq!(g.predecessors(gate).count(), 3);
        assert!(g.edges_into(gate).any(|e| e.reason
            == Reason::Requires {
                artifact: "y".into()
            }
            && e.from == id("b")));
        assert!(g.edges_into(id("d")).any(|e| e.reason.is_declared()));
        assert_eq!(g.network().dropped_arcs(), []);
        assert_eq!(g.ready(&vec![false; g.len()]), [id("a"), id("c")]);
    }

    #[test]
    fn missing_estimates_share_the_window_by_chain_length() {
        let g = StepGraph::build(&workflow(TWO_PHASES));
        let month = Calendar::Business.minutes(Unit::Month);
        let d = &g.nodes[g.step("d").unwrap()];
        // Build runs Month 2-3 (two months); its longest chain d -> e / d -> f has 2 steps.
        assert_eq!(d.duration, Duration3::fixed(month));
        assert_eq!(
            d.estimate_source,
            EstimateSource::Window {
                window: WorkTime(2.0 * month),
                chain: 2
            }
        );
        assert_eq!(d.release, month);
        assert_eq!(g.derived_estimates().count(), 3);
        let a = &g.nodes[g.step("a").unwrap()];
        assert_eq!(a.estimate_source, EstimateSource::Given);
        assert_eq!(a.duration.pessimistic, 3.0 * 2400.0);
    }

    #[test]
    fn later_producers_and_backward_after_do_not_make_cycles() {
        let yaml = "name: T\nphases:
  - name: One
    steps:
      - {id: a, persona: SRE, action: A, inputs: [late], after: [b]}
  - name: Two
    steps:
      - {id: b, persona: SRE, action: B, outputs: [late]}
";
        let g = StepGraph::build(&workflow(yaml));
        assert_eq!(g.predecessors(g.step("a").unwrap()).count(), 0);
        assert!(g.network().dropped_arcs().is_empty());
        let cyclic = "name: T\nphases:
  - name: One
    steps:
      - {id: a, persona: SRE, action: A, inputs: [y], outputs: [x]}
      - {id: b, persona: SRE, action: B, inputs: [x], outputs: [y]}
";
        let g = StepGraph::build(&workflow(cyclic));
        assert_eq!(g.topological_order().count(), 3);
        assert_eq!(g.network().dropped_arcs().len(), 1);
    }

    #[test]
    fn every_builtin_builds_acyclic() {
        let catalog = crate::catalog::Catalog::builtin();
        for wf in catalog.library.workflows() {
            let g = StepGraph::build(wf);
            assert!(g.network().dropped_arcs().is_empty(), "{}", wf.id);
            assert_eq!(g.steps().count(), wf.step_count());
        }
    }
}
