//! The MCP tools' inputs (each with its JSON Schema) and the command
//! arguments each becomes, built as values: a tool's strings are names and
//! texts, never options, so `--db=/x` as a workflow is a workflow called
//! that. The checks clap makes on the command line (ranges, options that
//! need another) are made here. Nothing here runs a command.

use std::path::PathBuf;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::commands::{
    apply, approve, check, checkpoint, converge, dependency, export, history, import, list, metric,
    parallel, phase, retrospective, run, schedule, sequence, show, status, step, suggest, timeline,
    workflow,
};
use crate::driver::{BudgetArgs, StoreArgs};
use crate::expand::ExpandArgs;
use crate::gates::GateArgs;
use crate::llm::{LlmArgs, LlmKind};
use crate::plan_text::GanttArgs;

/// What every tool returns: the command's exit status and its JSON output.
#[derive(Debug, Serialize, JsonSchema)]
pub struct ToolOutput {
    /// The command's exit status: 0 done, 1 the input has errors (or a run
    /// failed), 2 it could not run, 3 a run is paused (a gate or a person).
    pub status: u8,
    /// The command's data, as `--json` prints it.
    pub result: serde_json::Value,
    /// The file the command made, as text, when it was not written
    /// (`checkpoint` with `expand`, `sequence`, `converge` without `output`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

#[derive(Debug, Deserialize, JsonSchema)]
pub struct SuggestIn {
    /// The situation in plain words, e.g. "our checkout is down" or "SOC 2 before the enterprise deal".
    pub situation: String,
    /// How many suggestions (default 5).
    pub limit: Option<usize>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum LlmClient {
    Claude,
    Anthropic,
    Openai,
}

#[derive(Debug, Deserialize, JsonSchema)]
pub struct WorkflowIn {
    /// The scenario, e.g. "Migrate our payment service from Heroku to AWS in 4 months".
    pub scenario: String,
    /// Write the workflow to this file; without it the YAML is returned.
    pub output: Option<String>,
    /// Replace an existing file.
    pub force: Option<bool>,
    /// Design with a language model (checked and repaired) instead of offline.
    pub llm: Option<LlmClient>,
    /// Repair rounds with a model (default 3).
    pub max_repairs: Option<u32>,
}

#[derive(Debug, Deserialize, JsonSchema)]
pub struct ListIn {
    /// Only this category, e.g. "Incident Management".
    pub category: Option<String>,
    /// Only workflows in which this persona has a step.
    pub persona: Option<String>,
}

#[derive(Debug, Deserialize, JsonSchema)]
pub struct WorkflowRef {
    /// A built-in id or name (`microservices-migration`), or a workflow file.
    pub workflow: String,
}

#[derive(Debug, Deserialize, JsonSchema)]
pub struct PlanRef {
    /// A built-in id or name, a workflow file, or a program (built-in id or file).
    pub workflow: String,
}

#[derive(Debug, Deserialize, JsonSchema)]
pub struct CheckIn {
    /// Workflow files or built-in ids; none (and no `yaml`) checks the whole built-in library.
    pub files: Option<Vec<String>>,
    /// Workflow YAML to check as text.
    pub yaml: Option<String>,
    /// Treat warnings as errors.
    pub deny_warnings: Option<bool>,
}

#[derive(Debug, Deserialize, JsonSchema)]
pub struct ReviewIn {
    /// Workflow files or built-in ids; none (and no `yaml`) reviews the whole built-in library.
    pub files: Option<Vec<String>>,
    /// Workflow YAML to review as text.
    pub yaml: Option<String>,
    /// Status 1 on advice (and warnings), not only on errors.
    pub deny_advice: Option<bool>,
}

#[derive(Debug, Deserialize, JsonSchema)]
pub struct ImportIn {
    /// A Markdown playbook in the seed's style.
    pub file: String,
    /// Write the YAML into this directory.
    pub output: Option<String>,
    /// Refuse what cannot be read exactly.
    pub strict: Option<bool>,
    /// Replace existing files.
    pub force: Option<bool>,
}

#[derive(Debug, Deserialize, JsonSchema)]
pub struct PhaseIn {
    /// A built-in id or name, or a workflow file.
    pub workflow: String,
    /// The phase: its id, its name, or its number (1 is the first).
    pub phase: String,
    /// Propose detailed steps for the phase from similar library phases.
    pub expand: Option<bool>,
    /// With `expand`: about how many steps the phase should end up with (default 5).
    pub steps: Option<usize>,
    /// With `expand`: write the expanded workflow to this file.
    pub output: Option<String>,
}

#[derive(Debug, Deserialize, JsonSchema)]
pub struct CheckpointIn {
    /// A built-in id or name, or a workflow file.
    pub workflow: String,
    /// Propose the gates the workflow lacks (approver, requirements, criteria).
    pub expand: Option<bool>,
    /// With `expand`: only this phase (id, name, or number; 1 is the first).
    pub phase: Option<String>,
    /// With `expand`: write the workflow with the gates to this file; without it its YAML is returned.
    pub output: Option<String>,
    /// Replace an existing file.
    pub force: Option<bool>,
}

#[derive(Debug, Deserialize, JsonSchema)]
pub struct TimelineIn {
    /// A built-in id or name, a workflow file, or a program.
    pub workflow: String,
    /// Monte Carlo iterations (default 10000).
    pub iterations: Option<u32>,
    /// Random seed (default 0; the same seed gives the same answer).
    pub seed: Option<u64>,
    /// A deadline to report the chance of meeting, e.g. "6 months".
    pub deadline: Option<String>,
}

#[derive(Debug, Deserialize, JsonSchema)]
pub struct ScheduleIn {
    /// A built-in id or name, or a workflow file.
    pub workflow: String,
    /// A team file (people per persona); default: one person per persona.
    pub team: Option<String>,
    /// Random seed.
    pub seed: Option<u64>,
}

#[derive(Debug, Deserialize, JsonSchema)]
pub struct SequenceIn {
    /// Two or more workflows, in order.
    pub workflows: Vec<String>,
    /// The handoff gate after each workflow but the last, in words.
    pub gates: Option<Vec<String>>,
    /// The program's name.
    pub name: Option<String>,
    /// Write the program here; without it the program's YAML is returned.
    pub output: Option<String>,
    /// Replace an existing file.
    pub force: Option<bool>,
}

#[derive(Debug, Deserialize, JsonSchema)]
pub struct ConvergeIn {
    /// The workflows that run in parallel.
    pub workflows: Vec<String>,
    /// The workflow they converge into.
    pub into: String,
    /// The phase of `into` that waits for them.
    pub phase: Option<String>,
    /// The convergence gate, in words.
    pub gate: Option<String>,
    /// The program's name.
    pub name: Option<String>,
    /// Write the program here; without it the program's YAML is returned.
    pub output: Option<String>,
    /// Replace an existing file.
    pub force: Option<bool>,
}

#[derive(Debug, Deserialize, JsonSchema)]
pub struct RunIn {
    /// A built-in id or name, or a workflow file.
    pub workflow: String,
    /// Run every step with this executor (manual, claude, anthropic, openai, shell, noop).
    pub executor: Option<String>,
    /// Approve every checkpoint without asking.
    pub auto_approve: Option<bool>,
    /// Plan the run without executing anything.
    pub dry_run: Option<bool>,
}

#[derive(Debug, Deserialize, JsonSchema)]
pub struct RunRef {
    /// A run id, a unique prefix of one, or `last` (default).
    pub run: Option<String>,
}

#[derive(Debug, Deserialize, JsonSchema)]
pub struct GateIn {
    /// A run id, a unique prefix of one, or `last`.
    pub run: String,
    /// The gate (phase id); default: the open one.
    pub gate: Option<String>,
    pub comment: Option<String>,
    /// Who decides (default: $USER).
    pub by: Option<String>,
    /// Only record the decision; do not continue the run.
    pub no_continue: Option<bool>,
    /// Approve although criteria the gate requires are unmet, for this
    /// reason (recorded); approve only.
    pub override_reason: Option<String>,
}

#[derive(Debug, Deserialize, JsonSchema)]
pub struct RetrospectiveIn {
    /// A run id, a unique prefix of one, or `last` (default).
    pub run: Option<String>,
    /// A YAML file of answers: question id (`q1`) or text -> answer.
    pub answers: Option<String>,
    /// Write the workflow's next version from this run (estimates
    /// recalibrated, pitfalls, gates) as a proposal to review, then `apply`.
    pub propose: Option<bool>,
    /// Where to write the proposal (default: .skill-chains/proposals/<id>-v<N>.yaml).
    pub output: Option<String>,
    /// Replace an existing `output` file.
    pub force: Option<bool>,
}

#[derive(Debug, Deserialize, JsonSchema)]
pub struct ApplyIn {
    /// The proposal file (from `retrospective` with `propose`).
    pub proposal: String,
    /// The workflow file to update (default: the one the proposal names).
    pub to: Option<String>,
}

#[derive(Debug, Deserialize, JsonSchema)]
pub struct HistoryIn {
    /// A built-in id or a workflow file.
    pub workflow: String,
}

#[derive(Debug, Deserialize, JsonSchema)]
pub struct StepDoneIn {
    /// A run id, a unique prefix of one, or `last`.
    pub run: String,
    /// The step id.
    pub step: String,
    /// The deliverable, as text.
    pub text: Option<String>,
    /// Metrics for decisions and criteria, each `name=value`.
    pub metrics: Option<Vec<String>>,
    /// Who did it.
    pub by: Option<String>,
    /// When the work really started: 2026-03-01, 2026-03-01T14:00 or RFC
    /// 3339 (UTC unless an offset is given). Without a start, a finish or an
    /// effort the step is recorded but not measured.
    pub started: Option<String>,
    /// When it really finished (same forms).
    pub finished: Option<String>,
    /// Working time spent, e.g. `3d`, `2w`, `6h`.
    pub effort: Option<String>,
    /// The figures are right although far from the estimate.
    pub confirm: Option<bool>,
    /// Only record the result; do not continue the run.
    pub no_continue: Option<bool>,
}

#[derive(Debug, Deserialize, JsonSchema)]
pub struct MetricIn {
    /// A run id, a unique prefix of one, or `last`.
    pub run: String,
    /// Each `name=value`: `error_rate=0.4%`, `p99=420ms`, `incidents=0`.
    pub metrics: Vec<String>,
    /// Who measured it (default: $USER).
    pub by: Option<String>,
}

#[derive(Debug, Deserialize, JsonSchema)]
pub struct ExportSkillIn {
    /// A built-in id or name, or a workflow file.
    pub workflow: String,
    /// Write SKILL.md here (e.g. `.claude/skills/<id>/SKILL.md`); without it the text is returned.
    pub output: Option<String>,
    /// Replace an existing file.
    pub force: Option<bool>,
}

/// What a tool's input does not allow, in the words of its fields.
pub type Refused = String;

fn yes(flag: Option<bool>) -> bool {
    flag == Some(true)
}

/// Designing offline: no model, the default repair bound.
fn offline() -> LlmArgs {
    LlmArgs {
        llm: None,
        max_repairs: 3,
        model: None,
        base_url: None,
    }
}

/// No Gantt chart.
fn no_chart() -> GanttArgs {
    GanttArgs {
        gantt: None,
        output: None,
        force: false,
    }
}

/// A file to write, or `None` for `-` and nothing: the text is returned.
fn written(output: Option<String>) -> Option<String> {
    output.filter(|o| o != "-")
}

impl SuggestIn {
    pub fn args(self) -> suggest::Args {
        suggest::Args {
            situation: vec![self.situation],
            limit: self.limit.unwrap_or(5),
        }
    }
}

impl WorkflowIn {
    pub fn args(self) -> Result<workflow::Args, Refused> {
        let max_repairs = self.max_repairs.unwrap_or(3);
        if max_repairs > 20 {
            return Err(format!("max_repairs is {max_repairs}; at most 20"));
        }
        Ok(workflow::Args {
            scenario: vec![self.scenario],
            // `-` keeps the YAML in the result: stdout is the protocol.
            output: Some(self.output.unwrap_or_else(|| "-".into())),
            force: yes(self.force),
            llm: LlmArgs {
                llm: self.llm.map(|l| match l {
                    LlmClient::Claude => LlmKind::Claude,
                    LlmClient::Anthropic => LlmKind::Anthropic,
                    LlmClient::Openai => LlmKind::Openai,
                }),
                max_repairs,
                ..offline()
            },
        })
    }
}

impl ListIn {
    pub fn args(self) -> list::Args {
        list::Args {
            category: self.category,
            markdown: false,
            persona: self.persona,
            programs: false,
        }
    }
}

impl WorkflowRef {
    pub fn show(self) -> show::Args {
        show::Args {
            workflow: self.workflow,
        }
    }
}

impl PlanRef {
    pub fn parallel(self) -> parallel::Args {
        parallel::Args {
            workflow: self.workflow,
        }
    }
    pub fn dependency(self) -> dependency::Args {
        dependency::Args {
            workflow: self.workflow,
        }
    }
}

impl CheckIn {
    pub fn args(self) -> check::Args {
        check::Args {
            files: self.files.unwrap_or_default(),
            deny: yes(self.deny_warnings).then(|| "warnings".to_string()),
            review: false,
            fix: false,
            yaml: self.yaml,
        }
    }
}

impl ReviewIn {
    pub fn args(self) -> check::Args {
        check::Args {
            files: self.files.unwrap_or_default(),
            deny: yes(self.deny_advice).then(|| "advice".to_string()),
            review: true,
            fix: false,
            yaml: self.yaml,
        }
    }
}

impl ImportIn {
    pub fn args(self) -> import::Args {
        import::Args {
            file: PathBuf::from(self.file),
            output: self.output.map(PathBuf::from),
            strict: yes(self.strict),
            force: yes(self.force),
        }
    }
}

impl PhaseIn {
    pub fn args(self) -> Result<phase::Args, Refused> {
        let expand = yes(self.expand);
        if !expand && (self.steps.is_some() || self.output.is_some()) {
            return Err("`steps` and `output` go with `expand`".into());
        }
        Ok(phase::Args {
            workflow: self.workflow,
            phase: self.phase,
            expand: ExpandArgs {
                expand,
                steps: self.steps.unwrap_or(5),
                output: self.output,
                force: false,
                llm: offline(),
            },
        })
    }
}

impl TimelineIn {
    pub fn args(self) -> Result<timeline::Args, Refused> {
        let iterations = self.iterations.unwrap_or(10_000);
        if !(1..=10_000_000).contains(&iterations) {
            return Err(format!("iterations is {iterations}; give 1 to 10000000"));
        }
        Ok(timeline::Args {
            workflow: self.workflow,
            iterations,
            seed: self.seed.unwrap_or(0),
            sampling: timeline::SamplingArg::BetaPert,
            deadline: self.deadline,
            chart: no_chart(),
            threads: None,
            calibrated: false,
            store: StoreArgs { db: None },
        })
    }
}

impl ScheduleIn {
    pub fn args(self) -> schedule::Args {
        schedule::Args {
            workflow: self.workflow,
            team: self.team.map(PathBuf::from),
            schedules: None,
            seed: self.seed.unwrap_or(0),
            quantum: None,
            chart: no_chart(),
        }
    }
}

impl CheckpointIn {
    /// The arguments, and whether the tool returns the YAML it made (an
    /// expansion with no file to write).
    pub fn args(self) -> Result<(checkpoint::Args, bool), Refused> {
        let expand = yes(self.expand);
        if !expand && self.phase.is_some() {
            return Err("`phase` goes with `expand`".into());
        }
        let output = written(self.output);
        let returned = expand && output.is_none();
        let args = checkpoint::Args {
            workflow: self.workflow,
            phase: self.phase,
            expand: GateArgs {
                expand,
                output: if expand {
                    Some(output.unwrap_or_else(|| "-".into()))
                } else {
                    None
                },
                force: yes(self.force),
                llm: offline(),
            },
        };
        Ok((args, returned))
    }
}

impl SequenceIn {
    /// The arguments, and whether the program's YAML is returned (no file).
    pub fn args(self) -> (sequence::Args, bool) {
        let output = written(self.output);
        let returned = output.is_none();
        let args = sequence::Args {
            workflows: self.workflows,
            gates: self.gates.unwrap_or_default(),
            name: self.name,
            output: Some(output.unwrap_or_else(|| "-".into())),
            force: yes(self.force),
        };
        (args, returned)
    }
}

impl ConvergeIn {
    /// The arguments, and whether the program's YAML is returned (no file).
    pub fn args(self) -> Result<(converge::Args, bool), Refused> {
        if self.workflows.is_empty() {
            return Err("give the workflows that converge".into());
        }
        let output = written(self.output);
        let returned = output.is_none();
        let args = converge::Args {
            workflows: self.workflows,
            into: self.into,
            phase: self.phase,
            gate: self.gate,
            name: self.name,
            output: Some(output.unwrap_or_else(|| "-".into())),
            force: yes(self.force),
        };
        Ok((args, returned))
    }
}

impl ApplyIn {
    pub fn args(self) -> apply::Args {
        apply::Args {
            proposal: PathBuf::from(self.proposal),
            to: self.to.map(PathBuf::from),
        }
    }
}

impl HistoryIn {
    pub fn args(self) -> history::Args {
        history::Args {
            workflow: self.workflow,
        }
    }
}

impl ExportSkillIn {
    pub fn args(self) -> export::Args {
        export::Args {
            workflow: self.workflow,
            format: export::Format::ClaudeSkill,
            gantt: false,
            output: self.output.map(PathBuf::from),
            force: yes(self.force),
        }
    }
}

fn store(db: Option<PathBuf>) -> StoreArgs {
    StoreArgs {
        db: db.map(PathBuf::into_os_string),
    }
}

impl RunIn {
    pub fn args(self, db: Option<PathBuf>) -> run::Args {
        run::Args {
            workflow: self.workflow,
            dry_run: yes(self.dry_run),
            executor: self.executor,
            concurrency: 4,
            auto_approve: yes(self.auto_approve),
            allow_shell: false,
            base_url: None,
            model: None,
            durability: "normal".into(),
            backoff_ms: 500,
            budget: BudgetArgs::default(),
            store: store(db),
        }
    }
}

impl RunRef {
    pub fn args(self, db: Option<PathBuf>) -> status::Args {
        status::Args {
            run: self.run.unwrap_or_else(|| "last".into()),
            store: store(db),
        }
    }
}

impl GateIn {
    /// The arguments of `approve` (with `approving`) or `reject`, which
    /// share them; only an approval takes an override.
    pub fn args(self, approving: bool, db: Option<PathBuf>) -> Result<approve::Args, Refused> {
        let override_reason = self.override_reason.filter(|_| approving);
        if override_reason.is_some() && self.comment.is_some() {
            return Err(
                "an override is its own comment: give `override_reason` or `comment`".into(),
            );
        }
        Ok(approve::Args {
            run: self.run,
            gate: self.gate,
            comment: self.comment,
            by: self.by,
            override_reason,
            no_continue: yes(self.no_continue),
            store: store(db),
        })
    }
}

impl StepDoneIn {
    pub fn args(self, db: Option<PathBuf>) -> step::Args {
        step::Args {
            command: step::StepCommand::Done(step::DoneArgs {
                run: self.run,
                step: self.step,
                file: None,
                text: self.text,
                metrics: self.metrics.unwrap_or_default(),
                by: self.by,
                started: self.started,
                finished: self.finished,
                effort: self.effort,
                confirm: yes(self.confirm),
                no_continue: yes(self.no_continue),
                store: store(db),
            }),
        }
    }
}

impl MetricIn {
    pub fn args(self, db: Option<PathBuf>) -> Result<metric::Args, Refused> {
        if self.metrics.is_empty() {
            return Err("`metrics` needs at least one `name=value`".into());
        }
        Ok(metric::Args {
            run: self.run,
            metrics: self.metrics,
            by: self.by,
            store: store(db),
        })
    }
}

impl RetrospectiveIn {
    pub fn args(self, db: Option<PathBuf>) -> Result<retrospective::Args, Refused> {
        let propose = yes(self.propose);
        if self.output.is_some() && !propose {
            return Err("`output` goes with `propose`".into());
        }
        if yes(self.force) && self.output.is_none() {
            return Err("`force` goes with `output`".into());
        }
        Ok(retrospective::Args {
            run: self.run.unwrap_or_else(|| "last".into()),
            answers: self.answers.map(PathBuf::from),
            format: retrospective::Format::Text,
            propose,
            output: self.output.map(PathBuf::from),
            force: yes(self.force),
            store: store(db),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_that_look_like_options_stay_names() {
        let show = WorkflowRef {
            workflow: "--db=/x".into(),
        }
        .show();
        assert_eq!(show.workflow, "--db=/x");
        let check = CheckIn {
            files: Some(vec!["--deny".into()]),
            yaml: None,
            deny_warnings: None,
        }
        .args();
        assert_eq!(check.files, ["--deny"]);
        assert_eq!(check.deny, None);
        let suggest = SuggestIn {
            situation: "--limit 0".into(),
            limit: None,
        }
        .args();
        assert_eq!(
            (suggest.situation, suggest.limit),
            (vec!["--limit 0".into()], 5)
        );
    }

    #[test]
    fn a_file_the_tool_returns_is_printed_never_written() {
        let (args, returned) = SequenceIn {
            workflows: vec!["a".into(), "b".into()],
            gates: None,
            name: None,
            output: Some("-".into()),
            force: None,
        }
        .args();
        assert!(returned);
        assert_eq!(args.output.as_deref(), Some("-"));
        let (args, returned) = CheckpointIn {
            workflow: "w".into(),
            expand: Some(true),
            phase: None,
            output: Some("gated.yaml".into()),
            force: Some(true),
        }
        .args()
        .unwrap();
        assert!(!returned);
        assert_eq!(args.expand.output.as_deref(), Some("gated.yaml"));
        assert!(args.expand.force);
        let (args, returned) = CheckpointIn {
            workflow: "w".into(),
            expand: None,
            phase: None,
            output: None,
            force: None,
        }
        .args()
        .unwrap();
        assert!(!returned);
        assert_eq!(args.expand.output, None);
    }

    #[test]
    fn what_the_command_line_refuses_is_refused() {
        let too_many = WorkflowIn {
            scenario: "x".into(),
            output: None,
            force: None,
            llm: None,
            max_repairs: Some(21),
        };
        assert!(too_many.args().is_err());
        let none = TimelineIn {
            workflow: "w".into(),
            iterations: Some(0),
            seed: None,
            deadline: None,
        };
        assert!(none.args().is_err());
        let phase = CheckpointIn {
            workflow: "w".into(),
            expand: None,
            phase: Some("1".into()),
            output: None,
            force: None,
        };
        assert!(phase.args().is_err());
        let steps = PhaseIn {
            workflow: "w".into(),
            phase: "1".into(),
            expand: None,
            steps: Some(3),
            output: None,
        };
        assert!(steps.args().is_err());
        let gate = || GateIn {
            run: "last".into(),
            gate: None,
            comment: Some("fine".into()),
            by: None,
            no_continue: None,
            override_reason: Some("shipping".into()),
        };
        assert!(gate().args(true, None).is_err());
        // A rejection takes no override, so there is nothing to conflict.
        assert_eq!(gate().args(false, None).unwrap().override_reason, None);
        let output = RetrospectiveIn {
            run: None,
            answers: None,
            propose: None,
            output: Some("next.yaml".into()),
            force: None,
        };
        assert!(output.args(None).is_err());
    }

    #[test]
    fn the_run_tools_use_the_servers_store() {
        let db = Some(PathBuf::from("runs.db"));
        let run = RunIn {
            workflow: "w".into(),
            executor: Some("noop".into()),
            auto_approve: Some(true),
            dry_run: None,
        }
        .args(db.clone());
        let os = db.clone().map(PathBuf::into_os_string);
        assert_eq!(run.store.db, os);
        assert!(run.auto_approve && !run.dry_run);
        let status = RunRef { run: None }.args(db.clone());
        assert_eq!((status.run.as_str(), status.store.db), ("last", os));
    }
}
