//! SC015: the stated timeline disagrees with the phase windows.

use crate::check::{Context, Diagnostic, Rule, RuleInfo, Severity};
use crate::duration::WorkTime;
use crate::model::Workflow;

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "SC015",
    name: "timeline-mismatch",
    summary: "the stated timeline disagrees with where the phase windows end",
    explanation: "The workflow says how long it takes (`timeline: 6-12 months`) and each phase \
says when it happens (`Months 7-12`). When the last window ends well outside the stated range \
(more than 10%, or more than one unit of the timeline), one of them is wrong, and principle 4 \
says timelines must be realistic. Real-time and ongoing timelines are not compared; give them \
`min`/`max` to be compared.\n\n\
Fix: correct the timeline or the windows. `skill-chains timeline` shows what the estimates imply.",
    severity: Severity::Warning,
};

pub(crate) struct TimelineMismatch;

impl Rule for TimelineMismatch {
    fn info(&self) -> &'static RuleInfo {
        &RULE
    }
    fn check(&self, wf: &Workflow, _: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let Some(stated) = &wf.timeline else { return };
        let Some(crate::duration::Timeline::Range { min, max, unit }) = stated.timeline() else {
            return;
        };
        let Some(end) = wf
            .phases
            .iter()
            .filter_map(|p| p.window()?.end)
            .map(|e| e.0)
            .reduce(f64::max)
        else {
            return;
        };
        let slack = |x: f64| crate::duration::stated_tolerance(WorkTime(x), *unit, wf.calendar).0;
        let cal = wf.calendar;
        let shown = WorkTime(end).display(cal);
        if end > max.0 + slack(max.0) {
            out.push(
                RULE.at(
                    stated.span,
                    format!(
                        "the phase windows run to {shown}, beyond the stated `{}`",
                        stated.text
                    ),
                )
                .label("timeline too short for the windows")
                .help("lengthen the timeline or tighten the windows"),
            );
        } else if end + slack(min.0) < min.0 {
            out.push(
                RULE.at(
                    stated.span,
                    format!(
                        "the phase windows end at {shown}, well before the stated `{}`",
                        stated.text
                    ),
                )
                .label("timeline longer than the windows")
                .help("shorten the timeline or extend the windows to cover the work"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::check::rules::test_support::{codes, variant};

    #[test]
    fn triggers_both_ways() {
        assert_eq!(
            codes(&variant("timeline: 2 months", "timeline: 2 weeks")),
            ["SC015"]
        );
        assert_eq!(
            codes(&variant("timeline: 2 months", "timeline: 6-9 months")),
            ["SC015"]
        );
    }

    #[test]
    fn near_miss_inside_range() {
        assert!(codes(&variant("timeline: 2 months", "timeline: 1-3 months")).is_empty());
        assert!(codes(&variant("timeline: 2 months", "timeline: Ongoing")).is_empty());
    }
}
