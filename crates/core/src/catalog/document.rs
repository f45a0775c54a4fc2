//! The programs of an imported Markdown document: its cross-workflow
//! sections, their members matched to the document's own workflows and to
//! the library, lowered and checked with diagnostics on the Markdown lines.
//! Pure: the caller reads the document and writes the files.

use super::{Catalog, resolve_builtin};
use crate::check::{self, Diagnostic};
use crate::compose::lower::lower;
use crate::compose::{Origin, Program, Resolution, Resolver};
use crate::format::markdown::resolve::{Candidate, resolve_all};
use crate::format::markdown::{Import, ImportedProgram};
use crate::model::Workflow;

/// A program of the document, resolved and checked.
pub struct CheckedProgram {
    pub imported: ImportedProgram,
    pub program: Program,
    /// The importer's notes on its members (MD007), then the check's.
    pub diagnostics: Vec<Diagnostic>,
}

/// The file an imported workflow is written to, which its programs name.
pub fn file_name(workflow: &Workflow) -> String {
    format!("{}.yaml", workflow.id)
}

/// Resolve and check every program of `import` (taken out of it).
pub fn check_all(import: &mut Import, catalog: &Catalog) -> Vec<CheckedProgram> {
    let document: Vec<(String, &Workflow)> = import
        .workflows
        .iter()
        .map(|w| (file_name(&w.workflow), &w.workflow))
        .collect();
    let candidates: Vec<Candidate<'_>> = document
        .iter()
        .map(|(file, w)| match copy_of_builtin(w, catalog) {
            // The document's copy of a built-in (the seed's own workflows):
            // the built-in carries what Markdown cannot (checkpoints, artifacts).
            Some(builtin) => Candidate {
                reference: builtin.id.clone(),
                workflow: builtin,
            },
            None => Candidate {
                reference: file.clone(),
                workflow: w,
            },
        })
        .chain(catalog.library.workflows().map(|w| Candidate {
            reference: w.id.clone(),
            workflow: w,
        }))
        .collect();
    let resolver = DocumentResolver {
        document: &document,
        catalog,
    };
    let mut programs = std::mem::take(&mut import.programs);
    let notes = resolve_all(&mut programs, &candidates);
    programs
        .into_iter()
        .zip(notes)
        .map(|(imported, mut diagnostics)| {
            let (program, lowered) = lower(&imported.raw, &resolver);
            let mut found = lowered;
            found.extend(check::check_program(&program));
            check::sort(&mut found);
            diagnostics.extend(found);
            CheckedProgram {
                imported,
                program,
                diagnostics,
            }
        })
        .collect()
}

/// The built-in a document's workflow copies: same id, same phases.
fn copy_of_builtin<'a>(w: &Workflow, catalog: &'a Catalog) -> Option<&'a Workflow> {
    let builtin = catalog.library.get(&w.id).filter(|b| b.id == w.id)?;
    let phases = |w: &Workflow| {
        w.phases
            .iter()
            .map(|p| p.id.value.clone())
            .collect::<Vec<_>>()
    };
    (phases(builtin) == phases(w)).then_some(builtin)
}

/// The document's workflows by the file they are written to, then built-ins.
struct DocumentResolver<'a> {
    document: &'a [(String, &'a Workflow)],
    catalog: &'a Catalog,
}

impl Resolver for DocumentResolver<'_> {
    fn resolve(&self, reference: &str) -> Resolution {
        match self.document.iter().find(|(file, _)| file == reference) {
            Some((file, w)) => Resolution::passed((*w).clone(), Origin::File(file.clone())),
            None => resolve_builtin(&self.catalog.library, reference),
        }
    }
}
