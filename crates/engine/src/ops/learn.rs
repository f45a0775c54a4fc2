//! Why a learning operation (retrospective, proposal, apply, history) did
//! not happen. A front turns each into its message and exit status; an
//! invalid text carries its diagnostics for the front to show.

use crate::project::retrospectives::AnswersError;
use crate::project::versions::VersionError;
use crate::store::StoreError;

use super::OpError;

#[derive(Debug, thiserror::Error)]
pub enum LearnError {
    #[error(transparent)]
    Version(#[from] VersionError),
    #[error(transparent)]
    Answers(#[from] AnswersError),
    #[error(transparent)]
    Op(#[from] OpError),
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Asking the questions at a terminal failed.
    #[error(transparent)]
    Ask(#[from] std::io::Error),
    /// Refused as asked (status 1): a proposal for another workflow, not
    /// the next version, made from an edited base.
    #[error("{0}")]
    Refused(String),
    /// The request or the run's record does not allow it (status 2).
    #[error("{0}")]
    Invalid(String),
}

impl From<crate::project::files::FileError> for LearnError {
    fn from(e: crate::project::files::FileError) -> LearnError {
        LearnError::Version(e.into())
    }
}

impl From<crate::project::source::SourceError> for LearnError {
    fn from(e: crate::project::source::SourceError) -> LearnError {
        LearnError::Version(e.into())
    }
}
