//! `timeline <workflow>`: PERT and Monte Carlo over the step graph, P50/P80/P95
//! finish, the chance of meeting a deadline, each step's criticality, and
//! whether the stated timeline is realistic. `--gantt` draws the plan.

use std::fmt::{self, Write};

use anyhow::Context as _;
use serde::Serialize;
use skill_chains_core::duration::{Calendar, parse_duration};
use skill_chains_core::plan::gantt::Gantt;
use skill_chains_core::plan::graph::{EstimateSource, StepGraph};
use skill_chains_core::plan::montecarlo::{Histogram, MonteCarloOptions, Sampling};
use skill_chains_core::plan::timeline::{Assessment, timeline};

use crate::context::Context;
use crate::output::{Human, Out, Reply, fit};
use crate::plan_text::{Delivered, GanttArgs, node_name, time};
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

#[derive(Serialize)]
struct Report {
    workflow: String,
    #[serde(skip)]
    name: String,
    /// Times are working minutes under this calendar.
    calendar: Calendar,
    pert: Pert,
    montecarlo: MonteCarloOut,
    assessment: Option<Assessment>,
    steps: Vec<StepOut>,
    #[serde(flatten)]
    gantt: Delivered,
}

#[derive(Serialize)]
struct Pert {
    mean: f64,
    sd: f64,
    p80: f64,
    p95: f64,
    deadline_probability: Option<f64>,
    critical_path: Vec<String>,
}

#[derive(Serialize)]
struct MonteCarloOut {
    iterations: u32,
    seed: u64,
    sampling: Sampling,
    mean: f64,
    sd: f64,
    min: f64,
    max: f64,
    p50: f64,
    p80: f64,
    p95: f64,
    deadline: Option<f64>,
    deadline_probability: Option<f64>,
    histogram: Histogram,
}

#[derive(Serialize)]
struct StepOut {
    id: String,
    optimistic: f64,
    likely: f64,
    pessimistic: f64,
    mean: f64,
    /// `given`, `window`, `timeline` or `default`.
    estimate: &'static str,
    #[serde(skip)]
    derivation: Option<String>,
    /// Share of runs in which the step was on the critical path.
    criticality: f64,
}

impl Human for Report {
    fn human(&self, out: &mut Out) -> fmt::Result {
        let cal = self.calendar;
        let t = |x: f64| time(x, cal);
        writeln!(out, "{}", out.bold(&format!("{}: timeline", self.name)))?;
        let derived = self.steps.iter().filter(|s| s.derivation.is_some()).count();
        let three = self
            .steps
            .iter()
            .filter(|s| s.derivation.is_none() && s.pessimistic > s.optimistic)
            .count();
        writeln!(
            out,
            "{}",
            out.dim(&format!(
                "{} steps: {three} with three-point estimates, {} with one, {derived} derived from their phase window",
                self.steps.len(),
                self.steps.len() - three - derived
            ))
        )?;
        let p = &self.pert;
        writeln!(
            out,
            "{} expected {}, σ {} along the critical path (normal P80 {}, P95 {})",
            out.bold("PERT:"),
            t(p.mean),
            t(p.sd),
            t(p.p80),
            t(p.p95)
        )?;
        let mc = &self.montecarlo;
        writeln!(
            out,
            "{} {} runs ({}, seed {})",
            out.bold("Monte Carlo:"),
            mc.iterations,
            sampling_name(mc.sampling),
            mc.seed
        )?;
        writeln!(
            out,
            "  P50 {} · P80 {} · P95 {}   {}",
            out.bold(&t(mc.p50)),
            out.bold(&t(mc.p80)),
            out.bold(&t(mc.p95)),
            out.dim(&format!(
                "(mean {}, σ {}, range {} to {})",
                t(mc.mean),
                t(mc.sd),
                t(mc.min),
                t(mc.max)
            ))
        )?;
        if let (Some(d), Some(prob)) = (mc.deadline, mc.deadline_probability) {
            let pert = p.deadline_probability.unwrap_or(0.0);
            writeln!(
                out,
                "  Deadline {}: {:.0}% of runs finish by it {}",
                t(d),
                prob * 100.0,
                out.dim(&format!("(PERT normal approximation {:.0}%)", pert * 100.0))
            )?;
        }
        if let Some(a) = &self.assessment {
            let line = match a.verdict {
                skill_chains_core::plan::timeline::Verdict::Realistic => out.good(&a.message),
                skill_chains_core::plan::timeline::Verdict::Risky => out.accent(&a.message),
                _ => out.bad(&a.message),
            };
            writeln!(out, "{} {line}", out.bold("Stated timeline:"))?;
        }
        histogram(out, &mc.histogram, cal)?;
        writeln!(
            out,
            "\n{} {}",
            out.heading("Criticality"),
            out.dim("(share of runs in which the step is on the critical path)")
        )?;
        for s in &self.steps {
            let bar = "█".repeat((s.criticality * 20.0).round() as usize);
            writeln!(
                out,
                "  {} {:>4.0}% {bar}",
                fit(&s.id, 30),
                s.criticality * 100.0
            )?;
        }
        if derived > 0 {
            writeln!(
                out,
                "\n{} {}",
                out.heading("Derived estimates"),
                out.dim("(no estimate given: the phase window's length over the longest chain of steps in the phase; no spread)")
            )?;
            for s in self.steps.iter().filter(|s| s.derivation.is_some()) {
                writeln!(
                    out,
                    "  {}: {}",
                    s.id,
                    s.derivation.as_deref().unwrap_or_default()
                )?;
            }
        }
        self.gantt.human(out, "Gantt (expected durations)")
    }
}

