//! `timeline <workflow>`: PERT and Monte Carlo over the step graph, P50/P80/P95
//! finish, the chance of meeting a deadline, each step's criticality, and
//! whether the stated timeline is realistic. `--gantt` draws the plan.

use anyhow::Context as _;
use skill_chains_core::compose::Program;
use skill_chains_core::compose::network::ProgramNetwork;
use skill_chains_core::duration::{Calendar, parse_duration};
use skill_chains_core::plan::gantt::Gantt;
use skill_chains_core::plan::graph::StepGraph;
use skill_chains_core::plan::montecarlo::{MonteCarloOptions, Sampling};
use skill_chains_core::plan::report::timeline::Timeline;
use skill_chains_core::plan::timeline::timeline;

use crate::context::{Context, Document};
use crate::output::Reply;
use crate::plan_text::GanttArgs;
use crate::progress;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// A built-in id or name, or a workflow file; or a program (built-in id or file).
    pub workflow: String,
    /// Monte Carlo runs.
    #[arg(long, default_value_t = 10_000, value_parser = clap::value_parser!(u32).range(1..=10_000_000))]
    pub iterations: u32,
    /// Seed of the random generator: the same seed gives the same answer.
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// How step durations are drawn from their three-point estimates.
    #[arg(long, value_enum, default_value = "beta-pert")]
    pub sampling: SamplingArg,
    /// Report the chance of finishing by this time from the start (`9mo`, `6w`).
    #[arg(long, value_name = "DURATION")]
    pub deadline: Option<String>,
    #[command(flatten)]
    pub chart: GanttArgs,
    /// Worker threads for the simulation (the result does not depend on it).
    #[arg(long)]
    pub threads: Option<usize>,
    /// Scale estimates by the actual/estimate ratios of recorded runs (see `retrospective`).
    #[arg(long)]
    pub calibrated: bool,
    #[command(flatten)]
    pub store: crate::driver::StoreArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SamplingArg {
    BetaPert,
    Triangular,
}

pub fn exec(args: Args, ctx: &Context) -> anyhow::Result<Reply<'static>> {
    let wf = match ctx.document(&args.workflow)? {
        Document::Program(program) => return program_timeline(&args, &program, ctx),
        Document::Workflow(wf, _) => wf,
    };
    if args.calibrated {
        return super::retrospective::calibrated(&wf, args.iterations, args.seed, &args.store, ctx);
    }
    let deadline = deadline(&args, wf.calendar)?;
    let graph = StepGraph::build(&wf);
    let opts = options(&args, deadline);
    // Worth a bar only when the simulation takes noticeable time.
    let work = u64::from(args.iterations) * graph.len() as u64;
    let bar = if work > 20_000_000 {
        progress::bar(ctx, u64::from(args.iterations), "simulating")
    } else {
        indicatif::ProgressBar::hidden()
    };
    let report_progress = |n: u64| bar.set_position(n);
    let r = timeline(&wf, &graph, &opts, Some(&report_progress));
    bar.finish_and_clear();
    let gantt = args
        .chart
        .deliver(ctx.json, || Gantt::from_cpm(&wf, &graph, &r.cpm))?;
    if let Some(chart) = gantt.alone {
        return Ok(Reply::raw(chart));
    }
    Ok(Reply::data(Timeline::new(&wf, &graph, r, deadline, gantt)))
}

/// `--deadline` in working minutes under `calendar`.
fn deadline(args: &Args, calendar: Calendar) -> anyhow::Result<Option<f64>> {
    args.deadline
        .as_deref()
        .map(|d| {
            parse_duration(d, calendar).map(|d| d.0).with_context(|| {
                format!("--deadline `{d}`: write a duration such as `9mo` or `6 weeks`")
            })
        })
        .transpose()
}

/// The simulation the options ask for.
fn options(args: &Args, deadline: Option<f64>) -> MonteCarloOptions {
    let threads = args.threads.unwrap_or_else(|| {
        std::thread::available_parallelism()
            .map(|n| n.get().min(4))
            .unwrap_or(1)
    });
    MonteCarloOptions {
        iterations: args.iterations,
        seed: args.seed,
        sampling: match args.sampling {
            SamplingArg::BetaPert => Sampling::BetaPert,
            SamplingArg::Triangular => Sampling::Triangular,
        },
        deadline,
        threads: threads.max(1),
        ..MonteCarloOptions::default()
    }
}

/// `timeline <program>`: the program planned as one project.
fn program_timeline(
    args: &Args,
    program: &Program,
    ctx: &Context,
) -> anyhow::Result<Reply<'static>> {
    let opts = options(args, deadline(args, Calendar::Business)?);
    let pn = ProgramNetwork::build(program);
    let gantt = args.chart.deliver(ctx.json, || {
        skill_chains_core::compose::gantt::expected(program, &pn)
    })?;
    if let Some(chart) = gantt.alone {
        return Ok(Reply::raw(chart));
    }
    // One simulation of the program, then one per workflow for its own finish.
    let runs = 1 + pn.instances.len() as u64;
    let total = u64::from(opts.iterations) * runs;
    let bar = if total * pn.network.len() as u64 > 20_000_000 {
        progress::bar(ctx, total, "simulating")
    } else {
        indicatif::ProgressBar::hidden()
    };
    let report_progress = |n: u64| bar.set_position(n);
    let report = skill_chains_core::compose::report::timeline(
        program,
        &pn,
        &opts,
        gantt,
        Some(&report_progress),
    );
    bar.finish_and_clear();
    Ok(Reply::data(report))
}
