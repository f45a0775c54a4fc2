//! `step done <run> <step> [--file F | --text T] [--metric name=value]
//! [--started DATE] [--finished DATE] [--effort DURATION]`: record what a
//! person did for a manual step, then continue the run.
//!
//! The dates are when the work really happened (a migration step is recorded
//! weeks after it started): they are the step's actual start and finish for
//! `retrospective` and `timeline --calibrated`.

use std::process::ExitCode;

use anyhow::{Context as _, anyhow, bail};
use skill_chains_core::duration::{Calendar, parse_duration};
use skill_chains_engine::event::{Actuals, Event};
use skill_chains_engine::state::StepStatus;
use skill_chains_engine::store::Batch;
use skill_chains_engine::{artifact, clock};

use crate::context::Context;
use crate::driver::{self, StoreArgs};
use crate::output::Failed;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub command: StepCommand,
}

#[derive(Debug, clap::Subcommand)]
pub enum StepCommand {
    /// Record the result of a step a person carried out.
    Done(DoneArgs),
}

#[derive(Debug, clap::Args)]
pub struct DoneArgs {
    /// A run id, a unique prefix of one, or `last`.
    pub run: String,
    /// The step id.
    pub step: String,
    /// The deliverable, from a file.
    #[arg(long, value_name = "FILE", conflicts_with = "text")]
    pub file: Option<std::path::PathBuf>,
    /// The deliverable, as text.
    #[arg(long)]
    pub text: Option<String>,
    /// A metric for decisions and success criteria: `critical_gaps=2`.
    #[arg(long = "metric", value_name = "NAME=VALUE")]
    pub metrics: Vec<String>,
    /// Who did it (default: $USER).
    #[arg(long)]
    pub by: Option<String>,
    /// When the work really started: 2026-03-01, 2026-03-01T14:00 or RFC 3339
    /// (UTC unless an offset is given). Default: when the step became due.
    #[arg(long, value_name = "DATE")]
    pub started: Option<String>,
    /// When it really finished (same forms). Default: now.
    #[arg(long, value_name = "DATE")]
    pub finished: Option<String>,
    /// Working time spent, when it differs from the span (`3d`, `2w`, `6h`).
    #[arg(long, value_name = "DURATION")]
    pub effort: Option<String>,
    /// Only record the result; do not continue the run here.
    #[arg(long)]
    pub no_continue: bool,
    #[command(flatten)]
    pub store: StoreArgs,
}

fn metric(text: &str) -> anyhow::Result<(String, serde_json::Value)> {
    let Some((name, value)) = text.split_once('=') else {
        bail!("--metric {text}: write NAME=VALUE, e.g. critical_gaps=2");
    };
    let value = value.trim();
    let v = match value {
        "true" => serde_json::Value::Bool(true),
        "false" => serde_json::Value::Bool(false),
        _ => value
            .parse::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64)
            .map(serde_json::Value::Number)
            .unwrap_or_else(|| serde_json::Value::String(value.to_string())),
    };
    Ok((name.trim().to_string(), v))
}

