//! `schedule <workflow> --team team.yaml`: a resource-levelled schedule.
//! Steps that need the same persona cannot overlap beyond the team's
//! capacity; the RCPSP solver finds a short plan that respects it. Prints
//! each step's start and finish, each persona's utilisation, and the finish
//! against the unconstrained critical path.

use std::path::PathBuf;

use anyhow::Context as _;
use skill_chains_core::duration::parse_duration;
use skill_chains_core::plan::gantt::Gantt;
use skill_chains_core::plan::graph::StepGraph;
use skill_chains_core::plan::report::schedule::Schedule;
use skill_chains_core::plan::schedule::{LevelledSchedule, ScheduleOptions, Work, schedule_work};
use skill_chains_core::plan::team::Team;

use crate::context::{Context, Document};
use crate::output::Reply;
use crate::plan_text::GanttArgs;
use crate::{load, progress};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// A built-in id or name, or a workflow file; or a program (built-in id or file).
    pub workflow: String,
    /// The team file: how many people of each persona (see docs/format.md).
    /// Without it, every persona has one person.
    #[arg(long, value_name = "FILE")]
    pub team: Option<PathBuf>,
    /// Solver budget in generated schedules (default: sized to the workflow).
    #[arg(long, value_name = "N")]
    pub schedules: Option<u64>,
    /// Seed of the solver's random generator.
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// Period length (`1d`, `4h`); chosen from the shortest step by default.
    #[arg(long, value_name = "DURATION")]
    pub quantum: Option<String>,
    #[command(flatten)]
    pub chart: GanttArgs,
}

pub fn exec(args: Args, ctx: &Context) -> anyhow::Result<Reply<'static>> {
    let wf = match ctx.document(&args.workflow)? {
        Document::Program(program) => return program_schedule(&args, &program, ctx),
        Document::Workflow(wf, _) => wf,
    };
    let team = team(&args, ctx)?;
    let graph = StepGraph::build(&wf);
    let levelled = level(&args, &Work::of(&graph), &team, ctx)?;
    let gantt = args
        .chart
        .deliver(ctx.json, || Gantt::from_schedule(&wf, &graph, &levelled))?;
    if let Some(text) = gantt.alone {
        return Ok(Reply::raw(text));
    }
    Ok(Reply::data(Schedule::of_workflow(
        &wf, &graph, &team, levelled, gantt,
    )))
}

/// `schedule <program>`: the whole program levelled as one project, the
/// same people shared by every workflow.
fn program_schedule(
    args: &Args,
    program: &skill_chains_core::compose::Program,
    ctx: &Context,
) -> anyhow::Result<Reply<'static>> {
    use skill_chains_core::compose::{gantt, network::ProgramNetwork, report};
    let team = team(args, ctx)?;
    let pn = ProgramNetwork::build(program);
    let levelled = level(args, &pn.work(), &team, ctx)?;
    let chart = args
        .chart
        .deliver(ctx.json, || gantt::levelled(program, &pn, &levelled))?;
    if let Some(text) = chart.alone {
        return Ok(Reply::raw(text));
    }
    Ok(Reply::data(report::schedule(
        program, &pn, &team, levelled, chart,
    )))
}

/// The team from `--team`, or one person per persona.
fn team(args: &Args, ctx: &Context) -> anyhow::Result<Team> {
    Ok(match &args.team {
        Some(path) => {
            let text = load::read_text(path)?;
            Team::parse(&text, &ctx.catalog.personas).map_err(|e| {
                anyhow::anyhow!(
                    "{}: {e}\nhelp: see \"Team files\" in docs/format.md",
                    path.display()
                )
            })?
        }
        None => Team::unlimited_default(),
    })
}

/// Level `work` against `team` with the command's options, showing progress.
fn level(
    args: &Args,
    work: &Work<'_>,
    team: &Team,
    ctx: &Context,
) -> anyhow::Result<LevelledSchedule> {
    let quantum = args
        .quantum
        .as_deref()
        .map(|q| {
            parse_duration(q, work.calendar)
                .with_context(|| format!("--quantum `{q}`: write a duration such as `1d` or `4h`"))
        })
        .transpose()?;
    let opts = ScheduleOptions {
        quantum: quantum.map(|q| q.0).filter(|&q| q > 0.0),
        schedules: args.schedules,
        seed: args.seed,
        time_limit: None,
    };
    let bar = progress::counter(ctx, "levelling", "schedules");
    let mut report_progress = |n: u64| bar.set_position(n);
    let levelled = schedule_work(work, team, &opts, Some(&mut report_progress))?;
    bar.finish_and_clear();
    Ok(levelled)
}
