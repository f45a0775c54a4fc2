//! Scaffolding a workflow from the seed's design template (section 13): the
//! template as YAML with one step per persona, a wrap-up step and a gate per
//! phase, and TODOs to replace. It only builds text; asking and writing the
//! file are the caller's.

use std::fmt::Write as _;

use crate::model::kebab_case;

/// Why a phase given as text does not read.
#[derive(Debug, thiserror::Error)]
pub enum PhaseSpecError {
    #[error("--phase `{0}`: expected \"Name|Window|Persona, Persona\"")]
    Shape(String),
    #[error("--phase `{0}`: name at least one persona")]
    NoPersona(String),
}

/// One phase of the template: its name, window and the personas with a step.
pub struct PhaseSpec {
    pub name: String,
    pub window: String,
    pub personas: Vec<String>,
}

/// The phases used when none are given.
pub fn default_phases() -> Vec<PhaseSpec> {
    let p = |name: &str, window: &str, personas: &[&str]| PhaseSpec {
        name: name.into(),
        window: window.into(),
        personas: personas.iter().map(|s| s.to_string()).collect(),
    };
    vec![
        p(
            "Assess & Plan",
            "Week 1-2",
            &["Pragmatic Architect", "Technical Program Manager"],
        ),
        p(
            "Build",
            "Week 3-6",
            &[
                "Backend / Distributed Systems Engineer",
                "QA Automation Engineer",
            ],
        ),
        p(
            "Operate & Validate",
            "Week 7-8",
            &["Site Reliability Engineer", "Observability Engineer"],
        ),
    ]
}

/// A phase written as "Name|Window|Persona, Persona".
pub fn parse_phase(spec: &str) -> Result<PhaseSpec, PhaseSpecError> {
    let parts: Vec<&str> = spec.split('|').map(str::trim).collect();
    let [name, window, personas] = parts.as_slice() else {
        return Err(PhaseSpecError::Shape(spec.to_string()));
    };
    let personas: Vec<String> = personas
        .split(',')
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty())
        .collect();
    if personas.is_empty() {
        return Err(PhaseSpecError::NoPersona(spec.to_string()));
    }
    Ok(PhaseSpec {
        name: name.to_string(),
        window: window.to_string(),
        personas,
    })
}

fn quote(s: &str) -> String {
    super::escape::yaml::double_quoted(s)
}

/// The template as YAML, with one step per persona and a gate per phase.
pub fn render(
    name: &str,
    category: &str,
    timeline: &str,
    trigger: &str,
    phases: &[PhaseSpec],
) -> String {
    let mut y = String::new();
    let _ = writeln!(
        y,
        "# yaml-language-server: $schema=https://skill-chains.dev/schema/workflow.schema.json"
    );
    let _ = writeln!(
        y,
        "# Written by `skill-chains new`. Replace each TODO, then run `skill-chains check` on this file."
    );
    let _ = writeln!(
        y,
        "name: {}\nversion: 1\ncategory: {}\ntimeline: {}\ntrigger: {}",
        quote(name),
        quote(category),
        quote(timeline),
        quote(trigger)
    );
    let _ = writeln!(y, "success_criteria:");
    let _ = writeln!(
        y,
        "  - text: \"TODO measurable outcome, e.g. error rate below 1%\"\n    metrics: [{{name: error_rate, op: \"<\", target: 1, unit: \"%\"}}]"
    );
    let _ = writeln!(y, "phases:");
    let mut previous: Option<String> = None;
    for p in phases {
        let pid = kebab_case(&p.name);
        let _ = writeln!(
            y,
            "  - id: {pid}\n    name: {}\n    window: {}",
            quote(&p.name),
            quote(&p.window)
        );
        let skills: Vec<String> = p.personas.iter().map(|s| quote(s)).collect();
        let _ = writeln!(y, "    skills: [{}]\n    steps:", skills.join(", "));
        for (i, persona) in p.personas.iter().enumerate() {
            let _ = writeln!(
                y,
                "      - id: {pid}-{}\n        persona: {}\n        action: \"TODO action (specifics)\"",
                i + 1,
                quote(persona)
            );
            if let Some(prev) = &previous {
                let _ = writeln!(y, "        inputs: [{prev}]");
            }
            let _ = writeln!(
                y,
                "        outputs: [{pid}-{}-output]\n        estimate: 3d / 1w / 2w",
                i + 1
            );
        }
        let artifact = format!("{pid}-deliverable");
        let _ = writeln!(
            y,
            "      - id: {pid}-wrap-up\n        persona: {}\n        action: \"TODO assemble the phase deliverable\"",
            quote(&p.personas[0])
        );
        let outs: Vec<String> = (1..=p.personas.len())
            .map(|i| format!("{pid}-{i}-output"))
            .collect();
        let _ = writeln!(
            y,
            "        inputs: [{}]\n        outputs: [{artifact}]\n        estimate: 1d / 2d / 4d",
            outs.join(", ")
        );
        let _ = writeln!(
            y,
            "    deliverable: {{text: \"TODO concrete output\", artifact: {artifact}}}"
        );
        let _ = writeln!(
            y,
            "    checkpoint: {{approver: Principal Engineer, requires: [{artifact}], text: \"TODO what is reviewed\"}}"
        );
        let _ = writeln!(
            y,
            "    # decisions: [{{text: \"If X, loop back\", if: \"x.failed\", goto: {pid}, max_loops: 2}}]"
        );
        previous = Some(artifact);
    }
    let _ = writeln!(
        y,
        "pitfalls:\n  - TODO what usually goes wrong, and how to avoid it"
    );
    let _ = writeln!(
        y,
        "retrospective:\n  - What worked?\n  - What didn't?\n  - What to change for next time?"
    );
    y
}
