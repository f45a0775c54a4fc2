//! Workflow versions in a project: where a workflow's current version lives
//! (its file, or a built-in), the versions kept before it, and the header
//! comments that say where a stored version or a proposal came from.
//!
//! The project is the directory of `skill-chains.yaml` when there is one,
//! else the current directory. Its state lives in `.skill-chains/`:
//! `versions/<workflow-id>/v<N>.yaml` (plain YAML, each created once and
//! never overwritten), `proposals/` and `retrospectives/`.
//!
//! The current version of a workflow file is the file. A built-in's is the
//! project's copy `<project>/<id>.yaml` once `apply` has written one, else
//! the newest stored version, else the embedded file.
//!
//! This module reads and writes the project's files; it never prints, and
//! it is given the project directory and the catalog, not a command line.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use skill_chains_core::catalog::Catalog;
use skill_chains_core::check::Severity;
use skill_chains_core::load::{Checked, Origin, Source, check_text};
use skill_chains_core::model::Workflow;

use super::files::{self, FileError};
use super::source::{self, SourceError};
use crate::clock::{format_utc, now_ms};

/// The project's state directory, beside `skill-chains.yaml`.
pub const STATE_DIR: &str = ".skill-chains";

/// The first word of every header this module writes.
const MARK: &str = "skill-chains";
/// Keys a header may hold (a file's own leading comments are not header).
const KEYS: &[&str] = &[
    "saved",
    "source",
    "base",
    "base-version",
    "base-sha256",
    "run",
];

/// Why a version could not be found, read or kept.
#[derive(Debug, thiserror::Error)]
pub enum VersionError {
    #[error(transparent)]
    Source(#[from] SourceError),
    #[error(transparent)]
    File(#[from] FileError),
    /// A text that does not pass `check`; the front shows its diagnostics.
    #[error("{} does not pass `check`", .0.source.origin.display_name())]
    Invalid(Box<Checked>),
    #[error("the built-in `{0}` does not read")]
    BuiltinUnreadable(String),
    #[error("no built-in workflow `{0}`\nhelp: `skill-chains list` shows them")]
    NoBuiltin(String),
    #[error("cannot read {}: {error}", dir.display())]
    ReadDir { dir: PathBuf, error: std::io::Error },
    #[error(transparent)]
    Io(#[from] std::io::Error),
    #[error(
        "version {number} of {id} is already stored with other content: {}\n\
         help: the workflow was changed without a new `version:`; give it the next \
         version number (or move the stored file away) and try again",
        path.display()
    )]
    Conflict {
        number: u32,
        id: String,
        path: PathBuf,
    },
}

/// A project: its directory (empty for the current one) and the catalog
/// its workflows are checked against.
pub struct Project<'a> {
    dir: PathBuf,
    catalog: &'a Catalog,
}

impl<'a> Project<'a> {
    pub fn new(dir: PathBuf, catalog: &'a Catalog) -> Project<'a> {
        Project { dir, catalog }
    }

    /// The project of a configuration file: its directory, or the current
    /// directory (paths relative to here) when there is none.
    pub fn beside(config: Option<&Path>, catalog: &'a Catalog) -> Project<'a> {
        let dir = config
            .and_then(Path::parent)
            .map(Path::to_path_buf)
            .unwrap_or_default();
        Project::new(dir, catalog)
    }

    pub fn catalog(&self) -> &'a Catalog {
        self.catalog
    }

    pub fn state_dir(&self) -> PathBuf {
        self.dir.join(STATE_DIR)
    }

    /// The project's copy of a built-in, written by the first `apply`.
    pub fn project_copy(&self, id: &str) -> PathBuf {
        self.dir.join(format!("{id}.yaml"))
    }

    fn builtin_home(&self, id: &str) -> Home {
        let copy = self.project_copy(id);
        if copy.is_file() {
            Home::File(copy)
        } else {
            Home::Builtin(id.to_string())
        }
    }

    /// The home of a workflow named on the command line.
    pub fn home_of_name(&self, name: &str) -> Result<Home, VersionError> {
        let source = source::source(name, self.catalog)?;
        Ok(match source.origin {
            Origin::File(p) => Home::File(p),
            Origin::Builtin(_) => {
                let checked = check_text(source, self.catalog);
                let wf = checked
                    .workflow
                    .ok_or_else(|| VersionError::BuiltinUnreadable(name.to_string()))?;
                self.builtin_home(&wf.id)
            }
        })
    }

    /// The home of the workflow a run ran (`origin` as its creation recorded
    /// it), when it can still be found.
    pub fn home_of_run(&self, origin: &str, workflow_id: &str) -> Option<Home> {
        if origin.starts_with("<built-in>/") {
            return Some(self.builtin_home(workflow_id));
        }
        let path = PathBuf::from(origin);
        path.is_file().then_some(Home::File(path))
    }

    /// Read a text as a workflow without errors, or fail with its diagnostics.
    pub fn clean(&self, origin: Origin, text: &str) -> Result<Workflow, VersionError> {
        let mut checked = check_text(
            Source {
                origin,
                text: text.to_string(),
            },
            self.catalog,
        );
        let errors = checked
            .diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error);
        match checked.workflow.take() {
            Some(wf) if !errors => Ok(wf),
            wf => {
                checked.workflow = wf;
                Err(VersionError::Invalid(Box::new(checked)))
            }
        }
    }

