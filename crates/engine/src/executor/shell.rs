//! A shell command (`command:` of the step), run with `sh -c`. Its stdout is
//! the artifact and its exit status says whether it succeeded; exit 75
//! (EX_TEMPFAIL) asks for a retry. The prompt is on stdin; inputs are in
//! `SC_INPUT_<NAME>` variables.

use tokio::io::AsyncWriteExt;
use tokio::process::Command;

use super::{BoxFuture, Builtin, ExecError, ExecutorKind, Outcome, StepOutput, StepRequest};

pub(super) struct Shell;

impl Builtin for Shell {
    const KIND: ExecutorKind = ExecutorKind::Shell;

    fn run<'a>(&'a self, req: &'a StepRequest) -> BoxFuture<'a, Result<Outcome, ExecError>> {
        Box::pin(async move {
            let command = req.command.as_deref().ok_or_else(|| {
                ExecError::fatal(format!(
                    "step `{}` runs with the shell executor but has no `command:`",
                    req.step_id
                ))
            })?;
            let mut cmd = Command::new("sh");
            cmd.arg("-c")
                .arg(command)
                .env("SC_RUN_ID", &req.run_id)
                .env("SC_STEP_ID", &req.step_id)
                .env("SC_PERSONA", &req.persona)
                .env("SC_ATTEMPT", req.attempt.to_string())
                .stdin(std::process::Stdio::piped())
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .kill_on_drop(true);
            for (name, content) in &req.inputs {
                let var: String = name
                    .chars()
                    .map(|c| {
                        if c.is_ascii_alphanumeric() {
                            c.to_ascii_uppercase()
                        } else {
                            '_'
                        }
                    })
                    .collect();
                cmd.env(format!("SC_INPUT_{var}"), content);
            }
            let mut child = cmd
                .spawn()
                .map_err(|e| ExecError::fatal(format!("cannot start `sh` ({e})")))?;
            if let Some(mut stdin) = child.stdin.take() {
                // A command that does not read its stdin closes it early: not an error.
                let _ = stdin.write_all(req.prompt.as_bytes()).await;
            }
            let output = child
                .wait_with_output()
                .await
                .map_err(|e| ExecError::fatal(format!("the command failed to run ({e})")))?;
            let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
            let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
            let log = (!stderr.is_empty()).then_some(stderr);
            if output.status.success() {
                return Ok(Outcome::Done(StepOutput {
                    text: stdout,
                    log,
                    ..StepOutput::default()
                }));
            }
            let code = output.status.code();
            Err(ExecError {
                message: match code {
                    Some(c) => format!("`{command}` exited with status {c}"),
                    None => format!("`{command}` was killed by a signal"),
                },
                retryable: code == Some(75),
                log,
                ..ExecError::default()
            })
        })
    }
}
