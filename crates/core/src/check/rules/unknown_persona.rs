//! SC001: a persona that is not in the catalog.

use crate::check::{Context, Diagnostic, Rule, RuleInfo, Severity};
use crate::model::{PersonaRef, Workflow};

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "SC001",
    name: "unknown-persona",
    summary: "a persona that is not in the catalog",
    explanation: "Every step, skill and approver names a persona from the catalog (`skill-chains \
personas`). Names match without regard to case or punctuation, and aliases work (\"SRE\", \
\"Backend/Distributed Systems Engineer\"). An unknown name cannot be planned (who is available?) \
or run (which skill?).\n\n\
Fix: use the suggested catalog name, or declare the persona in the project's `skill-chains.yaml`:\n\n\
    personas:\n      - name: Data Protection Officer\n        slug: dpo\n        group: Compliance",
    severity: Severity::Error,
};

pub(crate) struct UnknownPersona;

/// "Did you mean" for a misspelling; for any other name, the group of
/// personas that shares most words with it, or where to find them all.
fn suggestion(cx: &Context<'_>, written: &str) -> String {
    // A name this long is no misspelling of a catalog name, and comparing
    // it letter by letter would cost its length times each name's.
    if written.len() > MAX_SUGGESTED_LEN {
        return NO_SUGGESTION.to_string();
    }
    let nearest = cx.personas.nearest(written, 3);
    if !nearest.is_empty() {
        let names: Vec<String> = nearest.iter().map(|n| format!("`{n}`")).collect();
        return format!("did you mean {}?", names.join(", "));
    }
    match cx.personas.nearest_group(written) {
        Some((group, names)) => format!(
            "no catalog persona is spelled like this; the nearest group, {group}, has: {}",
            names.join(", ")
        ),
        None => NO_SUGGESTION.to_string(),
    }
}

/// The longest written name (in bytes) that gets compared with the catalog.
const MAX_SUGGESTED_LEN: usize = 200;

const NO_SUGGESTION: &str = "no catalog persona is close to this name: `skill-chains personas` \
lists them by group, or declare it under `personas:` in skill-chains.yaml";

impl Rule for UnknownPersona {
    fn info(&self) -> &'static RuleInfo {
        &RULE
    }
    fn check(&self, wf: &Workflow, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let mut report = |p: &PersonaRef, role: &str| {
            if p.slug.is_some() {
                return;
            }
            let d = RULE
                .at(p.span, format!("unknown persona `{}` ({role})", p.written))
                .label("not in the catalog");
            out.push(d.help(suggestion(cx, &p.written)));
        };
        for phase in &wf.phases {
            for s in &phase.skills {
                report(s, "skill");
            }
            for step in &phase.steps {
                report(&step.persona, "step");
            }
            if let Some(a) = phase.checkpoint.as_ref().and_then(|c| c.approver.as_ref()) {
                report(a, "approver");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::check::rules::test_support::{codes, diagnostics, variant};

    #[test]
    fn triggers_with_did_you_mean() {
        let yaml = variant(
            "      - id: design\n        persona: Pragmatic Architect",
            "      - id: design\n        persona: Pragmatic Architekt",
        );
        let d = diagnostics(&yaml);
        let codes: Vec<_> = d.iter().map(|d| d.code).collect();
        assert!(codes.contains(&"SC001"), "{codes:?}");
        let sc001 = d.iter().find(|d| d.code == "SC001").unwrap();
        assert_eq!(sc001.span.line, 13);
        assert!(sc001.help.as_ref().unwrap().contains("Pragmatic Architect"));
    }

    fn help_for(persona: &str) -> String {
        let yaml = variant(
            "      - id: design\n        persona: Pragmatic Architect",
            &format!("      - id: design\n        persona: {persona}"),
        );
        let d = diagnostics(&yaml);
        let sc001 = d.iter().find(|d| d.code == "SC001").expect("SC001");
        sc001.help.clone().unwrap().into()
    }

    #[test]
    fn a_typo_gets_did_you_mean() {
        assert_eq!(
            help_for("Pragmatc Architect"),
            "did you mean `Pragmatic Architect`?"
        );
    }

    #[test]
    fn a_name_that_only_shares_letters_gets_no_did_you_mean() {
        let help = help_for("Quantum Wizard");
        assert!(!help.contains("did you mean"), "{help}");
        assert!(!help.contains("QA Automation Engineer"), "{help}");
        assert!(help.contains("skill-chains personas"), "{help}");
    }

    #[test]
    fn an_unspelled_role_gets_the_nearest_group() {
        let help = help_for("QA Engineer");
        assert!(
            help.starts_with(
                "no catalog persona is spelled like this; the nearest group, \
Platform & Developer Experience, has: "
            ),
            "{help}"
        );
        assert!(help.contains("QA Automation Engineer"), "{help}");
    }

    #[test]
    fn near_miss_alias_and_case() {
        assert!(
            codes(&variant(
                "skills: [SRE]",
                "skills: [site reliability ENGINEER]"
            ))
            .is_empty()
        );
    }
}
