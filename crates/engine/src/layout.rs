//! The shape of a workflow as the runner walks it: steps in file order with
//! their phase, and each step's predecessors inside its phase.
//!
//! Phases run in order (a phase starts when the previous one is done and its
//! gate passed); inside a phase a step waits for the steps that produce its
//! inputs and for the ids in `after`. `predecessors` is the one place that
//! reads dependencies; it asks the planner's step graph, so running and
//! planning agree.

use std::collections::HashMap;
use std::ops::Range;

use skill_chains_core::model::Workflow;
use skill_chains_core::plan::graph::StepGraph;

#[derive(Debug, Clone)]
pub struct StepInfo {
    pub id: String,
    pub phase: usize,
    /// The persona as written, and its catalog slug.
    pub persona: String,
    pub slug: Option<String>,
    pub outputs: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct PhaseInfo {
    pub id: String,
    pub name: String,
    pub steps: Range<usize>,
    pub gate: bool,
}

#[derive(Debug, Clone)]
pub struct Layout {
    pub steps: Vec<StepInfo>,
    pub phases: Vec<PhaseInfo>,
    pub index: HashMap<String, usize>,
    pub preds: Vec<Vec<usize>>,
}

impl Layout {
    pub fn new(wf: &Workflow) -> Layout {
        let mut steps = Vec::with_capacity(wf.step_count());
        let mut phases = Vec::with_capacity(wf.phases.len());
        for (p, phase) in wf.phases.iter().enumerate() {
            let start = steps.len();
            for s in &phase.steps {
                steps.push(StepInfo {
                    id: s.id.value.clone(),
                    phase: p,
                    persona: s.persona.written.clone(),
                    slug: s.persona.slug.clone(),
                    outputs: s.outputs.iter().map(|o| o.value.clone()).collect(),
                });
            }
            phases.push(PhaseInfo {
                id: phase.id.value.clone(),
                name: phase.name.value.clone(),
                steps: start..steps.len(),
                gate: phase.checkpoint.is_some(),
            });
        }
        let index = steps
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id.clone(), i))
            .collect();
        Layout {
            preds: predecessors(wf),
            steps,
            phases,
            index,
        }
    }

    pub fn phase_index(&self, id: &str) -> Option<usize> {
        self.phases.iter().position(|p| p.id == id)
    }
}

/// For each step (in file order), the steps of its own phase it waits for,
/// read from the planner's step graph (earlier phases are covered by phase
/// order, which the runner enforces itself).
pub fn predecessors(wf: &Workflow) -> Vec<Vec<usize>> {
    let graph = StepGraph::build(wf);
    let step_nodes: Vec<usize> = graph.steps().collect();
    let mut position = vec![None; graph.len()];
    for (k, &n) in step_nodes.iter().enumerate() {
        position[n] = Some(k);
    }
    step_nodes
        .iter()
        .map(|&n| {
            let mut preds: Vec<usize> = graph
                .predecessors(n)
                .filter(|&m| graph.nodes[m].phase == graph.nodes[n].phase)
                .filter_map(|m| position[m])
                .collect();
            preds.sort_unstable();
            preds.dedup();
            preds
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use skill_chains_core::catalog::PersonaCatalog;

    #[test]
    fn predecessors_follow_artifacts_and_after_within_a_phase() {
        let yaml = "name: T\nphases:\n  - id: a\n    name: A\n    steps:\n      - {id: s1, persona: SRE, action: x, outputs: [o1]}\n      - {id: s2, persona: SRE, action: y}\n      - {id: s3, persona: SRE, action: z, inputs: [o1], after: [s2]}\n  - id: b\n    name: B\n    steps:\n      - {id: s4, persona: SRE, action: w, inputs: [o1]}\n";
        let wf = skill_chains_core::format::load_workflow(yaml, &PersonaCatalog::builtin())
            .workflow
            .unwrap();
        let layout = Layout::new(&wf);
        assert_eq!(layout.preds, vec![vec![], vec![], vec![0, 1], vec![]]);
        assert_eq!(layout.phases[1].steps, 3..4);
    }
}
