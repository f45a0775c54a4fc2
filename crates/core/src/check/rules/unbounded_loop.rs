//! SC007: a loop-back without a bound.

use crate::check::{Context, Diagnostic, Rule, RuleInfo, Severity};
use crate::model::Workflow;

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "SC007",
    name: "unbounded-loop",
    summary: "a decision loops back to this or an earlier phase without `max_loops`",
    explanation: "A decision that goes back to the same or an earlier phase is a loop (\"if the \
mock audit fails, loop back to remediation\"). Without a bound, a workflow that keeps failing never \
ends and keeps spending people's time and tokens. Every loop needs `max_loops`, after which the \
run stops and asks for a person.\n\n\
Fix: add `max_loops: 2` (or whatever the playbook can afford) to the decision.",
    severity: Severity::Error,
};

pub(crate) struct UnboundedLoop;

impl Rule for UnboundedLoop {
    fn info(&self) -> &'static RuleInfo {
        &RULE
    }
    fn check(&self, wf: &Workflow, _: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for (here, phase) in wf.phases.iter().enumerate() {
            for d in &phase.decisions {
                let Some(goto) = &d.goto else { continue };
                let Some(target) = wf.phases.iter().position(|p| p.id.value == goto.value) else {
                    continue;
                };
                let bounded = d.max_loops.as_ref().is_some_and(|m| m.value > 0);
                if target <= here && !bounded {
                    out.push(
                        RULE.at(goto.span, format!("loop back to `{}` has no bound", goto.value))
                            .label("unbounded loop")
                            .help("add `max_loops: 2` (a run stops once the loop was taken that many times)"),
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::check::rules::test_support::{codes, variant};

    fn with(decision: &str) -> String {
        variant(
            "    deliverable: {text: Service live",
            &format!("    decisions:\n      - {decision}\n    deliverable: {{text: Service live"),
        )
    }

    #[test]
    fn triggers() {
        assert_eq!(
            codes(&with("{if: \"canary.failed\", goto: plan}")),
            ["SC007"]
        );
        assert_eq!(
            codes(&with(
                "{if: \"canary.failed\", goto: rollout, max_loops: 0}"
            )),
            ["SC007"]
        );
    }

    #[test]
    fn near_miss_bounded_or_forward() {
        assert!(codes(&with("{if: \"canary.failed\", goto: plan, max_loops: 3}")).is_empty());
        assert!(codes(&with("{if: \"done\", goto: end}")).is_empty());
    }
}
