//! `status [<run>]`: a run's phases, steps, who or what is running, gates,
//! costs per step, per persona and in total, and its success criteria (met,
//! missed or not measured by the metrics recorded so far); the latest run by
//! default. `run` ends with the same report.

use std::collections::BTreeMap;
use std::fmt::{self, Write};
use std::process::ExitCode;

use serde::Serialize;
use skill_chains_core::learn::criteria::{self, CriterionResult};
use skill_chains_engine::clock::{format_duration, format_utc, now_ms};
use skill_chains_engine::event::{Budget, PauseReason, Usage};
use skill_chains_engine::runner::unmet_criteria;
use skill_chains_engine::state::{GateState, RunStatus, StepStatus};
use skill_chains_engine::store::{Lease, Store};

use crate::context::Context;
use crate::driver::{LoadedRun, StoreArgs, load_run};
use crate::output::{Human, Out, fit};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// A run id (or a program run's), a unique prefix of one, or `last` (the default).
    #[arg(default_value = "last")]
    pub run: String,
    #[command(flatten)]
    pub store: StoreArgs,
}

#[derive(Debug, Serialize)]
pub struct RunReport {
    pub run: String,
    pub workflow_id: String,
    pub workflow_name: String,
    /// The version of the workflow this run runs.
    pub version: u32,
    pub status: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    pub phase: String,
    pub created_at: String,
    pub updated_at: String,
    pub active_ms: u64,
    pub sessions: u32,
    pub steps_done: usize,
    pub steps_total: usize,
    pub usage: Usage,
    pub budget: Budget,
    pub cost_by_persona: Vec<PersonaCost>,
    pub phases: Vec<PhaseReport>,
    pub loops: BTreeMap<String, u32>,
    pub metrics: BTreeMap<String, serde_json::Value>,
    /// The workflow's success criteria against the metrics recorded so far.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub criteria: Vec<CriterionResult>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub held_by: Option<Lease>,
    /// The command that moves the run on, if one is needed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct PersonaCost {
    pub persona: String,
    pub cost_usd: f64,
    pub tokens: u64,
}

#[derive(Debug, Serialize)]
pub struct PhaseReport {
    pub id: String,
    pub name: String,
    pub gate: Option<GateState>,
    /// Criteria the gate requires that are not met now.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unmet_criteria: Vec<String>,
    /// Actual start (its first step's) and finish (its last step's, once
    /// every step is done), UTC.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub started_at: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub finished_at: Option<String>,
    pub steps: Vec<StepReport>,
}

#[derive(Debug, Serialize)]
pub struct StepReport {
    pub id: String,
    pub persona: String,
    pub executor: Option<String>,
    pub status: StepStatus,
    pub attempts: u32,
    pub interruptions: u32,
    pub completions: u32,
    pub usage: Usage,
    pub duration_ms: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub artifact: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
    /// Actual start and finish (UTC), as recorded or as a person stated them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub started_at: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub finished_at: Option<String>,
    /// Working minutes a person stated (`step done --effort`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub effort_minutes: Option<f64>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub metrics: BTreeMap<String, serde_json::Value>,
}

