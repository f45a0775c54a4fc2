//! The solver: priority rules, then the genetic algorithm, stopping early at
//! the lower bound.

use std::time::Instant;

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use super::bounds::instance_resource_bound;
use super::genetic::{self, Best, Budget, Decoder, GaParams};
use super::instance::Instance;
use super::priority::{self, Rule};
use super::{Project, RcpspError, Schedule, SolveOptions, SolveReport};

/// Find a short feasible schedule for `project`.
///
/// Phases: serial and parallel SGS with the LFT, LST, MTS and GRPW rules,
/// each double-justified; then biased random sampling to fill the initial
/// population and the activity-list GA until the budget or the time limit is
/// spent or the makespan reaches the lower bound. `progress`, when given, is
/// called with the number of schedules generated so far (about every 1,000
/// schedules and once at the end).
///
/// Deterministic for a given `opts.seed` unless the time limit stops it.
pub fn solve(
    project: &Project,
    opts: &SolveOptions,
    progress: Option<&mut dyn FnMut(u64)>,
) -> Result<SolveReport, RcpspError> {
    let inst = Instance::new(project)?;
    // A limit too large to represent means no limit.
    let deadline = opts.time_limit.and_then(|d| Instant::now().checked_add(d));
    let mut budget = Budget::new(opts.max_schedules, deadline, progress);
    let critical_path = inst.critical_path();
    let lower_bound = critical_path.max(instance_resource_bound(&inst));
    let n = inst.n;

    let mut dec = Decoder::new(&inst);
    let mut rng = ChaCha8Rng::seed_from_u64(opts.seed);
    let mut best = Best {
        starts: vec![0; n],
        makespan: u32::MAX,
        lower_bound,
    };
    let mut scratch = vec![0u32; n];
    let mut population = Vec::new();
    let mut initial_makespan = u32::MAX;

    // Priority rules. The first schedule is generated whatever the budget.
    let lft = priority::keys(&inst, Rule::Lft);
    for (i, rule) in Rule::ALL.into_iter().enumerate() {
        if i > 0 && (budget.exhausted() || best.makespan <= lower_bound) {
            break;
        }
        let key = if rule == Rule::Lft {
            lft.clone()
        } else {
            priority::keys(&inst, rule)
        };
        let list = priority::list_from_keys(&inst, &key);
        let ms = dec
            .sgs
            .serial(&inst, &list, super::sgs::Direction::Forward, &mut scratch);
        budget.spend(1);
        initial_makespan = initial_makespan.min(ms);
        population.push(dec.evaluate_starts(&scratch, ms, &mut budget, &mut best));
        if budget.exhausted() || best.makespan <= lower_bound {
            break;
        }
        let ms = dec.sgs.parallel(&inst, &key, &mut scratch);
        budget.spend(1);
        initial_makespan = initial_makespan.min(ms);
        population.push(dec.evaluate_starts(&scratch, ms, &mut budget, &mut best));
    }

    // Fill the population with biased random samples, then evolve.
    let params = GaParams::for_size(n, opts.max_schedules);
    while population.len() < params.population && best.makespan > lower_bound && !budget.exhausted()
    {
        let list = priority::sample_list(&inst, &lft, 1.0, &mut rng);
        population.push(dec.evaluate(list, &mut budget, &mut best));
    }
    genetic::run(
        &mut dec,
        population,
        &params,
        &mut budget,
        &mut rng,
        &mut best,
        &lft,
    );

    let makespan = if n == 0 { 0 } else { best.makespan };
    Ok(SolveReport {
        schedule: Schedule {
            starts: best.starts,
            makespan,
        },
        schedules_generated: budget.used,
        lower_bound,
        critical_path,
        proven_optimal: makespan == lower_bound,
        initial_makespan: if n == 0 { 0 } else { initial_makespan },
        timed_out: budget.timed_out,
    })
}

#[cfg(test)]
mod tests {
    use super::super::sgs::{Direction, Sgs};
    use super::super::{Activity, check_schedule, critical_path_bound};
    use super::*;
    use proptest::prelude::*;

    fn act(duration: u32, demands: Vec<u32>, successors: Vec<usize>) -> Activity {
        Activity {
            duration,
            demands,
            successors,
        }
    }

    fn opts(max_schedules: u64, seed: u64) -> SolveOptions {
        SolveOptions {
            max_schedules,
            time_limit: None,
            seed,
        }
    }

    fn solved(p: &Project, budget: u64) -> SolveReport {
        let rep = solve(p, &opts(budget, 7), None).unwrap();
        assert_eq!(check_schedule(p, &rep.schedule), Ok(()));
        rep
    }

