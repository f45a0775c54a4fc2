//! SC019: a metric whose comparator is not one the tool can evaluate.

use crate::check::{Context, Diagnostic, Rule, RuleInfo, Severity};
use crate::model::Workflow;

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "SC019",
    name: "invalid-metric",
    summary: "a metric's comparator is not <, <=, >, >=, = or !=",
    explanation: "A success criterion's metric is evaluated against what a run records: \
`{name: error_rate, op: \"<\", target: 1, unit: \"%\"}`. The comparator must be one of <, <=, >, \
>=, = (or ==), != so the tool can say met or missed. Metric names must not be empty.\n\n\
Fix: use one of those comparators.",
    severity: Severity::Error,
};

pub(crate) struct InvalidMetric;

impl Rule for InvalidMetric {
    fn info(&self) -> &'static RuleInfo {
        &RULE
    }
    fn check(&self, wf: &Workflow, _: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for c in &wf.success_criteria {
            for m in &c.metrics {
                if m.op.is_none() {
                    out.push(
                        RULE.at(
                            m.span,
                            format!("metric `{}` has comparator `{}`", m.name, m.op_text),
                        )
                        .help("use one of <, <=, >, >=, =, !="),
                    );
                }
                if m.name.trim().is_empty() {
                    out.push(
                        RULE.at(m.span, "a metric has an empty name")
                            .help("name it in snake_case, e.g. `error_rate`"),
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::check::rules::test_support::{codes, variant};

    #[test]
    fn triggers() {
        assert_eq!(codes(&variant("op: \"<\"", "op: \"about\"")), ["SC019"]);
    }

    #[test]
    fn near_miss() {
        assert!(codes(&variant("op: \"<\"", "op: \"<=\"")).is_empty());
    }
}
