//! SC003: a phase without a deliverable.

use crate::check::{Context, Diagnostic, Rule, RuleInfo, Severity};
use crate::model::Workflow;

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "SC003",
    name: "missing-deliverable",
    summary: "a phase has no deliverable",
    explanation: "Every phase ends with a concrete output (\"Migration plan with service boundaries, \
timeline, risks\"): it is how a team knows the phase is done, and what the gate reviews \
(principle 7, checkpoints prevent rework).\n\n\
Fix: add `deliverable: {text: ..., artifact: ...}` to the phase.",
    severity: Severity::Warning,
};

pub(crate) struct MissingDeliverable;

impl Rule for MissingDeliverable {
    fn info(&self) -> &'static RuleInfo {
        &RULE
    }
    fn check(&self, wf: &Workflow, _: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for phase in wf.phases.iter().filter(|p| p.deliverable.is_none()) {
            out.push(
                RULE.at(phase.name.span, format!("phase `{}` has no deliverable", phase.name.value))
                    .label("no deliverable")
                    .help("add `deliverable: {text: <what exists when the phase is done>, artifact: <name>}`"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::check::rules::test_support::{codes, variant};

    #[test]
    fn triggers() {
        assert_eq!(
            codes(&variant(
                "    deliverable: {text: Service live, artifact: deployment}\n",
                ""
            )),
            ["SC003"]
        );
    }

    #[test]
    fn near_miss_plain_text_deliverable() {
        assert!(
            codes(&variant(
                "{text: Service live, artifact: deployment}",
                "Service live"
            ))
            .is_empty()
        );
    }
}
