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
    let mut store = args.store.open()?;
    let run = ops::start_program(&mut store, program, options).map_err(driver::op_error)?;
    if !ctx.json {
        eprintln!(
            "program run {run}: {} ({} workflows)",
            program.name.value,
            program.members.len()
        );
    }
    let summary = ops::coordinate(&driver::env(ctx), &mut store, &run).map_err(driver::op_error)?;
    Ok(driver::program_reply(summary))
}

/// A dry run's error as a command's: an operation's with its status.
fn dry_run_error(e: ops::DryRunError) -> anyhow::Error {
    match e {
        ops::DryRunError::Op(e) => driver::op_error(e),
        ops::DryRunError::Prompt(e) => e.into(),
    }
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use clap::Parser;
    use skill_chains_core::check::sources_checked;
    use skill_chains_engine::project::source::reads_of;

    use crate::context::Context;

    /// A command's arguments as clap reads them.
    #[derive(Parser)]
    struct Command<A: clap::Args> {
        #[command(flatten)]
        args: A,
    }

    fn args<A: clap::Args>(argv: &[&str]) -> A {
        Command::<A>::try_parse_from(std::iter::once("skill-chains").chain(argv.iter().copied()))
            .expect("arguments parse")
            .args
    }

    /// A fresh directory for one test.
    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "skill-chains-{name}-{}-{}",
            std::process::id(),
            skill_chains_engine::new_run_id()
        ));
        std::fs::create_dir_all(&dir).expect("scratch directory");
        dir
    }

    const WORKFLOW: &str = "name: Counted
phases:
  - id: build
    name: Build (Week 1)
    steps:
      - {id: plan, persona: SRE, action: Plan the work, outputs: [plan]}
      - {id: do, persona: SRE, action: Do the work, inputs: [plan]}
    checkpoint: {approver: Principal Engineer, text: Review}
  - id: ship
    name: Ship (Week 2)
    steps:
      - {id: ship, persona: SRE, action: Ship it}
";

    /// Reads of `path` and workflow checks on this thread while `f` runs.
    fn counted<T>(path: &Path, f: impl FnOnce() -> T) -> (T, usize, usize) {
        let (reads, checks) = (reads_of(path), sources_checked());
        let out = f();
        (out, reads_of(path) - reads, sources_checked() - checks)
    }

    #[test]
    fn a_run_reads_its_file_once_and_checks_it_once() {
        let dir = scratch("run-once");
        let file = dir.join("counted.yaml");
        std::fs::write(&file, WORKFLOW).expect("workflow written");
        let db = dir.join("runs.db");
        let ctx = Context::load(None, true, false).expect("context");
        let argv = [
            file.to_str().expect("utf-8 path"),
            "--executor",
            "noop",
            "--db",
            db.to_str().expect("utf-8 path"),
        ];
        let (reply, reads, checks) = counted(&file, || super::exec(args(&argv), &ctx));
        reply.expect("the run starts and pauses at the gate");
        assert_eq!((reads, checks), (1, 1), "reads and checks of one `run`");

        // Acting on the stored run checks its stored workflow once more, once.
        let approve = ["last", "--db", db.to_str().expect("utf-8 path")];
        let (reply, reads, checks) =
            counted(&file, || super::super::approve::exec(args(&approve), &ctx));
        reply.expect("the gate is approved and the run completes");
        assert_eq!((reads, checks), (0, 1), "reads and checks of one `approve`");
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn a_plan_reads_its_file_once_and_checks_it_once() {
        let dir = scratch("plan-once");
        let file = dir.join("counted.yaml");
        std::fs::write(&file, WORKFLOW).expect("workflow written");
        let ctx = Context::load(None, true, false).expect("context");
        let name = file.to_str().expect("utf-8 path");
        let (reply, reads, checks) =
            counted(&file, || super::super::schedule::exec(args(&[name]), &ctx));
        reply.expect("the workflow is scheduled");
        assert_eq!(
            (reads, checks),
            (1, 1),
            "reads and checks of one `schedule`"
        );
        std::fs::remove_dir_all(&dir).ok();
    }
}
