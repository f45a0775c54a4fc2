//! `schedule <workflow> --team team.yaml`: a resource-levelled schedule.
//! Steps that need the same persona cannot overlap beyond the team's
//! capacity; the RCPSP solver finds a short plan that respects it. Prints
//! each step's start and finish, each persona's utilisation, and the finish
//! against the unconstrained critical path.

use std::fmt::{self, Write};
use std::path::PathBuf;

use anyhow::Context as _;
use comfy_table::{Table, presets::UTF8_BORDERS_ONLY};
use serde::Serialize;
use skill_chains_core::duration::{Calendar, parse_duration};
use skill_chains_core::plan::gantt::Gantt;
use skill_chains_core::plan::graph::StepGraph;
use skill_chains_core::plan::schedule::{LevelledSchedule, ScheduleOptions, Work, schedule_work};
use skill_chains_core::plan::team::Team;

use crate::context::Context;
use crate::output::{Human, Out, Reply};
use crate::plan_text::{Delivered, GanttArgs, node_name, time};
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

#[derive(Serialize)]
struct Report {
    workflow: String,
    #[serde(skip)]
    name: String,
    team: Option<String>,
    /// Times are working minutes under this calendar.
    calendar: Calendar,
    quantum: f64,
    finish: f64,
    /// The critical-path finish with the same durations and unlimited people.
    unconstrained: f64,
    lower_bound: f64,
    proven_optimal: bool,
    schedules: u64,
    timed_out: bool,
    feasible: bool,
    /// Personas the team file does not name: they got the default capacity.
    defaulted: Vec<String>,
    default_capacity: u32,
    steps: Vec<StepOut>,
    personas: Vec<PersonaOut>,
    #[serde(flatten)]
    gantt: Delivered,
}

#[derive(Serialize)]
struct StepOut {
    id: String,
    persona: String,
    start: f64,
    finish: f64,
}

#[derive(Serialize)]
struct PersonaOut {
    persona: String,
    people: f64,
    slots: u32,
    busy: f64,
    utilisation: f64,
}

impl Human for Report {
    fn human(&self, out: &mut Out) -> fmt::Result {
        let cal = self.calendar;
        let team = self
            .team
            .as_ref()
            .map(|t| format!(" (team: {t})"))
            .unwrap_or_default();
        writeln!(
            out,
            "{}",
            out.bold(&format!("{}: resource-levelled schedule{team}", self.name))
        )?;
        let delay = self.finish - self.unconstrained;
        let verdict = if delay > 1e-9 {
            out.accent(&format!(
                "{} later: people are the bottleneck",
                time(delay, cal)
            ))
        } else {
            out.good("the team does not delay the plan")
        };
        writeln!(
            out,
            "{} {} with this team · {} on the critical path with unlimited people · {verdict}",
            out.bold("Finish:"),
            out.bold(&time(self.finish, cal)),
            time(self.unconstrained, cal)
        )?;
        let quality = if self.proven_optimal {
            "optimal (reaches the lower bound)".to_string()
        } else {
            format!("lower bound {}", time(self.lower_bound, cal))
        };
        writeln!(
            out,
            "{}",
            out.dim(&format!(
                "period {} · {} schedules tried{} · {quality} · {}",
                time(self.quantum, cal),
                self.schedules,
                if self.timed_out { " (time limit)" } else { "" },
                if self.feasible {
                    "checked feasible"
                } else {
                    "NOT feasible (a solver bug: please report)"
                }
            ))
        )?;
        if !self.defaulted.is_empty() {
            writeln!(
                out,
                "{} {} {}",
                out.accent("Not in the team file, so capacity"),
                out.accent(&self.default_capacity.to_string()),
                out.accent(&format!("each: {}", self.defaulted.join(", ")))
            )?;
        }
        let mut table = Table::new();
        table.load_style(UTF8_BORDERS_ONLY);
        table.set_header(["step", "persona", "start", "finish"]);
        for s in &self.steps {
            table.add_row([
                s.id.clone(),
                s.persona.clone(),
                time(s.start, cal),
                time(s.finish, cal),
            ]);
        }
        writeln!(out, "{table}")?;
        let mut table = Table::new();
        table.load_style(UTF8_BORDERS_ONLY);
        table.set_header(["persona", "people", "busy", "utilisation", ""]);
        for p in &self.personas {
            let bar = "█".repeat((p.utilisation * 20.0).round() as usize);
            table.add_row([
                p.persona.clone(),
                skill_chains_core::duration::trim_number(p.people),
                time(p.busy, cal),
                format!("{:.0}%", p.utilisation * 100.0),
                bar,
            ]);
        }
        writeln!(out, "{table}")?;
        self.gantt.human(out, "Gantt (levelled)")
    }
}

