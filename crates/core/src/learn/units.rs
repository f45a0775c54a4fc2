//! Quantities with units, for comparing recorded metrics with criteria.
//!
//! Dimensions: ratios (`%`), time (`ms`, `s`, and every unit of
//! [`Unit`]: `min`, `h`, `d`, `w`, `mo`, `q`, `y`) and counts (no unit, or any
//! other word: `deploys`, `incidents`). Values convert only within a
//! dimension; words other than the known ones compare only with themselves.
//!
//! Time is elapsed (clock) time, as the continuous calendar counts it
//! ([`Calendar::Continuous`]: 24-hour days, 7-day weeks, 30-day months),
//! not working time. A criterion's duration is measured on the clock by
//! whoever records it: an MTTR, a lead time, a notice period or time to
//! hire runs over nights and weekends. So `20d` recorded against `< 3w` is
//! 2.9 weeks, where 20 working days would be 4 weeks.

use serde::Serialize;

use crate::duration::{Calendar, Unit};

/// A unit a metric is measured in.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MetricUnit {
    Percent,
    /// Time, with its length in milliseconds.
    Time {
        symbol: &'static str,
        ms: f64,
    },
    /// A plain count, or a named count (`deploys`).
    Count(Option<String>),
}

/// Units shorter than any calendar counts.
const SUB_MINUTE: &[(&[&str], &str, f64)] = &[
    (&["ms", "msec", "millisecond", "milliseconds"], "ms", 1.0),
    (&["s", "sec", "secs", "second", "seconds"], "s", 1_000.0),
];

/// The calendar criteria durations are measured in (see the module notes).
const CLOCK: Calendar = Calendar::Continuous;

impl MetricUnit {
    /// Read a unit as written in a criterion or beside a recorded value.
    pub fn parse(text: Option<&str>) -> MetricUnit {
        let Some(t) = text.map(str::trim).filter(|t| !t.is_empty()) else {
            return MetricUnit::Count(None);
        };
        let lower = t.to_lowercase();
        if matches!(lower.as_str(), "%" | "percent" | "pct") {
            return MetricUnit::Percent;
        }
        for (names, symbol, ms) in SUB_MINUTE {
            if names.contains(&lower.as_str()) {
                return MetricUnit::Time { symbol, ms: *ms };
            }
        }
        // A bare `m` (minutes or months?) stays a word, as before.
        if let Ok(unit) = Unit::parse(&lower) {
            return MetricUnit::Time {
                symbol: unit.short(),
                ms: CLOCK.minutes(unit) * 60_000.0,
            };
        }
        if matches!(lower.as_str(), "count" | "counts" | "x" | "#") {
            return MetricUnit::Count(None);
        }
        MetricUnit::Count(Some(lower))
    }

    pub fn symbol(&self) -> String {
        match self {
            MetricUnit::Percent => "%".into(),
            MetricUnit::Time { symbol, .. } => (*symbol).into(),
            MetricUnit::Count(None) => String::new(),
            MetricUnit::Count(Some(w)) => w.clone(),
        }
    }

    /// `value` in this unit expressed in `to`, when the two are compatible.
    pub fn convert(&self, value: f64, to: &MetricUnit) -> Option<f64> {
        match (self, to) {
            (MetricUnit::Percent, MetricUnit::Percent) => Some(value),
            (MetricUnit::Time { ms: a, .. }, MetricUnit::Time { ms: b, .. }) => Some(value * a / b),
            (MetricUnit::Count(a), MetricUnit::Count(b))
                if a == b || a.is_none() || b.is_none() =>
            {
                Some(value)
            }
            _ => None,
        }
    }
}

/// A recorded value: a number (taken to be in the criterion's unit) or a text
/// such as `0.4%`, `250 ms`, `25min`, `3`.
#[derive(Debug, Clone, PartialEq)]
pub struct Quantity {
    pub value: f64,
    /// `None` when the value carried no unit of its own.
    pub unit: Option<MetricUnit>,
}

