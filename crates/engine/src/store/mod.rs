//! The event store: runs as append-only logs of events, artifacts by content
//! hash, and leases that say which process holds a run.
//!
//! Everything outside this module talks to a [`Store`] only through the
//! trait, opened once from a URL ([`open`]), so a PostgreSQL store for teams
//! can sit beside the embedded SQLite one. No backend's types leave the
//! module: its errors are turned into [`StoreError`]'s backend-neutral
//! variants where they happen. [`contract`] is what every backend must do.

#[doc(hidden)]
pub mod contract;
mod migrations;
mod sqlite;
mod url;

pub use url::{StoreUrl, open};

use std::sync::Arc;

use serde::Serialize;

use crate::clock::Clock;
use crate::event::{Durability, Event, Recorded};

/// A batch written in one transaction: artifacts first, then events.
#[derive(Debug, Default)]
pub struct Batch {
    pub artifacts: Vec<(String, Vec<u8>)>,
    pub events: Vec<Event>,
}

impl Batch {
    /// Events without artifacts.
    pub fn of(events: Vec<Event>) -> Batch {
        Batch {
            artifacts: Vec::new(),
            events,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.artifacts.is_empty() && self.events.is_empty()
    }
}

/// One line of the run list.
#[derive(Debug, Clone, Serialize)]
pub struct RunRow {
    pub id: String,
    pub workflow_id: String,
    pub workflow_name: String,
    pub status: String,
    pub created_at: i64,
    pub updated_at: i64,
    pub cost_usd: f64,
    pub tokens: u64,
}

/// Who holds a run: a process on a host, until the lease expires.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Lease {
    pub holder: String,
    pub pid: u32,
    pub host: String,
    pub expires_at: i64,
}

impl Lease {
    /// A lease for this process, for `ttl_ms` from now by the process clock.
    pub fn this_process(ttl_ms: i64) -> Lease {
        Lease::this_process_at(crate::clock::now_ms(), ttl_ms)
    }

    /// A lease for this process, for `ttl_ms` from `now`.
    pub fn this_process_at(now: i64, ttl_ms: i64) -> Lease {
        let pid = std::process::id();
        let host = host_name();
        Lease {
            holder: format!("{pid}@{host}"),
            pid,
            host,
            expires_at: now + ttl_ms,
        }
    }

    /// Whether the holder is gone: expired, or a process of this host that
    /// no longer exists (a killed run can be resumed at once).
    pub fn is_stale(&self, now: i64) -> bool {
        if self.expires_at <= now {
            return true;
        }
        self.host == host_name() && !process_alive(self.pid)
    }
}

/// The host name, as the lease records it.
pub fn host_name() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .ok()
        .or_else(|| std::env::var("HOSTNAME").ok())
        .map(|h| h.trim().to_string())
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "localhost".to_string())
}

pub(crate) fn process_alive(pid: u32) -> bool {
    let proc_dir = std::path::Path::new("/proc");
    if !proc_dir.is_dir() {
        // No way to tell: trust the expiry.
        return true;
    }
    // A zombie (killed, not yet reaped) is gone for our purposes.
    match std::fs::read_to_string(proc_dir.join(pid.to_string()).join("stat")) {
        Ok(stat) => !stat
            .rsplit_once(')')
            .is_some_and(|(_, rest)| rest.trim_start().starts_with('Z')),
        Err(_) => false,
    }
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("no run matches `{0}`")]
    NoSuchRun(String),
    #[error("`{prefix}` matches several runs: {}", .matches.join(", "))]
    Ambiguous {
        prefix: String,
        matches: Vec<String>,
    },
    #[error("run {run} is held by process {} on {} until {}", .lease.pid, .lease.host, crate::clock::format_utc(.lease.expires_at))]
    Held { run: String, lease: Lease },
    #[error("this process lost its lease on run {0}")]
    LeaseLost(String),
    #[error(
        "the store was written by a newer skill-chains (schema {found}, this one knows {known})"
    )]
    NewerSchema { found: i64, known: i64 },
    #[error("a stored event could not be read: {0}")]
    Corrupt(String),
    /// Another connection kept the store locked for longer than the wait.
    #[error("the run store is busy: {0}")]
    Busy(String),
    /// The store's files or tables are not what a run store holds.
    #[error("the run store is damaged or is not a run store: {0}")]
    Damaged(String),
    /// The store could not be opened, read or written (permissions, disk full).
    #[error("the run store could not be read or written: {0}")]
    Io(String),
    /// The text names no store this binary can open.
    #[error("`{url}` is not a run store: {reason}")]
    BadUrl { url: String, reason: String },
    /// A kind of store, or an operation on one, that this binary does not have.
    #[error("{0}")]
    Unsupported(String),
    /// Any other failure of the store's backend, in its own words.
    #[error("the run store failed: {0}")]
    Backend(String),
}

