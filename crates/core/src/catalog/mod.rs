//! The built-in catalog: personas and library workflows, embedded at build time.

pub mod document;
mod library;
pub mod listing;
mod programs;

pub use library::{BuiltinWorkflow, Library, Summary};
pub use programs::{BuiltinProgram, BuiltinResolver, Programs, resolve_builtin};
// The catalog is where the binary finds what is built in; the persona
// types and the name key live lower, where the format and checks use them.
pub use crate::model::CATEGORIES;
pub use crate::personas::{CatalogError, Persona, PersonaCatalog};
pub use crate::text::normalise;

/// Everything built in: the persona catalog and the workflow library.
#[derive(Debug, Clone)]
pub struct Catalog {
    pub personas: PersonaCatalog,
    pub library: Library,
}

impl Catalog {
    pub fn builtin() -> Catalog {
        let personas = PersonaCatalog::builtin();
        let library = Library::builtin(&personas);
        Catalog { personas, library }
    }

    /// The built-in library read against a catalog extended by a project.
    pub fn with_personas(personas: PersonaCatalog) -> Catalog {
        let library = Library::builtin(&personas);
        Catalog { personas, library }
    }
}

/// A workflow named in the seed's section 2, and the built-in that covers it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamedWorkflow {
    pub category: &'static str,
    pub name: &'static str,
    pub builtin: &'static str,
}

/// The 36 workflows section 2 names, with the built-in for each
/// (`catalog/section2.tsv`).
pub fn section2() -> Vec<NamedWorkflow> {
    include_str!("../../catalog/section2.tsv")
        .lines()
        .skip(1)
        .filter_map(|l| {
            let mut cols = l.split('\t');
            Some(NamedWorkflow {
                category: cols.next()?,
                name: cols.next()?,
                builtin: cols.next()?,
            })
        })
        .collect()
}
