//! Decision points: CEL conditions over what the run has recorded.
//!
//! Names a condition can use: every metric by itself (`critical_gaps`), and
//! each step id and artifact name (kebab-case written with `_`) as a map of
//! the metrics its step published (`audit.critical_gaps`,
//! `restore_test_results.max_restore_minutes`), with `status` ("done", ...)
//! beside them. A metric a person recorded on the run under such a name
//! (`metric RUN pilot.error_rate=0.4`) joins that step's map, so a decision
//! waiting for a step's metric can be given it after the fact.

use std::collections::BTreeMap;

use crate::layout::Layout;
use crate::state::RunState;

/// The outcome of one condition.
#[derive(Debug, Clone, PartialEq)]
pub enum Verdict {
    Holds(bool),
    /// It reads a metric nobody recorded (yet).
    Unknown(String),
    /// It can never be evaluated as written (a syntax error, a result that
    /// is not true or false, values of the wrong type): no metric helps.
    Invalid(String),
}

/// `kebab-case` to the `snake_case` a CEL name can be.
pub fn cel_name(name: &str) -> String {
    name.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect()
}

/// The variables a condition sees.
pub fn variables(layout: &Layout, state: &RunState) -> BTreeMap<String, serde_json::Value> {
    let mut vars: BTreeMap<String, serde_json::Value> = BTreeMap::new();
    for (k, v) in &state.metrics {
        vars.insert(cel_name(k), v.clone());
    }
    for (i, s) in state.steps.iter().enumerate() {
        let mut map: serde_json::Map<String, serde_json::Value> = s
            .metrics
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        let status = serde_json::to_value(s.status).unwrap_or_default();
        map.insert("status".into(), status);
        let value = serde_json::Value::Object(map);
        for name in std::iter::once(&layout.steps[i].id).chain(&layout.steps[i].outputs) {
            vars.insert(cel_name(name), value.clone());
        }
    }
    for (k, v) in &state.metrics {
        if let Some((owner, field)) = k.split_once('.')
            && let Some(serde_json::Value::Object(map)) = vars.get_mut(&cel_name(owner))
        {
            map.insert(field.to_string(), v.clone());
        }
    }
    vars
}

/// The names `condition` reads that the run has not recorded, as a person
/// would record them (`mitigation.service_restored`), for the hint of a run
/// waiting for a metric. Function names and literals are not names.
pub fn unrecorded(condition: &str, vars: &BTreeMap<String, serde_json::Value>) -> Vec<String> {
    const WORDS: &[&str] = &["true", "false", "null", "in"];
    let mut out: Vec<String> = Vec::new();
    let mut rest = condition;
    while let Some(start) = rest.find(|c: char| c.is_ascii_alphabetic() || c == '_') {
        let before = rest[..start].chars().last();
        let tail = &rest[start..];
        let len = tail
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '.'))
            .unwrap_or(tail.len());
        let path = tail[..len].trim_end_matches('.');
        rest = &tail[len..];
        // Inside a string literal, after a digit (`1e3`), or a call: not a name.
        let quoted = condition[..condition.len() - tail.len()]
            .matches(['"', '\''])
            .count()
            % 2
            == 1;
        if quoted
            || before.is_some_and(|c| c.is_ascii_digit())
            || rest.trim_start().starts_with('(')
            || WORDS.contains(&path)
        {
            continue;
        }
        let mut parts = path.split('.');
        let head = parts.next().unwrap_or_default();
        let found = match (vars.get(head), parts.next()) {
            (None, _) => false,
            (Some(_), None) => true,
            (Some(serde_json::Value::Object(m)), Some(field)) => m.contains_key(field),
            (Some(_), Some(_)) => true,
        };
        let name = path.split('.').take(2).collect::<Vec<_>>().join(".");
        if !found && !out.contains(&name) {
            out.push(name);
        }
    }
    out
}

/// The first decision of phase `p` that settles what happens after it,
/// against what the run has recorded now: its index, its condition and a
/// verdict that is not `Holds(false)` (it holds, waits for a metric, or can
/// never be evaluated). `None`: no decision holds, the run goes on. A
/// decision without a condition or a target is not one.
pub fn settling(
    wf: &skill_chains_core::model::Workflow,
    layout: &Layout,
    state: &RunState,
    p: usize,
) -> Option<(usize, String, Verdict)> {
    let vars = variables(layout, state);
    wf.phases[p]
        .decisions
        .iter()
        .enumerate()
        .filter_map(|(k, d)| match (&d.condition, &d.goto) {
            (Some(c), Some(_)) => Some((k, c.value.clone())),
            _ => None,
        })
        .map(|(k, c)| {
            let verdict = evaluate(&c, &vars);
            (k, c, verdict)
        })
        .find(|(_, _, v)| *v != Verdict::Holds(false))
}

