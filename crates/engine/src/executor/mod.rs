//! Executors: who or what carries out a step.
//!
//! `manual` (a person), `claude` (Claude Code headless), `anthropic` (the
//! Messages API), `openai` (any OpenAI-compatible server), `shell` (a
//! command) and `noop` (benchmarks and tests); their specs are in the
//! registry ([`ExecutorKind`]). Which one runs a step is decided by
//! [`ExecutorSettings::choose`]: the run's `--executor`, else the step's
//! `executor:`, else the configuration for its persona, else the configured
//! default, else `manual`. An executor's [`Outcome`] is a result, or a
//! hand-off to a person or another system that the run then waits for.

mod anthropic;
mod claude;
mod http;
mod kind;
mod manual;
pub use manual::person;
mod noop;
mod openai;
mod shell;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use skill_chains_core::catalog::normalise;

use crate::event::Usage;

pub use http::price_per_mtok;
pub use kind::{
    DEFAULT_TIMEOUT, DryRunCost, ExecutorKind, ExecutorSpec, Model, Need, spec as builtin_spec,
};

pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// The executors this engine knows (the names `check` accepts on a step).
pub const NAMES: [&str; 6] = skill_chains_core::model::BUILTIN_EXECUTORS;

/// What an executor is asked to do.
#[derive(Debug, Clone, Default)]
pub struct StepRequest {
    pub run_id: String,
    pub step_id: String,
    pub persona: String,
    pub persona_slug: Option<String>,
    pub action: String,
    /// The persona as a system prompt.
    pub system: String,
    /// The rendered prompt.
    pub prompt: String,
    /// The step's input artifacts: (name, content).
    pub inputs: Vec<(String, String)>,
    pub command: Option<String>,
    /// A Claude Code skill for the persona, when one is installed.
    pub skill: Option<String>,
    pub attempt: u32,
}

/// What a step produced.
#[derive(Debug, Clone, Default)]
pub struct StepOutput {
    pub text: String,
    pub usage: Usage,
    pub session_id: Option<String>,
    /// Diagnostics worth keeping (stderr, the raw response).
    pub log: Option<String>,
    /// Metrics entered by a person.
    pub metrics: BTreeMap<String, serde_json::Value>,
    pub by: Option<String>,
}

/// Who or what a step was handed to, and how to follow it up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deferral {
    /// Who or what does the step now: "a person", a ticket system.
    pub to: String,
    /// How to follow up: the command that completes the step, a ticket id.
    pub reference: String,
}

/// What became of a step an executor was given.
#[derive(Debug, Clone)]
pub enum Outcome {
    /// Carried out: its output.
    Done(StepOutput),
    /// Handed off: the step waits until `step done` records its result.
    Deferred(Deferral),
}

impl Outcome {
    /// The output, for callers that cannot wait for a hand-off (nobody
    /// would complete it): a deferral is an error that does not retry.
    pub fn into_done(self) -> Result<StepOutput, ExecError> {
        match self {
            Outcome::Done(out) => Ok(out),
            Outcome::Deferred(d) => Err(ExecError::fatal(format!(
                "the step was handed to {} ({}), and nothing here waits for it",
                d.to, d.reference
            ))),
        }
    }
}

/// Why an attempt failed, and whether trying again can help.
#[derive(Debug, Clone, Default, thiserror::Error)]
#[error("{message}")]
pub struct ExecError {
    pub message: String,
    pub retryable: bool,
    /// What the server asked for (`retry-after`).
    pub retry_after: Option<Duration>,
    pub usage: Usage,
    pub log: Option<String>,
}

impl ExecError {
    pub fn fatal(message: impl Into<String>) -> ExecError {
        ExecError {
            message: message.into(),
            ..ExecError::default()
        }
    }
    pub fn transient(message: impl Into<String>) -> ExecError {
        ExecError {
            message: message.into(),
            retryable: true,
            ..ExecError::default()
        }
    }
}

pub trait Executor: Send + Sync {
    fn name(&self) -> &'static str;
    /// Whether the executor reads the rendered prompt (rendering is skipped otherwise).
    fn wants_prompt(&self) -> bool {
        true
    }
    /// How long an attempt may take when the step sets no `timeout:`; `None`: no limit.
    fn default_timeout(&self) -> Option<Duration> {
        Some(DEFAULT_TIMEOUT)
    }
    /// The hand-off of step `step` of run `run`, when this executor knows
    /// before anything runs that the step goes to someone else (a person
    /// who is not at this terminal). The runner then records the step as
    /// waiting without starting it.
    fn hand_off(&self, _run: &str, _step: &str) -> Option<Deferral> {
        None
    }
    fn execute<'a>(&'a self, req: &'a StepRequest) -> BoxFuture<'a, Result<Outcome, ExecError>>;
}