    #[test]
    fn known_optimum_small_project() {
        // Capacity 3; critical path 7 (1 -> 4), resource bound ceil(19/3) = 7.
        // Activities 1 and 2 cannot overlap and 5 needs the whole resource,
        // so the optimum is 8 (1, 3 at 0; 2, 4 at 3; 5 at 7), confirmed by
        // enumerating every activity list.
        let p = Project {
            activities: vec![
                act(0, vec![0], vec![1, 2, 3]),
                act(3, vec![2], vec![4]),
                act(2, vec![2], vec![5]),
                act(2, vec![1], vec![5]),
                act(4, vec![1], vec![6]),
                act(1, vec![3], vec![6]),
                act(0, vec![0], vec![]),
            ],
            capacities: vec![3],
        };
        let rep = solved(&p, 2_000);
        assert_eq!(rep.schedule.makespan, brute_force(&p));
        assert_eq!(rep.schedule.makespan, 8);
        assert_eq!(rep.critical_path, 7);
    }

    #[test]
    fn chain_and_parallel_resource_bound() {
        // Four independent unit-demand activities of length 3 on capacity 2:
        // optimum 6 equals the resource bound, found at once.
        let p = Project {
            activities: (0..4).map(|_| act(3, vec![1, 0], vec![])).collect(),
            capacities: vec![2, 0],
        };
        let rep = solved(&p, 50_000);
        assert_eq!(rep.schedule.makespan, 6);
        assert!(rep.proven_optimal);
        assert!(rep.schedules_generated < 50, "stops at the lower bound");
    }

    #[test]
    fn empty_and_dummy_only_projects() {
        let p = Project {
            activities: vec![],
            capacities: vec![],
        };
        let rep = solved(&p, 10);
        assert_eq!(
            rep.schedule,
            Schedule {
                starts: vec![],
                makespan: 0
            }
        );
        let p = Project {
            activities: vec![act(0, vec![5], vec![1]), act(0, vec![5], vec![])],
            capacities: vec![0],
        };
        let rep = solved(&p, 10);
        assert_eq!(rep.schedule.makespan, 0);
    }

    #[test]
    fn budget_of_zero_still_returns_a_schedule() {
        let p = Project {
            activities: (0..5).map(|i| act(i + 1, vec![1], vec![])).collect(),
            capacities: vec![1],
        };
        let rep = solved(&p, 0);
        assert_eq!(rep.schedule.makespan, 15);
        assert!(rep.schedules_generated >= 1);
        // An unrepresentable time limit means no limit.
        let o = SolveOptions {
            time_limit: Some(std::time::Duration::MAX),
            ..opts(100, 0)
        };
        let rep = solve(&p, &o, None).unwrap();
        assert!(!rep.timed_out);
        assert_eq!(rep.schedule.makespan, 15);
    }

    #[test]
    fn invalid_projects_are_errors() {
        let o = opts(100, 0);
        let cyc = Project {
            activities: vec![act(1, vec![], vec![1]), act(1, vec![], vec![0])],
            capacities: vec![],
        };
        assert!(matches!(
            solve(&cyc, &o, None),
            Err(RcpspError::Cycle { .. })
        ));
        let selfloop = Project {
            activities: vec![act(1, vec![], vec![0])],
            capacities: vec![],
        };
        assert!(matches!(
            solve(&selfloop, &o, None),
            Err(RcpspError::Cycle { activity: 0 })
        ));
        let too_big = Project {
            activities: vec![act(1, vec![3], vec![])],
            capacities: vec![2],
        };
        assert_eq!(
            solve(&too_big, &o, None),
            Err(RcpspError::DemandAboveCapacity {
                activity: 0,
                resource: 0,
                demand: 3,
                capacity: 2
            })
        );
        let zero_cap = Project {
            activities: vec![act(1, vec![0, 1], vec![])],
            capacities: vec![5, 0],
        };
        assert!(matches!(
            solve(&zero_cap, &o, None),
            Err(RcpspError::DemandAboveCapacity { resource: 1, .. })
        ));
        let unknown = Project {
            activities: vec![act(1, vec![], vec![4])],
            capacities: vec![],
        };
        assert!(matches!(
            solve(&unknown, &o, None),
            Err(RcpspError::UnknownSuccessor { .. })
        ));
        let count = Project {
            activities: vec![act(1, vec![1], vec![])],
            capacities: vec![1, 1],
        };
        assert!(matches!(
            solve(&count, &o, None),
            Err(RcpspError::DemandCount { .. })
        ));
        let huge = Project {
            activities: vec![act(u32::MAX, vec![], vec![]), act(u32::MAX, vec![], vec![])],
            capacities: vec![],
        };
        assert!(matches!(
            solve(&huge, &o, None),
            Err(RcpspError::HorizonTooLarge { .. })
        ));
    }

    #[test]
    fn progress_is_reported() {
        let p = Project {
            activities: (0..8)
                .map(|i| {
                    act(
                        1 + i % 3,
                        vec![1 + i % 2],
                        if i < 7 { vec![i as usize + 1] } else { vec![] },
                    )
                })
                .chain((0..8).map(|i| act(2 + i % 2, vec![1], vec![])))
                .collect(),
            capacities: vec![2],
        };
        let mut seen = Vec::new();
        let mut cb = |n: u64| seen.push(n);
        let rep = solve(&p, &opts(5_000, 3), Some(&mut cb)).unwrap();
        assert!(!seen.is_empty());
        assert_eq!(*seen.last().unwrap(), rep.schedules_generated);
    }

