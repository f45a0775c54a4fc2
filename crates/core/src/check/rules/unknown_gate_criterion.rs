//! SC020: a checkpoint requires a success-criterion metric that no criterion defines.

use crate::check::{Context, Diagnostic, Rule, RuleInfo, Severity};
use crate::model::ALL_CRITERIA as ALL;
use crate::model::Workflow;

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "SC020",
    name: "unknown-gate-criterion",
    summary: "a checkpoint's `criteria` names a metric no success criterion defines",
    explanation: "A checkpoint can require success criteria before its gate passes: \
`criteria: [error_rate, p99_latency]` names metrics of the workflow's `success_criteria`, and \
`criteria: [all]` means every one of them. At run time the gate compares them with the metrics \
the run recorded; `approve` refuses while one is missed or not measured (unless `--override \
\"reason\"`, which is recorded) and `--auto-approve` does not pass it. A name that no criterion \
defines can never be met, so the gate could only be passed by overriding it.\n\n\
Fix: use a metric name from `success_criteria` (listed in the help), add the metric to a \
criterion, or write `all`.",
    severity: Severity::Error,
};

pub(crate) struct UnknownGateCriterion;

impl Rule for UnknownGateCriterion {
    fn info(&self) -> &'static RuleInfo {
        &RULE
    }
    fn check(&self, wf: &Workflow, _: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let names: Vec<&str> = wf
            .success_criteria
            .iter()
            .flat_map(|c| c.metrics.iter().map(|m| m.name.as_str()))
            .collect();
        let known = if names.is_empty() {
            "no success criterion has `metrics`: add some".to_string()
        } else {
            format!(
                "metrics of the success criteria: {}, or `all`",
                names.join(", ")
            )
        };
        for cp in wf.phases.iter().filter_map(|p| p.checkpoint.as_ref()) {
            for r in &cp.criteria {
                let message = if r.value == ALL {
                    if !names.is_empty() {
                        continue;
                    }
                    "the gate requires `all` success criteria, but none has a metric".to_string()
                } else if names.contains(&r.value.as_str()) {
                    continue;
                } else {
                    format!(
                        "the gate requires `{}`, which no success criterion defines",
                        r.value
                    )
                };
                out.push(
                    RULE.at(r.span, message)
                        .label("unknown criterion")
                        .help(known.clone()),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::check::rules::test_support::{codes, variant};

    const GATE: &str = "    deliverable: {text: Rollout plan, artifact: rollout-plan}\n";

    fn gate(criteria: &str) -> String {
        variant(
            GATE,
            &format!("{GATE}    checkpoint: {{approver: SRE, criteria: {criteria}}}\n"),
        )
    }

    #[test]
    fn triggers() {
        assert_eq!(codes(&gate("[error-rate]")), ["SC020"]);
        let no_metrics = gate("[all]").replace(
            "    metrics: [{name: error_rate, op: \"<\", target: 1, unit: \"%\"}]\n",
            "",
        );
        assert_eq!(codes(&no_metrics), ["SC020"]);
    }

    #[test]
    fn near_miss_a_known_metric_or_all() {
        assert!(codes(&gate("[error_rate]")).is_empty());
        assert!(codes(&gate("[all]")).is_empty());
    }
}
