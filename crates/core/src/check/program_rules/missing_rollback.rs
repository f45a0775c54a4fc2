//! SC106: a handoff that carries contracts without a rollback plan.

use crate::check::program_rules::ProgramRule;
use crate::diagnostic::{Diagnostic, RuleInfo, Severity};
use crate::model::program::{Pattern, Program};

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "SC106",
    name: "missing-rollback-plan",
    summary: "a handoff carries contracts but no rollback plan for a downstream failure",
    explanation: "A contract (an API spec v2, a schema, a component library) is a change the \
upstream workflow made for the downstream one. If the downstream workflow fails (the app store \
rejects the app, the integration test finds the contract unworkable), the upstream change is \
stranded: can the API be reverted, does v1 keep working? Section 14's best practice 5 asks for \
the answer before the handoff, not after the failure. Cycles are exempt: repeating is their plan.\n\n\
Fix: add `rollback: <what the upstream does if the downstream fails>` to the handoff.",
    severity: Severity::Warning,
};

pub(crate) struct MissingRollback;

impl ProgramRule for MissingRollback {
    fn info(&self) -> &'static RuleInfo {
        &RULE
    }
    fn check(&self, program: &Program, out: &mut Vec<Diagnostic>) {
        for (h, pattern) in program.patterns() {
            if h.contracts.is_empty()
                || h.rollback.is_some()
                || matches!(pattern, Pattern::Cycle { .. })
            {
                continue;
            }
            let upstream: Vec<&str> = pattern
                .upstream()
                .iter()
                .map(|a| a.value.as_str())
                .collect();
            let downstream: Vec<&str> = pattern
                .downstream()
                .iter()
                .map(|a| a.value.as_str())
                .collect();
            out.push(
                RULE.at(
                    h.pattern_span,
                    format!(
                        "{} hands contracts to {} with no rollback plan if {} fails",
                        upstream.join(", "),
                        downstream.join(", "),
                        downstream.join(", ")
                    ),
                )
                .label("no rollback plan")
                .help("add `rollback:` saying how the upstream change is reverted or kept safe"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::check::program_rules::test_support::{codes, variant};

    #[test]
    fn triggers_without_rollback() {
        assert_eq!(
            codes(&variant(
                "    rollback: Keep serving v1 of the API until the app ships\n",
                ""
            )),
            ["SC106"]
        );
    }

    #[test]
    fn near_miss_no_contracts_or_a_cycle() {
        let no_contracts = variant(
            "    contracts: [{artifact: openapi-spec, version: 2}]\n    rollback: Keep serving v1 of the API until the app ships\n",
            "",
        );
        assert!(codes(&no_contracts).is_empty());
        let cycle = variant(
            "until: the review finds nothing new}\n",
            "until: the review finds nothing new}\n    contracts: [{artifact: openapi-spec, version: 2}]\n",
        );
        assert!(codes(&cycle).is_empty(), "{:?}", codes(&cycle));
    }
}
