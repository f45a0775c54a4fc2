//! Starting a run and driving it: the executors each step uses, the
//! prompts, the skills installed here, and the runner on its lease.

use std::collections::{BTreeSet, HashMap};

use skill_chains_core::catalog::Catalog;
use skill_chains_core::model::{CheckedWorkflow, Workflow};

use super::{LoadedRun, OpError, RunSummary, load_run};
use crate::event::{Event, RunOptions};
use crate::executor::{ExecutorEnv, ExecutorOptions, ExecutorSettings, Executors};
use crate::layout::Layout;
use crate::prompt::Prompts;
use crate::runner::{self, Observer, Quiet, Runner, Setup};
use crate::state::{RunState, RunStatus};
use crate::store::Store;

/// Makes the progress display of a run that is about to be driven.
pub type ProgressFactory = dyn Fn(&Layout, &RunState) -> Box<dyn Observer> + Sync;

/// What driving a run needs from where it is driven.
pub struct RunEnv<'a> {
    pub catalog: &'a Catalog,
    pub executors: &'a ExecutorSettings,
    /// A person can answer at this terminal (a manual step asks here
    /// instead of pausing the run).
    pub interactive: bool,
    /// Use the Claude Code skills installed here (looked up when a run is
    /// driven, not before: most operations never drive one).
    pub installed_skills: bool,
    /// Progress for a run driven alone (runs driven side by side are quiet).
    pub progress: Option<&'a ProgressFactory>,
}

impl<'a> RunEnv<'a> {
    /// An environment with no person at hand, no skills and no progress.
    pub fn quiet(catalog: &'a Catalog, executors: &'a ExecutorSettings) -> RunEnv<'a> {
        RunEnv {
            catalog,
            executors,
            interactive: false,
            installed_skills: false,
            progress: None,
        }
    }

    /// The executor of each step of `wf`, in layout order.
    pub fn step_executors(&self, wf: &Workflow, run_override: Option<&str>) -> Vec<String> {
        wf.steps()
            .map(|(_, s)| {
                self.executors.choose(
                    run_override,
                    s.executor.as_ref().map(|e| e.value.as_str()),
                    &s.persona.written,
                    s.persona.slug.as_deref(),
                )
            })
            .collect()
    }
}

/// Persona slug -> the Claude Code skill installed for it, when the
/// environment uses them.
fn installed_skills(env: &RunEnv) -> HashMap<String, String> {
    if !env.installed_skills {
        return HashMap::new();
    }
    crate::skills::discover(&env.catalog.personas)
        .into_iter()
        .filter_map(|s| Some((s.persona?, s.name)))
        .collect()
}

/// The prompt templates of a workflow's steps.
pub fn prompts(wf: &Workflow) -> Result<Prompts, OpError> {
    Ok(Prompts::new(
        wf.steps()
            .filter_map(|(_, s)| s.prompt.as_deref().map(|p| (s.id.value.as_str(), p))),
    )
    .map_err(runner::EngineError::from)?)
}

/// What a new run records about where its workflow came from.
pub struct StartOptions {
    /// The built-in id or the file, as people name it.
    pub origin: String,
    /// The workflow's text as it was when the run started.
    pub source: String,
    pub options: RunOptions,
}

/// Create a run of `wf` (not yet driven: [`continue_loaded`] drives it).
/// The workflow was checked once, by the caller; its stored source is not
/// read back or checked again.
pub fn start(
    store: &mut dyn Store,
    wf: CheckedWorkflow,
    start: StartOptions,
) -> Result<LoadedRun, OpError> {
    let id = crate::new_run_id();
    store.create_run(
        &id,
        &Event::RunCreated {
            workflow_id: wf.id.clone(),
            workflow_name: wf.name.value.clone(),
            version: wf.version,
            origin: start.origin,
            source: start.source,
            options: start.options,
        },
    )?;
    LoadedRun::started(store, &id, wf)
}

