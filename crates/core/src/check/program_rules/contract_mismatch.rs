//! SC107: a handoff expects a contract version that no delivering workflow delivers.

use crate::check::program_rules::ProgramRule;
use crate::diagnostic::{Diagnostic, RuleInfo, Severity};
use crate::model::program::{Contract, Program};

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "SC107",
    name: "contract-version-mismatch",
    summary: "a handoff expects a contract version that its delivering workflow does not deliver",
    explanation: "Versioned contracts keep workflows from breaking each other mid-flight (section \
14, best practice 4). A workflow declares what it hands over under `delivers:` (`{artifact: \
openapi-spec, version: 2}`); a handoff says which versions the receiving side builds against \
(`contracts:`). When the receiving side expects a version the delivering side does not deliver, \
the integration fails late: the mobile team built against v2 while the backend ships v1.\n\n\
Fix: agree on one version, and update either the handoff's `contracts` or the delivering \
workflow's `delivers`.",
    severity: Severity::Error,
};

pub(crate) struct ContractMismatch;

impl ProgramRule for ContractMismatch {
    fn info(&self) -> &'static RuleInfo {
        &RULE
    }
    fn check(&self, program: &Program, out: &mut Vec<Diagnostic>) {
        for (h, pattern) in program.patterns() {
            let upstream = pattern.upstream();
            let delivered: Vec<(&str, &Contract)> = upstream
                .iter()
                .filter_map(|a| program.member(a))
                .flat_map(|m| m.delivers.iter().map(move |c| (m.alias.value.as_str(), c)))
                .collect();
            for expected in &h.contracts {
                let same: Vec<&(&str, &Contract)> = delivered
                    .iter()
                    .filter(|(_, c)| c.artifact.value == expected.artifact.value)
                    .collect();
                if same
                    .iter()
                    .any(|(_, c)| c.version.value == expected.version.value)
                {
                    continue;
                }
                let names: Vec<&str> = upstream.iter().map(|a| a.value.as_str()).collect();
                let (message, help) = if same.is_empty() {
                    (
                        format!(
                            "expects {expected}, but {} delivers no `{}`",
                            names.join(" or "),
                            expected.artifact.value
                        ),
                        format!(
                            "declare it under `delivers:` of the delivering workflow: {{artifact: {}, version: {}}}",
                            expected.artifact.value, expected.version.value.0
                        ),
                    )
                } else {
                    let versions: Vec<String> = same
                        .iter()
                        .map(|(who, c)| format!("{who} delivers {c}"))
                        .collect();
                    (
                        format!("expects {expected}, but {}", versions.join(", ")),
                        "agree on one version: change this contract or the delivering workflow's `delivers`".to_string(),
                    )
                };
                out.push(
                    RULE.at(expected.version.span, message)
                        .label("no producer delivers this version")
                        .help(help),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::check::program_rules::test_support::{codes, variant};

    #[test]
    fn triggers_on_other_version_and_undelivered_contract() {
        assert_eq!(
            codes(&variant(
                "contracts: [{artifact: openapi-spec, version: 2}]",
                "contracts: [{artifact: openapi-spec, version: 3}]"
            )),
            ["SC107"]
        );
        assert_eq!(
            codes(&variant(
                "contracts: [{artifact: openapi-spec, version: 2}]",
                "contracts: [{artifact: api-service, version: 1}]"
            )),
            ["SC107"]
        );
    }

    #[test]
    fn near_miss_same_version_written_differently() {
        assert!(
            codes(&variant(
                "contracts: [{artifact: openapi-spec, version: 2}]",
                "contracts: [{artifact: openapi-spec, version: v2.0}]"
            ))
            .is_empty()
        );
    }
}
