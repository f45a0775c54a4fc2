//! `history <workflow>`: its versions, oldest first: number, when each was
//! saved, where it came from, and what changed from the one before (counts
//! of steps, phases, personas, estimates, gates ... added, removed or
//! changed, from the semantic diff).

use std::fmt::{self, Write};

use serde::Serialize;
use skill_chains_core::format::load_workflow;
use skill_chains_core::learn::diff::{self, Change};
use skill_chains_core::model::Workflow;

use crate::context::Context;
use crate::output::{Human, Out, Reply, fit};
use crate::versions::{self, Entry};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// A built-in id or a workflow file.
    pub workflow: String,
}

#[derive(Serialize)]
struct History {
    workflow: String,
    /// Where the current version lives.
    home: String,
    current: u32,
    versions: Vec<Row>,
}

#[derive(Serialize)]
struct Row {
    version: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    saved: Option<String>,
    source: String,
    current: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    path: Option<String>,
    /// What changed from the version before, counted by kind.
    summary: String,
    changes: Vec<Change>,
}

pub fn exec(args: Args, ctx: &Context) -> anyhow::Result<Reply<'static>> {
    let home = versions::home_of_name(ctx, &args.workflow)?;
    let (cur, entries) = versions::history(ctx, &home)?;
    let mut rows = Vec::new();
    let mut before: Option<Workflow> = None;
    for e in &entries {
        let wf = read(ctx, e);
        let (summary, changes) = match (&before, &wf) {
            (_, None) => ("does not read as a workflow".into(), Vec::new()),
            (None, Some(_)) => ("first kept".into(), Vec::new()),
            (Some(a), Some(b)) => {
                let changes = diff::diff(a, b);
                (diff::tally(&changes), changes)
            }
        };
        if wf.is_some() {
            before = wf;
        }
        rows.push(Row {
            version: e.number,
            saved: e.saved.clone(),
            source: e.source.clone(),
            current: e.current,
            path: e.path.as_ref().map(|p| p.display().to_string()),
            summary,
            changes,
        });
    }
    Ok(Reply::data(History {
        workflow: cur.workflow.id.clone(),
        home: cur.home.describe(),
        current: cur.workflow.version,
        versions: rows,
    }))
}

/// A version as a model, leniently (an old version may not pass today's checks).
pub fn read(ctx: &Context, e: &Entry) -> Option<Workflow> {
    load_workflow(&e.text, &ctx.catalog.personas).workflow
}

impl Human for History {
    fn human(&self, out: &mut Out) -> fmt::Result {
        writeln!(
            out,
            "{}: {} version(s), current v{} ({})",
            out.bold(&self.workflow),
            self.versions.len(),
            self.current,
            self.home
        )?;
        for r in &self.versions {
            let mark = if r.current { "*" } else { " " };
            writeln!(
                out,
                "{mark} {} {} {}  {}",
                fit(&format!("v{}", r.version), 4),
                fit(r.saved.as_deref().unwrap_or("-"), 20),
                fit(&r.source, 44),
                r.summary
            )?;
        }
        Ok(())
    }
}
