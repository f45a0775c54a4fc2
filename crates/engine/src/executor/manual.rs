//! A person does the step. Away from a terminal the runner records the step
//! as waiting and `skill-chains step done` completes it; at a terminal
//! (`interactive`) this executor shows the step and reads the result.

use std::io::{BufRead, Write};
use std::sync::Arc;

use super::{BoxFuture, ExecError, Executor, StepOutput, StepRequest};

pub(super) struct Manual {
    pub(super) interactive: bool,
    /// One prompt on the terminal at a time.
    pub(super) lock: Arc<tokio::sync::Mutex<()>>,
}

impl Executor for Manual {
    fn name(&self) -> &'static str {
        "manual"
    }

    fn execute<'a>(&'a self, req: &'a StepRequest) -> BoxFuture<'a, Result<StepOutput, ExecError>> {
        Box::pin(async move {
            if !self.interactive {
                return Err(ExecError::fatal(
                    "a manual step needs a person: use `skill-chains step done`",
                ));
            }
            let _turn = self.lock.lock().await;
            let shown = describe(req);
            let text = tokio::task::spawn_blocking(move || ask(&shown))
                .await
                .map_err(|e| ExecError::fatal(format!("the prompt failed: {e}")))?
                .map_err(|e| ExecError::fatal(format!("cannot read the result: {e}")))?;
            Ok(StepOutput {
                metrics: crate::artifact::metrics(&text),
                text,
                by: Some(person()),
                ..StepOutput::default()
            })
        })
    }
}

/// The step as a person reads it: persona, action, inputs, deliverable.
pub fn describe(req: &StepRequest) -> String {
    let mut s = format!(
        "\n== {} — {}\n   {}\n",
        req.step_id, req.persona, req.action
    );
    for (name, content) in &req.inputs {
        let first = content.lines().next().unwrap_or("");
        s.push_str(&format!("   input {name}: {first}\n"));
    }
    s
}

fn ask(shown: &str) -> std::io::Result<String> {
    {
        // Not held while reading: the progress display writes to stderr too.
        let mut err = std::io::stderr().lock();
        writeln!(
            err,
            "{shown}Type the result; end with a line containing only `.`:"
        )?;
        err.flush()?;
    }
    let mut text = String::new();
    for line in std::io::stdin().lock().lines() {
        let line = line?;
        if line.trim() == "." {
            break;
        }
        text.push_str(&line);
        text.push('\n');
    }
    Ok(text)
}

/// Who is at this terminal.
pub fn person() -> String {
    std::env::var("USER")
        .or_else(|_| std::env::var("LOGNAME"))
        .or_else(|_| std::env::var("USERNAME"))
        .unwrap_or_else(|_| "someone".to_string())
}
