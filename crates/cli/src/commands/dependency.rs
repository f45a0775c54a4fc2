//! `dependency <workflow>`: the critical path method over the step graph:
//! earliest and latest start and finish, total and free slack per step, and
//! the critical path.

use skill_chains_core::plan::graph::StepGraph;
use skill_chains_core::plan::report::dependency::Dependency;

use crate::context::{Context, Document};
use crate::output::Reply;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// A built-in id or name, or a workflow file; or a program (built-in id or file).
    pub workflow: String,
}

pub fn exec(args: Args, ctx: &Context) -> anyhow::Result<Reply<'static>> {
    Ok(match ctx.document(&args.workflow)? {
        Document::Program(program) => {
            Reply::data(skill_chains_core::compose::report::dependency(&program))
        }
        Document::Workflow(wf, _) => Reply::data(Dependency::of(&wf, &StepGraph::build(&wf))),
    })
}
