//! skill-chains core: the workflow model, its file format, the persona catalog,
//! the built-in library, the checks and the planners.
//!
//! This crate is pure: it never touches the file system, the network or the
//! terminal. It takes strings and returns values; the binary does the I/O.

pub mod catalog;
pub mod check;
pub mod compose;
pub mod design;
pub mod duration;
pub mod format;
pub mod learn;
pub mod model;
pub mod plan;
pub mod render;
pub mod span;
pub mod window;
