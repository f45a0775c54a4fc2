//! `new`: scaffold a workflow from the seed's design template (section 13),
//! from flags or, on a terminal, by asking.

use std::fmt::Write as _;
use std::io::{BufRead, IsTerminal, Write};
use std::path::PathBuf;

use anyhow::bail;
use skill_chains_core::check::check_source;
use skill_chains_core::model::kebab_case;

use crate::context::Context;
use crate::files;
use crate::output::Reply;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The workflow's name, e.g. "Data Warehouse Migration".
    #[arg(long)]
    pub name: Option<String>,
    /// One of the nine library categories.
    #[arg(long)]
    pub category: Option<String>,
    /// A realistic overall timeline, e.g. "3-4 months".
    #[arg(long)]
    pub timeline: Option<String>,
    /// What initiates the workflow.
    #[arg(long)]
    pub trigger: Option<String>,
    /// A phase as "Name|Window|Persona, Persona" (repeat for each phase).
    #[arg(long = "phase", value_name = "NAME|WINDOW|PERSONAS")]
    pub phases: Vec<String>,
    /// Where to write the file (default: <id>.yaml here); `-` prints it.
    #[arg(short, long)]
    pub output: Option<String>,
    /// Replace an existing file.
    #[arg(long)]
    pub force: bool,
}

struct PhaseSpec {
    name: String,
    window: String,
    personas: Vec<String>,
}

fn default_phases() -> Vec<PhaseSpec> {
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

fn parse_phase(spec: &str) -> anyhow::Result<PhaseSpec> {
    let parts: Vec<&str> = spec.split('|').map(str::trim).collect();
    let [name, window, personas] = parts.as_slice() else {
        bail!("--phase `{spec}`: expected \"Name|Window|Persona, Persona\"");
    };
    let personas: Vec<String> = personas
        .split(',')
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty())
        .collect();
    if personas.is_empty() {
        bail!("--phase `{spec}`: name at least one persona");
    }
    Ok(PhaseSpec {
        name: name.to_string(),
        window: window.to_string(),
        personas,
    })
}

fn ask(question: &str, default: &str) -> anyhow::Result<String> {
    let mut stderr = std::io::stderr();
    write!(stderr, "{question} [{default}]: ")?;
    stderr.flush()?;
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line)?;
    let answer = line.trim();
    Ok(if answer.is_empty() {
        default.to_string()
    } else {
        answer.to_string()
    })
}

fn quote(s: &str) -> String {
    skill_chains_core::render::escape::yaml::double_quoted(s)
}

/// The template as YAML, with one step per persona and a gate per phase.
fn render(
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

pub fn exec(args: Args, ctx: &Context) -> anyhow::Result<Reply<'static>> {
    let interactive =
        args.name.is_none() && std::io::stdin().is_terminal() && std::io::stderr().is_terminal();
    let (name, category, timeline, trigger) = if interactive {
        (
            ask("Workflow name", "New Workflow")?,
            ask("Category", "Strategic Planning")?,
            ask("Realistic timeline", "2 months")?,
            ask("What triggers it", "TODO")?,
        )
    } else {
        let Some(name) = args.name.clone() else {
            bail!(
                "give the workflow a name with --name\nhelp: on a terminal, `skill-chains new` asks for it"
            );
        };
        (
            name,
            args.category
                .clone()
                .unwrap_or_else(|| "Strategic Planning".into()),
            args.timeline.clone().unwrap_or_else(|| "2 months".into()),
            args.trigger
                .clone()
                .unwrap_or_else(|| "TODO what initiates this workflow".into()),
        )
    };
    let phases = if args.phases.is_empty() {
        default_phases()
    } else {
        args.phases
            .iter()
            .map(|p| parse_phase(p))
            .collect::<anyhow::Result<_>>()?
    };
    let yaml = render(&name, &category, &timeline, &trigger, &phases);
    let report = check_source(&yaml, &ctx.catalog.personas);
    let target = args
        .output
        .clone()
        .unwrap_or_else(|| format!("{}.yaml", kebab_case(&name)));
    let outcome = if target == "-" {
        Reply::raw(yaml.clone())
    } else {
        let path = PathBuf::from(&target);
        files::ensure_writable(&path, args.force)?;
        files::write_atomic(&path, yaml.as_bytes())?;
        eprintln!("wrote {}", path.display());
        Reply::empty()
    };
    for d in &report.diagnostics {
        eprint!("{}", crate::diagnostics::render(d, &target, &yaml, false));
    }
    Ok(outcome.with_status(u8::from(report.has_errors())))
}
