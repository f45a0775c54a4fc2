//! The built-in programs (`library/programs/*.yaml`, embedded): the five
//! handoff scenarios of the seed's section 14. They name built-in workflows
//! only, and a test fails if any of them has a diagnostic. Also the resolver
//! that finds built-in workflows for a program.

use crate::catalog::Library;
use crate::compose::{Resolver, check_program_source};
use crate::model::program::{Origin, Program, Resolution};
use crate::text::normalise;

include!(concat!(env!("OUT_DIR"), "/program_index.rs"));

/// A built-in program with the source it was read from.
#[derive(Debug, Clone)]
pub struct BuiltinProgram {
    /// The file name without `.yaml`.
    pub file: &'static str,
    pub source: &'static str,
    pub program: Program,
}

#[derive(Debug, Clone, Default)]
pub struct Programs {
    entries: Vec<BuiltinProgram>,
}

impl Programs {
    /// Read every embedded program against the built-in workflows. One that
    /// does not parse is left out here and caught by the library test.
    pub fn builtin(library: &Library) -> Programs {
        let resolver = BuiltinResolver { library };
        let entries = BUILTIN_PROGRAMS
            .iter()
            .filter_map(|(file, source)| {
                check_program_source(source, &resolver)
                    .program
                    .map(|program| BuiltinProgram {
                        file,
                        source,
                        program,
                    })
            })
            .collect();
        Programs { entries }
    }

    /// The embedded sources, including any that fail to parse.
    pub fn sources() -> &'static [(&'static str, &'static str)] {
        BUILTIN_PROGRAMS
    }

    pub fn entries(&self) -> &[BuiltinProgram] {
        &self.entries
    }

    /// A built-in program by id, or by a name that normalises to the same text.
    pub fn entry(&self, id_or_name: &str) -> Option<&BuiltinProgram> {
        let key = normalise(id_or_name);
        self.entries
            .iter()
            .find(|e| e.program.id == id_or_name)
            .or_else(|| {
                self.entries
                    .iter()
                    .find(|e| normalise(&e.program.id) == key || normalise(&e.program.name) == key)
            })
    }
}

/// Resolves built-in ids only: what built-in programs may name.
pub struct BuiltinResolver<'a> {
    pub library: &'a Library,
}

impl Resolver for BuiltinResolver<'_> {
    fn resolve(&self, reference: &str) -> Resolution {
        resolve_builtin(self.library, reference)
    }
}

/// A built-in by exact id or by a name that normalises to the same text.
pub fn resolve_builtin(library: &Library, reference: &str) -> Resolution {
    match library.entry(reference) {
        Some(e) => Resolution::passed(e.workflow.clone(), Origin::Builtin(e.workflow.id.clone())),
        None => Resolution::Missing {
            reason: format!("no built-in workflow `{reference}`"),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;

    #[test]
    fn every_builtin_program_checks_clean() {
        let catalog = Catalog::builtin();
        let resolver = BuiltinResolver {
            library: &catalog.library,
        };
        for (file, source) in Programs::sources() {
            let report = check_program_source(source, &resolver);
            assert!(
                report.diagnostics.is_empty(),
                "{file}: {:#?}",
                report.diagnostics
            );
            let program = report.program.expect("parses");
            assert_eq!(&program.id, file, "file name is the program id");
        }
        let programs = Programs::builtin(&catalog.library);
        assert_eq!(programs.entries().len(), 5, "the five section-14 scenarios");
        assert!(
            programs
                .entry("Chaos Engineering and Remediation Cycle")
                .is_some()
        );
    }
}
