//! Success criteria, evaluated: each measurable criterion compared with the
//! metrics a run recorded, giving met, missed or not measured.
//!
//! A criterion is met when every one of its metrics holds, missed when one
//! fails, and not measured otherwise (a metric nobody recorded, a value that
//! is not a number, or units that do not convert). Criteria without metrics
//! are not measured: they need a person's judgement.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::duration::trim_number;
use crate::learn::units::{MetricUnit, Quantity};
use crate::model::{Criterion, Metric};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Met,
    Missed,
    NotMeasured,
}

impl Outcome {
    pub fn label(self) -> &'static str {
        match self {
            Outcome::Met => "met",
            Outcome::Missed => "missed",
            Outcome::NotMeasured => "not measured",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct MetricResult {
    pub name: String,
    /// `error_rate < 1 %`.
    pub target: String,
    /// The recorded value as stored.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recorded: Option<serde_json::Value>,
    /// The recorded value in the target's unit.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub actual: Option<f64>,
    pub outcome: Outcome,
    /// Why a metric is not measured.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CriterionResult {
    pub text: String,
    pub outcome: Outcome,
    pub metrics: Vec<MetricResult>,
}

/// Find a recorded metric by name, exactly or ignoring case and `-`/`_`.
pub fn lookup<'a>(
    recorded: &'a BTreeMap<String, serde_json::Value>,
    name: &str,
) -> Option<&'a serde_json::Value> {
    let norm = |s: &str| s.to_lowercase().replace('-', "_");
    recorded.get(name).or_else(|| {
        recorded
            .iter()
            .find(|(k, _)| norm(k) == norm(name))
            .map(|(_, v)| v)
    })
}

/// Evaluate one metric target against the recorded values.
pub fn evaluate_metric(m: &Metric, recorded: &BTreeMap<String, serde_json::Value>) -> MetricResult {
    let unit = MetricUnit::parse(m.unit.as_deref());
    let value = lookup(recorded, &m.name);
    let mut result = MetricResult {
        name: m.name.clone(),
        target: m.to_string(),
        recorded: value.cloned(),
        actual: None,
        outcome: Outcome::NotMeasured,
        note: None,
    };
    let Some(value) = value else {
        result.note = Some("not recorded".into());
        return result;
    };
    let Some(op) = m.op else {
        result.note = Some(format!("`{}` is not a comparator", m.op_text));
        return result;
    };
    let Some(q) = Quantity::from_json(value) else {
        result.note = Some(format!("{value} is not a number"));
        return result;
    };
    let Some(actual) = q.in_unit(&unit) else {
        let from = q.unit.map(|u| u.symbol()).unwrap_or_default();
        result.note = Some(format!("`{from}` does not convert to `{}`", unit.symbol()));
        return result;
    };
    result.actual = Some(actual);
    result.outcome = if op.holds(actual, m.target) {
        Outcome::Met
    } else {
        Outcome::Missed
    };
    result
}

/// Evaluate every criterion.
pub fn evaluate(
    criteria: &[Criterion],
    recorded: &BTreeMap<String, serde_json::Value>,
) -> Vec<CriterionResult> {
    criteria
        .iter()
        .map(|c| {
            let metrics: Vec<MetricResult> = c
                .metrics
                .iter()
                .map(|m| evaluate_metric(m, recorded))
                .collect();
            let outcome = if metrics.iter().any(|m| m.outcome == Outcome::Missed) {
                Outcome::Missed
            } else if !metrics.is_empty() && metrics.iter().all(|m| m.outcome == Outcome::Met) {
                Outcome::Met
            } else {
                Outcome::NotMeasured
            };
            CriterionResult {
                text: c.text.clone(),
                outcome,
                metrics,
            }
        })
        .collect()
}

use crate::model::ALL_CRITERIA as ALL;

/// The metric names a gate's `criteria:` asks for, with `all` expanded to
/// every metric of every success criterion (in order, once each).
pub fn required_names(required: &[String], criteria: &[Criterion]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for name in required {
        let names: Vec<String> = if name == ALL {
            criteria
                .iter()
                .flat_map(|c| c.metrics.iter().map(|m| m.name.clone()))
                .collect()
        } else {
            vec![name.clone()]
        };
        for n in names {
            if !out.contains(&n) {
                out.push(n);
            }
        }
    }
    out
}

