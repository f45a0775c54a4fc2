//! Turning a command-line name into a workflow: a built-in id or name, or a
//! file. Files are read here, with limits (size, UTF-8) so bad input gives a
//! clear error instead of a panic or a hang; what is pure (origins, the
//! built-in lookup, checking a text) is `skill_chains_core::load`.

use std::path::Path;

use anyhow::{Context as _, bail};
use skill_chains_core::catalog::Catalog;
use skill_chains_core::format::MAX_SOURCE_BYTES;
pub use skill_chains_core::load::{Checked, Origin, Source, check_text};
use skill_chains_core::load::{builtin, looks_like_path};

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
    Ok(builtin(name, &catalog.library)?)
}

/// Read and check a workflow named on the command line.
pub fn checked(name: &str, catalog: &Catalog) -> anyhow::Result<Checked> {
    let source = source(name, catalog)?;
    Ok(check_text(source, catalog))
}
