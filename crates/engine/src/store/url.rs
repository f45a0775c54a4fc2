//! Which store to open, from the text a person gives (`--db`,
//! `$SKILL_CHAINS_DB`): a plain path, `sqlite:PATH`, `sqlite://PATH`,
//! `sqlite::memory:`, or `postgres://...`.
//!
//! This is the one place that picks a backend; it must not know how any
//! backend works beyond the call that opens it.

use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use super::sqlite::SqliteStore;
use super::{Store, StoreError};

/// A store's address, parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoreUrl {
    /// A SQLite file, created (with its directory) when it is missing.
    Sqlite(PathBuf),
    /// A SQLite store in memory: gone when its connection closes.
    SqliteMemory,
    /// A PostgreSQL server, the URL as written.
    Postgres(String),
}

impl StoreUrl {
    /// Read a store's address. Anything without a `scheme://` or `sqlite:`
    /// in front is a file path (`runs.db`, `./a:b.db`).
    pub fn parse(text: &str) -> Result<StoreUrl, StoreError> {
        let bad = |reason: &str| StoreError::BadUrl {
            url: redact(text),
            reason: reason.to_string(),
        };
        if text.trim().is_empty() {
            return Err(bad("it is empty; give a file path or sqlite:PATH"));
        }
        if text == ":memory:" || text == "sqlite::memory:" || text == "sqlite://:memory:" {
            return Ok(StoreUrl::SqliteMemory);
        }
        if let Some(rest) = text.strip_prefix("sqlite:") {
            let path = rest.strip_prefix("//").unwrap_or(rest);
            if path.is_empty() {
                return Err(bad("it names no file; write sqlite:PATH"));
            }
            return Ok(StoreUrl::Sqlite(PathBuf::from(path)));
        }
        if let Some((scheme, _)) = text.split_once("://")
            && is_scheme(scheme)
        {
            return match scheme.to_ascii_lowercase().as_str() {
                "postgres" | "postgresql" => Ok(StoreUrl::Postgres(text.to_string())),
                other => Err(bad(&format!(
                    "no store speaks `{other}://`; give a file path, sqlite:PATH or postgres://..."
                ))),
            };
        }
        Ok(StoreUrl::Sqlite(PathBuf::from(text)))
    }

    /// Open the store, creating a new SQLite file's directory; migrated to
    /// the current schema.
    pub fn open(&self) -> Result<Box<dyn Store + Send>, StoreError> {
        match self {
            StoreUrl::Sqlite(path) => {
                create_parent(path)?;
                Ok(Box::new(SqliteStore::open(path)?))
            }
            StoreUrl::SqliteMemory => Ok(Box::new(SqliteStore::in_memory()?)),
            StoreUrl::Postgres(_) => Err(StoreError::Unsupported(
                "PostgreSQL stores are not built into this binary yet; \
                 use a SQLite file (a path or sqlite:PATH)"
                    .to_string(),
            )),
        }
    }
}

/// Open the store `url` names (see [`StoreUrl::parse`]).
pub fn open(url: &str) -> Result<Box<dyn Store + Send>, StoreError> {
    StoreUrl::parse(url)?.open()
}

impl FromStr for StoreUrl {
    type Err = StoreError;
    fn from_str(text: &str) -> Result<StoreUrl, StoreError> {
        StoreUrl::parse(text)
    }
}

/// As a person would write it again; a password is never shown.
impl fmt::Display for StoreUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreUrl::Sqlite(path) => write!(f, "{}", path.display()),
            StoreUrl::SqliteMemory => f.write_str("sqlite::memory:"),
            StoreUrl::Postgres(url) => f.write_str(&redact(url)),
        }
    }
}

/// `scheme` as RFC 3986 spells one: a letter, then letters, digits, `+-.`.
fn is_scheme(scheme: &str) -> bool {
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// The URL with the password of its `user:password@` part replaced.
fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(authority_end);
    match authority.rsplit_once('@') {
        Some((userinfo, host)) => match userinfo.split_once(':') {
            Some((user, _)) => format!("{scheme}://{user}:***@{host}{tail}"),
            None => url.to_string(),
        },
        None => url.to_string(),
    }
}

fn create_parent(path: &Path) -> Result<(), StoreError> {
    match path.parent().filter(|d| !d.as_os_str().is_empty()) {
        Some(dir) => std::fs::create_dir_all(dir).map_err(|e| {
            StoreError::Io(format!(
                "cannot create the directory {}: {e}",
                dir.display()
            ))
        }),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sqlite(path: &str) -> StoreUrl {
        StoreUrl::Sqlite(PathBuf::from(path))
    }

    #[test]
    fn paths_and_sqlite_urls_name_files() {
        for (text, url) in [
            ("runs.db", sqlite("runs.db")),
            ("/var/lib/sc/runs.db", sqlite("/var/lib/sc/runs.db")),
            ("sqlite:runs.db", sqlite("runs.db")),
            ("sqlite:/var/runs.db", sqlite("/var/runs.db")),
            ("sqlite://runs.db", sqlite("runs.db")),
            ("sqlite:///var/runs.db", sqlite("/var/runs.db")),
            // A colon in a file name is not a scheme.
            ("./a:b.db", sqlite("./a:b.db")),
            ("a:b.db", sqlite("a:b.db")),
            ("sqlite::memory:", StoreUrl::SqliteMemory),
            (":memory:", StoreUrl::SqliteMemory),
        ] {
            assert_eq!(StoreUrl::parse(text).unwrap(), url, "{text}");
        }
    }

    #[test]
    fn postgres_is_recognised_and_refused_for_now() {
        for text in ["postgres://u:secret@db/runs", "postgresql://db/runs"] {
            let url = StoreUrl::parse(text).unwrap();
            assert!(matches!(url, StoreUrl::Postgres(_)));
            let Err(e) = url.open() else {
                panic!("{text} opened")
            };
            assert!(matches!(e, StoreError::Unsupported(_)));
            assert!(
                e.to_string()
                    .contains("PostgreSQL stores are not built into this binary yet")
            );
        }
    }

    #[test]
    fn what_is_not_a_store_says_so() {
        for text in ["", "  ", "sqlite:", "sqlite://", "mysql://db/runs"] {
            let e = StoreUrl::parse(text).unwrap_err();
            assert!(matches!(e, StoreError::BadUrl { .. }), "{text}: {e}");
        }
        let e = StoreUrl::parse("mysql://u:pw@db/x")
            .unwrap_err()
            .to_string();
        assert!(e.contains("mysql://u:***@db/x") && !e.contains("pw"), "{e}");
    }

    #[test]
    fn a_password_is_never_shown() {
        let url = StoreUrl::parse("postgres://sc:hunter2@db.internal:5432/runs?ssl=1").unwrap();
        assert_eq!(
            url.to_string(),
            "postgres://sc:***@db.internal:5432/runs?ssl=1"
        );
        let plain = StoreUrl::parse("postgres://db/runs").unwrap();
        assert_eq!(plain.to_string(), "postgres://db/runs");
        assert_eq!(sqlite("a/runs.db").to_string(), "a/runs.db");
    }

    #[test]
    fn a_new_file_gets_its_directory() {
        let dir = std::env::temp_dir().join(format!("skill-chains-url-{}", std::process::id()));
        let path = dir.join("deeper").join("runs.db");
        let store = open(&format!("sqlite:{}", path.display())).unwrap();
        assert!(path.exists());
        assert_eq!(store.describe(), path.display().to_string());
        drop(store);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
