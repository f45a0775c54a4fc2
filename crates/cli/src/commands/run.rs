//! `run <workflow>`: start a durable run (or, with `--dry-run`, show the
//! order, the prompts and an estimate of tokens, cost and duration without
//! calling anything). `run <program>` starts one run per member workflow,
//! coordinated by the program's handoffs (see `program::run`).

use std::collections::BTreeMap;
use std::fmt::{self, Write};

use skill_chains_core::model::Workflow;
use skill_chains_engine::clock::format_duration;
use skill_chains_engine::estimate::{DryRun, dry_run};
use skill_chains_engine::event::{Durability, Hold, RunOptions};
use skill_chains_engine::executor::{NAMES, builtin_spec};
use skill_chains_engine::layout::Layout;
use skill_chains_engine::ops;

use crate::context::Context;
use crate::driver::{self, BudgetArgs, StoreArgs};
use crate::output::{Failed, Human, Out, Reply, fit};

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
    let program = crate::program::load(&args.workflow, ctx)?;
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
    if let Some(program) = program {
        if args.dry_run {
            let holds = ops::holds(&program);
            let mut members = Vec::new();
            for (member, holds) in program.members.iter().zip(holds) {
                let Some(wf) = member.workflow() else {
                    continue;
                };
                members.push(MemberDryRun {
                    member: member.alias.value.clone(),
                    holds,
                    report: dry_run_report(wf, &options, &args, ctx)?,
                });
            }
            return Ok(Reply::data(ProgramDryRun {
                program: program.name.value.clone(),
                members,
            }));
        }
        let mut store = args.store.open()?;
        let run = ops::start_program(&mut store, &program, options).map_err(driver::op_error)?;
        if !ctx.json {
            eprintln!(
                "program run {run}: {} ({} workflows)",
                program.name.value,
                program.members.len()
            );
        }
        let summary =
            ops::coordinate(&driver::env(ctx), &mut store, &run).map_err(driver::op_error)?;
        return Ok(driver::program_reply(summary));
    }
    let (wf, source) = ctx.workflow(&args.workflow)?;
    if args.dry_run {
        return Ok(Reply::data(dry_run_report(&wf, &options, &args, ctx)?));
    }
    let mut store = args.store.open()?;
    let start = ops::StartOptions {
        origin: source.origin.display_name(),
        source: source.text,
        options,
    };
    let id = ops::start(&mut store, &wf, start).map_err(driver::op_error)?;
    if !ctx.json {
        eprintln!("run {id}: {} ({} steps)", wf.name.value, wf.step_count());
    }
    let summary =
        ops::continue_run(&driver::env(ctx), &mut store, &id, true).map_err(driver::op_error)?;
    Ok(driver::reply(summary))
}

/// The order, prompts and estimate of one workflow, calling nothing.
fn dry_run_report(
    wf: &Workflow,
    options: &RunOptions,
    args: &Args,
    ctx: &Context,
) -> anyhow::Result<DryRunReport> {
    let layout = Layout::new(wf);
    let executors = driver::env(ctx).step_executors(wf, options.executor.as_deref());
    let personas = &ctx.catalog.personas;
    let estimate = dry_run(
        wf,
        &layout,
        &executors,
        &ops::prompts(wf).map_err(driver::op_error)?,
        &ctx.config.executors,
        args.model.as_deref(),
        &|slug| personas.by_slug(slug).map(|p| p.group.clone()),
    )?;
    Ok(DryRunReport {
        workflow: wf.name.value.clone(),
        estimate,
        verbose_prompts: !ctx.json,
    })
}

/// A program's dry run: each member's, with the phases it would hold.
#[derive(serde::Serialize)]
struct ProgramDryRun {
    program: String,
    members: Vec<MemberDryRun>,
}

#[derive(serde::Serialize)]
struct MemberDryRun {
    member: String,
    holds: Vec<Hold>,
    #[serde(flatten)]
    report: DryRunReport,
}

impl Human for ProgramDryRun {
    fn human(&self, out: &mut Out) -> fmt::Result {
        writeln!(
            out,
            "{}  {}",
            out.bold(&self.program),
            out.dim("(dry run of every workflow: nothing is called or stored)")
        )?;
        for m in &self.members {
            writeln!(out, "\n{}", out.heading(&format!("── {} ──", m.member)))?;
            for h in &m.holds {
                writeln!(out, "  holds phase {} until {}", h.phase, h.waits_for)?;
            }
            m.report.human(out)?;
        }
        Ok(())
    }
}

#[derive(serde::Serialize)]
struct DryRunReport {
    workflow: String,
    #[serde(flatten)]
    estimate: DryRun,
    #[serde(skip)]
    verbose_prompts: bool,
}

impl Human for DryRunReport {
    fn human(&self, out: &mut Out) -> fmt::Result {
        let e = &self.estimate;
        writeln!(
            out,
            "{}  {}",
            out.bold(&self.workflow),
            out.dim("(dry run: nothing is called or stored)")
        )?;
        let mut phase = "";
        for s in &e.steps {
            if s.phase != phase {
                phase = &s.phase;
                writeln!(out, "\n{}", out.heading(&format!("Phase {phase}")))?;
            }
            writeln!(
                out,
                "  {} {} {} {}  {}",
                out.dim(&format!("w{}", s.wave + 1)),
                fit(&s.step, 30),
                fit(&s.persona, 28),
                fit(&s.executor, 9),
                out.dim(&format!(
                    "{} in / {} out tok · ${:.4} · {}",
                    s.input_tokens,
                    s.output_tokens,
                    s.cost_usd,
                    format_duration(s.duration_ms)
                ))
            )?;
            if self.verbose_prompts
                && builtin_spec(&s.executor).is_some_and(|spec| spec.calls_llm())
            {
                for line in s.prompt.lines() {
                    if line.is_empty() {
                        writeln!(out)?;
                    } else {
                        writeln!(out, "      {}", out.dim(line))?;
                    }
                }
            }
        }
        if !e.gates.is_empty() {
            writeln!(out, "\ngates: {}", e.gates.join(", "))?;
        }
        writeln!(
            out,
            "\nestimate: {} input + {} output tokens · ${:.4} · {} (longest chain per phase; gates not counted)",
            e.input_tokens,
            e.output_tokens,
            e.cost_usd,
            format_duration(e.duration_ms)
        )?;
        for a in &e.assumptions {
            writeln!(out, "  {}", out.dim(&format!("assumes {a}")))?;
        }
        Ok(())
    }
}
