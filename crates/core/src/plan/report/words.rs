//! Words shared by the planning reports (`parallel`, `dependency`,
//! `timeline`, `schedule`, `checkpoint`, `phase`): node names, wait reasons,
//! durations. Plain strings only: no colour, no layout.

use serde::Serialize;

use crate::duration::{Calendar, WorkTime};
use crate::model::{Decision, Workflow};
use crate::plan::graph::{NodeKind, Reason, StepGraph};
use crate::plan::montecarlo::Sampling;
/// A node as people name it: the step id, or `<Phase name> gate`.
pub fn node_name(wf: &Workflow, graph: &StepGraph, i: usize) -> String {
    let n = &graph.nodes[i];
    match n.kind {
        NodeKind::Step { .. } => n.id.clone(),
        NodeKind::Gate => format!("{} gate", wf.phases[n.phase].name.value),
    }
}

/// Why a node waits, in a few words.
pub fn reason_text(r: &Reason) -> String {
    match r {
        Reason::Artifact { artifact } => artifact.clone(),
        Reason::After => "after".to_string(),
        Reason::PhaseOrder => "phase order".to_string(),
        Reason::PhaseEnd => "end of phase".to_string(),
        Reason::Requires { artifact } => format!("gate requires {artifact}"),
    }
}

/// `3.2w`, `2mo`, `45min`; `0` for nothing.
pub fn time(minutes: f64, calendar: Calendar) -> String {
    if minutes < 0.05 {
        return "0".to_string();
    }
    WorkTime(minutes).display(calendar)
}

/// What a node waits for, as `name (reasons)` items. Phase order is left
/// out where it is implied: a step that waits for a step of its own phase
/// waits for the previous gate through it.
pub fn waits_text(wf: &Workflow, graph: &StepGraph, i: usize) -> Vec<String> {
    let phase = graph.nodes[i].phase;
    let implied = graph
        .edges_into(i)
        .any(|e| graph.nodes[e.from].is_step() && graph.nodes[e.from].phase == phase);
    let mut out: Vec<(usize, Vec<String>)> = Vec::new();
    for e in graph.edges_into(i) {
        if implied && e.reason == Reason::PhaseOrder {
            continue;
        }
        let reason = reason_text(&e.reason);
        match out.iter_mut().find(|(from, _)| *from == e.from) {
            Some((_, reasons)) if !reasons.contains(&reason) => reasons.push(reason),
            Some(_) => {}
            None => out.push((e.from, vec![reason])),
        }
    }
    out.sort_by_key(|(from, _)| *from);
    out.into_iter()
        .map(|(from, reasons)| format!("{} ({})", node_name(wf, graph, from), reasons.join(", ")))
        .collect()
}

/// A node in JSON output.
#[derive(Debug, Clone, Serialize)]
pub struct NodeRef {
    pub id: String,
    pub kind: &'static str,
    pub phase: String,
}

impl NodeRef {
    pub fn new(wf: &Workflow, graph: &StepGraph, i: usize) -> NodeRef {
        let n = &graph.nodes[i];
        NodeRef {
            id: n.id.clone(),
            kind: if n.is_step() { "step" } else { "gate" },
            phase: wf.phases[n.phase].id.value.clone(),
        }
    }
}

/// A decision point in one line: `text [if cond → target, at most n×]`.
pub fn decision_text(d: &Decision) -> String {
    let mut s = d.text.clone().unwrap_or_default();
    if let Some(c) = &d.condition {
        s.push_str(&format!(" [if {}", c.value));
        if let Some(g) = &d.goto {
            s.push_str(&format!(" → {}", g.value));
        }
        if let Some(m) = &d.max_loops {
            s.push_str(&format!(", at most {}×", m.value));
        }
        s.push(']');
    }
    s.trim().to_string()
}

/// How the Monte Carlo report names its sampling (as `--sampling` does).
pub fn sampling_name(s: Sampling) -> &'static str {
    match s {
        Sampling::BetaPert => "beta-pert",
        Sampling::Triangular => "triangular",
    }
}
