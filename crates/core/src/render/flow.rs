//! The flow of a workflow, as every flow drawing shows it (Mermaid, DOT,
//! the HTML page's SVG): phases as clusters of steps, each phase ending in
//! its deliverable and checkpoint gate, decision points as diamonds with
//! their bounded loop-backs. Layout positions (column by dependency depth,
//! row) are computed here; text is kept as written, for each writer to cut
//! and escape.

use crate::model::{Phase, Workflow};

/// What a node of the flow is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NodeKind {
    Step,
    Deliverable,
    Gate,
    Decision,
}

#[derive(Debug, Clone)]
pub(crate) struct Node {
    /// A safe identifier (`s3`, `p2d`, `p2g`, `p2x1`): no escaping needed.
    pub id: String,
    pub kind: NodeKind,
    /// First line: the persona, `Deliverable`, `Checkpoint` or `Decision`.
    pub title: String,
    /// The action, deliverable text, approver or condition.
    pub text: String,
    /// Position in its phase: column (dependency depth) and row.
    pub col: usize,
    pub row: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum EdgeKind {
    Flow,
    /// A decision's loop back to an earlier phase.
    Loop,
}

#[derive(Debug, Clone)]
pub(crate) struct Edge {
    pub from: String,
    pub to: String,
    pub label: Option<String>,
    pub kind: EdgeKind,
}

#[derive(Debug, Clone)]
pub(crate) struct Cluster {
    pub id: String,
    pub title: String,
    /// Steps and the deliverable (inside the phase box).
    pub nodes: Vec<Node>,
    /// The gate and decisions after the phase box.
    pub after: Vec<Node>,
}

#[derive(Debug, Clone)]
pub(crate) struct Flow {
    pub title: String,
    pub clusters: Vec<Cluster>,
    pub edges: Vec<Edge>,
}

/// `Phase 2: Foundation (Month 3-4)`.
pub(crate) fn phase_title(n: usize, p: &Phase) -> String {
    match &p.window {
        Some(w) => format!("Phase {n}: {} ({})", p.name.value, w.text.value),
        None => format!("Phase {n}: {}", p.name.value),
    }
}

impl Flow {
    pub fn of(wf: &Workflow) -> Flow {
        let mut clusters = Vec::new();
        let mut edges = Vec::new();
        let mut exits: Vec<String> = Vec::new();
        let mut entries_of: Vec<Vec<String>> = Vec::new();
        let mut n = 0;
        for (k, p) in wf.phases.iter().enumerate() {
            let base = n;
            let ids: Vec<String> = (0..p.steps.len())
                .map(|i| format!("s{}", base + i + 1))
                .collect();
            n += p.steps.len();
            // Predecessors inside the phase: producers of inputs and `after` ids.
            let preds: Vec<Vec<usize>> = p
                .steps
                .iter()
                .map(|s| {
                    let mut pr: Vec<usize> = p
                        .steps
                        .iter()
                        .enumerate()
                        .filter(|(_, o)| {
                            o.id.value != s.id.value
                                && (s
                                    .inputs
                                    .iter()
                                    .any(|i| o.outputs.iter().any(|x| x.value == i.value))
                                    || s.after.iter().any(|a| a.value == o.id.value))
                        })
                        .map(|(i, _)| i)
                        .collect();
                    pr.sort_unstable();
                    pr.dedup();
                    pr
                })
                .collect();
            let cols = depths(&preds);
            let mut per_col: Vec<usize> = Vec::new();
            let mut nodes = Vec::new();
            for (i, s) in p.steps.iter().enumerate() {
                let col = cols[i];
                if per_col.len() <= col {
                    per_col.resize(col + 1, 0);
                }
                nodes.push(Node {
                    id: ids[i].clone(),
                    kind: NodeKind::Step,
                    title: s.persona.written.clone(),
                    text: s.action.value.clone(),
                    col,
                    row: per_col[col],
                });
                per_col[col] += 1;
                for &j in &preds[i] {
                    edges.push(flow(&ids[j], &ids[i]));
                }
            }
            let entries: Vec<String> = (0..p.steps.len())
                .filter(|&i| preds[i].is_empty())
                .map(|i| ids[i].clone())
                .collect();
            let sinks: Vec<String> = (0..p.steps.len())
                .filter(|&i| !preds.iter().any(|pr| pr.contains(&i)))
                .map(|i| ids[i].clone())
                .collect();
            let last_col = per_col.len();
            let mut tail = sinks;
            if let Some(d) = &p.deliverable {
                let id = format!("p{}d", k + 1);
                nodes.push(Node {
                    id: id.clone(),
                    kind: NodeKind::Deliverable,
                    title: "Deliverable".into(),
                    text: d.text.clone(),
                    col: last_col,
                    row: 0,
                });
                for t in &tail {
                    edges.push(flow(t, &id));
                }
                tail = vec![id];
            }
            let mut after = Vec::new();
            if let Some(c) = &p.checkpoint {
                let id = format!("p{}g", k + 1);
                let who = c
                    .approver
                    .as_ref()
                    .map(|a| format!("{} approves", a.written))
                    .unwrap_or_else(|| "Gate".into());
                after.push(Node {
                    id: id.clone(),
                    kind: NodeKind::Gate,
                    title: "Checkpoint".into(),
                    text: who,
                    col: 0,
                    row: 0,
                });
                for t in &tail {
                    edges.push(flow(t, &id));
                }
                tail = vec![id];
            }
            for (m, d) in p.decisions.iter().enumerate() {
                let id = format!("p{}x{}", k + 1, m + 1);
                let text = d
                    .text
                    .clone()
                    .or_else(|| d.condition.as_ref().map(|c| c.value.clone()))
                    .unwrap_or_else(|| "Decision".into());
                after.push(Node {
                    id: id.clone(),
                    kind: NodeKind::Decision,
                    title: "Decision".into(),
                    text,
                    col: 0,
                    row: m + 1,
                });
                for t in &tail {
                    edges.push(flow(t, &id));
                }
                tail = vec![id];
            }
            // Phases run in order: this phase's entries follow the last one's exit.
            if k > 0 {
                for e in &entries {
                    for x in &exits {
                        edges.push(flow(x, e));
                    }
                }
            }
            entries_of.push(entries);
            exits = tail;
            clusters.push(Cluster {
                id: format!("p{}", k + 1),
                title: phase_title(k + 1, p),
                nodes,
                after,
            });
        }
        // Loop-backs: from the decision to the first entry step of the target phase.
        for (k, p) in wf.phases.iter().enumerate() {
            for (m, d) in p.decisions.iter().enumerate() {
                let Some(goto) = &d.goto else { continue };
                let Some(t) = wf.phases.iter().position(|q| q.id.value == goto.value) else {
                    continue;
                };
                let Some(target) = entries_of[t].first() else {
                    continue;
                };
                let mut label = d
                    .condition
                    .as_ref()
                    .map(|c| c.value.clone())
                    .unwrap_or_else(|| "loop".into());
                if let Some(max) = &d.max_loops {
                    label.push_str(&format!(", at most {}x", max.value));
                }
                edges.push(Edge {
                    from: format!("p{}x{}", k + 1, m + 1),
                    to: target.clone(),
                    label: Some(label),
                    kind: EdgeKind::Loop,
                });
            }
        }
        Flow {
            title: wf.name.value.clone(),
            clusters,
            edges,
        }
    }

