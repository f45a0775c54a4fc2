//! Any OpenAI-compatible chat-completions server (OpenAI, a local Ollama or
//! vLLM): persona as the system message; usage recorded.

use serde_json::json;

use super::http::{Endpoint, missing, post_json};
use super::{
    ApiSettings, BoxFuture, Builtin, ExecError, ExecutorKind, Outcome, StepOutput, StepRequest,
};

pub(super) struct OpenAi(Endpoint);

impl OpenAi {
    pub(super) fn new(settings: ApiSettings, key: Option<String>) -> Result<OpenAi, String> {
        Endpoint::new(
            settings,
            key,
            "https://api.openai.com/v1",
            "/chat/completions",
            "gpt-4o-mini",
        )
        .map(OpenAi)
    }
}

impl Builtin for OpenAi {
    const KIND: ExecutorKind = ExecutorKind::OpenAi;

    fn run<'a>(&'a self, req: &'a StepRequest) -> BoxFuture<'a, Result<Outcome, ExecError>> {
        Box::pin(async move {
            let mut body = json!({
                "model": self.0.model,
                "messages": [
                    {"role": "system", "content": req.system},
                    {"role": "user", "content": req.prompt},
                ],
            });
            if let Some(max) = self.0.settings.max_tokens {
                body["max_tokens"] = json!(max);
            }
            let mut request = self.0.client.post(&self.0.url);
            if let Some(key) = &self.0.key {
                request = request.bearer_auth(key);
            }
            let response = post_json(request, &body).await?;
            let text = response["choices"][0]["message"]["content"]
                .as_str()
                .ok_or_else(|| missing("`choices[0].message.content`", &response))?
                .to_string();
            let usage = &response["usage"];
            Ok(Outcome::Done(StepOutput {
                text,
                usage: self.0.usage(
                    &response,
                    usage["prompt_tokens"].as_u64().unwrap_or(0),
                    usage["completion_tokens"].as_u64().unwrap_or(0),
                ),
                session_id: response["id"].as_str().map(String::from),
                ..StepOutput::default()
            }))
        })
    }
}
