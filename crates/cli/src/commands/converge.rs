//! `converge <wf>... --into <wf> [--phase p] [-o file]`: a program where
//! parallel workflows must all finish before a convergence workflow (or one
//! of its phases) starts (the seed's /converge and section 14, pattern 2).

use skill_chains_core::compose::generate::default_gate;
use skill_chains_core::compose::raw::{RawConverge, RawGate, RawHandoff, RawSource};
use skill_chains_core::span::Sp;
use skill_chains_engine::project::programs;

use crate::context::Context;
use crate::output::Reply;
use crate::program;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The workflows that run in parallel: built-in ids or names, or files.
    #[arg(required = true)]
    pub workflows: Vec<String>,
    /// The convergence workflow (e.g. integration testing and launch).
    #[arg(long, value_name = "WORKFLOW")]
    pub into: String,
    /// The phase of the convergence workflow that waits (default: its start).
    #[arg(long, value_name = "PHASE")]
    pub phase: Option<String>,
    /// The convergence gate (default: every workflow's last deliverable).
    #[arg(long, value_name = "TEXT")]
    pub gate: Option<String>,
    /// The program's name (default: "A + B → C").
    #[arg(long)]
    pub name: Option<String>,
    /// Where to write the program (default: <id>.yaml here); `-` prints it.
    #[arg(short, long)]
    pub output: Option<String>,
    /// Replace an existing file.
    #[arg(long)]
    pub force: bool,
}

pub fn exec(args: Args, ctx: &Context) -> anyhow::Result<Reply<'static>> {
    let dir = programs::output_dir(args.output.as_deref());
    let mut names = args.workflows.clone();
    names.push(args.into.clone());
    let named = program::named(&names, &dir, ctx)?;
    let (sources, into) = named.split_at(named.len() - 1);
    let into = &into[0];
    let name = args.name.clone().unwrap_or_else(|| {
        let from: Vec<&str> = sources
            .iter()
            .map(|n| n.workflow.name.value.as_str())
            .collect();
        format!("{} → {}", from.join(" + "), into.workflow.name.value)
    });
    let defaults: Vec<RawGate> = sources.iter().map(|n| default_gate(&n.workflow)).collect();
    let gate = RawGate {
        text: Some(args.gate.clone().unwrap_or_else(|| {
            "Every converging workflow has delivered; the integration team validates the contracts together".to_string()
        })),
        requires: defaults.into_iter().flat_map(|g| g.requires).collect(),
    };
    let handoff = RawHandoff {
        converge: Some(Sp::bare(RawConverge {
            from: sources
                .iter()
                .map(|n| Sp::bare(RawSource::Id(n.alias.clone())))
                .collect(),
            into: Sp::bare(into.alias.clone()),
            phase: args.phase.clone().map(Sp::bare),
        })),
        gate: Some(Sp::bare(gate)),
        ..RawHandoff::default()
    };
    program::write_generated(
        name,
        &named,
        vec![Sp::bare(handoff)],
        args.output.as_deref(),
        args.force,
        "converge",
        ctx,
    )
}
