//! What the run commands share: the store's location, budgets, the run
//! environment (catalog, executors, skills, a progress display), and how
//! an operation's error and result become exit statuses.
//!
//! Exit status of the run commands: 0 the run completed (or the command did
//! what it was asked), 3 the run is paused (a gate, a person, a budget,
//! Ctrl-C), 1 it failed or was cancelled, 2 the command could not run.

use std::ffi::OsString;
use std::io::IsTerminal;
use std::path::PathBuf;

use anyhow::{Context as _, anyhow};
use skill_chains_core::duration::{Calendar, parse_duration};
use skill_chains_engine::event::{Budget, Recorded};
use skill_chains_engine::layout::Layout;
use skill_chains_engine::ops::{self, LoadedRun, OpError, RunEnv};
use skill_chains_engine::runner::Observer;
use skill_chains_engine::state::{RunState, RunStatus};
use skill_chains_engine::store::{self, Store, StoreError, StoreUrl};

use crate::context::Context;
use crate::output::{Failed, Reply};

/// Where runs are stored.
#[derive(Debug, Clone, clap::Args)]
pub struct StoreArgs {
    /// The run store: a SQLite file as a path or `sqlite:PATH`. Default:
    /// $SKILL_CHAINS_DB (the same), else the user's data directory
    /// (~/.local/share/skill-chains/runs.db).
    #[arg(long, value_name = "URL", global = true)]
    pub db: Option<OsString>,
}

/// Limits a run may not go past.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct BudgetArgs {
    /// Stop before a step that would take the run's cost past this (USD).
    #[arg(long, value_name = "USD")]
    pub max_cost_usd: Option<f64>,
    /// Stop before a step that would take the run past this many tokens.
    #[arg(long, value_name = "N")]
    pub max_tokens: Option<u64>,
    /// Stop starting steps after this much active time (`30 min`, `2h`).
    #[arg(long, value_name = "DURATION")]
    pub max_duration: Option<String>,
}

impl BudgetArgs {
    pub fn budget(&self) -> anyhow::Result<Budget> {
        let max_duration_ms = match &self.max_duration {
            Some(text) => {
                let t = parse_duration(text, Calendar::Continuous).map_err(|e| {
                    anyhow!("--max-duration {text}: {e}\nhelp: write e.g. `30 min` or `2h`")
                })?;
                Some((t.minutes() * 60_000.0) as u64)
            }
            None => None,
        };
        if self.max_cost_usd.is_some_and(|c| c.is_nan() || c < 0.0) {
            return Err(anyhow!(
                "--max-cost-usd must be a number of dollars, 0 or more"
            ));
        }
        Ok(Budget {
            max_cost_usd: self.max_cost_usd,
            max_tokens: self.max_tokens,
            max_duration_ms,
        })
    }
}

impl StoreArgs {
    /// The store named by `--db`, else `$SKILL_CHAINS_DB`, else the default
    /// file. A name that is not UTF-8 can only be a path.
    pub fn url(&self) -> anyhow::Result<StoreUrl> {
        let named = |text: &OsString| match text.to_str() {
            Some(text) => StoreUrl::parse(text),
            None => Ok(StoreUrl::Sqlite(PathBuf::from(text))),
        };
        if let Some(db) = &self.db {
            return named(db).map_err(|e| anyhow!("--db: {e}"));
        }
        if let Some(db) = std::env::var_os("SKILL_CHAINS_DB").filter(|p| !p.is_empty()) {
            return named(&db).map_err(|e| anyhow!("SKILL_CHAINS_DB: {e}"));
        }
        store::default_path().map(StoreUrl::Sqlite).ok_or_else(|| {
            anyhow!("no data directory on this system\nhelp: pass --db FILE (or sqlite:PATH)")
        })
    }

    pub fn open(&self) -> anyhow::Result<Box<dyn Store + Send>> {
        let url = self.url()?;
        url.open()
            .with_context(|| format!("cannot open the run store {url}"))
    }
}

