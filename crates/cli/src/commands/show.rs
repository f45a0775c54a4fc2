//! `show <workflow>`: the workflow as a person reads it; `--json` gives the
//! file format as data. A program is shown with its workflows and handoffs.
//! A workflow with errors is shown as written, with its errors.

use skill_chains_core::compose::view;
use skill_chains_core::format::view::WorkflowView;

use crate::context::{Context, Shown};
use crate::output::Reply;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// A built-in id or name, or a workflow file; or a program (built-in id or file).
    pub workflow: String,
}

/// A workflow with errors is shown too, its errors on stderr, and the
/// command then fails with status 1.
pub fn exec(args: Args, ctx: &Context) -> anyhow::Result<Reply<'static>> {
    let (shown, errors) = ctx.shown(&args.workflow)?;
    let reply = match shown {
        Shown::Program(program) => Reply::data(view::view(&program)),
        Shown::Workflow(wf) => Reply::data(WorkflowView::new(*wf)),
    };
    Ok(match errors {
        Some(err) => reply.then_fail(err),
        None => reply,
    })
}
