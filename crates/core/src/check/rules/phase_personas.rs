//! SC209: a phase whose kind (planning, execution, operations) no persona
//! of its steps is for (principle 9, phase-appropriate personas).
//!
//! A phase's kind is read from its name ("Assessment & Planning" plans,
//! "Pilot Service" executes, "Monitoring & Stabilization" operates); a name
//! that reads as none or as several is not judged. A persona's kinds come
//! from its catalog group.

use crate::check::advice::{Advice, AdviceContext, Judgement, list};
use crate::check::{RuleInfo, Severity};
use crate::model::{Phase, Workflow};
use crate::personas::PersonaCatalog;

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "SC209",
    name: "phase-personas",
    summary: "a planning, execution or operations phase with no persona for that kind of work (advice)",
    explanation: "Principle 9: phase-appropriate personas. \"Planning uses Architects and Product \
Leads. Execution uses Engineers. Operations uses SREs and Incident Commanders.\" A phase whose \
name says it plans (assessment, planning, discovery, strategy, audit, requirements), executes \
(build, implementation, migration, foundation, pilot, rollout, remediation) or operates \
(operations, monitoring, stabilization, response, recovery) should have at least one \
step by a persona for that kind of work. The catalog's groups decide:\n\
- planning: Technical Leadership & Architecture, Program & Product Coordination, Management & \
Leadership Hierarchy, Strategic Operations & C-Level Functions, Leadership & Communication, \
Security & Compliance, Cost & Efficiency, and any Architect;\n\
- execution: the engineering, design, platform, accessibility, developer relations, security \
and operations groups, and Technical Leadership & Architecture;\n\
- operations: Operations & Reliability and Specialized Infrastructure & Operations.\n\
A phase whose name reads as none of these, or as more than one, is not judged; nor is a \
Talent & Organization workflow, whose work managers and recruiters carry out themselves.\n\n\
This is advice: it never fails `check` unless `--deny advice`. A note that starts \
`Principle 9:` records why a phase is staffed as it is.\n\n\
Fix: give the phase a step by a persona of the kind it needs (the advice names one), or \
rename the phase for what it really does.",
    severity: Severity::Advice,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Planning,
    Execution,
    Operations,
}

impl Kind {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Kind::Planning => "planning",
            Kind::Execution => "execution",
            Kind::Operations => "operations",
        }
    }

    /// The name with its article: `a planning`, `an execution`.
    fn article(self) -> &'static str {
        match self {
            Kind::Planning => "a planning",
            Kind::Execution => "an execution",
            Kind::Operations => "an operations",
        }
    }

    /// Words of a phase name that say it does this kind of work.
    fn words(self) -> &'static [&'static str] {
        match self {
            Kind::Planning => &[
                "assessment",
                "assess",
                "planning",
                "plan",
                "discovery",
                "strategy",
                "scoping",
                "audit",
                "requirements",
                "evaluation",
                "analysis",
                "due diligence",
            ],
            Kind::Execution => &[
                "build",
                "implementation",
                "implement",
                "development",
                "migration",
                "foundation",
                "pilot",
                "rollout",
                "remediation",
                "extraction",
                "scale out",
                "construction",
            ],
            Kind::Operations => &[
                "operations",
                "operate",
                "monitoring",
                "stabilization",
                "stabilisation",
                "response",
                "recovery",
                "on call",
                "steady state",
            ],
        }
    }

    /// Who is for it, in words.
    fn who(self) -> &'static str {
        match self {
            Kind::Planning => "an architect or product/program lead",
            Kind::Execution => "an engineer",
            Kind::Operations => "an SRE or Incident Commander",
        }
    }

    fn example(self) -> &'static str {
        match self {
            Kind::Planning => "Pragmatic Architect",
            Kind::Execution => "Backend / Distributed Systems Engineer",
            Kind::Operations => "Site Reliability Engineer",
        }
    }
}

/// The one kind a phase's name reads as.
pub(crate) fn phase_kind(phase: &Phase) -> Option<Kind> {
    let name = format!(" {} ", spaced(&phase.name.value));
    let reads = |k: Kind| {
        k.words()
            .iter()
            .any(|w| name.contains(&format!(" {w} ")) || name.contains(&format!(" {w}s ")))
    };
    let kinds: Vec<Kind> = [Kind::Planning, Kind::Execution, Kind::Operations]
        .into_iter()
        .filter(|&k| reads(k))
        .collect();
    match kinds.as_slice() {
        [one] => Some(*one),
        _ => None,
    }
}

