//! `diff <old> <new>`: the semantic diff of two workflow versions (phases,
//! steps, personas, estimates, gates added, removed, changed), not a text diff.
//! `diff <workflow> <v1> <v2>` compares two versions of one workflow from
//! its history (`history <workflow>` lists them; `current` names the current).

use std::fmt::{self, Write};

use serde::Serialize;
use skill_chains_core::learn::diff::{self, Change};
use skill_chains_core::model::Workflow;
use skill_chains_engine::ops;

use crate::context::Context;
use crate::output::{Human, Out, Reply};
use crate::project;

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  skill-chains diff old.yaml new.yaml\n  skill-chains diff incident-review.yaml 1 2"
)]
pub struct Args {
    /// The older version: a built-in id or a workflow file; or, with three
    /// arguments, the workflow whose versions to compare.
    pub old: String,
    /// The newer version; or the first version number (`1`, `v1`, `current`).
    pub new: String,
    /// The second version number, when comparing versions of one workflow.
    pub version: Option<String>,
}

#[derive(Serialize)]
struct Report {
    old: String,
    new: String,
    summary: String,
    changes: Vec<Change>,
}

pub fn exec(args: Args, ctx: &Context) -> anyhow::Result<Reply<'static>> {
    let (a, b) = match &args.version {
        Some(v2) => (
            version(ctx, &args.old, &args.new)?,
            version(ctx, &args.old, v2)?,
        ),
        None => (
            ctx.workflow(&args.old)?.0.into_workflow(),
            ctx.workflow(&args.new)?.0.into_workflow(),
        ),
    };
    let changes = diff::diff(&a, &b);
    Ok(Reply::data(Report {
        summary: diff::summary(&changes),
        old: format!("{} v{}", a.id, a.version),
        new: format!("{} v{}", b.id, b.version),
        changes,
    }))
}

/// Version `which` (`2`, `v2`, `current`) of the workflow `name`.
fn version(ctx: &Context, name: &str, which: &str) -> anyhow::Result<Workflow> {
    ops::workflow_version(&project::of(ctx), name, which).map_err(|e| project::error(ctx, e))
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