    /// Exact optimum by enumerating every precedence-feasible activity list
    /// (the serial SGS reaches an optimal schedule for some list).
    fn brute_force(p: &Project) -> u32 {
        let inst = Instance::new(p).unwrap();
        let mut sgs = Sgs::new(&inst);
        let mut best = u32::MAX;
        let mut list = Vec::new();
        let mut starts = vec![0; inst.n];
        fn rec(
            inst: &Instance,
            sgs: &mut Sgs,
            list: &mut Vec<usize>,
            starts: &mut Vec<u32>,
            best: &mut u32,
        ) {
            if list.len() == inst.n {
                *best = (*best).min(sgs.serial(inst, list, Direction::Forward, starts));
                return;
            }
            for j in 0..inst.n {
                if !list.contains(&j) && inst.pred[j].iter().all(|p| list.contains(p)) {
                    list.push(j);
                    rec(inst, sgs, list, starts, best);
                    list.pop();
                }
            }
        }
        rec(&inst, &mut sgs, &mut list, &mut starts, &mut best);
        if inst.n == 0 { 0 } else { best }
    }

    /// Random acyclic projects: arcs only from lower to higher index.
    fn project_strategy(max_n: usize) -> impl Strategy<Value = Project> {
        (1usize..=max_n, 1usize..=3).prop_flat_map(|(n, k)| {
            let caps = proptest::collection::vec(1u32..=4, k);
            let acts = proptest::collection::vec(
                (
                    0u32..=5,
                    proptest::collection::vec(0u32..=4, k),
                    proptest::collection::vec(any::<prop::sample::Index>(), 0..3),
                ),
                n,
            );
            (caps, acts).prop_map(move |(caps, acts)| Project {
                activities: acts
                    .into_iter()
                    .enumerate()
                    .map(|(i, (d, dem, succ))| Activity {
                        duration: d,
                        demands: dem.iter().zip(&caps).map(|(&q, &c)| q.min(c)).collect(),
                        successors: if i + 1 < n {
                            succ.iter().map(|ix| i + 1 + ix.index(n - i - 1)).collect()
                        } else {
                            vec![]
                        },
                    })
                    .collect(),
                capacities: caps,
            })
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn schedules_are_feasible_bounded_and_deterministic(p in project_strategy(14), seed in 0u64..1000) {
            let o = opts(600, seed);
            let rep = solve(&p, &o, None).unwrap();
            prop_assert_eq!(check_schedule(&p, &rep.schedule), Ok(()));
            let cp = critical_path_bound(&p).unwrap();
            prop_assert!(rep.schedule.makespan >= cp);
            prop_assert!(rep.schedule.makespan >= rep.lower_bound);
            prop_assert!(rep.schedule.makespan <= rep.initial_makespan);
            prop_assert_eq!(solve(&p, &o, None).unwrap(), rep);
        }

        #[test]
        fn reaches_the_optimum_of_tiny_projects(p in project_strategy(5)) {
            let rep = solve(&p, &opts(3_000, 1), None).unwrap();
            prop_assert_eq!(rep.schedule.makespan, brute_force(&p));
        }

        #[test]
        fn justification_never_lengthens_and_stays_feasible(p in project_strategy(12), seed in 0u64..100) {
            use super::super::justify::Justifier;
            use rand::SeedableRng;
            let inst = Instance::new(&p).unwrap();
            let mut sgs = Sgs::new(&inst);
            let mut just = Justifier::new(&inst);
            let mut rng = ChaCha8Rng::seed_from_u64(seed);
            let key = vec![0.0; inst.n];
            let list = priority::sample_list(&inst, &key, 1.0, &mut rng);
            let mut starts = vec![0; inst.n];
            let ms = sgs.serial(&inst, &list, Direction::Forward, &mut starts);
            prop_assert_eq!(check_schedule(&p, &Schedule { starts: starts.clone(), makespan: ms }), Ok(()));
            let mut out = Vec::new();
            let ms2 = just.double_justify(&inst, &mut sgs, &mut starts, ms, &mut out);
            prop_assert!(ms2 <= ms);
            prop_assert_eq!(check_schedule(&p, &Schedule { starts: starts.clone(), makespan: ms2 }), Ok(()));
            // The returned list reproduces the justified schedule.
            let mut again = vec![0; inst.n];
            prop_assert_eq!(sgs.serial(&inst, &out, Direction::Forward, &mut again), ms2);
            let ms3 = sgs.parallel(&inst, &key, &mut again);
            prop_assert_eq!(check_schedule(&p, &Schedule { starts: again, makespan: ms3 }), Ok(()));
        }
    }
}
