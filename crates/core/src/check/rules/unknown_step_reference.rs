//! SC018: `after` names a step that does not exist.

use std::collections::HashSet;

use crate::check::{Context, Diagnostic, Rule, RuleInfo, Severity};
use crate::model::Workflow;

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "SC018",
    name: "unknown-step-reference",
    summary: "`after` names a step id that does not exist",
    explanation: "`after: [step-id]` makes a step wait for another step. An id that matches no \
step leaves the dependency out of the plan: the step may be scheduled too early.\n\n\
Fix: use an existing step id (`skill-chains show <workflow>` lists them).",
    severity: Severity::Error,
};

pub(crate) struct UnknownStepReference;

impl Rule for UnknownStepReference {
    fn info(&self) -> &'static RuleInfo {
        &RULE
    }
    fn check(&self, wf: &Workflow, _: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let ids: HashSet<&str> = wf.steps().map(|(_, s)| s.id.value.as_str()).collect();
        for (_, step) in wf.steps() {
            for a in step
                .after
                .iter()
                .filter(|a| !ids.contains(a.value.as_str()))
            {
                out.push(
                    RULE.at(
                        a.span,
                        format!(
                            "step `{}` waits for `{}`, which is not a step",
                            step.id.value, a.value
                        ),
                    )
                    .label("no such step")
                    .help("use an existing step id; `skill-chains show` lists them"),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::check::rules::test_support::{codes, variant};

    #[test]
    fn triggers() {
        let yaml = variant(
            "        outputs: [deployment]\n",
            "        outputs: [deployment]\n        after: [desing]\n",
        );
        assert_eq!(codes(&yaml), ["SC018"]);
    }

    #[test]
    fn near_miss() {
        let yaml = variant(
            "        outputs: [deployment]\n",
            "        outputs: [deployment]\n        after: [design]\n",
        );
        assert!(codes(&yaml).is_empty());
    }
}
