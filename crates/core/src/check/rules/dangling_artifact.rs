//! SC202: an output nothing uses, or a phase that takes nothing from the
//! phase before it (principle 2, clear inputs and outputs).
//!
//! An output is used when a step takes it as an input, a checkpoint
//! requires it, or it is a deliverable's artifact. A phase whose deliverable
//! names an artifact no step produces assembles that deliverable from its
//! steps' outputs, so those outputs are used by it. The last phase's outputs
//! are what the workflow hands to the world.

use std::collections::HashSet;

use crate::check::advice::{Advice, AdviceContext, Judgement, list};
use crate::check::{RuleInfo, Severity};
use crate::model::{Phase, Workflow};

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "SC202",
    name: "dangling-artifact",
    summary: "an output no step, gate or deliverable uses, or a phase that takes nothing from the one before (advice)",
    explanation: "Principle 2: clear inputs and outputs. \"The output of Step N becomes the input \
of Step N+1.\" Two things break the chain without breaking the workflow:\n\
- an output that nothing uses: no later step takes it as an input, no checkpoint requires it, \
and it is no deliverable's artifact, so the work that made it leads nowhere (or the step that \
needs it forgot to say so). The last phase's outputs are the workflow's results and are not \
judged; nor are the outputs of a phase whose deliverable is assembled from them (its artifact \
is one no step produces);\n\
- a phase none of whose steps takes anything from the phase before it (its steps' outputs or \
its deliverable): the handoff between them is not written down, so nobody can tell what the \
phase builds on.\n\n\
This is advice: it never fails `check` unless `--deny advice`. (An input nothing produces is \
an error, SC009.) A note that starts `Principle 2:` records why the chain is as it is.\n\n\
Fix: name the output in the `inputs` of the step that uses it (or drop it), and let the first \
steps of a phase take the previous phase's deliverable.",
    severity: Severity::Advice,
};

pub(crate) struct DanglingArtifact;

/// What a phase hands on: its steps' outputs and its deliverable artifact.
fn handed(phase: &Phase) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::new();
    let all = phase
        .steps
        .iter()
        .flat_map(|s| s.outputs.iter().map(|o| o.value.as_str()))
        .chain(
            phase
                .deliverable
                .as_ref()
                .and_then(|d| d.artifact.as_deref()),
        );
    for a in all {
        if !out.contains(&a) {
            out.push(a);
        }
    }
    out
}

impl Advice for DanglingArtifact {
    fn info(&self) -> &'static RuleInfo {
        &RULE
    }
    fn principle(&self) -> u8 {
        2
    }
    fn judge(&self, wf: &Workflow, _: &AdviceContext<'_>) -> Judgement {
        let mut j = Judgement::new(&RULE, 2);
        let produced: HashSet<&str> = wf
            .steps()
            .flat_map(|(_, s)| s.outputs.iter().map(|o| o.value.as_str()))
            .collect();
        let mut used: HashSet<&str> = HashSet::new();
        for p in &wf.phases {
            used.extend(
                p.steps
                    .iter()
                    .flat_map(|s| s.inputs.iter().map(|i| i.value.as_str())),
            );
            if let Some(cp) = &p.checkpoint {
                used.extend(cp.requires.iter().map(|r| r.value.as_str()));
            }
            if let Some(a) = p.deliverable.as_ref().and_then(|d| d.artifact.as_deref()) {
                used.insert(a);
            }
        }
        let last = wf.phases.len().saturating_sub(1);
        let mut outputs = 0;
        for (k, phase) in wf.phases.iter().enumerate() {
            let assembled = phase
                .deliverable
                .as_ref()
                .and_then(|d| d.artifact.as_deref())
                .is_some_and(|a| !produced.contains(a));
            if k == last || assembled {
                continue;
            }
            for step in &phase.steps {
                for o in &step.outputs {
                    outputs += 1;
                    if used.contains(o.value.as_str()) {
                        continue;
                    }
                    j.advise(
                        RULE.at(
                            o.span,
                            format!(
                                "principle 2: `{}` makes `{}`, which no step, checkpoint or deliverable uses",
                                step.id.value, o.value
                            ),
                        )
                        .label("used by nothing")
                        .help(format!(
                            "add `{}` to the `inputs` of the step that needs it, require it at a checkpoint, or drop it",
                            o.value
                        )),
                    );
                }
            }
        }
        let mut handoffs = 0;
        for pair in wf.phases.windows(2) {
            let (before, phase) = (&pair[0], &pair[1]);
            if phase.steps.is_empty() || handed(before).is_empty() {
                continue;
            }
            handoffs += 1;
            let from_before = handed(before);
            let takes = phase.steps.iter().any(|s| {
                s.inputs
                    .iter()
                    .any(|i| from_before.contains(&i.value.as_str()))
            });
            if takes {
                continue;
            }
            j.advise(
                RULE.at(
                    phase.name.span,
                    format!(
                        "principle 2: no step of `{}` takes anything from `{}` before it",
                        phase.name.value, before.name.value
                    ),
                )
                .label("no input from the previous phase")
                .help(format!(
                    "let the first steps of `{}` take {} as inputs",
                    phase.id.value,
                    list(&from_before)
                )),
            );
        }
        if j.advice.is_empty() {
            j.evidence(format!(
                "{outputs} intermediate output(s) all used; {handoffs} phase handoff(s) all taken"
            ));
        }
        j
    }
}

#[cfg(test)]
mod tests {
    use crate::check::rules::test_support::{CLEAN, advice, advice_codes, variant};

    #[test]
    fn triggers_for_an_unused_output() {
        let yaml = variant(
            "inputs: [rollout-plan, readiness-review]",
            "inputs: [rollout-plan]",
        );
        let d: Vec<_> = advice(&yaml)
            .into_iter()
            .filter(|d| d.code == "SC202")
            .collect();
        assert_eq!(d.len(), 1, "{d:?}");
        assert!(
            d[0].message
                .contains("`readiness` makes `readiness-review`"),
            "{}",
            d[0].message
        );
    }

    #[test]
    fn triggers_for_a_phase_that_takes_nothing_from_the_one_before() {
        let yaml = variant(
            "inputs: [rollout-plan, readiness-review]",
            "inputs: [service-code]",
        )
        .replacen("timeline: 2 months", "timeline: 2 months\ninputs: [service-code]", 1)
        .replacen(
            "        inputs: [rollout-plan]\n        outputs: [readiness-review]\n",
            "        inputs: [rollout-plan]\n        outputs: [readiness-review]\n    checkpoint: {approver: SRE, requires: [readiness-review]}\n",
            1,
        );
        let d: Vec<_> = advice(&yaml)
            .into_iter()
            .filter(|d| d.code == "SC202")
            .collect();
        assert!(
            d.iter().any(|d| d.message.contains("no step of `Rollout`")),
            "{d:?}"
        );
    }

    #[test]
    fn near_miss_every_output_used() {
        assert!(!advice_codes(CLEAN).contains(&"SC202"));
    }
}
