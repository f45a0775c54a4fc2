//! SC023: a step's `people` that cannot be read.

use crate::check::{Context, Diagnostic, Rule, RuleInfo, Severity};
use crate::model::Workflow;

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "SC023",
    name: "invalid-people",
    summary: "a step's `people` is not a count or a range of at least one person",
    explanation: "`people` says how many people of the step's persona can share it: a count \
(`people: 2`) or a range (`people: 1-3`). The estimate is then one person's effort, and with k \
people the step takes estimate / k (effort-driven); `schedule` chooses k within the range from \
the people the team has free. A range must start at 1 or more and not run backwards, and one \
step takes at most 50 people.\n\n\
Fix: write a count or a range such as `1-3`, or leave `people` out for one person.",
    severity: Severity::Error,
};

pub(crate) struct InvalidPeople;

impl Rule for InvalidPeople {
    fn info(&self) -> &'static RuleInfo {
        &RULE
    }
    fn check(&self, wf: &Workflow, _: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for (_, step) in wf.steps() {
            if let Some(p) = &step.people
                && let Err(e) = &p.value
            {
                out.push(
                    RULE.at(
                        p.span,
                        format!("cannot read the people of step `{}`: {e}", step.id.value),
                    )
                    .label("not a count or a range")
                    .help("e.g. `people: 2` or `people: 1-3`"),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::check::rules::test_support::{codes, variant};

    #[test]
    fn triggers() {
        for bad in ["0", "3-1", "lots", "1-99"] {
            let yaml = variant(
                "action: Deploy with a canary\n",
                &format!("action: Deploy with a canary\n        people: \"{bad}\"\n"),
            );
            assert_eq!(codes(&yaml), ["SC023"], "{bad}");
        }
    }

    #[test]
    fn near_miss() {
        for good in ["2", "1-3", "\"2 - 4\""] {
            let yaml = variant(
                "action: Deploy with a canary\n",
                &format!("action: Deploy with a canary\n        people: {good}\n"),
            );
            assert!(codes(&yaml).is_empty(), "{good}: {:?}", codes(&yaml));
        }
    }
}
