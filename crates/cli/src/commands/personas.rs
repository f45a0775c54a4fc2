//! `personas`: the catalog, where each persona is used, and the Claude Code
//! skills found for them.

use skill_chains_engine::project::personas::{self, PersonaQuery};

use crate::context::Context;
use crate::output::Reply;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only personas of this group (e.g. "Operations & Reliability").
    #[arg(long)]
    pub group: Option<String>,
    /// Only personas that no built-in workflow uses.
    #[arg(long)]
    pub unused: bool,
    /// List the Claude Code skills found in this repository and ~/.claude/skills.
    #[arg(long)]
    pub skills: bool,
}

pub fn exec(args: Args, ctx: &Context) -> anyhow::Result<Reply<'static>> {
    let config = ctx
        .config_path
        .as_ref()
        .filter(|_| !ctx.config.personas.is_empty())
        .map(|p| p.display().to_string());
    let query = PersonaQuery {
        group: args.group.as_deref(),
        unused: args.unused,
        skills: args.skills,
        config,
    };
    Ok(Reply::data(personas::personas(
        &ctx.catalog.personas,
        query,
    )))
}
