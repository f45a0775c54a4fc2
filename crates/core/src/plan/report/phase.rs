//! The `phase` report: one phase in full: its window, steps with inputs and
//! outputs (and who produces and uses them), estimates, planned times and
//! slack, the deliverable, the gate and the decisions. No text here.

use serde::Serialize;

use super::words::{decision_text, node_name};
use crate::duration::Calendar;
use crate::format::write::estimate_text;
use crate::model::Workflow;
use crate::plan::cpm::cpm;
use crate::plan::graph::{Reason, StepGraph};

/// One phase of a workflow.
#[derive(Serialize)]
pub struct Phase {
    pub(crate) workflow: String,
    #[serde(skip)]
    pub(crate) workflow_name: String,
    /// Times are working minutes under this calendar.
    pub(crate) calendar: Calendar,
    pub(crate) number: usize,
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) window: Option<String>,
    pub(crate) skills: Vec<String>,
    pub(crate) start: f64,
    pub(crate) finish: f64,
    pub(crate) steps: Vec<StepOut>,
    pub(crate) deliverable: Option<String>,
    pub(crate) gate: Option<String>,
    pub(crate) decisions: Vec<String>,
}

#[derive(Serialize)]
pub(crate) struct StepOut {
    pub(crate) id: String,
    pub(crate) persona: String,
    pub(crate) action: String,
    pub(crate) inputs: Vec<Flow>,
    pub(crate) outputs: Vec<Flow>,
    pub(crate) after: Vec<String>,
    pub(crate) estimate: String,
    pub(crate) mean: f64,
    pub(crate) start: f64,
    pub(crate) finish: f64,
    pub(crate) total_slack: f64,
    pub(crate) critical: bool,
}

/// An artifact and the nodes on the other end (producers of an input,
/// consumers of an output).
#[derive(Serialize)]
pub(crate) struct Flow {
    pub(crate) artifact: String,
    pub(crate) with: Vec<String>,
}

impl Phase {
    /// Phase `k` (0-based) of `wf`.
    pub fn of(wf: &Workflow, k: usize) -> Phase {
        let graph = StepGraph::build(wf);
        let net = graph.network();
        let means = net.means();
        let c = cpm(net, &means);
        let phase = &wf.phases[k];
        let graph = &graph;
        let name = |i: usize| node_name(wf, graph, i);
        let steps: Vec<StepOut> = graph
            .steps()
            .filter(|&i| graph.nodes[i].phase == k)
            .enumerate()
            .map(|(j, i)| {
                let step = &phase.steps[j];
                let producers = |artifact: &str| -> Vec<String> {
                    let mut from: Vec<String> = graph
                        .edges_into(i)
                        .filter(|e| matches!(&e.reason, Reason::Artifact { artifact: a } if a == artifact))
                        .map(|e| name(e.from))
                        .collect();
                    if from.is_empty() && wf.inputs.iter().any(|w| w.value == artifact) {
                        from.push("workflow input".to_string());
                    }
                    from
                };
                let consumers = |artifact: &str| -> Vec<String> {
                    graph
                        .edges
                        .iter()
                        .filter(|e| e.from == i)
                        .filter(|e| matches!(&e.reason, Reason::Artifact { artifact: a } | Reason::Requires { artifact: a } if a == artifact))
                        .map(|e| name(e.to))
                        .collect()
                };
                StepOut {
                    id: step.id.value.clone(),
                    persona: step.persona.written.clone(),
                    action: step.action.value.clone(),
                    inputs: step
                        .inputs
                        .iter()
                        .map(|a| Flow {
                            artifact: a.value.clone(),
                            with: producers(&a.value),
                        })
                        .collect(),
                    outputs: step
                        .outputs
                        .iter()
                        .map(|a| Flow {
                            artifact: a.value.clone(),
                            with: consumers(&a.value),
                        })
                        .collect(),
                    after: step.after.iter().map(|a| a.value.clone()).collect(),
                    estimate: match step.estimate() {
                        Some(e) => estimate_text(&e, wf.calendar),
                        None => "derived from the window".to_string(),
                    },
                    mean: means[i],
                    start: c.early_start[i],
                    finish: c.early_finish[i],
                    total_slack: c.total_slack[i],
                    critical: c.critical[i],
                }
            })
            .collect();
        let start = steps.iter().map(|s| s.start).fold(f64::INFINITY, f64::min);
        let gate = phase.checkpoint.as_ref().map(|cp| {
            let who = cp
                .approver
                .as_ref()
                .map(|a| a.written.clone())
                .unwrap_or_else(|| "nobody named".to_string());
            let mut s = format!("{who} approves");
            if !cp.requires.is_empty() {
                let r: Vec<&str> = cp.requires.iter().map(|r| r.value.as_str()).collect();
                s.push_str(&format!("; requires {}", r.join(", ")));
            }
            if !cp.criteria.is_empty() {
                let r: Vec<&str> = cp.criteria.iter().map(|r| r.value.as_str()).collect();
                s.push_str(&format!("; criteria {}", r.join(", ")));
            }
            if let Some(t) = &cp.text {
                s.push_str(&format!(" — {t}"));
            }
            s
        });
        let decisions = phase.decisions.iter().map(decision_text).collect();
        Phase {
            workflow: wf.id.clone(),
            workflow_name: wf.name.value.clone(),
            calendar: wf.calendar,
            number: k + 1,
            id: phase.id.value.clone(),
            name: phase.name.value.clone(),
            window: phase.window.as_ref().map(|w| w.text.value.clone()),
            skills: phase.skills.iter().map(|s| s.written.clone()).collect(),
            start: if start.is_finite() {
                start
            } else {
                c.early_start[graph.gate(k)]
            },
            finish: c.early_finish[graph.gate(k)],
            steps,
            deliverable: phase.deliverable.as_ref().map(|d| match &d.artifact {
                Some(a) => format!("{} [{a}]", d.text),
                None => d.text.clone(),
            }),
            gate,
            decisions,
        }
    }
}
