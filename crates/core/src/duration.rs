//! Working time: units, calendars, durations and duration ranges.
//!
//! Everything is normalised to working minutes under a [`Calendar`]. The
//! default business calendar counts a day as 8 working hours, a week as 5 days,
//! a month as 21 working days, a quarter as 3 months and a year as 12 months.
//! Workflows that run around the clock (incident response) use the continuous
//! calendar: 24-hour days, 7-day weeks, 30-day months.

use std::fmt;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// How working time maps onto units.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Calendar {
    /// 8-hour days, 5-day weeks, 21-day months.
    #[default]
    Business,
    /// 24-hour days, 7-day weeks, 30-day months (incidents, on-call).
    Continuous,
}

impl Calendar {
    pub fn hours_per_day(self) -> f64 {
        match self {
            Calendar::Business => 8.0,
            Calendar::Continuous => 24.0,
        }
    }
    pub fn days_per_week(self) -> f64 {
        match self {
            Calendar::Business => 5.0,
            Calendar::Continuous => 7.0,
        }
    }
    pub fn days_per_month(self) -> f64 {
        match self {
            Calendar::Business => 21.0,
            Calendar::Continuous => 30.0,
        }
    }
    /// Working minutes in one `unit`.
    pub fn minutes(self, unit: Unit) -> f64 {
        let day = self.hours_per_day() * 60.0;
        match unit {
            Unit::Minute => 1.0,
            Unit::Hour => 60.0,
            Unit::Day => day,
            Unit::Week => day * self.days_per_week(),
            Unit::Month => day * self.days_per_month(),
            Unit::Quarter => day * self.days_per_month() * 3.0,
            Unit::Year => day * self.days_per_month() * 12.0,
        }
    }
}

/// A unit of time as people write it in playbooks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Unit {
    Minute,
    Hour,
    Day,
    Week,
    Month,
    Quarter,
    Year,
}

impl Unit {
    /// Parse a unit word: full names, plurals and the usual short forms.
    /// A bare `m` is refused because it could mean minutes or months.
    pub fn parse(word: &str) -> Result<Unit, DurationError> {
        let w = word.trim().trim_end_matches('.').to_ascii_lowercase();
        Ok(match w.as_str() {
            "minute" | "minutes" | "min" | "mins" => Unit::Minute,
            "hour" | "hours" | "h" | "hr" | "hrs" => Unit::Hour,
            "day" | "days" | "d" => Unit::Day,
            "week" | "weeks" | "w" | "wk" | "wks" => Unit::Week,
            "month" | "months" | "mo" | "mos" | "mon" => Unit::Month,
            "quarter" | "quarters" | "q" | "qtr" => Unit::Quarter,
            "year" | "years" | "y" | "yr" | "yrs" => Unit::Year,
            "m" => return Err(DurationError::AmbiguousUnit),
            _ => return Err(DurationError::UnknownUnit(word.trim().to_string())),
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            Unit::Minute => "minute",
            Unit::Hour => "hour",
            Unit::Day => "day",
            Unit::Week => "week",
            Unit::Month => "month",
            Unit::Quarter => "quarter",
            Unit::Year => "year",
        }
    }

    pub fn short(self) -> &'static str {
        match self {
            Unit::Minute => "min",
            Unit::Hour => "h",
            Unit::Day => "d",
            Unit::Week => "w",
            Unit::Month => "mo",
            Unit::Quarter => "q",
            Unit::Year => "y",
        }
    }
}

/// Why a duration or window could not be read.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum DurationError {
    #[error("empty time expression")]
    Empty,
    #[error("unknown time unit `{0}`")]
    UnknownUnit(String),
    #[error("`m` is ambiguous: write `min` for minutes or `mo` for months")]
    AmbiguousUnit,
    #[error("expected a number in `{0}`")]
    NoNumber(String),
    #[error("the range `{0}` runs backwards")]
    Backwards(String),
    #[error("a negative amount of time in `{0}`")]
    Negative(String),
}

/// An amount of working time, in working minutes.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct WorkTime(pub f64);

impl WorkTime {
    pub const ZERO: WorkTime = WorkTime(0.0);

    pub fn minutes(self) -> f64 {
        self.0
    }

    pub fn of(amount: f64, unit: Unit, calendar: Calendar) -> WorkTime {
        WorkTime(amount * calendar.minutes(unit))
    }