pub fn exec(args: Args, ctx: &Context) -> anyhow::Result<ExitCode> {
    let StepCommand::Done(args) = args.command;
    let mut store = args.store.open()?;
    let run = driver::load_run(ctx, &store, &args.run)?;
    let Some(&i) = run.layout.index.get(&args.step) else {
        return Err(Failed {
            status: 1,
            message: format!(
                "run {} has no step `{}`\nhelp: `skill-chains status {}` lists them",
                run.id, args.step, run.id
            ),
        }
        .into());
    };
    let s = &run.state.steps[i];
    let phase = run.layout.steps[i].phase;
    let blocked = run.layout.preds[i]
        .iter()
        .any(|&p| run.state.steps[p].status != StepStatus::Done);
    if s.status == StepStatus::Done || phase != run.state.phase || blocked {
        return Err(Failed {
            status: 1,
            message: format!(
                "step `{}` is {} and not up now (the run is in phase `{}`; a step waits for the steps it needs)",
                args.step,
                serde_json::to_value(s.status)
                    .unwrap_or_default()
                    .as_str()
                    .unwrap_or("?"),
                run.layout.phases[run.state.phase].id
            ),
        }
        .into());
    }
    let text = match (&args.file, &args.text) {
        (Some(f), _) => {
            std::fs::read_to_string(f).with_context(|| format!("cannot read {}", f.display()))?
        }
        (None, Some(t)) => t.clone(),
        (None, None) => String::new(),
    };
    let mut metrics = artifact::metrics(&text);
    for m in &args.metrics {
        let (k, v) = metric(m)?;
        metrics.insert(k, v);
    }
    let actuals = actuals(&args, s.started_at, run.workflow.calendar)?;
    let started = actuals.started_at.or(s.started_at);
    let finished = actuals.finished_at.unwrap_or_else(clock::now_ms);
    let hash = artifact::hash(text.as_bytes());
    let event = Event::StepCompleted {
        step: args.step.clone(),
        attempt: s.attempts.max(1),
        artifact: hash.clone(),
        outputs: Vec::new(),
        usage: Default::default(),
        duration_ms: started.map(|t| (finished - t).max(0) as u64).unwrap_or(0),
        metrics,
        by: Some(driver::person(args.by)),
        session_id: None,
        log: None,
        actuals,
    };
    driver::record(
        &mut store,
        &run.id,
        Batch {
            artifacts: vec![(hash, text.into_bytes())],
            events: vec![event],
        },
    )?;
    driver::continue_run(ctx, &mut store, &run.id, !args.no_continue)
}

/// The dates and effort given, checked: a date that reads, a finish not
/// before the start and not after now, an effort that is a duration.
fn actuals(args: &DoneArgs, due: Option<i64>, calendar: Calendar) -> anyhow::Result<Actuals> {
    let date = |flag: &str, text: &Option<String>| -> anyhow::Result<Option<i64>> {
        text.as_deref()
            .map(|t| clock::parse_instant(t).map_err(|e| anyhow!("--{flag}: {e}")))
            .transpose()
    };
    let started_at = date("started", &args.started)?;
    let finished_at = date("finished", &args.finished)?;
    let now = clock::now_ms();
    for (flag, at) in [("started", started_at), ("finished", finished_at)] {
        if let Some(t) = at.filter(|&t| t > now) {
            bail!(
                "--{flag} {} is in the future (now is {})\nhelp: record a step when it is done; dates are UTC unless they carry an offset",
                clock::format_utc(t),
                clock::format_utc(now)
            );
        }
    }
    let finish = finished_at.unwrap_or(now);
    if let Some(start) = started_at.or(due)
        && finish < start
    {
        let which = if started_at.is_some() {
            "--started"
        } else {
            "the time the step became due (pass --started for the real start)"
        };
        bail!(
            "the step finishes ({}) before it starts ({}, {which})\nhelp: --finished must not be before --started",
            clock::format_utc(finish),
            clock::format_utc(start)
        );
    }
    let effort_minutes = match &args.effort {
        Some(text) => {
            let d = parse_duration(text, calendar).map_err(|e| {
                anyhow!("--effort {text}: {e}\nhelp: write e.g. `3d`, `2w` or `6h`")
            })?;
            if d.minutes() <= 0.0 {
                bail!("--effort {text}: the effort must be more than zero");
            }
            Some(d.minutes())
        }
        None => None,
    };
    Ok(Actuals {
        started_at,
        finished_at,
        effort_minutes,
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn metrics_parse() {
        assert_eq!(super::metric("gaps=2").unwrap().1, serde_json::json!(2.0));
        assert_eq!(super::metric("ok=true").unwrap().1, serde_json::json!(true));
        assert!(super::metric("nonsense").is_err());
    }
}
