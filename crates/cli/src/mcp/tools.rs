//! The MCP tools' inputs (each with its JSON Schema) and the command line
//! each becomes. A tool is its command, run in process: the same parsing,
//! the same library calls, the same `--json` output.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// What every tool returns: the command's exit status and its JSON output.
#[derive(Debug, Serialize, JsonSchema)]
pub struct ToolOutput {
    /// The command's exit status: 0 done, 1 the input has errors (or a run
    /// failed), 2 it could not run, 3 a run is paused (a gate or a person).
    pub status: u8,
    /// The command's `--json` output.
    pub result: serde_json::Value,
    /// A file the command wrote, as text (programs written by `sequence` and `converge`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

/// Arguments for the command line: flags added only when set.
#[derive(Default)]
pub struct Argv(pub Vec<String>);

impl Argv {
    pub fn new(command: &[&str]) -> Argv {
        Argv(command.iter().map(|s| s.to_string()).collect())
    }
    pub fn arg(mut self, a: impl Into<String>) -> Argv {
        self.0.push(a.into());
        self
    }
    pub fn args<I: IntoIterator<Item = S>, S: Into<String>>(mut self, items: I) -> Argv {
        self.0.extend(items.into_iter().map(Into::into));
        self
    }
    pub fn opt(mut self, flag: &str, value: Option<impl ToString>) -> Argv {
        if let Some(v) = value {
            self.0.push(flag.to_string());
            self.0.push(v.to_string());
        }
        self
    }
    pub fn many(mut self, flag: &str, values: &[String]) -> Argv {
        for v in values {
            self.0.push(flag.to_string());
            self.0.push(v.clone());
        }
        self
    }
    pub fn flag(mut self, flag: &str, on: Option<bool>) -> Argv {
        if on == Some(true) {
            self.0.push(flag.to_string());
        }
        self
    }
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
    /// Only record the result; do not continue the run.
    pub no_continue: Option<bool>,
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
