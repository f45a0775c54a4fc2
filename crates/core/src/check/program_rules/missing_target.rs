//! SC101: a handoff names a workflow or phase that does not exist.

use crate::check::program_rules::{PhaseRole, ProgramRule, phase_refs};
use crate::diagnostic::{Diagnostic, RuleInfo, Severity};
use crate::model::Workflow;
use crate::model::program::{Program, Resolution};

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "SC101",
    name: "missing-handoff-target",
    summary: "a program names a workflow or a phase that does not exist",
    explanation: "A program lists its workflows under `workflows:` (a built-in id, or a file \
relative to the program file) and its handoffs name them by `id`, and name their phases by phase \
id (`when: {phase: data-migration}`, `blocks: build`, `resume_after: gap-analysis`). A name that \
does not resolve leaves the handoff with nothing to wait for: the program cannot be planned or run.\n\n\
Fix: use one of the ids listed in the help; `skill-chains show <workflow>` lists a workflow's \
phase ids, `skill-chains list` the built-in workflows.",
    severity: Severity::Error,
};

pub(crate) struct MissingTarget;

/// The phase ids of a workflow, for help text.
pub(crate) fn phase_ids(wf: &Workflow) -> String {
    wf.phases
        .iter()
        .map(|p| p.id.value.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

impl ProgramRule for MissingTarget {
    fn info(&self) -> &'static RuleInfo {
        &RULE
    }
    fn check(&self, program: &Program, out: &mut Vec<Diagnostic>) {
        for m in &program.members {
            if let Resolution::Missing { reason } = &m.resolution {
                out.push(
                    RULE.at(m.reference.span, reason.clone())
                        .label("unknown workflow")
                        .help("name a built-in id (`skill-chains list`) or a workflow file relative to this program"),
                );
            }
        }
        let ids: Vec<&str> = program
            .members
            .iter()
            .map(|m| m.alias.value.as_str())
            .collect();
        for (_, pattern) in program.patterns() {
            for alias in pattern.aliases() {
                if program.member(alias).is_none() {
                    out.push(
                        RULE.at(
                            alias.span,
                            format!("`{}` is not one of the program's workflows", alias.value),
                        )
                        .label("no such workflow")
                        .help(format!("workflow ids: {}", ids.join(", "))),
                    );
                }
            }
            for (alias, phase, role) in phase_refs(pattern) {
                if role == PhaseRole::PauseAt {
                    continue;
                }
                let Some(wf) = program.workflow(alias) else {
                    continue;
                };
                if wf.phase(phase).is_none() {
                    out.push(
                        RULE.at(
                            phase.span,
                            format!("`{}` is not a phase of `{}`", phase.value, alias.value),
                        )
                        .label("no such phase")
                        .help(format!(
                            "phase ids of `{}`: {}",
                            alias.value,
                            phase_ids(wf)
                        )),
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::check::program_rules::test_support::{codes, variant};

    #[test]
    fn triggers_on_workflows_and_phases() {
        assert_eq!(
            codes(&variant(
                "  - workflow: review\n",
                "  - workflow: review\n  - workflow: nowhere\n"
            )),
            ["SC101"]
        );
        assert_eq!(
            codes(&variant(
                "{from: api, to: app, when",
                "{from: api, to: mobile, when"
            )),
            ["SC101"]
        );
        assert_eq!(
            codes(&variant("blocks: build", "blocks: building")),
            ["SC101"]
        );
        assert_eq!(
            codes(&variant("phase: release", "phase: launch")),
            ["SC101"]
        );
    }

    #[test]
    fn near_miss_existing_names() {
        assert!(codes(&variant("blocks: build", "blocks: release")).is_empty());
        assert!(codes(&variant("to: review, max_cycles", "to: app, max_cycles")).is_empty());
    }

    #[test]
    fn a_converging_workflow_written_as_a_map_keeps_its_lines() {
        use crate::check::program_rules::test_support::diagnostics;
        let yaml = variant(
            "  - converge: {from: [api, review], into: app, phase: release}\n",
            "  - converge:\n      from:\n        - workflow: api\n          when: {phase: nope}\n        - review\n      into: app\n      phase: release\n",
        );
        let d = diagnostics(&yaml);
        assert_eq!(d.iter().map(|d| d.code).collect::<Vec<_>>(), ["SC101"]);
        let line = yaml
            .lines()
            .position(|l| l.contains("phase: nope"))
            .unwrap()
            + 1;
        assert_eq!(d[0].span.line as usize, line);
    }
}
