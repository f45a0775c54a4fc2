//! A person does the step. At a terminal (`interactive`) this executor shows
//! the step and reads the result; away from one it hands the step off, the
//! run waits for a person, and `skill-chains step done` completes it.

use std::io::{BufRead, Write};
use std::sync::Arc;

use super::{
    BoxFuture, Builtin, Deferral, ExecError, ExecutorKind, Outcome, StepOutput, StepRequest,
};

pub(super) struct Manual {
    pub(super) interactive: bool,
    /// One prompt on the terminal at a time.
    pub(super) lock: Arc<tokio::sync::Mutex<()>>,
}

/// The hand-off of a step nobody at this terminal can answer.
fn to_a_person(run: &str, step: &str) -> Deferral {
    Deferral {
        to: "a person".to_string(),
        reference: format!("skill-chains step done {run} {step}"),
    }
}

impl Builtin for Manual {
    const KIND: ExecutorKind = ExecutorKind::Manual;

    fn hand_off(&self, run: &str, step: &str) -> Option<Deferral> {
        (!self.interactive).then(|| to_a_person(run, step))
    }

    fn run<'a>(&'a self, req: &'a StepRequest) -> BoxFuture<'a, Result<Outcome, ExecError>> {
        Box::pin(async move {
            if !self.interactive {
                return Ok(Outcome::Deferred(to_a_person(&req.run_id, &req.step_id)));
            }
            let _turn = self.lock.lock().await;
            let shown = describe(req);
            let text = tokio::task::spawn_blocking(move || ask(&shown))
                .await
                .map_err(|e| ExecError::fatal(format!("the prompt failed: {e}")))?
                .map_err(|e| ExecError::fatal(format!("cannot read the result: {e}")))?;
            Ok(Outcome::Done(StepOutput {
                metrics: crate::artifact::metrics(&text),
                text,
                by: Some(person()),
                ..StepOutput::default()
            }))
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::executor::Executor;

    #[test]
    fn away_from_a_terminal_the_step_goes_to_a_person() {
        let manual = Manual {
            interactive: false,
            lock: Default::default(),
        };
        let expected = Deferral {
            to: "a person".into(),
            reference: "skill-chains step done r1 plan".into(),
        };
        assert_eq!(
            Executor::hand_off(&manual, "r1", "plan"),
            Some(expected.clone())
        );
        let req = StepRequest {
            run_id: "r1".into(),
            step_id: "plan".into(),
            ..StepRequest::default()
        };
        let outcome = crate::runner::block_on(manual.execute(&req)).unwrap();
        match outcome.unwrap() {
            Outcome::Deferred(d) => assert_eq!(d, expected),
            Outcome::Done(_) => panic!("nobody answered, yet the step is done"),
        }
        let at_terminal = Manual {
            interactive: true,
            lock: Default::default(),
        };
        assert_eq!(Executor::hand_off(&at_terminal, "r1", "plan"), None);
        assert_eq!(manual.name(), "manual");
        assert_eq!(manual.default_timeout(), None);
    }
}
