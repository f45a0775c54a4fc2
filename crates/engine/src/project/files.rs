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
/// so a crash leaves either the old file or the new one. A path that is a
/// device or a pipe (`-o /dev/null`, `-o /dev/stdout`, a FIFO) is written
/// into, never renamed over: replacing `/dev/null` with a plain file would
/// break every program on the machine that throws output away.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), FileError> {
    let result = if is_special(path) {
        std::fs::OpenOptions::new()
            .write(true)
            .open(path)
            .and_then(|mut f| f.write_all(bytes))
    } else {
        through_temp(path, bytes, |tmp| std::fs::rename(tmp, path))
    };
    result.map_err(|source| FileError::Write {
        path: path.to_path_buf(),
        source,
    })
}

/// Whether `path` (followed through links) exists and is neither a plain
/// file nor a directory: a character or block device, a FIFO, a socket.
fn is_special(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir())
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
    remove_stale_temps(dir);
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

/// Remove the temporaries in `dir` that a killed process left behind
/// (`.<name>.tmp-<pid>` of a process that is gone): the next write there
/// cleans up after the one that was interrupted. Best effort.
fn remove_stale_temps(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name
            .to_str()
            .filter(|n| n.starts_with('.'))
            .and_then(|n| n.rsplit_once(".tmp-"))
            .and_then(|(_, pid)| pid.parse::<u32>().ok())
        else {
            continue;
        };
        if pid != std::process::id() && !crate::store::process_alive(pid) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Refuse to replace an existing file unless `force`; a device or a pipe
/// is not replaced but written into, so it needs no `--force`.
pub fn ensure_writable(path: &Path, force: bool) -> Result<(), FileError> {
    if path.exists() && !force && !is_special(path) {
        return Err(FileError::Exists {
            path: path.to_path_buf(),
        });
    }
    Ok(())
}

/// Write a workflow or program file whose first line names its schema
/// (`# yaml-language-server: $schema=.skill-chains/workflow.schema.json`):
/// the line is pointed, relative to the file, at the project's own copy of
/// the schema, which is written (or refreshed) in `.skill-chains/` at the
/// project's root, so an editor validates the file offline. The root is the
/// nearest directory above the file with a `.skill-chains/` directory or a
/// `skill-chains.yaml`, else the file's own directory.
pub fn write_with_schema(path: &Path, text: &str) -> Result<(), FileError> {
    let text = with_local_schema(path, text)?;
    write_atomic(path, text.as_bytes())
}

fn with_local_schema(path: &Path, text: &str) -> Result<String, FileError> {
    use skill_chains_core::format::schema::{MODELINE, SCHEMA_DIR};
    let Some((line, body)) = text.split_once('\n') else {
        return Ok(text.to_string());
    };
    let Some(named) = line.strip_prefix(MODELINE) else {
        return Ok(text.to_string());
    };
    let name = named.rsplit('/').next().unwrap_or_default();
    let schema = match name {
        "workflow.schema.json" => skill_chains_core::format::schema::workflow_schema_json(),
        "program.schema.json" => skill_chains_core::compose::program_schema_json(),
        _ => return Ok(text.to_string()),
    };
    if is_special(path) {
        return Ok(text.to_string());
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let dir = std::path::absolute(&dir).unwrap_or(dir);
    let root = dir
        .ancestors()
        .find(|a| a.join(SCHEMA_DIR).is_dir() || a.join("skill-chains.yaml").is_file())
        .unwrap_or(&dir)
        .to_path_buf();
    let copy = root.join(SCHEMA_DIR).join(name);
    // Written only when it differs; the atomic write makes the directory.
    if std::fs::read_to_string(&copy).ok().as_deref() != Some(schema.as_str()) {
        write_atomic(&copy, schema.as_bytes())?;
    }
    let depth = dir
        .strip_prefix(&root)
        .map_or(0, |r| r.components().count());
    let up = "../".repeat(depth);
    Ok(format!("{MODELINE}{up}{SCHEMA_DIR}/{name}\n{body}"))
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::FileTypeExt;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("sc-files-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn a_plain_file_is_replaced_whole() {
        let dir = scratch("plain");
        let path = dir.join("out.yaml");
        std::fs::write(&path, "old").unwrap();
        assert!(matches!(
            ensure_writable(&path, false),
            Err(FileError::Exists { .. })
        ));
        write_atomic(&path, b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        let left: Vec<_> = std::fs::read_dir(&dir).unwrap().collect();
        assert_eq!(left.len(), 1, "no temporary file is left behind");
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn a_pipe_is_written_into_not_renamed_over() {
        let dir = scratch("fifo");
        let path = dir.join("pipe");
        let made = std::process::Command::new("mkfifo").arg(&path).status();
        if !made.is_ok_and(|s| s.success()) {
            assert!(
                std::env::var_os("CI").is_none(),
                "mkfifo is needed for this test"
            );
            eprintln!("skipped: mkfifo is not available");
            return;
        }
        let reader = {
            let path = path.clone();
            std::thread::spawn(move || std::fs::read_to_string(path).unwrap())
        };
        ensure_writable(&path, false).unwrap();
        write_atomic(&path, b"through the pipe").unwrap();
        assert_eq!(reader.join().unwrap(), "through the pipe");
        let kind = std::fs::symlink_metadata(&path).unwrap().file_type();
        assert!(kind.is_fifo(), "the pipe is still a pipe");
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn a_written_workflow_points_at_a_schema_copy_that_exists() {
        let root = scratch("schema");
        std::fs::write(root.join("skill-chains.yaml"), "personas: []\n").unwrap();
        let nested = root.join("workflows/team");
        std::fs::create_dir_all(&nested).unwrap();
        let text = format!(
            "{}\nname: X\n",
            skill_chains_core::format::schema::workflow_modeline()
        );
        let file = nested.join("x.yaml");
        write_with_schema(&file, &text).unwrap();
        let written = std::fs::read_to_string(&file).unwrap();
        let line = written.lines().next().unwrap();
        assert_eq!(
            line,
            "# yaml-language-server: $schema=../../.skill-chains/workflow.schema.json"
        );
        let target = nested.join("../../.skill-chains/workflow.schema.json");
        let schema: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(target).unwrap()).unwrap();
        let required = schema["required"].as_array().unwrap();
        assert!(required.iter().any(|r| r == "name"));
        assert!(required.iter().any(|r| r == "phases"));
        // Wherever it goes, the line names a copy that exists.
        let alone = scratch("alone");
        write_with_schema(&alone.join("y.yaml"), &text).unwrap();
        let written = std::fs::read_to_string(alone.join("y.yaml")).unwrap();
        let line = written.lines().next().unwrap();
        let rel = line
            .strip_prefix(skill_chains_core::format::schema::MODELINE)
            .unwrap();
        assert!(alone.join(rel).is_file(), "{line}");
        let _ = std::fs::remove_dir_all(root);
        let _ = std::fs::remove_dir_all(alone);
    }
}
