//! Gantt charts of a computed schedule ([`Gantt`], the planner's data):
//! terminal text here, Mermaid `gantt` and standalone SVG in the submodules.
//! Pure functions from one value to strings, so every form shows the same
//! schedule; nothing here computes a schedule.

use std::fmt::Write;

use crate::duration::{Unit, WorkTime};
use crate::plan::gantt::Gantt;

mod mermaid;
mod svg;

pub use mermaid::mermaid;
pub use svg::svg;

/// The display unit of a chart: the natural unit of its finish, at most months.
pub fn axis_unit(g: &Gantt) -> Unit {
    WorkTime(g.finish.max(1.0))
        .natural_unit(g.calendar)
        .min(Unit::Month)
}

/// A terminal chart `width` columns wide for the bars, with a label column,
/// an axis in the chart's unit and a legend. Critical bars are `█`, others
/// `▒`, gates `◆`.
pub fn text(g: &Gantt, width: usize) -> String {
    let width = width.max(10);
    let label_w = g
        .bars
        .iter()
        .map(|b| b.label.chars().count() + 2)
        .max()
        .unwrap_or(10)
        .clamp(10, 32);
    let scale = if g.finish > 0.0 {
        width as f64 / g.finish
    } else {
        0.0
    };
    let col = |t: f64| ((t * scale).round() as usize).min(width);
    let unit = axis_unit(g);
    let mut out = String::new();
    // Axis: tick labels at up to six evenly spaced unit marks.
    let unit_len = g.calendar.minutes(unit);
    let units = (g.finish / unit_len).ceil().max(1.0) as usize;
    let step = units.div_ceil(6).max(1);
    let mut axis = vec![' '; width + 8];
    let mut k = 0;
    // Marks up to the finish only (a mark past it would sit on the last bar).
    while k * step <= units && (k * step) as f64 * unit_len <= g.finish.max(unit_len) {
        let t = (k * step) as f64 * unit_len;
        let label = format!("{}{}", k * step, unit.short());
        let c = col(t.min(g.finish));
        if c + label.len() <= axis.len()
            && axis[c..].iter().take(label.len() + 1).all(|&ch| ch == ' ')
        {
            for (j, ch) in label.chars().enumerate() {
                axis[c + j] = ch;
            }
        }
        k += 1;
    }
    let axis: String = axis.into_iter().collect();
    let _ = writeln!(out, "{}{}", " ".repeat(label_w), axis.trim_end());
    let mut section = "";
    for b in &g.bars {
        if b.section != section {
            section = &b.section;
            let _ = writeln!(out, "{section}");
        }
        let mut line = vec![' '; width + 1];
        if b.milestone {
            line[col(b.start)] = '◆';
        } else {
            let (a, z) = (col(b.start), col(b.finish).max(col(b.start) + 1).min(width));
            let ch = if b.critical { '█' } else { '▒' };
            for c in line.iter_mut().take(z).skip(a) {
                *c = ch;
            }
        }
        let bar: String = line.into_iter().collect();
        let name = fit(&format!("  {}", b.label), label_w);
        let show = |t: f64| {
            if t < 0.05 {
                "0".to_string()
            } else {
                WorkTime(t).display(g.calendar)
            }
        };
        let when = if b.milestone {
            show(b.start)
        } else {
            format!("{} → {}", show(b.start), show(b.finish))
        };
        let _ = writeln!(out, "{name}{bar} {when}");
    }
    let _ = writeln!(out, "█ critical  ▒ has slack  ◆ gate");
    out
}

fn fit(s: &str, width: usize) -> String {
    let n = s.chars().count();
    if n <= width {
        format!("{s}{}", " ".repeat(width - n))
    } else {
        let cut: String = s.chars().take(width.saturating_sub(2)).collect();
        format!("{cut}… ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::gantt::tests::chart;

    #[test]
    fn every_form_shows_the_same_bars() {
        let g = chart();
        assert_eq!(g.bars.len(), 7, "six steps and the Plan gate");
        let t = text(&g, 40);
        for b in &g.bars {
            assert!(t.contains(&b.label), "{t}");
        }
        assert!(t.contains('█') && t.contains('◆'));
        let m = mermaid(&g);
        assert!(m.starts_with("gantt\n"));
        assert!(m.contains("section Plan") && m.contains("section Build"));
        assert!(m.contains("gate (CTO) :milestone"), "{m}");
        let crit_lines = m
            .lines()
            .filter(|l| l.contains(":crit") || l.contains(", crit"))
            .count();
        assert_eq!(crit_lines, g.bars.iter().filter(|b| b.critical).count());
        // Build starts at month 1: day 2 of the drawing.
        assert!(
            m.contains("    d :crit, t4, 2000-01-02 00:00, 2000-01-03 00:00"),
            "{m}"
        );
    }
}
