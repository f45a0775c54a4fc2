//! The planning commands on a program: the program lowered into one activity
//! network (`compose::network`), then the same critical path, PERT and Monte
//! Carlo as for a workflow. Times are business working minutes.
//!
//! - `dependency <program>`: the critical path across workflows, and each
//!   workflow's window (early start/finish) and slack;
//! - `timeline <program>`: P50/P80/P95, with escalation pauses and further
//!   cycles as uncertain delays, and how often each workflow is critical;
//! - `parallel <program>`: which workflows run side by side and the time
//!   that saves over running them one after another.

use std::fmt::{self, Write};

use comfy_table::{Table, presets::UTF8_BORDERS_ONLY};
use serde::Serialize;
use skill_chains_core::compose::network::{NodeKind, ProgramNetwork};
use skill_chains_core::compose::{Program, gantt};
use skill_chains_core::duration::Calendar;
use skill_chains_core::plan::cpm::{Cpm, cpm};
use skill_chains_core::plan::montecarlo::{MonteCarloOptions, Sampling, simulate};
use skill_chains_core::plan::pert::pert;

use crate::commands::timeline::sampling_name;
use crate::context::Context;
use crate::output::{Human, Out, Reply, fit};
use crate::plan_text::{Delivered, GanttArgs, time};
use crate::progress;

const CAL: Calendar = Calendar::Business;

fn t(minutes: f64) -> String {
    time(minutes, CAL)
}

/// A workflow run's place in the expected plan.
#[derive(Serialize)]
struct Span {
    /// `alias`, or `alias#2` for a cycle's re-run.
    id: String,
    workflow: String,
    early_start: f64,
    early_finish: f64,
    late_finish: f64,
    /// How late the workflow may finish without moving the program's end.
    slack: f64,
    /// Some activity of it lies on the critical path.
    critical: bool,
}

fn spans(pn: &ProgramNetwork, c: &Cpm) -> Vec<Span> {
    pn.instances
        .iter()
        .map(|inst| Span {
            id: inst.name.clone(),
            workflow: inst.workflow.clone(),
            early_start: c.early_start[inst.start],
            early_finish: c.early_finish[inst.finish],
            late_finish: c.late_finish[inst.finish],
            slack: c.total_slack[inst.finish],
            critical: inst.nodes.iter().any(|&n| c.critical[n]),
        })
        .collect()
}

/// The critical path as node ids, without the zero-length milestones.
fn path_ids(pn: &ProgramNetwork, path: &[usize]) -> Vec<String> {
    path.iter()
        .filter(|&&i| !matches!(pn.nodes[i].kind, NodeKind::Start | NodeKind::Finish))
        .map(|&i| match pn.nodes[i].kind {
            NodeKind::Gate => format!("{} gate", pn.nodes[i].id),
            _ => pn.nodes[i].id.clone(),
        })
        .collect()
}

/// The critical path as runs of one workflow: `feature: a → b`, `launch: c`.
fn path_by_workflow(pn: &ProgramNetwork, path: &[usize]) -> Vec<(String, Vec<String>)> {
    let mut out: Vec<(String, Vec<String>)> = Vec::new();
    for &i in path {
        let n = &pn.nodes[i];
        if matches!(n.kind, NodeKind::Start | NodeKind::Finish | NodeKind::Gate) {
            continue;
        }
        let who = pn.instances[n.instance].name.clone();
        let what =
            n.id.split_once('/')
                .map_or(n.id.as_str(), |(_, s)| s)
                .to_string();
        match out.last_mut() {
            Some((w, items)) if *w == who => items.push(what),
            _ => out.push((who, vec![what])),
        }
    }
    out
}

#[derive(Serialize)]
struct DependencyReport {
    program: String,
    #[serde(skip)]
    name: String,
    /// Times are working minutes under this calendar; durations are PERT means.
    calendar: Calendar,
    finish: f64,
    workflows: Vec<Span>,
    critical_path: Vec<String>,
    #[serde(skip)]
    path_runs: Vec<(String, Vec<String>)>,
}

