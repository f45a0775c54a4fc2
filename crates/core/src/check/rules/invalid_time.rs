//! SC017: a time expression that cannot be read.

use crate::check::{Context, Diagnostic, Rule, RuleInfo, Severity};
use crate::duration::DurationError;
use crate::model::Workflow;
use crate::span::Span;

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "SC017",
    name: "invalid-time",
    summary: "a timeline, window, estimate or timeout that cannot be read",
    explanation: "Time is written the way playbooks write it: windows such as `Month 1-2`, \
`Weeks 1-2`, `Minutes 0-5`, `Hours 1-4`, `Q1`, `Real-time`, `Ongoing`; durations such as `2 weeks`, \
`3d`, `9mo`, `6-12 months (depends on size)`; estimates as one duration or three \
(`1w / 2w / 4w`, optimistic <= likely <= pessimistic). A bare `m` is refused: write `min` or `mo`. \
See docs/format.md for the calendar (a month is 21 working days by default).\n\n\
Fix: rewrite the expression in one of these forms.",
    severity: Severity::Error,
};

pub(crate) struct InvalidTime;

fn push(
    out: &mut Vec<Diagnostic>,
    span: Span,
    what: &str,
    text: &str,
    error: &dyn std::fmt::Display,
) {
    out.push(
        RULE.at(span, format!("cannot read {what} `{text}`: {error}"))
            .label("unreadable time")
            .help("e.g. `Month 1-2`, `Weeks 3-4`, `Minutes 0-5`, `2 weeks`, `1w / 2w / 4w`"),
    );
}

impl Rule for InvalidTime {
    fn info(&self) -> &'static RuleInfo {
        &RULE
    }
    fn check(&self, wf: &Workflow, _: &Context<'_>, out: &mut Vec<Diagnostic>) {
        if let Some(t) = &wf.timeline
            && let Err(e) = &t.parsed
        {
            push(out, t.span, "timeline", &t.text, e);
        }
        for phase in &wf.phases {
            if let Some(w) = &phase.window
                && let Err(e) = &w.parsed
                && !matches!(e, DurationError::Backwards(_))
            {
                push(out, w.text.span, "window", &w.text.value, e);
            }
            for step in &phase.steps {
                if let Some(e) = &step.estimate
                    && let Err(err) = &e.value
                {
                    push(out, e.span, "the estimate of", &step.id.value, err);
                }
                if let Some(t) = &step.timeout
                    && let Err(err) = &t.value
                {
                    push(out, t.span, "the timeout of", &step.id.value, err);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::check::rules::test_support::{codes, variant};

    #[test]
    fn triggers() {
        assert_eq!(
            codes(&variant("window: Month 1\n", "window: Sometime soon\n")),
            ["SC017"]
        );
        assert_eq!(
            codes(&variant("timeline: 2 months", "timeline: 2 m")),
            ["SC017"]
        );
        let est = variant(
            "        outputs: [deployment]\n",
            "        outputs: [deployment]\n        estimate: 3w / 1w / 2w\n",
        );
        assert_eq!(codes(&est), ["SC017"]);
    }

    #[test]
    fn near_miss_valid_forms() {
        let est = variant(
            "        outputs: [deployment]\n",
            "        outputs: [deployment]\n        estimate: 1w / 2w / 3w\n        timeout: 30 min\n",
        );
        assert!(codes(&est).is_empty());
    }
}
