//! `retrospective <run>`: the workflow's questions plus questions generated
//! from what the run did (overruns past P80, loops, rejected gates, missed
//! criteria, budget stops, steps never started), each with its evidence;
//! answers from `--answers answers.yaml`, or asked at a terminal and kept in
//! `.skill-chains/retrospectives/<run>.yaml`; planned against actual per
//! phase and step. `--propose` writes the workflow's next version from it
//! (see `propose.rs`). Also the history behind `timeline --calibrated`.
//!
//! Actual effort: a person's step counts its wall time between start and
//! `step done`, turned into working time (a business day is 8 of 24 hours,
//! 5 of 7 days); an automated step counts its measured duration.

use skill_chains_core::learn::calibrate::CalibratedTimeline;
use skill_chains_core::learn::retro::Answered;
use skill_chains_core::model::CheckedWorkflow;
use skill_chains_engine::ops;
use skill_chains_engine::project::retrospectives;

use crate::context::Context;
use crate::driver::{self, StoreArgs};
use crate::output::Reply;
use crate::project;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Md,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// A run id, a unique prefix of one, or `last` (the default).
    #[arg(default_value = "last")]
    pub run: String,
    /// Answers: a YAML map from question id (`q1`) or text to the answer.
    #[arg(long, value_name = "FILE")]
    pub answers: Option<std::path::PathBuf>,
    /// Text (default) or Markdown.
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
    /// Write the workflow's next version from this run and the history
    /// (estimates recalibrated, pitfalls, gates) to review, then `apply`.
    #[arg(long)]
    pub propose: bool,
    /// Where to write the proposal (default: .skill-chains/proposals/<id>-v<N>.yaml).
    #[arg(
        short = 'o',
        long = "output",
        value_name = "FILE",
        requires = "propose"
    )]
    pub output: Option<std::path::PathBuf>,
    /// Replace an existing -o file.
    #[arg(long, requires = "output")]
    pub force: bool,
    #[command(flatten)]
    pub store: StoreArgs,
}

pub fn exec(args: Args, ctx: &Context) -> anyhow::Result<Reply<'static>> {
    let given = args
        .answers
        .as_deref()
        .map(retrospectives::read_answers)
        .transpose()?;
    let store = args.store.open()?;
    let run = driver::load_run(ctx, &store, &args.run)?;
    let project = project::of(ctx);
    let mut at_terminal = |questions: &mut [Answered]| {
        ops::ask_in_turn(
            questions,
            &mut std::io::stdin().lock(),
            &mut std::io::stderr(),
        )
    };
    let asker: Option<ops::Ask> = driver::interactive(ctx).then_some(&mut at_terminal);
    let found = ops::retrospective(&store, &project, &run, given, asker)
        .map_err(|e| project::error(ctx, e))?;
    if let Some(kept) = &found.kept {
        eprintln!("answers kept in {}", kept.display());
    }
    if args.propose {
        let target = ops::Target {
            output: args.output.clone(),
            force: args.force,
        };
        let proposed = ops::propose(&store, &project, &run, found, &target)
            .map_err(|e| project::error(ctx, e))?;
        return Ok(Reply::data(proposed));
    }
    Ok(Reply::data(found.report(&run, args.format == Format::Md)))
}

/// `timeline <wf> --calibrated`.
pub fn calibrated(
    wf: &CheckedWorkflow,
    iterations: u32,
    seed: u64,
    store: &StoreArgs,
    ctx: &Context,
) -> anyhow::Result<Reply<'static>> {
    let store = store.open()?;
    let samples = ops::history(&store, &ctx.catalog).map_err(driver::op_error)?;
    Ok(Reply::data(CalibratedTimeline::new(
        wf, &samples, iterations, seed,
    )))
}
