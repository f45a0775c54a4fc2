//! Resource-constrained project scheduling (RCPSP).
//!
//! A [`Project`] is a set of activities with integer durations (periods),
//! renewable resource demands and finish-to-start precedence arcs, plus a
//! constant capacity per resource. [`solve`] returns a precedence- and
//! resource-feasible [`Schedule`] with a short makespan, found by priority
//! rules, a genetic algorithm over activity lists and forward-backward
//! improvement (double justification).
//!
//! The module is pure: parsers take `&str`, progress is reported through an
//! optional callback, nothing touches files or the terminal.
//!
//! - [`psplib`]: parser for the PSPLIB single-mode `.sm` format.
//! - [`feasibility`]: an independent schedule checker.
//! - [`bounds`]: critical-path and resource lower bounds.
//! - [`sgs`]: serial and parallel schedule-generation schemes.
//! - [`priority`]: priority rules and biased random sampling.
//! - [`justify`]: forward-backward improvement.
//! - [`genetic`]: the activity-list genetic algorithm.
//! - [`solve()`]: the entry point.
//! - [`bench`]: helpers to summarise benchmark runs against PSPLIB references.

use std::time::Duration;

use serde::Serialize;

pub mod bench;
pub mod bounds;
pub mod feasibility;
pub mod genetic;
pub mod instance;
pub mod justify;
pub mod priority;
pub mod psplib;
pub mod sgs;
pub mod solve;

pub use bench::{
    BenchRow, BenchTable, InstanceResult, ReferenceRow, SolveOutcome, parse_reference, solve_many,
    summarize,
};
pub use bounds::{critical_path_bound, lower_bound, resource_bound};
pub use feasibility::{Violation, check_schedule};
pub use instance::Instance;
pub use psplib::parse_psplib;
pub use solve::solve;

/// One activity (job, step) of a project.
///
/// Precedences are stored as **successors**: activity `j` in `successors` of
/// `i` means `j` may start only once `i` has finished
/// (`start_j >= start_i + duration_i`). Indices refer to
/// [`Project::activities`]. Duplicate arcs are allowed and ignored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Activity {
    /// Processing time in integer periods. Zero is allowed (dummy activities,
    /// milestones): such an activity occupies no period and uses no resource.
    pub duration: u32,
    /// Units of each renewable resource used in every period the activity
    /// runs, one entry per resource of [`Project::capacities`].
    pub demands: Vec<u32>,
    /// Indices of the activities that must wait for this one to finish.
    pub successors: Vec<usize>,
}

/// A single-mode RCPSP instance.
///
/// No dummy source or sink is required: any acyclic precedence graph works.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Project {
    pub activities: Vec<Activity>,
    /// Units of each renewable resource available in every period. A
    /// capacity of 0 is allowed as long as no activity with a positive
    /// duration needs that resource.
    pub capacities: Vec<u32>,
}

/// Start period of every activity; the makespan is the latest finish
/// (0 for an empty project).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Schedule {
    pub starts: Vec<u32>,
    pub makespan: u32,
}

/// How hard [`solve`] works.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SolveOptions {
    /// Budget in generated schedules: every pass of a schedule-generation
    /// scheme counts as one (a forward-backward improvement counts two), as
    /// in the RCPSP literature. At least one schedule is always generated.
    pub max_schedules: u64,
    /// Optional wall-clock limit. The result is deterministic for a seed only
    /// when this limit does not bite.
    pub time_limit: Option<Duration>,
    /// Seed of the random generator (ChaCha8).
    pub seed: u64,
}

impl Default for SolveOptions {
    /// 50,000 schedules, the usual benchmark budget, no time limit, seed 0.
    fn default() -> Self {
        SolveOptions {
            max_schedules: 50_000,
            time_limit: None,
            seed: 0,
        }
    }
}

impl SolveOptions {
    /// A budget that suits the size of `project`: 50,000 schedules and no
    /// time limit for projects up to 150 activities (the PSPLIB sizes);
    /// above that a schedule budget that shrinks with the size plus a
    /// wall-clock limit (500 ms up to 500 activities, 150 ms beyond), so
    /// that large workflows schedule interactively.
    pub fn for_project(project: &Project) -> Self {
        let n = project.activities.len().max(1) as u64;
        if n <= 150 {
            return SolveOptions::default();
        }
        let max_schedules = (50_000 * 150 / n).max(200);
        let time_limit = Some(Duration::from_millis(if n > 500 { 150 } else { 500 }));
        SolveOptions {
            max_schedules,
            time_limit,
            seed: 0,
        }
    }
}

/// The outcome of [`solve`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SolveReport {
    /// The best schedule found (always feasible).
    pub schedule: Schedule,
    /// Schedules generated (SGS passes), see [`SolveOptions::max_schedules`].
    pub schedules_generated: u64,
    /// The best lower bound known on the makespan (critical path and
    /// resource bound). When it equals the makespan the schedule is optimal.
    pub lower_bound: u32,
    /// Critical-path length (no resource limits).
    pub critical_path: u32,
    /// `schedule.makespan == lower_bound`.
    pub proven_optimal: bool,
    /// Makespan of the best priority-rule schedule, before the search.
    pub initial_makespan: u32,
    /// The wall-clock limit stopped the search.
    pub timed_out: bool,
}

/// Errors for projects that cannot be scheduled or input that cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RcpspError {
    #[error("activity {activity} has {found} demands but the project has {expected} resources")]
    DemandCount {
        activity: usize,
        found: usize,
        expected: usize,
    },
    #[error("activity {activity} lists successor {successor}, which does not exist")]
    UnknownSuccessor { activity: usize, successor: usize },
    #[error("the precedence graph has a cycle through activity {activity}")]
    Cycle { activity: usize },
    #[error(
        "activity {activity} needs {demand} units of resource {resource} but only {capacity} exist: it can never be scheduled"
    )]
    DemandAboveCapacity {
        activity: usize,
        resource: usize,
        demand: u32,
        capacity: u32,
    },
    #[error(
        "the project is too long to schedule: total duration {total_duration} periods x {resources} resources exceeds the supported size"
    )]
    HorizonTooLarge {
        total_duration: u64,
        resources: usize,
    },
    #[error("line {line}: {message}")]
    Parse { line: usize, message: String },
}
