//! The project a command works in (the directory of its configuration,
//! with its catalog), and the learning operations' errors as the commands
//! report them: a text that fails `check` shows its diagnostics.

use skill_chains_engine::ops::LearnError;
use skill_chains_engine::project::versions::{Project, VersionError};

use crate::context::Context;
use crate::driver;
use crate::output::Failed;

/// The project of this invocation.
pub fn of(ctx: &Context) -> Project<'_> {
    Project::beside(ctx.config_path.as_deref(), &ctx.catalog)
}

/// A learning operation's error, with the status the command exits with.
pub fn error(ctx: &Context, e: LearnError) -> anyhow::Error {
    match e {
        LearnError::Version(VersionError::Invalid(checked)) => ctx.refuse(&checked),
        LearnError::Op(e) => driver::op_error(e),
        LearnError::Refused(message) => Failed { status: 1, message }.into(),
        LearnError::Invalid(message) => anyhow::anyhow!(message),
        other => other.into(),
    }
}
