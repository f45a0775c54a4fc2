//! The built-in catalog: personas and library workflows, embedded at build time.

mod library;
mod personas;

pub use library::{BuiltinWorkflow, Library};
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
