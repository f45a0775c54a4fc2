//! Properties of the runner on random workflows (no-op executor, in-memory
//! store): every step completes exactly once, never before the steps it
//! needs, phases run in order, and folding the stored log gives the state the
//! runner ended with.

use std::collections::{BTreeSet, HashMap};

use proptest::prelude::*;
use skill_chains_core::catalog::PersonaCatalog;
use skill_chains_engine::event::{Event, RunOptions};
use skill_chains_engine::executor::{ExecutorEnv, ExecutorOptions, ExecutorSettings, Executors};
use skill_chains_engine::layout::Layout;
use skill_chains_engine::prompt::Prompts;
use skill_chains_engine::runner::{Quiet, Runner, Setup, block_on};
use skill_chains_engine::state::{RunState, RunStatus};
use skill_chains_engine::store::{self, Store};

/// Phases of steps; each step may need the output of an earlier step of its phase.
fn yaml(shape: &[Vec<Option<usize>>]) -> String {
    let mut y = String::from("name: Random\nphases:\n");
    for (p, steps) in shape.iter().enumerate() {
        y.push_str(&format!("  - id: p{p}\n    name: P{p}\n    steps:\n"));
        for (s, dep) in steps.iter().enumerate() {
            y.push_str(&format!(
                "      - {{id: p{p}-s{s}, persona: SRE, action: A, outputs: [p{p}-o{s}]"
            ));
            if let Some(d) = dep.filter(|&d| d < s) {
                y.push_str(&format!(", inputs: [p{p}-o{d}]"));
            }
            y.push_str("}\n");
        }
    }
    y
}

fn shapes() -> impl Strategy<Value = Vec<Vec<Option<usize>>>> {
    prop::collection::vec(
        prop::collection::vec(prop::option::of(0usize..8), 1..8),
        1..4,
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn runs_respect_dependencies_and_fold_back(shape in shapes(), concurrency in 1usize..5) {
        let wf = skill_chains_core::check::check_source(&yaml(&shape), &PersonaCatalog::builtin())
            .into_checked()
            .unwrap();
        let layout = Layout::new(&wf);
        let mut store = store::open("sqlite::memory:").unwrap();
        let names = BTreeSet::from(["noop".to_string()]);
        let options = ExecutorOptions::default();
        let setup = Setup {
            executors: Executors::build(&names, &ExecutorSettings::default(), &ExecutorEnv::default(), &options).unwrap(),
            executor_options: options,
            step_executors: vec!["noop".into(); layout.steps.len()],
            prompts: Prompts::new(std::iter::empty()).unwrap(),
            skills: HashMap::new(),
            groups: HashMap::new(),
            handle_signals: false,
        };
        store.create_run("r", &Event::RunCreated {
            workflow_id: wf.id.clone(),
            workflow_name: "Random".into(),
            version: 1,
            origin: "test".into(),
            source: String::new(),
            options: RunOptions { concurrency, ..RunOptions::default() },
        }).unwrap();
        let mut quiet = Quiet;
        let runner = Runner::attach(&mut store, "r", &wf, &layout, setup, &mut quiet).unwrap();
        let end = block_on(runner.drive()).unwrap().unwrap();
        prop_assert_eq!(&end.status, &RunStatus::Completed);

        let log = store.events("r", 0).unwrap();
        let mut completed_at: HashMap<String, usize> = HashMap::new();
        let mut phase_of_event = Vec::new();
        for (n, rec) in log.iter().enumerate() {
            match &rec.event {
                Event::StepStarted { step, .. } => {
                    let i = layout.index[step];
                    for &p in &layout.preds[i] {
                        prop_assert!(completed_at.contains_key(&layout.steps[p].id), "{} started before {}", step, layout.steps[p].id);
                    }
                    phase_of_event.push(layout.steps[i].phase);
                }
                Event::StepCompleted { step, .. } => {
                    prop_assert!(completed_at.insert(step.clone(), n).is_none(), "{} completed twice", step);
                }
                _ => {}
            }
        }
        prop_assert_eq!(completed_at.len(), layout.steps.len());
        prop_assert!(phase_of_event.windows(2).all(|w| w[0] <= w[1]), "phases out of order");
        let folded = RunState::from_events("r", &layout, &log).unwrap();
        prop_assert_eq!(folded.status, end.status);
        let a: Vec<_> = folded.steps.iter().map(|s| (s.status, s.completions, s.artifact.clone())).collect();
        let b: Vec<_> = end.steps.iter().map(|s| (s.status, s.completions, s.artifact.clone())).collect();
        prop_assert_eq!(a, b);
    }
}
