//! SC024: two phases with the same name, or the same "Phase N" number, under
//! different ids. (The same id is SC005.) Reported at the second, with the
//! first marked, because the second is usually the one copied and not renamed.

use std::collections::HashMap;

use crate::check::{Context, Diagnostic, Rule, RuleInfo, Severity};
use crate::model::{Phase, Workflow};
use crate::text::normalise;

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "SC024",
    name: "duplicate-phase",
    summary: "two phases have the same name, or the same phase number",
    explanation: "Phases are read, approved and talked about by name (\"we are in Phase 2: \
Pilot\"). Two phases called the same, or two numbered `Phase 2`, make the playbook ambiguous \
even when their ids differ, and usually mean a phase was copied and not renamed, or a phase was \
inserted without renumbering the ones after it. (Two phases with the same id are an error, \
SC005.)\n\n\
Fix: rename the second phase, or renumber the phases in order.",
    severity: Severity::Warning,
};

pub(crate) struct DuplicatePhase;

/// The number of a name written `Phase 2: Pilot` or `phase 2 - Pilot`.
fn phase_number(name: &str) -> Option<u32> {
    let rest = name.trim_start();
    let head = rest.get(..5)?;
    if !head.eq_ignore_ascii_case("phase") {
        return None;
    }
    let rest = rest[5..].trim_start();
    let digits: String = rest.chars().take_while(|c| c.is_ascii_digit()).collect();
    digits.parse().ok()
}

impl Rule for DuplicatePhase {
    fn info(&self) -> &'static RuleInfo {
        &RULE
    }
    fn check(&self, wf: &Workflow, _: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let mut names: HashMap<String, &Phase> = HashMap::new();
        let mut numbers: HashMap<u32, &Phase> = HashMap::new();
        for phase in &wf.phases {
            let key = normalise(&phase.name.value);
            match names.get(&key) {
                // The same id as well is SC005's.
                Some(first) if first.id.value != phase.id.value => {
                    out.push(
                        RULE.at(
                            phase.name.span,
                            format!("two phases are called `{}`", phase.name.value),
                        )
                        .label("second phase with this name")
                        .related(first.name.span, "first phase with this name")
                        .help(format!(
                            "the first is on line {}; give this phase a name of its own",
                            first.name.span.line
                        )),
                    );
                    continue;
                }
                Some(_) => continue,
                None => {
                    names.insert(key, phase);
                }
            }
            let Some(n) = phase_number(&phase.name.value) else {
                continue;
            };
            if let Some(first) = numbers.get(&n) {
                out.push(
                    RULE.at(
                        phase.name.span,
                        format!("two phases are numbered Phase {n}"),
                    )
                    .label(format!("second Phase {n}"))
                    .related(first.name.span, format!("first Phase {n}"))
                    .help(format!(
                        "`{}` on line {} has the same number; renumber the phases in order",
                        first.name.value, first.name.span.line
                    )),
                );
            } else {
                numbers.insert(n, phase);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::phase_number;
    use crate::check::rules::test_support::{codes, diagnostics, variant};

    #[test]
    fn triggers_on_a_repeated_name_at_the_second() {
        let d = diagnostics(&variant("    name: Rollout\n", "    name: plan\n"));
        assert_eq!(d.iter().map(|d| d.code).collect::<Vec<_>>(), ["SC024"]);
        assert_eq!(d[0].span.line, 23);
        assert_eq!(d[0].related.as_ref().unwrap().span.line, 8);
    }

    #[test]
    fn triggers_on_a_repeated_phase_number() {
        let yaml = variant("    name: Plan\n", "    name: \"Phase 1: Plan\"\n").replacen(
            "    name: Rollout\n",
            "    name: \"Phase 1: Rollout\"\n",
            1,
        );
        let d = diagnostics(&yaml);
        assert_eq!(d.iter().map(|d| d.code).collect::<Vec<_>>(), ["SC024"]);
        assert_eq!(d[0].message, "two phases are numbered Phase 1");
        assert_eq!(d[0].span.line, 23);
        assert_eq!(d[0].related.as_ref().unwrap().label, "first Phase 1");
    }

    #[test]
    fn near_miss_numbered_in_order_and_similar_names() {
        let yaml = variant("    name: Plan\n", "    name: \"Phase 1: Plan\"\n").replacen(
            "    name: Rollout\n",
            "    name: \"Phase 2: Plan rollout\"\n",
            1,
        );
        assert!(codes(&yaml).is_empty());
        assert_eq!(phase_number("Phase 12 - Pilot"), Some(12));
        assert_eq!(phase_number("Phased rollout"), None);
        assert_eq!(phase_number("Ph"), None);
    }
}
