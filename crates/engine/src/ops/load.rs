//! A stored run with the workflow it runs, rebuilt from its events.

use skill_chains_core::catalog::Catalog;
use skill_chains_core::check::{self, Severity};
use skill_chains_core::model::Workflow;

use super::OpError;
use crate::event::{Event, Recorded};
use crate::layout::Layout;
use crate::state::RunState;
use crate::store::Store;

/// A stored run with the workflow it runs and its state now.
pub struct LoadedRun {
    pub id: String,
    pub workflow: Workflow,
    pub layout: Layout,
    pub state: RunState,
    /// The first error `check` finds in the stored workflow today (a rule
    /// added since, an edited persona catalog), as `CODE line N: message`.
    /// A run with one is shown but not driven on.
    pub stale: Option<String>,
}

impl LoadedRun {
    /// Refuse to drive a run whose workflow no longer checks.
    pub fn ensure_current(&self) -> Result<(), OpError> {
        match &self.stale {
            Some(error) => Err(OpError::Stale(format!(
                "the workflow of run {} no longer passes check: {error}\nhelp: the run is kept as it is; start a new run of the corrected workflow",
                self.id
            ))),
            None => Ok(()),
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
    let report = check::check_source(source, &catalog.personas);
    let stale = report
        .diagnostics
        .iter()
        .find(|d| d.severity == Severity::Error)
        .map(|d| format!("{} line {}: {}", d.code, d.span.line, d.message));
    let workflow = report
        .workflow
        .ok_or_else(|| OpError::Damaged(format!("the workflow of run {id} no longer reads")))?;
    let layout = Layout::new(&workflow);
    let state = RunState::from_events(&id, &layout, &events)
        .ok_or_else(|| OpError::Damaged(format!("run {id} has no creation event")))?;
    Ok(LoadedRun {
        id,
        workflow,
        layout,
        state,
        stale,
    })
}
