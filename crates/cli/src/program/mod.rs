//! Programs on the command line: telling a program from a workflow, reading
//! it with its workflows (built-ins, or files relative to the program file),
//! and what the commands that accept a program do with it (`show`, `check`,
//! `list --programs`, `dependency`, `timeline`, `parallel`, `export`).
//!
//! A name is a program when it is a file with a top-level `workflows:` key,
//! or the id or name of a built-in program.

pub mod export;
pub mod import;
pub mod show;

use std::path::{Path, PathBuf};

use skill_chains_core::catalog::Catalog;
use skill_chains_core::catalog::Programs;
use skill_chains_core::check::{Severity, check_source};
use skill_chains_core::compose::{
    Origin as WorkflowOrigin, Program, Resolution, Resolver, check_program_source, is_path,
    is_program_source,
};

use skill_chains_core::compose::raw::{RawHandoff, RawMember, RawProgram};
use skill_chains_core::model::kebab_case;
use skill_chains_core::span::Sp;

use crate::context::Context;
use crate::load::{self, Checked, Origin, Source};
use crate::output::Reply;

/// Built-in programs live under this prefix in diagnostics (`<built-in>/programs/x.yaml`).
const BUILTIN_DIR: &str = "programs/";

/// Resolves workflow references of a program read from a file: paths
/// relative to the program's directory, else built-in ids.
pub struct FileResolver<'a> {
    pub base: PathBuf,
    pub catalog: &'a Catalog,
}

impl Resolver for FileResolver<'_> {
    fn resolve(&self, reference: &str) -> Resolution {
        if !is_path(reference)
            && let Some(e) = self.catalog.library.entry(reference)
        {
            return Resolution::Found {
                workflow: Box::new(e.workflow.clone()),
                origin: WorkflowOrigin::Builtin(e.workflow.id.clone()),
            };
        }
        let path = lexical(&self.base.join(reference));
        if !path.exists() {
            let what = if is_path(reference) {
                format!("no workflow file `{}`", path.display())
            } else {
                format!("no built-in workflow or file `{reference}`")
            };
            return Resolution::Missing { reason: what };
        }
        let text = match load::read_text(&path) {
            Ok(t) => t,
            Err(e) => {
                return Resolution::Missing {
                    reason: crate::output::error_text(&e)
                        .trim_start_matches("error: ")
                        .lines()
                        .next()
                        .unwrap_or_default()
                        .to_string(),
                };
            }
        };
        if is_program_source(&text) {
            return Resolution::Missing {
                reason: format!("`{reference}` is a program, not a workflow"),
            };
        }
        let report = check_source(&text, &self.catalog.personas);
        let origin = WorkflowOrigin::File(path.display().to_string());
        let errors: Vec<_> = report
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .collect();
        match (report.workflow, errors.first()) {
            (Some(wf), None) => Resolution::Found {
                workflow: Box::new(wf),
                origin,
            },
            (workflow, first) => Resolution::Broken {
                workflow: workflow.map(Box::new),
                origin,
                errors: errors.len().max(1),
                first: first
                    .map(|d| format!("{} {}", d.code, d.message))
                    .unwrap_or_default(),
            },
        }
    }
}

/// The source of a program named on the command line, or `None` when the
/// name is not a program (a workflow, or nothing).
pub fn find(name: &str, catalog: &Catalog) -> anyhow::Result<Option<Source>> {
    let path = Path::new(name);
    if path.is_file() {
        let text = load::read_text(path)?;
        return Ok(is_program_source(&text).then(|| Source {
            origin: Origin::File(path.to_path_buf()),
            text,
        }));
    }
    if is_path(name) {
        return Ok(None);
    }
    Ok(Programs::builtin(&catalog.library)
        .entry(name)
        .map(|e| Source {
            origin: Origin::Builtin(format!("{BUILTIN_DIR}{}", e.file)),
            text: e.source.to_string(),
        }))
}

/// Check a program source against its workflows.
pub fn check_text(source: Source, catalog: &Catalog) -> (Checked, Option<Program>) {
    let base = match &source.origin {
        Origin::File(p) => p
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."))
            .to_path_buf(),
        Origin::Builtin(_) => PathBuf::from("."),
    };
    let report = check_program_source(&source.text, &FileResolver { base, catalog });
    (
        Checked {
            source,
            workflow: None,
            diagnostics: report.diagnostics,
        },
        report.program,
    )
}

