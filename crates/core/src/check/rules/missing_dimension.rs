//! SC210: a workflow that leaves out a dimension its category needs
//! (principle 10, workflows are multi-dimensional).
//!
//! A step covers a dimension through its persona's catalog group (the
//! Security Sentinel covers security, an SRE operations) or, for the
//! dimensions engineers often carry themselves, through words in its action
//! ("threat model", "runbook", "documentation"). What a category needs is
//! the table below; a workflow without a category is not judged.

use crate::check::advice::{Advice, AdviceContext, Judgement};
use crate::check::{RuleInfo, Severity};
use crate::model::{Step, Workflow};
use crate::personas::PersonaCatalog;

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "SC210",
    name: "missing-dimension",
    summary: "a dimension the workflow's category needs (security, compliance, ...) has no step (advice)",
    explanation: "Principle 10: workflows are multi-dimensional. \"A 'build feature' workflow isn't \
just engineering: it's also security review, compliance check, and documentation.\" Each step \
covers the dimensions of its persona's catalog group: technical (engineering, architecture, \
platform, QA), operational (Operations & Reliability, infrastructure operations), security \
(Security Sentinel, Privacy Engineer), compliance (Compliance Guardian, Privacy Engineer, \
Accessibility Specialist, AI Ethics & Governance Officer), business (product, program, \
leadership, cost, design, growth) and documentation (Technical Writer, Developer Advocate, \
Content Strategist). A step also covers security, compliance, operations or documentation when \
its action says so (\"threat model\", \"GDPR\", \"runbook\", \"API documentation\").\n\n\
What each category needs:\n\
- Feature Development: technical, operational, security, compliance, business, documentation\n\
- Infrastructure & Operations: technical, operational, security\n\
- Incident Management: technical, operational, business\n\
- Compliance & Security: technical, security, compliance\n\
- M&A & Strategic Initiatives: technical, security, business\n\
- Strategic Planning, Cost & Efficiency, Design & UX: technical, business\n\
- Talent & Organization: business\n\
A workflow without a category (or with another) is not judged.\n\n\
This is advice: it never fails `check` unless `--deny advice`. A note that starts \
`Principle 10:` records why a dimension is left out.\n\n\
Fix: add a step for the missing dimension with the persona named, e.g. `persona: Security \
Sentinel, action: Threat-model the design and review the code before release`, in the phase \
the advice names.",
    severity: Severity::Advice,
};

/// The dimensions of principle 10, with documentation from its example.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Dimension {
    Technical,
    Operational,
    Security,
    Compliance,
    Business,
    Documentation,
}

use Dimension::*;

impl Dimension {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Technical => "technical",
            Operational => "operational",
            Security => "security",
            Compliance => "compliance",
            Business => "business",
            Documentation => "documentation",
        }
    }

    /// The persona to add when nothing covers it.
    fn persona(self) -> &'static str {
        match self {
            Technical => "Pragmatic Architect",
            Operational => "Site Reliability Engineer",
            Security => "Security Sentinel",
            Compliance => "Compliance Guardian",
            Business => "Technical Product Manager",
            Documentation => "Technical Writer",
        }
    }

    /// A step for it, in words.
    fn action(self) -> &'static str {
        match self {
            Technical => "Review the technical approach and its risks",
            Operational => "Review operational readiness (monitoring, on-call, rollback)",
            Security => "Threat-model the work and review it for security before release",
            Compliance => "Check the work against the regulations and policies that apply",
            Business => "Confirm the business case, scope and success measures",
            Documentation => "Write the documentation users and operators need",
        }
    }

    /// Words in an action that show a step works on this dimension.
    fn words(self) -> &'static [&'static str] {
        match self {
            Technical | Business => &[],
            Operational => &[
                "on-call",
                "runbook",
                "slo",
                "monitoring",
                "alerting",
                "incident",
            ],
            Security => &[
                "security",
                "threat model",
                "threat-model",
                "penetration",
                "pentest",
                "vulnerabilit",
            ],
            Compliance => &[
                "compliance",
                "gdpr",
                "ccpa",
                "hipaa",
                "soc 2",
                "iso 27001",
                "regulat",
                "legal",
                "licens",
                "wcag",
                "privacy",
            ],
            Documentation => &[
                "documentation",
                "document ",
                "docs",
                "runbook",
                "guide",
                "release notes",
            ],
        }
    }
}

/// What a category needs; `None` for one this rule does not know.
pub(crate) fn needs(category: &str) -> Option<&'static [Dimension]> {
    Some(match category {
        "Feature Development" => &[
            Technical,
            Operational,
            Security,
            Compliance,
            Business,
            Documentation,
        ],
        "Infrastructure & Operations" => &[Technical, Operational, Security],
        "Incident Management" => &[Technical, Operational, Business],
        "Compliance & Security" => &[Technical, Security, Compliance],
        "M&A & Strategic Initiatives" => &[Technical, Security, Business],
        "Strategic Planning" | "Cost & Efficiency" | "Design & UX" => &[Technical, Business],
        "Talent & Organization" => &[Business],
        _ => return None,
    })
}

