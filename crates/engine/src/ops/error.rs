//! Why an operation did not happen, with the exit status a front reports.

use crate::runner::EngineError;
use crate::store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum OpError {
    /// The store could not do it: no such run, a run another process holds,
    /// a damaged or newer store.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Not possible in the run's state now (a gate that is not open, criteria
    /// a gate requires that are unmet, a step that is not up).
    #[error("{0}")]
    Refused(String),
    /// The request itself does not read (a date, a `NAME=VALUE`, a duration).
    #[error("{0}")]
    Invalid(String),
    /// The run's stored workflow no longer passes `check` (a rule added
    /// since, a persona removed from the project): shown, never driven.
    #[error("{0}")]
    Stale(String),
    /// The run's log cannot be made into a run (no creation event, a
    /// workflow text that no longer reads).
    #[error("{0}")]
    Damaged(String),
    /// The run could not be set up or driven (executors, prompts).
    #[error(transparent)]
    Engine(EngineError),
}

impl From<EngineError> for OpError {
    fn from(e: EngineError) -> OpError {
        match e {
            EngineError::Store(s) => OpError::Store(s),
            EngineError::Setup(message) => OpError::Invalid(message),
            other => OpError::Engine(other),
        }
    }
}

impl OpError {
    /// The exit status: 1 when the run's state refuses it (or another
    /// process holds the run), 2 when it could not be done at all.
    pub fn status(&self) -> u8 {
        match self {
            OpError::Refused(_) | OpError::Stale(_) => 1,
            OpError::Store(StoreError::Held { .. }) => 1,
            _ => 2,
        }
    }
}
