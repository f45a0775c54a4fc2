//! Writing files safely: never half a file, never over the user's file by
//! accident. Every file the fronts write for the user goes through here.

use std::io::Write;
use std::path::{Path, PathBuf};

/// Why a file could not be written.
#[derive(Debug, thiserror::Error)]
pub enum FileError {
    #[error("cannot write {}", path.display())]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error(
        "{} already exists\nhelp: pass --force to replace it, or choose another path with -o",
        path.display()
    )]
    Exists { path: PathBuf },
}

/// Write `bytes` to `path` through a temporary file in the same directory,
/// so a crash leaves either the old file or the new one.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), FileError> {
    through_temp(path, bytes, |tmp| std::fs::rename(tmp, path)).map_err(|source| FileError::Write {
        path: path.to_path_buf(),
        source,
    })
}

/// Create `path` with `bytes` unless it exists, atomically (a complete
/// file or none, and never over another): false when it already existed.
pub fn create_atomic(path: &Path, bytes: &[u8]) -> Result<bool, FileError> {
    let mut created = true;
    through_temp(path, bytes, |tmp| match std::fs::hard_link(tmp, path) {
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            created = false;
            Ok(())
        }
        other => other,
    })
    .map_err(|source| FileError::Write {
        path: path.to_path_buf(),
        source,
    })?;
    Ok(created)
}

/// Write a temporary file beside `path`, synced, and hand it to `finish`
/// (which moves or links it into place); the temporary is never left behind.
fn through_temp(
    path: &Path,
    bytes: &[u8],
    finish: impl FnOnce(&Path) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        finish(&tmp)
    })();
    // After a rename there is nothing left to remove; after a link, the name.
    let _ = std::fs::remove_file(&tmp);
    result
}

/// Refuse to replace an existing file unless `force`.
pub fn ensure_writable(path: &Path, force: bool) -> Result<(), FileError> {
    if path.exists() && !force {
        return Err(FileError::Exists {
            path: path.to_path_buf(),
        });
    }
    Ok(())
}
