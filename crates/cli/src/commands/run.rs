//! `run <workflow>`: start a durable run (or, with `--dry-run`, show the
//! order, the prompts and an estimate of tokens, cost and duration without
//! calling anything). `run <program>` starts one run per member workflow,
//! coordinated by the program's handoffs (see `program::run`).

use std::collections::BTreeMap;

use skill_chains_core::compose::Program;
use skill_chains_engine::event::{Durability, RunOptions};
use skill_chains_engine::executor::NAMES;
use skill_chains_engine::ops;

use crate::context::{Context, Document};
use crate::driver::{self, BudgetArgs, StoreArgs};
use crate::output::{Failed, Reply};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// A built-in workflow or program (id or name), or a workflow or program file.
    pub workflow: String,
    /// Show the order, the prompts and an estimate; call nothing, store nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Run every step with this executor: manual, claude, anthropic, openai, shell, noop.
    #[arg(long, value_name = "NAME")]
    pub executor: Option<String>,
    /// Steps that may run at the same time.
    #[arg(long, default_value_t = 4, value_name = "N")]
    pub concurrency: usize,
    /// Approve every gate automatically (each approval is recorded).
    #[arg(long)]
    pub auto_approve: bool,
    /// Let steps run shell commands.
    #[arg(long)]
    pub allow_shell: bool,
    /// Base URL of the LLM API (an OpenAI-compatible server, or the Anthropic API).
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// Model for the anthropic and openai executors.
    #[arg(long, value_name = "NAME")]
    pub model: Option<String>,
    /// normal: nothing committed is lost if the process dies (WAL);
    /// full: also fsync every step (power cuts).
    #[arg(long, default_value = "normal", value_parser = ["normal", "full"])]
    pub durability: String,
    /// First retry delay in milliseconds (doubles per attempt, with jitter).
    #[arg(long, default_value_t = 500, hide = true)]
    pub backoff_ms: u64,
    #[command(flatten)]
    pub budget: BudgetArgs,
    #[command(flatten)]
    pub store: StoreArgs,
}

pub fn exec(args: Args, ctx: &Context) -> anyhow::Result<Reply<'static>> {
    if let Some(e) = &args.executor
        && !NAMES.contains(&e.as_str())
    {
        return Err(Failed {
            status: 2,
            message: format!(
                "unknown executor `{e}`\nhelp: executors are {}",
                NAMES.join(", ")
            ),
        }
        .into());
    }
    let document = ctx.document(&args.workflow)?;
    let mut settings = BTreeMap::new();
    if let Some(u) = &args.base_url {
        settings.insert("base_url".to_string(), u.clone());
    }
    if let Some(m) = &args.model {
        settings.insert("model".to_string(), m.clone());
    }
    let options = RunOptions {
        concurrency: args.concurrency.max(1),
        executor: args.executor.clone(),
        auto_approve: args.auto_approve,
        allow_shell: args.allow_shell,
        durability: if args.durability == "full" {
            Durability::Full
        } else {
            Durability::Normal
        },
        budget: args.budget.budget()?,
        backoff_ms: args.backoff_ms,
        settings,
        holds: Vec::new(),
        program: None,
    };
    let (wf, source) = match document {
        Document::Workflow(wf, source) => (*wf, source),
        Document::Program(program) => return run_program(&args, &program, options, ctx),
    };
    if args.dry_run {
        let env = driver::env(ctx);
        let report = ops::dry_run_report(
            &wf,
            &env,
            options.executor.as_deref(),
            args.model.as_deref(),
            !ctx.json,
        )
        .map_err(dry_run_error)?;
        return Ok(Reply::data(report));
    }
    // A run its executors refuse (no consent, no key) is refused before
    // anything is stored: no run is left behind in `running`.
    ops::preflight(&driver::env(ctx), &wf, &options).map_err(driver::op_error)?;
    let mut store = args.store.open()?;
    let start = ops::StartOptions {
        origin: source.origin.display_name(),
        source: source.text,
        options,
    };
    let run = ops::start(&mut store, wf, start).map_err(driver::op_error)?;
    if !ctx.json {
        let wf = run.workflow();
        eprintln!(
            "run {}: {} ({} steps)",
            run.id,
            wf.name.value,
            wf.step_count()
        );
    }
    let summary =
        ops::continue_loaded(&driver::env(ctx), &mut store, run, true).map_err(driver::op_error)?;
    Ok(driver::reply(summary))
}

/// `run <program>`: one run per member workflow, coordinated by the
/// program's handoffs (or, with `--dry-run`, each member's order and estimate).
fn run_program(
    args: &Args,
    program: &Program,
    options: RunOptions,
    ctx: &Context,
) -> anyhow::Result<Reply<'static>> {
    if args.dry_run {
        let env = driver::env(ctx);
        let report = ops::program_dry_run(
            program,
            &env,
            options.executor.as_deref(),
            args.model.as_deref(),
            !ctx.json,
        )
        .map_err(dry_run_error)?;
        return Ok(Reply::data(report));
    }
    let env = driver::env(ctx);
    for wf in program.members.iter().filter_map(|m| m.checked()) {
        ops::preflight(&env, wf, &options).map_err(driver::op_error)?;
    }
    let mut store = args.store.open()?;
    let started = ops::start_program(&mut store, program, options).map_err(driver::op_error)?;
    if !ctx.json {
        eprintln!(
            "program run {}: {} ({} workflows)",
            started.run,
            program.name.value,
            program.members.len()
        );
    }
    let summary = ops::coordinate_started(&driver::env(ctx), &mut store, started)
        .map_err(driver::op_error)?;
    Ok(driver::program_reply(summary))
}

/// A dry run's error as a command's: an operation's with its status.
fn dry_run_error(e: ops::DryRunError) -> anyhow::Error {
    match e {
        ops::DryRunError::Op(e) => driver::op_error(e),
        ops::DryRunError::Prompt(e) => e.into(),
    }
}
