//! SC025: text left as a placeholder: `TODO`, `TBD`, or a template's
//! bracketed blank such as `[Descriptive name]` or `[If X, then Y]`.

use crate::check::{Context, Diagnostic, Rule, RuleInfo, Severity};
use crate::model::Workflow;
use crate::span::Span;

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "SC025",
    name: "placeholder",
    summary: "a name, action, deliverable or criterion is still a placeholder",
    explanation: "Playbooks are often written from a template, and a blank that was never filled \
in reads like content: a step whose action is `TODO`, a phase called `[Descriptive name]`, a \
decision criterion `[If X, then Y]`. Nothing can be planned, run or judged against such a text. \
The words `TODO`, `TBD`, `TBC` and `FIXME` (in capitals), an ellipsis in brackets (`[...]`) and \
bracketed text that starts with a capital letter and is more than an acronym (`[Descriptive \
name]`, `[If X, then Y]`, `[Owner]`) count as placeholders; `[v2]` and `[GA]` do not.\n\n\
Fix: write what the phase, step, deliverable or criterion really is, or leave the item out \
until it is known.",
    severity: Severity::Warning,
};

pub(crate) struct Placeholder;

const MARKERS: &[&str] = &["TODO", "TBD", "TBC", "FIXME"];

/// The first placeholder in `text`, as written.
fn placeholder(text: &str) -> Option<&str> {
    let marker = text
        .split(|c: char| !c.is_ascii_alphanumeric())
        .find(|w| MARKERS.contains(w));
    if marker.is_some() {
        return marker;
    }
    let mut rest = text;
    while let Some(open) = rest.find('[') {
        let after = &rest[open + 1..];
        let Some(close) = after.find(']') else {
            break;
        };
        let inner = &after[..close];
        if !inner.contains('[') && is_blank(inner.trim()) {
            return Some(&rest[open..open + close + 2]);
        }
        rest = &after[close + 1..];
    }
    None
}

/// Whether the text between brackets reads as a template's blank.
fn is_blank(inner: &str) -> bool {
    if !inner.is_empty() && inner.chars().all(|c| c == '.' || c == '…') {
        return true;
    }
    let mut chars = inner.chars();
    let starts_capital = chars.next().is_some_and(|c| c.is_uppercase());
    let has_lowercase = chars.clone().any(|c| c.is_lowercase());
    starts_capital && (inner.contains(' ') || has_lowercase)
}

impl Rule for Placeholder {
    fn info(&self) -> &'static RuleInfo {
        &RULE
    }
    fn check(&self, wf: &Workflow, _: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let mut report = |text: &str, span: Span, what: &str| {
            if let Some(found) = placeholder(text) {
                out.push(
                    RULE.at(span, format!("{what} is a placeholder: `{found}`"))
                        .label("not filled in")
                        .help(format!(
                            "write the real {what}, or leave it out until it is known"
                        )),
                );
            }
        };
        report(&wf.name.value, wf.name.span, "workflow name");
        for c in &wf.success_criteria {
            report(&c.text, c.span, "success criterion");
        }
        for phase in &wf.phases {
            report(&phase.name.value, phase.name.span, "phase name");
            for step in &phase.steps {
                report(&step.action.value, step.action.span, "step action");
            }
            if let Some(d) = &phase.deliverable {
                report(&d.text, d.span, "deliverable");
            }
            if let Some(c) = &phase.checkpoint {
                for criterion in &c.criteria {
                    report(&criterion.value, criterion.span, "checkpoint criterion");
                }
            }
            for d in &phase.decisions {
                if let Some(condition) = &d.condition {
                    report(&condition.value, condition.span, "decision criterion");
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::placeholder;
    use crate::check::rules::test_support::{CLEAN, codes, diagnostics, variant};

    #[test]
    fn triggers_on_todo_and_bracketed_blanks() {
        let d = diagnostics(&variant(
            "action: Design the rollout",
            "action: TODO design the rollout",
        ));
        assert_eq!(d.iter().map(|d| d.code).collect::<Vec<_>>(), ["SC025"]);
        assert_eq!(d[0].span.line, 14);
        assert_eq!(d[0].message, "step action is a placeholder: `TODO`");
        let yaml = variant("    name: Plan\n", "    name: \"[Descriptive name]\"\n").replacen(
            "{text: Service live",
            "{text: TBD",
            1,
        );
        assert_eq!(codes(&yaml), ["SC025", "SC025"]);
        assert_eq!(placeholder("[If X, then Y]"), Some("[If X, then Y]"));
        assert_eq!(placeholder("Owner: [...]"), Some("[...]"));
        assert_eq!(placeholder("Signed off by [Owner]"), Some("[Owner]"));
    }

    #[test]
    fn near_miss_words_and_brackets_that_are_content() {
        assert!(codes(CLEAN).is_empty());
        assert!(
            codes(&variant(
                "action: Design the rollout",
                "action: Design the rollout [v2] and review the todo list [GA]"
            ))
            .is_empty()
        );
        assert_eq!(placeholder("Stated in STODO units"), None);
        assert_eq!(placeholder("[x] done, [] open"), None);
    }
}
