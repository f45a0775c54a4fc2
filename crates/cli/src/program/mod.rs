//! Programs on the command line: the engine reads them
//! (`skill_chains_engine::project::programs`); this turns what it finds into
//! a command's failure (diagnostics on stderr, status 1 or 2) or its reply.

pub mod export;

use std::path::{Path, PathBuf};

use skill_chains_core::check::Severity;
use skill_chains_core::compose::Program;
use skill_chains_core::compose::generate::{self, Named};
use skill_chains_core::compose::raw::{RawHandoff, RawProgram};
use skill_chains_core::span::Sp;
use skill_chains_engine::project::programs::{self, Written};

use crate::context::Context;
use crate::load::{Checked, Source};
use crate::output::Reply;

/// A program without errors, with the source it was read from; `None`
/// when `name` is not a program. Errors go to stderr and fail the command.
pub fn load_with_source(name: &str, ctx: &Context) -> anyhow::Result<Option<(Program, Source)>> {
    let Some(source) = programs::find(name, &ctx.catalog)? else {
        return Ok(None);
    };
    check(source, ctx).map(Some)
}

/// A program source checked against its workflows; errors go to stderr and
/// fail the command.
pub fn check(source: Source, ctx: &Context) -> anyhow::Result<(Program, Source)> {
    let (checked, program) = programs::check_text(source, &ctx.catalog);
    match program {
        Some(p) if !has_errors(&checked) => Ok((p, checked.source)),
        _ => Err(ctx.refuse(&checked)),
    }
}

fn has_errors(checked: &Checked) -> bool {
    checked
        .diagnostics
        .iter()
        .any(|d| d.severity == Severity::Error)
}

/// Load workflows named on the command line (refusing ones with errors)
/// and give each a reference from `program_dir` and a unique id.
pub fn named(names: &[String], program_dir: &Path, ctx: &Context) -> anyhow::Result<Vec<Named>> {
    let mut members = Vec::with_capacity(names.len());
    for name in names {
        let (workflow, source) = ctx.workflow(name)?;
        let reference = programs::reference(&workflow, &source, program_dir);
        members.push((workflow.into_workflow(), reference));
    }
    Ok(generate::named(members))
}

/// Write a program `sequence` or `converge` generated: its members named as
/// `named` resolved them, to `output` (default `<id>.yaml`).
pub fn write_generated(
    name: String,
    named: &[Named],
    handoffs: Vec<Sp<RawHandoff>>,
    output: Option<&str>,
    force: bool,
    command: &str,
    ctx: &Context,
) -> anyhow::Result<Reply<'static>> {
    let raw = generate::program(name, named, handoffs);
    let id = raw
        .id
        .as_ref()
        .map(|i| i.value.as_str())
        .unwrap_or_default();
    let target = output.map_or_else(|| format!("{id}.yaml"), str::to_string);
    write(&raw, &target, force, command, ctx)
}

/// Check a generated program and write it (atomically; an existing file only
/// with `force`), or print it for `-`. A program with errors is not written;
/// its warnings go to stderr.
fn write(
    raw: &RawProgram,
    target: &str,
    force: bool,
    command: &str,
    ctx: &Context,
) -> anyhow::Result<Reply<'static>> {
    let yaml = generate::file_text(raw, command);
    let (checked, program) = programs::check_generated(&yaml, target, &ctx.catalog);
    if program.is_none() || has_errors(&checked) {
        return Err(ctx.refuse(&checked));
    }
    for d in &checked.diagnostics {
        eprint!(
            "{}",
            crate::diagnostics::render(d, target, &yaml, ctx.stderr_color())
        );
    }
    let to_stdout = target == "-";
    // Plain `-o -` prints the YAML alone; with `--json` it travels inside the report.
    if to_stdout && !ctx.json {
        return Ok(Reply::raw(yaml.clone()).with_document(yaml));
    }
    let path = PathBuf::from(target);
    if !to_stdout {
        crate::files::ensure_writable(&path, force)?;
        crate::files::write_with_schema(&path, &yaml)?;
    }
    let written = Written::new(
        raw,
        &path,
        checked.diagnostics.len(),
        to_stdout.then(|| yaml.clone()),
    );
    Ok(Reply::data(written).with_document(yaml))
}
