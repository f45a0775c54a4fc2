//! The `dependency` report: the critical path method over the step graph:
//! earliest and latest start and finish, total and free slack per step, and
//! the critical path. No text here.

use serde::Serialize;

use super::words::{NodeRef, node_name, time};
use crate::duration::Calendar;
use crate::model::Workflow;
use crate::plan::cpm::cpm;
use crate::plan::graph::StepGraph;

/// A workflow's critical path method.
#[derive(Serialize)]
pub struct Dependency {
    pub(crate) workflow: String,
    #[serde(skip)]
    pub(crate) name: String,
    /// Times are working minutes under this calendar; durations are PERT means.
    pub(crate) calendar: Calendar,
    pub(crate) finish: f64,
    pub(crate) rows: Vec<Row>,
    pub(crate) critical_path: Vec<String>,
    /// The first step of the critical path waits for its phase window.
    pub(crate) path_starts_at_window: Option<String>,
}

#[derive(Serialize)]
pub(crate) struct Row {
    #[serde(flatten)]
    pub(crate) node: NodeRef,
    #[serde(skip)]
    pub(crate) name: String,
    pub(crate) duration: f64,
    pub(crate) early_start: f64,
    pub(crate) early_finish: f64,
    pub(crate) late_start: f64,
    pub(crate) late_finish: f64,
    pub(crate) total_slack: f64,
    pub(crate) free_slack: f64,
    pub(crate) critical: bool,
}

impl Dependency {
    /// The critical path method over `graph`, the step graph of `wf`.
    pub fn of(wf: &Workflow, graph: &StepGraph) -> Dependency {
        let net = graph.network();
        let means = net.means();
        let c = cpm(net, &means);
        let rows = (0..graph.len())
            .map(|i| Row {
                node: NodeRef::new(wf, graph, i),
                name: if graph.nodes[i].is_step() {
                    node_name(wf, graph, i)
                } else {
                    format!("◆ {}", node_name(wf, graph, i))
                },
                duration: means[i],
                early_start: c.early_start[i],
                early_finish: c.early_finish[i],
                late_start: c.late_start[i],
                late_finish: c.late_finish[i],
                total_slack: c.total_slack[i],
                free_slack: c.free_slack[i],
                critical: c.critical[i],
            })
            .collect();
        let path_starts_at_window = c.critical_path.first().and_then(|&first| {
            let node = &graph.nodes[first];
            let window = wf.phases[node.phase].window.as_ref()?;
            c.waits_for_release(net, first).then(|| {
                format!(
                    "The path starts at {}, which waits for its window ({}) to open at {}; what comes before has slack.",
                    node_name(wf, graph, first),
                    window.text.value,
                    time(net.release(first), wf.calendar)
                )
            })
        });
        Dependency {
            workflow: wf.id.clone(),
            name: wf.name.value.clone(),
            calendar: wf.calendar,
            finish: c.finish,
            critical_path: c
                .critical_path
                .iter()
                .map(|&i| node_name(wf, graph, i))
                .collect(),
            rows,
            path_starts_at_window,
        }
    }
}
