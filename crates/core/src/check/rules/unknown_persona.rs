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

impl Rule for UnknownPersona {
    fn info(&self) -> &'static RuleInfo {
        &RULE
    }
    fn check(&self, wf: &Workflow, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let mut report = |p: &PersonaRef, role: &str| {
            if p.slug.is_some() {
                return;
            }
            let nearest = cx.personas.nearest(&p.written, 3);
            let d = RULE
                .at(p.span, format!("unknown persona `{}` ({role})", p.written))
                .label("not in the catalog");
            out.push(if nearest.is_empty() {
                d.help("see `skill-chains personas`, or declare it under `personas:` in skill-chains.yaml")
            } else {
                d.help(format!("did you mean {}?", nearest.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")))
            });
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