/// The dimensions a persona's catalog entry covers.
pub(crate) fn persona_dimensions(slug: &str, group: &str) -> &'static [Dimension] {
    match slug {
        "security-sentinel" => return &[Security],
        "compliance-guardian" | "ai-ethics-governance" => return &[Compliance],
        "privacy-engineer" => return &[Security, Compliance],
        "accessibility-specialist" => return &[Technical, Compliance],
        "technical-writer" | "content-strategist-technical-marketing" => return &[Documentation],
        "developer-advocate" => return &[Documentation, Business],
        "solutions-architect" => return &[Technical, Business],
        "staff-ic-advisor" => return &[Technical],
        "customer-success-engineer" => return &[Operational, Business],
        _ => {}
    }
    match group {
        "Core Engineering Excellence"
        | "Specialized Engineering Domains"
        | "Platform & Developer Experience"
        | "Accessibility & Localization"
        | "Technical Leadership & Architecture" => &[Technical],
        "Operations & Reliability" => &[Operational, Technical],
        "Specialized Infrastructure & Operations" => &[Operational, Technical],
        "Design & User Experience"
        | "Cost & Efficiency"
        | "Leadership & Communication"
        | "Developer Relations & Growth"
        | "Strategic Operations & C-Level Functions"
        | "Management & Leadership Hierarchy"
        | "Program & Product Coordination" => &[Business],
        _ => &[],
    }
}

/// Whether `step` covers `d`.
pub(crate) fn covers(step: &Step, d: Dimension, personas: &PersonaCatalog) -> bool {
    let by_persona = step
        .persona
        .slug
        .as_deref()
        .and_then(|s| personas.by_slug(s))
        .is_some_and(|p| persona_dimensions(&p.slug, &p.group).contains(&d));
    let action = step.action.value.to_lowercase();
    by_persona || d.words().iter().any(|w| action.contains(w))
}

pub(crate) struct MissingDimension;

impl Advice for MissingDimension {
    fn info(&self) -> &'static RuleInfo {
        &RULE
    }
    fn principle(&self) -> u8 {
        10
    }
    fn judge(&self, wf: &Workflow, cx: &AdviceContext<'_>) -> Judgement {
        let j = Judgement::new(&RULE, 10);
        let Some(category) = wf.category.as_deref() else {
            return j.not_applicable("no category, so what the workflow needs cannot be judged");
        };
        let Some(needed) = needs(category) else {
            return j.not_applicable(format!("`{category}` is not a library category"));
        };
        let mut j = j;
        let mut covered = Vec::new();
        let mut missing = Vec::new();
        for &d in needed {
            let by: Vec<&str> = wf
                .steps()
                .filter(|(_, s)| covers(s, d, cx.personas))
                .map(|(_, s)| s.id.value.as_str())
                .collect();
            if by.is_empty() {
                missing.push(d);
            } else {
                covered.push(format!("{} ({} step(s))", d.name(), by.len()));
            }
        }
        if !covered.is_empty() {
            j.evidence(format!("covered: {}", covered.join(", ")));
        }
        if missing.is_empty() {
            return j;
        }
        let names: Vec<&str> = missing.iter().map(|d| d.name()).collect();
        let people: Vec<&str> = missing.iter().map(|d| d.persona()).collect();
        j.evidence(format!(
            "missing: {} (add {})",
            names.join(", "),
            people.join(", ")
        ));
        for d in missing {
            let phase = phase_for(wf, d);
            j.advise(
                RULE.at(
                    wf.name.span,
                    format!(
                        "principle 10: {} workflow needs {} step; none of its steps covers it",
                        with_article(category),
                        with_article(d.name())
                    ),
                )
                .label(format!("no {} step", d.name()))
                .help(format!(
                    "add a {} step to phase `{phase}`: `{{persona: {}, action: {}}}`",
                    d.persona(),
                    d.persona(),
                    d.action()
                )),
            );
        }
        j
    }
}

/// `an operational`, `a security`.
fn with_article(word: &str) -> String {
    let vowel = word.starts_with(['a', 'e', 'i', 'o', 'u', 'A', 'E', 'I', 'O', 'U'])
        || word.starts_with("M&A");
    format!("{} {word}", if vowel { "an" } else { "a" })
}

/// Where a step for `d` belongs: business and technical framing in the
/// first phase, operations in the last, reviews (security, compliance,
/// documentation) in the phase before the last, ahead of its gate.
fn phase_for(wf: &Workflow, d: Dimension) -> &str {
    let n = wf.phases.len();
    let k = match d {
        Technical | Business => 0,
        Operational => n.saturating_sub(1),
        Security | Compliance | Documentation => n.saturating_sub(2),
    };
    wf.phases.get(k).map(|p| p.id.value.as_str()).unwrap_or("")
}

#[cfg(test)]
mod tests {
    use crate::check::rules::test_support::{CLEAN, advice, advice_codes};

    #[test]
    fn triggers_naming_the_missing_persona() {
        let yaml = CLEAN.replacen(
            "timeline: 2 months",
            "category: Infrastructure & Operations\ntimeline: 2 months",
            1,
        );
        let d: Vec<_> = advice(&yaml)
            .into_iter()
            .filter(|d| d.code == "SC210")
            .collect();
        assert_eq!(d.len(), 1, "{d:?}");
        assert!(d[0].message.contains("security"), "{}", d[0].message);
        assert!(d[0].help.as_deref().unwrap().contains("Security Sentinel"));
    }

    #[test]
    fn near_miss_an_action_that_covers_security() {
        let yaml = CLEAN
            .replacen(
                "timeline: 2 months",
                "category: Infrastructure & Operations\ntimeline: 2 months",
                1,
            )
            .replacen(
                "Review operational readiness",
                "Review operational readiness and security",
                1,
            );
        assert!(!advice_codes(&yaml).contains(&"SC210"));
    }

    #[test]
    fn not_judged_without_a_category() {
        assert!(!advice_codes(CLEAN).contains(&"SC210"));
    }
}