/// The criteria a gate requires (`checkpoint.criteria`, metric names or
/// `all`) that are not met, each with the reason.
pub fn unmet_for_gate(
    required: &[String],
    criteria: &[Criterion],
    recorded: &BTreeMap<String, serde_json::Value>,
) -> Vec<String> {
    required_names(required, criteria)
        .iter()
        .filter_map(|name| {
            let metric = criteria
                .iter()
                .flat_map(|c| &c.metrics)
                .find(|m| &m.name == name);
            let r = match metric {
                Some(m) => evaluate_metric(m, recorded),
                None => return Some(format!("{name}: no success criterion defines it")),
            };
            match r.outcome {
                Outcome::Met => None,
                Outcome::Missed => Some(format!(
                    "{}: missed ({} recorded)",
                    r.target,
                    trim_number(r.actual.unwrap_or_default())
                )),
                Outcome::NotMeasured => Some(format!(
                    "{}: not measured ({})",
                    r.target,
                    r.note.unwrap_or_default()
                )),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Comparator;
    use crate::span::Span;

    fn metric(name: &str, op: &str, target: f64, unit: Option<&str>) -> Metric {
        Metric {
            name: name.into(),
            op: Comparator::parse(op),
            op_text: op.into(),
            target,
            unit: unit.map(Into::into),
            baseline: None,
            span: Span::default(),
        }
    }

    fn rec(pairs: &[(&str, serde_json::Value)]) -> BTreeMap<String, serde_json::Value> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect()
    }

    fn outcome(op: &str, target: f64, unit: Option<&str>, value: serde_json::Value) -> Outcome {
        evaluate_metric(&metric("m", op, target, unit), &rec(&[("m", value)])).outcome
    }

    use Outcome::{Met, Missed, NotMeasured};
    use serde_json::json;

    #[test]
    fn every_comparator() {
        let cases = [
            ("<", 0.5, Met),
            ("<", 1.0, Missed),
            ("<", 2.0, Missed),
            ("<=", 0.5, Met),
            ("<=", 1.0, Met),
            ("<=", 2.0, Missed),
            (">", 2.0, Met),
            (">", 1.0, Missed),
            (">", 0.5, Missed),
            (">=", 2.0, Met),
            (">=", 1.0, Met),
            (">=", 0.5, Missed),
            ("=", 1.0, Met),
            ("=", 1.5, Missed),
            ("!=", 1.5, Met),
            ("!=", 1.0, Missed),
        ];
        for (op, value, want) in cases {
            assert_eq!(outcome(op, 1.0, None, json!(value)), want, "{value} {op} 1");
        }
        assert_eq!(outcome("~", 1.0, None, json!(1.0)), NotMeasured);
    }

    #[test]
    fn every_unit_and_conversions() {
        // error_rate < 1 %
        assert_eq!(outcome("<", 1.0, Some("%"), json!(0.4)), Met);
        assert_eq!(outcome("<", 1.0, Some("%"), json!("1.2%")), Missed);
        assert_eq!(outcome("<", 1.0, Some("%"), json!("3 ms")), NotMeasured);
        // p99 < 500 ms, recorded in seconds or ms
        assert_eq!(outcome("<", 500.0, Some("ms"), json!("0.45 s")), Met);
        assert_eq!(outcome("<", 500.0, Some("ms"), json!("620ms")), Missed);
        assert_eq!(outcome("<", 500.0, Some("ms"), json!(499)), Met);
        // seconds vs minutes
        assert_eq!(outcome("<=", 90.0, Some("s"), json!("1.5 min")), Met);
        assert_eq!(outcome("<=", 90.0, Some("s"), json!("2 min")), Missed);
        // MTTR < 30 min, recorded in minutes, hours, seconds
        assert_eq!(outcome("<", 30.0, Some("min"), json!("25 min")), Met);
        assert_eq!(outcome("<", 30.0, Some("min"), json!("0.75h")), Missed);
        assert_eq!(outcome("<", 30.0, Some("min"), json!("1200 s")), Met);
        // hours vs days
        assert_eq!(outcome("<", 48.0, Some("h"), json!("1.5 d")), Met);
        assert_eq!(outcome("<", 48.0, Some("h"), json!("3 days")), Missed);
        assert_eq!(outcome("<=", 2.0, Some("d"), json!("36 h")), Met);
        // counts: plain and named
        assert_eq!(outcome("=", 0.0, None, json!(0)), Met);
        assert_eq!(outcome(">=", 5.0, Some("deploys"), json!("6 deploys")), Met);
        assert_eq!(outcome(">=", 5.0, Some("deploys"), json!("6")), Met);
        assert_eq!(
            outcome(">=", 5.0, Some("deploys"), json!("6 incidents")),
            NotMeasured
        );
        assert_eq!(outcome(">=", 5.0, Some("count"), json!(4)), Missed);
        assert_eq!(outcome("<", 1.0, Some("%"), json!("lots")), NotMeasured);
    }

    /// Weeks, days, months and the rest convert into each other as elapsed
    /// time (7-day weeks, 30-day months; see `learn::units`).
    #[test]
    fn durations_convert_across_calendar_units() {
        // lead time < 2 weeks
        assert_eq!(outcome("<", 2.0, Some("w"), json!("5d")), Met);
        assert_eq!(outcome("<", 2.0, Some("w"), json!("15 days")), Missed);
        assert_eq!(outcome("<", 2.0, Some("weeks"), json!("36h")), Met);
        // 20 days is 2.9 weeks on the clock (20 working days would be 4)
        assert_eq!(outcome(">=", 3.0, Some("w"), json!("20d")), Missed);
        assert_eq!(outcome("<", 3.0, Some("w"), json!("20d")), Met);
        assert_eq!(outcome(">=", 3.0, Some("w"), json!("21 days")), Met);
        // days against weeks and months
        assert_eq!(outcome("<=", 10.0, Some("days"), json!("1.5w")), Missed);
        assert_eq!(outcome("<=", 14.0, Some("days"), json!("2 weeks")), Met);
        assert_eq!(outcome("<", 2.0, Some("months"), json!("7w")), Met);
        assert_eq!(outcome("<", 2.0, Some("months"), json!("9 weeks")), Missed);
        assert_eq!(outcome("<=", 1.0, Some("q"), json!("3mo")), Met);
        assert_eq!(outcome("<", 60.0, Some("min"), json!("1h")), Missed);
        // the note names both units when they do not convert
        let r = evaluate_metric(
            &metric("m", "<", 2.0, Some("w")),
            &rec(&[("m", json!("3 deploys"))]),
        );
        assert_eq!(r.outcome, NotMeasured);
        assert_eq!(r.note.as_deref(), Some("`deploys` does not convert to `w`"));
    }

    #[test]
    fn criteria_combine_their_metrics() {
        let c = Criterion {
            text: "All services have <1% error rate, p99 <500ms".into(),
            metrics: vec![
                metric("error_rate", "<", 1.0, Some("%")),
                metric("p99", "<", 500.0, Some("ms")),
            ],
            span: Span::default(),
        };
        let both = rec(&[("error_rate", json!(0.3)), ("P99", json!("420 ms"))]);
        assert_eq!(evaluate(std::slice::from_ref(&c), &both)[0].outcome, Met);
        let one = rec(&[("error_rate", json!(0.3))]);
        assert_eq!(
            evaluate(std::slice::from_ref(&c), &one)[0].outcome,
            NotMeasured
        );
        let bad = rec(&[("error-rate", json!(2)), ("p99", json!(100))]);
        let r = evaluate(std::slice::from_ref(&c), &bad);
        assert_eq!(r[0].outcome, Missed);
        assert_eq!(r[0].metrics[0].target, "error_rate < 1 %");
        let unmet = unmet_for_gate(
            &["error_rate".into(), "p99".into(), "nps".into()],
            &[c],
            &bad,
        );
        assert_eq!(unmet.len(), 2, "{unmet:?}");
        assert!(unmet[0].contains("missed (2 recorded)"), "{unmet:?}");
        assert!(unmet[1].contains("no success criterion"), "{unmet:?}");
        let c = [Criterion {
            text: "fast and safe".into(),
            metrics: vec![
                metric("p99", "<", 500.0, Some("ms")),
                metric("errors", "<", 1.0, Some("%")),
            ],
            span: Span::default(),
        }];
        let names = required_names(&["errors".into(), ALL.into()], &c);
        assert_eq!(names, ["errors", "p99"]);
        let unmet = unmet_for_gate(&[ALL.into()], &c, &rec(&[("p99", json!(420))]));
        assert_eq!(unmet.len(), 1, "{unmet:?}");
        assert!(unmet[0].contains("not measured"), "{unmet:?}");
    }
}
