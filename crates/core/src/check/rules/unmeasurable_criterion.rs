//! SC013: a success criterion with nothing to measure.

use crate::check::{Context, Diagnostic, Rule, RuleInfo, Severity};
use crate::model::Workflow;

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "SC013",
    name: "unmeasurable-criterion",
    summary: "a success criterion has no number and no metric",
    explanation: "Principle 3: success criteria are measurable, not aspirational. \"Developer \
velocity improved\" cannot be checked at the end of a run; \"deployment frequency up 20% from the \
pre-migration baseline\" can. A criterion passes this rule when its text has a number or it has \
`metrics` (name, comparator, target, unit, and a baseline for relative targets).\n\n\
Fix: keep the words and add `metrics: [{name: ..., op: \">=\", target: ..., unit: ..., baseline: ...}]`.",
    severity: Severity::Warning,
};

pub(crate) struct UnmeasurableCriterion;

impl Rule for UnmeasurableCriterion {
    fn info(&self) -> &'static RuleInfo {
        &RULE
    }
    fn check(&self, wf: &Workflow, _: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for c in &wf.success_criteria {
            if c.metrics.is_empty() && !c.text.chars().any(|ch| ch.is_ascii_digit()) {
                out.push(
                    RULE.at(c.span, format!("\"{}\" has no measurable target", c.text))
                        .label("nothing to measure")
                        .help("add `metrics:` with a target, e.g. {name: deployment_frequency_change, op: \">=\", target: 20, unit: \"%\", baseline: last quarter}"),
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
            "  - text: Error rate below 1%\n    metrics: [{name: error_rate, op: \"<\", target: 1, unit: \"%\"}]\n",
            "  - Developer velocity improved\n",
        );
        assert_eq!(codes(&yaml), ["SC013"]);
    }

    #[test]
    fn near_miss_number_in_text_or_metric() {
        let yaml = variant(
            "  - text: Error rate below 1%\n    metrics: [{name: error_rate, op: \"<\", target: 1, unit: \"%\"}]\n",
            "  - Error rate below 1%\n",
        );
        assert!(codes(&yaml).is_empty());
    }
}
