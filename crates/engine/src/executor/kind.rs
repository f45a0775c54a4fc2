//! The executor registry: one kind per built-in executor and its spec in one
//! place (what it needs, how long an attempt may take, how a dry run prices
//! it, whether it can hand a step off), looked up by name. The rest of the
//! engine asks here instead of matching executor names.
//!
//! Nothing here builds or runs an executor ([`super::Executors::build`] does).

use std::time::Duration;

use super::ExecutorSettings;

/// How long an attempt may take when the step sets no `timeout:`.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(3600);

/// A built-in executor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ExecutorKind {
    Manual,
    Claude,
    Anthropic,
    OpenAi,
    Shell,
    Noop,
}

/// Something an executor needs before it can carry out a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    /// An environment variable; `required` when nothing works without it.
    Env { var: &'static str, required: bool },
    /// A program on `PATH` (unless the configuration names another).
    Program { default: &'static str },
    /// Consent to what it does on this machine: a flag of `run`, or a
    /// setting under `executors:` in `skill-chains.yaml`.
    Consent {
        flag: &'static str,
        setting: &'static str,
        risk: &'static str,
    },
}

/// Which model a dry run prices an LLM step at.
#[derive(Debug, Clone, Copy)]
pub enum Model {
    /// Always this one (Claude Code chooses its own; priced as this).
    Fixed(&'static str),
    /// The run's `--model`, else the configured model, else `default`.
    Configured {
        default: &'static str,
        configured: fn(&ExecutorSettings) -> Option<&str>,
    },
}

/// How a dry run estimates a step's tokens, cost and time.
#[derive(Debug, Clone, Copy)]
pub enum DryRunCost {
    /// Nothing spent and no time counted (a command, a no-op).
    Untimed,
    /// The step's likely estimate, in working time (a person).
    StepEstimate,
    /// One LLM call: the prompt and inputs in, an answer out, priced at the
    /// model's rate; `extra_tokens` and `extra_ms` of its own per step.
    Llm {
        model: Model,
        extra_tokens: u64,
        extra_ms: u64,
    },
}

/// Everything the engine knows about a built-in executor before building it.
#[derive(Debug)]
pub struct ExecutorSpec {
    pub kind: ExecutorKind,
    /// The name steps, the configuration and `run --executor` use.
    pub name: &'static str,
    /// Whether it reads the rendered prompt and inputs (rendering is skipped otherwise).
    pub needs_prompt: bool,
    /// The limit of one attempt when the step sets none; `None`: no limit.
    pub default_timeout: Option<Duration>,
    pub dry_run_cost: DryRunCost,
    pub needs: &'static [Need],
    /// Whether it can hand a step off to a person or another system, so that
    /// the run waits for `step done`.
    pub hands_off: bool,
}

impl ExecutorSpec {
    /// Whether a step of this kind is one LLM call (prompts worth showing).
    pub fn calls_llm(&self) -> bool {
        matches!(self.dry_run_cost, DryRunCost::Llm { .. })
    }

    /// The model used when neither the run nor the configuration names one.
    pub fn default_model(&self) -> Option<&'static str> {
        match self.dry_run_cost {
            DryRunCost::Llm {
                model: Model::Fixed(m) | Model::Configured { default: m, .. },
                ..
            } => Some(m),
            _ => None,
        }
    }
}

fn anthropic_model(s: &ExecutorSettings) -> Option<&str> {
    s.anthropic.model.as_deref()
}

fn openai_model(s: &ExecutorSettings) -> Option<&str> {
    s.openai.model.as_deref()
}

/// The specs, in [`ExecutorKind`] order (which is the order of
/// `skill_chains_core::model::BUILTIN_EXECUTORS`).
static SPECS: [ExecutorSpec; 6] = [
    ExecutorSpec {
        kind: ExecutorKind::Manual,
        name: "manual",
        needs_prompt: true,
        default_timeout: None,
        dry_run_cost: DryRunCost::StepEstimate,
        needs: &[],
        hands_off: true,
    },
    ExecutorSpec {
        kind: ExecutorKind::Claude,
        name: "claude",
        needs_prompt: true,
        default_timeout: Some(DEFAULT_TIMEOUT),
        dry_run_cost: DryRunCost::Llm {
            model: Model::Fixed("sonnet"),
            extra_tokens: 15_000,
            extra_ms: 30_000,
        },
        needs: &[Need::Program { default: "claude" }],
        hands_off: false,
    },
    ExecutorSpec {
        kind: ExecutorKind::Anthropic,
        name: "anthropic",
        needs_prompt: true,
        default_timeout: Some(DEFAULT_TIMEOUT),
        dry_run_cost: DryRunCost::Llm {
            model: Model::Configured {
                default: "claude-sonnet-4-5",
                configured: anthropic_model,
            },
            extra_tokens: 0,
            extra_ms: 0,
        },
        needs: &[Need::Env {
            var: "ANTHROPIC_API_KEY",
            required: true,
        }],
        hands_off: false,
    },
    ExecutorSpec {
        kind: ExecutorKind::OpenAi,
        name: "openai",
        needs_prompt: true,
        default_timeout: Some(DEFAULT_TIMEOUT),
        dry_run_cost: DryRunCost::Llm {
            model: Model::Configured {
                default: "gpt-4o-mini",
                configured: openai_model,
            },
            extra_tokens: 0,
            extra_ms: 0,
        },
        // A local server (Ollama, vLLM) needs no key.
        needs: &[Need::Env {
            var: "OPENAI_API_KEY",
            required: false,
        }],
        hands_off: false,
    },
    ExecutorSpec {
        kind: ExecutorKind::Shell,
        name: "shell",
        needs_prompt: true,
        default_timeout: Some(DEFAULT_TIMEOUT),
        dry_run_cost: DryRunCost::Untimed,
        needs: &[Need::Consent {
            flag: "--allow-shell",
            setting: "allow_shell",
            risk: "runs commands on this machine",
        }],
        hands_off: false,
    },
    ExecutorSpec {
        kind: ExecutorKind::Noop,
        name: "noop",
        needs_prompt: false,
        default_timeout: None,
        dry_run_cost: DryRunCost::Untimed,
        needs: &[],
        hands_off: false,
    },
];

impl ExecutorKind {
    /// Every kind, in the order they are listed to users.
    pub const ALL: [ExecutorKind; 6] = [
        ExecutorKind::Manual,
        ExecutorKind::Claude,
        ExecutorKind::Anthropic,
        ExecutorKind::OpenAi,
        ExecutorKind::Shell,
        ExecutorKind::Noop,
    ];

    /// The kind of this name (exact, as steps and the configuration write it).
    pub fn named(name: &str) -> Option<ExecutorKind> {
        SPECS.iter().find(|s| s.name == name).map(|s| s.kind)
    }

    pub fn spec(self) -> &'static ExecutorSpec {
        &SPECS[self as usize]
    }

    pub fn name(self) -> &'static str {
        self.spec().name
    }
}

