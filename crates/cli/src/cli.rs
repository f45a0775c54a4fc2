//! The command line, as clap sees it. Each subcommand's arguments live in its
//! own file under `commands/`.

use clap::{Parser, Subcommand};

use crate::commands;

#[derive(Debug, Parser)]
#[command(
    name = "skill-chains",
    version,
    about = "Turn CTO playbooks into checked, planned, runnable workflows",
    long_about = "Turn CTO playbooks into checked, planned, runnable workflows.\n\n\
Workflows are chains of persona invocations in phases, with windows, deliverables, \
checkpoints, decision points and success criteria. Built-in workflows are named by id \
(`microservices-migration`) or name; anything else is a path to a YAML file."
)]
pub struct Cli {
    /// Print machine-readable JSON instead of text.
    #[arg(long, global = true)]
    pub json: bool,
    /// When to use colour: auto (a terminal, no NO_COLOR), always, never.
    #[arg(long, global = true, value_name = "WHEN", default_value = "auto")]
    pub color: ColorChoice,
    /// Project configuration (personas, executors). Default: ./skill-chains.yaml if present.
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<std::path::PathBuf>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List the built-in workflows.
    List(commands::list::Args),
    /// Show a workflow: phases, steps, deliverables, gates, criteria.
    Show(commands::show::Args),
    /// Check workflow files (or the whole built-in library) for mistakes.
    Check(commands::check::Args),
    /// Import workflows from Markdown (the seed's style); `-o dir` writes YAML files.
    Import(commands::import::Args),
    /// Export a workflow: md, yaml, json, mermaid (`--gantt`), dot or html.
    Export(commands::export::Args),
    /// Write every export of a workflow into a directory.
    Render(commands::render::Args),
    /// Explain a check rule: `skill-chains explain SC001`.
    Explain(commands::explain::Args),
    /// Write a new workflow from the design template.
    New(commands::new::Args),
    /// The persona catalog, and where each persona is used.
    Personas(commands::personas::Args),
    /// Print the JSON Schema of the workflow format.
    Schema(commands::schema::Args),
    /// Print shell completions.
    Completions(commands::completions::Args),
    /// Print the man page (roff).
    Man(commands::man::Args),
    /// Start a durable run of a workflow (`--dry-run`: order, prompts, estimate).
    Run(commands::run::Args),
    /// A run's phases, steps, gates and costs (the latest run by default).
    Status(commands::status::Args),
    /// List the runs in the store.
    Runs(commands::runs::Args),
    /// Continue a paused, failed or killed run (optionally with a higher budget).
    Resume(commands::resume::Args),
    /// Approve a run's checkpoint and continue it.
    Approve(commands::approve::Args),
    /// Reject a run's checkpoint (loop back, or fail the run).
    Reject(commands::reject::Args),
    /// Record a step a person carried out: `step done <run> <step> --text ...`.
    Step(commands::step::Args),
    /// Stop a run for good.
    Cancel(commands::cancel::Args),
    /// A run's events in order; with a step, its logs and output.
    Logs(commands::logs::Args),
    /// What a run's steps produced (by content hash); with a name, the content.
    Artifacts(commands::artifacts::Args),
    /// Measured performance: `bench engine`.
    Bench(commands::bench::Args),
    /// Which steps can run in parallel, what each waits for, the time saved.
    Parallel(commands::parallel::Args),
    /// Dependencies and the critical path: early/late times and slack per step.
    Dependency(commands::dependency::Args),
    /// PERT and Monte Carlo P50/P80/P95, deadline odds, criticality, Gantt.
    Timeline(commands::timeline::Args),
    /// A resource-levelled schedule for a team (`--team team.yaml`).
    Schedule(commands::schedule::Args),
    /// The gates: who approves, what they require, and phases without one.
    Checkpoint(commands::checkpoint::Args),
    /// One phase in detail: steps, inputs and outputs, estimates, slack, gate.
    Phase(commands::phase::Args),
    /// Record metrics a run measured (`error_rate=0.4%`); shows the success criteria.
    Metric(commands::metric::Args),
    /// Questions, evidence and planned-vs-actual of a run; --propose the next version.
    Retrospective(commands::retrospective::Args),
    /// The semantic diff of two workflow versions (phases, steps, estimates, gates).
    Diff(commands::diff::Args),
    /// A workflow's versions: when each was saved, where from, what changed.
    History(commands::history::Args),
    /// Make a proposed version (`retrospective --propose`) the current one.
    Apply(commands::apply::Args),
    /// Chain workflows into a program with a handoff gate at each arrow.
    Sequence(commands::sequence::Args),
    /// Parallel workflows converging into one workflow (or phase): a program.
    Converge(commands::converge::Args),
    /// Rank library workflows and programs for a situation in plain words, and say why.
    Suggest(commands::suggest::Args),
    /// Design a workflow for a scenario (offline from the library, or --llm); checked.
    Workflow(commands::workflow::Args),
    /// Evaluate offline design on a set of scenarios: `eval design [FILE]`.
    Eval(commands::eval::Args),
    /// Set a project up for Claude Code: `init claude` (slash commands, skill, .mcp.json).
    Init(commands::init::Args),
    /// Serve skill-chains to Claude Code over MCP (stdio).
    Mcp(commands::mcp::Args),
    /// Trust a configuration file's `allow_shell` as the file is now (`--revoke`, `--list`).
    Trust(commands::trust::Args),
}
