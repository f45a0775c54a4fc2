//! `dependency <workflow>`: the critical path method over the step graph:
//! earliest and latest start and finish, total and free slack per step, and
//! the critical path.

use std::fmt::{self, Write};

use comfy_table::{Table, presets::UTF8_BORDERS_ONLY};
use serde::Serialize;
use skill_chains_core::duration::Calendar;
use skill_chains_core::plan::cpm::cpm;
use skill_chains_core::plan::graph::StepGraph;

use crate::context::Context;
use crate::output::{Human, Out, Reply};
use crate::plan_text::{NodeRef, node_name, time};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// A built-in id or name, or a workflow file; or a program (built-in id or file).
    pub workflow: String,
}

#[derive(Serialize)]
struct Report {
    workflow: String,
    #[serde(skip)]
    name: String,
    /// Times are working minutes under this calendar; durations are PERT means.
    calendar: Calendar,
    finish: f64,
    rows: Vec<Row>,
    critical_path: Vec<String>,
    /// The first step of the critical path waits for its phase window.
    path_starts_at_window: Option<String>,
}

#[derive(Serialize)]
struct Row {
    #[serde(flatten)]
    node: NodeRef,
    #[serde(skip)]
    name: String,
    duration: f64,
    early_start: f64,
    early_finish: f64,
    late_start: f64,
    late_finish: f64,
    total_slack: f64,
    free_slack: f64,
    critical: bool,
}

impl Human for Report {
    fn human(&self, out: &mut Out) -> fmt::Result {
        let cal = self.calendar;
        writeln!(
            out,
            "{}",
            out.bold(&format!(
                "{}: critical path method (expected durations)",
                self.name
            ))
        )?;
        let mut table = Table::new();
        table.load_style(UTF8_BORDERS_ONLY);
        table.set_header(["", "step", "takes", "early", "late", "slack", "free"]);
        for r in &self.rows {
            let span = |a: f64, b: f64| format!("{} → {}", time(a, cal), time(b, cal));
            table.add_row([
                if r.critical { "●" } else { "" }.to_string(),
                r.name.clone(),
                if r.node.kind == "gate" {
                    "gate".to_string()
                } else {
                    time(r.duration, cal)
                },
                span(r.early_start, r.early_finish),
                span(r.late_start, r.late_finish),
                time(r.total_slack, cal),
                time(r.free_slack, cal),
            ]);
        }
        writeln!(out, "{table}")?;
        writeln!(
            out,
            "{} {}",
            out.bold(&format!("Critical path ({}):", time(self.finish, cal))),
            out.bad(&self.critical_path.join(" → "))
        )?;
        if let Some(s) = &self.path_starts_at_window {
            writeln!(out, "{}", out.dim(s))?;
        }
        writeln!(
            out,
            "{}",
            out.dim("● critical (no slack) · slack: how late a step may finish without moving the end · free: without delaying any successor")
        )
    }
}

pub fn exec(args: Args, ctx: &Context) -> anyhow::Result<Reply<'static>> {
    if let Some(program) = crate::program::load(&args.workflow, ctx)? {
        return Ok(crate::program::plan::dependency(&program));
    }
    let (wf, _) = ctx.workflow(&args.workflow)?;
    let graph = StepGraph::build(&wf);
    let net = graph.network();
    let means = net.means();
    let c = cpm(net, &means);
    let rows = (0..graph.len())
        .map(|i| Row {
            node: NodeRef::new(&wf, &graph, i),
            name: if graph.nodes[i].is_step() {
                node_name(&wf, &graph, i)
            } else {
                format!("◆ {}", node_name(&wf, &graph, i))
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
                node_name(&wf, &graph, first),
                window.text.value,
                time(net.release(first), wf.calendar)
            )
        })
    });
    Ok(Reply::data(Report {
        workflow: wf.id.clone(),
        name: wf.name.value.clone(),
        calendar: wf.calendar,
        finish: c.finish,
        critical_path: c
            .critical_path
            .iter()
            .map(|&i| node_name(&wf, &graph, i))
            .collect(),
        rows,
        path_starts_at_window,
    }))
}
