//! Words shared by the planning commands (`parallel`, `dependency`,
//! `timeline`, `schedule`, `checkpoint`, `phase`): node names, wait reasons,
//! durations.

use serde::Serialize;
use skill_chains_core::duration::{Calendar, WorkTime};
use skill_chains_core::model::{Decision, Workflow};
use skill_chains_core::plan::graph::{NodeKind, Reason, StepGraph};

/// A node as people name it: the step id, or `<Phase name> gate`.
pub fn node_name(wf: &Workflow, graph: &StepGraph, i: usize) -> String {
    let n = &graph.nodes[i];
    match n.kind {
        NodeKind::Step { .. } => n.id.clone(),
        NodeKind::Gate => format!("{} gate", wf.phases[n.phase].name.value),
    }
}

/// Why a node waits, in a few words.
pub fn reason_text(r: &Reason) -> String {
    match r {
        Reason::Artifact { artifact } => artifact.clone(),
        Reason::After => "after".to_string(),
        Reason::PhaseOrder => "phase order".to_string(),
        Reason::PhaseEnd => "end of phase".to_string(),
        Reason::Requires { artifact } => format!("gate requires {artifact}"),
    }
}

/// `3.2w`, `2mo`, `45min`; `0` for nothing.
pub fn time(minutes: f64, calendar: Calendar) -> String {
    if minutes < 0.05 {
        return "0".to_string();
    }
    WorkTime(minutes).display(calendar)
}

/// What a node waits for, as `name (reasons)` items. Phase order is left
/// out where it is implied: a step that waits for a step of its own phase
/// waits for the previous gate through it.
pub fn waits_text(wf: &Workflow, graph: &StepGraph, i: usize) -> Vec<String> {
    let phase = graph.nodes[i].phase;
    let implied = graph
        .edges_into(i)
        .any(|e| graph.nodes[e.from].is_step() && graph.nodes[e.from].phase == phase);
    let mut out: Vec<(usize, Vec<String>)> = Vec::new();
    for e in graph.edges_into(i) {
        if implied && e.reason == Reason::PhaseOrder {
            continue;
        }
        let reason = reason_text(&e.reason);
        match out.iter_mut().find(|(from, _)| *from == e.from) {
            Some((_, reasons)) if !reasons.contains(&reason) => reasons.push(reason),
            Some(_) => {}
            None => out.push((e.from, vec![reason])),
        }
    }
    out.sort_by_key(|(from, _)| *from);
    out.into_iter()
        .map(|(from, reasons)| format!("{} ({})", node_name(wf, graph, from), reasons.join(", ")))
        .collect()
}

/// A node in JSON output.
#[derive(Debug, Clone, Serialize)]
pub struct NodeRef {
    pub id: String,
    pub kind: &'static str,
    pub phase: String,
}

impl NodeRef {
    pub fn new(wf: &Workflow, graph: &StepGraph, i: usize) -> NodeRef {
        let n = &graph.nodes[i];
        NodeRef {
            id: n.id.clone(),
            kind: if n.is_step() { "step" } else { "gate" },
            phase: wf.phases[n.phase].id.value.clone(),
        }
    }
}

/// A decision point in one line: `text [if cond → target, at most n×]`.
pub fn decision_text(d: &Decision) -> String {
    let mut s = d.text.clone().unwrap_or_default();
    if let Some(c) = &d.condition {
        s.push_str(&format!(" [if {}", c.value));
        if let Some(g) = &d.goto {
            s.push_str(&format!(" → {}", g.value));
        }
        if let Some(m) = &d.max_loops {
            s.push_str(&format!(", at most {}×", m.value));
        }
        s.push(']');
    }
    s.trim().to_string()
}

/// The forms of a Gantt chart (`--gantt`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum GanttFormat {
    Text,
    Mermaid,
    Svg,
}

/// `--gantt FORMAT [-o FILE] [--force]`, shared by `timeline` and `schedule`.
#[derive(Debug, clap::Args)]
pub struct GanttArgs {
    /// Draw the plan: in the terminal, as Mermaid `gantt` text, or SVG.
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub gantt: Option<GanttFormat>,
    /// Write the Gantt chart to this file instead of stdout.
    #[arg(short, long, value_name = "FILE", requires = "gantt")]
    pub output: Option<std::path::PathBuf>,
    /// Replace the output file if it exists.
    #[arg(long)]
    pub force: bool,
}

/// What became of a chart, for the command's report.
#[derive(Debug, Default, Serialize)]
pub struct Delivered {
    /// The chart's data, in JSON output.
    #[serde(rename = "gantt", skip_serializing_if = "Option::is_none")]
    pub chart: Option<skill_chains_core::plan::gantt::Gantt>,
    /// Terminal text to append to the report.
    #[serde(skip)]
    pub text: Option<String>,
    /// The file it was written to.
    #[serde(skip)]
    pub wrote: Option<String>,
    /// To print alone on stdout (Mermaid or SVG without `-o`): nothing else is printed.
    #[serde(skip)]
    pub alone: Option<String>,
}

impl GanttArgs {
    /// Render the chart `make` builds (only when `--gantt` is given) and send
    /// it where the options say: a file (atomically, refusing to replace one
    /// without `--force`), stdout alone, the report's text, or its JSON.
    pub fn deliver(
        &self,
        json: bool,
        make: impl FnOnce() -> skill_chains_core::plan::gantt::Gantt,
    ) -> anyhow::Result<Delivered> {
        use skill_chains_core::render::gantt;
        let Some(format) = self.gantt else {
            return Ok(Delivered::default());
        };
        let chart = make();
        let rendered = match format {
            GanttFormat::Text => gantt::text(&chart, 60),
            GanttFormat::Mermaid => gantt::mermaid(&chart),
            GanttFormat::Svg => gantt::svg(&chart),
        };
        let mut d = Delivered::default();
        match (&self.output, format) {
            (Some(path), _) => {
                crate::files::ensure_writable(path, self.force)?;
                crate::files::write_atomic(path, rendered.as_bytes())?;
                d.wrote = Some(path.display().to_string());
            }
            (None, _) if json => {}
            (None, GanttFormat::Text) => d.text = Some(rendered),
            (None, _) => d.alone = Some(rendered),
        }
        if json {
            d.chart = Some(chart);
        }
        Ok(d)
    }
}

impl Delivered {
    /// The chart's text and where it was written, at the end of a report.
    pub fn human(&self, out: &mut crate::output::Out, heading: &str) -> std::fmt::Result {
        use std::fmt::Write;
        if let Some(g) = &self.text {
            writeln!(out, "\n{}", out.heading(heading))?;
            out.text.push_str(g);
        }
        if let Some(w) = &self.wrote {
            writeln!(out, "\n{}", out.dim(&format!("wrote {w}")))?;
        }
        Ok(())
    }
}
