//! The runner under a simulated clock: a step "takes" its duration by
//! moving the clock, so a workflow of weeks runs in microseconds, and the
//! store times every event by the same clock.

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use skill_chains_core::catalog::PersonaCatalog;
use skill_chains_engine::clock::{Clock, SimClock, format_utc, parse_instant};
use skill_chains_engine::event::{Event, RunOptions};
use skill_chains_engine::executor::{
    BoxFuture, ExecError, Executor, ExecutorEnv, ExecutorOptions, ExecutorSettings, Executors,
    Outcome, StepOutput, StepRequest,
};
use skill_chains_engine::layout::Layout;
use skill_chains_engine::prompt::Prompts;
use skill_chains_engine::runner::{Quiet, Runner, Setup, block_on};
use skill_chains_engine::state::RunStatus;
use skill_chains_engine::store::{self, Store};

const WF: &str = "
name: Simulated
phases:
  - id: build
    name: Build
    steps:
      - {id: design, persona: SRE, action: Design, outputs: [design]}
      - {id: make, persona: SRE, action: Make, inputs: [design], outputs: [made]}
  - id: ship
    name: Ship
    steps:
      - {id: release, persona: SRE, action: Release, inputs: [made]}
";

const DAY: i64 = 86_400_000;

/// Stands in for `noop`: each step advances the shared clock by its duration.
struct Takes {
    clock: Arc<SimClock>,
    days: HashMap<&'static str, i64>,
}

impl Executor for Takes {
    fn name(&self) -> &'static str {
        "noop"
    }
    fn wants_prompt(&self) -> bool {
        false
    }
    fn execute<'a>(&'a self, req: &'a StepRequest) -> BoxFuture<'a, Result<Outcome, ExecError>> {
        Box::pin(async move {
            let days = self.days.get(req.step_id.as_str()).copied().unwrap_or(0);
            self.clock.advance(days * DAY);
            Ok(Outcome::Done(StepOutput {
                text: format!("{} done\nmetric days={days}\n", req.step_id),
                ..StepOutput::default()
            }))
        })
    }
}

#[test]
fn a_run_of_weeks_under_a_simulated_clock() {
    let wf = skill_chains_core::check::check_source(WF, &PersonaCatalog::builtin())
        .into_checked()
        .unwrap();
    let layout = Layout::new(&wf);
    let start = parse_instant("2026-01-05T09:00:00Z").unwrap();
    let clock = Arc::new(SimClock::new(start));
    let mut store = store::open("sqlite::memory:").unwrap();
    store.set_clock(clock.clone());
    let names = BTreeSet::from(["noop".to_string()]);
    let options = ExecutorOptions::default();
    let takes = Takes {
        clock: clock.clone(),
        days: HashMap::from([("design", 10), ("make", 30), ("release", 3)]),
    };
    let executors = Executors::build(
        &names,
        &ExecutorSettings::default(),
        &ExecutorEnv::default(),
        &options,
    )
    .unwrap()
    .with(Arc::new(takes));
    let setup = Setup {
        executors,
        executor_options: options,
        step_executors: vec!["noop".into(); layout.steps.len()],
        prompts: Prompts::new(std::iter::empty()).unwrap(),
        skills: HashMap::new(),
        groups: HashMap::new(),
        handle_signals: false,
    };
    store
        .create_run(
            "r",
            &Event::RunCreated {
                workflow_id: wf.id.clone(),
                workflow_name: "Simulated".into(),
                version: 1,
                origin: "test".into(),
                source: String::new(),
                options: RunOptions::default(),
            },
        )
        .unwrap();
    let mut quiet = Quiet;
    let runner = Runner::attach_with_clock(
        &mut store,
        "r",
        &wf,
        &layout,
        setup,
        &mut quiet,
        clock.clone(),
    )
    .unwrap();
    let t0 = std::time::Instant::now();
    let end = block_on(runner.drive()).unwrap().unwrap();
    assert!(t0.elapsed().as_secs() < 5, "no real waiting");
    assert_eq!(end.status, RunStatus::Completed);
    assert_eq!(format_utc(end.created_at), "2026-01-05 09:00:00Z");
    // Each step ran for exactly its simulated time, back to back.
    let spans: Vec<(u64, String, String)> = end
        .steps
        .iter()
        .map(|s| {
            (
                s.duration_ms / DAY as u64,
                format_utc(s.started_at.unwrap()),
                format_utc(s.finished_at.unwrap()),
            )
        })
        .collect();
    assert_eq!(
        spans,
        [
            (
                10,
                "2026-01-05 09:00:00Z".into(),
                "2026-01-15 09:00:00Z".into()
            ),
            (
                30,
                "2026-01-15 09:00:00Z".into(),
                "2026-02-14 09:00:00Z".into()
            ),
            (
                3,
                "2026-02-14 09:00:00Z".into(),
                "2026-02-17 09:00:00Z".into()
            ),
        ]
    );
    assert_eq!(end.active_ms(Some(clock.now_ms())), 43 * DAY as u64);
    assert_eq!(end.metrics["days"], 3.0, "metric lines of the output");
    // The store timed the log and the run list by the same clock.
    let log = store.events("r", 0).unwrap();
    assert_eq!(log.last().unwrap().at, start + 43 * DAY);
    assert_eq!(store.runs().unwrap()[0].updated_at, start + 43 * DAY);
}
