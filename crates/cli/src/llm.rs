//! The language model behind `workflow --llm` and `phase --expand --llm`:
//! the run engine's executors (Claude Code, the Anthropic Messages API, any
//! OpenAI-compatible server), so designing and running share one client,
//! its settings (`executors:` in skill-chains.yaml, ANTHROPIC_BASE_URL, ...)
//! and its prices.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use std::time::Duration;

use serde::Serialize;
use skill_chains_core::design::llm::Model;
use skill_chains_engine::event::Usage;
use skill_chains_engine::executor::{
    Executor, ExecutorEnv, ExecutorOptions, Executors, Outcome, StepRequest,
};
use skill_chains_engine::runner;

use crate::context::Context;
use crate::output::Failed;

/// Which model client to use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LlmKind {
    /// Claude Code headless (`claude -p`).
    Claude,
    /// The Anthropic Messages API (ANTHROPIC_API_KEY).
    Anthropic,
    /// An OpenAI-compatible chat-completions server (OPENAI_API_KEY, OPENAI_BASE_URL).
    Openai,
}

impl LlmKind {
    /// The engine executor behind this client.
    pub fn executor(self) -> &'static str {
        match self {
            LlmKind::Claude => "claude",
            LlmKind::Anthropic => "anthropic",
            LlmKind::Openai => "openai",
        }
    }
}

/// The model options shared by the commands that design with a model.
#[derive(Debug, Clone, clap::Args)]
pub struct LlmArgs {
    /// Design with a language model instead of offline from the library.
    #[arg(long, value_enum, value_name = "CLIENT")]
    pub llm: Option<LlmKind>,
    /// Repair rounds after the first answer, each with the check's diagnostics.
    #[arg(long, default_value_t = 3, value_name = "N", value_parser = clap::value_parser!(u32).range(0..=20))]
    pub max_repairs: u32,
    /// The model name (default: the executor's).
    #[arg(long, value_name = "NAME")]
    pub model: Option<String>,
    /// The API's base URL (e.g. a local Ollama or vLLM, or a test server).
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
}

/// One of the engine's executors, used as a plain question-and-answer model.
pub struct EngineModel {
    executor: Arc<dyn Executor>,
    calls: u32,
    pub usage: Usage,
    progress: indicatif::ProgressBar,
}

/// Attempts per question when the server fails in a way that can pass.
const ATTEMPTS: u32 = 3;

impl EngineModel {
    pub fn new(kind: LlmKind, args: &LlmArgs, ctx: &Context) -> anyhow::Result<EngineModel> {
        let name = kind.executor();
        let mut overrides = BTreeMap::new();
        if let Some(u) = &args.base_url {
            overrides.insert("base_url".to_string(), u.clone());
        }
        if let Some(m) = &args.model {
            overrides.insert("model".to_string(), m.clone());
        }
        let options = ExecutorOptions {
            interactive: false,
            allow_shell: false,
            overrides,
            noop_delay: None,
        };
        let executors = Executors::build(
            &BTreeSet::from([name.to_string()]),
            &ctx.config.executors,
            &ExecutorEnv::from_process(),
            &options,
        )
        .map_err(|message| Failed { status: 2, message })?;
        let executor = executors
            .get(name)
            .ok_or_else(|| anyhow::anyhow!("the {name} client could not be set up"))?;
        let progress = crate::progress::counter(ctx, &format!("asking {name}"), "answer(s)");
        Ok(EngineModel {
            executor,
            calls: 0,
            usage: Usage::default(),
            progress,
        })
    }

    pub fn finish(&self) {
        self.progress.finish_and_clear();
    }
}

impl Model for EngineModel {
    fn complete(&mut self, system: &str, prompt: &str) -> Result<String, String> {
        self.calls += 1;
        self.progress.tick();
        let request = StepRequest {
            run_id: "design".into(),
            step_id: format!("design-{}", self.calls),
            persona: "Skill Chains".into(),
            persona_slug: Some("skill-chains".into()),
            action: "design a workflow".into(),
            system: system.to_string(),
            prompt: prompt.to_string(),
            ..StepRequest::default()
        };
        let mut last = String::new();
        for attempt in 1..=ATTEMPTS {
            let request = StepRequest {
                attempt,
                ..request.clone()
            };
            let result = runner::block_on(self.executor.execute(&request))
                .map_err(|e| format!("cannot start the async runtime: {e}"))?
                .and_then(Outcome::into_done);
            match result {
                Ok(out) => {
                    self.usage.input_tokens += out.usage.input_tokens;
                    self.usage.output_tokens += out.usage.output_tokens;
                    self.usage.cost_usd += out.usage.cost_usd;
                    self.progress.inc(1);
                    return Ok(out.text);
                }
                Err(e) if e.retryable && attempt < ATTEMPTS => {
                    last = e.message;
                    let wait = e
                        .retry_after
                        .unwrap_or(Duration::from_millis(250 * 2u64.pow(attempt)))
                        .min(Duration::from_secs(10));
                    std::thread::sleep(wait);
                }
                Err(e) => return Err(e.message),
            }
        }
        Err(last)
    }
}
