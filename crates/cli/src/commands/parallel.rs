//! `parallel <workflow>`: the steps that can run at the same time, what each
//! waits for, the time that saves, and steps that could also overlap if a
//! phase gate is not a real dependency (suggestions).

use skill_chains_core::plan::graph::StepGraph;
use skill_chains_core::plan::report::parallel::Parallel;

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
            Reply::data(skill_chains_core::compose::report::parallel(&program))
        }
        Document::Workflow(wf, _) => Reply::data(Parallel::of(&wf, &StepGraph::build(&wf))),
    })
}
