//! `phase <workflow> <phase>`: one phase in full: its window, steps with
//! inputs and outputs (and who produces and uses them), estimates, planned
//! times and slack, the deliverable, the gate and the decisions.

use std::fmt::{self, Write};

use anyhow::bail;
use serde::Serialize;
use skill_chains_core::catalog::normalise;
use skill_chains_core::duration::Calendar;
use skill_chains_core::format::write::estimate_text;
use skill_chains_core::model::Workflow;
use skill_chains_core::plan::cpm::cpm;
use skill_chains_core::plan::graph::{Reason, StepGraph};

use crate::context::Context;
use crate::output::{Human, Out, Reply};
use crate::plan_text::{decision_text, node_name, time};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// A built-in id or name, or a workflow file.
    pub workflow: String,
    /// The phase: its id, its name, or its number (1 is the first).
    pub phase: String,
    #[command(flatten)]
    pub expand: crate::expand::ExpandArgs,
}

#[derive(Serialize)]
struct Report {
    workflow: String,
    #[serde(skip)]
    workflow_name: String,
    /// Times are working minutes under this calendar.
    calendar: Calendar,
    number: usize,
    id: String,
    name: String,
    window: Option<String>,
    skills: Vec<String>,
    start: f64,
    finish: f64,
    steps: Vec<StepOut>,
    deliverable: Option<String>,
    gate: Option<String>,
    decisions: Vec<String>,
}

#[derive(Serialize)]
struct StepOut {
    id: String,
    persona: String,
    action: String,
    inputs: Vec<Flow>,
    outputs: Vec<Flow>,
    after: Vec<String>,
    estimate: String,
    mean: f64,
    start: f64,
    finish: f64,
    total_slack: f64,
    critical: bool,
}

/// An artifact and the nodes on the other end (producers of an input,
/// consumers of an output).
#[derive(Serialize)]
struct Flow {
    artifact: String,
    with: Vec<String>,
}

impl Human for Report {
    fn human(&self, out: &mut Out) -> fmt::Result {
        let cal = self.calendar;
        let window = self
            .window
            .as_ref()
            .map(|w| format!(" ({w})"))
            .unwrap_or_default();
        writeln!(
            out,
            "{} {}",
            out.heading(&format!(
                "{} › Phase {}: {}{window}",
                self.workflow_name, self.number, self.name
            )),
            out.dim(&format!("id: {}", self.id))
        )?;
        writeln!(
            out,
            "Expected {} → {}{}",
            time(self.start, cal),
            time(self.finish, cal),
            if self.skills.is_empty() {
                String::new()
            } else {
                format!(" · skills: {}", self.skills.join(", "))
            }
        )?;
        let flows = |items: &[Flow], arrow: &str| -> String {
            items
                .iter()
                .map(|f| {
                    if f.with.is_empty() {
                        f.artifact.clone()
                    } else {
                        format!("{} ({arrow} {})", f.artifact, f.with.join(", "))
                    }
                })
                .collect::<Vec<_>>()
                .join(", ")
        };
        for (n, s) in self.steps.iter().enumerate() {
            writeln!(
                out,
                "\n  {}. {} {}: {}",
                n + 1,
                out.bold(&s.id),
                out.accent(&s.persona),
                s.action
            )?;
            if !s.inputs.is_empty() {
                writeln!(out, "     needs {}", flows(&s.inputs, "from"))?;
            }
            if !s.outputs.is_empty() {
                writeln!(out, "     makes {}", flows(&s.outputs, "to"))?;
            }
            if !s.after.is_empty() {
                writeln!(out, "     after {}", s.after.join(", "))?;
            }
            let slack = if s.critical {
                out.bad("critical")
            } else {
                format!("slack {}", time(s.total_slack, cal))
            };
            writeln!(
                out,
                "     estimate {} (expected {}) · {} → {} · {slack}",
                s.estimate,
                time(s.mean, cal),
                time(s.start, cal),
                time(s.finish, cal)
            )?;
        }
        if let Some(d) = &self.deliverable {
            writeln!(out, "\n  {} {d}", out.bold("Deliverable:"))?;
        }
        match &self.gate {
            Some(g) => writeln!(out, "  {} {g}", out.bold("Gate:"))?,
            None => writeln!(
                out,
                "  {} {}",
                out.bold("Gate:"),
                out.accent("none: the next phase starts without validation (principle 7)")
            )?,
        }
        for d in &self.decisions {
            writeln!(out, "  {} {d}", out.bold("Decision:"))?;
        }
        Ok(())
    }
}

