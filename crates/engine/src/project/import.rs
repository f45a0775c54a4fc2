//! What `import` does with a Markdown document: import and check its
//! workflows and programs (with `strict`, every part not imported is an
//! error), plan one YAML file per workflow and program in a directory,
//! write them, and report it all (diagnostics located in the file for
//! `--json`, rendered for a person by the caller). Nothing here prints.

use std::fmt::{self, Write as _};
use std::path::{Path, PathBuf};

use serde::Serialize;
use skill_chains_core::catalog::Catalog;
use skill_chains_core::catalog::document::{CheckedProgram, check_all, file_name};
use skill_chains_core::check::{Diagnostic, Severity};
use skill_chains_core::format::markdown::Import;
use skill_chains_core::format::write::to_yaml;
use skill_chains_core::render::text::{Human, Out};

use super::check::{Located, Render, located};
use super::files::{self, FileError};

/// Why the imported files could not be written.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error(
        "two workflows or programs would be written to {}\nhelp: give them different names in the Markdown",
        .0.display()
    )]
    SamePath(PathBuf),
    #[error(transparent)]
    File(#[from] FileError),
}

/// A Markdown document imported and checked: its workflows, its programs
/// (resolved against the document and the library) and the counts.
pub struct Document {
    pub import: Import,
    pub programs: Vec<CheckedProgram>,
    pub errors: usize,
    pub warnings: usize,
    strict: bool,
}

/// Import `text` and check everything in it; with `strict`, what could not
/// be imported counts as an error.
pub fn import(text: &str, catalog: &Catalog, strict: bool) -> Document {
    let mut import = skill_chains_core::load::import_markdown(text, &catalog.personas);
    if strict {
        for n in &mut import.notes {
            n.severity = Severity::Error;
        }
    }
    let programs = check_all(&mut import, catalog);
    let errors = count(&import, &programs, Severity::Error);
    let warnings = count(&import, &programs, Severity::Warning);
    Document {
        import,
        programs,
        errors,
        warnings,
        strict,
    }
}

fn count(i: &Import, programs: &[CheckedProgram], severity: Severity) -> usize {
    i.notes
        .iter()
        .chain(i.workflows.iter().flat_map(|w| &w.diagnostics))
        .chain(programs.iter().flat_map(|p| &p.diagnostics))
        .filter(|d| d.severity == severity)
        .count()
}

/// A file to write: where, and its text.
pub struct Planned {
    pub path: PathBuf,
    pub text: String,
}

/// The paths written: the workflows', then the programs'.
pub struct Written {
    workflows: Vec<Option<String>>,
    programs: Vec<Option<String>>,
}

impl Document {
    /// Whether the files may be written: not under `strict` when a part
    /// of the document could not be imported.
    pub fn writable(&self) -> bool {
        !self.strict || self.import.notes.is_empty()
    }

    /// Every workflow and program as `<dir>/<id>.yaml` (programs name
    /// their workflows by those files), headed by where it came from in
    /// `source`; refused if one of the files exists (without `force`) or
    /// two share a path. Nothing is written yet.
    pub fn plan(&self, dir: &Path, source: &str, force: bool) -> Result<Vec<Planned>, ImportError> {
        let header = |line: u32| {
            format!("# Imported from {source} (line {line}) by `skill-chains import`.\n")
        };
        let planned: Vec<Planned> = self
            .import
            .workflows
            .iter()
            .map(|w| Planned {
                path: dir.join(file_name(&w.workflow)),
                text: header(w.span.line) + &to_yaml(&w.workflow),
            })
            .chain(self.programs.iter().map(|p| Planned {
                path: dir.join(format!("{}.yaml", p.program.id)),
                text: header(p.imported.span.line)
                    + &skill_chains_core::compose::to_yaml(&p.imported.raw),
            }))
            .collect();
        for (i, p) in planned.iter().enumerate() {
            if planned[..i].iter().any(|q| q.path == p.path) {
                return Err(ImportError::SamePath(p.path.clone()));
            }
            files::ensure_writable(&p.path, force)?;
        }
        Ok(planned)
    }

