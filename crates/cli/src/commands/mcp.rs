//! `mcp`: serve skill-chains to Claude Code (or any MCP client) on stdio.
//! `skill-chains init claude` registers it in `.mcp.json`.

use std::path::PathBuf;

use crate::context::Context;
use crate::mcp::{Server, serve};
use crate::output::Reply;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The run store for the run tools (default: $SKILL_CHAINS_DB, else the user's data directory).
    #[arg(long, value_name = "FILE")]
    pub db: Option<PathBuf>,
    /// Write a line per tool call to stderr (the tool, its status, the time
    /// it took). Off by default: clients such as Claude Code log a server's
    /// stderr at error level.
    #[arg(long)]
    pub log: bool,
}

pub fn exec(args: Args, ctx: &Context) -> anyhow::Result<Reply<'static>> {
    // The tools answer in JSON, never in colour, with the configuration read
    // once; what the run commands print is kept, as stdout is the protocol.
    let tools = Context::load(ctx.config_path.as_deref(), true, false)?;
    serve(Server::new(tools, args.db).logging(args.log)).map(Reply::printed)
}
