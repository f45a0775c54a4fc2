//! Turning a command-line name into a workflow, for the commands: the
//! engine's source reading (`skill_chains_engine::project::source`) and
//! core's checking, with errors a command can return.

use std::path::Path;

use skill_chains_core::catalog::Catalog;
pub use skill_chains_core::load::{Checked, Origin, Source, check_text};
use skill_chains_engine::project::source;

/// See [`source::read_text`].
pub fn read_text(path: &Path) -> anyhow::Result<String> {
    Ok(source::read_text(path)?)
}

/// See [`source::source`].
pub fn source(name: &str, catalog: &Catalog) -> anyhow::Result<Source> {
    Ok(source::source(name, catalog)?)
}

/// Read and check a workflow named on the command line.
pub fn checked(name: &str, catalog: &Catalog) -> anyhow::Result<Checked> {
    let source = source(name, catalog)?;
    Ok(check_text(source, catalog))
}
