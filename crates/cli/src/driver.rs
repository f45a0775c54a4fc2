//! What the run commands share: the store, the executors, driving a run with
//! a progress display, and exit statuses.
//!
//! Exit status of the run commands: 0 the run completed (or the command did
//! what it was asked), 3 the run is paused (a gate, a person, a budget,
//! Ctrl-C), 1 it failed or was cancelled, 2 the command could not run.

use std::collections::{BTreeSet, HashMap};
use std::ffi::OsString;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context as _, anyhow};
use skill_chains_core::duration::{Calendar, parse_duration};
use skill_chains_core::model::Workflow;
use skill_chains_engine::event::{Budget, Event, Recorded};
use skill_chains_engine::executor::{ExecutorEnv, ExecutorOptions, Executors};
use skill_chains_engine::layout::Layout;
use skill_chains_engine::prompt::Prompts;
use skill_chains_engine::runner::{self, Observer, Quiet, Runner, Setup};
use skill_chains_engine::state::{RunState, RunStatus};
use skill_chains_engine::store::{self, Store, StoreError, StoreUrl};

use crate::context::Context;
use crate::load::{self, Origin, Source};
use crate::output::Failed;

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

/// A stored run with the workflow it runs.
pub struct LoadedRun {
    pub id: String,
    pub workflow: Workflow,
    pub layout: Layout,
    pub state: RunState,
}

/// Find a run by id, prefix or `last`, and rebuild its workflow and state.
pub fn load_run(ctx: &Context, store: &dyn Store, prefix: &str) -> anyhow::Result<LoadedRun> {
    let id = store.find_run(prefix).map_err(store_error)?;
    let events = store.events(&id, 0)?;
    let Some(Recorded {
        event: Event::RunCreated { source, origin, .. },
        ..
    }) = events.first()
    else {
        return Err(anyhow!(
            "run {id} has no creation event; the store is damaged"
        ));
    };
    let checked = load::check_text(
        Source {
            origin: Origin::File(PathBuf::from(origin)),
            text: source.clone(),
        },
        &ctx.catalog,
    );
    let workflow = checked
        .workflow
        .ok_or_else(|| anyhow!("the workflow of run {id} no longer reads"))?;
    let layout = Layout::new(&workflow);
    let state = RunState::from_events(&id, &layout, &events)
        .ok_or_else(|| anyhow!("run {id} has no creation event"))?;
    Ok(LoadedRun {
        id,
        workflow,
        layout,
        state,
    })
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

/// The executor of each step of a run.
pub fn step_executors(ctx: &Context, wf: &Workflow, run_override: Option<&str>) -> Vec<String> {
    wf.steps()
        .map(|(_, s)| {
            ctx.config.executors.choose(
                run_override,
                s.executor.as_ref().map(|e| e.value.as_str()),
                &s.persona.written,
                s.persona.slug.as_deref(),
            )
        })
        .collect()
}

pub fn prompts(wf: &Workflow) -> anyhow::Result<Prompts> {
    Ok(Prompts::new(wf.steps().filter_map(|(_, s)| {
        s.prompt.as_deref().map(|p| (s.id.value.as_str(), p))
    }))?)
}

/// Whether a person can answer prompts here.
pub fn interactive(ctx: &Context) -> bool {
    !ctx.json && std::io::stdin().is_terminal() && std::io::stderr().is_terminal()
}

/// Take the run and drive it until it completes, pauses, fails or is cancelled.
pub fn drive(ctx: &Context, store: &mut dyn Store, run: &LoadedRun) -> anyhow::Result<RunState> {
    drive_with(ctx, store, run, true)
}

/// [`drive`], with a progress bar on a terminal only when `progress` (runs
/// driven side by side share the terminal).
pub fn drive_with(
    ctx: &Context,
    store: &mut dyn Store,
    run: &LoadedRun,
    progress: bool,
) -> anyhow::Result<RunState> {
    let executors_of = step_executors(ctx, &run.workflow, run.state.options.executor.as_deref());
    let names: BTreeSet<String> = executors_of.iter().cloned().collect();
    let options = ExecutorOptions {
        interactive: interactive(ctx),
        allow_shell: run.state.options.allow_shell,
        overrides: run.state.options.settings.clone(),
        noop_delay: None,
    };
    let executors = Executors::build(
        &names,
        &ctx.config.executors,
        &ExecutorEnv::from_process(),
        &options,
    )
    .map_err(|message| Failed { status: 2, message })?;
    let skills: HashMap<String, String> = crate::skills::discover(&ctx.catalog.personas)
        .into_iter()
        .filter_map(|s| Some((s.persona?, s.name)))
        .collect();
    let groups = ctx
        .catalog
        .personas
        .all()
        .iter()
        .map(|p| (p.slug.clone(), p.group.clone()))
        .collect();
    let setup = Setup {
        executors,
        executor_options: options,
        step_executors: executors_of,
        prompts: prompts(&run.workflow)?,
        skills,
        groups,
        handle_signals: true,
    };
    let mut progress: Box<dyn Observer> =
        if !progress || ctx.json || !std::io::stderr().is_terminal() {
            Box::new(Quiet)
        } else {
            Box::new(Progress::new(&run.layout, &run.state))
        };
    let runner = Runner::attach(
        store,
        &run.id,
        &run.workflow,
        &run.layout,
        setup,
        progress.as_mut(),
    )
    .map_err(|e| match e {
        runner::EngineError::Store(s) => store_error(s),
        other => anyhow::Error::new(other),
    })?;
    let state = runner::block_on(runner.drive())??;
    Ok(state)
}

/// The exit status for a run's state (see the module documentation).
pub fn exit_code(state: &RunState) -> ExitCode {
    match state.status {
        RunStatus::Completed | RunStatus::Running => ExitCode::SUCCESS,
        RunStatus::Paused { .. } => ExitCode::from(3),
        RunStatus::Failed { .. } | RunStatus::Cancelled => ExitCode::from(1),
    }
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
            "${:.4}  {}",
            state.usage.cost_usd,
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

/// Print the run as it is now (text or JSON) and return its exit status.
pub fn report(ctx: &Context, store: &dyn Store, id: &str) -> anyhow::Result<ExitCode> {
    let run = load_run(ctx, store, id)?;
    let held = store
        .lease(&run.id)?
        .filter(|l| !l.is_stale(skill_chains_engine::clock::now_ms()));
    ctx.emit(&crate::commands::status::RunReport::new(&run, held))?;
    Ok(exit_code(&run.state))
}

/// Drive the run on from this process unless another holds it (then that
/// process picks up what was recorded), and report it.
pub fn continue_run(
    ctx: &Context,
    store: &mut dyn Store,
    id: &str,
    go_on: bool,
) -> anyhow::Result<ExitCode> {
    let run = load_run(ctx, store, id)?;
    let now = skill_chains_engine::clock::now_ms();
    let held = store.lease(&run.id)?.is_some_and(|l| !l.is_stale(now));
    let live = matches!(
        run.state.status,
        RunStatus::Running | RunStatus::Paused { .. }
    );
    if go_on && !held && live {
        drive(ctx, store, &run)?;
    }
    report(ctx, store, &run.id)
}

/// Who is at this terminal, for approvals and manual results.
pub fn person(by: Option<String>) -> String {
    by.unwrap_or_else(skill_chains_engine::executor::person)
}

/// Append events to a run from a command (approve, step done, cancel).
pub fn record(store: &mut dyn Store, id: &str, batch: store::Batch) -> anyhow::Result<()> {
    store.append(id, batch).map_err(store_error)?;
    Ok(())
}