    /// The current version of the workflow at `home`.
    pub fn current(&self, home: &Home) -> Result<Current, VersionError> {
        match home {
            Home::File(p) => {
                let text = source::read_text(p)?;
                let workflow = self.clean(Origin::File(p.clone()), &text)?;
                Ok(Current {
                    home: home.clone(),
                    text,
                    workflow,
                    source: format!("file {}", p.display()),
                })
            }
            Home::Builtin(id) => {
                let entry = self
                    .catalog
                    .library
                    .entry(id)
                    .ok_or_else(|| VersionError::NoBuiltin(id.clone()))?;
                let embedded = entry.workflow.version;
                let stored = self.versions().list(id)?.pop();
                if let Some(v) = stored.filter(|v| v.number > embedded) {
                    let workflow = self.clean(Origin::File(v.path.clone()), &v.text)?;
                    return Ok(Current {
                        home: home.clone(),
                        text: v.text,
                        workflow,
                        source: format!("stored {}", v.path.display()),
                    });
                }
                Ok(Current {
                    home: home.clone(),
                    text: entry.source.to_string(),
                    workflow: entry.workflow.clone(),
                    source: "built-in".into(),
                })
            }
        }
    }

    /// The project's version store.
    pub fn versions(&self) -> Versions {
        Versions {
            root: self.state_dir().join("versions"),
        }
    }

    /// Every version of the workflow at `home`, oldest first: the stored ones,
    /// the current text when it is not stored (or was edited after it was),
    /// and the embedded built-in when its number is not stored.
    pub fn history(&self, home: &Home) -> Result<(Current, Vec<Entry>), VersionError> {
        let cur = self.current(home)?;
        let id = cur.workflow.id.clone();
        let now = cur.workflow.version;
        let mut out: Vec<Entry> = self
            .versions()
            .list(&id)?
            .into_iter()
            .map(|s| Entry {
                current: s.number == now && s.text == cur.text,
                number: s.number,
                text: s.text,
                saved: s.saved,
                source: s.source.unwrap_or_else(|| "-".into()),
                path: Some(s.path),
            })
            .collect();
        if !out.iter().any(|e| e.current) {
            let edited = out.iter().any(|e| e.number == now);
            out.push(Entry {
                number: now,
                text: cur.text.clone(),
                saved: None,
                source: if edited {
                    format!("{} (edited since it was stored)", cur.source)
                } else {
                    cur.source.clone()
                },
                path: None,
                current: true,
            });
        }
        if let Some(e) = self.catalog.library.entry(&id)
            && e.workflow.id == id
            && !out.iter().any(|x| x.number == e.workflow.version)
        {
            out.push(Entry {
                number: e.workflow.version,
                text: e.source.to_string(),
                saved: None,
                source: "built-in".into(),
                path: None,
                current: false,
            });
        }
        // A stored version before the edited current text of the same number.
        out.sort_by_key(|e| (e.number, e.current));
        Ok((cur, out))
    }
}

/// Where a workflow's current version lives.
#[derive(Debug, Clone, PartialEq)]
pub enum Home {
    File(PathBuf),
    Builtin(String),
}

impl Home {
    /// As a header records it: the path, or `built-in <id>`.
    pub fn describe(&self) -> String {
        match self {
            Home::File(p) => p.display().to_string(),
            Home::Builtin(id) => format!("built-in {id}"),
        }
    }

    pub fn parse(text: &str) -> Home {
        match text.strip_prefix("built-in ") {
            Some(id) => Home::Builtin(id.trim().to_string()),
            None => Home::File(PathBuf::from(text.trim())),
        }
    }
}

/// A workflow version's text, read and checked.
pub struct Current {
    pub home: Home,
    pub text: String,
    pub workflow: Workflow,
    /// Where the text came from, for histories: `wf.yaml`, `built-in`, ...
    pub source: String,
}

/// Header comments: `# skill-chains: <title>` then `# key: value` lines.
pub struct Header {
    pub title: String,
    pub fields: BTreeMap<String, String>,
}

impl Header {
    pub fn new(title: impl Into<String>) -> Header {
        Header {
            title: title.into(),
            fields: BTreeMap::new(),
        }
    }

    pub fn with(mut self, key: &str, value: impl Into<String>) -> Header {
        debug_assert!(KEYS.contains(&key));
        self.fields.insert(key.to_string(), value.into());
        self
    }

    pub fn get(&self, key: &str) -> Option<&str> {
        self.fields.get(key).map(String::as_str)
    }

