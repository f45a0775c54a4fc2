//! `checkpoint <workflow>`: every gate, who approves it, what it requires and
//! when it is expected; and the phases that end without one (principle 7:
//! checkpoints prevent rework). With `--expand`, propose the missing gates
//! (crate::gates).

use std::fmt::{self, Write};

use serde::Serialize;
use skill_chains_core::duration::Calendar;
use skill_chains_core::model::Workflow;
use skill_chains_core::plan::cpm::cpm;
use skill_chains_core::plan::graph::StepGraph;

use crate::context::Context;
use crate::output::{Human, Out, Reply};
use crate::plan_text::{decision_text, time};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// A built-in id or name, or a workflow file.
    pub workflow: String,
    /// With --expand: only this phase (id, name, or number; 1 is the first).
    #[arg(requires = "expand")]
    pub phase: Option<String>,
    #[command(flatten)]
    pub expand: crate::gates::GateArgs,
}

#[derive(Serialize)]
struct Report {
    workflow: String,
    #[serde(skip)]
    name: String,
    /// Times are working minutes under this calendar.
    calendar: Calendar,
    gates: Vec<Gate>,
    /// Phases whose end no checkpoint guards.
    ungated: Vec<Ungated>,
}

#[derive(Serialize)]
struct Gate {
    phase: String,
    phase_name: String,
    approver: Option<String>,
    requires: Vec<Requirement>,
    criteria: Vec<String>,
    text: Option<String>,
    /// When the gate is reached in the expected plan.
    expected_at: f64,
    decisions: Vec<String>,
}

#[derive(Serialize)]
struct Requirement {
    artifact: String,
    /// Who produces it: step ids, `deliverable of <phase>`, `workflow input`;
    /// empty when nothing does (check reports SC009).
    from: Vec<String>,
}

#[derive(Serialize)]
struct Ungated {
    phase: String,
    phase_name: String,
    /// The phase that starts without a gate before it (none for the last).
    next: Option<String>,
}

impl Human for Report {
    fn human(&self, out: &mut Out) -> fmt::Result {
        writeln!(out, "{}", out.bold(&format!("{}: checkpoints", self.name)))?;
        for (n, g) in self.gates.iter().enumerate() {
            writeln!(
                out,
                "\n{} {}",
                out.heading(&format!("{}. {} gate", n + 1, g.phase_name)),
                out.dim(&format!(
                    "(expected at {})",
                    time(g.expected_at, self.calendar)
                ))
            )?;
            let approver = g.approver.as_deref().unwrap_or("nobody named");
            writeln!(out, "   {} {approver}", out.bold("Approver:"))?;
            if !g.requires.is_empty() {
                let items: Vec<String> = g
                    .requires
                    .iter()
                    .map(|r| {
                        if r.from.is_empty() {
                            format!("{} {}", r.artifact, out.bad("(nothing produces it)"))
                        } else {
                            format!(
                                "{} {}",
                                r.artifact,
                                out.dim(&format!("(from {})", r.from.join(", ")))
                            )
                        }
                    })
                    .collect();
                writeln!(out, "   {} {}", out.bold("Requires:"), items.join("; "))?;
            }
            if !g.criteria.is_empty() {
                writeln!(
                    out,
                    "   {} {}",
                    out.bold("Criteria:"),
                    g.criteria.join(", ")
                )?;
            }
            if let Some(t) = &g.text {
                writeln!(out, "   {t}")?;
            }
            for d in &g.decisions {
                writeln!(out, "   {} {d}", out.bold("Decision:"))?;
            }
        }
        if self.gates.is_empty() {
            writeln!(out, "\nNo phase has a checkpoint.")?;
        }
        if self.ungated.is_empty() {
            return writeln!(out, "\n{}", out.good("Every phase ends with a gate."));
        }
        writeln!(
            out,
            "\n{} {}",
            out.heading("Phases that end without a gate"),
            out.dim(
                "(principle 7: checkpoints prevent rework; validate outputs before the next phase)"
            )
        )?;
        for u in &self.ungated {
            let what = match &u.next {
                Some(next) => format!("{next} starts on phase order alone, with nobody validating"),
                None => "the workflow ends without a final sign-off".to_string(),
            };
            writeln!(out, "  {} {}: {what}", out.accent("!"), u.phase_name)?;
        }
        writeln!(
            out,
            "{}",
            out.dim("help: `checkpoint <workflow> --expand` proposes these gates")
        )
    }
}

/// Where an artifact comes from, for a consumer in phase `k`.
fn sources(wf: &Workflow, artifact: &str, k: usize) -> Vec<String> {
    let mut from: Vec<String> = wf
        .phases
        .iter()
        .take(k + 1)
        .flat_map(|p| p.steps.iter())
        .filter(|s| s.outputs.iter().any(|o| o.value == artifact))
        .map(|s| s.id.value.clone())
        .collect();
    for p in wf.phases.iter().take(k + 1) {
        if p.deliverable.as_ref().and_then(|d| d.artifact.as_deref()) == Some(artifact) {
            from.push(format!("deliverable of {}", p.name.value));
        }
    }
    if wf.inputs.iter().any(|i| i.value == artifact) {
        from.push("workflow input".to_string());
    }
    from
}

pub fn exec(args: Args, ctx: &Context) -> anyhow::Result<Reply<'static>> {
    if args.expand.expand {
        return crate::gates::exec(&args.workflow, args.phase.as_deref(), &args.expand, ctx);
    }
    let (wf, _) = ctx.workflow(&args.workflow)?;
    let graph = StepGraph::build(&wf);
    let c = cpm(graph.network(), &graph.network().means());
    let mut gates = Vec::new();
    let mut ungated = Vec::new();
    for (k, p) in wf.phases.iter().enumerate() {
        let Some(cp) = &p.checkpoint else {
            ungated.push(Ungated {
                phase: p.id.value.clone(),
                phase_name: p.name.value.clone(),
                next: wf.phases.get(k + 1).map(|n| n.name.value.clone()),
            });
            continue;
        };
        gates.push(Gate {
            phase: p.id.value.clone(),
            phase_name: p.name.value.clone(),
            approver: cp.approver.as_ref().map(|a| a.written.clone()),
            requires: cp
                .requires
                .iter()
                .map(|r| Requirement {
                    artifact: r.value.clone(),
                    from: sources(&wf, &r.value, k),
                })
                .collect(),
            criteria: cp.criteria.iter().map(|c| c.value.clone()).collect(),
            text: cp.text.clone(),
            expected_at: c.early_finish[graph.gate(k)],
            decisions: p.decisions.iter().map(decision_text).collect(),
        });
    }
    Ok(Reply::data(Report {
        workflow: wf.id.clone(),
        name: wf.name.value.clone(),
        calendar: wf.calendar,
        gates,
        ungated,
    }))
}
