//! `completions <shell>`: shell completion scripts from the clap definition.

use clap::CommandFactory;

use crate::output::Reply;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// bash, zsh, fish, elvish or powershell.
    pub shell: clap_complete::Shell,
}

pub fn exec(args: &Args) -> anyhow::Result<Reply<'static>> {
    let mut cmd = crate::cli::Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut cmd, "skill-chains", &mut script);
    Ok(Reply::raw(String::from_utf8(script)?))
}