    /// Write the files of [`Document::plan`], each atomically, calling
    /// `written` after each one.
    pub fn write(
        &self,
        planned: &[Planned],
        written: &mut dyn FnMut(),
    ) -> Result<Written, ImportError> {
        let mut paths = Vec::new();
        for p in planned {
            files::write_atomic(&p.path, p.text.as_bytes())?;
            paths.push(Some(p.path.display().to_string()));
            written();
        }
        let programs = paths.split_off(self.import.workflows.len());
        Ok(Written {
            workflows: paths,
            programs,
        })
    }

    /// The report on this document read from `file` (its text `text`),
    /// with what was `written` (if anything); each diagnostic is rendered with `render`
    /// when there is one (text output).
    pub fn report(
        &self,
        file: &str,
        text: &str,
        written: Option<Written>,
        render: Option<Render<'_>>,
    ) -> ImportReport {
        let locate =
            |ds: &[Diagnostic]| -> Vec<Located> { ds.iter().map(|d| located(file, d)).collect() };
        let rendered = |ds: &[Diagnostic]| -> Vec<String> {
            match render {
                None => vec![],
                Some(render) => super::check::rendered(ds, file, text, render),
            }
        };
        let written = written.unwrap_or_else(|| Written {
            workflows: vec![None; self.import.workflows.len()],
            programs: vec![None; self.programs.len()],
        });
        let workflows = self
            .import
            .workflows
            .iter()
            .zip(written.workflows)
            .map(|(w, written)| Imported {
                id: w.workflow.id.clone(),
                name: w.workflow.name.value.clone(),
                line: w.span.line,
                phases: w.workflow.phases.len(),
                steps: w.workflow.step_count(),
                written,
                diagnostics: locate(&w.diagnostics),
                rendered: rendered(&w.diagnostics),
            })
            .collect();
        let programs = self
            .programs
            .iter()
            .zip(written.programs)
            .map(|(p, written)| ImportedProgram {
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
                diagnostics: locate(&p.diagnostics),
                rendered: rendered(&p.diagnostics),
            })
            .collect();
        ImportReport {
            file: file.to_string(),
            workflows,
            programs,
            notes: locate(&self.import.notes),
            errors: self.errors,
            warnings: self.warnings,
            rendered_notes: rendered(&self.import.notes),
        }
    }
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
    #[serde(skip)]
    rendered: Vec<String>,
}

#[derive(Serialize)]
struct ImportedProgram {
    id: String,
    name: String,
    line: u32,
    /// The workflows it joins, as the written program names them.
    workflows: Vec<String>,
    handoffs: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    written: Option<String>,
    diagnostics: Vec<Located>,
    #[serde(skip)]
    rendered: Vec<String>,
}

/// `import`'s report: every workflow and program, what was not imported,
/// and the counts.
#[derive(Serialize)]
pub struct ImportReport {
    file: String,
    workflows: Vec<Imported>,
    programs: Vec<ImportedProgram>,
    /// What the importer could not map (MD001-MD007).
    notes: Vec<Located>,
    errors: usize,
    warnings: usize,
    #[serde(skip)]
    rendered_notes: Vec<String>,
}