/// Where runs live.
pub trait Store {
    /// Create a run whose first event is `created` (a `RunCreated`).
    fn create_run(&mut self, id: &str, created: &Event) -> Result<Recorded, StoreError>;
    /// Append a batch atomically; returns the events as recorded.
    fn append(&mut self, run: &str, batch: Batch) -> Result<Vec<Recorded>, StoreError>;
    /// Events of a run with a sequence number above `after`, in order (none
    /// for an unknown run). A reader that has seen sequence number `s` never
    /// later finds a new event below `s`: polling with `after` misses nothing.
    fn events(&self, run: &str, after: i64) -> Result<Vec<Recorded>, StoreError>;
    /// The highest sequence number of a run's events (0 for an unknown run).
    fn last_seq(&self, run: &str) -> Result<i64, StoreError>;
    /// Every run, newest first.
    fn runs(&self) -> Result<Vec<RunRow>, StoreError>;
    /// The run id a unique prefix (or `last`) names.
    fn find_run(&self, prefix: &str) -> Result<String, StoreError>;
    /// The content stored under `hash` by some batch, if any.
    fn artifact(&self, hash: &str) -> Result<Option<Vec<u8>>, StoreError>;
    /// Take the run for this process, or say who holds it.
    fn acquire_lease(&mut self, run: &str, lease: &Lease) -> Result<(), StoreError>;
    /// Extend this process's lease; fails when another process took it.
    fn renew_lease(&mut self, run: &str, lease: &Lease) -> Result<(), StoreError>;
    /// Give the run up; a lease another holder took is left alone.
    fn release_lease(&mut self, run: &str, lease: &Lease) -> Result<(), StoreError>;
    /// The lease recorded for a run, stale or not.
    fn lease(&self, run: &str) -> Result<Option<Lease>, StoreError>;
    /// How hard commits on this connection are made to last.
    fn set_durability(&mut self, durability: Durability) -> Result<(), StoreError>;
    /// Time events by `clock` (a simulated one, in tests); the process clock
    /// until then. Connections from [`Store::reopen`] share it.
    fn set_clock(&mut self, clock: Arc<dyn Clock>);
    /// Another connection to the same store, for work on another thread
    /// (members of a program run side by side). [`StoreError::Unsupported`]
    /// when no second connection can see this one's data (in memory).
    fn reopen(&self) -> Result<Box<dyn Store + Send>, StoreError>;
    /// Where the store is, for messages: a path, or a URL without its password.
    fn describe(&self) -> String;
}

/// A boxed store is a store, so `&mut Box<dyn Store + Send>` goes wherever
/// `&mut dyn Store` does.
impl<S: Store + ?Sized> Store for Box<S> {
    fn create_run(&mut self, id: &str, created: &Event) -> Result<Recorded, StoreError> {
        (**self).create_run(id, created)
    }
    fn append(&mut self, run: &str, batch: Batch) -> Result<Vec<Recorded>, StoreError> {
        (**self).append(run, batch)
    }
    fn events(&self, run: &str, after: i64) -> Result<Vec<Recorded>, StoreError> {
        (**self).events(run, after)
    }
    fn last_seq(&self, run: &str) -> Result<i64, StoreError> {
        (**self).last_seq(run)
    }
    fn runs(&self) -> Result<Vec<RunRow>, StoreError> {
        (**self).runs()
    }
    fn find_run(&self, prefix: &str) -> Result<String, StoreError> {
        (**self).find_run(prefix)
    }
    fn artifact(&self, hash: &str) -> Result<Option<Vec<u8>>, StoreError> {
        (**self).artifact(hash)
    }
    fn acquire_lease(&mut self, run: &str, lease: &Lease) -> Result<(), StoreError> {
        (**self).acquire_lease(run, lease)
    }
    fn renew_lease(&mut self, run: &str, lease: &Lease) -> Result<(), StoreError> {
        (**self).renew_lease(run, lease)
    }
    fn release_lease(&mut self, run: &str, lease: &Lease) -> Result<(), StoreError> {
        (**self).release_lease(run, lease)
    }
    fn lease(&self, run: &str) -> Result<Option<Lease>, StoreError> {
        (**self).lease(run)
    }
    fn set_durability(&mut self, durability: Durability) -> Result<(), StoreError> {
        (**self).set_durability(durability)
    }
    fn set_clock(&mut self, clock: Arc<dyn Clock>) {
        (**self).set_clock(clock)
    }
    fn reopen(&self) -> Result<Box<dyn Store + Send>, StoreError> {
        (**self).reopen()
    }
    fn describe(&self) -> String {
        (**self).describe()
    }
}

/// The default store: `<data dir>/skill-chains/runs.db`
/// (`~/.local/share/skill-chains/runs.db` on Linux).
pub fn default_path() -> Option<std::path::PathBuf> {
    dirs::data_dir().map(|d| d.join("skill-chains").join("runs.db"))
}
