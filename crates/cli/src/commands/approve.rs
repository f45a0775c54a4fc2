//! `approve <run> [<gate>]`: pass a checkpoint and continue the run (from any
//! process, at any later time). Who approved, when and why is recorded.
//!
//! A gate whose checkpoint requires success criteria (`criteria:`) that are
//! missed or not measured is refused, unless `--override "reason"`: then the
//! criteria passed over are recorded with the approval.

use skill_chains_engine::ops;

use crate::context::Context;
use crate::driver::{self, StoreArgs};
use crate::output::Reply;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// A run id, a unique prefix of one, or `last`.
    pub run: String,
    /// The gate (its phase id); default: the gate the run waits at.
    pub gate: Option<String>,
    /// Why (recorded).
    #[arg(long)]
    pub comment: Option<String>,
    /// Who decides (default: $USER).
    #[arg(long)]
    pub by: Option<String>,
    /// Approve although criteria the gate requires are not met; the reason is recorded.
    #[arg(long = "override", value_name = "REASON", conflicts_with = "comment")]
    pub override_reason: Option<String>,
    /// Only record the decision; do not continue the run here.
    #[arg(long)]
    pub no_continue: bool,
    #[command(flatten)]
    pub store: StoreArgs,
}

impl Args {
    /// The decision these arguments state.
    pub fn decision(&self) -> ops::GateDecision<'_> {
        ops::GateDecision {
            gate: self.gate.as_deref(),
            by: self.by.clone(),
            comment: self.comment.clone(),
            override_reason: self.override_reason.clone(),
            go_on: !self.no_continue,
        }
    }
}

pub fn exec(args: Args, ctx: &Context) -> anyhow::Result<Reply<'static>> {
    let mut store = args.store.open()?;
    let summary = ops::approve(&driver::env(ctx), &mut store, &args.run, args.decision())
        .map_err(driver::op_error)?;
    Ok(driver::reply(summary))
}
