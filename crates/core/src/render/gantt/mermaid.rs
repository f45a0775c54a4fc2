//! A [`Gantt`] as Mermaid `gantt` text.

use std::fmt::Write;

use crate::plan::gantt::Gantt;
use crate::render::escape::mermaid::gantt_text;

use super::axis_unit;

/// Mermaid `gantt` text. Mermaid draws calendar dates, so one unit of the
/// chart's axis (e.g. a working month) is drawn as one day from 2000-01-01
/// and the axis shows the unit number (`%-j`, day of the year); the title
/// names the unit.
pub fn mermaid(g: &Gantt) -> String {
    let unit = axis_unit(g);
    let unit_len = g.calendar.minutes(unit);
    let stamp = |t: f64| -> String {
        // Minutes since the start of day 1 of the drawing.
        let m = (t / unit_len * 1440.0).round() as i64;
        let (day, rest) = (m.div_euclid(1440), m.rem_euclid(1440));
        let (y, mo, d) = civil_from_days(days_from_civil(2000, 1, 1) + day);
        format!("{y:04}-{mo:02}-{d:02} {:02}:{:02}", rest / 60, rest % 60)
    };
    let mut out = String::new();
    let _ = writeln!(out, "gantt");
    let _ = writeln!(
        out,
        "    title {} (axis: {}s from the start)",
        gantt_text(&g.title),
        unit.name()
    );
    let _ = writeln!(out, "    dateFormat YYYY-MM-DD HH:mm");
    let _ = writeln!(out, "    axisFormat %-j");
    let mut section = "";
    for (n, b) in g.bars.iter().enumerate() {
        if b.section != section {
            section = &b.section;
            let _ = writeln!(out, "    section {}", gantt_text(section));
        }
        let mut tags = Vec::new();
        if b.milestone {
            tags.push("milestone".to_string());
        }
        if b.critical {
            tags.push("crit".to_string());
        }
        tags.push(format!("t{n}"));
        tags.push(stamp(b.start));
        if b.milestone {
            tags.push("0d".to_string());
        } else {
            tags.push(stamp(b.finish.max(b.start)));
        }
        let _ = writeln!(out, "    {} :{}", gantt_text(&b.label), tags.join(", "));
    }
    out
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_round_trip() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(
            civil_from_days(days_from_civil(2000, 2, 29) + 1),
            (2000, 3, 1)
        );
        assert_eq!(
            civil_from_days(days_from_civil(2000, 1, 1) + 366),
            (2001, 1, 1)
        );
    }
}
