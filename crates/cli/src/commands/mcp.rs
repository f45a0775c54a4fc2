//! `mcp`: serve skill-chains to Claude Code (or any MCP client) on stdio.
//! `skill-chains init claude` registers it in `.mcp.json`.

use std::path::PathBuf;
use std::process::ExitCode;

use crate::context::Context;
use crate::mcp::{Server, serve};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The run store for the run tools (default: $SKILL_CHAINS_DB, else the user's data directory).
    #[arg(long, value_name = "FILE")]
    pub db: Option<PathBuf>,
}

pub fn exec(args: Args, ctx: &Context) -> anyhow::Result<ExitCode> {
    serve(Server::new(
        ctx.config_path.clone(),
        args.db,
        ctx.catalog.clone(),
    ))
}
