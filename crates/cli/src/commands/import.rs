//! `import <file.md> [-o dir]`: read workflows written in Markdown (the
//! seed's style, the design template, or `**Chain:**` playbooks), report
//! what could not be mapped with its lines, read the cross-workflow sections
//! (the seed's section 14) as programs whose members are matched to the
//! document's workflows and the library, check everything against the
//! Markdown, and with `-o` write one YAML file per workflow and program.
//!
//! Exit status: 0 imported (warnings allowed), 1 errors (a check error, no
//! workflow, or with `--strict` anything not imported), 2 unreadable file.

use std::fmt::{self, Write};
use std::path::{Path, PathBuf};

use serde::Serialize;
use skill_chains_core::catalog::document::{CheckedProgram, check_all, file_name};
use skill_chains_core::check::{Diagnostic, Severity};
use skill_chains_core::format::markdown::Import;
use skill_chains_core::format::write::to_yaml;

use crate::context::Context;
use crate::diagnostics::{self, Located};
use crate::files;
use crate::load;
use crate::output::{Human, Out, Reply};

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

#[derive(Serialize)]
struct Imported {
    id: String,
    name: String,
    line: u32,
    phases: usize,
    steps: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    written: Option<String>,
    diagnostics: Vec<Located>,
}

#[derive(Serialize)]
struct ImportedProgramReport {
    id: String,
    name: String,
    line: u32,
    /// The workflows it joins, as the written program names them.
    workflows: Vec<String>,
    handoffs: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    written: Option<String>,
    diagnostics: Vec<Located>,
}

#[derive(Serialize)]
struct ImportReport {
    file: String,
    workflows: Vec<Imported>,
    programs: Vec<ImportedProgramReport>,
    /// What the importer could not map (MD001-MD007).
    notes: Vec<Located>,
    errors: usize,
    warnings: usize,
    #[serde(skip)]
    rendered_notes: Vec<String>,
    #[serde(skip)]
    rendered: Vec<Vec<String>>,
    #[serde(skip)]
    rendered_programs: Vec<Vec<String>>,
}

/// One imported workflow or program, where it was written, and its diagnostics.
fn imported(
    out: &mut Out,
    label: &str,
    id: &str,
    what: &str,
    written: &Option<String>,
    rendered: &[String],
) -> fmt::Result {
    let dest = written
        .as_ref()
        .map(|p| format!(" -> {p}"))
        .unwrap_or_default();
    writeln!(
        out,
        "{} {} {}{dest}",
        out.good(label),
        out.bold(id),
        out.dim(what)
    )?;
    for r in rendered {
        writeln!(out, "{r}")?;
    }
    Ok(())
}

impl Human for ImportReport {
    fn human(&self, out: &mut Out) -> fmt::Result {
        for r in &self.rendered_notes {
            writeln!(out, "{r}")?;
        }
        for (w, rendered) in self.workflows.iter().zip(&self.rendered) {
            let what = format!("(line {}: {} phases, {} steps)", w.line, w.phases, w.steps);
            imported(out, "imported", &w.id, &what, &w.written, rendered)?;
        }
        for (p, rendered) in self.programs.iter().zip(&self.rendered_programs) {
            let what = format!(
                "(line {}: {}; {} handoff(s))",
                p.line,
                p.workflows.join(", "),
                p.handoffs
            );
            imported(out, "imported program", &p.id, &what, &p.written, rendered)?;
        }
        let summary = format!(
            "{}: {} workflow(s), {} program(s), {} error(s), {} warning(s), {} part(s) not imported",
            self.file,
            self.workflows.len(),
            self.programs.len(),
            self.errors,
            self.warnings,
            self.notes.len()
        );
        let summary = if self.errors > 0 {
            out.bad(&summary)
        } else {
            out.good(&summary)
        };
        writeln!(out, "{summary}")
    }
}

