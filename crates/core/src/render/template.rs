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

/// The template's three phases with windows that end where `timeline`
/// does (its middle, for a range): a quarter to assess and plan, half to
/// build, a quarter to operate and validate, in weeks (days for less than
/// three weeks). A timeline that does not read keeps eight weeks.
pub fn phases_for(timeline: &str) -> Vec<PhaseSpec> {
    use crate::duration::{Calendar, Timeline, Unit, WorkTime};
    let cal = Calendar::Business;
    let total = match Timeline::parse(timeline, cal) {
        Ok(Timeline::Range { min, max, .. }) => WorkTime((min.0 + max.0) / 2.0),
        _ => WorkTime(8.0 * cal.minutes(Unit::Week)),
    };
    let weeks = total.in_unit(Unit::Week, cal).round() as u32;
    let (unit, n) = if weeks >= 3 {
        ("Week", weeks)
    } else {
        ("Day", (total.in_unit(Unit::Day, cal).round() as u32).max(3))
    };
    let quarter = (f64::from(n) / 4.0).round().max(1.0) as u32;
    let build = n - 2 * quarter;
    let spans = [
        (1, quarter),
        (quarter + 1, quarter + build),
        (quarter + build + 1, n),
    ];
    let window = |(a, b): (u32, u32)| {
        if a == b {
            format!("{unit} {a}")
        } else {
            format!("{unit} {a}-{b}")
        }
    };
    let p = |name: &str, span: (u32, u32), personas: &[&str]| PhaseSpec {
        name: name.into(),
        window: window(span),
        personas: personas.iter().map(|s| s.to_string()).collect(),
    };
    vec![
        p(
            "Assess & Plan",
            spans[0],
            &["Pragmatic Architect", "Technical Program Manager"],
        ),
        p(
            "Build",
            spans[1],
            &[
                "Backend / Distributed Systems Engineer",
                "QA Automation Engineer",
            ],
        ),
        p(
            "Operate & Validate",
            spans[2],
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

/// Placeholder estimates that fit a phase's window: its steps run side by
/// side for about 60% of it, then the wrap-up takes about 15%. A window
/// that does not read keeps a week's work and two days' wrap-up.
fn estimates(window: &str) -> (String, String) {
    use crate::duration::{Calendar, WorkTime};
    let cal = Calendar::Business;
    let Some(d) = crate::window::Window::parse(window, cal)
        .ok()
        .and_then(|w| w.duration())
    else {
        return ("3d / 1w / 2w".into(), "1d / 2d / 4d".into());
    };
    let three = |o: f64, m: f64, p: f64| {
        let show = |x: f64| WorkTime(d.0 * x).display(cal);
        format!("{} / {} / {}", show(o), show(m), show(p))
    };
    (three(0.4, 0.6, 0.9), three(0.1, 0.15, 0.25))
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
    let _ = writeln!(y, "{}", crate::format::schema::workflow_modeline());
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
        let (work, wrap) = estimates(&p.window);
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
                "        outputs: [{pid}-{}-output]\n        estimate: {work}",
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
            "        inputs: [{}]\n        outputs: [{artifact}]\n        estimate: {wrap}",
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
