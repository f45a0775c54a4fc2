//! SC100: a workflow of the program has errors of its own.

use crate::check::program_rules::ProgramRule;
use crate::diagnostic::{Diagnostic, RuleInfo, Severity};
use crate::model::program::{Program, Resolution};

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "SC100",
    name: "workflow-has-errors",
    summary: "a workflow the program names has errors of its own",
    explanation: "A program is planned and run from its workflows, so each must check clean on \
its own. This diagnostic points at the reference; the workflow's own diagnostics (with their \
lines) come from checking the workflow file.\n\n\
Fix: run `skill-chains check <workflow file>` and fix what it reports.",
    severity: Severity::Error,
};

pub(crate) struct WorkflowErrors;

impl ProgramRule for WorkflowErrors {
    fn info(&self) -> &'static RuleInfo {
        &RULE
    }
    fn check(&self, program: &Program, out: &mut Vec<Diagnostic>) {
        for m in &program.members {
            if let Resolution::Broken {
                origin,
                errors,
                first,
                ..
            } = &m.resolution
            {
                out.push(
                    RULE.at(
                        m.reference.span,
                        format!(
                            "workflow `{}` has {errors} error(s), the first: {first}",
                            m.reference.value
                        ),
                    )
                    .label("workflow with errors")
                    .help(format!("`skill-chains check {origin}` shows them all")),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::check::program_rules::test_support::{codes, variant};

    #[test]
    fn triggers() {
        assert_eq!(
            codes(&variant(
                "  - workflow: review\n",
                "  - workflow: review\n  - workflow: broken\n"
            )),
            ["SC100"]
        );
    }

    #[test]
    fn near_miss_clean_workflows() {
        assert!(
            codes(&variant(
                "  - workflow: review\n",
                "  - workflow: review\n  - {id: spare, workflow: api}\n"
            ))
            .is_empty()
        );
    }
}