impl Quantity {
    pub fn parse(text: &str) -> Option<Quantity> {
        let t = text.trim();
        let end = t
            .char_indices()
            .find(|&(i, c)| {
                !(c.is_ascii_digit() || c == '.' || ((c == '-' || c == '+') && i == 0) || c == '_')
            })
            .map(|(i, _)| i)
            .unwrap_or(t.len());
        let value: f64 = t[..end].replace('_', "").parse().ok()?;
        if !value.is_finite() {
            return None;
        }
        let rest = t[end..].trim();
        Some(Quantity {
            value,
            unit: (!rest.is_empty()).then(|| MetricUnit::parse(Some(rest))),
        })
    }

    /// From what the store recorded: a JSON number or string.
    pub fn from_json(v: &serde_json::Value) -> Option<Quantity> {
        match v {
            serde_json::Value::Number(n) => n.as_f64().map(|value| Quantity { value, unit: None }),
            serde_json::Value::String(s) => Quantity::parse(s),
            serde_json::Value::Bool(b) => Some(Quantity {
                value: f64::from(u8::from(*b)),
                unit: None,
            }),
            _ => None,
        }
    }

    /// The value in `unit`, or `None` when the units do not convert.
    pub fn in_unit(&self, unit: &MetricUnit) -> Option<f64> {
        match &self.unit {
            None => Some(self.value),
            Some(u) => u.convert(self.value, unit),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_within_a_dimension_only() {
        let ms = MetricUnit::parse(Some("ms"));
        let min = MetricUnit::parse(Some("minutes"));
        let h = MetricUnit::parse(Some("h"));
        let d = MetricUnit::parse(Some("days"));
        let s = MetricUnit::parse(Some("s"));
        assert_eq!(min.convert(90.0, &h), Some(1.5));
        assert_eq!(s.convert(2.0, &ms), Some(2000.0));
        assert_eq!(d.convert(1.0, &h), Some(24.0));
        assert_eq!(MetricUnit::Percent.convert(3.0, &ms), None);
        assert_eq!(
            MetricUnit::parse(None).convert(3.0, &MetricUnit::parse(Some("count"))),
            Some(3.0)
        );
        let deploys = MetricUnit::parse(Some("deploys"));
        assert_eq!(
            deploys.convert(3.0, &MetricUnit::parse(Some("Deploys"))),
            Some(3.0)
        );
        assert_eq!(
            deploys.convert(3.0, &MetricUnit::parse(Some("incidents"))),
            None
        );
        assert_eq!(deploys.convert(3.0, &h), None);
    }

    #[test]
    fn every_calendar_unit_converts_on_the_clock() {
        let w = MetricUnit::parse(Some("weeks"));
        let d = MetricUnit::parse(Some("d"));
        let mo = MetricUnit::parse(Some("months"));
        assert_eq!(d.convert(14.0, &w), Some(2.0));
        assert_eq!(w.convert(1.0, &MetricUnit::parse(Some("h"))), Some(168.0));
        assert_eq!(mo.convert(1.0, &d), Some(30.0));
        assert_eq!(MetricUnit::parse(Some("q")).convert(1.0, &mo), Some(3.0));
        assert_eq!(MetricUnit::parse(Some("yr")).convert(1.0, &mo), Some(12.0));
        assert_eq!(
            MetricUnit::parse(Some("min")).convert(90.0, &MetricUnit::parse(Some("s"))),
            Some(5400.0)
        );
        // `m` could be minutes or months: a word, which converts to no time.
        assert_eq!(MetricUnit::parse(Some("m")).convert(1.0, &d), None);
    }

    #[test]
    fn reads_quantities() {
        let q = Quantity::parse("0.4%").unwrap();
        assert_eq!((q.value, q.unit), (0.4, Some(MetricUnit::Percent)));
        assert_eq!(
            Quantity::parse("25 min")
                .unwrap()
                .in_unit(&MetricUnit::parse(Some("h"))),
            Some(25.0 / 60.0)
        );
        assert_eq!(Quantity::parse("1_200ms").unwrap().value, 1200.0);
        assert_eq!(Quantity::parse("-3").unwrap().value, -3.0);
        assert!(Quantity::parse("fast").is_none());
        assert!(Quantity::parse("").is_none());
        assert_eq!(
            Quantity::from_json(&serde_json::json!(2.5)).unwrap().value,
            2.5
        );
        assert_eq!(
            Quantity::from_json(&serde_json::json!(true)).unwrap().value,
            1.0
        );
    }
}
