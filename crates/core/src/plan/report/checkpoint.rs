//! The `checkpoint` report: every gate, who approves it, what it requires
//! (and who produces that) and when it is expected; and the phases that end
//! without one. No text here.

use serde::Serialize;

use super::words::decision_text;
use crate::duration::Calendar;
use crate::model::Workflow;
use crate::plan::cpm::cpm;
use crate::plan::graph::StepGraph;

/// A workflow's checkpoints.
#[derive(Serialize)]
pub struct Checkpoints {
    pub(crate) workflow: String,
    #[serde(skip)]
    pub(crate) name: String,
    /// Times are working minutes under this calendar.
    pub(crate) calendar: Calendar,
    pub(crate) gates: Vec<Gate>,
    /// Phases whose end no checkpoint guards.
    pub(crate) ungated: Vec<Ungated>,
}

#[derive(Serialize)]
pub(crate) struct Gate {
    pub(crate) phase: String,
    pub(crate) phase_name: String,
    pub(crate) approver: Option<String>,
    pub(crate) requires: Vec<Requirement>,
    pub(crate) criteria: Vec<String>,
    pub(crate) text: Option<String>,
    /// When the gate is reached in the expected plan.
    pub(crate) expected_at: f64,
    pub(crate) decisions: Vec<String>,
}

#[derive(Serialize)]
pub(crate) struct Requirement {
    pub(crate) artifact: String,
    /// Who produces it: step ids, `deliverable of <phase>`, `workflow input`;
    /// empty when nothing does (check reports SC009).
    pub(crate) from: Vec<String>,
}

#[derive(Serialize)]
pub(crate) struct Ungated {
    pub(crate) phase: String,
    pub(crate) phase_name: String,
    /// The phase that starts without a gate before it (none for the last).
    pub(crate) next: Option<String>,
}

/// Where an artifact comes from, for a consumer in phase `k`.
fn sources(wf: &Workflow, artifact: &str, k: usize) -> Vec<String> {
    let mut from: Vec<String> = wf
        .phases
        .iter()
        .take(k + 1)
        .flat_map(|p| p.steps.iter())
        .filter(|s| s.outputs.iter().any(|o| o.value == artifact))
        .map(|s| s.id.value.clone())
        .collect();
    for p in wf.phases.iter().take(k + 1) {
        if p.deliverable.as_ref().and_then(|d| d.artifact.as_deref()) == Some(artifact) {
            from.push(format!("deliverable of {}", p.name.value));
        }
    }
    if wf.inputs.iter().any(|i| i.value == artifact) {
        from.push("workflow input".to_string());
    }
    from
}

impl Checkpoints {
    /// The gates of `wf` and the phases without one.
    pub fn of(wf: &Workflow) -> Checkpoints {
        let graph = StepGraph::build(wf);
        let c = cpm(graph.network(), &graph.network().means());
        let mut gates = Vec::new();
        let mut ungated = Vec::new();
        for (k, p) in wf.phases.iter().enumerate() {
            let Some(cp) = &p.checkpoint else {
                ungated.push(Ungated {
                    phase: p.id.value.clone(),
                    phase_name: p.name.value.clone(),
                    next: wf.phases.get(k + 1).map(|n| n.name.value.clone()),
                });
                continue;
            };
            gates.push(Gate {
                phase: p.id.value.clone(),
                phase_name: p.name.value.clone(),
                approver: cp.approver.as_ref().map(|a| a.written.clone()),
                requires: cp
                    .requires
                    .iter()
                    .map(|r| Requirement {
                        artifact: r.value.clone(),
                        from: sources(wf, &r.value, k),
                    })
                    .collect(),
                criteria: cp.criteria.iter().map(|c| c.value.clone()).collect(),
                text: cp.text.clone(),
                expected_at: c.early_finish[graph.gate(k)],
                decisions: p.decisions.iter().map(decision_text).collect(),
            });
        }
        Checkpoints {
            workflow: wf.id.clone(),
            name: wf.name.value.clone(),
            calendar: wf.calendar,
            gates,
            ungated,
        }
    }
}
