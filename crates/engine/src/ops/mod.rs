//! The run operations: what people and programs do to runs (start, resume,
//! approve, reject, step done, metric, cancel), what they ask of them (the
//! summary `status` shows), and the coordination of program runs (holds,
//! releases, members side by side).
//!
//! Every front calls these and only these: the CLI's commands, the MCP
//! server's tools and the dashboard. An operation takes a store handle, the
//! [`RunEnv`] (catalog, executor settings, whether a person can answer here)
//! and plain arguments, and returns data or an [`OpError`]; it never prints.
//! Appending to a run's log happens here, not in the fronts.

mod act;
mod actuals;
mod apply;
mod drive;
mod dry_run;
mod error;
mod learn;
mod learn_text;
mod load;
mod logs;
mod program;
mod propose;
mod retrospective;
mod summary;
pub mod text;
mod versions;

pub use act::{
    GateDecision, MetricsRecorded, StepDone, approve, cancel, metric, open_gate, reject, resume,
    step_done,
};
pub use actuals::{actuals, facts, history, working_minutes};
pub use apply::{Applied, apply};
pub use drive::{
    ProgressFactory, RunEnv, StartOptions, continue_loaded, continue_run, drive, preflight,
    prompts, start, summary,
};
pub use dry_run::{
    DryRunError, DryRunReport, MemberDryRun, ProgramDryRun, dry_run_report, program_dry_run,
};
pub use error::OpError;
pub use learn::LearnError;
pub use load::{LoadedRun, load_run};
pub use logs::{Logs, logs};
pub use program::{
    MemberSummary, ProgramRunSummary, StartedProgram, coordinate, coordinate_started, holds,
    program_members, program_summary, resume_program, start_program,
};
pub use propose::{Proposed, Target, propose};
pub use retrospective::{Ask, Findings, Retrospective, ask_in_turn, retrospective};
pub use summary::{PersonaCost, PhaseSummary, RunSummary, StepSummary, exit_status};
pub use versions::{History, HistoryRow, workflow_history, workflow_version};

/// Who is acting: the name given, else the user at this terminal.
pub fn person(by: Option<String>) -> String {
    by.unwrap_or_else(crate::executor::person)
}
