//! The project's files: reading workflow and program sources from disk with
//! limits, and the project's state under `.skill-chains/` (kept versions,
//! proposals, retrospectives). The fronts (CLI, MCP, dashboard) call these;
//! they never touch the project's files themselves.

pub mod check;
pub mod design;
pub mod files;
pub mod import;
pub mod personas;
pub mod programs;
pub mod retrospectives;
pub mod source;
pub mod trust;
pub mod versions;
