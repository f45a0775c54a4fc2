//! Turning a name into a source text: an existing file, read with limits
//! (size, UTF-8) so bad input gives a clear error instead of a panic or a
//! hang, else a built-in. What is pure (origins, the built-in lookup,
//! checking a text) is `skill_chains_core::load`.

use std::path::{Path, PathBuf};

use skill_chains_core::catalog::Catalog;
use skill_chains_core::format::MAX_SOURCE_BYTES;
use skill_chains_core::load::{BuiltinError, Origin, Source, builtin, looks_like_path};

/// Why a source could not be read.
#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    #[error("cannot read {}", path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{} is a directory\nhelp: name a workflow file (.yaml) inside it", path.display())]
    Directory { path: PathBuf },
    #[error(
        "{} is {} MB; workflow files are limited to {} MB\nhelp: is this the right file?",
        path.display(),
        bytes / (1024 * 1024),
        MAX_SOURCE_BYTES / (1024 * 1024)
    )]
    TooLarge { path: PathBuf, bytes: u64 },
    #[error(
        "{} is not UTF-8 text (invalid byte at offset {offset})\nhelp: workflow files are YAML text",
        path.display()
    )]
    NotText { path: PathBuf, offset: usize },
    #[error("{name}: no such file\nhelp: `skill-chains list` shows the built-in workflows")]
    NoSuchFile { name: String },
    #[error(transparent)]
    Builtin(#[from] BuiltinError),
}

thread_local! {
    /// The files this thread has read, with how often: what lets a test
    /// prove that a command reads each file once.
    static READS: std::cell::RefCell<std::collections::HashMap<PathBuf, usize>> =
        Default::default();
}

/// How many times this thread has read `path` through [`read_text`].
pub fn reads_of(path: &Path) -> usize {
    READS.with(|r| r.borrow().get(path).copied().unwrap_or(0))
}

/// Read a text file with the format's size limit; refuse directories and binary.
pub fn read_text(path: &Path) -> Result<String, SourceError> {
    READS.with(|r| *r.borrow_mut().entry(path.to_path_buf()).or_default() += 1);
    let read = |source| SourceError::Read {
        path: path.to_path_buf(),
        source,
    };
    let meta = std::fs::metadata(path).map_err(read)?;
    if meta.is_dir() {
        return Err(SourceError::Directory {
            path: path.to_path_buf(),
        });
    }
    if meta.len() as usize > MAX_SOURCE_BYTES {
        return Err(SourceError::TooLarge {
            path: path.to_path_buf(),
            bytes: meta.len(),
        });
    }
    let bytes = std::fs::read(path).map_err(read)?;
    String::from_utf8(bytes).map_err(|e| SourceError::NotText {
        path: path.to_path_buf(),
        offset: e.utf8_error().valid_up_to(),
    })
}

/// Find the source for `name`: an existing path, else a built-in.
pub fn source(name: &str, catalog: &Catalog) -> Result<Source, SourceError> {
    let path = Path::new(name);
    if path.exists() {
        return Ok(Source {
            origin: Origin::File(path.to_path_buf()),
            text: read_text(path)?,
        });
    }
    if looks_like_path(name) {
        return Err(SourceError::NoSuchFile {
            name: name.to_string(),
        });
    }
    Ok(builtin(name, &catalog.library)?)
}
