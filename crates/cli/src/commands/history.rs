//! `history <workflow>`: its versions, oldest first: number, when each was
//! saved, where it came from, and what changed from the one before (counts
//! of steps, phases, personas, estimates, gates ... added, removed or
//! changed, from the semantic diff): `ops::workflow_history`.

use skill_chains_engine::ops;

use crate::context::Context;
use crate::output::Reply;
use crate::project;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// A built-in id or a workflow file.
    pub workflow: String,
}

pub fn exec(args: Args, ctx: &Context) -> anyhow::Result<Reply<'static>> {
    let history = ops::workflow_history(&project::of(ctx), &args.workflow)
        .map_err(|e| project::error(ctx, e))?;
    Ok(Reply::data(history))
}