/// The spec of a built-in executor name, if it is one.
pub fn spec(name: &str) -> Option<&'static ExecutorSpec> {
    ExecutorKind::named(name).map(ExecutorKind::spec)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_spec_per_kind_and_the_names_core_checks_against() {
        for (i, kind) in ExecutorKind::ALL.into_iter().enumerate() {
            assert_eq!(kind as usize, i);
            assert_eq!(kind.spec().kind, kind);
            assert_eq!(ExecutorKind::named(kind.name()), Some(kind));
        }
        let names: Vec<&str> = ExecutorKind::ALL.iter().map(|k| k.name()).collect();
        assert_eq!(names, skill_chains_core::model::BUILTIN_EXECUTORS);
        assert_eq!(ExecutorKind::named("Manual"), None);
        assert!(spec("ticket").is_none());
    }

    #[test]
    fn specs_say_what_the_name_matches_used_to() {
        let llm: Vec<&str> = ExecutorKind::ALL
            .iter()
            .filter(|k| k.spec().calls_llm())
            .map(|k| k.name())
            .collect();
        assert_eq!(llm, ["claude", "anthropic", "openai"]);
        let untimed: Vec<&str> = ExecutorKind::ALL
            .iter()
            .filter(|k| k.spec().default_timeout.is_none())
            .map(|k| k.name())
            .collect();
        assert_eq!(untimed, ["manual", "noop"]);
        let hands_off: Vec<&str> = ExecutorKind::ALL
            .iter()
            .filter(|k| k.spec().hands_off)
            .map(|k| k.name())
            .collect();
        assert_eq!(hands_off, ["manual"]);
        assert!(!ExecutorKind::Noop.spec().needs_prompt);
        assert_eq!(
            ExecutorKind::Anthropic.spec().default_model(),
            Some("claude-sonnet-4-5")
        );
        assert_eq!(ExecutorKind::Shell.spec().default_model(), None);
        let settings = ExecutorSettings {
            openai: super::super::ApiSettings {
                model: Some("llama3.1".into()),
                ..Default::default()
            },
            ..ExecutorSettings::default()
        };
        let DryRunCost::Llm {
            model: Model::Configured { configured, .. },
            ..
        } = ExecutorKind::OpenAi.spec().dry_run_cost
        else {
            panic!("openai is priced by its configured model");
        };
        assert_eq!(configured(&settings), Some("llama3.1"));
    }
}
