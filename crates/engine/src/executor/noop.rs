//! The no-op executor: returns at once (or after a fixed delay) with a short
//! deterministic output. For benchmarks and tests of the engine itself.

use std::time::Duration;

use super::{BoxFuture, Builtin, ExecError, ExecutorKind, Outcome, StepOutput, StepRequest};

pub(super) struct Noop {
    pub(super) delay: Option<Duration>,
}

impl Builtin for Noop {
    const KIND: ExecutorKind = ExecutorKind::Noop;

    fn run<'a>(&'a self, req: &'a StepRequest) -> BoxFuture<'a, Result<Outcome, ExecError>> {
        Box::pin(async move {
            if let Some(d) = self.delay {
                tokio::time::sleep(d).await;
            }
            Ok(Outcome::Done(StepOutput {
                text: format!("{}: done", req.step_id),
                ..StepOutput::default()
            }))
        })
    }
}
