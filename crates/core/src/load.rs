//! Loading: text with its origin in, a checked workflow or program with every
//! diagnostic out; and the resolution of a name to a built-in source.
//!
//! This is the one place that chains the layers below it (format reads,
//! check validates, compose lowers programs, the catalog knows the
//! built-ins), so a front end calls one function per source. It does no I/O:
//! a file's text is read by the caller and handed in with its [`Origin`].

use std::path::PathBuf;

use crate::catalog::{Catalog, Library};
use crate::check;
use crate::compose::{self, ProgramReport, Resolver};
use crate::diagnostic::Diagnostic;
use crate::format::markdown::{self, Import};
use crate::model::{CheckedWorkflow, Workflow};
use crate::personas::PersonaCatalog;

/// Where a source came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// A built-in, by its file name without `.yaml`.
    Builtin(String),
    File(PathBuf),
}

impl Origin {
    /// The name diagnostics show for this source.
    pub fn display_name(&self) -> String {
        match self {
            Origin::Builtin(file) => format!("<built-in>/{file}.yaml"),
            Origin::File(p) => p.display().to_string(),
        }
    }
}

/// A source text with where it came from.
#[derive(Debug, Clone)]
pub struct Source {
    pub origin: Origin,
    pub text: String,
}

/// A checked workflow with its source and diagnostics.
#[derive(Debug)]
pub struct Checked {
    pub source: Source,
    /// The model, when the text could be read at all.
    pub workflow: Option<Workflow>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Checked {
    /// The checked workflow and its source when there is no error, else
    /// this back (with any fact check failed to prove added as an error).
    pub fn into_clean(self) -> Result<(CheckedWorkflow, Source), Box<Checked>> {
        let report = check::Report {
            workflow: self.workflow,
            diagnostics: self.diagnostics,
        };
        match report.into_checked() {
            Ok(wf) => Ok((wf, self.source)),
            Err(report) => Err(Box::new(Checked {
                source: self.source,
                workflow: report.workflow,
                diagnostics: report.diagnostics,
            })),
        }
    }
}

/// A checked program with its source and diagnostics.
#[derive(Debug)]
pub struct CheckedProgram {
    pub source: Source,
    pub report: ProgramReport,
}

/// Why a name found no built-in.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BuiltinError {
    #[error(
        "no built-in workflow or file called `{name}`\nhelp: `skill-chains list` shows the built-in workflows"
    )]
    NotFound { name: String },
    #[error("`{name}` matches several built-in workflows: {}\nhelp: name one by its id", ids.join(", "))]
    Ambiguous { name: String, ids: Vec<String> },
}

/// Whether a name on the command line is meant as a file rather than a
/// built-in: it has a path separator or a YAML extension.
pub fn looks_like_path(name: &str) -> bool {
    name.contains(std::path::MAIN_SEPARATOR)
        || name.contains('/')
        || name.ends_with(".yaml")
        || name.ends_with(".yml")
}

/// The built-in workflow a name means: its id or normalised name, else the
/// one search hit.
pub fn builtin(name: &str, library: &Library) -> Result<Source, BuiltinError> {
    let found = match library.entry(name) {
        Some(e) => e,
        None => match library.search(name).as_slice() {
            [one] => *one,
            [] => {
                return Err(BuiltinError::NotFound {
                    name: name.to_string(),
                });
            }
            many => {
                return Err(BuiltinError::Ambiguous {
                    name: name.to_string(),
                    ids: many.iter().map(|e| e.workflow.id.clone()).collect(),
                });
            }
        },
    };
    Ok(Source {
        origin: Origin::Builtin(found.file.to_string()),
        text: found.source.to_string(),
    })
}

/// Read and check a workflow source against the catalog's personas.
pub fn check_text(source: Source, catalog: &Catalog) -> Checked {
    let report = check::check_source(&source.text, &catalog.personas);
    Checked {
        source,
        workflow: report.workflow,
        diagnostics: report.diagnostics,
    }
}

