//! `apply <proposal.yaml> [--to FILE]`: make a proposed version the current
//! one (`skill_chains_engine::ops::apply`: it refuses a proposal that fails
//! `check`, revises another workflow, is not the next version, or was made
//! from a text edited since; it keeps the old version before replacing it).

use std::path::PathBuf;

use skill_chains_engine::ops;

use crate::context::Context;
use crate::output::Reply;
use crate::project;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The proposal (from `retrospective <run> --propose`), or any workflow
    /// file holding the next version.
    pub proposal: PathBuf,
    /// The workflow file to update (default: the one the proposal names).
    #[arg(long, value_name = "FILE")]
    pub to: Option<PathBuf>,
}

pub fn exec(args: Args, ctx: &Context) -> anyhow::Result<Reply<'static>> {
    let applied = ops::apply(&project::of(ctx), &args.proposal, args.to.as_deref())
        .map_err(|e| project::error(ctx, e))?;
    Ok(Reply::data(applied))
}