pub fn exec(args: Args, ctx: &Context) -> anyhow::Result<Reply<'static>> {
    let text = load::read_text(&args.file)?;
    let file = args.file.display().to_string();
    let mut imported = skill_chains_core::load::import_markdown(&text, &ctx.catalog.personas);
    if args.strict {
        for n in &mut imported.notes {
            n.severity = Severity::Error;
        }
    }
    let programs = check_all(&mut imported, &ctx.catalog);
    let errors = count(&imported, &programs, Severity::Error);
    let warnings = count(&imported, &programs, Severity::Warning);
    let strict_failure = args.strict && !imported.notes.is_empty();
    let (written, programs_written) = match &args.output {
        Some(dir) if !strict_failure => {
            write_all(dir, &imported, &programs, &file, args.force, ctx)?
        }
        _ => (
            vec![None; imported.workflows.len()],
            vec![None; programs.len()],
        ),
    };
    let render = |d: &Diagnostic| diagnostics::render(d, &file, &text, ctx.color);
    let report = ImportReport {
        workflows: imported
            .workflows
            .iter()
            .zip(written)
            .map(|(w, written)| Imported {
                id: w.workflow.id.clone(),
                name: w.workflow.name.value.clone(),
                line: w.span.line,
                phases: w.workflow.phases.len(),
                steps: w.workflow.step_count(),
                written,
                diagnostics: w
                    .diagnostics
                    .iter()
                    .map(|d| diagnostics::located(&file, d))
                    .collect(),
            })
            .collect(),
        programs: programs
            .iter()
            .zip(programs_written)
            .map(|(p, written)| ImportedProgramReport {
                id: p.program.id.clone(),
                name: p.program.name.value.clone(),
                line: p.imported.span.line,
                workflows: p
                    .imported
                    .raw
                    .workflows
                    .iter()
                    .map(|m| m.value.workflow.value.clone())
                    .collect(),
                handoffs: p.imported.raw.handoffs.len(),
                written,
                diagnostics: p
                    .diagnostics
                    .iter()
                    .map(|d| diagnostics::located(&file, d))
                    .collect(),
            })
            .collect(),
        notes: imported
            .notes
            .iter()
            .map(|d| diagnostics::located(&file, d))
            .collect(),
        rendered_notes: if ctx.json {
            vec![]
        } else {
            imported.notes.iter().map(render).collect()
        },
        rendered: if ctx.json {
            vec![]
        } else {
            imported
                .workflows
                .iter()
                .map(|w| w.diagnostics.iter().map(render).collect())
                .collect()
        },
        rendered_programs: if ctx.json {
            vec![]
        } else {
            programs
                .iter()
                .map(|p| p.diagnostics.iter().map(render).collect())
                .collect()
        },
        file: file.clone(),
        errors,
        warnings,
    };
    Ok(Reply::data(report).with_status(u8::from(errors > 0)))
}

fn count(i: &Import, programs: &[CheckedProgram], severity: Severity) -> usize {
    i.notes
        .iter()
        .chain(i.workflows.iter().flat_map(|w| &w.diagnostics))
        .chain(programs.iter().flat_map(|p| &p.diagnostics))
        .filter(|d| d.severity == severity)
        .count()
}

/// Written paths of the workflows, then of the programs.
type Written = (Vec<Option<String>>, Vec<Option<String>>);

/// Write every workflow and program as `<dir>/<id>.yaml` (programs name
/// their workflows by those files); refuse before writing anything if one of
/// the files exists (without `--force`) or two share an id.
fn write_all(
    dir: &Path,
    imported: &Import,
    programs: &[CheckedProgram],
    source: &str,
    force: bool,
    ctx: &Context,
) -> anyhow::Result<Written> {
    let header =
        |line: u32| format!("# Imported from {source} (line {line}) by `skill-chains import`.\n");
    let texts: Vec<(PathBuf, String)> = imported
        .workflows
        .iter()
        .map(|w| {
            (
                dir.join(file_name(&w.workflow)),
                header(w.span.line) + &to_yaml(&w.workflow),
            )
        })
        .chain(programs.iter().map(|p| {
            (
                dir.join(format!("{}.yaml", p.program.id)),
                header(p.imported.span.line)
                    + &skill_chains_core::compose::to_yaml(&p.imported.raw),
            )
        }))
        .collect();
    for (i, (p, _)) in texts.iter().enumerate() {
        if texts[..i].iter().any(|(q, _)| q == p) {
            anyhow::bail!(
                "two workflows or programs would be written to {}\nhelp: give them different names in the Markdown",
                p.display()
            );
        }
        files::ensure_writable(p, force)?;
    }
    let progress = progress(ctx, texts.len() as u64);
    let mut written = Vec::new();
    for (p, text) in &texts {
        files::write_atomic(p, text.as_bytes())?;
        written.push(Some(p.display().to_string()));
        progress.inc(1);
    }
    progress.finish_and_clear();
    let programs_written = written.split_off(imported.workflows.len());
    Ok((written, programs_written))
}

/// A bar over the files being written, on a terminal only (never with `--json`).
fn progress(ctx: &Context, len: u64) -> indicatif::ProgressBar {
    use std::io::IsTerminal;
    if ctx.json || len < 20 || !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    indicatif::ProgressBar::new(len).with_message("writing workflows")
}
