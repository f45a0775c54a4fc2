//! `metric <run> name=value...`: record metrics a run measured outside its
//! steps (a dashboard, a load test), for success criteria and decisions.

use std::fmt::{self, Write};
use std::process::ExitCode;

use anyhow::bail;
use serde::Serialize;
use skill_chains_core::learn::criteria::{self, CriterionResult};
use skill_chains_engine::event::Event;
use skill_chains_engine::store::Batch;

use crate::context::Context;
use crate::driver::{self, StoreArgs};
use crate::output::{Human, Out};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// A run id, a unique prefix of one, or `last`.
    pub run: String,
    /// `error_rate=0.4%`, `p99=420ms`, `mttr=25min`, `incidents=0`.
    #[arg(required = true, value_name = "NAME=VALUE")]
    pub metrics: Vec<String>,
    /// Who measured it (default: $USER).
    #[arg(long)]
    pub by: Option<String>,
    #[command(flatten)]
    pub store: StoreArgs,
}

#[derive(Serialize)]
struct Recorded {
    run: String,
    recorded: Vec<(String, serde_json::Value)>,
    criteria: Vec<CriterionResult>,
}

/// `name=value`: numbers stay numbers, `0.4%` and `420ms` stay text with their unit.
pub fn parse(text: &str) -> anyhow::Result<(String, serde_json::Value)> {
    let Some((name, value)) = text.split_once('=').filter(|(n, _)| !n.trim().is_empty()) else {
        bail!("`{text}`: write NAME=VALUE, e.g. error_rate=0.4%");
    };
    let value = value.trim();
    let v = value
        .parse::<f64>()
        .ok()
        .and_then(serde_json::Number::from_f64)
        .map(serde_json::Value::Number)
        .unwrap_or_else(|| serde_json::Value::String(value.to_string()));
    Ok((name.trim().to_string(), v))
}

pub fn exec(args: Args, ctx: &Context) -> anyhow::Result<ExitCode> {
    let pairs = args
        .metrics
        .iter()
        .map(|m| parse(m))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let mut store = args.store.open()?;
    let run = driver::load_run(ctx, &store, &args.run)?;
    let by = driver::person(args.by);
    let events = pairs
        .iter()
        .map(|(name, value)| Event::MetricRecorded {
            name: name.clone(),
            value: value.clone(),
            by: by.clone(),
        })
        .collect();
    driver::record(
        &mut store,
        &run.id,
        Batch {
            artifacts: Vec::new(),
            events,
        },
    )?;
    let mut metrics = run.state.metrics.clone();
    metrics.extend(pairs.iter().cloned());
    ctx.emit(&Recorded {
        run: run.id,
        recorded: pairs,
        criteria: criteria::evaluate(&run.workflow.success_criteria, &metrics),
    })?;
    Ok(ExitCode::SUCCESS)
}

/// Criteria as lines: `met  error_rate < 1 % (0.4)`.
pub fn criteria_lines(out: &mut Out, results: &[CriterionResult]) -> fmt::Result {
    for c in results {
        let label = c.outcome.label();
        let mark = match c.outcome {
            criteria::Outcome::Met => out.good(label),
            criteria::Outcome::Missed => out.bad(label),
            criteria::Outcome::NotMeasured => out.dim(label),
        };
        writeln!(out, "  {mark:<12} {}", c.text)?;
        for m in &c.metrics {
            let seen = match (&m.recorded, &m.note) {
                (Some(serde_json::Value::String(v)), None) => format!("recorded {v}"),
                (Some(v), None) => format!("recorded {v}"),
                (_, Some(n)) => n.clone(),
                (None, None) => String::new(),
            };
            writeln!(out, "      {} ({seen})", m.target)?;
        }
    }
    Ok(())
}

impl Human for Recorded {
    fn human(&self, out: &mut Out) -> fmt::Result {
        for (k, v) in &self.recorded {
            writeln!(out, "recorded {k} = {v} on {}", self.run)?;
        }
        if !self.criteria.is_empty() {
            writeln!(out, "{}", out.heading("Success criteria"))?;
            criteria_lines(out, &self.criteria)?;
        }
        Ok(())
    }
}
