//! SC006: a decision point that goes to a phase that does not exist.

use crate::check::{Context, Diagnostic, Rule, RuleInfo, Severity};
use crate::model::Workflow;

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "SC006",
    name: "decision-target-missing",
    summary: "a decision point's `goto` names a phase that does not exist",
    explanation: "A decision point (\"if the compliance audit fails, loop back to remediation\") \
names the phase it goes to by id. A missing id means the branch cannot be taken: a run would \
stop there. `goto: continue` (carry on) and `goto: end` (finish the workflow) are always valid.\n\n\
Fix: use one of the phase ids listed in the help, or give the target phase that `id`.",
    severity: Severity::Error,
};

/// Targets that are not phases.
pub(crate) const SPECIAL_TARGETS: &[&str] = &["continue", "end"];

pub(crate) struct DecisionTarget;

impl Rule for DecisionTarget {
    fn info(&self) -> &'static RuleInfo {
        &RULE
    }
    fn check(&self, wf: &Workflow, _: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let ids: Vec<&str> = wf.phases.iter().map(|p| p.id.value.as_str()).collect();
        for phase in &wf.phases {
            for d in &phase.decisions {
                match &d.goto {
                    Some(goto)
                        if !ids.contains(&goto.value.as_str())
                            && !SPECIAL_TARGETS.contains(&goto.value.as_str()) =>
                    {
                        out.push(
                            RULE.at(
                                goto.span,
                                format!("decision goes to `{}`, which is not a phase", goto.value),
                            )
                            .label("no such phase")
                            .help(format!("phase ids: {}", ids.join(", "))),
                        );
                    }
                    None => out.push(
                        RULE.at(d.span, "decision point without `goto`")
                            .help("say where the decision leads: a phase id, `continue` or `end`"),
                    ),
                    _ => {}
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::check::rules::test_support::{codes, variant};

    const DECISION: &str = "    decisions:\n      - {text: Canary fails, if: \"canary.error_rate > 1\", goto: TARGET, max_loops: 2}\n";

    fn with_goto(target: &str) -> String {
        variant(
            "    deliverable: {text: Service live",
            &(DECISION.replace("TARGET", target) + "    deliverable: {text: Service live"),
        )
    }

    #[test]
    fn triggers() {
        assert_eq!(codes(&with_goto("planning")), ["SC006"]);
    }

    #[test]
    fn near_miss_existing_phase_and_specials() {
        assert!(codes(&with_goto("plan")).is_empty());
        assert!(codes(&with_goto("end")).is_empty());
    }
}
