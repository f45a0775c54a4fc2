//! Writing files safely, for the commands: the engine's atomic writes with
//! errors a command can return.

use std::path::Path;

use skill_chains_engine::project::files;

/// See [`files::write_atomic`].
pub fn write_atomic(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    Ok(files::write_atomic(path, bytes)?)
}

/// See [`files::write_with_schema`].
pub fn write_with_schema(path: &Path, text: &str) -> anyhow::Result<()> {
    Ok(files::write_with_schema(path, text)?)
}

/// See [`files::ensure_writable`].
pub fn ensure_writable(path: &Path, force: bool) -> anyhow::Result<()> {
    Ok(files::ensure_writable(path, force)?)
}
