//! `parallel <workflow>`: the steps that can run at the same time, what each
//! waits for, the time that saves, and steps that could also overlap if a
//! phase gate is not a real dependency (suggestions).

use std::fmt::{self, Write};

use serde::Serialize;
use skill_chains_core::duration::Calendar;
use skill_chains_core::plan::graph::StepGraph;
use skill_chains_core::plan::parallel::parallel;

use crate::context::Context;
use crate::output::{Human, Out, Reply};
use crate::plan_text::{node_name, time, waits_text};

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
    /// Times are working minutes under this calendar.
    calendar: Calendar,
    groups: Vec<GroupOut>,
    sequential: f64,
    parallel: f64,
    saved: f64,
    suggestions: Vec<SuggestionOut>,
    /// The finish if every suggestion held.
    relaxed: f64,
}

#[derive(Serialize)]
struct GroupOut {
    phase: String,
    phase_name: String,
    layer: usize,
    start: f64,
    finish: f64,
    saved: f64,
    steps: Vec<StepOut>,
}

#[derive(Serialize)]
struct StepOut {
    id: String,
    persona: String,
    duration: f64,
    start: f64,
    waits_for: Vec<String>,
}

#[derive(Serialize)]
struct SuggestionOut {
    step: String,
    phase: String,
    waits_for_gate: String,
    start: f64,
    could_start: f64,
    after: Option<String>,
    overlaps: Vec<String>,
}

impl Human for Report {
    fn human(&self, out: &mut Out) -> fmt::Result {
        let cal = self.calendar;
        writeln!(
            out,
            "{}",
            out.bold(&format!("{}: parallel groups", self.name))
        )?;
        let mut phase = "";
        for g in &self.groups {
            if g.phase_name != phase {
                phase = &g.phase_name;
                writeln!(out, "\n{}", out.heading(phase))?;
            }
            let ids: Vec<&str> = g.steps.iter().map(|s| s.id.as_str()).collect();
            let head = if g.steps.len() > 1 {
                format!(
                    "{} {}  {}",
                    out.accent("together:"),
                    ids.join(" ‖ "),
                    out.dim(&format!(
                        "from {} · saves {}",
                        time(g.start, cal),
                        time(g.saved, cal)
                    ))
                )
            } else {
                format!(
                    "{} {}  {}",
                    out.dim("alone:"),
                    ids[0],
                    out.dim(&format!("from {}", time(g.start, cal)))
                )
            };
            writeln!(out, "  {head}")?;
            for s in &g.steps {
                let waits = if s.waits_for.is_empty() {
                    "waits for nothing".to_string()
                } else {
                    format!("waits for {}", s.waits_for.join(", "))
                };
                writeln!(
                    out,
                    "    {} {}",
                    s.id,
                    out.dim(&format!(
                        "({}, {}) {waits}",
                        s.persona,
                        time(s.duration, cal)
                    ))
                )?;
            }
        }
        let share = if self.sequential > 0.0 {
            100.0 * self.saved / self.sequential
        } else {
            0.0
        };
        writeln!(
            out,
            "\n{} one after another {} · with parallel steps {} · saved {} ({share:.0}%)",
            out.bold("Time:"),
            time(self.sequential, cal),
            time(self.parallel, cal),
            out.good(&time(self.saved, cal)),
        )?;
        if self.suggestions.is_empty() {
            return writeln!(
                out,
                "{}",
                out.dim("No step is held back by phase order alone.")
            );
        }
        writeln!(
            out,
            "\n{} {}",
            out.heading("Could also run in parallel"),
            out.dim("(suggestions: no artifact or `after` links these steps to the previous phase; confirm before relying on it)")
        )?;
        for s in &self.suggestions {
            let after = s
                .after
                .as_ref()
                .map(|a| format!("after {a}"))
                .unwrap_or_else(|| "at the start".to_string());
            writeln!(
                out,
                "  ~ {} waits only for the {} by phase order: could start {after}, at {} instead of {}",
                out.accent(&s.step),
                s.waits_for_gate,
                time(s.could_start, cal),
                time(s.start, cal)
            )?;
            if !s.overlaps.is_empty() {
                writeln!(
                    out,
                    "    {}",
                    out.dim(&format!("alongside {}", s.overlaps.join(", ")))
                )?;
            }
        }
        let gain = self.parallel - self.relaxed;
        if gain > 1e-9 {
            writeln!(
                out,
                "If every suggestion holds: {} instead of {} ({} sooner).",
                time(self.relaxed, cal),
                time(self.parallel, cal),
                time(gain, cal)
            )
        } else {
            writeln!(
                out,
                "{}",
                out.dim("None of them is on the critical path: the finish would not move.")
            )
        }
    }
}

pub fn exec(args: Args, ctx: &Context) -> anyhow::Result<Reply<'static>> {
    if let Some(program) = crate::program::load(&args.workflow, ctx)? {
        return Ok(crate::program::plan::parallel(&program));
    }
    let (wf, _) = ctx.workflow(&args.workflow)?;
    let graph = StepGraph::build(&wf);
    let plan = parallel(&graph);
    let means = graph.network().means();
    let name = |i: usize| node_name(&wf, &graph, i);
    let cpm = skill_chains_core::plan::cpm::cpm(graph.network(), &means);
    let report = Report {
        workflow: wf.id.clone(),
        name: wf.name.value.clone(),
        calendar: wf.calendar,
        groups: plan
            .groups
            .iter()
            .map(|g| GroupOut {
                phase: wf.phases[g.phase].id.value.clone(),
                phase_name: wf.phases[g.phase].name.value.clone(),
                layer: g.layer,
                start: g.start,
                finish: g.finish,
                saved: g.saved,
                steps: g
                    .steps
                    .iter()
                    .map(|&i| StepOut {
                        id: name(i),
                        persona: graph.nodes[i].persona_name.clone().unwrap_or_default(),
                        duration: means[i],
                        start: cpm.early_start[i],
                        waits_for: waits_text(&wf, &graph, i),
                    })
                    .collect(),
            })
            .collect(),
        sequential: plan.sequential,
        parallel: plan.parallel,
        saved: plan.saved(),
        suggestions: plan
            .suggestions
            .iter()
            .map(|s| SuggestionOut {
                step: name(s.step),
                phase: wf.phases[graph.nodes[s.step].phase].id.value.clone(),
                waits_for_gate: name(s.gate),
                start: s.start,
                could_start: s.could_start,
                after: s.after.map(name),
                overlaps: s.overlaps.iter().map(|&i| name(i)).collect(),
            })
            .collect(),
        relaxed: plan.relaxed,
    };
    Ok(Reply::data(report))
}
