//! Turning a command-line name into a workflow: a built-in id or name, or a
//! file. Files are read with limits (size, UTF-8) so bad input gives a clear
//! error instead of a panic or a hang.

use std::path::{Path, PathBuf};

use anyhow::{Context as _, bail};
use skill_chains_core::catalog::Catalog;
use skill_chains_core::check::{self, Diagnostic};
use skill_chains_core::format::MAX_SOURCE_BYTES;
use skill_chains_core::model::Workflow;

/// Where a workflow came from.
#[derive(Debug, Clone)]
pub enum Origin {
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
    pub workflow: Option<Workflow>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Read a text file with the format's size limit; refuse directories and binary.
pub fn read_text(path: &Path) -> anyhow::Result<String> {
    let meta =
        std::fs::metadata(path).with_context(|| format!("cannot read {}", path.display()))?;
    if meta.is_dir() {
        bail!(
            "{} is a directory\nhelp: name a workflow file (.yaml) inside it",
            path.display()
        );
    }
    if meta.len() as usize > MAX_SOURCE_BYTES {
        bail!(
            "{} is {} MB; workflow files are limited to {} MB\nhelp: is this the right file?",
            path.display(),
            meta.len() / (1024 * 1024),
            MAX_SOURCE_BYTES / (1024 * 1024)
        );
    }
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    match String::from_utf8(bytes) {
        Ok(text) => Ok(text),
        Err(e) => bail!(
            "{} is not UTF-8 text (invalid byte at offset {})\nhelp: workflow files are YAML text",
            path.display(),
            e.utf8_error().valid_up_to()
        ),
    }
}

fn looks_like_path(name: &str) -> bool {
    name.contains(std::path::MAIN_SEPARATOR)
        || name.contains('/')
        || name.ends_with(".yaml")
        || name.ends_with(".yml")
}

/// Find the source for `name`: an existing path, else a built-in.
pub fn source(name: &str, catalog: &Catalog) -> anyhow::Result<Source> {
    let path = Path::new(name);
    if path.exists() {
        return Ok(Source {
            origin: Origin::File(path.to_path_buf()),
            text: read_text(path)?,
        });
    }
    if looks_like_path(name) {
        bail!("{name}: no such file\nhelp: `skill-chains list` shows the built-in workflows");
    }
    if let Some(e) = catalog.library.entry(name) {
        return Ok(Source {
            origin: Origin::Builtin(e.file.to_string()),
            text: e.source.to_string(),
        });
    }
    let hits = catalog.library.search(name);
    match hits.as_slice() {
        [one] => Ok(Source {
            origin: Origin::Builtin(one.file.to_string()),
            text: one.source.to_string(),
        }),
        [] => bail!(
            "no built-in workflow or file called `{name}`\nhelp: `skill-chains list` shows the built-in workflows"
        ),
        many => bail!(
            "`{name}` matches several built-in workflows: {}\nhelp: name one by its id",
            many.iter()
                .map(|e| e.workflow.id.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// Read and check a workflow named on the command line.
pub fn checked(name: &str, catalog: &Catalog) -> anyhow::Result<Checked> {
    let source = source(name, catalog)?;
    Ok(check_text(source, catalog))
}

pub fn check_text(source: Source, catalog: &Catalog) -> Checked {
    let report = check::check_source(&source.text, &catalog.personas);
    Checked {
        source,
        workflow: report.workflow,
        diagnostics: report.diagnostics,
    }
}
