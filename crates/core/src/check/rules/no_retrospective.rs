//! SC208: a workflow that cannot learn from its runs: no retrospective
//! questions, or no pitfalls (principle 8, workflows evolve with learnings).

use crate::check::advice::{Advice, AdviceContext, Judgement};
use crate::check::{RuleInfo, Severity};
use crate::model::Workflow;

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "SC208",
    name: "no-retrospective",
    summary: "no retrospective questions or no pitfalls: the workflow cannot evolve (advice)",
    explanation: "Principle 8: workflows evolve with learnings. After a run, the team answers the \
workflow's `retrospective` questions (`skill-chains retrospective <run>`), and what they learn \
becomes the next version: recalibrated estimates, new gates, and `pitfalls`, what usually goes \
wrong and how to avoid it. A workflow with no questions gives a run nothing to answer; one with \
no pitfalls has nowhere to keep what earlier runs taught.\n\n\
This is advice: it never fails `check` unless `--deny advice`. A note that starts \
`Principle 8:` records why the workflow does without (a one-off, say).\n\n\
Fix: add `retrospective:` with three or four questions a team can answer from a run (\"Which \
estimate was furthest off, and why?\", \"Which gate caught a problem, and which let one \
through?\"), and `pitfalls:` with what goes wrong in this kind of work.",
    severity: Severity::Advice,
};

pub(crate) struct NoRetrospective;

impl Advice for NoRetrospective {
    fn info(&self) -> &'static RuleInfo {
        &RULE
    }
    fn principle(&self) -> u8 {
        8
    }
    fn judge(&self, wf: &Workflow, _: &AdviceContext<'_>) -> Judgement {
        let mut j = Judgement::new(&RULE, 8);
        let (questions, pitfalls) = (wf.retrospective.len(), wf.pitfalls.len());
        if questions > 0 && pitfalls > 0 {
            j.evidence(format!(
                "{questions} retrospective question(s), {pitfalls} pitfall(s)"
            ));
            return j;
        }
        let missing = match (questions, pitfalls) {
            (0, 0) => "no retrospective questions and no pitfalls",
            (0, _) => "no retrospective questions",
            _ => "no pitfalls",
        };
        j.evidence(missing);
        let help = match (questions, pitfalls) {
            (0, 0) => {
                "add `retrospective:` (e.g. \"Which estimate was furthest off, and why?\") and `pitfalls:` (what goes wrong in this work)"
            }
            (0, _) => {
                "add `retrospective:` with questions a run can answer, e.g. \"Which estimate was furthest off, and why?\""
            }
            _ => "add `pitfalls:`: what usually goes wrong in this work and how to avoid it",
        };
        j.advise(
            RULE.at(
                wf.name.span,
                format!(
                    "principle 8: `{}` has {missing}, so runs cannot improve it",
                    wf.name.value
                ),
            )
            .label(missing)
            .help(help),
        );
        j
    }
}

#[cfg(test)]
mod tests {
    use crate::check::rules::test_support::{CLEAN, advice_codes};

    const LEARNS: &str = "pitfalls:\n  - Canaries too short to see slow leaks\nretrospective:\n  - Which estimate was furthest off?\n";

    #[test]
    fn triggers_without_questions_or_pitfalls() {
        assert!(advice_codes(CLEAN).contains(&"SC208"));
        let questions_only =
            format!("{CLEAN}retrospective:\n  - Which estimate was furthest off?\n");
        assert!(advice_codes(&questions_only).contains(&"SC208"));
    }

    #[test]
    fn near_miss_both_present() {
        assert!(!advice_codes(&format!("{CLEAN}{LEARNS}")).contains(&"SC208"));
    }

    #[test]
    fn a_recorded_reason_silences_it() {
        let yaml =
            format!("{CLEAN}notes:\n  - \"Principle 8: a one-off, reviewed in the post-mortem\"\n");
        assert!(!advice_codes(&yaml).contains(&"SC208"));
    }
}
