//! SC011: a phase window that ends before the previous phase's window ends.

use crate::check::{Context, Diagnostic, Rule, RuleInfo, Severity};
use crate::model::Workflow;

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "SC011",
    name: "window-out-of-order",
    summary: "a phase's window ends before the previous phase's window ends",
    explanation: "Phases run in the order they are written. Windows may overlap when they are in \
order (`Month 1-2` then `Month 2-4`), but a phase whose window ends before its predecessor's \
ends would have to finish before the work it follows. Either the phases are in the wrong order \
or a window is wrong.\n\n\
Fix: reorder the phases, or correct the window.",
    severity: Severity::Warning,
};

pub(crate) struct WindowOrder;

impl Rule for WindowOrder {
    fn info(&self) -> &'static RuleInfo {
        &RULE
    }
    fn check(&self, wf: &Workflow, _: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let mut previous: Option<(&str, f64)> = None;
        for phase in &wf.phases {
            let Some(w) = phase.window.as_ref() else {
                continue;
            };
            let Some(end) = w.window().and_then(|w| w.end) else {
                continue;
            };
            if let Some((prev_name, prev_end)) = previous
                && end.0 + 1e-6 < prev_end
            {
                out.push(
                    RULE.at(
                        w.text.span,
                        format!(
                            "`{}` ends before the previous phase `{prev_name}` ends",
                            w.text.value
                        ),
                    )
                    .label("out of order")
                    .help("phases run in the order written: reorder them or correct this window"),
                );
            }
            previous = Some((&phase.name.value, end.0));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::check::rules::test_support::{codes, variant};

    #[test]
    fn triggers() {
        let yaml = variant("window: Month 2\n", "window: Month 1\n").replacen(
            "window: Month 1\n",
            "window: Month 2\n",
            1,
        );
        assert_eq!(codes(&yaml), ["SC011"]);
    }

    #[test]
    fn near_miss_overlap_in_order() {
        assert!(codes(&variant("window: Month 2\n", "window: Month 1-2\n")).is_empty());
    }
}
