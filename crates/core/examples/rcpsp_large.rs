//! Time the RCPSP solver on a random 2,000-activity project with 12 resource
//! types of capacity 1-4 and the size-scaled default budget.
//!
//! `cargo run --release -p skill-chains-core --example rcpsp_large -- [activities] [seed]`

use std::time::Instant;

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use skill_chains_core::plan::rcpsp::{Activity, Project, SolveOptions, check_schedule, solve};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let n: usize = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(2_000);
    let seed: u64 = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(1);
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let k = 12;
    let capacities: Vec<u32> = (0..k).map(|_| rng.random_range(1..=4)).collect();
    let activities = (0..n)
        .map(|i| {
            // Each step needs one or two personas, a few successors close by.
            let mut demands = vec![0; k];
            for _ in 0..rng.random_range(1..=2) {
                let r = rng.random_range(0..k);
                demands[r] = rng.random_range(1..=capacities[r]);
            }
            let successors = (0..rng.random_range(0..=3))
                .filter_map(|_| {
                    let s = i + rng.random_range(1..=40);
                    (s < n).then_some(s)
                })
                .collect();
            Activity {
                duration: rng.random_range(1..=16),
                demands,
                successors,
            }
        })
        .collect();
    let project = Project {
        activities,
        capacities,
    };
    let opts = SolveOptions::for_project(&project);
    let t0 = Instant::now();
    let rep = solve(&project, &opts, None).expect("solvable");
    let elapsed = t0.elapsed();
    check_schedule(&project, &rep.schedule).expect("feasible");
    println!(
        "{n} activities: makespan {} (initial {}, lower bound {}), {} schedules, {:.1} ms, timed out: {}",
        rep.schedule.makespan,
        rep.initial_makespan,
        rep.lower_bound,
        rep.schedules_generated,
        elapsed.as_secs_f64() * 1e3,
        rep.timed_out
    );
}
