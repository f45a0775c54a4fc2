//! SC207: the phase with the largest estimate, or the one holding the first
//! irreversible step (cutover, decommission, launch, delete), starts with no
//! checkpoint before it (principle 7, checkpoints prevent rework).
//!
//! A checkpoint sits at the end of a phase and gates the next, so "before
//! phase k" is phase k-1's checkpoint. Phase lengths are the planner's (see
//! [`Timing`]). A first phase has nothing before it to gate.
//!
//! [`Timing`]: crate::check::advice::Timing

use crate::check::advice::{Advice, AdviceContext, Judgement};
use crate::check::{RuleInfo, Severity};
use crate::diagnostic::Fix;
use crate::duration::WorkTime;
use crate::model::{Phase, Step, Workflow};

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "SC207",
    name: "ungated-costly-phase",
    summary: "the costliest phase, or the first irreversible step, has no checkpoint before it (advice)",
    explanation: "Principle 7: checkpoints prevent rework. \"Architecture review approved by \
Principal Engineer before implementation begins.\" Two phases most need a gate in front of \
them: the one with the largest estimate (its phase length as `skill-chains timeline` plans \
it), where starting on a bad plan wastes the most, and the one holding the first irreversible \
step, whose action cuts over, decommissions, launches or deletes, which cannot be taken back. \
The gate in front of a phase is the previous phase's `checkpoint`.\n\n\
This is advice: it never fails `check` unless `--deny advice`. `check --fix` adds a checkpoint \
stub to the previous phase: approved by the persona who next uses its outputs (the first step \
of the gated phase that takes one), requiring the previous phase's deliverable artifact (or the \
outputs the gated phase takes). Review the stub's words afterwards. A note that starts \
`Principle 7:` records why the phase goes ungated.\n\n\
Fix: add `checkpoint: {approver: ..., requires: [...]}` to the phase before.",
    severity: Severity::Advice,
};

/// Words of an action that cannot be taken back.
const IRREVERSIBLE: &[&str] = &[
    "cutover",
    "cut over",
    "cut-over",
    "decommission",
    "launch",
    "delete",
    "go live",
    "go-live",
];

pub(crate) fn irreversible(step: &Step) -> Option<&'static str> {
    let action = step.action.value.to_lowercase();
    IRREVERSIBLE.iter().copied().find(|w| action.contains(w))
}

pub(crate) struct UngatedCostlyPhase;

impl Advice for UngatedCostlyPhase {
    fn info(&self) -> &'static RuleInfo {
        &RULE
    }
    fn principle(&self) -> u8 {
        7
    }
    fn judge(&self, wf: &Workflow, cx: &AdviceContext<'_>) -> Judgement {
        let mut j = Judgement::new(&RULE, 7);
        // (phase index, why it needs a gate)
        let mut gated: Vec<(usize, String)> = Vec::new();
        let largest = cx
            .timing
            .phase_lengths
            .iter()
            .enumerate()
            .filter_map(|(k, l)| l.map(|l| (k, l)))
            // The first of equal lengths: the earlier phase is gated sooner.
            .fold(None, |best: Option<(usize, f64)>, (k, l)| match best {
                Some((_, b)) if b >= l => best,
                _ => Some((k, l)),
            });
        if let Some((k, len)) = largest {
            let len = WorkTime(len).display(cx.timing.calendar);
            gated.push((k, format!("the largest estimate ({len})")));
        }
        let first_irreversible = wf.phases.iter().enumerate().find_map(|(k, p)| {
            p.steps
                .iter()
                .find_map(|s| irreversible(s).map(|w| (k, s, w)))
        });
        if let Some((k, s, w)) = first_irreversible {
            let why = format!("the first irreversible step, `{}` ({w})", s.id.value);
            match gated.iter_mut().find(|(g, _)| *g == k) {
                Some((_, first)) => *first = format!("{first} and {why}"),
                None => gated.push((k, why)),
            }
        }
        if gated.is_empty() {
            return j.not_applicable("no phase has steps to estimate");
        }
        for (k, why) in gated {
            let phase = &wf.phases[k];
            let Some(before) = k.checked_sub(1).map(|b| &wf.phases[b]) else {
                j.evidence(format!(
                    "`{}` has {why}; it is the first phase, with nothing before it to gate",
                    phase.id.value
                ));
                continue;
            };
            if let Some(cp) = &before.checkpoint {
                let by = cp
                    .approver
                    .as_ref()
                    .map(|a| format!(" by {}", a.written))
                    .unwrap_or_default();
                j.evidence(format!(
                    "`{}` has {why}; `{}` gates it{by}",
                    phase.id.value, before.id.value
                ));
                continue;
            }
            let (approver, requires, text) = stub(before, phase);
            j.advise(
                RULE.at(
                    phase.name.span,
                    format!(
                        "principle 7: `{}` has {why}, but `{}` before it has no checkpoint",
                        phase.name.value, before.name.value
                    ),
                )
                .label("ungated")
                .help(format!(
                    "add to `{}`: `checkpoint: {{approver: {approver}, requires: [{}]}}` (`check --fix` adds this stub)",
                    before.id.value,
                    requires.join(", ")
                ))
                .related(before.name.span, "no checkpoint here")
                .fix(Fix::AddCheckpoint {
                    phase: before.id.value.clone(),
                    approver,
                    requires,
                    text,
                }),
            );
        }
        j
    }
}

