//! `diff <old> <new>`: the semantic diff of two workflow versions (phases,
//! steps, personas, estimates, gates added, removed, changed), not a text diff.

use std::fmt::{self, Write};
use std::process::ExitCode;

use serde::Serialize;
use skill_chains_core::learn::diff::{self, Change};

use crate::context::Context;
use crate::output::{Human, Out};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The older version: a built-in id or a workflow file.
    pub old: String,
    /// The newer version.
    pub new: String,
}

#[derive(Serialize)]
struct Report {
    old: String,
    new: String,
    summary: String,
    changes: Vec<Change>,
}

pub fn exec(args: Args, ctx: &Context) -> anyhow::Result<ExitCode> {
    let (a, _) = ctx.workflow(&args.old)?;
    let (b, _) = ctx.workflow(&args.new)?;
    let changes = diff::diff(&a, &b);
    ctx.emit(&Report {
        summary: diff::summary(&changes),
        old: format!("{} v{}", a.id, a.version),
        new: format!("{} v{}", b.id, b.version),
        changes,
    })?;
    Ok(ExitCode::SUCCESS)
}

impl Human for Report {
    fn human(&self, out: &mut Out) -> fmt::Result {
        writeln!(
            out,
            "{} -> {}: {}",
            out.bold(&self.old),
            out.bold(&self.new),
            self.summary
        )?;
        out.write_str(&diff::render(&self.changes))
    }
}
