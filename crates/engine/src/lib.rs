//! skill-chains engine: durable execution of workflows and programs.
//!
//! Where it sits in the plan: `core` reads, checks and plans workflows; this
//! crate runs them. A run is an append-only log of events in an embedded
//! store (SQLite by default, PostgreSQL for teams); its state is derived from
//! the events, so a killed run resumes where it stopped without redoing
//! finished steps. Steps are carried out by executors (a person, Claude Code,
//! an LLM API, a shell command); checkpoints pause for approval; decision
//! points branch and loop within bounds; budgets cap tokens, money and time.
