//! Time for a designed workflow: phase windows laid back to back over a
//! horizon in proportion to the phases' weight, and step estimates scaled by
//! the same factor, written the way playbooks write them (`Week 3-6`,
//! `1.5w / 2w / 3w`).

use crate::duration::{Calendar, Unit, WorkTime, trim_number};
use crate::model::Estimate;

/// Windows for `weights.len()` phases over `total`, contiguous and in order,
/// each at least one unit long.
pub fn lay_out(weights: &[f64], total: WorkTime, calendar: Calendar) -> Vec<String> {
    let n = weights.len();
    if n == 0 {
        return Vec::new();
    }
    let (unit, units) = unit_for(total, n, calendar);
    let sum: f64 = weights.iter().map(|w| w.max(0.0)).sum();
    let mut bounds = Vec::with_capacity(n);
    let mut acc = 0.0;
    let mut prev = 0usize;
    for (i, w) in weights.iter().enumerate() {
        acc += if sum > 0.0 {
            w.max(0.0) / sum
        } else {
            1.0 / n as f64
        };
        let remaining = n - i - 1;
        let ideal = (acc * units as f64).round() as usize;
        let b = if remaining == 0 {
            units
        } else {
            ideal.max(prev + 1).min(units - remaining)
        };
        bounds.push(b);
        prev = b;
    }
    let offset = matches!(unit, Unit::Minute | Unit::Hour);
    let word = match unit {
        Unit::Minute => "Minutes",
        Unit::Hour => "Hours",
        Unit::Day => "Day",
        Unit::Week => "Week",
        _ => "Month",
    };
    let mut start = 0usize;
    bounds
        .into_iter()
        .map(|end| {
            let text = if offset {
                format!("{word} {start}-{end}")
            } else if start + 1 == end {
                format!("{word} {end}")
            } else {
                format!("{word} {}-{end}", start + 1)
            };
            start = end;
            text
        })
        .collect()
}

/// The unit for the windows and how many whole units `total` is in it: the
/// largest that gives every phase two units, or one unit when the next finer
/// unit would be too fine to read (more than 60 of them).
fn unit_for(total: WorkTime, phases: usize, calendar: Calendar) -> (Unit, usize) {
    let count = |u: Unit| (total.0 / calendar.minutes(u)).round().max(0.0) as usize;
    let units = [Unit::Month, Unit::Week, Unit::Day, Unit::Hour, Unit::Minute];
    for (i, u) in units.iter().enumerate() {
        let n = count(*u);
        let finer = units.get(i + 1).map(|f| count(*f)).unwrap_or(0);
        if (n >= 2 * phases && n >= 3) || (n >= phases && finer > 60) {
            return (*u, n);
        }
    }
    (Unit::Minute, count(Unit::Minute).max(phases))
}

/// An estimate scaled by `factor`, written in its likely value's unit.
pub fn scaled_estimate(e: &Estimate, factor: f64, calendar: Calendar) -> String {
    let scale = |t: WorkTime| WorkTime(t.0 * factor);
    let likely = scale(e.likely());
    let unit = likely.natural_unit(calendar);
    let unit = if unit == Unit::Year {
        Unit::Month
    } else {
        unit
    };
    let show = |t: WorkTime| -> f64 { round_nicely(t.in_unit(unit, calendar)) };
    match e {
        Estimate::Single { .. } => {
            format!("{}{}", trim_number(show(likely).max(0.5)), unit.short())
        }
        Estimate::ThreePoint {
            optimistic,
            pessimistic,
            ..
        } => {
            let m = show(likely).max(0.5);
            let o = show(scale(*optimistic)).clamp(0.5_f64.min(m), m);
            let p = show(scale(*pessimistic)).max(m);
            format!(
                "{}{u} / {}{u} / {}{u}",
                trim_number(o),
                trim_number(m),
                trim_number(p),
                u = unit.short()
            )
        }
    }
}

/// Whole numbers from 10 up, halves below.
fn round_nicely(x: f64) -> f64 {
    if x >= 10.0 {
        x.round()
    } else {
        (x * 2.0).round() / 2.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::window::Window;

    const B: Calendar = Calendar::Business;

    #[test]
    fn windows_fill_the_horizon_in_order() {
        let w = lay_out(&[1.0, 2.0, 4.0, 1.0], WorkTime::of(3.0, Unit::Month, B), B);
        assert_eq!(w, ["Week 1-2", "Week 3-5", "Week 6-11", "Week 12-13"]);
        let w = lay_out(&[1.0, 1.0], WorkTime::of(12.0, Unit::Month, B), B);
        assert_eq!(w, ["Month 1-6", "Month 7-12"]);
        let w = lay_out(
            &[1.0, 1.0, 1.0],
            WorkTime::of(4.0, Unit::Hour, Calendar::Continuous),
            Calendar::Continuous,
        );
        assert_eq!(w, ["Hours 0-1", "Hours 1-3", "Hours 3-4"]);
    }

    #[test]
    fn every_window_parses_and_none_is_empty() {
        for phases in 1..9 {
            for total in [2.0, 30.0, 500.0, 5000.0, 40_000.0, 200_000.0] {
                let w = lay_out(&vec![1.0; phases], WorkTime(total), B);
                assert_eq!(w.len(), phases);
                let mut end = 0.0;
                for text in &w {
                    let win = Window::parse(text, B).unwrap_or_else(|e| panic!("{text}: {e}"));
                    let (s, e) = (win.start.unwrap().0, win.end.unwrap().0);
                    assert!(e > s, "{text}");
                    assert!(s >= end - 1e-9, "{w:?} overlaps");
                    end = e;
                }
            }
        }
    }

    #[test]
    fn scaled_estimates_stay_ordered() {
        let e = Estimate::parse("1w / 2w / 4w", B).unwrap();
        assert_eq!(scaled_estimate(&e, 1.0, B), "1w / 2w / 4w");
        assert_eq!(scaled_estimate(&e, 0.5, B), "0.5w / 1w / 2w");
        assert_eq!(scaled_estimate(&e, 0.1, B), "0.5d / 1d / 2d");
        let parsed = Estimate::parse(&scaled_estimate(&e, 0.37, B), B);
        assert!(parsed.is_ok());
    }
}
