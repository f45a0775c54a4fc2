//! skill-chains core: the workflow model, its file format, the persona catalog,
//! the built-in library, the checks and the planners.
//!
//! The modules are layered, each using only those below it (checked by the
//! `layers` test): span, duration, window, diagnostic; model; text;
//! personas; format; check; plan; review; compose; catalog; load; learn,
//! design and render on top.
//!
//! This crate is pure: it never touches the file system, the network or the
//! terminal. It takes strings and returns values; the binary does the I/O.

pub mod catalog;
pub mod check;
pub mod compose;
pub mod design;
pub mod diagnostic;
pub mod duration;
pub mod format;
#[cfg(test)]
mod layers;
pub mod learn;
pub mod load;
pub mod model;
pub mod personas;
pub mod plan;
pub mod render;
pub mod review;
pub mod span;
pub mod text;
pub mod window;
