//! SC026: a decision's condition that is not valid CEL.

use crate::check::{Context, Diagnostic, Rule, RuleInfo, Severity};
use crate::model::Workflow;

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "SC026",
    name: "invalid-condition",
    summary: "a decision's `if:` is not a valid CEL expression",
    explanation: "A decision point's condition (`if:`) is a CEL expression over the metrics a \
run records (`audit.critical_gaps > 0`, `canary.error_rate >= 1 && rollback.done`). A condition \
that does not parse can never hold: a run would skip the decision, so a typo would silently \
disable a loop-back or an early end. Check compiles every condition, as the run would.\n\n\
Fix: correct the expression at the column the message names. Names are step ids and \
artifacts written with `_` for `-`, then `.` and a metric; operators are `<`, `<=`, `>`, `>=`, \
`==`, `!=`, `&&`, `||`, `!`; strings are quoted.",
    severity: Severity::Error,
};

pub(crate) struct InvalidCondition;

impl Rule for InvalidCondition {
    fn info(&self) -> &'static RuleInfo {
        &RULE
    }
    fn check(&self, wf: &Workflow, _: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for phase in &wf.phases {
            for condition in phase.decisions.iter().filter_map(|d| d.condition.as_ref()) {
                if let Err(errors) = cel::Program::compile(&condition.value) {
                    for e in &errors.errors {
                        let (line, column) = e.pos;
                        let place = if condition.value.contains('\n') {
                            format!("line {line}, column {column}")
                        } else {
                            format!("column {column}")
                        };
                        out.push(
                            RULE.at(
                                condition.span,
                                format!(
                                    "condition `{}` is not valid CEL: {} (at {place})",
                                    excerpt(&condition.value),
                                    e.msg
                                ),
                            )
                            .label("does not parse")
                            .help(
                                "write a CEL expression such as `audit.critical_gaps > 0`; \
`skill-chains explain SC026` lists names and operators",
                            ),
                        );
                    }
                }
            }
        }
    }
}

/// A condition short enough to quote in a message.
fn excerpt(condition: &str) -> String {
    const MAX: usize = 80;
    let line = condition.lines().next().unwrap_or_default();
    match line.char_indices().nth(MAX) {
        Some((cut, _)) => format!("{}...", &line[..cut]),
        None if line.len() < condition.len() => format!("{line}..."),
        None => line.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use crate::check::rules::test_support::{codes, diagnostics, variant};

    fn with_condition(condition: &str) -> String {
        variant(
            "    deliverable: {text: Service live",
            &format!(
                "    decisions:\n      - {{text: Canary fails, if: {condition:?}, goto: plan, max_loops: 2}}\n    deliverable: {{text: Service live"
            ),
        )
    }

    #[test]
    fn triggers_at_the_condition() {
        let yaml = with_condition("((((( a.b.c && ||");
        // CEL reports each syntax error; each is one diagnostic.
        let found = codes(&yaml);
        assert!(
            !found.is_empty() && found.iter().all(|c| *c == "SC026"),
            "{found:?}"
        );
        let d = diagnostics(&yaml);
        let line = yaml.lines().position(|l| l.contains("(((((")).unwrap() + 1;
        assert_eq!(d[0].span.line as usize, line);
        assert!(d[0].message.contains("not valid CEL"), "{}", d[0].message);
    }

    #[test]
    fn near_miss_a_valid_condition() {
        assert!(codes(&with_condition("canary.error_rate > 1 && !rollback.done")).is_empty());
    }

    #[test]
    fn a_deep_condition_is_an_error_not_a_crash() {
        let deep = format!("{}1{}", "(".repeat(5000), ")".repeat(5000));
        assert_eq!(codes(&with_condition(&deep)).first(), Some(&"SC026"));
    }
}
