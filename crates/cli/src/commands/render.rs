//! `render <workflow> -o dir`: every export of one workflow in a directory
//! (Markdown, YAML, JSON, Mermaid flowchart and gantt, DOT, HTML).

use std::fmt::{self, Write};
use std::path::PathBuf;

use serde::Serialize;

use crate::commands::export::{Format, render};
use crate::context::Context;
use crate::files;
use crate::output::{Human, Out, Reply};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// A built-in id or name, or a workflow file.
    pub workflow: String,
    /// The directory to write into (created if missing).
    #[arg(short, long, value_name = "DIR")]
    pub output: PathBuf,
    /// Replace existing files.
    #[arg(long)]
    pub force: bool,
}

#[derive(Serialize)]
struct Rendered {
    workflow: String,
    files: Vec<String>,
}

impl Human for Rendered {
    fn human(&self, out: &mut Out) -> fmt::Result {
        for f in &self.files {
            writeln!(out, "wrote {f}")?;
        }
        Ok(())
    }
}

/// File name suffix, format, gantt.
const OUTPUTS: [(&str, Format, bool); 7] = [
    ("md", Format::Md, false),
    ("yaml", Format::Yaml, false),
    ("json", Format::Json, false),
    ("mmd", Format::Mermaid, false),
    ("gantt.mmd", Format::Mermaid, true),
    ("dot", Format::Dot, false),
    ("html", Format::Html, false),
];

pub fn exec(args: Args, ctx: &Context) -> anyhow::Result<Reply<'static>> {
    let (wf, _) = ctx.workflow(&args.workflow)?;
    let paths: Vec<PathBuf> = OUTPUTS
        .iter()
        .map(|(ext, _, _)| args.output.join(format!("{}.{ext}", wf.id)))
        .collect();
    for p in &paths {
        files::ensure_writable(p, args.force)?;
    }
    let mut written = Vec::new();
    for (p, (_, format, gantt)) in paths.iter().zip(OUTPUTS) {
        files::write_atomic(p, render(&wf, format, gantt, ctx)?.as_bytes())?;
        written.push(p.display().to_string());
    }
    Ok(Reply::data(Rendered {
        workflow: wf.id.clone(),
        files: written,
    }))
}
