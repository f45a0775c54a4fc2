//! A workflow that passed `check` with no errors, with what check proved
//! kept in types: every phase window and step estimate parsed, every
//! persona resolved to its catalog slug, every decision's `goto` resolved
//! to a phase index (or continue/end), every step at a known index.
//!
//! Only `check` makes one (the constructor is crate-private and refuses a
//! workflow whose facts do not hold), so code that takes a
//! [`CheckedWorkflow`] (planning, rendering, the runner) never handles
//! "a goto to a phase that does not exist" or "a window that did not
//! parse": those cases cannot reach it. It reads as the [`Workflow`] it
//! wraps through `Deref`.

use std::collections::HashMap;
use std::ops::Deref;

use super::{Estimate, Workflow};
use crate::span::Span;
use crate::window::Window;

/// Where a decision leads once resolved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// Carry on with the next phase.
    Continue,
    /// Finish the workflow.
    End,
    /// Enter the phase at this index (a loop back when it is not later).
    Phase(usize),
}

#[derive(Debug, Clone)]
struct PhaseFacts {
    window: Option<Window>,
    /// Per decision, in file order.
    targets: Vec<Target>,
    /// Per step, in file order: its persona's slug and its estimate.
    slugs: Vec<String>,
    estimates: Vec<Option<Estimate>>,
}

/// A workflow with no check errors and its resolved facts.
#[derive(Debug, Clone)]
pub struct CheckedWorkflow {
    workflow: Workflow,
    phases: Vec<PhaseFacts>,
    phase_index: HashMap<String, usize>,
    /// Step id to (phase, step within the phase).
    step_index: HashMap<String, (usize, usize)>,
}

/// A fact check should have established but did not (a rule missing for a
/// case): the workflow is refused rather than run half-valid. `code` is
/// the rule that should have caught it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct Unresolved {
    pub code: &'static str,
    pub message: String,
    pub span: Span,
}

fn unresolved(code: &'static str, span: Span, message: String) -> Unresolved {
    Unresolved {
        code,
        message,
        span,
    }
}

impl CheckedWorkflow {
    /// Resolve `workflow`'s facts; for `check` only, after its rules found
    /// no error. On a fact that does not hold, the workflow comes back.
    pub(crate) fn resolve(
        workflow: Workflow,
    ) -> Result<CheckedWorkflow, Box<(Unresolved, Workflow)>> {
        match Facts::of(&workflow) {
            Ok(facts) => Ok(CheckedWorkflow {
                workflow,
                phases: facts.phases,
                phase_index: facts.phase_index,
                step_index: facts.step_index,
            }),
            Err(e) => Err(Box::new((e, workflow))),
        }
    }

    /// The workflow as written (spans kept).
    pub fn workflow(&self) -> &Workflow {
        &self.workflow
    }

    pub fn into_workflow(self) -> Workflow {
        self.workflow
    }

    /// Where decision `k` of phase `p` leads.
    pub fn target(&self, p: usize, k: usize) -> Target {
        self.phases[p].targets[k]
    }

    /// The parsed window of phase `p`, when it states one.
    pub fn window(&self, p: usize) -> Option<&Window> {
        self.phases[p].window.as_ref()
    }

    /// The catalog slug of step `s` of phase `p`.
    pub fn slug(&self, p: usize, s: usize) -> &str {
        &self.phases[p].slugs[s]
    }

    /// The estimate of step `s` of phase `p`, when it states one.
    pub fn estimate(&self, p: usize, s: usize) -> Option<Estimate> {
        self.phases[p].estimates[s]
    }

    /// The index of the phase with this id.
    pub fn phase_index(&self, id: &str) -> Option<usize> {
        self.phase_index.get(id).copied()
    }

    /// The (phase, step) indices of the step with this id.
    pub fn step_index(&self, id: &str) -> Option<(usize, usize)> {
        self.step_index.get(id).copied()
    }
}

struct Facts {
    phases: Vec<PhaseFacts>,
    phase_index: HashMap<String, usize>,
    step_index: HashMap<String, (usize, usize)>,
}