fn histogram(out: &mut Out, h: &Histogram, cal: Calendar) -> fmt::Result {
    let top = h.counts.iter().copied().max().unwrap_or(1).max(1);
    writeln!(out, "\n{}", out.heading("Finish distribution"))?;
    for (k, &c) in h.counts.iter().enumerate() {
        let from = h.start + h.width * k as f64;
        let bar = "█".repeat(((f64::from(c) / f64::from(top)) * 40.0).round() as usize);
        writeln!(
            out,
            "  {:>8} │{bar} {}",
            time(from, cal),
            out.dim(&c.to_string())
        )?;
    }
    Ok(())
}

pub fn exec(args: Args, ctx: &Context) -> anyhow::Result<Reply<'static>> {
    if let Some(program) = crate::program::load(&args.workflow, ctx)? {
        return program_timeline(&args, &program, ctx);
    }
    if args.calibrated {
        return super::retrospective::calibrated(
            &args.workflow,
            args.iterations,
            args.seed,
            &args.store,
            ctx,
        );
    }
    let (wf, _) = ctx.workflow(&args.workflow)?;
    let deadline = args
        .deadline
        .as_deref()
        .map(|d| {
            parse_duration(d, wf.calendar).with_context(|| {
                format!("--deadline `{d}`: write a duration such as `9mo` or `6 weeks`")
            })
        })
        .transpose()?;
    let graph = StepGraph::build(&wf);
    let threads = args.threads.unwrap_or_else(|| {
        std::thread::available_parallelism()
            .map(|n| n.get().min(4))
            .unwrap_or(1)
    });
    let opts = MonteCarloOptions {
        iterations: args.iterations,
        seed: args.seed,
        sampling: match args.sampling {
            SamplingArg::BetaPert => Sampling::BetaPert,
            SamplingArg::Triangular => Sampling::Triangular,
        },
        deadline: deadline.map(|d| d.0),
        threads: threads.max(1),
        ..MonteCarloOptions::default()
    };
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

    let cal = wf.calendar;
    let gantt = args
        .chart
        .deliver(ctx.json, || Gantt::from_cpm(&wf, &graph, &r.cpm))?;
    if let Some(chart) = gantt.alone {
        return Ok(Reply::raw(chart));
    }
    let steps = graph
        .steps()
        .map(|i| {
            let n = &graph.nodes[i];
            let (estimate, derivation) = match n.estimate_source {
                EstimateSource::Given | EstimateSource::Milestone => ("given", None),
                EstimateSource::Window { window, chain } => (
                    "window",
                    Some(format!(
                        "{} window {} / chain of {chain} = {}",
                        wf.phases[n.phase].name.value,
                        time(window.0, cal),
                        time(n.duration.likely, cal)
                    )),
                ),
                EstimateSource::Timeline { share, chain } => (
                    "timeline",
                    Some(format!(
                        "no bounded window: the stated timeline's share {} / chain of {chain} = {}",
                        time(share.0, cal),
                        time(n.duration.likely, cal)
                    )),
                ),
                EstimateSource::Default => (
                    "default",
                    Some("no window and no stated range: one day".to_string()),
                ),
            };
            StepOut {
                id: node_name(&wf, &graph, i),
                optimistic: n.duration.optimistic,
                likely: n.duration.likely,
                pessimistic: n.duration.pessimistic,
                mean: n.duration.mean(),
                estimate,
                derivation,
                criticality: r.montecarlo.criticality[i],
            }
        })
        .collect();
    let mc = r.montecarlo;
    let report = Report {
        workflow: wf.id.clone(),
        name: wf.name.value.clone(),
        calendar: cal,
        pert: Pert {
            mean: r.pert.mean,
            sd: r.pert.sd,
            p80: r.pert.quantile(0.8),
            p95: r.pert.quantile(0.95),
            deadline_probability: deadline.map(|d| r.pert.probability(d.0)),
            critical_path: r
                .pert
                .path
                .iter()
                .map(|&i| node_name(&wf, &graph, i))
                .collect(),
        },
        montecarlo: MonteCarloOut {
            iterations: mc.iterations,
            seed: mc.seed,
            sampling: mc.sampling,
            mean: mc.mean,
            sd: mc.sd,
            min: mc.min,
            max: mc.max,
            p50: mc.p50,
            p80: mc.p80,
            p95: mc.p95,
            deadline: mc.deadline,
            deadline_probability: mc.deadline_probability,
            histogram: mc.histogram,
        },
        assessment: r.assessment,
        steps,
        gantt,
    };
    Ok(Reply::data(report))
}

/// `timeline <program>`: the program planned as one project.
fn program_timeline(
    args: &Args,
    program: &skill_chains_core::compose::Program,
    ctx: &Context,
) -> anyhow::Result<Reply<'static>> {
    let deadline = args
        .deadline
        .as_deref()
        .map(|d| {
            parse_duration(d, Calendar::Business).with_context(|| {
                format!("--deadline `{d}`: write a duration such as `9mo` or `6 weeks`")
            })
        })
        .transpose()?;
    let opts = crate::program::plan::TimelineOptions {
        iterations: args.iterations,
        seed: args.seed,
        deadline: deadline.map(|d| d.0),
        threads: args.threads.unwrap_or_else(|| {
            std::thread::available_parallelism()
                .map(|n| n.get().min(4))
                .unwrap_or(1)
        }),
        sampling: match args.sampling {
            SamplingArg::BetaPert => Sampling::BetaPert,
            SamplingArg::Triangular => Sampling::Triangular,
        },
        chart: &args.chart,
    };
    crate::program::plan::timeline(program, &opts, ctx)
}
/// How the Monte Carlo report names its sampling (as `--sampling` does).
pub(crate) fn sampling_name(s: Sampling) -> &'static str {
    match s {
        Sampling::BetaPert => "beta-pert",
        Sampling::Triangular => "triangular",
    }
}
