//! The built-in catalog: personas and library workflows, embedded at build time.

mod library;
mod personas;

pub use library::{BuiltinWorkflow, Library, Summary};
pub use personas::{CatalogError, Persona, PersonaCatalog, normalise};

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

/// The nine workflow categories of the library, in the seed's order.
pub const CATEGORIES: [&str; 9] = [
    "Strategic Planning",
    "Incident Management",
    "Feature Development",
    "Compliance & Security",
    "M&A & Strategic Initiatives",
    "Cost & Efficiency",
    "Talent & Organization",
    "Design & UX",
    "Infrastructure & Operations",
];
