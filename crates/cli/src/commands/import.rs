//! `import <file.md> [-o dir]`: read workflows written in Markdown (the
//! seed's style, the design template, or `**Chain:**` playbooks), report
//! what could not be mapped with its lines, read the cross-workflow sections
//! (the seed's section 14) as programs whose members are matched to the
//! document's workflows and the library, check everything against the
//! Markdown, and with `-o` write one YAML file per workflow and program.
//!
//! Exit status: 0 imported (warnings allowed), 1 errors (a check error, no
//! workflow, or with `--strict` anything not imported), 2 unreadable file.

use std::path::PathBuf;

use skill_chains_core::check::Diagnostic;
use skill_chains_engine::project::{check, import};

use crate::context::Context;
use crate::diagnostics;
use crate::load;
use crate::output::Reply;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The Markdown document.
    pub file: PathBuf,
    /// Write one YAML file per workflow into this directory.
    #[arg(short, long, value_name = "DIR")]
    pub output: Option<PathBuf>,
    /// Fail when any part of the document could not be imported.
    #[arg(long)]
    pub strict: bool,
    /// Replace existing files in the output directory.
    #[arg(long)]
    pub force: bool,
}

pub fn exec(args: Args, ctx: &Context) -> anyhow::Result<Reply<'static>> {
    let text = load::read_text(&args.file)?;
    let file = args.file.display().to_string();
    let document = import::import(&text, &ctx.catalog, args.strict);
    let written = match &args.output {
        Some(dir) if document.writable() => {
            let planned = document.plan(dir, &file, args.force)?;
            let progress = progress(ctx, planned.len() as u64);
            let written = document.write(&planned, &mut || progress.inc(1))?;
            progress.finish_and_clear();
            Some(written)
        }
        _ => None,
    };
    let render =
        |d: &Diagnostic, file: &str, text: &str| diagnostics::render(d, file, text, ctx.color);
    let report = document.report(
        &file,
        &text,
        written,
        (!ctx.json).then_some(&render as check::Render<'_>),
    );
    let status = report.status();
    Ok(Reply::data(report).with_status(status))
}

/// A bar over the files being written, on a terminal only (never with `--json`).
fn progress(ctx: &Context, len: u64) -> indicatif::ProgressBar {
    use std::io::IsTerminal;
    if ctx.json || len < 20 || !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    indicatif::ProgressBar::new(len).with_message("writing workflows")
}
