//! SC105: an escalation pauses at a checkpoint that does not exist.

use crate::check::program_rules::ProgramRule;
use crate::check::program_rules::missing_target::phase_ids;
use crate::diagnostic::{Diagnostic, RuleInfo, Severity};
use crate::model::program::{Pattern, Program};

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "SC105",
    name: "missing-pause-checkpoint",
    summary: "an escalation pauses at a phase that does not exist or has no checkpoint",
    explanation: "An escalation (section 14 pattern 4: a platform migration triggers a compliance \
review) pauses the escalating workflow at a checkpoint until the other workflow's gate passes. \
`pause_at` names the phase whose checkpoint holds it. A phase that does not exist, or one without \
a checkpoint, has nowhere to hold the workflow, so nothing would stop it from carrying on before \
the review is done.\n\n\
Fix: name a phase of the escalating workflow that has a `checkpoint`, or give the phase one.",
    severity: Severity::Error,
};

pub(crate) struct MissingPauseCheckpoint;

impl ProgramRule for MissingPauseCheckpoint {
    fn info(&self) -> &'static RuleInfo {
        &RULE
    }
    fn check(&self, program: &Program, out: &mut Vec<Diagnostic>) {
        for (_, pattern) in program.patterns() {
            let Pattern::Escalate { from, pause_at, .. } = pattern else {
                continue;
            };
            let Some(wf) = program.workflow(from) else {
                continue;
            };
            let message = match wf.phase(pause_at) {
                Some(p) if p.checkpoint.is_some() => continue,
                Some(_) => format!(
                    "phase `{}` of `{}` has no checkpoint to pause at",
                    pause_at.value, from.value
                ),
                None => format!(
                    "`{}` has no phase `{}` to pause at",
                    from.value, pause_at.value
                ),
            };
            let with_checkpoints: Vec<&str> = wf
                .phases
                .iter()
                .filter(|p| p.checkpoint.is_some())
                .map(|p| p.id.value.as_str())
                .collect();
            let help = if with_checkpoints.is_empty() {
                format!(
                    "`{}` has no checkpoints; add one to the phase it should pause at (phases: {})",
                    from.value,
                    phase_ids(wf)
                )
            } else {
                format!(
                    "phases of `{}` with a checkpoint: {}",
                    from.value,
                    with_checkpoints.join(", ")
                )
            };
            out.push(
                RULE.at(pause_at.span, message)
                    .label("no checkpoint here")
                    .help(help),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::check::program_rules::test_support::{codes, variant};

    #[test]
    fn triggers_on_missing_phase_and_missing_checkpoint() {
        assert_eq!(
            codes(&variant("pause_at: build", "pause_at: qa")),
            ["SC105"]
        );
        // `prototype` exists but has no checkpoint.
        assert_eq!(
            codes(&variant(
                "when: {artifact: app-build}, pause_at: build",
                "when: {artifact: prototype}, pause_at: prototype"
            )),
            ["SC105"]
        );
    }

    #[test]
    fn near_miss_phase_with_a_checkpoint() {
        assert!(
            codes(&variant(
                "when: {artifact: app-build}, pause_at: build",
                "when: {artifact: prototype}, pause_at: build"
            ))
            .is_empty()
        );
    }
}
