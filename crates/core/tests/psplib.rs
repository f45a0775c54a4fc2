//! The solver reaches the known optima of a few PSPLIB j30 instances
//! (fixtures in `tests/fixtures/psplib`, see the README there).

use skill_chains_core::plan::rcpsp::{SolveOptions, check_schedule, parse_psplib, solve};

fn check(file: &str, text: &str, optimum: u32, budget: u64) {
    let project = parse_psplib(text).unwrap_or_else(|e| panic!("{file}: {e}"));
    let opts = SolveOptions {
        max_schedules: budget,
        time_limit: None,
        seed: 1,
    };
    let rep = solve(&project, &opts, None).unwrap();
    assert_eq!(check_schedule(&project, &rep.schedule), Ok(()), "{file}");
    assert_eq!(rep.schedule.makespan, optimum, "{file}");
    assert!(rep.schedules_generated <= budget, "{file}");
}

#[test]
fn easy_instances_reach_the_optimum() {
    check(
        "j301_1",
        include_str!("fixtures/psplib/j301_1.sm"),
        43,
        5_000,
    );
    check(
        "j301_2",
        include_str!("fixtures/psplib/j301_2.sm"),
        47,
        5_000,
    );
}

#[test]
fn hard_instances_reach_the_optimum() {
    check(
        "j3013_8",
        include_str!("fixtures/psplib/j3013_8.sm"),
        106,
        50_000,
    );
    check(
        "j3029_6",
        include_str!("fixtures/psplib/j3029_6.sm"),
        92,
        50_000,
    );
    check(
        "j3045_2",
        include_str!("fixtures/psplib/j3045_2.sm"),
        125,
        50_000,
    );
}
