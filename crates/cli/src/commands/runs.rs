//! `runs`: every run in the store, newest first.

use std::fmt::{self, Write};
use std::process::ExitCode;

use serde::Serialize;
use skill_chains_engine::clock::format_utc;
use skill_chains_engine::store::{RunRow, Store};

use crate::context::Context;
use crate::driver::StoreArgs;
use crate::output::{Human, Out, fit};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub store: StoreArgs,
}

#[derive(Serialize)]
struct Runs {
    runs: Vec<RunRow>,
}

impl Human for Runs {
    fn human(&self, out: &mut Out) -> fmt::Result {
        if self.runs.is_empty() {
            return writeln!(out, "no runs yet: `skill-chains run <workflow>` starts one");
        }
        for r in &self.runs {
            writeln!(
                out,
                "{}  {}  {}  {}  ${:.4}",
                out.bold(&r.id),
                fit(&r.status, 17),
                out.dim(&format_utc(r.created_at)),
                fit(&r.workflow_name, 40),
                r.cost_usd
            )?;
        }
        Ok(())
    }
}

pub fn exec(args: Args, ctx: &Context) -> anyhow::Result<ExitCode> {
    let store = args.store.open()?;
    ctx.emit(&Runs {
        runs: store.runs()?,
    })?;
    Ok(ExitCode::SUCCESS)
}