impl Human for DependencyReport {
    fn human(&self, out: &mut Out) -> fmt::Result {
        writeln!(
            out,
            "{}",
            out.bold(&format!(
                "{}: critical path across workflows (expected durations)",
                self.name
            ))
        )?;
        let mut table = Table::new();
        table.load_style(UTF8_BORDERS_ONLY);
        table.set_header([
            "",
            "workflow",
            "early start → finish",
            "late finish",
            "slack",
        ]);
        for s in &self.workflows {
            table.add_row([
                if s.critical { "●" } else { "" }.to_string(),
                format!("{} ({})", s.id, s.workflow),
                format!("{} → {}", t(s.early_start), t(s.early_finish)),
                t(s.late_finish),
                t(s.slack),
            ]);
        }
        writeln!(out, "{table}")?;
        writeln!(
            out,
            "{}",
            out.bold(&format!("Critical path ({}):", t(self.finish)))
        )?;
        for (who, items) in &self.path_runs {
            writeln!(
                out,
                "  {} {}",
                out.accent(&format!("{who}:")),
                out.bad(&items.join(" → "))
            )?;
        }
        writeln!(
            out,
            "{}",
            out.dim("● has activities on the critical path · slack: how late the workflow may finish without moving the program's end")
        )
    }
}

/// `dependency <program>`.
pub fn dependency(program: &Program) -> Reply<'static> {
    let pn = ProgramNetwork::build(program);
    let c = cpm(&pn.network, &pn.network.means());
    Reply::data(DependencyReport {
        program: program.id.clone(),
        name: program.name.value.clone(),
        calendar: CAL,
        finish: c.finish,
        workflows: spans(&pn, &c),
        critical_path: path_ids(&pn, &c.critical_path),
        path_runs: path_by_workflow(&pn, &c.critical_path),
    })
}

#[derive(Serialize)]
struct TimelineReport {
    program: String,
    #[serde(skip)]
    name: String,
    calendar: Calendar,
    pert_mean: f64,
    pert_sd: f64,
    iterations: u32,
    seed: u64,
    sampling: Sampling,
    p50: f64,
    p80: f64,
    p95: f64,
    mean: f64,
    min: f64,
    max: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    deadline: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    deadline_probability: Option<f64>,
    workflows: Vec<Criticality>,
    /// Escalation pauses and further cycles: the uncertain delays handoffs add.
    delays: Vec<Delay>,
    #[serde(flatten)]
    gantt: Delivered,
}

#[derive(Serialize)]
struct Criticality {
    id: String,
    /// Share of runs in which some activity of the workflow was critical.
    criticality: f64,
    /// The workflow's own finish inside the program (Monte Carlo).
    p50: f64,
    p80: f64,
    p95: f64,
}

#[derive(Serialize)]
struct Delay {
    id: String,
    label: String,
    optimistic: f64,
    likely: f64,
    pessimistic: f64,
    criticality: f64,
}

