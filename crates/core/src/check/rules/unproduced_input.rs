//! SC009: a step needs an artifact that nothing before it produces.

use std::collections::HashMap;

use crate::check::{Context, Diagnostic, Rule, RuleInfo, Severity};
use crate::model::Workflow;
use crate::span::Sp;

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "SC009",
    name: "unproduced-input",
    summary: "an input (or gate requirement) that no earlier step produces",
    explanation: "Principle 2: the output of one step is the input of the next. A step's `inputs` \
(and a checkpoint's `requires`) must be produced by a step of the same or an earlier phase, be an \
earlier phase's deliverable artifact, or be listed in the workflow's top-level `inputs` (things \
that exist before it starts). Otherwise the step waits for something that never comes, or comes \
only later.\n\n\
Fix: correct the artifact name, add the producing step, or declare the artifact in the \
workflow's `inputs`.",
    severity: Severity::Error,
};

pub(crate) struct UnproducedInput;

impl Rule for UnproducedInput {
    fn info(&self) -> &'static RuleInfo {
        &RULE
    }
    fn check(&self, wf: &Workflow, _: &Context<'_>, out: &mut Vec<Diagnostic>) {
        // Artifact -> index of the first phase that produces it.
        let mut first_phase: HashMap<&str, usize> = HashMap::new();
        for (i, phase) in wf.phases.iter().enumerate() {
            let outputs = phase
                .steps
                .iter()
                .flat_map(|s| s.outputs.iter().map(|o| o.value.as_str()));
            let deliverable = phase
                .deliverable
                .as_ref()
                .and_then(|d| d.artifact.as_deref());
            for a in outputs.chain(deliverable) {
                first_phase.entry(a).or_insert(i);
            }
        }
        let given: Vec<&str> = wf.inputs.iter().map(|i| i.value.as_str()).collect();
        let mut check = |name: &Sp<String>, phase_index: usize, what: &str| {
            if given.contains(&name.value.as_str()) {
                return;
            }
            match first_phase.get(name.value.as_str()) {
                Some(&p) if p <= phase_index => {}
                Some(&p) => out.push(
                    RULE.at(name.span, format!("{what} `{}` is only produced later, in phase `{}`", name.value, wf.phases[p].id.value))
                        .label("produced later")
                        .help("reorder the phases, or let this step work without it"),
                ),
                None => out.push(
                    RULE.at(name.span, format!("{what} `{}` is not produced by any step", name.value))
                        .label("nothing produces this")
                        .help("fix the name, add a step that outputs it, or list it in the workflow's `inputs`"),
                ),
            }
        };
        for (i, phase) in wf.phases.iter().enumerate() {
            for step in &phase.steps {
                for input in &step.inputs {
                    check(input, i, "input");
                }
            }
            if let Some(cp) = &phase.checkpoint {
                for r in &cp.requires {
                    check(r, i, "gate requirement");
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::check::rules::test_support::{codes, diagnostics, variant};

    #[test]
    fn triggers_for_missing_and_later_artifacts() {
        let d = diagnostics(&variant(
            "inputs: [rollout-plan, readiness-review]",
            "inputs: [rollout-plan, readiness-reveiw]",
        ));
        assert_eq!(d.iter().map(|d| d.code).collect::<Vec<_>>(), ["SC009"]);
        assert_eq!(d[0].span.line, 30);
        // Needing a later phase's output is reported as such (here it also closes a cycle).
        let later = diagnostics(&variant(
            "        inputs: [rollout-plan]\n",
            "        inputs: [deployment]\n",
        ));
        assert!(
            later
                .iter()
                .any(|d| d.code == "SC009" && d.message.contains("only produced later"))
        );
    }

    #[test]
    fn near_miss_workflow_inputs_count() {
        let yaml = variant(
            "inputs: [rollout-plan, readiness-review]",
            "inputs: [rollout-plan, readiness-review, budget]",
        )
        .replacen(
            "timeline: 2 months",
            "timeline: 2 months\ninputs: [budget]",
            1,
        );
        assert!(codes(&yaml).is_empty());
    }
}