pub fn exec(args: Args, ctx: &Context) -> anyhow::Result<Reply<'static>> {
    if let Some(program) = crate::program::load(&args.workflow, ctx)? {
        return program_schedule(&args, &program, ctx);
    }
    let (wf, _) = ctx.workflow(&args.workflow)?;
    let team = team(&args, ctx)?;
    let graph = StepGraph::build(&wf);
    let levelled = level(&args, &Work::of(&graph), &team, ctx)?;
    let gantt = args
        .chart
        .deliver(ctx.json, || Gantt::from_schedule(&wf, &graph, &levelled))?;
    if let Some(text) = gantt.alone {
        return Ok(Reply::raw(text));
    }
    let steps = graph
        .steps()
        .map(|i| StepOut {
            id: node_name(&wf, &graph, i),
            persona: graph.nodes[i].persona_name.clone().unwrap_or_default(),
            start: levelled.placed[i].start,
            finish: levelled.placed[i].finish,
        })
        .collect();
    let (id, name) = (wf.id.clone(), wf.name.value.clone());
    Ok(Reply::data(report(
        id,
        name,
        &team,
        wf.calendar,
        levelled,
        steps,
        gantt,
    )))
}

/// `schedule <program>`: the whole program levelled as one project, the
/// same people shared by every workflow.
fn program_schedule(
    args: &Args,
    program: &skill_chains_core::compose::Program,
    ctx: &Context,
) -> anyhow::Result<Reply<'static>> {
    use skill_chains_core::compose::{gantt, network::NodeKind, network::ProgramNetwork};
    let team = team(args, ctx)?;
    let pn = ProgramNetwork::build(program);
    let levelled = level(args, &pn.work(), &team, ctx)?;
    let chart = args
        .chart
        .deliver(ctx.json, || gantt::levelled(program, &pn, &levelled))?;
    if let Some(text) = chart.alone {
        return Ok(Reply::raw(text));
    }
    let steps = pn
        .nodes
        .iter()
        .enumerate()
        .filter(|(_, n)| n.kind == NodeKind::Step)
        .map(|(i, n)| StepOut {
            id: n.id.clone(),
            persona: n.persona_name.clone().unwrap_or_default(),
            start: levelled.placed[i].start,
            finish: levelled.placed[i].finish,
        })
        .collect();
    let (id, name) = (program.id.clone(), program.name.value.clone());
    Ok(Reply::data(report(
        id,
        name,
        &team,
        Calendar::Business,
        levelled,
        steps,
        chart,
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

/// The report of a levelled schedule, steps in start order.
fn report(
    id: String,
    name: String,
    team: &Team,
    calendar: Calendar,
    levelled: LevelledSchedule,
    mut steps: Vec<StepOut>,
    gantt: Delivered,
) -> Report {
    steps.sort_by(|a, b| a.start.total_cmp(&b.start));
    Report {
        workflow: id,
        name,
        team: team.name.clone(),
        calendar,
        quantum: levelled.quantum,
        finish: levelled.finish,
        unconstrained: levelled.unconstrained,
        lower_bound: levelled.lower_bound,
        proven_optimal: levelled.proven_optimal,
        schedules: levelled.schedules,
        timed_out: levelled.timed_out,
        feasible: levelled.feasible,
        defaulted: levelled
            .resources
            .iter()
            .filter(|r| r.defaulted)
            .map(|r| r.name.clone())
            .collect(),
        default_capacity: team.default_capacity,
        personas: levelled
            .resources
            .iter()
            .map(|r| PersonaOut {
                persona: r.name.clone(),
                people: r.people,
                slots: r.slots,
                busy: r.busy,
                utilisation: r.utilisation,
            })
            .collect(),
        steps,
        gantt,
    }
}
