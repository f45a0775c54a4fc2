//! `checkpoint <workflow>`: every gate, who approves it, what it requires and
//! when it is expected; and the phases that end without one (principle 7:
//! checkpoints prevent rework). With `--expand`, propose the missing gates
//! (crate::gates).

use skill_chains_core::plan::report::checkpoint::Checkpoints;

use crate::context::Context;
use crate::output::Reply;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// A built-in id or name, or a workflow file.
    pub workflow: String,
    /// With --expand: only this phase (id, name, or number; 1 is the first).
    #[arg(requires = "expand")]
    pub phase: Option<String>,
    #[command(flatten)]
    pub expand: crate::gates::GateArgs,
}

pub fn exec(args: Args, ctx: &Context) -> anyhow::Result<Reply<'static>> {
    if args.expand.expand {
        return crate::gates::exec(&args.workflow, args.phase.as_deref(), &args.expand, ctx);
    }
    let (wf, _) = ctx.workflow(&args.workflow)?;
    Ok(Reply::data(Checkpoints::of(&wf)))
}
