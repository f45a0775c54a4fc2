//! The `timeline` report: PERT and Monte Carlo over the step graph, P50/P80/
//! P95 finish, the chance of meeting a deadline, each step's criticality and
//! where each estimate came from. Built from the planner's results; no text
//! for a terminal here.

use serde::Serialize;

use super::Delivered;
use super::words::{node_name, time};
use crate::duration::Calendar;
use crate::model::Workflow;
use crate::plan::graph::{EstimateSource, StepGraph};
use crate::plan::montecarlo::{Histogram, Sampling};
use crate::plan::timeline::{Assessment, TimelineReport};

/// A workflow's timeline.
#[derive(Serialize)]
pub struct Timeline {
    pub(crate) workflow: String,
    #[serde(skip)]
    pub(crate) name: String,
    /// Times are working minutes under this calendar.
    pub(crate) calendar: Calendar,
    pub(crate) pert: Pert,
    pub(crate) montecarlo: MonteCarloOut,
    pub(crate) assessment: Option<Assessment>,
    pub(crate) steps: Vec<StepOut>,
    #[serde(flatten)]
    pub(crate) gantt: Delivered,
}

#[derive(Serialize)]
pub(crate) struct Pert {
    pub(crate) mean: f64,
    pub(crate) sd: f64,
    pub(crate) p80: f64,
    pub(crate) p95: f64,
    pub(crate) deadline_probability: Option<f64>,
    pub(crate) critical_path: Vec<String>,
}

#[derive(Serialize)]
pub(crate) struct MonteCarloOut {
    pub(crate) iterations: u32,
    pub(crate) seed: u64,
    pub(crate) sampling: Sampling,
    pub(crate) mean: f64,
    pub(crate) sd: f64,
    pub(crate) min: f64,
    pub(crate) max: f64,
    pub(crate) p50: f64,
    pub(crate) p80: f64,
    pub(crate) p95: f64,
    pub(crate) deadline: Option<f64>,
    pub(crate) deadline_probability: Option<f64>,
    pub(crate) histogram: Histogram,
}

#[derive(Serialize)]
pub(crate) struct StepOut {
    pub(crate) id: String,
    pub(crate) optimistic: f64,
    pub(crate) likely: f64,
    pub(crate) pessimistic: f64,
    pub(crate) mean: f64,
    /// `given`, `window`, `timeline` or `default`.
    pub(crate) estimate: &'static str,
    #[serde(skip)]
    pub(crate) derivation: Option<String>,
    /// Share of runs in which the step was on the critical path.
    pub(crate) criticality: f64,
}

impl Timeline {
    /// The report of `r`, the timeline of `wf` over `graph`; `deadline` in
    /// working minutes from the start, `gantt` what became of the chart.
    pub fn new(
        wf: &Workflow,
        graph: &StepGraph,
        r: TimelineReport,
        deadline: Option<f64>,
        gantt: Delivered,
    ) -> Timeline {
        let cal = wf.calendar;
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
                    id: node_name(wf, graph, i),
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
        Timeline {
            workflow: wf.id.clone(),
            name: wf.name.value.clone(),
            calendar: cal,
            pert: Pert {
                mean: r.pert.mean,
                sd: r.pert.sd,
                p80: r.pert.quantile(0.8),
                p95: r.pert.quantile(0.95),
                deadline_probability: deadline.map(|d| r.pert.probability(d)),
                critical_path: r
                    .pert
                    .path
                    .iter()
                    .map(|&i| node_name(wf, graph, i))
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
        }
    }
}
