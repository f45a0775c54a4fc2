//! SC005: two phases or two steps share an id.

use std::collections::HashMap;

use crate::check::{Context, Diagnostic, Rule, RuleInfo, Severity};
use crate::model::Workflow;
use crate::span::Sp;

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "SC005",
    name: "duplicate-id",
    summary: "two phases, or two steps, have the same id",
    explanation: "Ids name phases and steps for decisions (`goto`), dependencies (`after`), runs \
(`step done <run> <step>`) and approvals. Two with the same id make every such reference \
ambiguous. Ids default to the kebab-case of a phase's name and to `<phase>-<n>` for steps, so two \
phases with the same name collide too.\n\n\
Fix: give one of them a different `id`.",
    severity: Severity::Error,
};

pub(crate) struct DuplicateId;

fn report<'a>(kind: &str, ids: impl Iterator<Item = &'a Sp<String>>, out: &mut Vec<Diagnostic>) {
    let mut seen: HashMap<&str, &Sp<String>> = HashMap::new();
    for id in ids {
        if let Some(first) = seen.get(id.value.as_str()) {
            out.push(
                RULE.at(id.span, format!("{kind} id `{}` is used twice", id.value))
                    .label("second use")
                    .related(first.span, "first use")
                    .help(format!(
                        "the first is on line {}; give this {kind} its own `id`",
                        first.span.line
                    )),
            );
        } else {
            seen.insert(&id.value, id);
        }
    }
}

impl Rule for DuplicateId {
    fn info(&self) -> &'static RuleInfo {
        &RULE
    }
    fn check(&self, wf: &Workflow, _: &Context<'_>, out: &mut Vec<Diagnostic>) {
        report("phase", wf.phases.iter().map(|p| &p.id), out);
        report("step", wf.steps().map(|(_, s)| &s.id), out);
    }
}

#[cfg(test)]
mod tests {
    use crate::check::rules::test_support::{codes, diagnostics, variant};

    #[test]
    fn triggers() {
        assert_eq!(
            codes(&variant("- id: readiness", "- id: design")),
            ["SC005"]
        );
    }

    #[test]
    fn a_duplicate_phase_is_reported_at_the_second_with_the_first_marked() {
        let yaml = variant("  - id: rollout\n", "  - id: plan\n");
        let d = diagnostics(&yaml);
        let dup: Vec<_> = d.iter().filter(|d| d.code == "SC005").collect();
        assert_eq!(dup.len(), 1, "{d:?}");
        assert_eq!(dup[0].span.line, 22);
        assert_eq!(dup[0].related.as_ref().unwrap().span.line, 7);
        assert_eq!(dup[0].related.as_ref().unwrap().label, "first use");
    }

    #[test]
    fn near_miss_same_id_as_a_phase_is_fine() {
        assert!(codes(&variant("- id: readiness", "- id: rollout")).is_empty());
    }
}
