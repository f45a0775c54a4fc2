//! Trust in a configuration file's shell consent. `executors: {allow_shell:
//! true}` in a `skill-chains.yaml` lets steps run commands on this machine;
//! a file that arrived with a cloned repository must not grant that by
//! itself. A person trusts one file as it is now (`skill-chains trust`):
//! its absolute path and the SHA-256 of its text are recorded in the
//! user's data directory, as `direnv allow` does, and any edit of the file
//! needs trusting again. Nothing here prints or asks.

use std::path::{Path, PathBuf};

use super::files::{self, FileError};
use super::source::{self, SourceError};

/// Why trust could not be read or recorded.
#[derive(Debug, thiserror::Error)]
pub enum TrustError {
    #[error(
        "no data directory to record trust in\nhelp: set XDG_DATA_HOME (or HOME), or pass --allow-shell to each run"
    )]
    NoDataDir,
    #[error("cannot find {}", path.display())]
    Resolve {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error(transparent)]
    Read(#[from] SourceError),
    #[error(transparent)]
    Write(#[from] FileError),
}

/// One trusted file: where it is and the hash of the text trusted.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Trusted {
    pub path: PathBuf,
    pub sha256: String,
}

/// The trust records of this user: `<data dir>/skill-chains/trusted.tsv`.
#[derive(Debug, Clone)]
pub struct TrustStore {
    file: PathBuf,
}

impl TrustStore {
    /// The user's store (under `$XDG_DATA_HOME`, else `~/.local/share`).
    pub fn user() -> Result<TrustStore, TrustError> {
        let dir = dirs::data_dir().ok_or(TrustError::NoDataDir)?;
        Ok(TrustStore::at(dir.join("skill-chains").join("trusted.tsv")))
    }

    /// A store kept in `file` (tests).
    pub fn at(file: PathBuf) -> TrustStore {
        TrustStore { file }
    }

    /// Every trusted file, in the order trusted.
    pub fn list(&self) -> Result<Vec<Trusted>, TrustError> {
        if !self.file.exists() {
            return Ok(Vec::new());
        }
        let text = source::read_text(&self.file)?;
        Ok(text
            .lines()
            .filter_map(|line| {
                let (sha256, path) = line.split_once('\t')?;
                Some(Trusted {
                    path: PathBuf::from(path),
                    sha256: sha256.to_string(),
                })
            })
            .collect())
    }

    /// Whether `path`, whose text is `text`, is trusted as it is now. A
    /// store that cannot be read trusts nothing.
    pub fn is_trusted(&self, path: &Path, text: &str) -> bool {
        let (Ok(path), Ok(all)) = (absolute(path), self.list()) else {
            return false;
        };
        let sha256 = fingerprint(text);
        all.iter().any(|t| t.path == path && t.sha256 == sha256)
    }

    /// Trust `path` as it is now (replacing what was trusted of it before).
    pub fn trust(&self, path: &Path) -> Result<Trusted, TrustError> {
        let text = source::read_text(path)?;
        let trusted = Trusted {
            path: absolute(path)?,
            sha256: fingerprint(&text),
        };
        let mut all = self.list()?;
        all.retain(|t| t.path != trusted.path);
        all.push(trusted.clone());
        self.write(&all)?;
        Ok(trusted)
    }

    /// Stop trusting `path`; whether it was trusted.
    pub fn revoke(&self, path: &Path) -> Result<bool, TrustError> {
        let path = absolute(path)?;
        let mut all = self.list()?;
        let before = all.len();
        all.retain(|t| t.path != path);
        if all.len() == before {
            return Ok(false);
        }
        self.write(&all)?;
        Ok(true)
    }

    fn write(&self, all: &[Trusted]) -> Result<(), TrustError> {
        let mut text = String::from(
            "# Configuration files trusted to allow shell steps (`skill-chains trust`): sha256, path\n",
        );
        for t in all {
            text.push_str(&format!("{}\t{}\n", t.sha256, t.path.display()));
        }
        if let Some(dir) = self.file.parent() {
            std::fs::create_dir_all(dir).map_err(|source| FileError::Write {
                path: dir.to_path_buf(),
                source,
            })?;
        }
        Ok(files::write_atomic(&self.file, text.as_bytes())?)
    }
}

/// The SHA-256 of a configuration's text, as recorded.
fn fingerprint(text: &str) -> String {
    crate::artifact::hash(text.as_bytes())
}

/// `path` made absolute with its links resolved: one file, one record.
fn absolute(path: &Path) -> Result<PathBuf, TrustError> {
    std::fs::canonicalize(path).map_err(|source| TrustError::Resolve {
        path: path.to_path_buf(),
        source,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "skill-chains-trust-{name}-{}-{}",
            std::process::id(),
            crate::new_run_id()
        ));
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn trust_holds_for_the_text_trusted_and_not_after_an_edit() {
        let dir = scratch("edit");
        let store = TrustStore::at(dir.join("data").join("trusted.tsv"));
        let config = dir.join("skill-chains.yaml");
        std::fs::write(&config, "executors: {allow_shell: true}\n").unwrap();
        let text = std::fs::read_to_string(&config).unwrap();
        assert!(!store.is_trusted(&config, &text));
        let trusted = store.trust(&config).unwrap();
        assert!(trusted.sha256.starts_with("sha256:"));
        assert!(store.is_trusted(&config, &text));
        assert!(!store.is_trusted(&config, "executors: {allow_shell: true, default: shell}\n"));
        // Trusting again replaces the record; revoking removes it.
        store.trust(&config).unwrap();
        assert_eq!(store.list().unwrap().len(), 1);
        assert!(store.revoke(&config).unwrap());
        assert!(!store.is_trusted(&config, &text));
        assert!(!store.revoke(&config).unwrap());
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn another_file_with_the_same_text_is_not_trusted() {
        let dir = scratch("other");
        let store = TrustStore::at(dir.join("trusted.tsv"));
        let (a, b) = (dir.join("a.yaml"), dir.join("b.yaml"));
        std::fs::write(&a, "executors: {allow_shell: true}\n").unwrap();
        std::fs::write(&b, "executors: {allow_shell: true}\n").unwrap();
        store.trust(&a).unwrap();
        assert!(!store.is_trusted(&b, "executors: {allow_shell: true}\n"));
        std::fs::remove_dir_all(&dir).ok();
    }
}
