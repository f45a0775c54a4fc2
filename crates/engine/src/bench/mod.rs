//! The engine benchmark (`skill-chains bench engine`): steps per second with
//! the no-op executor in both durability modes, parallel branches under
//! growing concurrency, the store's size per step, and the engine's own
//! overhead per LLM step against the loopback mock server.
//!
//! Beside it, the benchmarks that read files or time a whole operation:
//! PSPLIB instance sets from a directory ([`psplib`]), Markdown import of a
//! generated document ([`import`]), and the process's peak memory for the
//! planners' benchmark ([`memory`]). None of them prints.

pub mod hostile;
pub mod import;
pub mod memory;
pub mod psplib;
mod text;

use std::collections::{BTreeSet, HashMap};
use std::path::Path;
use std::time::{Duration, Instant};

use serde::Serialize;
use skill_chains_core::catalog::PersonaCatalog;
use skill_chains_core::model::CheckedWorkflow;

use crate::event::{Durability, Event, RunOptions};
use crate::executor::{
    ExecutorEnv, ExecutorOptions, ExecutorSettings, Executors, Outcome, StepRequest,
};
use crate::layout::Layout;
use crate::mock::MockLlm;
use crate::prompt::Prompts;
use crate::runner::{EngineError, Quiet, Runner, Setup, block_on};
use crate::state::RunStatus;
use crate::store::{Store, StoreUrl};

/// The engine benchmark's rows, one per scenario.
#[derive(Debug, Clone, Serialize)]
pub struct EngineBench {
    pub rows: Vec<BenchRow>,
}

#[derive(Debug, Clone, Serialize)]
pub struct BenchRow {
    pub scenario: String,
    pub steps: usize,
    pub concurrency: usize,
    pub durability: String,
    pub seconds: f64,
    pub steps_per_second: f64,
    /// Size of the store after the run (database and WAL), in bytes.
    pub store_bytes: u64,
    /// Extra time per step beyond the executor's own, in milliseconds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub overhead_ms_per_step: Option<f64>,
    pub target: String,
    pub met: bool,
}

/// A workflow of `branches` chains of `length` no-op steps in one phase.
pub fn chains_yaml(branches: usize, length: usize) -> String {
    let mut y =
        String::from("name: Engine Benchmark\nphases:\n  - id: work\n    name: Work\n    steps:\n");
    for b in 0..branches {
        for i in 0..length {
            y.push_str(&format!("      - {{id: b{b}-s{i}, persona: SRE, action: Step {i} of branch {b}, outputs: [b{b}-a{i}]"));
            if i > 0 {
                y.push_str(&format!(", inputs: [b{b}-a{}]", i - 1));
            }
            y.push_str("}\n");
        }
    }
    y
}

fn workflow(yaml: &str) -> Result<CheckedWorkflow, EngineError> {
    skill_chains_core::check::check_source(yaml, &PersonaCatalog::builtin())
        .into_checked()
        .map_err(|report| {
            let first = report.diagnostics.first().map(|d| d.message.clone());
            EngineError::Setup(format!(
                "the benchmark workflow does not check: {}",
                first.unwrap_or_default()
            ))
        })
}

/// Run `wf` to the end in a fresh store at `db`; returns the time taken.
fn run_once(
    db: &Path,
    wf: &CheckedWorkflow,
    options: RunOptions,
    executor: &str,
    exec_options: ExecutorOptions,
    env: &ExecutorEnv,
) -> Result<(Duration, u64), EngineError> {
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
    }
    let mut store = StoreUrl::Sqlite(db.to_path_buf()).open()?;
    let layout = Layout::new(wf);
    let names = BTreeSet::from([executor.to_string()]);
    let executors = Executors::build(&names, &ExecutorSettings::default(), env, &exec_options)
        .map_err(EngineError::Setup)?;
    let setup = Setup {
        executors,
        executor_options: exec_options,
        step_executors: vec![executor.to_string(); layout.steps.len()],
        prompts: Prompts::new(std::iter::empty())?,
        skills: HashMap::new(),
        groups: HashMap::new(),
        handle_signals: false,
    };
    let id = crate::new_run_id();
    let start = Instant::now();
    store.create_run(
        &id,
        &Event::RunCreated {
            workflow_id: wf.id.clone(),
            workflow_name: wf.name.value.clone(),
            version: 1,
            origin: "bench".into(),
            source: String::new(),
            options,
        },
    )?;
    let mut quiet = Quiet;
    let runner = Runner::attach(&mut store, &id, wf, &layout, setup, &mut quiet)?;
    let state = block_on(runner.drive()).map_err(|e| EngineError::Setup(e.to_string()))??;
    let elapsed = start.elapsed();
    if state.status != RunStatus::Completed {
        return Err(EngineError::Setup(format!(
            "the benchmark run ended {}",
            state.status.name()
        )));
    }
    drop(store);
    let bytes = ["", "-wal"]
        .iter()
        .filter_map(|s| std::fs::metadata(format!("{}{s}", db.display())).ok())
        .map(|m| m.len())
        .sum();
    Ok((elapsed, bytes))
}

