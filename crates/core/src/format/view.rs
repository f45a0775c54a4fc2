//! A workflow as `show` gives it: the checked model for the text view
//! (`render::report::workflow`), the file format for `--json`.

use serde::Serialize;

use super::raw::RawWorkflow;
use super::write::to_raw;
use crate::model::Workflow;

/// A workflow to show; serializes as its file format.
pub struct WorkflowView {
    pub workflow: Workflow,
    raw: RawWorkflow,
}

impl WorkflowView {
    pub fn new(workflow: Workflow) -> WorkflowView {
        WorkflowView {
            raw: to_raw(&workflow),
            workflow,
        }
    }
}

impl Serialize for WorkflowView {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.raw.serialize(s)
    }
}