impl Facts {
    fn of(workflow: &Workflow) -> Result<Facts, Unresolved> {
        let phase_index: HashMap<String, usize> = workflow
            .phases
            .iter()
            .enumerate()
            .map(|(i, p)| (p.id.value.clone(), i))
            .collect();
        let mut step_index = HashMap::new();
        let mut phases = Vec::with_capacity(workflow.phases.len());
        for (p, phase) in workflow.phases.iter().enumerate() {
            let window = match &phase.window {
                None => None,
                Some(w) => Some(w.parsed.clone().map_err(|e| {
                    unresolved(
                        "SC017",
                        w.text.span,
                        format!("the window of phase `{}`: {e}", phase.id.value),
                    )
                })?),
            };
            let mut targets = Vec::with_capacity(phase.decisions.len());
            for d in &phase.decisions {
                let goto = d.goto.as_ref().map(|g| g.value.as_str()).unwrap_or("");
                targets.push(match goto {
                    "continue" => Target::Continue,
                    "end" => Target::End,
                    id => Target::Phase(*phase_index.get(id).ok_or_else(|| {
                        unresolved(
                            "SC006",
                            d.span,
                            format!(
                                "a decision in `{}` goes to `{id}`, which is not a phase",
                                phase.id.value
                            ),
                        )
                    })?),
                });
            }
            let mut slugs = Vec::with_capacity(phase.steps.len());
            let mut estimates = Vec::with_capacity(phase.steps.len());
            for (s, step) in phase.steps.iter().enumerate() {
                let slug = step.persona.slug.clone().ok_or_else(|| {
                    unresolved(
                        "SC001",
                        step.persona.span,
                        format!(
                            "step `{}`: persona `{}` is not in the catalog",
                            step.id.value, step.persona.written
                        ),
                    )
                })?;
                slugs.push(slug);
                let estimate = match &step.estimate {
                    None => None,
                    Some(e) => Some(e.value.clone().map_err(|err| {
                        unresolved(
                            "SC017",
                            e.span,
                            format!("the estimate of step `{}`: {err}", step.id.value),
                        )
                    })?),
                };
                estimates.push(estimate);
                if step_index.insert(step.id.value.clone(), (p, s)).is_some() {
                    return Err(unresolved(
                        "SC005",
                        step.id.span,
                        format!("step id `{}` is used twice", step.id.value),
                    ));
                }
            }
            phases.push(PhaseFacts {
                window,
                targets,
                slugs,
                estimates,
            });
        }
        Ok(Facts {
            phases,
            phase_index,
            step_index,
        })
    }
}

impl Deref for CheckedWorkflow {
    type Target = Workflow;
    fn deref(&self) -> &Workflow {
        &self.workflow
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::check_source;
    use crate::personas::PersonaCatalog;

    const WF: &str = "name: T\ntimeline: 2-3 months\nsuccess_criteria: [\"latency < 200ms\"]\nphases:\n  - name: Build\n    window: Weeks 1-2\n    deliverable: a build\n    steps:\n      - {persona: SRE, action: build it, estimate: 2-4h}\n  - name: Check\n    window: Weeks 3-4\n    deliverable: a verdict\n    checkpoint: {approver: VP of Engineering}\n    decisions:\n      - {text: fails, if: \"latency > 200\", goto: build, max_loops: 2}\n      - {text: done, if: \"latency < 100\", goto: end}\n    steps:\n      - {persona: QA Automation Engineer, action: test it}\n";

    #[test]
    fn check_resolves_targets_windows_slugs_and_estimates() {
        let wf = check_source(WF, &PersonaCatalog::builtin())
            .into_checked()
            .expect("checks clean");
        assert_eq!(wf.target(1, 0), Target::Phase(0));
        assert_eq!(wf.target(1, 1), Target::End);
        assert!(wf.window(0).is_some());
        assert_eq!(
            wf.slug(0, 0),
            wf.workflow().phases[0].steps[0]
                .persona
                .slug
                .as_deref()
                .unwrap()
        );
        assert!(wf.estimate(0, 0).is_some());
        assert_eq!(wf.estimate(1, 0), None);
        assert_eq!(wf.phase_index("check"), Some(1));
        let id = wf.workflow().phases[1].steps[0].id.value.clone();
        assert_eq!(wf.step_index(&id), Some((1, 0)));
    }

    #[test]
    fn a_workflow_with_errors_is_not_checked() {
        let bad = WF.replace("goto: build", "goto: nowhere");
        let report = check_source(&bad, &PersonaCatalog::builtin())
            .into_checked()
            .expect_err("a goto to no phase is an error");
        assert!(report.diagnostics.iter().any(|d| d.code == "SC006"));
        assert!(report.workflow.is_some(), "the model comes back to show");
    }

    #[test]
    fn a_fact_the_rules_missed_is_refused_not_passed() {
        let mut wf = check_source(WF, &PersonaCatalog::builtin())
            .workflow
            .unwrap();
        wf.phases[1].decisions[0].goto.as_mut().unwrap().value = "nowhere".into();
        let (e, back) = *CheckedWorkflow::resolve(wf).expect_err("unresolved");
        assert_eq!(e.code, "SC006");
        assert_eq!(back.phases.len(), 2);
    }
}