/// Where the run goes after phase `p` (its gate approved), by
/// [`settling`], in the words a person reads before approving:
/// `goes to phase `build` (`x >= 1` holds)`.
pub fn where_next(
    wf: &skill_chains_core::model::CheckedWorkflow,
    layout: &Layout,
    state: &RunState,
    p: usize,
) -> String {
    use skill_chains_core::model::Target;
    let next = || match layout.phases.get(p + 1) {
        Some(n) => format!("goes on to phase `{}`", n.id),
        None => "completes".to_string(),
    };
    match settling(wf, layout, state, p) {
        None => next(),
        Some((_, c, Verdict::Unknown(_))) => {
            format!("waits for a metric: `{c}` cannot be evaluated yet")
        }
        Some((_, _, Verdict::Invalid(reason))) => format!("fails: {reason}"),
        Some((k, c, _)) => match wf.target(p, k) {
            Target::Continue => format!("{} (`{c}` holds)", next()),
            Target::End => format!("completes (`{c}` holds)"),
            Target::Phase(t) => format!("goes to phase `{}` (`{c}` holds)", layout.phases[t].id),
        },
    }
}

/// Evaluate `condition` against `vars`.
pub fn evaluate(condition: &str, vars: &BTreeMap<String, serde_json::Value>) -> Verdict {
    let program = match cel::Program::compile(condition) {
        Ok(p) => p,
        Err(e) => return Verdict::Invalid(format!("cannot parse `{condition}`: {e}")),
    };
    let mut cx = cel::Context::default();
    for (name, value) in vars {
        if let Err(e) = cx.add_variable(name.as_str(), number_friendly(value)) {
            return Verdict::Invalid(format!("metric `{name}`: {e}"));
        }
    }
    match program.execute(&cx) {
        Ok(cel::Value::Bool(b)) => Verdict::Holds(b),
        Ok(other) => Verdict::Invalid(format!("`{condition}` is not true or false but {other:?}")),
        // A name or key nobody recorded may still come; anything else will not.
        Err(
            e @ (cel::ExecutionError::UndeclaredReference(_) | cel::ExecutionError::NoSuchKey(_)),
        ) => Verdict::Unknown(format!("`{condition}`: {e}")),
        Err(e) => Verdict::Invalid(format!("`{condition}`: {e}")),
    }
}

/// Whole numbers as floats, so `rate >= 1` works whether a step wrote `1` or `1.0`.
fn number_friendly(v: &serde_json::Value) -> serde_json::Value {
    match v {
        serde_json::Value::Number(n) => n
            .as_f64()
            .and_then(serde_json::Number::from_f64)
            .map(serde_json::Value::Number)
            .unwrap_or_else(|| v.clone()),
        serde_json::Value::Object(m) => serde_json::Value::Object(
            m.iter()
                .map(|(k, v)| (k.clone(), number_friendly(v)))
                .collect(),
        ),
        other => other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn vars(pairs: &[(&str, serde_json::Value)]) -> BTreeMap<String, serde_json::Value> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect()
    }

    #[test]
    fn conditions_over_metrics() {
        let v = vars(&[
            ("audit", json!({"critical_gaps": 2, "passed": false})),
            ("error_rate", json!(0.5)),
        ]);
        assert_eq!(
            evaluate("audit.critical_gaps > 0", &v),
            Verdict::Holds(true)
        );
        assert_eq!(
            evaluate("audit.critical_gaps > 2.5", &v),
            Verdict::Holds(false)
        );
        assert_eq!(
            evaluate("error_rate >= 1 || !audit.passed", &v),
            Verdict::Holds(true)
        );
        assert_eq!(evaluate("error_rate < 1", &v), Verdict::Holds(true));
        assert!(matches!(
            evaluate("unknown_metric > 0", &v),
            Verdict::Unknown(_)
        ));
        assert!(matches!(
            evaluate("audit.critical_gaps >", &v),
            Verdict::Invalid(_)
        ));
        assert!(matches!(
            evaluate("error_rate + 1", &v),
            Verdict::Invalid(_)
        ));
        assert!(matches!(
            evaluate("audit.missing_key > 0", &v),
            Verdict::Unknown(_)
        ));
        assert_eq!(cel_name("restore-test-results"), "restore_test_results");
    }

    #[test]
    fn the_names_a_waiting_condition_still_needs() {
        let v = vars(&[
            ("mitigation", json!({"status": "done"})),
            ("error_rate", json!(0.5)),
        ]);
        assert_eq!(
            unrecorded("!mitigation.service_restored", &v),
            ["mitigation.service_restored"]
        );
        assert_eq!(
            unrecorded("error_rate < 1 && size(p99) > 0 && region == 'eu.west'", &v),
            ["p99", "region"]
        );
        assert!(unrecorded("error_rate >= 1e3 || mitigation.status == \"done\"", &v).is_empty());
    }
}