/// A built-in executor: its kind gives its name, prompt and timeout (the
/// registry's spec), so each one only carries out steps.
trait Builtin: Send + Sync {
    const KIND: ExecutorKind;
    fn hand_off(&self, _run: &str, _step: &str) -> Option<Deferral> {
        None
    }
    fn run<'a>(&'a self, req: &'a StepRequest) -> BoxFuture<'a, Result<Outcome, ExecError>>;
}

impl<T: Builtin> Executor for T {
    fn name(&self) -> &'static str {
        T::KIND.name()
    }
    fn wants_prompt(&self) -> bool {
        T::KIND.spec().needs_prompt
    }
    fn default_timeout(&self) -> Option<Duration> {
        T::KIND.spec().default_timeout
    }
    fn hand_off(&self, run: &str, step: &str) -> Option<Deferral> {
        Builtin::hand_off(self, run, step)
    }
    fn execute<'a>(&'a self, req: &'a StepRequest) -> BoxFuture<'a, Result<Outcome, ExecError>> {
        self.run(req)
    }
}

/// An LLM API's settings (`executors.anthropic` / `executors.openai`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApiSettings {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_tokens: Option<u32>,
    /// Price per million input tokens, overriding the built-in table.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub input_usd_per_mtok: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub output_usd_per_mtok: Option<f64>,
}

/// Claude Code's settings (`executors.claude`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClaudeSettings {
    /// The program to run (default `claude`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub command: Option<String>,
    /// Extra arguments, e.g. `["--model", "sonnet"]`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub args: Vec<String>,
}

/// The `executors:` section of `skill-chains.yaml`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExecutorSettings {
    /// The executor of steps that name none and whose persona has none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<String>,
    /// Persona (name, slug or alias) -> executor.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub personas: BTreeMap<String, String>,
    /// Let steps run shell commands without `--allow-shell` (only from a
    /// configuration file the user trusts: see `project::trust`).
    #[serde(default)]
    pub allow_shell: bool,
    /// The configuration file that asks for `allow_shell` but is not
    /// trusted as it is now: its consent is not given, and a refusal names
    /// the command that trusts it.
    #[serde(skip)]
    pub untrusted_shell: Option<std::path::PathBuf>,
    #[serde(default)]
    pub anthropic: ApiSettings,
    #[serde(default)]
    pub openai: ApiSettings,
    #[serde(default)]
    pub claude: ClaudeSettings,
}

/// Secrets and endpoints from the environment, read once by the binary.
#[derive(Debug, Clone, Default)]
pub struct ExecutorEnv {
    pub anthropic_api_key: Option<String>,
    pub anthropic_base_url: Option<String>,
    pub openai_api_key: Option<String>,
    pub openai_base_url: Option<String>,
}

impl ExecutorEnv {
    pub fn from_process() -> ExecutorEnv {
        let var = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
        ExecutorEnv {
            anthropic_api_key: var("ANTHROPIC_API_KEY"),
            anthropic_base_url: var("ANTHROPIC_BASE_URL"),
            openai_api_key: var("OPENAI_API_KEY"),
            openai_base_url: var("OPENAI_BASE_URL"),
        }
    }
}

impl ExecutorSettings {
    /// The executor for a step: the run's override, the step's own, its
    /// persona's, the default, or `manual`.
    pub fn choose(
        &self,
        run_override: Option<&str>,
        step_executor: Option<&str>,
        persona: &str,
        slug: Option<&str>,
    ) -> String {
        if let Some(e) = run_override.or(step_executor) {
            return e.to_string();
        }
        let keys = [normalise(persona), slug.map(normalise).unwrap_or_default()];
        self.personas
            .iter()
            .find(|(k, _)| keys.contains(&normalise(k)))
            .map(|(_, e)| e.clone())
            .or_else(|| self.default.clone())
            .unwrap_or_else(|| ExecutorKind::Manual.name().to_string())
    }
}

/// The executors one run uses, built once.
pub struct Executors {
    map: HashMap<&'static str, Arc<dyn Executor>>,
}

/// Options of the run that shape the executors.
#[derive(Debug, Clone, Default)]
pub struct ExecutorOptions {
    /// A person answers manual steps at this terminal.
    pub interactive: bool,
    pub allow_shell: bool,
    /// `base_url` / `model` given on the command line.
    pub overrides: BTreeMap<String, String>,
    /// Delay of the noop executor (benchmarks of a slow executor).
    pub noop_delay: Option<Duration>,
}