impl RunReport {
    pub fn new(run: &LoadedRun, held_by: Option<Lease>) -> RunReport {
        let state = &run.state;
        let layout = &run.layout;
        let (reason, next) = match &state.status {
            RunStatus::Paused { reason } => {
                let (why, next) = match reason {
                    PauseReason::Gate { gate } => {
                        let unmet = layout
                            .phase_index(gate)
                            .map(|p| unmet_criteria(&run.workflow, p, &state.metrics))
                            .unwrap_or_default();
                        if unmet.is_empty() {
                            (
                                format!("the gate `{gate}` waits for approval"),
                                format!("skill-chains approve {} {gate}", run.id),
                            )
                        } else {
                            (
                                format!(
                                    "the gate `{gate}` waits for approval and for criteria it requires: {}",
                                    unmet.join("; ")
                                ),
                                format!(
                                    "skill-chains metric {} NAME=VALUE (or approve {} {gate} --override \"reason\")",
                                    run.id, run.id
                                ),
                            )
                        }
                    }
                    PauseReason::Manual { steps } => (
                        format!("waiting for a person: {}", steps.join(", ")),
                        format!(
                            "skill-chains step done {} {} --text \"...\"",
                            run.id, steps[0]
                        ),
                    ),
                    PauseReason::Budget { reason } => (
                        reason.clone(),
                        format!("skill-chains resume {} --max-cost-usd <more>", run.id),
                    ),
                    PauseReason::Interrupted => (
                        "interrupted (Ctrl-C)".into(),
                        format!("skill-chains resume {}", run.id),
                    ),
                    PauseReason::Aborted => (
                        "aborted (second Ctrl-C); in-flight steps will run again".into(),
                        format!("skill-chains resume {}", run.id),
                    ),
                    PauseReason::Held { phase, waits_for } => (
                        format!("phase `{phase}` waits for {waits_for}"),
                        match &state.options.program {
                            Some(p) => format!("skill-chains resume {}", p.run),
                            None => format!("skill-chains resume {}", run.id),
                        },
                    ),
                };
                (Some(why), Some(next))
            }
            RunStatus::Failed { reason } => (
                Some(reason.clone()),
                Some(format!("skill-chains resume {}", run.id)),
            ),
            RunStatus::Running if held_by.is_none() => (
                Some("no process holds it (it was killed?)".into()),
                Some(format!("skill-chains resume {}", run.id)),
            ),
            _ => (None, None),
        };
        let phases = layout
            .phases
            .iter()
            .enumerate()
            .map(|(p, ph)| PhaseReport {
                id: ph.id.clone(),
                name: ph.name.clone(),
                gate: ph.gate.then(|| state.gates[p].clone()),
                unmet_criteria: if ph.gate && state.gates[p] == GateState::Open {
                    unmet_criteria(&run.workflow, p, &state.metrics)
                } else {
                    Vec::new()
                },
                started_at: ph
                    .steps
                    .clone()
                    .filter_map(|i| state.steps[i].started_at)
                    .min()
                    .map(format_utc),
                finished_at: state
                    .phase_done(layout, p)
                    .then(|| {
                        ph.steps
                            .clone()
                            .filter_map(|i| state.steps[i].finished_at)
                            .max()
                    })
                    .flatten()
                    .map(format_utc),
                steps: ph
                    .steps
                    .clone()
                    .map(|i| {
                        let s = &state.steps[i];
                        StepReport {
                            id: s.id.clone(),
                            persona: layout.steps[i].persona.clone(),
                            executor: s.executor.clone(),
                            status: s.status,
                            attempts: s.attempts,
                            interruptions: s.interruptions,
                            completions: s.completions,
                            usage: s.usage,
                            duration_ms: s.duration_ms,
                            artifact: s.artifact.clone(),
                            error: s.error.clone(),
                            by: s.by.clone(),
                            started_at: s.started_at.map(format_utc),
                            finished_at: s.finished_at.map(format_utc),
                            effort_minutes: s.effort_minutes,
                            metrics: s.metrics.clone(),
                        }
                    })
                    .collect(),
            })
            .collect();
        RunReport {
            run: run.id.clone(),
            workflow_id: state.workflow_id.clone(),
            workflow_name: state.workflow_name.clone(),
            version: run.workflow.version,
            status: state.status.name().to_string(),
            reason,
            phase: layout
                .phases
                .get(state.phase)
                .map(|p| p.id.clone())
                .unwrap_or_default(),
            created_at: format_utc(state.created_at),
            updated_at: format_utc(state.updated_at),
            active_ms: state.active_ms(Some(now_ms())),
            sessions: state.sessions,
            steps_done: state
                .steps
                .iter()
                .filter(|s| s.status == StepStatus::Done)
                .count(),
            steps_total: state.steps.len(),
            usage: state.usage,
            budget: state.options.budget,
            cost_by_persona: state
                .cost_by_persona(layout)
                .into_iter()
                .filter(|(_, u)| !u.is_zero())
                .map(|(persona, u)| PersonaCost {
                    persona,
                    cost_usd: u.cost_usd,
                    tokens: u.tokens(),
                })
                .collect(),
            phases,
            loops: state.loops.clone(),
            metrics: state.metrics.clone(),
            criteria: criteria::evaluate(&run.workflow.success_criteria, &state.metrics),
            held_by,
            next,
        }
    }
}

fn mark(status: StepStatus) -> &'static str {
    match status {
        StepStatus::Pending => "·",
        StepStatus::Running => "▶",
        StepStatus::Retrying => "↻",
        StepStatus::Waiting => "?",
        StepStatus::Done => "✓",
        StepStatus::Failed => "✗",
    }
}

