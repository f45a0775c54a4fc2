//! `trust [FILE]`: trust a configuration file's shell consent as the file
//! is now (`--revoke` to stop, `--list` to see what is trusted). See
//! `skill_chains_engine::project::trust`.

use std::fmt::{self, Write};
use std::path::PathBuf;

use serde::Serialize;
use skill_chains_engine::project::trust::{TrustStore, Trusted};

use crate::config::DEFAULT_FILE;
use crate::output::{Human, Out, Reply};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The configuration file (default: ./skill-chains.yaml).
    pub file: Option<PathBuf>,
    /// Stop trusting the file.
    #[arg(long, conflicts_with = "list")]
    pub revoke: bool,
    /// List the trusted files.
    #[arg(long)]
    pub list: bool,
}

#[derive(Serialize)]
#[serde(tag = "action", rename_all = "lowercase")]
enum Report {
    Trusted(Trusted),
    Revoked { path: PathBuf, was_trusted: bool },
    List { trusted: Vec<Trusted> },
}

impl Human for Report {
    fn human(&self, out: &mut Out) -> fmt::Result {
        match self {
            Report::Trusted(t) => writeln!(
                out,
                "trusted {} ({}): its `allow_shell` now lets steps run commands; an edit of the file needs `skill-chains trust` again",
                t.path.display(),
                t.sha256
            ),
            Report::Revoked { path, was_trusted } => writeln!(
                out,
                "{} {}",
                if *was_trusted {
                    "no longer trusted:"
                } else {
                    "was not trusted:"
                },
                path.display()
            ),
            Report::List { trusted } if trusted.is_empty() => {
                writeln!(out, "no trusted configuration files")
            }
            Report::List { trusted } => {
                for t in trusted {
                    writeln!(out, "{}  {}", t.sha256, t.path.display())?;
                }
                Ok(())
            }
        }
    }
}

pub fn exec(args: &Args) -> anyhow::Result<Reply<'static>> {
    let store = TrustStore::user()?;
    if args.list {
        return Ok(Reply::data(Report::List {
            trusted: store.list()?,
        }));
    }
    let file = args
        .file
        .clone()
        .unwrap_or_else(|| PathBuf::from(DEFAULT_FILE));
    if args.revoke {
        let was_trusted = store.revoke(&file)?;
        return Ok(Reply::data(Report::Revoked {
            path: file,
            was_trusted,
        }));
    }
    Ok(Reply::data(Report::Trusted(store.trust(&file)?)))
}
