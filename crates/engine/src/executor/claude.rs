//! Claude Code headless: `claude -p <prompt> --output-format json`, with the
//! persona's skill when one is installed. Reads the result, session id, cost
//! and token usage from the JSON it prints.

use tokio::process::Command;

use super::{
    BoxFuture, Builtin, ClaudeSettings, ExecError, ExecutorKind, Outcome, StepOutput, StepRequest,
};
use crate::event::Usage;

pub(super) struct Claude {
    program: String,
    args: Vec<String>,
}

impl Claude {
    pub(super) fn new(settings: &ClaudeSettings) -> Claude {
        Claude {
            program: settings.command.clone().unwrap_or_else(|| "claude".into()),
            args: settings.args.clone(),
        }
    }
}

impl Builtin for Claude {
    const KIND: ExecutorKind = ExecutorKind::Claude;

    fn run<'a>(&'a self, req: &'a StepRequest) -> BoxFuture<'a, Result<Outcome, ExecError>> {
        Box::pin(async move {
            let prompt = match &req.skill {
                Some(skill) => format!("Use the `{skill}` skill.\n\n{}", req.prompt),
                None => req.prompt.clone(),
            };
            let output = Command::new(&self.program)
                .arg("-p")
                .arg(&prompt)
                .args(["--output-format", "json", "--append-system-prompt"])
                .arg(&req.system)
                .args(&self.args)
                .stdin(std::process::Stdio::null())
                .kill_on_drop(true)
                .output()
                .await
                .map_err(|e| {
                    ExecError::fatal(format!(
                        "cannot run `{}` ({e})\nhelp: install Claude Code, or set executors.claude.command",
                        self.program
                    ))
                })?;
            let stdout = String::from_utf8_lossy(&output.stdout);
            let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
            let log = (!stderr.trim().is_empty()).then(|| stderr.clone());
            parse_result(&stdout, output.status.success(), log).map(Outcome::Done)
        })
    }
}

/// Read Claude Code's JSON result.
fn parse_result(
    stdout: &str,
    exited_ok: bool,
    log: Option<String>,
) -> Result<StepOutput, ExecError> {
    // The JSON result is the last line that parses (older versions print a stream).
    let json = stdout
        .lines()
        .rev()
        .find_map(|l| serde_json::from_str::<serde_json::Value>(l.trim()).ok())
        .or_else(|| serde_json::from_str(stdout.trim()).ok());
    let Some(v) = json.filter(|v| v.get("type").is_some() || v.get("result").is_some()) else {
        return Err(ExecError {
            message: format!(
                "claude printed no JSON result (exit {})",
                if exited_ok { "ok" } else { "failed" }
            ),
            retryable: false,
            log: Some(format!("{stdout}\n{}", log.unwrap_or_default())),
            ..ExecError::default()
        });
    };
    let usage = Usage {
        input_tokens: [
            "input_tokens",
            "cache_creation_input_tokens",
            "cache_read_input_tokens",
        ]
        .iter()
        .map(|k| v["usage"][k].as_u64().unwrap_or(0))
        .sum(),
        output_tokens: v["usage"]["output_tokens"].as_u64().unwrap_or(0),
        cost_usd: v["total_cost_usd"]
            .as_f64()
            .or_else(|| v["cost_usd"].as_f64())
            .unwrap_or(0.0),
    };
    let text = v["result"].as_str().unwrap_or_default().to_string();
    let session_id = v["session_id"].as_str().map(String::from);
    if v["is_error"].as_bool().unwrap_or(false)
        || v["subtype"].as_str().is_some_and(|s| s != "success")
    {
        let lower = text.to_ascii_lowercase();
        let retryable = ["overloaded", "rate limit", "529", "429", "500", "timeout"]
            .iter()
            .any(|k| lower.contains(k));
        return Err(ExecError {
            message: format!(
                "claude reported an error ({}): {text}",
                v["subtype"].as_str().unwrap_or("error")
            ),
            retryable,
            usage,
            log,
            ..ExecError::default()
        });
    }
    Ok(StepOutput {
        text,
        usage,
        session_id,
        log,
        ..StepOutput::default()
    })
}

#[cfg(test)]
mod tests {
    use super::parse_result;

    #[test]
    fn reads_the_result_json() {
        let out = parse_result(
            r#"{"type":"result","subtype":"success","is_error":false,"result":"Plan ready","session_id":"s-1","total_cost_usd":0.01,"usage":{"input_tokens":10,"output_tokens":20}}"#,
            true,
            None,
        )
        .unwrap();
        assert_eq!(out.text, "Plan ready");
        assert_eq!(out.session_id.as_deref(), Some("s-1"));
        assert_eq!(out.usage.tokens(), 30);
        assert!((out.usage.cost_usd - 0.01).abs() < 1e-12);
        let err = parse_result(
            r#"{"type":"result","subtype":"error_during_execution","is_error":true,"result":"API Error: 529 overloaded"}"#,
            false,
            None,
        )
        .unwrap_err();
        assert!(err.retryable);
        assert!(
            !parse_result("command not found", false, None)
                .unwrap_err()
                .retryable
        );
    }
}
