//! Phase windows: when a phase happens relative to the start of a workflow.
//!
//! Two conventions meet in playbooks, and both are honoured:
//! - **Ordinal** windows count calendar-sized periods from 1: `Month 1-2` runs
//!   from the start of month 1 to the end of month 2, `Week 3` is the third
//!   week, `Q1` the first quarter. Days, weeks, months, quarters and years are
//!   ordinal.
//! - **Offset** windows measure elapsed time from 0: `Minutes 0-5`, `Minutes
//!   5-60`, `Hours 1-4` (from the first hour mark to the fourth). Minutes and
//!   hours are offsets, and so is any window whose first number is 0
//!   (`Months 0-3` = the first three months).
//!
//! `Real-time` and `Ongoing` are windows without fixed bounds.

use serde::Serialize;

use crate::duration::{Calendar, DurationError, Unit, WorkTime, parse_number_range, split_note};

/// How a window's numbers are counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum WindowKind {
    Ordinal,
    Offset,
    RealTime,
    Ongoing,
}

/// A parsed window: start and end in working time from the workflow's start.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Window {
    pub kind: WindowKind,
    pub unit: Option<Unit>,
    /// Where the window starts; `None` for real-time and ongoing windows.
    pub start: Option<WorkTime>,
    /// Where it ends; `None` when open-ended.
    pub end: Option<WorkTime>,
    pub note: Option<String>,
}

impl Window {
    /// Parse a window; a backwards range is an error.
    pub fn parse(text: &str, calendar: Calendar) -> Result<Window, DurationError> {
        let (head, note) = split_note(text);
        if head.is_empty() {
            return Err(DurationError::Empty);
        }
        let key = head.to_ascii_lowercase().replace([' ', '-', '_'], "");
        let open = |kind| Window {
            kind,
            unit: None,
            start: None,
            end: None,
            note: note.clone(),
        };
        match key.as_str() {
            "realtime" | "immediate" | "immediately" => return Ok(open(WindowKind::RealTime)),
            "ongoing" | "continuous" => return Ok(open(WindowKind::Ongoing)),
            _ => {}
        }
        let head = normalise_quarters(head);
        let (unit, numbers) = split_window(&head)?;
        let (a, b) =
            parse_number_range(numbers).ok_or_else(|| DurationError::NoNumber(head.to_string()))?;
        if a < 0.0 || b < 0.0 {
            return Err(DurationError::Negative(head.to_string()));
        }
        if b < a {
            return Err(DurationError::Backwards(head.to_string()));
        }
        let unit_len = calendar.minutes(unit);
        let offset_style = matches!(unit, Unit::Minute | Unit::Hour) || a == 0.0;
        let (kind, start, end) = if offset_style {
            let end = if a == b { b + 1.0 } else { b };
            (WindowKind::Offset, a, end)
        } else {
            (WindowKind::Ordinal, a - 1.0, b)
        };
        Ok(Window {
            kind,
            unit: Some(unit),
            start: Some(WorkTime(start * unit_len)),
            end: Some(WorkTime(end * unit_len)),
            note,
        })
    }

    pub fn duration(&self) -> Option<WorkTime> {
        Some(WorkTime(self.end?.0 - self.start?.0))
    }
}

/// Split `Months 7-12`, `Q1-Q2`, `Week 3` into a unit and the numbers.
fn split_window(head: &str) -> Result<(Unit, &str), DurationError> {
    let t = head.trim();
    // Quarters are written `Q1`, `Q1-Q2` or `Q1-2`.
    if let Some(rest) = t
        .strip_prefix(['Q', 'q'])
        .filter(|r| r.starts_with(|c: char| c.is_ascii_digit()))
    {
        return Ok((Unit::Quarter, rest.trim_start()));
    }
    let idx = t
        .find(|c: char| c.is_ascii_digit())
        .ok_or_else(|| DurationError::NoNumber(t.to_string()))?;
    let unit = Unit::parse(t[..idx].trim())?;
    Ok((unit, &t[idx..]))
}

/// Quarter ranges may repeat the `Q`: `Q1-Q2` reads as `Q1-2`.
fn normalise_quarters(head: &str) -> String {
    let t = head.trim();
    match t.strip_prefix(['Q', 'q']) {
        Some(rest) if rest.contains(['Q', 'q']) => format!("Q{}", rest.replace(['Q', 'q'], "")),
        _ => t.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const B: Calendar = Calendar::Business;

    fn bounds(text: &str) -> (f64, f64) {
        let w = Window::parse(text, B).unwrap();
        (w.start.unwrap().0, w.end.unwrap().0)
    }

    #[test]
    fn ordinal_windows_are_one_based() {
        let month = B.minutes(Unit::Month);
        assert_eq!(bounds("Month 1-2"), (0.0, 2.0 * month));
        assert_eq!(bounds("Months 7-12"), (6.0 * month, 12.0 * month));
        assert_eq!(bounds("Month 5"), (4.0 * month, 5.0 * month));
        let week = B.minutes(Unit::Week);
        assert_eq!(bounds("Week 3"), (2.0 * week, 3.0 * week));
        assert_eq!(bounds("Weeks 1-2"), (0.0, 2.0 * week));
        assert_eq!(bounds("Week 9-12"), (8.0 * week, 12.0 * week));
        assert_eq!(bounds("Days 1-7"), (0.0, 7.0 * 480.0));
        let q = B.minutes(Unit::Quarter);
        assert_eq!(bounds("Q1"), (0.0, q));
        assert_eq!(bounds("Q1-Q2"), (0.0, 2.0 * q));
        assert_eq!(bounds("Q2-3"), (q, 3.0 * q));
    }

    #[test]
    fn offset_windows_are_zero_based() {
        assert_eq!(bounds("Minutes 0-5"), (0.0, 5.0));
        assert_eq!(bounds("Minutes 5-60"), (5.0, 60.0));
        assert_eq!(bounds("Hours 1-4"), (60.0, 240.0));
        let month = B.minutes(Unit::Month);
        assert_eq!(bounds("Months 0-3"), (0.0, 3.0 * month));
    }

    #[test]
    fn special_and_bad_windows() {
        assert_eq!(
            Window::parse("Real-time", B).unwrap().kind,
            WindowKind::RealTime
        );
        assert_eq!(
            Window::parse("Ongoing", B).unwrap().kind,
            WindowKind::Ongoing
        );
        assert!(matches!(
            Window::parse("Month 4-2", B),
            Err(DurationError::Backwards(_))
        ));
        assert!(Window::parse("Sometime", B).is_err());
        assert!(Window::parse("", B).is_err());
        assert_eq!(
            Window::parse("Month 1–2 (overlaps)", B)
                .unwrap()
                .note
                .as_deref(),
            Some("overlaps")
        );
    }
}
