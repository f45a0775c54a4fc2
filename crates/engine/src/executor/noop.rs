//! The no-op executor: returns at once (or after a fixed delay) with a short
//! deterministic output. For benchmarks and tests of the engine itself.

use std::time::Duration;

use super::{BoxFuture, ExecError, Executor, StepOutput, StepRequest};

pub(super) struct Noop {
    pub(super) delay: Option<Duration>,
}

impl Executor for Noop {
    fn name(&self) -> &'static str {
        "noop"
    }

    fn wants_prompt(&self) -> bool {
        false
    }

    fn execute<'a>(&'a self, req: &'a StepRequest) -> BoxFuture<'a, Result<StepOutput, ExecError>> {
        Box::pin(async move {
            if let Some(d) = self.delay {
                tokio::time::sleep(d).await;
            }
            Ok(StepOutput {
                text: format!("{}: done", req.step_id),
                ..StepOutput::default()
            })
        })
    }
}
