//! `schema`: the JSON Schema of the workflow format (or, with `--program`,
//! of the program format), generated from the types.

use crate::output::Reply;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The schema of program files (workflows joined by handoffs).
    #[arg(long)]
    pub program: bool,
}

pub fn exec(args: &Args) -> anyhow::Result<Reply<'static>> {
    let text = if args.program {
        skill_chains_core::compose::program_schema_json()
    } else {
        skill_chains_core::format::schema::workflow_schema_json()
    };
    Ok(Reply::raw(text))
}
