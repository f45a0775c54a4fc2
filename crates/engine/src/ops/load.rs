//! A stored run with the workflow it runs, rebuilt from its events.

use skill_chains_core::catalog::Catalog;
use skill_chains_core::check::{self, Severity};
use skill_chains_core::model::{CheckedWorkflow, Workflow};

use super::OpError;
use crate::event::{Event, Recorded};
use crate::layout::Layout;
use crate::state::RunState;
use crate::store::Store;

/// A stored run with the workflow it runs and its state now.
pub struct LoadedRun {
    pub id: String,
    workflow: RunWorkflow,
    pub layout: Layout,
    pub state: RunState,
}

/// The stored workflow as `check` sees it today.
enum RunWorkflow {
    /// It still checks: the run can be driven on.
    Current(CheckedWorkflow),
    /// It no longer checks (a rule added since, an edited persona catalog):
    /// the first error as `CODE line N: message`. Shown, not driven on.
    Stale { workflow: Workflow, error: String },
}

impl LoadedRun {
    /// The workflow as stored, to show.
    pub fn workflow(&self) -> &Workflow {
        match &self.workflow {
            RunWorkflow::Current(wf) => wf,
            RunWorkflow::Stale { workflow, .. } => workflow,
        }
    }

    /// The first error `check` finds in the stored workflow today.
    pub fn stale(&self) -> Option<&str> {
        match &self.workflow {
            RunWorkflow::Current(_) => None,
            RunWorkflow::Stale { error, .. } => Some(error),
        }
    }

    /// A run just created from `wf` (already checked: its stored source is
    /// not checked again).
    pub fn started(store: &dyn Store, id: &str, wf: CheckedWorkflow) -> Result<LoadedRun, OpError> {
        let events = store.events(id, 0)?;
        let layout = Layout::new(&wf);
        let state = RunState::from_events(id, &layout, &events)
            .ok_or_else(|| OpError::Damaged(format!("run {id} has no creation event")))?;
        Ok(LoadedRun {
            id: id.to_string(),
            workflow: RunWorkflow::Current(wf),
            layout,
            state,
        })
    }

    /// Bring the state up to what the store has recorded since it was read;
    /// the workflow is kept as it was loaded (not read or checked again).
    pub fn refresh(&mut self, store: &dyn Store) -> Result<(), OpError> {
        for rec in store.events(&self.id, self.state.last_seq)? {
            self.state.apply(&self.layout, &rec);
        }
        Ok(())
    }

    /// The checked workflow to drive the run on; refused when it no longer
    /// checks.
    pub fn ensure_current(&self) -> Result<&CheckedWorkflow, OpError> {
        match &self.workflow {
            RunWorkflow::Current(wf) => Ok(wf),
            RunWorkflow::Stale { error, .. } => Err(OpError::Stale(format!(
                "the workflow of run {} no longer passes check: {error}\nhelp: the run is kept as it is; start a new run of the corrected workflow",
                self.id
            ))),
        }
    }
}

/// Find a run by id, prefix or `last`, and rebuild its workflow and state.
pub fn load_run(store: &dyn Store, catalog: &Catalog, prefix: &str) -> Result<LoadedRun, OpError> {
    let id = store.find_run(prefix)?;
    let events = store.events(&id, 0)?;
    let Some(Recorded {
        event: Event::RunCreated { source, .. },
        ..
    }) = events.first()
    else {
        return Err(OpError::Damaged(format!(
            "run {id} has no creation event; the store is damaged"
        )));
    };
    let workflow = match check::check_source(source, &catalog.personas).into_checked() {
        Ok(wf) => RunWorkflow::Current(wf),
        Err(report) => {
            let report = *report;
            let error = report
                .diagnostics
                .iter()
                .find(|d| d.severity == Severity::Error)
                .map(|d| format!("{} line {}: {}", d.code, d.span.line, d.message))
                .unwrap_or_default();
            let workflow = report.workflow.ok_or_else(|| {
                OpError::Damaged(format!("the workflow of run {id} no longer reads"))
            })?;
            RunWorkflow::Stale { workflow, error }
        }
    };
    let layout = match &workflow {
        RunWorkflow::Current(wf) => Layout::new(wf),
        RunWorkflow::Stale { workflow, .. } => Layout::new(workflow),
    };
    let state = RunState::from_events(&id, &layout, &events)
        .ok_or_else(|| OpError::Damaged(format!("run {id} has no creation event")))?;
    Ok(LoadedRun {
        id,
        workflow,
        layout,
        state,
    })
}