    #[cfg(test)]
    pub fn node(&self, id: &str) -> Option<&Node> {
        self.clusters
            .iter()
            .flat_map(|c| c.nodes.iter().chain(&c.after))
            .find(|n| n.id == id)
    }
}

fn flow(from: &str, to: &str) -> Edge {
    Edge {
        from: from.to_string(),
        to: to.to_string(),
        label: None,
        kind: EdgeKind::Flow,
    }
}

/// Longest-path depth of each step among its phase's predecessors (cycles,
/// which the checker reports, are cut).
fn depths(preds: &[Vec<usize>]) -> Vec<usize> {
    let mut depth = vec![0usize; preds.len()];
    for _ in 0..preds.len() {
        let mut changed = false;
        for i in 0..preds.len() {
            let d = preds[i].iter().map(|&j| depth[j] + 1).max().unwrap_or(0);
            if d > depth[i] && d < preds.len() {
                depth[i] = d;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    depth
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;

    #[test]
    fn the_flow_has_phases_gates_and_the_loop() {
        let c = Catalog::builtin();
        let wf = c.library.get("microservices-migration").unwrap();
        let f = Flow::of(wf);
        assert_eq!(f.clusters.len(), 4);
        assert!(f.node("p1g").is_some_and(|n| n.kind == NodeKind::Gate));
        assert!(
            f.edges
                .iter()
                .any(|e| e.kind == EdgeKind::Loop && e.from == "p3x1")
        );
        // Identify boundaries follows the assessment inside phase 1.
        assert!(f.edges.iter().any(|e| e.from == "s1" && e.to == "s2"));
        assert_eq!(f.node("s2").unwrap().col, 1);
    }
}
