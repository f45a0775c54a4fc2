//! SC103: a cycle between workflows without a bound or a stop condition.

use crate::check::program_rules::ProgramRule;
use crate::diagnostic::{Diagnostic, RuleInfo, Severity};
use crate::model::program::{Pattern, Program};

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "SC103",
    name: "unbounded-cycle",
    summary: "a workflow cycle has no `max_cycles` or no `until` stop condition",
    explanation: "A cycle (chaos experiment -> remediation -> chaos experiment) repeats two \
workflows. Without `max_cycles` a cycle that keeps failing never ends; without `until` nobody \
knows when it has succeeded. Section 14 pattern 3 names both: repeat to validate the fix, then \
target the next failure mode.\n\n\
Fix: add `max_cycles: 3` (what the program can afford) and `until: <the stop condition>`.",
    severity: Severity::Error,
};

pub(crate) struct UnboundedCycle;

impl ProgramRule for UnboundedCycle {
    fn info(&self) -> &'static RuleInfo {
        &RULE
    }
    fn check(&self, program: &Program, out: &mut Vec<Diagnostic>) {
        for (h, pattern) in program.patterns() {
            let Pattern::Cycle {
                from,
                to,
                max_cycles,
                until,
                ..
            } = pattern
            else {
                continue;
            };
            let bounded = max_cycles.as_ref().is_some_and(|m| m.value > 0);
            let missing = match (bounded, until.is_some()) {
                (true, true) => continue,
                (false, true) => "no bound (`max_cycles`)",
                (true, false) => "no stop condition (`until`)",
                (false, false) => "no bound (`max_cycles`) and no stop condition (`until`)",
            };
            let span = max_cycles
                .as_ref()
                .filter(|_| !bounded)
                .map(|m| m.span)
                .unwrap_or(h.pattern_span);
            out.push(
                RULE.at(
                    span,
                    format!(
                        "the cycle {} -> {} -> {} has {missing}",
                        from.value, to.value, from.value
                    ),
                )
                .label("unbounded cycle")
                .help("add `max_cycles: 3` and `until: <what ends the cycle>`"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::check::program_rules::test_support::{codes, variant};

    #[test]
    fn triggers() {
        assert_eq!(codes(&variant("max_cycles: 2, ", "")), ["SC103"]);
        assert_eq!(codes(&variant("max_cycles: 2", "max_cycles: 0")), ["SC103"]);
        assert_eq!(
            codes(&variant(", until: the review finds nothing new", "")),
            ["SC103"]
        );
    }

    #[test]
    fn near_miss_bounded_with_a_stop_condition() {
        assert!(codes(&variant("max_cycles: 2", "max_cycles: 5")).is_empty());
    }
}
