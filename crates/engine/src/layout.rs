//! The shape of a workflow as the runner walks it: steps in file order with
//! their phase, and each step's predecessors inside its phase.
//!
//! Phases run in order (a phase starts when the previous one is done and its
//! gate passed); inside a phase a step waits for the steps that produce its
//! inputs and for the ids in `after`. `predecessors` is the one place that
//! reads dependencies, so it can be swapped for the planner's step graph.

use std::collections::HashMap;
use std::ops::Range;

use skill_chains_core::model::Workflow;

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

/// For each step (in file order), the steps of its own phase it waits for.
pub fn predecessors(wf: &Workflow) -> Vec<Vec<usize>> {
    let mut out = Vec::with_capacity(wf.step_count());
    let mut base = 0;
    for phase in &wf.phases {
        let mut producers: HashMap<&str, Vec<usize>> = HashMap::new();
        let mut ids: HashMap<&str, usize> = HashMap::new();
        for (i, s) in phase.steps.iter().enumerate() {
            ids.insert(s.id.value.as_str(), base + i);
            for o in &s.outputs {
                producers
                    .entry(o.value.as_str())
                    .or_default()
                    .push(base + i);
            }
        }
        for (i, s) in phase.steps.iter().enumerate() {
            let me = base + i;
            let mut preds: Vec<usize> = s
                .inputs
                .iter()
                .flat_map(|input| producers.get(input.value.as_str()).into_iter().flatten())
                .copied()
                .chain(
                    s.after
                        .iter()
                        .filter_map(|a| ids.get(a.value.as_str()).copied()),
                )
                .filter(|&p| p != me)
                .collect();
            preds.sort_unstable();
            preds.dedup();
            out.push(preds);
        }
        base += phase.steps.len();
    }
    out
}
