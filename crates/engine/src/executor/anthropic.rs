//! The Anthropic Messages API: persona as the system prompt, the rendered
//! prompt (with the step's inputs) as the user turn; usage recorded.

use serde_json::json;

use super::http::{client, missing, post_json, priced};
use super::{ApiSettings, BoxFuture, ExecError, Executor, StepOutput, StepRequest};

pub(super) struct Anthropic {
    client: reqwest::Client,
    url: String,
    key: Option<String>,
    model: String,
    settings: ApiSettings,
}

impl Anthropic {
    pub(super) fn new(settings: ApiSettings, key: Option<String>) -> Result<Anthropic, String> {
        let base = settings
            .base_url
            .clone()
            .unwrap_or_else(|| "https://api.anthropic.com".to_string());
        Ok(Anthropic {
            client: client()?,
            url: format!("{}/v1/messages", base.trim_end_matches('/')),
            key,
            model: settings
                .model
                .clone()
                .unwrap_or_else(|| "claude-sonnet-4-5".to_string()),
            settings,
        })
    }
}

impl Executor for Anthropic {
    fn name(&self) -> &'static str {
        "anthropic"
    }

    fn execute<'a>(&'a self, req: &'a StepRequest) -> BoxFuture<'a, Result<StepOutput, ExecError>> {
        Box::pin(async move {
            let key = self.key.as_deref().ok_or_else(|| {
                ExecError::fatal("ANTHROPIC_API_KEY is not set; the anthropic executor needs it")
            })?;
            let body = json!({
                "model": self.model,
                "max_tokens": self.settings.max_tokens.unwrap_or(4096),
                "system": req.system,
                "messages": [{"role": "user", "content": req.prompt}],
            });
            let request = self
                .client
                .post(&self.url)
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
            let model = response["model"].as_str().unwrap_or(&self.model);
            Ok(StepOutput {
                text,
                usage: priced(
                    usage["input_tokens"].as_u64().unwrap_or(0),
                    usage["output_tokens"].as_u64().unwrap_or(0),
                    model,
                    &self.settings,
                ),
                session_id: response["id"].as_str().map(String::from),
                ..StepOutput::default()
            })
        })
    }
}
