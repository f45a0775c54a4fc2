//! Any OpenAI-compatible chat-completions server (OpenAI, a local Ollama or
//! vLLM): persona as the system message; usage recorded.

use serde_json::json;

use super::http::{client, missing, post_json, priced};
use super::{ApiSettings, BoxFuture, ExecError, Executor, StepOutput, StepRequest};

pub(super) struct OpenAi {
    client: reqwest::Client,
    url: String,
    key: Option<String>,
    model: String,
    settings: ApiSettings,
}

impl OpenAi {
    pub(super) fn new(settings: ApiSettings, key: Option<String>) -> Result<OpenAi, String> {
        let base = settings
            .base_url
            .clone()
            .unwrap_or_else(|| "https://api.openai.com/v1".to_string());
        Ok(OpenAi {
            client: client()?,
            url: format!("{}/chat/completions", base.trim_end_matches('/')),
            key,
            model: settings
                .model
                .clone()
                .unwrap_or_else(|| "gpt-4o-mini".to_string()),
            settings,
        })
    }
}

impl Executor for OpenAi {
    fn name(&self) -> &'static str {
        "openai"
    }

    fn execute<'a>(&'a self, req: &'a StepRequest) -> BoxFuture<'a, Result<StepOutput, ExecError>> {
        Box::pin(async move {
            let mut body = json!({
                "model": self.model,
                "messages": [
                    {"role": "system", "content": req.system},
                    {"role": "user", "content": req.prompt},
                ],
            });
            if let Some(max) = self.settings.max_tokens {
                body["max_tokens"] = json!(max);
            }
            let mut request = self.client.post(&self.url);
            if let Some(key) = &self.key {
                request = request.bearer_auth(key);
            }
            let response = post_json(request, &body).await?;
            let text = response["choices"][0]["message"]["content"]
                .as_str()
                .ok_or_else(|| missing("`choices[0].message.content`", &response))?
                .to_string();
            let usage = &response["usage"];
            let model = response["model"].as_str().unwrap_or(&self.model);
            Ok(StepOutput {
                text,
                usage: priced(
                    usage["prompt_tokens"].as_u64().unwrap_or(0),
                    usage["completion_tokens"].as_u64().unwrap_or(0),
                    model,
                    &self.settings,
                ),
                session_id: response["id"].as_str().map(String::from),
                ..StepOutput::default()
            })
        })
    }
}