    pub fn in_unit(self, unit: Unit, calendar: Calendar) -> f64 {
        self.0 / calendar.minutes(unit)
    }

    /// The largest unit in which this amount is at least one, for display.
    pub fn natural_unit(self, calendar: Calendar) -> Unit {
        use Unit::*;
        [Year, Month, Week, Day, Hour]
            .into_iter()
            .find(|u| *u != Quarter && self.0 >= calendar.minutes(*u) * 0.999)
            .unwrap_or(Minute)
    }

    /// A short human form such as `2.5w` or `3mo`.
    pub fn display(self, calendar: Calendar) -> String {
        let unit = self.natural_unit(calendar);
        format!(
            "{}{}",
            trim_number(self.in_unit(unit, calendar)),
            unit.short()
        )
    }
}

/// How far a measured amount may stray from a stated one written in `unit`
/// before they disagree: the larger of 10% and half a unit. `check` (SC015,
/// SC022) and `timeline` read stated durations with this tolerance.
pub fn stated_tolerance(stated: WorkTime, unit: Unit, calendar: Calendar) -> WorkTime {
    WorkTime((stated.0 * 0.1).max(calendar.minutes(unit) * 0.5))
}

impl std::ops::Add for WorkTime {
    type Output = WorkTime;
    fn add(self, o: WorkTime) -> WorkTime {
        WorkTime(self.0 + o.0)
    }
}

/// Format a number with at most one decimal, dropping `.0`.
pub fn trim_number(x: f64) -> String {
    let r = (x * 10.0).round() / 10.0;
    if (r - r.round()).abs() < 1e-9 {
        format!("{}", r.round() as i64)
    } else {
        format!("{r:.1}")
    }
}

/// A parsed amount with its unit as written: `2 weeks`, `6-12 months`.
#[derive(Debug, Clone, PartialEq)]
pub struct Quantity {
    pub low: f64,
    pub high: f64,
    pub unit: Unit,
    /// Text in parentheses after the quantity, e.g. `depends on monolith size`.
    pub note: Option<String>,
}

/// Split `text (note)` into the text and the note.
pub fn split_note(text: &str) -> (&str, Option<String>) {
    let t = text.trim();
    if let Some(open) = t.find('(') {
        let note = t[open + 1..].trim_end().trim_end_matches(')').trim();
        let head = t[..open].trim();
        return (head, (!note.is_empty()).then(|| note.to_string()));
    }
    (t, None)
}

/// Read `a-b`, `a–b`, `a to b` or `a` as numbers.
pub(crate) fn parse_number_range(text: &str) -> Option<(f64, f64)> {
    let t = text.trim();
    let normalised = t.replace(['–', '—'], "-").replace(" to ", "-");
    let mut parts = normalised.splitn(2, '-');
    let a = parts.next()?.trim();
    let a: f64 = a.parse().ok()?;
    match parts.next() {
        None => Some((a, a)),
        Some(b) => Some((a, b.trim().parse().ok()?)),
    }
}

/// Split `6-12months` / `6-12 months` / `2w` into the number part and the unit word.
fn split_number_unit(text: &str) -> (&str, &str) {
    let t = text.trim();
    let idx = t
        .char_indices()
        .find(|(_, c)| c.is_alphabetic())
        .map(|(i, _)| i)
        .unwrap_or(t.len());
    (t[..idx].trim(), t[idx..].trim())
}

impl Quantity {
    /// Parse `2 weeks`, `2w`, `6-12 months (depends on size)`, `1.5mo`.
    pub fn parse(text: &str) -> Result<Quantity, DurationError> {
        let (head, note) = split_note(text);
        if head.is_empty() {
            return Err(DurationError::Empty);
        }
        let (num, unit) = split_number_unit(head);
        if num.is_empty() {
            return Err(DurationError::NoNumber(head.to_string()));
        }
        if num.starts_with('-') {
            return Err(DurationError::Negative(head.to_string()));
        }
        let (low, high) =
            parse_number_range(num).ok_or_else(|| DurationError::NoNumber(head.to_string()))?;
        if !low.is_finite() || !high.is_finite() {
            return Err(DurationError::NoNumber(head.to_string()));
        }
        if high < low {
            return Err(DurationError::Backwards(head.to_string()));
        }
        if unit.is_empty() {
            return Err(DurationError::UnknownUnit(String::new()));
        }
        Ok(Quantity {
            low,
            high,
            unit: Unit::parse(unit)?,
            note,
        })
    }
}