impl Executors {
    /// Build the executors named in `names`, or say why one cannot run.
    pub fn build(
        names: &BTreeSet<String>,
        settings: &ExecutorSettings,
        env: &ExecutorEnv,
        options: &ExecutorOptions,
    ) -> Result<Executors, String> {
        let mut map: HashMap<&'static str, Arc<dyn Executor>> = HashMap::new();
        let base = options.overrides.get("base_url").cloned();
        let model = options.overrides.get("model").cloned();
        for name in names {
            let Some(kind) = ExecutorKind::named(name) else {
                return Err(format!(
                    "unknown executor `{name}`\nhelp: executors are {}",
                    NAMES.join(", ")
                ));
            };
            consented(kind.spec(), settings, options)?;
            let exec: Arc<dyn Executor> = match kind {
                ExecutorKind::Manual => Arc::new(manual::Manual {
                    interactive: options.interactive,
                    lock: Default::default(),
                }),
                ExecutorKind::Noop => Arc::new(noop::Noop {
                    delay: options.noop_delay,
                }),
                ExecutorKind::Shell => Arc::new(shell::Shell),
                ExecutorKind::Claude => Arc::new(claude::Claude::new(&settings.claude)),
                ExecutorKind::Anthropic => {
                    let mut s = settings.anthropic.clone();
                    s.base_url = base
                        .clone()
                        .or(s.base_url)
                        .or(env.anthropic_base_url.clone());
                    s.model = model.clone().or(s.model);
                    Arc::new(anthropic::Anthropic::new(s, env.anthropic_api_key.clone())?)
                }
                ExecutorKind::OpenAi => {
                    let mut s = settings.openai.clone();
                    s.base_url = base.clone().or(s.base_url).or(env.openai_base_url.clone());
                    s.model = model.clone().or(s.model);
                    Arc::new(openai::OpenAi::new(s, env.openai_api_key.clone())?)
                }
            };
            map.insert(exec.name(), exec);
        }
        Ok(Executors { map })
    }

    /// These executors with `exec` in place of the one of its name (tests:
    /// an executor that takes simulated time).
    pub fn with(mut self, exec: Arc<dyn Executor>) -> Executors {
        self.map.insert(exec.name(), exec);
        self
    }

    pub fn get(&self, name: &str) -> Option<Arc<dyn Executor>> {
        self.map.get(name).cloned()
    }
}

/// Refuse an executor whose spec asks for consent nobody gave.
fn consented(
    spec: &ExecutorSpec,
    settings: &ExecutorSettings,
    options: &ExecutorOptions,
) -> Result<(), String> {
    // `allow_shell` is the one consent there is.
    let given = options.allow_shell || settings.allow_shell;
    for need in spec.needs {
        if let Need::Consent {
            flag,
            setting,
            risk,
        } = need
            && !given
        {
            return Err(match &settings.untrusted_shell {
                Some(file) => format!(
                    "a step uses the {} executor, which {risk}; {} sets `{setting}: true`, but that file is not trusted as it is now\nhelp: read it, then run `skill-chains trust {}` to trust it (an edit needs trusting again), or pass {flag}",
                    spec.name,
                    file.display(),
                    file.display()
                ),
                None => format!(
                    "a step uses the {} executor, which {risk}\nhelp: pass {flag}, or set `executors: {{{setting}: true}}` in skill-chains.yaml and run `skill-chains trust skill-chains.yaml`",
                    spec.name
                ),
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn executor_choice_order() {
        let settings = ExecutorSettings {
            default: Some("claude".into()),
            personas: BTreeMap::from([("SRE".to_string(), "shell".to_string())]),
            ..ExecutorSettings::default()
        };
        assert_eq!(
            settings.choose(Some("noop"), Some("openai"), "SRE", None),
            "noop"
        );
        assert_eq!(settings.choose(None, Some("openai"), "SRE", None), "openai");
        assert_eq!(settings.choose(None, None, "sre", Some("sre")), "shell");
        assert_eq!(settings.choose(None, None, "Architect", None), "claude");
        assert_eq!(
            ExecutorSettings::default().choose(None, None, "Architect", None),
            "manual"
        );
    }

    #[test]
    fn shell_needs_consent() {
        let names = BTreeSet::from(["shell".to_string()]);
        let env = ExecutorEnv::default();
        let no = Executors::build(
            &names,
            &ExecutorSettings::default(),
            &env,
            &ExecutorOptions::default(),
        );
        assert!(no.err().unwrap().contains("--allow-shell"));
        let yes = ExecutorOptions {
            allow_shell: true,
            ..ExecutorOptions::default()
        };
        assert!(Executors::build(&names, &ExecutorSettings::default(), &env, &yes).is_ok());
    }
}
