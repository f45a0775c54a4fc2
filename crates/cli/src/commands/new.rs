//! `new`: scaffold a workflow from the seed's design template (section 13),
//! from flags or, on a terminal, by asking.

use std::io::{BufRead, IsTerminal, Write};
use std::path::PathBuf;

use anyhow::bail;
use skill_chains_core::check::check_source;
use skill_chains_core::model::kebab_case;
use skill_chains_core::render::template::{parse_phase, phases_for, render};

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
        phases_for(&timeline)
    } else {
        args.phases
            .iter()
            .map(|p| parse_phase(p))
            .collect::<Result<_, _>>()?
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
        files::write_with_schema(&path, &yaml)?;
        eprintln!("wrote {}", path.display());
        Reply::empty()
    };
    // The template's TODOs are there to be filled in: one line for them
    // (SC025 on each is what `check` shows), every other finding in full.
    let (placeholders, others): (Vec<_>, Vec<_>) =
        report.diagnostics.iter().partition(|d| d.code == "SC025");
    for d in others {
        eprint!("{}", crate::diagnostics::render(d, &target, &yaml, false));
    }
    if !placeholders.is_empty() {
        eprintln!(
            "fill in the {} TODO placeholder(s); `skill-chains check {target}` shows each (SC025)",
            placeholders.len()
        );
    }
    Ok(outcome.with_status(u8::from(report.has_errors())))
}
