//! `metric <run> name=value...`: record metrics a run measured outside its
//! steps (a dashboard, a load test), for success criteria and decisions.

use anyhow::bail;
use skill_chains_engine::ops;

use crate::context::Context;
use crate::driver::{self, StoreArgs};
use crate::output::Reply;

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

/// `name=value`: numbers stay numbers, `true` and `false` are yes/no (for a
/// decision such as `!mitigation.service_restored`), `0.4%` and `420ms` stay
/// text with their unit.
pub fn parse(text: &str) -> anyhow::Result<(String, serde_json::Value)> {
    let Some((name, value)) = text.split_once('=').filter(|(n, _)| !n.trim().is_empty()) else {
        bail!("`{text}`: write NAME=VALUE, e.g. error_rate=0.4%");
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

pub fn exec(args: Args, ctx: &Context) -> anyhow::Result<Reply<'static>> {
    let pairs = args
        .metrics
        .iter()
        .map(|m| parse(m))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let mut store = args.store.open()?;
    let recorded = ops::metric(&driver::env(ctx), &mut store, &args.run, pairs, args.by)
        .map_err(driver::op_error)?;
    Ok(Reply::data(recorded))
}
