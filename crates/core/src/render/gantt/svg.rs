//! A standalone SVG Gantt chart of a [`Gantt`]: one row per bar, grouped by
//! phase, critical bars in red, gates as diamonds, an axis in the chart's
//! unit. No scripts, no external resources.

use std::fmt::Write;

use crate::duration::WorkTime;
use crate::plan::gantt::Gantt;
use crate::render::escape::xml;

use super::axis_unit;

const ROW: f64 = 22.0;
const LABEL: f64 = 280.0;
const CHART: f64 = 720.0;
const TOP: f64 = 56.0;

pub fn svg(g: &Gantt) -> String {
    let sections: usize = {
        let mut names: Vec<&str> = g.bars.iter().map(|b| b.section.as_str()).collect();
        names.dedup();
        names.len()
    };
    let rows = g.bars.len() + sections;
    let height = TOP + ROW * rows as f64 + 40.0;
    let width = LABEL + CHART + 120.0;
    let scale = if g.finish > 0.0 {
        CHART / g.finish
    } else {
        0.0
    };
    let x = |t: f64| LABEL + t * scale;
    let mut out = String::new();
    let _ = writeln!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="12">"#
    );
    let _ = writeln!(
        out,
        r##"<rect width="100%" height="100%" fill="#ffffff"/>"##
    );
    let _ = writeln!(
        out,
        r#"<text x="10" y="22" font-size="16" font-weight="bold">{}</text>"#,
        xml::text(&g.title)
    );
    // Axis ticks: at most twelve unit marks.
    let unit = axis_unit(g);
    let unit_len = g.calendar.minutes(unit);
    let units = (g.finish / unit_len).ceil().max(1.0) as usize;
    let step = units.div_ceil(12).max(1);
    let bottom = TOP + ROW * rows as f64;
    let mut k = 0;
    while k * step <= units && (k * step) as f64 * unit_len <= g.finish.max(unit_len) {
        let t = ((k * step) as f64 * unit_len).min(g.finish);
        let _ = writeln!(
            out,
            r##"<line x1="{0:.1}" y1="{1:.1}" x2="{0:.1}" y2="{2:.1}" stroke="#dddddd"/><text x="{0:.1}" y="{3:.1}" text-anchor="middle" fill="#555555">{4}{5}</text>"##,
            x(t),
            TOP - 6.0,
            bottom,
            TOP - 12.0,
            k * step,
            unit.short()
        );
        k += 1;
    }
    let mut y = TOP;
    let mut section = "";
    for b in &g.bars {
        if b.section != section {
            section = &b.section;
            let _ = writeln!(
                out,
                r#"<text x="10" y="{:.1}" font-weight="bold">{}</text>"#,
                y + 15.0,
                xml::text(section)
            );
            y += ROW;
        }
        let colour = if b.critical { "#d9534f" } else { "#5b8def" };
        let when = format!(
            "{} to {}",
            WorkTime(b.start).display(g.calendar),
            WorkTime(b.finish).display(g.calendar)
        );
        let _ = writeln!(
            out,
            r#"<text x="24" y="{:.1}">{}</text>"#,
            y + 15.0,
            xml::text(&b.label)
        );
        if b.milestone {
            let (cx, cy) = (x(b.start), y + ROW / 2.0);
            let _ = writeln!(
                out,
                r##"<path d="M{:.1} {:.1} l6 6 l-6 6 l-6 -6 z" fill="{colour}"><title>{}: {}</title></path>"##,
                cx,
                cy - 6.0,
                xml::text(&b.label),
                WorkTime(b.start).display(g.calendar)
            );
        } else {
            let w = ((b.finish - b.start) * scale).max(1.5);
            let _ = writeln!(
                out,
                r#"<rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" rx="3" fill="{colour}"><title>{}: {}</title></rect>"#,
                x(b.start),
                y + 4.0,
                w,
                ROW - 8.0,
                xml::text(&b.id),
                when
            );
        }
        y += ROW;
    }
    let _ = writeln!(
        out,
        r##"<text x="10" y="{:.1}" fill="#555555">red: critical path · blue: has slack · diamond: gate · finish {}</text>"##,
        bottom + 26.0,
        WorkTime(g.finish).display(g.calendar)
    );
    out.push_str("</svg>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::duration::Calendar;
    use crate::plan::gantt::Bar;

    #[test]
    fn svg_is_well_formed_enough() {
        let g = Gantt {
            title: "A & B <test>".into(),
            calendar: Calendar::Business,
            finish: 4800.0,
            bars: vec![
                Bar {
                    id: "a".into(),
                    label: "a".into(),
                    section: "One".into(),
                    start: 0.0,
                    finish: 2400.0,
                    critical: true,
                    milestone: false,
                },
                Bar {
                    id: "g".into(),
                    label: "gate".into(),
                    section: "One".into(),
                    start: 2400.0,
                    finish: 2400.0,
                    critical: true,
                    milestone: true,
                },
                Bar {
                    id: "b".into(),
                    label: "b".into(),
                    section: "Two".into(),
                    start: 2400.0,
                    finish: 4800.0,
                    critical: false,
                    milestone: false,
                },
            ],
        };
        let s = svg(&g);
        assert!(s.starts_with("<svg ") && s.ends_with("</svg>\n"));
        assert!(s.contains("A &amp; B &lt;test&gt;"));
        assert_eq!(s.matches("<rect x=").count(), 2);
        assert_eq!(s.matches("<path ").count(), 1);
        assert_eq!(s.matches('<').count(), s.matches('>').count());
    }
}
