//! The event store: runs as append-only logs of events, artifacts by content
//! hash, and leases that say which process holds a run.
//!
//! The runner talks to a [`Store`] only through this trait, so a PostgreSQL
//! store for teams can sit beside the embedded SQLite one.

mod migrations;
mod sqlite;

pub use sqlite::SqliteStore;

use serde::Serialize;

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

fn process_alive(pid: u32) -> bool {
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
    #[error("{0}")]
    Unsupported(String),
    #[error(transparent)]
    Sqlite(#[from] rusqlite::Error),
}

/// Where runs live.
pub trait Store {
    /// Create a run whose first event is `created` (a `RunCreated`).
    fn create_run(&mut self, id: &str, created: &Event) -> Result<Recorded, StoreError>;
    /// Append a batch atomically; returns the events as recorded.
    fn append(&mut self, run: &str, batch: Batch) -> Result<Vec<Recorded>, StoreError>;
    /// Events of a run with a sequence number above `after`, in order.
    fn events(&self, run: &str, after: i64) -> Result<Vec<Recorded>, StoreError>;
    /// The highest sequence number of a run's events.
    fn last_seq(&self, run: &str) -> Result<i64, StoreError>;
    /// Every run, newest first.
    fn runs(&self) -> Result<Vec<RunRow>, StoreError>;
    /// The run id a unique prefix (or `last`) names.
    fn find_run(&self, prefix: &str) -> Result<String, StoreError>;
    fn artifact(&self, hash: &str) -> Result<Option<Vec<u8>>, StoreError>;
    /// Take the run for this process, or say who holds it.
    fn acquire_lease(&mut self, run: &str, lease: &Lease) -> Result<(), StoreError>;
    /// Extend this process's lease; fails when another process took it.
    fn renew_lease(&mut self, run: &str, lease: &Lease) -> Result<(), StoreError>;
    fn release_lease(&mut self, run: &str, lease: &Lease) -> Result<(), StoreError>;
    fn lease(&self, run: &str) -> Result<Option<Lease>, StoreError>;
    fn set_durability(&mut self, durability: Durability) -> Result<(), StoreError>;
    /// Another connection to the same store (members of a program run are
    /// driven side by side, each on its own); an error when there can be
    /// none (a store in memory).
    fn reopen(&self) -> Result<Box<dyn Store + Send>, StoreError>;
}

/// The default store: `<data dir>/skill-chains/runs.db`
/// (`~/.local/share/skill-chains/runs.db` on Linux).
pub fn default_path() -> Option<std::path::PathBuf> {
    dirs::data_dir().map(|d| d.join("skill-chains").join("runs.db"))
}
