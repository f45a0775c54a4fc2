//! SC012: time between two phases that nobody explains.

use crate::check::{Context, Diagnostic, Rule, RuleInfo, Severity};
use crate::model::Workflow;

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "SC012",
    name: "window-gap",
    summary: "a phase starts after a gap that has no `gap_reason`",
    explanation: "When a phase's window starts after the previous phase's window ended, the time \
between is unaccounted for: nobody is working on the workflow. Sometimes that is intended (a \
vendor's review, a soak period, a notice period); then say so.\n\n\
Fix: close the gap by adjusting the windows, or add `gap_reason: <why>` to the later phase.",
    severity: Severity::Warning,
};

pub(crate) struct WindowGap;

impl Rule for WindowGap {
    fn info(&self) -> &'static RuleInfo {
        &RULE
    }
    fn check(&self, wf: &Workflow, _: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let mut previous_end: Option<f64> = None;
        for phase in &wf.phases {
            let Some(w) = phase.window.as_ref() else {
                continue;
            };
            let Some(parsed) = w.window() else { continue };
            if let (Some(prev), Some(start)) = (previous_end, parsed.start)
                && start.0 > prev + 1e-6
                && phase.gap_reason.is_none()
            {
                out.push(
                    RULE.at(
                        w.text.span,
                        format!("`{}` starts after a gap in the schedule", w.text.value),
                    )
                    .label("nothing happens before this")
                    .help("close the gap, or add `gap_reason:` to say why the workflow waits"),
                );
            }
            if let Some(end) = parsed.end {
                previous_end = Some(previous_end.map_or(end.0, |p: f64| p.max(end.0)));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::check::rules::test_support::{codes, variant};

    #[test]
    fn triggers() {
        let yaml = variant("window: Month 2\n", "window: Month 3\n").replacen(
            "timeline: 2 months",
            "timeline: 3 months",
            1,
        );
        assert_eq!(codes(&yaml), ["SC012"]);
    }

    #[test]
    fn near_miss_explained_gap() {
        let yaml = variant(
            "window: Month 2\n",
            "window: Month 3\n    gap_reason: vendor review takes a month\n",
        )
        .replacen("timeline: 2 months", "timeline: 3 months", 1);
        assert!(codes(&yaml).is_empty());
    }
}