    /// The header, then `body`.
    pub fn prepend(&self, body: &str) -> String {
        let mut out = format!("# {MARK}: {}\n", self.title);
        // In KEYS order, so files read the same way every time.
        for k in KEYS {
            if let Some(v) = self.fields.get(*k) {
                out.push_str(&format!("# {k}: {}\n", v.replace('\n', " ")));
            }
        }
        out.push_str(body);
        out
    }

    /// The header of `text` (if it starts with one) and the text after it.
    pub fn split(text: &str) -> (Option<Header>, &str) {
        let mut lines = text.split_inclusive('\n');
        let first = lines.next().unwrap_or("");
        let Some(title) = first.strip_prefix(&format!("# {MARK}: ")) else {
            return (None, text);
        };
        let mut header = Header::new(title.trim_end());
        let mut at = first.len();
        for line in lines {
            let field = line
                .strip_prefix("# ")
                .and_then(|l| l.split_once(": "))
                .filter(|(k, _)| KEYS.contains(k));
            let Some((k, v)) = field else { break };
            header
                .fields
                .insert(k.to_string(), v.trim_end().to_string());
            at += line.len();
        }
        (Some(header), &text[at..])
    }
}

/// The text's SHA-256, as proposals record their base.
pub fn fingerprint(text: &str) -> String {
    crate::artifact::hash(text.as_bytes())
}

/// One stored version.
#[derive(Debug, Clone)]
pub struct Stored {
    pub number: u32,
    pub path: PathBuf,
    /// The workflow text (without the header).
    pub text: String,
    pub saved: Option<String>,
    pub source: Option<String>,
}

/// The version store: `.skill-chains/versions/<workflow-id>/v<N>.yaml`.
pub struct Versions {
    root: PathBuf,
}

/// What saving a version did.
pub enum Saved {
    New(PathBuf),
    /// The same text was already stored.
    Kept(PathBuf),
}

impl Versions {
    pub fn path(&self, id: &str, number: u32) -> PathBuf {
        self.root.join(id).join(format!("v{number}.yaml"))
    }

    /// Every stored version of `id`, oldest first.
    pub fn list(&self, id: &str) -> Result<Vec<Stored>, VersionError> {
        let dir = self.root.join(id);
        let entries = match std::fs::read_dir(&dir) {
            Ok(e) => e,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(error) => return Err(VersionError::ReadDir { dir, error }),
        };
        let mut out = Vec::new();
        for entry in entries {
            let path = entry?.path();
            let number = path
                .file_name()
                .and_then(|n| n.to_str())
                .and_then(|n| n.strip_prefix('v')?.strip_suffix(".yaml")?.parse().ok());
            let Some(number) = number else { continue };
            let text = source::read_text(&path)?;
            let (header, body) = Header::split(&text);
            out.push(Stored {
                number,
                text: body.to_string(),
                saved: header.as_ref().and_then(|h| h.get("saved")).map(Into::into),
                source: header
                    .as_ref()
                    .and_then(|h| h.get("source"))
                    .map(Into::into),
                path,
            });
        }
        out.sort_by_key(|v| v.number);
        Ok(out)
    }

    /// Keep `text` as version `number` of `id`. A version is written once:
    /// the same text again is a no-op, a different one an error.
    pub fn save(
        &self,
        id: &str,
        number: u32,
        text: &str,
        source: &str,
    ) -> Result<Saved, VersionError> {
        let path = self.path(id, number);
        let header = Header::new(format!("version {number} of {id}"))
            .with("saved", format_utc(now_ms()))
            .with("source", source);
        if files::create_atomic(&path, header.prepend(text).as_bytes())? {
            return Ok(Saved::New(path));
        }
        let stored = source::read_text(&path)?;
        if Header::split(&stored).1 == text {
            return Ok(Saved::Kept(path));
        }
        Err(VersionError::Conflict {
            number,
            id: id.to_string(),
            path,
        })
    }
}

/// One version in a workflow's history.
pub struct Entry {
    pub number: u32,
    pub text: String,
    pub saved: Option<String>,
    /// Where it came from: `built-in`, `file wf.yaml`, `applied ...`.
    pub source: String,
    /// The stored file, for stored versions.
    pub path: Option<PathBuf>,
    pub current: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_read_back_and_leave_the_body_alone() {
        let body = "# yaml-language-server: $schema=x.json\nname: X\n";
        let text = Header::new("proposal, version 2 of x")
            .with("base", "wf.yaml")
            .with("run", "run-1")
            .prepend(body);
        assert!(text.starts_with("# skill-chains: proposal, version 2 of x\n# base: wf.yaml\n"));
        let (h, rest) = Header::split(&text);
        let h = h.unwrap();
        assert_eq!(h.title, "proposal, version 2 of x");
        assert_eq!(h.get("run"), Some("run-1"));
        assert_eq!(rest, body);
        assert!(Header::split(body).0.is_none());
        assert_eq!(Home::parse("built-in x"), Home::Builtin("x".into()));
        assert_eq!(Home::parse("a/b.yaml"), Home::File("a/b.yaml".into()));
    }
}