/// Find a phase by id, normalised name, or 1-based number.
fn find_phase(wf: &Workflow, key: &str) -> anyhow::Result<usize> {
    if let Some(k) = wf.phases.iter().position(|p| p.id.value == key) {
        return Ok(k);
    }
    let norm = normalise(key);
    if let Some(k) = wf
        .phases
        .iter()
        .position(|p| normalise(&p.name.value) == norm || normalise(&p.id.value) == norm)
    {
        return Ok(k);
    }
    if let Ok(n) = key.parse::<usize>()
        && (1..=wf.phases.len()).contains(&n)
    {
        return Ok(n - 1);
    }
    let names: Vec<String> = wf
        .phases
        .iter()
        .enumerate()
        .map(|(k, p)| format!("{} ({})", k + 1, p.id.value))
        .collect();
    bail!(
        "{} has no phase `{key}`\nhelp: its phases are {}",
        wf.id,
        names.join(", ")
    )
}

pub fn exec(args: Args, ctx: &Context) -> anyhow::Result<Reply<'static>> {
    if args.expand.expand {
        return crate::expand::exec(&args.workflow, &args.phase, &args.expand, ctx);
    }
    let (wf, _) = ctx.workflow(&args.workflow)?;
    let k = find_phase(&wf, &args.phase)?;
    let graph = StepGraph::build(&wf);
    let net = graph.network();
    let means = net.means();
    let c = cpm(net, &means);
    let phase = &wf.phases[k];
    let name = |i: usize| node_name(&wf, &graph, i);
    let steps: Vec<StepOut> = graph
        .steps()
        .filter(|&i| graph.nodes[i].phase == k)
        .enumerate()
        .map(|(j, i)| {
            let step = &phase.steps[j];
            let producers = |artifact: &str| -> Vec<String> {
                let mut from: Vec<String> = graph
                    .edges_into(i)
                    .filter(|e| matches!(&e.reason, Reason::Artifact { artifact: a } if a == artifact))
                    .map(|e| name(e.from))
                    .collect();
                if from.is_empty() && wf.inputs.iter().any(|w| w.value == artifact) {
                    from.push("workflow input".to_string());
                }
                from
            };
            let consumers = |artifact: &str| -> Vec<String> {
                graph
                    .edges
                    .iter()
                    .filter(|e| e.from == i)
                    .filter(|e| matches!(&e.reason, Reason::Artifact { artifact: a } | Reason::Requires { artifact: a } if a == artifact))
                    .map(|e| name(e.to))
                    .collect()
            };
            StepOut {
                id: step.id.value.clone(),
                persona: step.persona.written.clone(),
                action: step.action.value.clone(),
                inputs: step
                    .inputs
                    .iter()
                    .map(|a| Flow {
                        artifact: a.value.clone(),
                        with: producers(&a.value),
                    })
                    .collect(),
                outputs: step
                    .outputs
                    .iter()
                    .map(|a| Flow {
                        artifact: a.value.clone(),
                        with: consumers(&a.value),
                    })
                    .collect(),
                after: step.after.iter().map(|a| a.value.clone()).collect(),
                estimate: match step.estimate() {
                    Some(e) => estimate_text(&e, wf.calendar),
                    None => "derived from the window".to_string(),
                },
                mean: means[i],
                start: c.early_start[i],
                finish: c.early_finish[i],
                total_slack: c.total_slack[i],
                critical: c.critical[i],
            }
        })
        .collect();
    let start = steps.iter().map(|s| s.start).fold(f64::INFINITY, f64::min);
    let gate = phase.checkpoint.as_ref().map(|cp| {
        let who = cp
            .approver
            .as_ref()
            .map(|a| a.written.clone())
            .unwrap_or_else(|| "nobody named".to_string());
        let mut s = format!("{who} approves");
        if !cp.requires.is_empty() {
            let r: Vec<&str> = cp.requires.iter().map(|r| r.value.as_str()).collect();
            s.push_str(&format!("; requires {}", r.join(", ")));
        }
        if !cp.criteria.is_empty() {
            let r: Vec<&str> = cp.criteria.iter().map(|r| r.value.as_str()).collect();
            s.push_str(&format!("; criteria {}", r.join(", ")));
        }
        if let Some(t) = &cp.text {
            s.push_str(&format!(" — {t}"));
        }
        s
    });
    let decisions = phase.decisions.iter().map(decision_text).collect();
    Ok(Reply::data(Report {
        workflow: wf.id.clone(),
        workflow_name: wf.name.value.clone(),
        calendar: wf.calendar,
        number: k + 1,
        id: phase.id.value.clone(),
        name: phase.name.value.clone(),
        window: phase.window.as_ref().map(|w| w.text.value.clone()),
        skills: phase.skills.iter().map(|s| s.written.clone()).collect(),
        start: if start.is_finite() {
            start
        } else {
            c.early_start[graph.gate(k)]
        },
        finish: c.early_finish[graph.gate(k)],
        steps,
        deliverable: phase.deliverable.as_ref().map(|d| match &d.artifact {
            Some(a) => format!("{} [{a}]", d.text),
            None => d.text.clone(),
        }),
        gate,
        decisions,
    }))
}
