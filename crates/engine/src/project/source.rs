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
        "{} is {}; workflow files are limited to {} MB\nhelp: is this the right file?",
        path.display(),
        size(*bytes),
        MAX_SOURCE_BYTES / (1024 * 1024)
    )]
    TooLarge { path: PathBuf, bytes: u64 },
    #[error(
        "{} is {kind}, not a regular file\nhelp: name a file; to read what a pipe gives, name `-` and send it to standard input (`... | skill-chains check -`)",
        path.display()
    )]
    NotAFile { path: PathBuf, kind: &'static str },
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

/// A size over the limit as a person reads it: what a regular file says
/// it holds, or "over the limit" for what was cut off while reading.
fn size(bytes: u64) -> String {
    if bytes <= MAX_SOURCE_BYTES as u64 + 1 {
        format!("over {} MB", MAX_SOURCE_BYTES / (1024 * 1024))
    } else {
        format!("{} MB", bytes / (1024 * 1024))
    }
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

/// The name that means standard input.
pub const STDIN: &str = "-";

/// Whether `path` names standard input (`-`).
pub fn is_stdin(path: &Path) -> bool {
    path.as_os_str() == STDIN
}

/// What a path that is not a regular file is, in a user's words.
fn kind_of(file_type: &std::fs::FileType) -> Option<&'static str> {
    use std::os::unix::fs::FileTypeExt;
    if file_type.is_file() {
        None
    } else if file_type.is_fifo() {
        Some("a named pipe (FIFO)")
    } else if file_type.is_char_device() {
        Some("a character device")
    } else if file_type.is_block_device() {
        Some("a block device")
    } else if file_type.is_socket() {
        Some("a socket")
    } else {
        Some("not a file")
    }
}

/// Read a text file with the format's size limit; refuse directories, what
/// is not a regular file (a device, a pipe, a socket: reading one could
/// block forever or never end) and binary. `-` reads standard input, with
/// the same limit. The limit holds while reading, so a file that grows
/// after it was looked at is still cut off at the limit.
pub fn read_text(path: &Path) -> Result<String, SourceError> {
    READS.with(|r| *r.borrow_mut().entry(path.to_path_buf()).or_default() += 1);
    let read = |source| SourceError::Read {
        path: path.to_path_buf(),
        source,
    };
    let bytes = if is_stdin(path) {
        bounded(path, std::io::stdin().lock())?
    } else {
        let meta = std::fs::metadata(path).map_err(read)?;
        refuse_special(path, &meta)?;
        let file = std::fs::File::open(path).map_err(read)?;
        // What was opened may not be what was looked at (a swap in between).
        refuse_special(path, &file.metadata().map_err(read)?)?;
        bounded(path, file)?
    };
    String::from_utf8(bytes).map_err(|e| SourceError::NotText {
        path: path.to_path_buf(),
        offset: e.utf8_error().valid_up_to(),
    })
}

/// A directory, a non-regular file or a regular file over the limit.
fn refuse_special(path: &Path, meta: &std::fs::Metadata) -> Result<(), SourceError> {
    if meta.is_dir() {
        return Err(SourceError::Directory {
            path: path.to_path_buf(),
        });
    }
    if let Some(kind) = kind_of(&meta.file_type()) {
        return Err(SourceError::NotAFile {
            path: path.to_path_buf(),
            kind,
        });
    }
    if meta.len() > MAX_SOURCE_BYTES as u64 {
        return Err(SourceError::TooLarge {
            path: path.to_path_buf(),
            bytes: meta.len(),
        });
    }
    Ok(())
}

/// Everything `reader` gives, refused as soon as it passes the limit.
fn bounded(path: &Path, reader: impl std::io::Read) -> Result<Vec<u8>, SourceError> {
    use std::io::Read as _;
    let mut bytes = Vec::new();
    reader
        .take(MAX_SOURCE_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|source| SourceError::Read {
            path: path.to_path_buf(),
            source,
        })?;
    if bytes.len() > MAX_SOURCE_BYTES {
        return Err(SourceError::TooLarge {
            path: path.to_path_buf(),
            bytes: bytes.len() as u64,
        });
    }
    Ok(bytes)
}

/// Find the source for `name`: an existing path, else a built-in.
pub fn source(name: &str, catalog: &Catalog) -> Result<Source, SourceError> {
    let path = Path::new(name);
    if is_stdin(path) || path.exists() {
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