impl ImportReport {
    /// The exit status: 1 on errors, else 0.
    pub fn status(&self) -> u8 {
        u8::from(self.errors > 0)
    }
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
        for w in &self.workflows {
            let what = format!("(line {}: {} phases, {} steps)", w.line, w.phases, w.steps);
            imported(out, "imported", &w.id, &what, &w.written, &w.rendered)?;
        }
        for p in &self.programs {
            let what = format!(
                "(line {}: {}; {} handoff(s))",
                p.line,
                p.workflows.join(", "),
                p.handoffs
            );
            imported(
                out,
                "imported program",
                &p.id,
                &what,
                &p.written,
                &p.rendered,
            )?;
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

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "# Rollout\n\n**Timeline:** 1 month\n\n**Phase 1: Build (Week 1-2)**\n\n**Skills:** SRE\n\n**Steps:**\n1. **Pragmatic Architect**: Design it\n2. **Deliverable**: Design\n";

    fn dir(purpose: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("sc-import-{purpose}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        d
    }

    #[test]
    fn strict_makes_what_was_not_imported_an_error_and_refuses_to_write() {
        let catalog = Catalog::builtin();
        let lenient = import("", &catalog, false);
        assert!(lenient.import.workflows.is_empty());
        assert!(!lenient.import.notes.is_empty(), "MD003: no workflow");
        assert!(lenient.writable());
        let strict = import("", &catalog, true);
        assert!(!strict.writable());
        assert!(strict.errors >= strict.import.notes.len());
        assert_eq!(import(DOC, &catalog, true).import.notes.len(), 0);
        assert!(import(DOC, &catalog, true).writable());
    }

    #[test]
    fn plans_writes_and_reports_one_file_per_workflow() {
        let catalog = Catalog::builtin();
        let doc = import(DOC, &catalog, false);
        let out = dir("write");
        let planned = doc.plan(&out, "pb.md", false).unwrap();
        assert_eq!(planned.len(), 1);
        assert_eq!(planned[0].path, out.join("rollout.yaml"));
        assert!(
            planned[0]
                .text
                .starts_with("# Imported from pb.md (line 1) by `skill-chains import`.\n")
        );
        let mut ticks = 0;
        let written = doc.write(&planned, &mut || ticks += 1).unwrap();
        assert_eq!(ticks, 1);
        assert!(out.join("rollout.yaml").exists());
        let again = doc.plan(&out, "pb.md", false);
        assert!(matches!(
            again,
            Err(ImportError::File(FileError::Exists { .. }))
        ));
        assert!(doc.plan(&out, "pb.md", true).is_ok());

        let render: Render<'_> = &|d, file, _| format!("{file}: {}", d.code);
        let report = doc.report("pb.md", DOC, Some(written), Some(render));
        assert_eq!(report.status(), u8::from(doc.errors > 0));
        let json = serde_json::to_value(&report).unwrap();
        assert_eq!(json["workflows"][0]["id"], "rollout");
        let path = out.join("rollout.yaml").display().to_string();
        assert_eq!(json["workflows"][0]["written"], path.as_str());
        assert!(json["workflows"][0].get("rendered").is_none());
        let mut text = Out::new(false);
        report.human(&mut text).unwrap();
        assert!(
            text.text.starts_with(&format!(
                "imported rollout (line 1: 1 phases, 1 steps) -> {path}\n"
            )),
            "{}",
            text.text
        );
        let _ = std::fs::remove_dir_all(&out);
    }

    #[test]
    fn two_workflows_with_one_id_are_refused_before_anything_is_written() {
        let catalog = Catalog::builtin();
        let twice = format!("{DOC}\n{DOC}");
        let doc = import(&twice, &catalog, false);
        assert_eq!(doc.import.workflows.len(), 2);
        let out = dir("twice");
        let refused = doc.plan(&out, "pb.md", false);
        assert!(matches!(refused, Err(ImportError::SamePath(p)) if p == out.join("rollout.yaml")));
        assert!(!out.exists());
    }

    #[test]
    fn an_unwritten_report_names_no_files_and_renders_nothing_without_a_renderer() {
        let catalog = Catalog::builtin();
        let doc = import(DOC, &catalog, false);
        let report = doc.report("pb.md", DOC, None, None);
        let json = serde_json::to_value(&report).unwrap();
        assert!(json["workflows"][0].get("written").is_none());
        assert_eq!(json["file"], "pb.md");
        assert!(report.rendered_notes.is_empty());
        assert!(report.workflows.iter().all(|w| w.rendered.is_empty()));
    }
}
