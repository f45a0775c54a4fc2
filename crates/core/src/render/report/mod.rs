//! The text views of the reports the library builds (planning, programs,
//! learning, design): each report's data lives with the module that
//! computes it, and its text for a terminal lives here, one file per family,
//! as an implementation of [`super::text::Human`]. The same data is what
//! `--json` prints, so nothing here computes a figure the data lacks.

pub mod bench;
pub mod catalog;
pub mod learn;
pub mod plan;
pub mod program;
pub mod program_plan;
pub mod review;
pub mod workflow;
