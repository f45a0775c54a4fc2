//! SC002: a step's persona is missing from its phase's skills.

use crate::check::{Context, Diagnostic, Rule, RuleInfo, Severity};
use crate::model::Workflow;

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "SC002",
    name: "persona-not-in-skills",
    summary: "a step's persona is not listed in its phase's skills",
    explanation: "A phase's `skills` says which personas the phase needs; it is what a reader (and \
the scheduler's team file) uses to staff the phase. A step by a persona missing from that list \
means the list is incomplete. Phases without a `skills` list are not checked.\n\n\
Fix: add the persona to the phase's `skills`.",
    severity: Severity::Warning,
};

pub(crate) struct PersonaNotInSkills;

impl Rule for PersonaNotInSkills {
    fn info(&self) -> &'static RuleInfo {
        &RULE
    }
    fn check(&self, wf: &Workflow, _: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for phase in wf.phases.iter().filter(|p| !p.skills.is_empty()) {
            for step in &phase.steps {
                // An unknown persona is SC001's finding; do not report it twice.
                if step.persona.slug.is_some()
                    && !phase.skills.iter().any(|s| s.key() == step.persona.key())
                {
                    out.push(
                        RULE.at(
                            step.persona.span,
                            format!(
                                "`{}` works in phase `{}` but is not in its skills",
                                step.persona.written, phase.id.value
                            ),
                        )
                        .label("not in this phase's skills")
                        .help(format!(
                            "add `{}` to the skills of `{}`",
                            step.persona.written, phase.name.value
                        )),
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
        assert_eq!(
            codes(&variant(
                "skills: [Pragmatic Architect, SRE]",
                "skills: [Pragmatic Architect]"
            )),
            ["SC002"]
        );
    }

    #[test]
    fn near_miss_alias_counts_as_listed() {
        assert!(
            codes(&variant(
                "skills: [Pragmatic Architect, SRE]",
                "skills: [Pragmatic Architect, Site Reliability Engineer]"
            ))
            .is_empty()
        );
    }
}