/// Read, resolve, lower and check a program source.
pub fn check_program_text(source: Source, resolver: &dyn Resolver) -> CheckedProgram {
    let report = compose::check_program_source(&source.text, resolver);
    CheckedProgram { source, report }
}

/// Read every workflow of a Markdown document, lower it against the persona
/// catalog and check it.
pub fn import_markdown(source: &str, personas: &PersonaCatalog) -> Import {
    let mut imported = markdown::import_unchecked(source, personas);
    let cx = check::Context { personas };
    for w in &mut imported.workflows {
        w.diagnostics = check::check_model(&w.workflow, &cx);
        check::sort(&mut w.diagnostics);
    }
    imported
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::BuiltinResolver;

    #[test]
    fn a_builtin_is_found_by_id_and_checks_clean() {
        let catalog = Catalog::builtin();
        let first = &catalog.library.entries()[0];
        let source = builtin(&first.workflow.id, &catalog.library).expect("found");
        assert_eq!(source.origin, Origin::Builtin(first.file.to_string()));
        let checked = check_text(source, &catalog);
        assert!(checked.diagnostics.is_empty(), "{:?}", checked.diagnostics);
        assert!(checked.workflow.is_some());
    }

    #[test]
    fn an_unknown_name_says_how_to_list() {
        let catalog = Catalog::builtin();
        let err = builtin("no-such-workflow-zzz", &catalog.library).unwrap_err();
        assert!(matches!(err, BuiltinError::NotFound { .. }));
        assert!(err.to_string().contains("skill-chains list"));
    }

    #[test]
    fn paths_are_told_from_names() {
        assert!(looks_like_path("flows/a.yaml"));
        assert!(looks_like_path("a.yml"));
        assert!(!looks_like_path("incident-response"));
    }

    #[test]
    fn a_file_origin_shows_its_path() {
        let o = Origin::File(PathBuf::from("w.yaml"));
        assert_eq!(o.display_name(), "w.yaml");
        assert_eq!(
            Origin::Builtin("x".into()).display_name(),
            "<built-in>/x.yaml"
        );
    }

    #[test]
    fn text_with_errors_keeps_its_diagnostics() {
        let catalog = Catalog::builtin();
        let checked = check_text(
            Source {
                origin: Origin::File(PathBuf::from("bad.yaml")),
                text: "name: [unclosed\n".into(),
            },
            &catalog,
        );
        assert!(checked.workflow.is_none());
        assert_eq!(checked.diagnostics[0].code, "SC000");
    }

    #[test]
    fn a_program_is_checked_against_the_builtins() {
        let catalog = Catalog::builtin();
        let resolver = BuiltinResolver {
            library: &catalog.library,
        };
        let (file, text) = crate::catalog::Programs::sources()[0];
        let checked = check_program_text(
            Source {
                origin: Origin::Builtin(file.to_string()),
                text: text.to_string(),
            },
            &resolver,
        );
        assert!(
            !checked.report.has_errors(),
            "{:?}",
            checked.report.diagnostics
        );
    }

    #[test]
    fn markdown_import_runs_the_model_rules() {
        let catalog = Catalog::builtin();
        let doc = "## Tiny\n\n**Phase 1: Only (Week 1)**\n\n1. **SRE**: check it\n";
        let unchecked = markdown::import_unchecked(doc, &catalog.personas);
        let checked = import_markdown(doc, &catalog.personas);
        assert_eq!(unchecked.workflows.len(), checked.workflows.len());
        for (u, c) in unchecked.workflows.iter().zip(&checked.workflows) {
            assert!(u.diagnostics.is_empty());
            let mut expected = check::check_model(
                &c.workflow,
                &check::Context {
                    personas: &catalog.personas,
                },
            );
            check::sort(&mut expected);
            assert_eq!(c.diagnostics, expected);
        }
    }
}
