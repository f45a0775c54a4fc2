//! SC004: a phase with no steps.

use crate::check::{Context, Diagnostic, Rule, RuleInfo, Severity};
use crate::model::Workflow;

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "SC004",
    name: "empty-phase",
    summary: "a phase has no steps",
    explanation: "A phase without steps has nobody doing anything: it cannot be planned, staffed \
or run, and its deliverable appears from nowhere. A workflow without phases is empty too.\n\n\
Fix: add the persona invocations that produce the phase's deliverable, or remove the phase.",
    severity: Severity::Error,
};

pub(crate) struct EmptyPhase;

impl Rule for EmptyPhase {
    fn info(&self) -> &'static RuleInfo {
        &RULE
    }
    fn check(&self, wf: &Workflow, _: &Context<'_>, out: &mut Vec<Diagnostic>) {
        if wf.phases.is_empty() {
            out.push(
                RULE.at(
                    wf.name.span,
                    format!("workflow `{}` has no phases", wf.name.value),
                )
                .help("add `phases:` with at least one phase and its steps"),
            );
        }
        for phase in wf.phases.iter().filter(|p| p.steps.is_empty()) {
            out.push(
                RULE.at(
                    phase.name.span,
                    format!("phase `{}` has no steps", phase.name.value),
                )
                .label("empty phase")
                .help("add steps (`- persona: ..., action: ...`) or remove the phase"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::check::rules::test_support::{codes, variant};

    #[test]
    fn triggers() {
        let yaml = variant(
            "    steps:\n      - id: deploy\n        persona: SRE\n        action: Deploy with a canary\n        inputs: [rollout-plan, readiness-review]\n        outputs: [deployment]\n",
            "    steps: []\n",
        );
        assert!(codes(&yaml).contains(&"SC004"));
    }

    #[test]
    fn near_miss_one_step_is_enough() {
        assert!(!codes(crate::check::rules::test_support::CLEAN).contains(&"SC004"));
    }
}
