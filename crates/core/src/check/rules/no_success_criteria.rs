//! SC014: a workflow without success criteria.

use crate::check::{Context, Diagnostic, Rule, RuleInfo, Severity};
use crate::model::Workflow;

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "SC014",
    name: "no-success-criteria",
    summary: "the workflow has no success criteria",
    explanation: "Without success criteria nobody can say whether a run of the workflow worked, \
and the retrospective has nothing to compare against (principle 3: define what done looks like, \
e.g. \"99.9% uptime SLO\", \"zero critical vulnerabilities\").\n\n\
Fix: add `success_criteria:` with 3-5 measurable outcomes.",
    severity: Severity::Warning,
};

pub(crate) struct NoSuccessCriteria;

impl Rule for NoSuccessCriteria {
    fn info(&self) -> &'static RuleInfo {
        &RULE
    }
    fn check(&self, wf: &Workflow, _: &Context<'_>, out: &mut Vec<Diagnostic>) {
        if wf.success_criteria.is_empty() {
            out.push(
                RULE.at(
                    wf.name.span,
                    format!("workflow `{}` has no success criteria", wf.name.value),
                )
                .help("add `success_criteria:` with 3-5 measurable outcomes"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::check::rules::test_support::{CLEAN, codes, variant};

    #[test]
    fn triggers() {
        let yaml = variant(
            "success_criteria:\n  - text: Error rate below 1%\n    metrics: [{name: error_rate, op: \"<\", target: 1, unit: \"%\"}]\n",
            "",
        );
        assert_eq!(codes(&yaml), ["SC014"]);
    }

    #[test]
    fn near_miss() {
        assert!(codes(CLEAN).is_empty());
    }
}
