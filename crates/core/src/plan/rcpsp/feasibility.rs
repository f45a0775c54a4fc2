//! Independent schedule checker.
//!
//! Deliberately shares no code with the schedule generators: it works on the
//! raw [`Project`] and sweeps sorted start/finish events per resource, so a
//! bug in the time-indexed profiles of the generators cannot hide here.

use super::{Project, Schedule};

/// Why a schedule is not feasible for a project.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Violation {
    #[error("the schedule has {found} start times but the project has {expected} activities")]
    WrongLength { expected: usize, found: usize },
    #[error("the project itself is malformed: {0}")]
    BadProject(String),
    #[error("activity {to} starts at {start} before its predecessor {from} finishes at {finish}")]
    Precedence {
        from: usize,
        to: usize,
        finish: u64,
        start: u32,
    },
    #[error("resource {resource} is used {usage} > capacity {capacity} in period {period}")]
    Capacity {
        resource: usize,
        period: u64,
        usage: u64,
        capacity: u32,
    },
    #[error("stated makespan {stated} differs from the latest finish {actual}")]
    Makespan { stated: u32, actual: u64 },
}

/// Check precedences (`start_j >= start_i + duration_i` for every arc),
/// per-period resource usage against capacity, and the stated makespan.
pub fn check_schedule(project: &Project, schedule: &Schedule) -> Result<(), Violation> {
    let acts = &project.activities;
    if schedule.starts.len() != acts.len() {
        return Err(Violation::WrongLength {
            expected: acts.len(),
            found: schedule.starts.len(),
        });
    }
    let finish = |i: usize| u64::from(schedule.starts[i]) + u64::from(acts[i].duration);

    for (i, a) in acts.iter().enumerate() {
        if a.demands.len() != project.capacities.len() {
            return Err(Violation::BadProject(format!(
                "activity {i} has {} demands for {} resources",
                a.demands.len(),
                project.capacities.len()
            )));
        }
        for &j in &a.successors {
            let Some(&start) = schedule.starts.get(j) else {
                return Err(Violation::BadProject(format!(
                    "activity {i} has unknown successor {j}"
                )));
            };
            if u64::from(start) < finish(i) {
                return Err(Violation::Precedence {
                    from: i,
                    to: j,
                    finish: finish(i),
                    start,
                });
            }
        }
    }

    for (r, &capacity) in project.capacities.iter().enumerate() {
        // (time, delta): releases (negative) sort before acquisitions at the
        // same time because a finish at t frees period t.
        let mut events: Vec<(u64, i64)> = Vec::new();
        for (i, a) in acts.iter().enumerate() {
            let q = a.demands[r];
            if a.duration > 0 && q > 0 {
                events.push((u64::from(schedule.starts[i]), i64::from(q)));
                events.push((finish(i), -i64::from(q)));
            }
        }
        events.sort_unstable();
        let mut usage: i64 = 0;
        for (t, delta) in events {
            usage += delta;
            if usage > i64::from(capacity) {
                return Err(Violation::Capacity {
                    resource: r,
                    period: t,
                    usage: usage as u64,
                    capacity,
                });
            }
        }
    }

    let actual = (0..acts.len()).map(finish).max().unwrap_or(0);
    if u64::from(schedule.makespan) != actual {
        return Err(Violation::Makespan {
            stated: schedule.makespan,
            actual,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::Activity;
    use super::*;

    fn project() -> Project {
        let a = |duration, demand, successors| Activity {
            duration,
            demands: vec![demand],
            successors,
        };
        Project {
            activities: vec![
                a(2, 1, vec![1]),
                a(2, 1, vec![]),
                a(3, 1, vec![]),
                a(0, 9, vec![]),
            ],
            capacities: vec![2],
        }
    }

    fn sched(starts: Vec<u32>, makespan: u32) -> Schedule {
        Schedule { starts, makespan }
    }

    #[test]
    fn accepts_a_feasible_schedule() {
        // The zero-duration activity 3 demands 9 > 2 but occupies no period.
        assert_eq!(
            check_schedule(&project(), &sched(vec![0, 2, 0, 4], 4)),
            Ok(())
        );
        assert_eq!(
            check_schedule(&project(), &sched(vec![0, 2, 1, 0], 4)),
            Ok(())
        );
    }

    #[test]
    fn rejects_broken_schedules() {
        let p = project();
        assert!(matches!(
            check_schedule(&p, &sched(vec![0, 1, 0, 0], 4)),
            Err(Violation::Precedence { from: 0, to: 1, .. })
        ));
        // Three activities at once on capacity 2.
        let mut q = p.clone();
        q.activities[1].successors.clear();
        q.activities[0].successors.clear();
        assert!(matches!(
            check_schedule(&q, &sched(vec![0, 1, 1, 0], 4)),
            Err(Violation::Capacity {
                resource: 0,
                period: 1,
                usage: 3,
                ..
            })
        ));
        assert!(matches!(
            check_schedule(&p, &sched(vec![0, 2, 0, 0], 5)),
            Err(Violation::Makespan {
                stated: 5,
                actual: 4
            })
        ));
        assert!(matches!(
            check_schedule(&p, &sched(vec![0, 2], 4)),
            Err(Violation::WrongLength { .. })
        ));
    }
}