impl Human for RunReport {
    fn human(&self, out: &mut Out) -> fmt::Result {
        let status = match self.status.as_str() {
            "completed" => out.good(&self.status),
            "failed" | "cancelled" => out.bad(&self.status),
            _ => out.accent(&self.status),
        };
        writeln!(
            out,
            "{}  {} v{}  {status}",
            out.bold(&self.run),
            self.workflow_name,
            self.version
        )?;
        if let Some(r) = &self.reason {
            writeln!(out, "  {r}")?;
        }
        let width = 30;
        let filled = (self.steps_done * width)
            .checked_div(self.steps_total)
            .unwrap_or(width);
        writeln!(
            out,
            "  [{}{}] {}/{} steps · active {} · {} session(s) · started {}",
            "#".repeat(filled),
            "-".repeat(width - filled),
            self.steps_done,
            self.steps_total,
            format_duration(self.active_ms),
            self.sessions,
            self.created_at
        )?;
        writeln!(
            out,
            "  cost ${:.4} · {} tokens ({} in, {} out){}",
            self.usage.cost_usd,
            self.usage.tokens(),
            self.usage.input_tokens,
            self.usage.output_tokens,
            budget_text(&self.budget)
        )?;
        if let Some(l) = &self.held_by {
            writeln!(out, "  held by process {} on {}", l.pid, l.host)?;
        }
        for (n, p) in self.phases.iter().enumerate() {
            let here = if p.id == self.phase && self.status != "completed" {
                " ◀"
            } else {
                ""
            };
            writeln!(
                out,
                "\n{}{here}",
                out.heading(&format!("Phase {}: {}", n + 1, p.name))
            )?;
            for s in &p.steps {
                let mut extra = Vec::new();
                if !s.usage.is_zero() {
                    extra.push(format!("${:.4}", s.usage.cost_usd));
                    extra.push(format!("{} tok", s.usage.tokens()));
                }
                if s.duration_ms > 0 {
                    extra.push(format_duration(s.duration_ms));
                }
                if s.attempts > 1 {
                    extra.push(format!("{} attempts", s.attempts));
                }
                if s.interruptions > 0 {
                    extra.push(format!("interrupted {}×", s.interruptions));
                }
                if let Some(by) = &s.by {
                    extra.push(format!("by {by}"));
                    // A person's dates are news: the work may have taken months.
                    if let (Some(a), Some(b)) = (&s.started_at, &s.finished_at) {
                        extra.push(format!("{} → {}", &a[..10], &b[..10]));
                    }
                }
                if let Some(m) = s.effort_minutes {
                    extra.push(format!("effort {}", working(m)));
                }
                writeln!(
                    out,
                    "  {} {} {} {}  {}",
                    mark(s.status),
                    fit(&s.id, 28),
                    fit(&s.persona, 28),
                    fit(s.executor.as_deref().unwrap_or("-"), 9),
                    out.dim(&extra.join(" · "))
                )?;
                if let Some(e) = &s.error {
                    writeln!(out, "      {}", out.bad(e))?;
                }
            }
            if let Some(g) = &p.gate {
                let text = match g {
                    GateState::Closed => "gate: not reached".to_string(),
                    GateState::Open => "gate: waiting for approval".to_string(),
                    GateState::Approved {
                        by,
                        at,
                        comment,
                        auto,
                        overridden,
                    } => format!(
                        "gate: approved by {by}{}{} at {}{}",
                        if *auto { " (auto)" } else { "" },
                        if overridden.is_empty() {
                            String::new()
                        } else {
                            format!(" overriding {}", overridden.join("; "))
                        },
                        format_utc(*at),
                        comment
                            .as_ref()
                            .map(|c| format!(": {c}"))
                            .unwrap_or_default()
                    ),
                    GateState::Rejected { by, at, comment } => format!(
                        "gate: rejected by {by} at {}{}",
                        format_utc(*at),
                        comment
                            .as_ref()
                            .map(|c| format!(": {c}"))
                            .unwrap_or_default()
                    ),
                };
                writeln!(out, "  {}", out.dim(&text))?;
                for u in &p.unmet_criteria {
                    writeln!(out, "    {} {u}", out.bad("requires"))?;
                }
            }
        }
        if !self.criteria.is_empty() {
            writeln!(out, "\n{}", out.heading("Success criteria"))?;
            crate::commands::metric::criteria_lines(out, &self.criteria)?;
        }
        if !self.cost_by_persona.is_empty() {
            writeln!(out, "\n{}", out.heading("Cost by persona"))?;
            for p in &self.cost_by_persona {
                writeln!(
                    out,
                    "  {} ${:.4}  {} tokens",
                    fit(&p.persona, 40),
                    p.cost_usd,
                    p.tokens
                )?;
            }
        }
        if let Some(n) = &self.next {
            writeln!(out, "\nnext: {n}")?;
        }
        Ok(())
    }
}

/// Working minutes as a short duration: `45 min`, `6 h`, `3.5 d` (8-hour days).
fn working(minutes: f64) -> String {
    match minutes {
        m if m < 60.0 => format!("{m:.0} min"),
        m if m < 480.0 => format!("{:.1} h", m / 60.0),
        m => format!("{:.1} d", m / 480.0),
    }
}

fn budget_text(b: &Budget) -> String {
    let mut parts = Vec::new();
    if let Some(c) = b.max_cost_usd {
        parts.push(format!("max ${c:.2}"));
    }
    if let Some(t) = b.max_tokens {
        parts.push(format!("max {t} tokens"));
    }
    if let Some(d) = b.max_duration_ms {
        parts.push(format!("max {}", format_duration(d)));
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!(" · budget: {}", parts.join(", "))
    }
}

pub fn exec(args: Args, ctx: &Context) -> anyhow::Result<ExitCode> {
    let store = args.store.open()?;
    if store.find_run(&args.run).is_err()
        && let Some(report) = crate::program::run::report(ctx, &store, &args.run)?
    {
        ctx.emit(&report)?;
        return Ok(ExitCode::SUCCESS);
    }
    let run = load_run(ctx, &store, &args.run)?;
    let held = store.lease(&run.id)?.filter(|l| !l.is_stale(now_ms()));
    ctx.emit(&RunReport::new(&run, held))?;
    Ok(ExitCode::SUCCESS)
}
