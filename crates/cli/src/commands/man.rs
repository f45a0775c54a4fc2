//! `man`: the man page in roff, from the clap definition.

use clap::CommandFactory;

use crate::output::Reply;

#[derive(Debug, clap::Args)]
pub struct Args {}

pub fn exec(_: &Args) -> anyhow::Result<Reply<'static>> {
    let cmd = crate::cli::Cli::command();
    let mut page = Vec::new();
    clap_mangen::Man::new(cmd).render(&mut page)?;
    Ok(Reply::raw(String::from_utf8(page)?))
}
