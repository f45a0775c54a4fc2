//! The Anthropic Messages API: persona as the system prompt, the rendered
//! prompt (with the step's inputs) as the user turn; usage recorded.

use serde_json::json;

use super::http::{Endpoint, missing, post_json};
use super::{
    ApiSettings, BoxFuture, Builtin, ExecError, ExecutorKind, Outcome, StepOutput, StepRequest,
};

pub(super) struct Anthropic(Endpoint);

impl Anthropic {
    pub(super) fn new(settings: ApiSettings, key: Option<String>) -> Result<Anthropic, String> {
        Endpoint::new(
            settings,
            key,
            "https://api.anthropic.com",
            "/v1/messages",
            "claude-sonnet-4-5",
        )
        .map(Anthropic)
    }
}

impl Builtin for Anthropic {
    const KIND: ExecutorKind = ExecutorKind::Anthropic;

    fn run<'a>(&'a self, req: &'a StepRequest) -> BoxFuture<'a, Result<Outcome, ExecError>> {
        Box::pin(async move {
            let key = self.0.key.as_deref().ok_or_else(|| {
                ExecError::fatal("ANTHROPIC_API_KEY is not set; the anthropic executor needs it")
            })?;
            let body = json!({
                "model": self.0.model,
                "max_tokens": self.0.settings.max_tokens.unwrap_or(4096),
                "system": req.system,
                "messages": [{"role": "user", "content": req.prompt}],
            });
            let request = self
                .0
                .client
                .post(&self.0.url)
                .header("x-api-key", key)
                .header("anthropic-version", "2023-06-01");
            let response = post_json(request, &body).await?;
            let text: String = response["content"]
                .as_array()
                .ok_or_else(|| missing("`content`", &response))?
                .iter()
                .filter(|b| b["type"] == "text")
                .filter_map(|b| b["text"].as_str())
                .collect::<Vec<_>>()
                .join("");
            let usage = &response["usage"];
            Ok(Outcome::Done(StepOutput {
                text,
                usage: self.0.usage(
                    &response,
                    usage["input_tokens"].as_u64().unwrap_or(0),
                    usage["output_tokens"].as_u64().unwrap_or(0),
                ),
                session_id: response["id"].as_str().map(String::from),
                ..StepOutput::default()
            }))
        })
    }
}