/// The built-in program sources, as `check` with no arguments reads them.
pub fn builtin_sources() -> impl Iterator<Item = Source> {
    Programs::sources().iter().map(|(file, text)| Source {
        origin: Origin::Builtin(format!("{BUILTIN_DIR}{file}")),
        text: text.to_string(),
    })
}

/// A program without errors, for the commands that plan it; `None` when
/// `name` is not a program. Errors go to stderr and fail the command.
pub fn load(name: &str, ctx: &Context) -> anyhow::Result<Option<Program>> {
    Ok(load_with_source(name, ctx)?.map(|(p, _)| p))
}

/// [`load`], with the source the program was read from.
pub fn load_with_source(name: &str, ctx: &Context) -> anyhow::Result<Option<(Program, Source)>> {
    let Some(source) = find(name, &ctx.catalog)? else {
        return Ok(None);
    };
    let (checked, program) = check_text(source, &ctx.catalog);
    let clean = !checked
        .diagnostics
        .iter()
        .any(|d| d.severity == Severity::Error);
    match program {
        Some(p) if clean => Ok(Some((p, checked.source))),
        _ => Err(ctx.refuse(&checked)),
    }
}

/// A workflow named on the command line, as a program file refers to it.
pub struct Named {
    pub workflow: skill_chains_core::model::Workflow,
    /// A built-in id, or the file's path relative to the program's directory.
    pub reference: String,
    /// Unique within the program.
    pub alias: String,
}

/// Load workflows named on the command line (refusing ones with errors)
/// and give each a reference from `program_dir` and a unique id.
pub fn named(names: &[String], program_dir: &Path, ctx: &Context) -> anyhow::Result<Vec<Named>> {
    let mut out: Vec<Named> = Vec::with_capacity(names.len());
    for name in names {
        let (workflow, source) = ctx.workflow(name)?;
        let reference = match &source.origin {
            Origin::Builtin(_) => workflow.id.clone(),
            Origin::File(p) => relative(p, program_dir),
        };
        let mut alias = workflow.id.clone();
        let mut n = 2;
        while out.iter().any(|o| o.alias == alias) {
            alias = format!("{}-{n}", workflow.id);
            n += 1;
        }
        out.push(Named {
            workflow,
            reference,
            alias,
        });
    }
    Ok(out)
}

/// `target` as a path relative to `dir` (both resolved), with `/` separators;
/// the absolute path when they share no root.
fn relative(target: &Path, dir: &Path) -> String {
    let (target, dir) = (absolute(target), absolute(dir));
    let t: Vec<_> = target.components().collect();
    let d: Vec<_> = dir.components().collect();
    let common = t.iter().zip(&d).take_while(|(a, b)| a == b).count();
    if common == 0 {
        return target.display().to_string();
    }
    let mut parts: Vec<String> = vec!["..".to_string(); d.len() - common];
    parts.extend(
        t[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().to_string()),
    );
    parts.join("/")
}

/// `p` as an absolute path: resolved when it exists, else the current
/// directory joined with it, `.` and `..` applied (a program's directory may
/// not exist until the program is written).
fn absolute(p: &Path) -> PathBuf {
    if let Ok(c) = std::fs::canonicalize(p) {
        return c;
    }
    let joined = std::env::current_dir()
        .map(|cwd| std::fs::canonicalize(&cwd).unwrap_or(cwd).join(p))
        .unwrap_or_else(|_| p.to_path_buf());
    lexical(&joined)
}

/// `p` with `.` dropped and `dir/..` cancelled, without touching the disk
/// (`out/../flow.yaml` is `flow.yaml` even before `out` exists).
fn lexical(p: &Path) -> PathBuf {
    use std::path::Component;
    let mut out: Vec<Component> = Vec::new();
    for c in p.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir if matches!(out.last(), Some(Component::Normal(_))) => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    if out.is_empty() {
        PathBuf::from(".")
    } else {
        out.iter().collect()
    }
}

