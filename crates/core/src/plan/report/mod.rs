//! The planning commands' reports: the data each one prints (as text or
//! JSON), built from a workflow, its step graph and the planners' results.
//! One module per report; [`words`] names nodes, waits and durations the
//! same way in all of them. Nothing here renders text for a terminal (that
//! is `render::report::plan`) or does I/O.

use serde::Serialize;

pub mod checkpoint;
pub mod dependency;
pub mod parallel;
pub mod phase;
pub mod schedule;
pub mod timeline;
pub mod words;

/// What became of a chart (`--gantt`), for the command's report.
#[derive(Debug, Default, Serialize)]
pub struct Delivered {
    /// The chart's data, in JSON output.
    #[serde(rename = "gantt", skip_serializing_if = "Option::is_none")]
    pub chart: Option<super::gantt::Gantt>,
    /// Terminal text to append to the report.
    #[serde(skip)]
    pub text: Option<String>,
    /// The file it was written to.
    #[serde(skip)]
    pub wrote: Option<String>,
    /// To print alone on stdout (Mermaid or SVG without `-o`): nothing else is printed.
    #[serde(skip)]
    pub alone: Option<String>,
}
