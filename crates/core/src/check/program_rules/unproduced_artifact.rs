//! SC102: a gate, point or contract names an artifact its workflow never produces.

use crate::check::program_rules::{ProgramRule, artifact_refs};
use crate::diagnostic::{Diagnostic, RuleInfo, Severity};
use crate::model::Workflow;
use crate::model::program::{Program, produces};
use crate::span::Sp;

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "SC102",
    name: "unproduced-handoff-artifact",
    summary: "a handoff gate, point or delivered contract names an artifact nobody produces",
    explanation: "A handoff gate (`gate: {requires: [..]}`) waits for artifacts of the delivering \
workflow(s); a point (`when: {artifact: ..}`) waits for the step that produces one; a contract \
under `delivers:` is an artifact the workflow hands over. An artifact is produced by a step \
(`outputs`) or is a phase's deliverable (`deliverable.artifact`). If no delivering workflow \
produces it, the gate can never pass and the handoff never happens.\n\n\
Fix: use the artifact name the workflow writes (see `skill-chains show <workflow>`), or add the \
output to the step that makes it.",
    severity: Severity::Error,
};

pub(crate) struct UnproducedArtifact;

fn push(out: &mut Vec<Diagnostic>, artifact: &Sp<String>, what: &str, names: &[&str]) {
    let who = match names {
        [one] => format!("`{one}` does not produce it"),
        many => format!("none of {} produces it", many.join(", ")),
    };
    out.push(
        RULE.at(artifact.span, format!("{what} `{}`, but {who}", artifact.value))
            .label("never produced")
            .help("name a step output or deliverable artifact of the delivering workflow (`skill-chains show <workflow>`)"),
    );
}

impl ProgramRule for UnproducedArtifact {
    fn info(&self) -> &'static RuleInfo {
        &RULE
    }
    fn check(&self, program: &Program, out: &mut Vec<Diagnostic>) {
        for m in &program.members {
            let Some(wf) = m.workflow() else { continue };
            for c in m.delivers.iter().filter(|c| !produces(wf, &c.artifact)) {
                push(out, &c.artifact, "delivers", &[&m.alias.value]);
            }
        }
        for (h, pattern) in program.patterns() {
            for (aliases, artifact) in artifact_refs(h, pattern) {
                let resolved: Vec<(&str, &Workflow)> = aliases
                    .iter()
                    .filter_map(|a| Some((a.value.as_str(), program.workflow(a)?)))
                    .collect();
                if resolved.is_empty() || resolved.iter().any(|(_, wf)| produces(wf, artifact)) {
                    continue;
                }
                let names: Vec<&str> = resolved.iter().map(|(n, _)| *n).collect();
                push(out, artifact, "the handoff waits for", &names);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::check::program_rules::test_support::{codes, variant};

    #[test]
    fn triggers_on_gates_points_and_contracts() {
        assert_eq!(
            codes(&variant(
                "requires: [compliance-approval]",
                "requires: [dpia]"
            )),
            ["SC102"]
        );
        assert_eq!(
            codes(&variant(
                "when: {artifact: app-build}",
                "when: {artifact: app-binary}"
            )),
            ["SC102"]
        );
        let delivers = variant(
            "delivers: [{artifact: openapi-spec, version: 2}]",
            "delivers: [{artifact: openapi-spec, version: 2}, {artifact: sdk, version: 1}]",
        );
        assert_eq!(codes(&delivers), ["SC102"]);
    }

    #[test]
    fn near_miss_deliverables_and_outputs_count() {
        // `api-service` is a deliverable artifact of `api`, `openapi-spec` a step output.
        assert!(
            codes(&variant(
                "requires: [api-service]",
                "requires: [openapi-spec, api-service]"
            ))
            .is_empty()
        );
    }
}