/// A checkpoint for `before` (approver, requires, text), approved by
/// whoever in `next` first uses what `before` hands on.
fn stub(before: &Phase, next: &Phase) -> (String, Vec<String>, String) {
    let deliverable = before.deliverable.as_ref().and_then(|d| d.artifact.clone());
    let handed: Vec<String> = before
        .steps
        .iter()
        .flat_map(|s| s.outputs.iter().map(|o| o.value.clone()))
        .chain(deliverable.clone())
        .collect();
    let user = next
        .steps
        .iter()
        .find(|s| s.inputs.iter().any(|i| handed.contains(&i.value)))
        .or(next.steps.first());
    let approver = user
        .map(|s| s.persona.written.clone())
        .unwrap_or_else(|| "Principal Engineer".to_string());
    let requires = match deliverable {
        Some(d) => vec![d],
        None => {
            let mut used: Vec<String> = next
                .steps
                .iter()
                .flat_map(|s| s.inputs.iter())
                .filter(|i| handed.contains(&i.value))
                .map(|i| i.value.clone())
                .collect();
            used.dedup();
            used
        }
    };
    let text = format!(
        "{approver} reviews what `{}` hands on before `{}` starts.",
        before.id.value, next.id.value
    );
    (approver, requires, text)
}

#[cfg(test)]
mod tests {
    use crate::check::rules::test_support::{CLEAN, advice, advice_codes, variant};

    #[test]
    fn triggers_for_an_ungated_launch_with_a_stub() {
        let yaml = variant("Deploy with a canary", "Launch with a canary");
        let d: Vec<_> = advice(&yaml)
            .into_iter()
            .filter(|d| d.code == "SC207")
            .collect();
        assert_eq!(d.len(), 1, "{d:?}");
        assert!(
            d[0].message.contains("first irreversible step, `deploy`"),
            "{}",
            d[0].message
        );
        let help = d[0].help.as_deref().unwrap();
        assert!(
            help.contains("approver: SRE, requires: [rollout-plan]"),
            "{help}"
        );
    }

    #[test]
    fn near_miss_the_phase_before_is_gated() {
        let yaml = variant("Deploy with a canary", "Launch with a canary").replacen(
            "    deliverable: {text: Rollout plan, artifact: rollout-plan}\n",
            "    deliverable: {text: Rollout plan, artifact: rollout-plan}\n    checkpoint: {approver: SRE, requires: [rollout-plan]}\n",
            1,
        );
        assert!(!advice_codes(&yaml).contains(&"SC207"));
        // The costliest phase of the clean fixture is its first: nothing to gate.
        assert!(!advice_codes(CLEAN).contains(&"SC207"));
    }
}
