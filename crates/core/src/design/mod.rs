//! Design: from a situation in plain words to library suggestions and new
//! workflows (/workflow, /phase --expand).
//!
//! - [`retrieval`] ranks library workflows for a situation (BM25 over their
//!   fields, with the field's synonyms) and says why each matched;
//! - [`adapt`] designs a workflow offline by adapting the nearest ones;
//! - [`expand`] proposes the steps of a sparse phase from similar phases;
//! - [`kinds`] reads the kind of work a scenario asks for (a platform, a
//!   team to grow), which decides the base before shared words do;
//! - [`gates`] proposes the checkpoints a workflow lacks;
//! - [`llm`] designs with a language model, checking and repairing its
//!   answers (the model itself is the caller's: this crate does no I/O);
//! - [`eval`] scores offline design on a set of scenarios.
//!
//! Everything here is pure and deterministic.

pub mod adapt;
pub mod domains;
pub mod eval;
pub mod expand;
pub mod flow;
pub mod gates;
pub mod kinds;
pub mod llm;
pub mod retrieval;
pub mod scenario;
pub mod substitute;
pub mod windows;

pub use adapt::{Design, DesignError, DesignOptions, design};
pub use retrieval::{LibraryIndex, Suggestion};
