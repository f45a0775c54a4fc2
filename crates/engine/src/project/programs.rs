//! Programs in the project's files: telling a program from a workflow,
//! reading a program with its workflows (built-ins, or files relative to the
//! program file), naming workflow files from a program's directory, and
//! checking and writing the programs `sequence` and `converge` generate.
//!
//! A name is a program when it is a file with a top-level `workflows:` key,
//! or the id or name of a built-in program. What programs mean is
//! `skill_chains_core::compose`; nothing here prints or decides a command's
//! exit status.

use std::fmt::{self, Write as _};
use std::path::{Component, Path, PathBuf};

use serde::Serialize;
use skill_chains_core::catalog::{Catalog, Programs, resolve_builtin};
use skill_chains_core::check::{Severity, check_source};
use skill_chains_core::compose::raw::RawProgram;
use skill_chains_core::compose::{
    Origin as WorkflowOrigin, Program, Resolution, Resolver, check_program_source, is_path,
    is_program_source,
};
use skill_chains_core::load::{self, Checked, Origin, Source};
use skill_chains_core::model::Workflow;
use skill_chains_core::render::text::{Human, Out};

use super::source::{self, SourceError};

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
        if !is_path(reference) && self.catalog.library.entry(reference).is_some() {
            return resolve_builtin(&self.catalog.library, reference);
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
        let text = match source::read_text(&path) {
            Ok(t) => t,
            Err(e) => {
                return Resolution::Missing {
                    reason: e.to_string().lines().next().unwrap_or_default().to_string(),
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
        match report.into_checked() {
            Ok(wf) => Resolution::Found {
                workflow: Box::new(wf),
                origin,
            },
            Err(report) => {
                let errors: Vec<_> = report
                    .diagnostics
                    .iter()
                    .filter(|d| d.severity == Severity::Error)
                    .collect();
                Resolution::Broken {
                    workflow: report.workflow.map(Box::new),
                    origin,
                    errors: errors.len().max(1),
                    first: errors
                        .first()
                        .map(|d| format!("{} {}", d.code, d.message))
                        .unwrap_or_default(),
                }
            }
        }
    }
}

/// What a name on the command line found: a program or a workflow source.
#[derive(Debug)]
pub enum Found {
    Program(Source),
    Workflow(Source),
}

/// The source `name` means, read once: an existing file (a program when it
/// has a top-level `workflows:` key), else a built-in program, else what
/// [`source::source`] finds (a built-in workflow, or the error to show).
pub fn document(name: &str, catalog: &Catalog) -> Result<Found, SourceError> {
    let path = Path::new(name);
    if path.is_file() || source::is_stdin(path) {
        let source = Source {
            origin: Origin::File(path.to_path_buf()),
            text: source::read_text(path)?,
        };
        return Ok(if is_program_source(&source.text) {
            Found::Program(source)
        } else {
            Found::Workflow(source)
        });
    }
    if !is_path(name)
        && let Some(e) = Programs::builtin(&catalog.library).entry(name)
    {
        return Ok(Found::Program(Source {
            origin: Origin::Builtin(format!("{BUILTIN_DIR}{}", e.file)),
            text: e.source.to_string(),
        }));
    }
    Ok(Found::Workflow(source::source(name, catalog)?))
}

/// The source of a program named on the command line, or `None` when the
/// name is not a program (a workflow, or nothing).
pub fn find(name: &str, catalog: &Catalog) -> Result<Option<Source>, SourceError> {
    let path = Path::new(name);
    // Standard input can be read once: the caller reads it as a workflow.
    if path.is_file() {
        let text = source::read_text(path)?;
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
        Origin::File(p) => directory(p),
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

/// Check a text as `check` checks a file: as a program when it is one, else
/// as a workflow.
pub fn check_any_text(source: Source, catalog: &Catalog) -> Checked {
    if is_program_source(&source.text) {
        check_text(source, catalog).0
    } else {
        load::check_text(source, catalog)
    }
}

/// The built-in program sources, as `check` with no arguments reads them.
pub fn builtin_sources() -> impl Iterator<Item = Source> {
    Programs::sources().iter().map(|(file, text)| Source {
        origin: Origin::Builtin(format!("{BUILTIN_DIR}{file}")),
        text: text.to_string(),
    })
}

/// `check` on any name: a program is checked with its workflows, anything
/// else as a workflow.
pub fn checked(name: &str, catalog: &Catalog) -> Result<Checked, SourceError> {
    match find(name, catalog)? {
        Some(source) => Ok(check_text(source, catalog).0),
        None => Ok(load::check_text(source::source(name, catalog)?, catalog)),
    }
}

/// How a program in `program_dir` refers to a workflow read from `source`:
/// a built-in by its id, a file by its path relative to that directory.
pub fn reference(workflow: &Workflow, source: &Source, program_dir: &Path) -> String {
    match &source.origin {
        Origin::Builtin(_) => workflow.id.clone(),
        Origin::File(p) => relative(p, program_dir),
    }
}

/// The directory a program written to `output` lives in (references to
/// workflow files are relative to it).
pub fn output_dir(output: Option<&str>) -> PathBuf {
    match output {
        Some(o) if o != "-" => directory(Path::new(o)),
        _ => PathBuf::from("."),
    }
}

/// The directory of a file, `.` when the path names none.
fn directory(path: &Path) -> PathBuf {
    path.parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .to_path_buf()
}

/// Check the text of a generated program as the file `target` (`-`: standard
/// output, its references relative to here).
pub fn check_generated(text: &str, target: &str, catalog: &Catalog) -> (Checked, Option<Program>) {
    let path = PathBuf::from(target);
    let base = if target == "-" {
        PathBuf::from(".")
    } else {
        directory(&path)
    };
    let report = check_program_source(text, &FileResolver { base, catalog });
    (
        Checked {
            source: Source {
                origin: Origin::File(path),
                text: text.to_string(),
            },
            workflow: None,
            diagnostics: report.diagnostics,
        },
        report.program,
    )
}

/// What `sequence` and `converge` report after writing a program.
#[derive(Serialize)]
pub struct Written {
    file: String,
    program: String,
    workflows: usize,
    handoffs: usize,
    warnings: usize,
    /// The program's YAML, when it went to standard output (`-o -` with `--json`).
    #[serde(skip_serializing_if = "Option::is_none")]
    text: Option<String>,
}

impl Written {
    /// The report on `raw` written to `file` with `warnings` diagnostics;
    /// `text` when it went to standard output.
    pub fn new(raw: &RawProgram, file: &Path, warnings: usize, text: Option<String>) -> Written {
        Written {
            file: file.display().to_string(),
            program: raw.id.as_ref().map(|i| i.value.clone()).unwrap_or_default(),
            workflows: raw.workflows.len(),
            handoffs: raw.handoffs.len(),
            warnings,
            text,
        }
    }
}

impl Human for Written {
    fn human(&self, out: &mut Out) -> fmt::Result {
        writeln!(
            out,
            "wrote {}: program `{}` with {} workflows and {} handoff(s); `skill-chains show {}` reads it",
            self.file, self.program, self.workflows, self.handoffs, self.file
        )
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lexical_paths_cancel_parents_without_the_disk() {
        assert_eq!(
            lexical(Path::new("out/../flow.yaml")),
            PathBuf::from("flow.yaml")
        );
        assert_eq!(lexical(Path::new("./a/./b")), PathBuf::from("a/b"));
        assert_eq!(lexical(Path::new(".")), PathBuf::from("."));
        assert_eq!(lexical(Path::new("../x")), PathBuf::from("../x"));
    }

    #[test]
    fn output_dirs_are_the_program_files_directory() {
        assert_eq!(output_dir(None), PathBuf::from("."));
        assert_eq!(output_dir(Some("-")), PathBuf::from("."));
        assert_eq!(output_dir(Some("p.yaml")), PathBuf::from("."));
        assert_eq!(output_dir(Some("out/p.yaml")), PathBuf::from("out"));
    }
}
