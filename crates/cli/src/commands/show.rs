//! `show <workflow>`: the workflow as a person reads it; `--json` gives the
//! file format as data. A program is shown with its workflows and handoffs.

use skill_chains_core::compose::view;
use skill_chains_core::format::view::WorkflowView;

use crate::context::Context;
use crate::output::Reply;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// A built-in id or name, or a workflow file; or a program (built-in id or file).
    pub workflow: String,
}

pub fn exec(args: Args, ctx: &Context) -> anyhow::Result<Reply<'static>> {
    if let Some(program) = crate::program::load(&args.workflow, ctx)? {
        return Ok(Reply::data(view::view(&program)));
    }
    let (wf, _) = ctx.workflow(&args.workflow)?;
    Ok(Reply::data(WorkflowView::new(wf.into_workflow())))
}
