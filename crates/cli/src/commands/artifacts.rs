//! `artifacts <run> [<name>]`: what the run's steps produced, by name and
//! content hash (each checked against its content); with a name, the
//! artifact itself.

use std::fmt::{self, Write};

use serde::Serialize;
use skill_chains_engine::artifact;
use skill_chains_engine::event::Event;
use skill_chains_engine::store::Store;

use crate::context::Context;
use crate::driver::{self, StoreArgs};
use crate::output::{Failed, Human, Out, Reply, fit};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// A run id, a unique prefix of one, or `last`.
    pub run: String,
    /// An artifact name or step id: print its latest content.
    pub name: Option<String>,
    /// Include each artifact's content in `--json`.
    #[arg(long)]
    pub content: bool,
    #[command(flatten)]
    pub store: StoreArgs,
}

#[derive(Serialize)]
struct Artifact {
    step: String,
    names: Vec<String>,
    hash: String,
    size: usize,
    /// The stored bytes hash to the recorded hash.
    intact: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    content: Option<String>,
}

#[derive(Serialize)]
struct Artifacts {
    run: String,
    artifacts: Vec<Artifact>,
}

impl Human for Artifacts {
    fn human(&self, out: &mut Out) -> fmt::Result {
        for a in &self.artifacts {
            let ok = if a.intact {
                out.good("ok")
            } else {
                out.bad("DAMAGED")
            };
            writeln!(
                out,
                "{} {} {:>8} B  {}  {}",
                fit(&a.step, 28),
                out.dim(&a.hash[..a.hash.len().min(19)]),
                a.size,
                ok,
                a.names.join(", ")
            )?;
        }
        Ok(())
    }
}

pub fn exec(args: Args, ctx: &Context) -> anyhow::Result<Reply<'static>> {
    let store = args.store.open()?;
    let run = driver::load_run(ctx, &store, &args.run)?;
    if let Some(name) = &args.name {
        let Some(hash) = run.state.artifacts.get(name) else {
            return Err(Failed {
                status: 1,
                message: format!("run {} has no artifact `{name}` (yet)", run.id),
            }
            .into());
        };
        let bytes = store.artifact(hash)?.unwrap_or_default();
        // The artifact as it was stored, byte for byte (it may not be text).
        crate::output::write_stdout(&bytes)?;
        return Ok(Reply::empty());
    }
    let mut artifacts = Vec::new();
    for r in store.events(&run.id, 0)? {
        let Event::StepCompleted {
            step,
            artifact: hash,
            outputs,
            ..
        } = r.event
        else {
            continue;
        };
        let bytes = store.artifact(&hash)?;
        let intact = bytes.as_deref().is_some_and(|b| artifact::hash(b) == hash);
        let mut names = outputs;
        if let Some(&i) = run.layout.index.get(&step) {
            names.extend(run.layout.steps[i].outputs.iter().cloned());
        }
        artifacts.push(Artifact {
            size: bytes.as_ref().map_or(0, Vec::len),
            content: (args.content && ctx.json)
                .then(|| bytes.map(|b| String::from_utf8_lossy(&b).into_owned()))
                .flatten(),
            step,
            names,
            hash,
            intact,
        });
    }
    Ok(Reply::data(Artifacts {
        run: run.id,
        artifacts,
    }))
}
