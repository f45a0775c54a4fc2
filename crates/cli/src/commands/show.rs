//! `show <workflow>`: the workflow as a person reads it; `--json` gives the
//! file format as data. A program is shown with its workflows and handoffs.

use skill_chains_core::compose::view;
use skill_chains_core::format::view::WorkflowView;

use crate::context::{Context, Document};
use crate::output::Reply;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// A built-in id or name, or a workflow file; or a program (built-in id or file).
    pub workflow: String,
}

pub fn exec(args: Args, ctx: &Context) -> anyhow::Result<Reply<'static>> {
    Ok(match ctx.document(&args.workflow)? {
        Document::Program(program) => Reply::data(view::view(&program)),
        Document::Workflow(wf, _) => Reply::data(WorkflowView::new(wf.into_workflow())),
    })
}