/// Run every scenario with stores in a fresh directory under the system's
/// temporary directory, removed afterwards. `scale` (kept within
/// 0.01..=10) below 1 shortens the runs.
pub fn run_in_temp_dir(scale: f64) -> Result<EngineBench, EngineError> {
    let dir = std::env::temp_dir().join(format!("skill-chains-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| EngineError::Setup(e.to_string()))?;
    let rows = run(&dir, scale.clamp(0.01, 10.0));
    let _ = std::fs::remove_dir_all(&dir);
    Ok(EngineBench { rows: rows? })
}

/// Run every scenario, with stores in `dir`. `scale` < 1 shortens the runs.
pub fn run(dir: &Path, scale: f64) -> Result<Vec<BenchRow>, EngineError> {
    let n = ((1000.0 * scale) as usize).max(10);
    let db = dir.join("bench.db");
    let env = ExecutorEnv::default();
    let mut rows = Vec::new();
    let linear = workflow(&chains_yaml(1, n))?;
    let branches = workflow(&chains_yaml(10, n / 10))?;
    let opts = |concurrency, durability| RunOptions {
        concurrency,
        durability,
        ..RunOptions::default()
    };
    let noop = ExecutorOptions::default();
    let mut row = |scenario: &str,
                   steps: usize,
                   o: &RunOptions,
                   took: Duration,
                   bytes: u64,
                   target: String,
                   met: bool| {
        rows.push(BenchRow {
            scenario: scenario.to_string(),
            steps,
            concurrency: o.concurrency,
            durability: format!("{:?}", o.durability).to_lowercase(),
            seconds: took.as_secs_f64(),
            steps_per_second: steps as f64 / took.as_secs_f64().max(1e-9),
            store_bytes: bytes,
            overhead_ms_per_step: None,
            target,
            met,
        });
    };

    for (durability, goal) in [(Durability::Normal, 6000.0), (Durability::Full, 1000.0)] {
        let o = opts(1, durability);
        let (took, bytes) = run_once(&db, &linear, o.clone(), "noop", noop.clone(), &env)?;
        let rate = n as f64 / took.as_secs_f64();
        let per_1000 = bytes as f64 * 1000.0 / n as f64;
        row(
            "linear chain, noop",
            n,
            &o,
            took,
            bytes,
            format!(">= {goal} steps/s, < 2 MB per 1,000 steps"),
            rate >= goal && per_1000 < 2.0 * 1024.0 * 1024.0,
        );
    }
    for (durability, goal) in [(Durability::Normal, 6000.0), (Durability::Full, 1000.0)] {
        let o = opts(10, durability);
        let (took, bytes) = run_once(&db, &branches, o.clone(), "noop", noop.clone(), &env)?;
        let rate = n as f64 / took.as_secs_f64();
        let target = format!(">= {goal} steps/s");
        row(
            "10 branches, noop",
            n,
            &o,
            took,
            bytes,
            target,
            rate >= goal,
        );
    }

    // A 2 ms executor: the branches should speed up with concurrency.
    let slow = ExecutorOptions {
        noop_delay: Some(Duration::from_millis(2)),
        ..ExecutorOptions::default()
    };
    let mut base = None;
    for c in [1, 4, 10] {
        let o = opts(c, Durability::Normal);
        let (took, bytes) = run_once(&db, &branches, o.clone(), "noop", slow.clone(), &env)?;
        let speedup = base.get_or_insert(took.as_secs_f64()).to_owned() / took.as_secs_f64();
        row(
            "10 branches, 2 ms steps",
            n,
            &o,
            took,
            bytes,
            format!("scales with concurrency (x{speedup:.1} vs 1)"),
            c == 1 || speedup >= c as f64 * 0.6,
        );
    }

    // Engine overhead per LLM step: the same calls with and without the engine.
    let mock = MockLlm::start().map_err(|e| EngineError::Setup(format!("mock server: {e}")))?;
    let llm_env = ExecutorEnv {
        anthropic_api_key: Some("bench".into()),
        anthropic_base_url: Some(mock.url()),
        ..ExecutorEnv::default()
    };
    let m = (n / 5).max(10);
    let chain = workflow(&chains_yaml(1, m))?;
    let o = opts(1, Durability::Normal);
    let (took, bytes) = run_once(
        &db,
        &chain,
        o.clone(),
        "anthropic",
        ExecutorOptions::default(),
        &llm_env,
    )?;
    let raw = raw_calls(&llm_env, m)?;
    let overhead = (took.as_secs_f64() - raw.as_secs_f64()) * 1000.0 / m as f64;
    row(
        "linear chain, anthropic (mock)",
        m,
        &o,
        took,
        bytes,
        "< 1 ms overhead per step".into(),
        overhead < 1.0,
    );
    if let Some(last) = rows.last_mut() {
        last.overhead_ms_per_step = Some(overhead);
    }
    let _ = std::fs::remove_file(&db);
    Ok(rows)
}

/// `m` sequential calls of the anthropic executor, without the engine.
fn raw_calls(env: &ExecutorEnv, m: usize) -> Result<Duration, EngineError> {
    let names = BTreeSet::from(["anthropic".to_string()]);
    let executors = Executors::build(
        &names,
        &ExecutorSettings::default(),
        env,
        &ExecutorOptions::default(),
    )
    .map_err(EngineError::Setup)?;
    let exec = executors
        .get("anthropic")
        .ok_or_else(|| EngineError::Setup("no anthropic executor".into()))?;
    let req = StepRequest {
        step_id: "s".into(),
        system: "You are SRE.".into(),
        prompt: "x".repeat(600),
        ..StepRequest::default()
    };
    block_on(async {
        let start = Instant::now();
        for _ in 0..m {
            exec.execute(&req)
                .await
                .and_then(Outcome::into_done)
                .map_err(|e| EngineError::Setup(e.to_string()))?;
        }
        Ok(start.elapsed())
    })
    .map_err(|e| EngineError::Setup(e.to_string()))?
}
