//! SC010: a window whose end comes before its start.

use crate::check::{Context, Diagnostic, Rule, RuleInfo, Severity};
use crate::duration::DurationError;
use crate::model::Workflow;

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "SC010",
    name: "backwards-window",
    summary: "a phase window runs backwards (`Month 4-2`)",
    explanation: "A window says when a phase happens: `Month 4-2` ends before it starts, so the \
phase has no time at all. Usually the numbers are swapped.\n\n\
Fix: write the smaller number first (`Month 2-4`).",
    severity: Severity::Error,
};

pub(crate) struct BackwardsWindow;

impl Rule for BackwardsWindow {
    fn info(&self) -> &'static RuleInfo {
        &RULE
    }
    fn check(&self, wf: &Workflow, _: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for phase in &wf.phases {
            if let Some(w) = &phase.window
                && let Err(DurationError::Backwards(_)) = &w.parsed
            {
                out.push(
                    RULE.at(
                        w.text.span,
                        format!("window `{}` ends before it starts", w.text.value),
                    )
                    .label("runs backwards")
                    .help("write the earlier bound first, e.g. `Month 2-4`"),
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
        assert!(codes(&variant("window: Month 2\n", "window: Month 2-1\n")).contains(&"SC010"));
    }

    #[test]
    fn near_miss_single_and_ordered() {
        assert!(codes(&variant("window: Month 2\n", "window: Month 2-2\n")).is_empty());
    }
}
