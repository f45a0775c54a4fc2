//! `export <workflow> --format md|yaml|json|mermaid|dot|html|claude-skill [-o file]`: one
//! workflow in another form, printed or written (atomically, never over an
//! existing file without `--force`). A workflow with errors is exported as
//! written, with its errors, and the command fails with status 1.

use std::fmt::{self, Write};
use std::path::PathBuf;

use serde::Serialize;
use skill_chains_core::check::{self, check_model};
use skill_chains_core::format::write::{to_raw, to_yaml};
use skill_chains_core::model::Workflow;
use skill_chains_core::render::markdown::to_markdown;
use skill_chains_core::render::{claude, dot, html, mermaid};

use crate::context::Context;
use crate::files;
use crate::output::{Human, Out, Reply};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Markdown in the seed's style (imports back to the same workflow).
    Md,
    Yaml,
    /// The file format as JSON.
    Json,
    /// A Mermaid flowchart (`--gantt`: a Mermaid gantt chart).
    Mermaid,
    /// Graphviz DOT, for `dot -Tsvg`.
    Dot,
    /// One self-contained HTML page.
    Html,
    /// A Claude Code skill (SKILL.md) that follows the workflow step by step.
    ClaudeSkill,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// A built-in id or name, or a workflow file; or a program (built-in id or file).
    pub workflow: String,
    #[arg(long, short, value_enum, default_value = "md")]
    pub format: Format,
    /// With `--format mermaid`: a gantt chart of the critical-path schedule.
    #[arg(long)]
    pub gantt: bool,
    /// Write to this file instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Replace an existing file.
    #[arg(long)]
    pub force: bool,
}

/// The text of `wf` in `format`.
pub fn render(wf: &Workflow, format: Format, gantt: bool, ctx: &Context) -> anyhow::Result<String> {
    Ok(match format {
        Format::Md => to_markdown(wf) + "\n",
        Format::Yaml => to_yaml(wf),
        Format::Json => serde_json::to_string_pretty(&to_raw(wf))? + "\n",
        Format::Mermaid if gantt => mermaid::gantt(wf),
        Format::Mermaid => mermaid::flowchart(wf),
        Format::Dot => dot::digraph(wf),
        Format::Html => {
            let cx = check::Context {
                personas: &ctx.catalog.personas,
            };
            html::page(wf, &check_model(wf, &cx))
        }
        Format::ClaudeSkill => claude::workflow_skill(wf, &ctx.catalog.personas),
    })
}

/// What was exported: a workflow or a program, by id.
#[derive(Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Subject {
    Workflow(String),
    Program(String),
}

#[derive(Serialize)]
struct Exported {
    #[serde(flatten)]
    subject: Subject,
    format: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    path: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    text: Option<String>,
}

impl Human for Exported {
    fn human(&self, out: &mut Out) -> fmt::Result {
        match (&self.path, &self.text) {
            (Some(p), _) => writeln!(out, "wrote {p}"),
            (None, Some(t)) => out.write_str(t),
            (None, None) => Ok(()),
        }
    }
}

pub fn exec(args: Args, ctx: &Context) -> anyhow::Result<Reply<'static>> {
    if let Some(outcome) = crate::program::export::export(&args, ctx)? {
        return Ok(outcome);
    }
    if args.gantt && args.format != Format::Mermaid {
        anyhow::bail!("--gantt goes with --format mermaid");
    }
    // A workflow with errors exports as written, then the command fails
    // (status 1); only the gantt chart, a plan, needs a clean workflow.
    let (wf, errors) = ctx.as_written(ctx.checked(&args.workflow)?)?;
    if let Some(err) = errors {
        if args.gantt {
            return Err(err);
        }
        let text = render(&wf, args.format, false, ctx)?;
        return Ok(deliver(Subject::Workflow(wf.id.clone()), text, &args)?.then_fail(err));
    }
    let text = render(&wf, args.format, args.gantt, ctx)?;
    deliver(Subject::Workflow(wf.id.clone()), text, &args)
}

/// Write `text` to `--output` (atomically, never over a file without
/// `--force`) or print it, and report which.
pub(crate) fn deliver(
    subject: Subject,
    text: String,
    args: &Args,
) -> anyhow::Result<Reply<'static>> {
    let format = format!("{:?}", args.format).to_lowercase();
    let exported = match &args.output {
        Some(path) => {
            files::ensure_writable(path, args.force)?;
            files::write_atomic(path, text.as_bytes())?;
            Exported {
                subject,
                format,
                path: Some(path.display().to_string()),
                text: None,
            }
        }
        None => Exported {
            subject,
            format,
            path: None,
            text: Some(text),
        },
    };
    Ok(Reply::data(exported))
}