/// Each step's executor, the executors' options and the executors a run
/// of `wf` with `options` uses, or why one cannot run (consent nobody
/// gave, a key that is missing).
fn executors_for(
    env: &RunEnv,
    wf: &Workflow,
    options: &RunOptions,
) -> Result<(Vec<String>, ExecutorOptions, Executors), OpError> {
    let executors_of = env.step_executors(wf, options.executor.as_deref());
    let names: BTreeSet<String> = executors_of.iter().cloned().collect();
    let executor_options = ExecutorOptions {
        interactive: env.interactive,
        allow_shell: options.allow_shell,
        overrides: options.settings.clone(),
        noop_delay: None,
    };
    let executors = Executors::build(
        &names,
        env.executors,
        &ExecutorEnv::from_process(),
        &executor_options,
    )
    .map_err(OpError::Invalid)?;
    Ok((executors_of, executor_options, executors))
}

/// Refuse, before anything is stored, a run of `wf` whose executors could
/// not run: a refused run leaves no run behind.
pub fn preflight(env: &RunEnv, wf: &Workflow, options: &RunOptions) -> Result<(), OpError> {
    executors_for(env, wf, options).map(drop)
}

/// Take the run and drive it until it completes, pauses, fails or is
/// cancelled. `alone`: the run has the terminal to itself (progress shown,
/// a person may be asked).
pub fn drive(
    env: &RunEnv,
    store: &mut dyn Store,
    run: &LoadedRun,
    alone: bool,
) -> Result<RunState, OpError> {
    let wf = run.ensure_current()?;
    let (executors_of, options, executors) = executors_for(env, wf, &run.state.options)?;
    let groups = env
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
        prompts: prompts(wf)?,
        skills: installed_skills(env),
        groups,
        handle_signals: true,
    };
    let mut progress: Box<dyn Observer> = match env.progress.filter(|_| alone) {
        Some(make) => make(&run.layout, &run.state),
        None => Box::new(Quiet),
    };
    let runner = Runner::attach(store, &run.id, wf, &run.layout, setup, progress.as_mut())?;
    let state = runner::block_on(runner.drive())
        .map_err(|e| OpError::Invalid(format!("cannot start the runtime: {e}")))??;
    Ok(state)
}

/// The run as it is now, with the process that holds it (if one does).
pub fn summary(store: &dyn Store, catalog: &Catalog, id: &str) -> Result<RunSummary, OpError> {
    summarize(store, &load_run(store, catalog, id)?)
}

/// The summary of a loaded run, with the process that holds it now.
pub(super) fn summarize(store: &dyn Store, run: &LoadedRun) -> Result<RunSummary, OpError> {
    let held = store
        .lease(&run.id)?
        .filter(|l| !l.is_stale(crate::clock::now_ms()));
    Ok(RunSummary::new(run, held))
}

/// Drive the run on from here unless another process holds it (that
/// process then picks up what was recorded) or `go_on` is false; the run
/// as it is afterwards.
pub fn continue_run(
    env: &RunEnv,
    store: &mut dyn Store,
    id: &str,
    go_on: bool,
) -> Result<RunSummary, OpError> {
    let run = load_run(store, env.catalog, id)?;
    continue_loaded(env, store, run, go_on)
}

/// [`continue_run`] for a run already loaded (brought up to date first).
pub fn continue_loaded(
    env: &RunEnv,
    store: &mut dyn Store,
    mut run: LoadedRun,
    go_on: bool,
) -> Result<RunSummary, OpError> {
    run.refresh(store)?;
    let now = crate::clock::now_ms();
    let held = store.lease(&run.id)?.is_some_and(|l| !l.is_stale(now));
    let live = matches!(
        run.state.status,
        RunStatus::Running | RunStatus::Paused { .. }
    );
    if go_on && !held && live {
        drive(env, store, &run, true)?;
        run.refresh(store)?;
    }
    summarize(store, &run)
}
