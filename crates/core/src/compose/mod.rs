//! Programs: several workflows joined by the handoff patterns of the seed's
//! section 14 (sequence, converge, cycle, escalate, depend), checked like a
//! workflow and planned as one project.
//!
//! `raw` is the program file; `lower` resolves workflow references through a
//! [`Resolver`] (this crate does no I/O: the binary reads files) and builds
//! the [`Program`]; `network` lowers a program into one activity network for
//! the planners. The built-in programs are in `catalog`; the
//! program model in [`crate::model::program`] and its file types in
//! [`crate::format::program`].

pub mod gantt;
pub mod generate;
pub mod lower;
pub mod network;
pub mod report;
pub mod view;

// The program model and its file form live lower (the checks read the
// one, the Markdown importer writes the other); these names stay for
// callers of `compose`.
pub use crate::format::program as raw;
pub use crate::model::program::*;

use std::sync::OnceLock;

pub use lower::{Resolver, is_path};

use crate::check;
use crate::diagnostic::{Diagnostic, Severity};

/// The program schema as a JSON value, generated once per process.
pub fn program_schema() -> &'static serde_json::Value {
    static SCHEMA: OnceLock<serde_json::Value> = OnceLock::new();
    SCHEMA.get_or_init(|| {
        let schema = schemars::schema_for!(raw::RawProgram);
        serde_json::to_value(&schema).unwrap_or(serde_json::Value::Null)
    })
}

/// The program schema as pretty JSON text (`schema/program.schema.json`).
pub fn program_schema_json() -> String {
    let mut text = serde_json::to_string_pretty(program_schema()).unwrap_or_default();
    text.push('\n');
    text
}

/// A program in the file format, as YAML text.
pub fn to_yaml(raw: &raw::RawProgram) -> String {
    serde_saphyr::to_string(raw).unwrap_or_default()
}

/// Whether a YAML source is a program rather than a workflow: it has a
/// top-level `workflows:` key.
pub fn is_program_source(source: &str) -> bool {
    source
        .lines()
        .any(|l| l.starts_with("workflows:") || l.starts_with("\"workflows\":"))
}

/// A program read and checked.
#[derive(Debug)]
pub struct ProgramReport {
    /// The program, when the text could be read at all.
    pub program: Option<Program>,
    pub diagnostics: Vec<Diagnostic>,
}

impl ProgramReport {
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error)
    }
}

/// Parse a program source, reporting syntax, type and unknown-key problems.
pub fn parse_raw(source: &str) -> Result<(raw::RawProgram, Vec<Diagnostic>), Diagnostic> {
    crate::format::parse_document(
        source,
        program_schema(),
        "a program needs at least `name:` and `workflows:`; `skill-chains sequence` writes one",
    )
}

/// Read, resolve, lower and check a program source in one go.
pub fn check_program_source(source: &str, resolver: &dyn Resolver) -> ProgramReport {
    let (raw, mut diagnostics) = match parse_raw(source) {
        Ok(parsed) => parsed,
        Err(d) => {
            return ProgramReport {
                program: None,
                diagnostics: vec![d],
            };
        }
    };
    let (program, lowered) = lower::lower(&raw, resolver);
    diagnostics.extend(lowered);
    diagnostics.extend(check::check_program(&program));
    check::sort(&mut diagnostics);
    ProgramReport {
        program: Some(program),
        diagnostics,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn programs_are_told_from_workflows() {
        assert!(is_program_source("name: P\nworkflows:\n  - workflow: x\n"));
        assert!(!is_program_source(
            "name: W\nphases:\n  - name: workflows: x\n"
        ));
    }

    #[test]
    fn schema_names_every_pattern() {
        let text = program_schema_json();
        for key in [
            "sequence",
            "converge",
            "cycle",
            "escalate",
            "depend",
            "pause_at",
            "max_cycles",
        ] {
            assert!(text.contains(key), "schema lacks {key}");
        }
    }
}