impl Human for TimelineReport {
    fn human(&self, out: &mut Out) -> fmt::Result {
        writeln!(
            out,
            "{}",
            out.bold(&format!("{}: timeline of the program", self.name))
        )?;
        writeln!(
            out,
            "{} expected {}, σ {} along the critical path",
            out.bold("PERT:"),
            t(self.pert_mean),
            t(self.pert_sd)
        )?;
        writeln!(
            out,
            "{} {} runs ({}, seed {})",
            out.bold("Monte Carlo:"),
            self.iterations,
            sampling_name(self.sampling),
            self.seed
        )?;
        writeln!(
            out,
            "  P50 {} · P80 {} · P95 {}   {}",
            out.bold(&t(self.p50)),
            out.bold(&t(self.p80)),
            out.bold(&t(self.p95)),
            out.dim(&format!(
                "(mean {}, range {} to {})",
                t(self.mean),
                t(self.min),
                t(self.max)
            ))
        )?;
        if let (Some(d), Some(p)) = (self.deadline, self.deadline_probability) {
            writeln!(
                out,
                "  Deadline {}: {:.0}% of runs finish by it",
                t(d),
                p * 100.0
            )?;
        }
        writeln!(
            out,
            "\n{} {}",
            out.heading("Workflows"),
            out.dim("(each one's finish inside the program; share of runs in which it is on the critical path)")
        )?;
        for w in &self.workflows {
            let bar = "█".repeat((w.criticality * 20.0).round() as usize);
            writeln!(
                out,
                "  {} P50 {:>7} · P80 {:>7} · P95 {:>7}  {:>4.0}% {bar}",
                fit(&w.id, 18),
                t(w.p50),
                t(w.p80),
                t(w.p95),
                w.criticality * 100.0,
            )?;
        }
        if !self.delays.is_empty() {
            writeln!(out, "\n{}", out.heading("Handoff delays"))?;
            for d in &self.delays {
                writeln!(
                    out,
                    "  {}: {} / {} / {}  {}",
                    d.label,
                    t(d.optimistic),
                    t(d.likely),
                    t(d.pessimistic),
                    out.dim(&format!(
                        "on the program's critical path in {:.0}% of runs",
                        d.criticality * 100.0
                    ))
                )?;
            }
        }
        self.gantt.human(out, "Gantt (expected durations)")
    }
}

/// What `timeline` passes for a program.
pub struct TimelineOptions<'a> {
    pub iterations: u32,
    pub seed: u64,
    pub deadline: Option<f64>,
    pub threads: usize,
    pub sampling: Sampling,
    /// `--gantt`: the expected plan, one section per workflow.
    pub chart: &'a GanttArgs,
}

/// `timeline <program>`.
pub fn timeline(
    program: &Program,
    opts: &TimelineOptions,
    ctx: &Context,
) -> anyhow::Result<Reply<'static>> {
    let pn = ProgramNetwork::build(program);
    let (p, _) = pert(&pn.network);
    let gantt = opts
        .chart
        .deliver(ctx.json, || gantt::expected(program, &pn))?;
    if let Some(chart) = gantt.alone {
        return Ok(Reply::raw(chart));
    }
    let mc_opts = MonteCarloOptions {
        iterations: opts.iterations,
        seed: opts.seed,
        sampling: opts.sampling,
        deadline: opts.deadline,
        threads: opts.threads.max(1),
        ..MonteCarloOptions::default()
    };
    // One simulation of the program, then one per workflow for its own finish.
    let runs = 1 + pn.instances.len() as u64;
    let total = u64::from(opts.iterations) * runs;
    let bar = if total * pn.network.len() as u64 > 20_000_000 {
        progress::bar(ctx, total, "simulating")
    } else {
        indicatif::ProgressBar::hidden()
    };
    let mc = simulate(&pn.network, &mc_opts, Some(&|n: u64| bar.set_position(n)));
    let own = MonteCarloOptions {
        deadline: None,
        ..mc_opts.clone()
    };
    let workflows = pn
        .instances
        .iter()
        .enumerate()
        .map(|(k, inst)| {
            let done = u64::from(opts.iterations) * (k as u64 + 1);
            let finish = simulate(
                &pn.finish_network(k),
                &own,
                Some(&|n: u64| bar.set_position(done + n)),
            );
            Criticality {
                id: inst.name.clone(),
                criticality: inst
                    .nodes
                    .iter()
                    .map(|&n| mc.criticality[n])
                    .fold(0.0, f64::max),
                p50: finish.p50,
                p80: finish.p80,
                p95: finish.p95,
            }
        })
        .collect();
    bar.finish_and_clear();
    let delays = pn
        .nodes
        .iter()
        .enumerate()
        .filter(|(_, n)| matches!(n.kind, NodeKind::Pause | NodeKind::FurtherCycles))
        .map(|(i, n)| Delay {
            id: n.id.clone(),
            label: n.label.clone(),
            optimistic: n.duration.optimistic,
            likely: n.duration.likely,
            pessimistic: n.duration.pessimistic,
            criticality: mc.criticality[i],
        })
        .collect();
    Ok(Reply::data(TimelineReport {
        program: program.id.clone(),
        name: program.name.value.clone(),
        calendar: CAL,
        pert_mean: p.mean,
        pert_sd: p.sd,
        iterations: mc.iterations,
        seed: mc.seed,
        sampling: mc.sampling,
        p50: mc.p50,
        p80: mc.p80,
        p95: mc.p95,
        mean: mc.mean,
        min: mc.min,
        max: mc.max,
        deadline: mc.deadline,
        deadline_probability: mc.deadline_probability,
        workflows,
        delays,
        gantt,
    }))
}

