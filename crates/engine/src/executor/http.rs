//! What the two HTTP APIs share: one POST of JSON, the mapping of HTTP
//! failures to retryable or not, and token prices.

use std::time::Duration;

use super::ExecError;
use crate::event::Usage;

/// A client for one API. Timeouts are the runner's (per step), not the client's.
fn client() -> Result<reqwest::Client, String> {
    reqwest::Client::builder()
        .connect_timeout(Duration::from_secs(30))
        .build()
        .map_err(|e| format!("cannot set up the HTTP client: {e}"))
}

/// An API endpoint as configured: client, URL, key, model and prices.
pub(super) struct Endpoint {
    pub(super) client: reqwest::Client,
    pub(super) url: String,
    pub(super) key: Option<String>,
    pub(super) model: String,
    pub(super) settings: super::ApiSettings,
}

impl Endpoint {
    /// `path` below the configured base URL (or `default_base`).
    pub(super) fn new(
        settings: super::ApiSettings,
        key: Option<String>,
        default_base: &str,
        path: &str,
        default_model: &str,
    ) -> Result<Endpoint, String> {
        let base = settings.base_url.as_deref().unwrap_or(default_base);
        Ok(Endpoint {
            client: client()?,
            url: format!("{}{path}", base.trim_end_matches('/')),
            key,
            model: settings
                .model
                .clone()
                .unwrap_or_else(|| default_model.to_string()),
            settings,
        })
    }

    /// Usage from a response, priced for the model it names.
    pub(super) fn usage(&self, response: &serde_json::Value, input: u64, output: u64) -> Usage {
        let model = response["model"].as_str().unwrap_or(&self.model);
        priced(input, output, model, &self.settings)
    }
}

/// POST `body` and return the response's JSON. 429, 5xx, connection errors
/// and unreadable bodies are retryable; other 4xx are not.
pub(super) async fn post_json(
    request: reqwest::RequestBuilder,
    body: &serde_json::Value,
) -> Result<serde_json::Value, ExecError> {
    let response = request
        .header("content-type", "application/json")
        .body(serde_json::to_vec(body).unwrap_or_default())
        .send()
        .await
        .map_err(|e| ExecError::transient(format!("request failed: {}", error_chain(&e))))?;
    let status = response.status();
    let retry_after = response
        .headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<f64>().ok())
        .map(|s| Duration::from_secs_f64(s.clamp(0.0, 600.0)));
    let bytes = response.bytes().await.map_err(|e| {
        ExecError::transient(format!(
            "the response body was cut short: {}",
            error_chain(&e)
        ))
    })?;
    let text = String::from_utf8_lossy(&bytes).into_owned();
    if !status.is_success() {
        let retryable =
            status.as_u16() == 429 || status.as_u16() == 408 || status.is_server_error();
        return Err(ExecError {
            message: format!("HTTP {status}: {}", snippet(&text)),
            retryable,
            retry_after,
            log: Some(text),
            ..ExecError::default()
        });
    }
    serde_json::from_str(&text).map_err(|e| ExecError {
        message: format!("the response is not valid JSON ({e}): {}", snippet(&text)),
        retryable: true,
        log: Some(text),
        ..ExecError::default()
    })
}

fn error_chain(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    text
}

/// The start of a response body for a message, with its control
/// characters escaped: a message reaches a terminal.
fn snippet(text: &str) -> String {
    let t: String = text.chars().take(200).collect();
    let cut = t.len() < text.len();
    let t = skill_chains_core::text::terminal_safe(&t).into_owned();
    if cut { format!("{t}…") } else { t }
}

/// A missing field in a successful response: the server speaks another
/// format (not retryable) unless the body was cut (caught before).
pub(super) fn missing(what: &str, body: &serde_json::Value) -> ExecError {
    ExecError {
        message: format!("the response has no {what}"),
        retryable: true,
        log: Some(body.to_string()),
        ..ExecError::default()
    }
}

/// Built-in prices (USD per million input, output tokens) for common models;
/// unknown models cost 0 unless the configuration gives a price.
pub fn price_per_mtok(model: &str) -> (f64, f64) {
    let m = model.to_ascii_lowercase();
    let table: [(&str, (f64, f64)); 9] = [
        ("opus-4-5", (5.0, 25.0)),
        ("opus", (15.0, 75.0)),
        ("sonnet", (3.0, 15.0)),
        ("haiku-4", (1.0, 5.0)),
        ("haiku", (0.8, 4.0)),
        ("gpt-4o-mini", (0.15, 0.6)),
        ("gpt-4o", (2.5, 10.0)),
        ("gpt-4.1-mini", (0.4, 1.6)),
        ("gpt-4.1", (2.0, 8.0)),
    ];
    table
        .iter()
        .find(|(k, _)| m.contains(k))
        .map(|(_, p)| *p)
        .unwrap_or((0.0, 0.0))
}

/// Usage with its cost under the configured or built-in price.
fn priced(input: u64, output: u64, model: &str, settings: &super::ApiSettings) -> Usage {
    let (pi, po) = price_per_mtok(model);
    let pi = settings.input_usd_per_mtok.unwrap_or(pi);
    let po = settings.output_usd_per_mtok.unwrap_or(po);
    Usage {
        input_tokens: input,
        output_tokens: output,
        cost_usd: (input as f64 * pi + output as f64 * po) / 1e6,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prices() {
        assert_eq!(price_per_mtok("claude-sonnet-4-5"), (3.0, 15.0));
        assert_eq!(price_per_mtok("claude-opus-4-5-20251101"), (5.0, 25.0));
        assert_eq!(price_per_mtok("llama3.1"), (0.0, 0.0));
        let u = priced(
            1_000_000,
            1_000_000,
            "claude-sonnet-4-5",
            &Default::default(),
        );
        assert!((u.cost_usd - 18.0).abs() < 1e-9);
    }
}

#[cfg(test)]
mod snippet_tests {
    use super::snippet;

    #[test]
    fn an_error_body_cannot_drive_the_terminal() {
        let body = "\u{1b}]0;pwned\u{7}\u{1b}[31mred\0\u{ff}";
        let s = snippet(body);
        assert!(!s.chars().any(|c| c.is_control()), "{s:?}");
        assert!(s.contains("\\x1b]0;pwned\\x07"), "{s}");
    }
}
