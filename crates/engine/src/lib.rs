//! skill-chains engine: durable execution of workflows and programs.
//!
//! Where it sits in the plan: `core` reads, checks and plans workflows; this
//! crate runs them. A run is an append-only log of events in an embedded
//! store (SQLite by default, PostgreSQL for teams); its state is derived from
//! the events, so a killed run resumes where it stopped without redoing
//! finished steps. Steps are carried out by executors (a person, Claude Code,
//! an LLM API, a shell command); checkpoints pause for approval; decision
//! points branch and loop within bounds; budgets cap tokens, money and time.

pub mod artifact;
pub mod bench;
pub mod clock;
pub mod decision;
pub mod estimate;
pub mod event;
pub mod executor;
pub mod layout;
pub mod mock;
pub mod ops;
pub mod project;
pub mod prompt;
pub mod runner;
pub mod skills;
pub mod state;
pub mod store;

/// A new run id: `run-` and 8 hex digits from the clock, the process and a counter.
pub fn new_run_id() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(0);
    let seed = [
        nanos,
        std::process::id() as u64,
        COUNTER.fetch_add(1, Ordering::Relaxed),
    ];
    let bytes: Vec<u8> = seed.iter().flat_map(|n| n.to_le_bytes()).collect();
    format!("run-{}", &artifact::hash(&bytes)[7..15])
}