#[derive(Serialize)]
struct ParallelReport {
    program: String,
    #[serde(skip)]
    name: String,
    calendar: Calendar,
    workflows: Vec<Span>,
    /// Groups of workflows that run at the same time.
    groups: Vec<Vec<String>>,
    /// Every workflow one after another.
    sequential: f64,
    /// The program as planned.
    parallel: f64,
    saved: f64,
}

impl Human for ParallelReport {
    fn human(&self, out: &mut Out) -> fmt::Result {
        writeln!(
            out,
            "{}",
            out.bold(&format!("{}: workflows in parallel", self.name))
        )?;
        let width = 40.0;
        let scale = if self.parallel > 0.0 {
            width / self.parallel
        } else {
            0.0
        };
        for w in &self.workflows {
            let from = (w.early_start * scale).round() as usize;
            let len = (((w.early_finish - w.early_start) * scale).round() as usize).max(1);
            writeln!(
                out,
                "  {} │{}{}{}│ {} → {}",
                fit(&w.id, 18),
                " ".repeat(from.min(width as usize)),
                "█".repeat(len.min((width as usize).saturating_sub(from))),
                " ".repeat((width as usize).saturating_sub(from + len)),
                t(w.early_start),
                t(w.early_finish)
            )?;
        }
        writeln!(out, "\n{}", out.heading("Running side by side"))?;
        for (n, g) in self.groups.iter().enumerate() {
            writeln!(out, "  {}. {}", n + 1, g.join(" ∥ "))?;
        }
        writeln!(
            out,
            "\nOne after another: {} · as planned: {} · saved: {}",
            t(self.sequential),
            out.bold(&t(self.parallel)),
            out.good(&t(self.saved))
        )
    }
}

/// `parallel <program>`.
pub fn parallel(program: &Program) -> Reply<'static> {
    let pn = ProgramNetwork::build(program);
    let c = cpm(&pn.network, &pn.network.means());
    let mut workflows = spans(&pn, &c);
    workflows.sort_by(|a, b| a.early_start.total_cmp(&b.early_start));
    // Sweep by start: a group is a maximal set of runs whose spans overlap.
    let mut groups: Vec<Vec<String>> = Vec::new();
    let mut group_end = f64::NEG_INFINITY;
    for w in &workflows {
        match groups.last_mut() {
            Some(g) if w.early_start < group_end - 1e-6 => g.push(w.id.clone()),
            _ => groups.push(vec![w.id.clone()]),
        }
        group_end = group_end.max(w.early_finish);
    }
    let sequential: f64 = workflows
        .iter()
        .map(|w| w.early_finish - w.early_start)
        .sum();
    Reply::data(ParallelReport {
        program: program.id.clone(),
        name: program.name.value.clone(),
        calendar: CAL,
        groups,
        sequential,
        parallel: c.finish,
        saved: (sequential - c.finish).max(0.0),
        workflows,
    })
}