/// The environment runs are driven in from this process: a person can be
/// asked at a terminal, installed skills are used, progress is shown on a
/// terminal unless `--json`.
pub fn env(ctx: &Context) -> RunEnv<'_> {
    let show = !ctx.json && std::io::stderr().is_terminal();
    RunEnv {
        catalog: &ctx.catalog,
        executors: &ctx.config.executors,
        interactive: interactive(ctx),
        installed_skills: true,
        progress: show.then_some(&progress as &ops::ProgressFactory),
    }
}

fn progress(layout: &Layout, state: &RunState) -> Box<dyn Observer> {
    Box::new(Progress::new(layout, state))
}

/// Find a run by id, prefix or `last`, and rebuild its workflow and state.
pub fn load_run(ctx: &Context, store: &dyn Store, prefix: &str) -> anyhow::Result<LoadedRun> {
    ops::load_run(store, &ctx.catalog, prefix).map_err(op_error)
}

/// Store errors as people read them; a held run is status 1.
pub fn store_error(e: StoreError) -> anyhow::Error {
    match e {
        StoreError::Held { .. } => Failed {
            status: 1,
            message: format!("{e}\nhelp: wait for it to finish, or stop that process first"),
        }
        .into(),
        StoreError::NoSuchRun(_) | StoreError::Ambiguous { .. } => Failed {
            status: 2,
            message: format!("{e}\nhelp: `skill-chains runs` lists the runs"),
        }
        .into(),
        other => anyhow::Error::new(other),
    }
}

/// An operation's error with its exit status.
pub fn op_error(e: OpError) -> anyhow::Error {
    match e {
        OpError::Store(s) => store_error(s),
        other => Failed {
            status: other.status(),
            message: other.to_string(),
        }
        .into(),
    }
}

/// Whether a person can answer prompts here.
pub fn interactive(ctx: &Context) -> bool {
    !ctx.json && std::io::stdin().is_terminal() && std::io::stderr().is_terminal()
}

/// A progress bar on stderr: steps done, what is running, the cost so far.
struct Progress {
    bar: indicatif::ProgressBar,
}

impl Progress {
    fn new(layout: &Layout, state: &RunState) -> Progress {
        let bar = indicatif::ProgressBar::new(layout.steps.len() as u64);
        bar.set_style(
            indicatif::ProgressStyle::with_template(
                "{spinner} [{bar:30}] {pos}/{len} steps  {msg}",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
            .progress_chars("=> "),
        );
        bar.set_position(done(state));
        bar.enable_steady_tick(std::time::Duration::from_millis(120));
        Progress { bar }
    }
}

fn done(state: &RunState) -> u64 {
    state
        .steps
        .iter()
        .filter(|s| s.status == skill_chains_engine::state::StepStatus::Done)
        .count() as u64
}

impl Observer for Progress {
    fn on_event(&mut self, _: &Layout, state: &RunState, rec: &Recorded) {
        self.bar.set_position(done(state));
        let running: Vec<&str> = state
            .steps
            .iter()
            .filter(|s| s.status == skill_chains_engine::state::StepStatus::Running)
            .map(|s| s.id.as_str())
            .take(3)
            .collect();
        self.bar.set_message(format!(
            "{}  {}",
            skill_chains_core::render::text::money(state.usage.cost_usd),
            if running.is_empty() {
                rec.event.kind().to_string()
            } else {
                running.join(", ")
            }
        ));
        if state.status != RunStatus::Running {
            self.bar.finish_and_clear();
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.bar.finish_and_clear();
    }
}

/// A run summary as a command's reply, with the run's exit status.
pub fn reply(summary: ops::RunSummary) -> Reply<'static> {
    let status = summary.exit_status;
    Reply::data(summary).with_status(status)
}

/// A program run's summary as a command's reply, with its exit status.
pub fn program_reply(summary: ops::ProgramRunSummary) -> Reply<'static> {
    let status = summary.exit_status();
    Reply::data(summary).with_status(status)
}