/// Parse a single duration (`2w`, `3 days`, `9mo`) into working time.
pub fn parse_duration(text: &str, calendar: Calendar) -> Result<WorkTime, DurationError> {
    let q = Quantity::parse(text)?;
    Ok(WorkTime::of((q.low + q.high) / 2.0, q.unit, calendar))
}

/// A workflow's overall timeline as stated.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Timeline {
    /// A range such as `6-12 months`.
    Range {
        min: WorkTime,
        max: WorkTime,
        unit: Unit,
    },
    /// `Real-time`: measured in minutes to hours, with no fixed range.
    RealTime,
    /// `Ongoing`: no end.
    Ongoing,
}

impl Timeline {
    pub fn parse(text: &str, calendar: Calendar) -> Result<Timeline, DurationError> {
        let (head, _) = split_note(text);
        let key = head.to_ascii_lowercase().replace([' ', '-', '_'], "");
        match key.as_str() {
            "realtime" => return Ok(Timeline::RealTime),
            "ongoing" | "continuous" => return Ok(Timeline::Ongoing),
            _ => {}
        }
        let q = Quantity::parse(text)?;
        Ok(Timeline::Range {
            min: WorkTime::of(q.low, q.unit, calendar),
            max: WorkTime::of(q.high, q.unit, calendar),
            unit: q.unit,
        })
    }

    pub fn range(&self) -> Option<(WorkTime, WorkTime)> {
        match self {
            Timeline::Range { min, max, .. } => Some((*min, *max)),
            _ => None,
        }
    }
}

impl fmt::Display for WorkTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.display(Calendar::Business))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const B: Calendar = Calendar::Business;

    #[test]
    fn units_and_short_forms() {
        assert_eq!(
            parse_duration("2 weeks", B).unwrap(),
            WorkTime(2.0 * 5.0 * 8.0 * 60.0)
        );
        assert_eq!(
            parse_duration("2w", B).unwrap(),
            parse_duration("2 weeks", B).unwrap()
        );
        assert_eq!(
            parse_duration("9mo", B).unwrap(),
            WorkTime(9.0 * 21.0 * 480.0)
        );
        assert_eq!(parse_duration("4h", B).unwrap(), WorkTime(240.0));
        assert_eq!(parse_duration("30 min", B).unwrap(), WorkTime(30.0));
        assert_eq!(
            parse_duration("1 quarter (3 months)", B).unwrap(),
            parse_duration("3 months", B).unwrap()
        );
        assert_eq!(parse_duration("3m", B), Err(DurationError::AmbiguousUnit));
        assert!(parse_duration("soon", B).is_err());
        assert!(parse_duration("", B).is_err());
        assert!(parse_duration("-3d", B).is_err());
    }

    #[test]
    fn calendars_differ() {
        let c = Calendar::Continuous;
        assert_eq!(parse_duration("1 day", c).unwrap(), WorkTime(1440.0));
        assert_eq!(parse_duration("1 week", c).unwrap(), WorkTime(7.0 * 1440.0));
    }

    #[test]
    fn timelines() {
        let t = Timeline::parse("6-12 months (depends on monolith size)", B).unwrap();
        assert_eq!(
            t.range(),
            Some((
                WorkTime::of(6.0, Unit::Month, B),
                WorkTime::of(12.0, Unit::Month, B)
            ))
        );
        assert_eq!(
            Timeline::parse("Real-time (minutes to hours)", B).unwrap(),
            Timeline::RealTime
        );
        assert_eq!(Timeline::parse("Ongoing", B).unwrap(), Timeline::Ongoing);
        assert!(matches!(
            Timeline::parse("12-6 months", B),
            Err(DurationError::Backwards(_))
        ));
        assert_eq!(
            Timeline::parse("2–3 months", B).unwrap().range().unwrap().1,
            WorkTime::of(3.0, Unit::Month, B)
        );
    }

    #[test]
    fn display_picks_natural_unit() {
        assert_eq!(WorkTime::of(2.5, Unit::Week, B).display(B), "2.5w");
        assert_eq!(WorkTime::of(3.0, Unit::Month, B).display(B), "3mo");
        assert_eq!(WorkTime(30.0).display(B), "30min");
    }
}
