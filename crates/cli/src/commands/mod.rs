//! One file per subcommand: its clap arguments and its execution, which
//! returns a [`Reply`] (the data, never printed from here) that [`run`]
//! prints and the MCP server serializes.

pub mod apply;
pub mod approve;
pub mod artifacts;
pub mod bench;
pub mod bench_hostile;
pub mod bench_plan;
pub mod bench_psplib;
pub mod cancel;
pub mod check;
pub mod checkpoint;
pub mod completions;
pub mod converge;
pub mod dependency;
pub mod diff;
pub mod eval;
pub mod explain;
pub mod export;
pub mod history;
pub mod import;
pub mod init;
pub mod list;
pub mod logs;
pub mod man;
pub mod mcp;
pub mod metric;
pub mod new;
pub mod parallel;
pub mod personas;
pub mod phase;
pub mod reject;
pub mod render;
pub mod resume;
pub mod retrospective;
pub mod run;
pub mod runs;
pub mod schedule;
pub mod schema;
pub mod sequence;
pub mod show;
pub mod status;
pub mod step;
pub mod suggest;
pub mod timeline;
pub mod trust;
pub mod workflow;

use std::process::ExitCode;

use crate::cli::{Cli, Command};
use crate::context::Context;
use crate::output::{self, Reply};

/// Run the command line: the command's report printed on stdout, its exit
/// status returned.
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    // Commands that need no catalog run before it is loaded.
    let early = match &cli.command {
        Command::Schema(args) => Some(schema::exec(args)?),
        Command::Completions(args) => Some(completions::exec(args)?),
        Command::Man(args) => Some(man::exec(args)?),
        Command::Explain(args) => Some(explain::exec(args)?),
        // Trusting a configuration file must not need it to load.
        Command::Trust(args) => Some(trust::exec(args)?),
        _ => None,
    };
    if let Some(outcome) = early {
        return outcome.finish(cli.json, output::use_color(cli.color));
    }
    let ctx = Context::new(&cli)?;
    // SKILL_CHAINS_NOW starts the clock at a fixed instant (tests, demos).
    if let Some(clock) = skill_chains_engine::clock::from_env().map_err(anyhow::Error::msg)? {
        skill_chains_engine::clock::install(clock);
    }
    exec(cli.command, &ctx)?.finish(ctx.json, ctx.color)
}

/// Run one command with a loaded context.
fn exec(command: Command, ctx: &Context) -> anyhow::Result<Reply<'_>> {
    match command {
        Command::List(args) => list::exec(args, ctx),
        Command::Show(args) => show::exec(args, ctx),
        Command::Check(args) => check::exec(args, ctx),
        Command::Import(args) => import::exec(args, ctx),
        Command::Export(args) => export::exec(args, ctx),
        Command::Render(args) => render::exec(args, ctx),
        Command::New(args) => new::exec(args, ctx),
        Command::Personas(args) => personas::exec(args, ctx),
        Command::Run(args) => run::exec(args, ctx),
        Command::Status(args) => status::exec(args, ctx),
        Command::Runs(args) => runs::exec(args, ctx),
        Command::Resume(args) => resume::exec(args, ctx),
        Command::Approve(args) => approve::exec(args, ctx),
        Command::Reject(args) => reject::exec(args, ctx),
        Command::Step(args) => step::exec(args, ctx),
        Command::Cancel(args) => cancel::exec(args, ctx),
        Command::Logs(args) => logs::exec(args, ctx),
        Command::Artifacts(args) => artifacts::exec(args, ctx),
        Command::Metric(args) => metric::exec(args, ctx),
        Command::Retrospective(args) => retrospective::exec(args, ctx),
        Command::Bench(args) => bench::exec(args, ctx),
        Command::Parallel(args) => parallel::exec(args, ctx),
        Command::Dependency(args) => dependency::exec(args, ctx),
        Command::Timeline(args) => timeline::exec(args, ctx),
        Command::Schedule(args) => schedule::exec(args, ctx),
        Command::Checkpoint(args) => checkpoint::exec(args, ctx),
        Command::Phase(args) => phase::exec(args, ctx),
        Command::Diff(args) => diff::exec(args, ctx),
        Command::History(args) => history::exec(args, ctx),
        Command::Apply(args) => apply::exec(args, ctx),
        Command::Sequence(args) => sequence::exec(args, ctx),
        Command::Converge(args) => converge::exec(args, ctx),
        Command::Suggest(args) => suggest::exec(args, ctx),
        Command::Workflow(args) => workflow::exec(args, ctx),
        Command::Eval(args) => eval::exec(args, ctx),
        Command::Init(args) => init::exec(args, ctx),
        Command::Mcp(args) => mcp::exec(args, ctx),
        Command::Schema(_)
        | Command::Completions(_)
        | Command::Man(_)
        | Command::Explain(_)
        | Command::Trust(_) => {
            unreachable!("handled before the context is loaded")
        }
    }
}
