//! Dry runs: the order steps would run in, their prompts, and an estimate of
//! tokens, cost and duration, without calling anything.
//!
//! How each executor is priced is its spec's [`DryRunCost`] in the registry.
//! Assumptions (stated in the output): an input artifact is about 1,500
//! tokens, an LLM answer about 1,500 tokens at 50 tokens/s plus 3 s of
//! latency, Claude Code adds about 15,000 tokens of its own context and 30 s;
//! a manual step takes its estimate (working time); shell steps are not timed.

use serde::Serialize;
use skill_chains_core::model::Workflow;

use crate::executor::{DryRunCost, ExecutorSettings, Model, builtin_spec, price_per_mtok};
use crate::layout::Layout;
use crate::prompt::{Named, PromptContext, PromptError, Prompts};

const INPUT_TOKENS: u64 = 1_500;
const ANSWER_TOKENS: u64 = 1_500;
/// Time an LLM takes to write its answer, per token (50 tokens/s).
const MS_PER_ANSWER_TOKEN: u64 = 20;
/// Latency of one LLM call.
const LLM_LATENCY_MS: u64 = 3_000;

#[derive(Debug, Clone, Serialize)]
pub struct StepEstimate {
    pub step: String,
    pub phase: String,
    pub persona: String,
    pub executor: String,
    /// Steps of a phase with the same wave can run side by side.
    pub wave: usize,
    pub system: String,
    pub prompt: String,
    pub input_tokens: u64,
    pub output_tokens: u64,
    pub cost_usd: f64,
    pub duration_ms: u64,
}

#[derive(Debug, Clone, Serialize)]
pub struct DryRun {
    pub steps: Vec<StepEstimate>,
    pub gates: Vec<String>,
    pub input_tokens: u64,
    pub output_tokens: u64,
    pub cost_usd: f64,
    /// The longest chain of each phase, added up (concurrency unlimited).
    pub duration_ms: u64,
    pub assumptions: Vec<&'static str>,
}

/// Estimate a run of `wf` with these executors (one per step, layout order).
pub fn dry_run(
    wf: &Workflow,
    layout: &Layout,
    executors: &[String],
    prompts: &Prompts,
    settings: &ExecutorSettings,
    model_override: Option<&str>,
    group: &dyn Fn(&str) -> Option<String>,
) -> Result<DryRun, PromptError> {
    let mut steps = Vec::with_capacity(layout.steps.len());
    let mut wave = vec![0usize; layout.steps.len()];
    let mut finish = vec![0u64; layout.steps.len()];
    let mut duration_ms = 0;
    for (p, phase) in wf.phases.iter().enumerate() {
        let range = layout.phases[p].steps.clone();
        for (k, step) in phase.steps.iter().enumerate() {
            let i = range.start + k;
            let info = &layout.steps[i];
            let executor = executors[i].as_str();
            let inputs: Vec<Named> = step
                .inputs
                .iter()
                .map(|x| Named {
                    name: x.value.clone(),
                    content: format!("(the `{}` artifact, when the run gets here)", x.value),
                })
                .collect();
            let g = info.slug.as_deref().and_then(group);
            let metrics = Default::default();
            let cx = PromptContext::for_step(
                wf,
                info,
                g.as_deref(),
                inputs,
                Default::default(),
                &metrics,
            );
            let (system, prompt) = prompts.render(&cx)?;
            let cost = builtin_spec(executor).map_or(DryRunCost::Untimed, |s| s.dry_run_cost);
            let (input_tokens, output_tokens, model, step_ms) = match cost {
                DryRunCost::Llm {
                    model,
                    extra_tokens,
                    extra_ms,
                } => {
                    let input = ((system.len() + prompt.len()) / 4) as u64
                        + INPUT_TOKENS * step.inputs.len() as u64
                        + extra_tokens;
                    let model = match model {
                        Model::Fixed(m) => m,
                        Model::Configured {
                            default,
                            configured,
                        } => model_override.or(configured(settings)).unwrap_or(default),
                    };
                    let ms = extra_ms + ANSWER_TOKENS * MS_PER_ANSWER_TOKEN + LLM_LATENCY_MS;
                    (input, ANSWER_TOKENS, model, ms)
                }
                DryRunCost::StepEstimate => {
                    let ms = step
                        .estimate()
                        .map(|e| (e.likely().minutes() * 60_000.0) as u64)
                        .unwrap_or(0);
                    (0, 0, "", ms)
                }
                DryRunCost::Untimed => (0, 0, "", 0),
            };
            let (pi, po) = price_per_mtok(model);
            let cost_usd = (input_tokens as f64 * pi + output_tokens as f64 * po) / 1e6;
            let start = layout.preds[i]
                .iter()
                .map(|&q| finish[q])
                .max()
                .unwrap_or(0);
            wave[i] = layout.preds[i]
                .iter()
                .map(|&q| wave[q] + 1)
                .max()
                .unwrap_or(0);
            finish[i] = start + step_ms;
            steps.push(StepEstimate {
                step: info.id.clone(),
                phase: phase.id.value.clone(),
                persona: info.persona.clone(),
                executor: executor.to_string(),
                wave: wave[i],
                system,
                prompt,
                input_tokens,
                output_tokens,
                cost_usd,
                duration_ms: step_ms,
            });
        }
        duration_ms += range.map(|i| finish[i]).max().unwrap_or(0);
    }
    let gates = layout
        .phases
        .iter()
        .filter(|p| p.gate)
        .map(|p| p.id.clone())
        .collect();
    Ok(DryRun {
        input_tokens: steps.iter().map(|s| s.input_tokens).sum(),
        output_tokens: steps.iter().map(|s| s.output_tokens).sum(),
        cost_usd: steps.iter().map(|s| s.cost_usd).sum(),
        steps,
        gates,
        duration_ms,
        assumptions: vec![
            "an input artifact is about 1,500 tokens; an LLM answer about 1,500 tokens at 50 tokens/s plus 3 s",
            "Claude Code adds about 15,000 tokens of its own context and 30 s per step",
            "manual steps take their estimate in working time; shell and noop steps are not timed",
            "time waiting at gates is not counted",
        ],
    })
}