/// The gate a handoff gets when none is given: the delivering workflow's
/// last deliverable.
pub fn default_gate(
    wf: &skill_chains_core::model::Workflow,
) -> skill_chains_core::compose::raw::RawGate {
    use skill_chains_core::span::Sp;
    let last = wf.phases.iter().rev().find_map(|p| p.deliverable.as_ref());
    skill_chains_core::compose::raw::RawGate {
        text: Some(match last {
            Some(d) => format!("{}: {}", wf.name.value, d.text),
            None => format!("{} complete", wf.name.value),
        }),
        requires: last
            .and_then(|d| d.artifact.clone())
            .map(Sp::bare)
            .into_iter()
            .collect(),
    }
}

/// What `sequence` and `converge` report after writing a program.
#[derive(serde::Serialize)]
struct Written {
    file: String,
    program: String,
    workflows: usize,
    handoffs: usize,
    warnings: usize,
    /// The program's YAML, when it went to standard output (`-o -` with `--json`).
    #[serde(skip_serializing_if = "Option::is_none")]
    text: Option<String>,
}

impl crate::output::Human for Written {
    fn human(&self, out: &mut crate::output::Out) -> std::fmt::Result {
        use std::fmt::Write as _;
        writeln!(
            out,
            "wrote {}: program `{}` with {} workflows and {} handoff(s); `skill-chains show {}` reads it",
            self.file, self.program, self.workflows, self.handoffs, self.file
        )
    }
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
    let id = kebab_case(&name);
    let raw = RawProgram {
        id: Some(Sp::bare(id.clone())),
        name: Sp::bare(name),
        version: Some(Sp::bare(1)),
        workflows: named
            .iter()
            .map(|n| {
                Sp::bare(RawMember {
                    id: (n.alias != n.reference).then(|| Sp::bare(n.alias.clone())),
                    workflow: Sp::bare(n.reference.clone()),
                    delivers: Vec::new(),
                })
            })
            .collect(),
        handoffs,
        ..RawProgram::default()
    };
    let target = output.map_or_else(|| format!("{id}.yaml"), str::to_string);
    write(&raw, &target, force, command, ctx)
}

/// Check a generated program and write it (atomically; an existing file only
/// with `force`), or print it for `-`. A program with errors is not written.
pub fn write(
    raw: &skill_chains_core::compose::raw::RawProgram,
    target: &str,
    force: bool,
    command: &str,
    ctx: &Context,
) -> anyhow::Result<Reply<'static>> {
    let yaml = format!(
        "# yaml-language-server: $schema=https://skill-chains.dev/schema/program.schema.json\n\
         # Written by `skill-chains {command}`. `skill-chains check` on this file validates it.\n{}",
        skill_chains_core::compose::to_yaml(raw)
    );
    let path = PathBuf::from(target);
    let base = if target == "-" {
        PathBuf::from(".")
    } else {
        path.parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."))
            .to_path_buf()
    };
    let report = check_program_source(
        &yaml,
        &FileResolver {
            base,
            catalog: &ctx.catalog,
        },
    );
    let checked = Checked {
        source: Source {
            origin: Origin::File(path.clone()),
            text: yaml.clone(),
        },
        workflow: None,
        diagnostics: report.diagnostics,
    };
    if report.program.is_none()
        || checked
            .diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error)
    {
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
    if !to_stdout {
        crate::files::ensure_writable(&path, force)?;
        crate::files::write_atomic(&path, yaml.as_bytes())?;
    }
    Ok(Reply::data(Written {
        file: path.display().to_string(),
        program: raw.id.as_ref().map(|i| i.value.clone()).unwrap_or_default(),
        workflows: raw.workflows.len(),
        handoffs: raw.handoffs.len(),
        warnings: checked.diagnostics.len(),
        text: to_stdout.then(|| yaml.clone()),
    })
    .with_document(yaml))
}

/// The directory a program written to `output` lives in (references to
/// workflow files are relative to it).
pub fn output_dir(output: Option<&str>) -> PathBuf {
    match output {
        Some(o) if o != "-" => Path::new(o)
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."))
            .to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// `check` on any name: a program is checked with its workflows, anything
/// else as a workflow.
pub fn checked(name: &str, ctx: &Context) -> anyhow::Result<Checked> {
    match find(name, &ctx.catalog)? {
        Some(source) => Ok(check_text(source, &ctx.catalog).0),
        None => ctx.checked(name),
    }
}
