//! The planning reports of a program: the program lowered into one
//! activity network ([`super::network`]), then the same critical path, PERT,
//! Monte Carlo and levelling as for a workflow. Times are business working
//! minutes. The data only: the text views are in `render::report::program`.
//!
//! - [`dependency`]: the critical path across workflows, and each workflow's
//!   window (early start/finish) and slack;
//! - [`timeline`]: P50/P80/P95, with escalation pauses and further cycles as
//!   uncertain delays, and how often each workflow is critical;
//! - [`parallel`]: which workflows run side by side and the time that saves
//!   over running them one after another;
//! - [`schedule`]: the program levelled as one project.

use serde::Serialize;

use super::Program;
use super::network::{NodeKind, ProgramNetwork};
use crate::duration::Calendar;
use crate::plan::cpm::{Cpm, cpm};
use crate::plan::montecarlo::{MonteCarloOptions, Sampling, simulate};
use crate::plan::pert::pert;
use crate::plan::report::Delivered;
use crate::plan::report::schedule::{Schedule, StepOut};
use crate::plan::schedule::LevelledSchedule;
use crate::plan::team::Team;

const CAL: Calendar = Calendar::Business;

/// A workflow run's place in the expected plan.
#[derive(Serialize)]
pub(crate) struct Span {
    /// `alias`, or `alias#2` for a cycle's re-run.
    pub(crate) id: String,
    pub(crate) workflow: String,
    pub(crate) early_start: f64,
    pub(crate) early_finish: f64,
    pub(crate) late_finish: f64,
    /// How late the workflow may finish without moving the program's end.
    pub(crate) slack: f64,
    /// Some activity of it lies on the critical path.
    pub(crate) critical: bool,
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
pub struct DependencyReport {
    pub(crate) program: String,
    #[serde(skip)]
    pub(crate) name: String,
    /// Times are working minutes under this calendar; durations are PERT means.
    pub(crate) calendar: Calendar,
    pub(crate) finish: f64,
    pub(crate) workflows: Vec<Span>,
    pub(crate) critical_path: Vec<String>,
    #[serde(skip)]
    pub(crate) path_runs: Vec<(String, Vec<String>)>,
}

/// `dependency <program>`: the critical path across workflows.
pub fn dependency(program: &Program) -> DependencyReport {
    let pn = ProgramNetwork::build(program);
    let c = cpm(&pn.network, &pn.network.means());
    DependencyReport {
        program: program.id.clone(),
        name: program.name.value.clone(),
        calendar: CAL,
        finish: c.finish,
        workflows: spans(&pn, &c),
        critical_path: path_ids(&pn, &c.critical_path),
        path_runs: path_by_workflow(&pn, &c.critical_path),
    }
}

#[derive(Serialize)]
pub struct TimelineReport {
    pub(crate) program: String,
    #[serde(skip)]
    pub(crate) name: String,
    pub(crate) calendar: Calendar,
    pub(crate) pert_mean: f64,
    pub(crate) pert_sd: f64,
    pub(crate) iterations: u32,
    pub(crate) seed: u64,
    pub(crate) sampling: Sampling,
    pub(crate) p50: f64,
    pub(crate) p80: f64,
    pub(crate) p95: f64,
    pub(crate) mean: f64,
    pub(crate) min: f64,
    pub(crate) max: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) deadline: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) deadline_probability: Option<f64>,
    pub(crate) workflows: Vec<Criticality>,
    /// Escalation pauses and further cycles: the uncertain delays handoffs add.
    pub(crate) delays: Vec<Delay>,
    #[serde(flatten)]
    pub(crate) gantt: Delivered,
}

#[derive(Serialize)]
pub(crate) struct Criticality {
    pub(crate) id: String,
    /// Share of runs in which some activity of the workflow was critical.
    pub(crate) criticality: f64,
    /// The workflow's own finish inside the program (Monte Carlo).
    pub(crate) p50: f64,
    pub(crate) p80: f64,
    pub(crate) p95: f64,
}

#[derive(Serialize)]
pub(crate) struct Delay {
    pub(crate) id: String,
    pub(crate) label: String,
    pub(crate) optimistic: f64,
    pub(crate) likely: f64,
    pub(crate) pessimistic: f64,
    pub(crate) criticality: f64,
}

/// `timeline <program>`: PERT, then Monte Carlo over the program's
/// network `pn` and once more per workflow for its own finish. `progress`
/// hears the runs done so far, out of `opts.iterations` times one more than
/// the workflows.
pub fn timeline(
    program: &Program,
    pn: &ProgramNetwork,
    opts: &MonteCarloOptions,
    gantt: Delivered,
    progress: Option<&(dyn Fn(u64) + Sync)>,
) -> TimelineReport {
    let (p, _) = pert(&pn.network);
    let report = |n: u64| {
        if let Some(f) = progress {
            f(n);
        }
    };
    let mc_opts = MonteCarloOptions {
        threads: opts.threads.max(1),
        ..opts.clone()
    };
    let mc = simulate(&pn.network, &mc_opts, Some(&|n: u64| report(n)));
    let own = MonteCarloOptions {
        deadline: None,
        ..mc_opts.clone()
    };
    let workflows = pn
        .instances
        .iter()
        .enumerate()
        .map(|(k, inst)| {
            let done = u64::from(mc_opts.iterations) * (k as u64 + 1);
            let finish = simulate(
                &pn.finish_network(k),
                &own,
                Some(&|n: u64| report(done + n)),
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
    TimelineReport {
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
    }
}

#[derive(Serialize)]
pub struct ParallelReport {
    pub(crate) program: String,
    #[serde(skip)]
    pub(crate) name: String,
    pub(crate) calendar: Calendar,
    pub(crate) workflows: Vec<Span>,
    /// Groups of workflows that run at the same time.
    pub(crate) groups: Vec<Vec<String>>,
    /// Every workflow one after another.
    pub(crate) sequential: f64,
    /// The program as planned.
    pub(crate) parallel: f64,
    pub(crate) saved: f64,
}

/// `parallel <program>`: the workflows that run side by side.
pub fn parallel(program: &Program) -> ParallelReport {
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
    ParallelReport {
        program: program.id.clone(),
        name: program.name.value.clone(),
        calendar: CAL,
        groups,
        sequential,
        parallel: c.finish,
        saved: (sequential - c.finish).max(0.0),
        workflows,
    }
}

/// `schedule <program>`: the report of `levelled`, the program's network
/// `pn` levelled against `team`.
pub fn schedule(
    program: &Program,
    pn: &ProgramNetwork,
    team: &Team,
    levelled: LevelledSchedule,
    gantt: Delivered,
) -> Schedule {
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
            people: levelled.placed[i].people,
        })
        .collect();
    Schedule::new(
        program.id.clone(),
        program.name.value.clone(),
        team,
        Calendar::Business,
        levelled,
        steps,
        gantt,
    )
}
