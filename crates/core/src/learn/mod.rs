//! Learning from runs: success criteria evaluated against recorded metrics,
//! retrospective questions generated from what happened, calibration of
//! estimates from history, the semantic diff between workflow versions, and
//! the next version proposed from a run's evidence.
//!
//! Pure like the rest of the crate: callers hand in what a run recorded (as
//! plain values) and get values back. Reading the event store is the engine's
//! and the binary's job.

pub mod calibrate;
pub mod criteria;
pub mod diff;
pub mod propose;
pub mod retro;
pub mod revise;
pub mod units;
