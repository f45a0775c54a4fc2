//! `step done <run> <step> [--file F | --text T] [--metric name=value]
//! [--started DATE] [--finished DATE] [--effort DURATION]`: record what a
//! person did for a manual step, then continue the run.
//!
//! The dates are when the work really happened (a migration step is recorded
//! weeks after it started): they are the step's actual start and finish for
//! `retrospective` and `timeline --calibrated`. A step recorded with no
//! date and no effort is not measured (when it was due and when this ran
//! are bookkeeping); figures under 5 % or over 20x of the estimate are
//! suspect and not learned from unless `--confirm` says they are right.

use anyhow::Context as _;
use skill_chains_engine::ops;

use crate::context::Context;
use crate::driver::{self, StoreArgs};
use crate::output::Reply;

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
    /// The dates or effort are right although far from the estimate (under
    /// 5 % or over 20x of it): calibration learns from them.
    #[arg(long)]
    pub confirm: bool,
    /// Only record the result; do not continue the run here.
    #[arg(long)]
    pub no_continue: bool,
    #[command(flatten)]
    pub store: StoreArgs,
}

fn metric(text: &str) -> anyhow::Result<(String, serde_json::Value)> {
    super::metric::parse(text).with_context(|| format!("--metric {text}"))
}

pub fn exec(args: Args, ctx: &Context) -> anyhow::Result<Reply<'static>> {
    let StepCommand::Done(args) = args.command;
    let text = match (&args.file, &args.text) {
        (Some(f), _) => crate::load::read_text(f)?,
        (None, Some(t)) => t.clone(),
        (None, None) => String::new(),
    };
    let metrics = args
        .metrics
        .iter()
        .map(|m| metric(m))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let mut store = args.store.open()?;
    let done = ops::StepDone {
        step: args.step,
        text,
        metrics,
        by: args.by,
        started: args.started,
        finished: args.finished,
        effort: args.effort,
        confirm: args.confirm,
        go_on: !args.no_continue,
    };
    let summary =
        ops::step_done(&driver::env(ctx), &mut store, &args.run, done).map_err(driver::op_error)?;
    Ok(driver::reply(summary))
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
