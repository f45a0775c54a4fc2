//! `runs`: every run in the store, newest first, with the version of the
//! workflow each ran (from its creation event).

use std::fmt::{self, Write};

use serde::Serialize;
use skill_chains_engine::clock::format_utc;
use skill_chains_engine::event::Event;
use skill_chains_engine::store::{RunRow, Store};

use crate::context::Context;
use crate::driver::StoreArgs;
use crate::output::{Human, Out, Reply, fit};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub store: StoreArgs,
}

#[derive(Serialize)]
struct Runs {
    runs: Vec<Row>,
}

#[derive(Serialize)]
struct Row {
    #[serde(flatten)]
    run: RunRow,
    /// The version of the workflow the run ran.
    #[serde(skip_serializing_if = "Option::is_none")]
    version: Option<u32>,
}

/// The workflow version a run's creation event recorded.
// Reads the run's log: `RunRow` has no version column (an engine change).
fn version(store: &dyn Store, run: &str) -> Option<u32> {
    match store.events(run, 0).ok()?.into_iter().next()?.event {
        Event::RunCreated { version, .. } => Some(version),
        _ => None,
    }
}

impl Human for Runs {
    fn human(&self, out: &mut Out) -> fmt::Result {
        if self.runs.is_empty() {
            return writeln!(out, "no runs yet: `skill-chains run <workflow>` starts one");
        }
        for row in &self.runs {
            let r = &row.run;
            let version = row.version.map(|v| format!("v{v}")).unwrap_or_default();
            writeln!(
                out,
                "{}  {}  {}  {} {}  {}",
                out.bold(&r.id),
                fit(&r.status, 17),
                out.dim(&format_utc(r.created_at)),
                fit(&r.workflow_name, 40),
                fit(&version, 4),
                skill_chains_core::render::text::money(r.cost_usd)
            )?;
        }
        Ok(())
    }
}

pub fn exec(args: Args, _ctx: &Context) -> anyhow::Result<Reply<'static>> {
    let store = args.store.open()?;
    let runs = store
        .runs()?
        .into_iter()
        .map(|run| Row {
            version: version(&store, &run.id),
            run,
        })
        .collect();
    Ok(Reply::data(Runs { runs }))
}