/// Lower case, with every run of other characters one space:
/// `Scale-Out` -> `scale out`.
fn spaced(text: &str) -> String {
    let lower: String = text
        .chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                ' '
            }
        })
        .collect();
    lower.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The kinds of work a catalog persona is for.
pub(crate) fn persona_kinds(name: &str, group: &str) -> &'static [Kind] {
    use Kind::*;
    if name.contains("Architect") {
        return &[Planning, Execution];
    }
    match group {
        "Technical Leadership & Architecture" | "Security & Compliance" | "Cost & Efficiency" => {
            &[Planning, Execution]
        }
        "Program & Product Coordination"
        | "Management & Leadership Hierarchy"
        | "Strategic Operations & C-Level Functions"
        | "Leadership & Communication" => &[Planning],
        "Operations & Reliability" | "Specialized Infrastructure & Operations" => {
            &[Execution, Operations]
        }
        "Core Engineering Excellence"
        | "Specialized Engineering Domains"
        | "Design & User Experience"
        | "Platform & Developer Experience"
        | "Accessibility & Localization"
        | "Developer Relations & Growth" => &[Execution],
        _ => &[],
    }
}

fn kinds_of<'a>(phase: &'a Phase, personas: &PersonaCatalog) -> Vec<(&'a str, &'static [Kind])> {
    phase
        .steps
        .iter()
        .map(|s| {
            let kinds = s
                .persona
                .slug
                .as_deref()
                .and_then(|slug| personas.by_slug(slug))
                .map(|p| persona_kinds(&p.name, &p.group))
                .unwrap_or(&[]);
            (s.persona.written.as_str(), kinds)
        })
        .collect()
}

pub(crate) struct PhasePersonas;

impl Advice for PhasePersonas {
    fn info(&self) -> &'static RuleInfo {
        &RULE
    }
    fn principle(&self) -> u8 {
        9
    }
    fn judge(&self, wf: &Workflow, cx: &AdviceContext<'_>) -> Judgement {
        let mut j = Judgement::new(&RULE, 9);
        if wf.category.as_deref() == Some("Talent & Organization") {
            return j.not_applicable(
                "a Talent & Organization workflow: managers and recruiters carry out its work",
            );
        }
        let mut judged = Vec::new();
        for phase in &wf.phases {
            let Some(kind) = phase_kind(phase) else {
                continue;
            };
            let staff = kinds_of(phase, cx.personas);
            if staff.is_empty() {
                continue;
            }
            judged.push(format!("{} ({})", phase.id.value, kind.name()));
            if staff.iter().any(|(_, ks)| ks.contains(&kind)) {
                continue;
            }
            let mut names: Vec<&str> = staff.iter().map(|(n, _)| *n).collect();
            names.dedup();
            j.advise(
                RULE.at(
                    phase.name.span,
                    format!(
                        "principle 9: `{}` is {} phase but no step is by {}: its steps go to {}",
                        phase.name.value,
                        kind.article(),
                        kind.who(),
                        list(&names)
                    ),
                )
                .label(format!("{} phase", kind.name()))
                .help(format!(
                    "give the phase a step by {} persona (e.g. {}), or rename it for what it does",
                    kind.article(),
                    kind.example()
                )),
            );
        }
        if judged.is_empty() {
            return j
                .not_applicable("no phase name reads as planning, execution or operations alone");
        }
        j.evidence(format!("judged {}", judged.join(", ")));
        j
    }
}

#[cfg(test)]
mod tests {
    use crate::check::rules::test_support::{CLEAN, advice, advice_codes};

    #[test]
    fn triggers_for_a_planning_phase_of_engineers_only() {
        let yaml = CLEAN
            .replacen("name: Plan\n", "name: Assessment & Planning\n", 1)
            .replace("Pragmatic Architect", "QA Automation Engineer");
        let d: Vec<_> = advice(&yaml)
            .into_iter()
            .filter(|d| d.code == "SC209")
            .collect();
        assert_eq!(d.len(), 1, "{d:?}");
        assert!(d[0].message.contains("planning phase"), "{}", d[0].message);
        assert!(d[0].message.contains("`QA Automation Engineer` and `SRE`"));
    }

    #[test]
    fn near_miss_an_architect_plans() {
        let yaml = CLEAN.replacen("name: Plan\n", "name: Assessment & Planning\n", 1);
        assert!(!advice_codes(&yaml).contains(&"SC209"));
    }
}
