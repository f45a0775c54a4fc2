//! `sequence <wf> <wf>... [--gate text]... [-o file]`: a program chaining
//! workflows one after another with a handoff gate at each arrow (the seed's
//! /sequence and section 14, pattern 1).

use anyhow::bail;
use skill_chains_core::compose::generate::default_gate;
use skill_chains_core::compose::raw::{RawGate, RawHandoff, RawSequence};
use skill_chains_core::span::Sp;
use skill_chains_engine::project::programs;

use crate::context::Context;
use crate::output::Reply;
use crate::program;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The workflows in order: built-in ids or names, or workflow files.
    #[arg(required = true, num_args = 2..)]
    pub workflows: Vec<String>,
    /// The gate of each handoff in order (repeat, one per arrow); a missing
    /// gate waits for the delivering workflow's last deliverable.
    #[arg(long = "gate", value_name = "TEXT")]
    pub gates: Vec<String>,
    /// The program's name (default: the workflows' names joined by →).
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
    if args.workflows.len() < 2 {
        bail!("a sequence needs at least two workflows");
    }
    if args.gates.len() >= args.workflows.len() {
        bail!(
            "{} gates for {} handoffs\nhelp: give one --gate per arrow between consecutive workflows",
            args.gates.len(),
            args.workflows.len() - 1
        );
    }
    let dir = programs::output_dir(args.output.as_deref());
    let named = program::named(&args.workflows, &dir, ctx)?;
    let name = args.name.clone().unwrap_or_else(|| {
        named
            .iter()
            .map(|n| n.workflow.name.value.as_str())
            .collect::<Vec<_>>()
            .join(" → ")
    });
    let handoffs = named
        .windows(2)
        .enumerate()
        .map(|(i, pair)| {
            let mut gate = default_gate(&pair[0].workflow);
            if let Some(text) = args.gates.get(i) {
                gate = RawGate {
                    text: Some(text.clone()),
                    ..gate
                };
            }
            Sp::bare(RawHandoff {
                sequence: Some(Sp::bare(RawSequence {
                    from: Sp::bare(pair[0].alias.clone()),
                    to: Sp::bare(pair[1].alias.clone()),
                    when: None,
                })),
                gate: Some(Sp::bare(gate)),
                ..RawHandoff::default()
            })
        })
        .collect();
    program::write_generated(
        name,
        &named,
        handoffs,
        args.output.as_deref(),
        args.force,
        "sequence",
        ctx,
    )
}
