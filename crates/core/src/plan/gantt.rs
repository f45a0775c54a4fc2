//! Gantt charts of a computed schedule: terminal text, Mermaid `gantt` and
//! (in [`crate::plan::gantt_svg`]) standalone SVG. Pure functions from one
//! [`Gantt`] value to strings, so every form shows the same schedule.

use std::fmt::Write;

use serde::Serialize;

use crate::duration::{Calendar, Unit, WorkTime};
use crate::model::Workflow;
use crate::plan::cpm::Cpm;
use crate::plan::graph::{NodeKind, StepGraph};
use crate::plan::network::Network;
use crate::plan::schedule::LevelledSchedule;

/// One bar (a step) or milestone (a gate with a checkpoint).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Bar {
    pub id: String,
    pub label: String,
    /// The phase name: bars are grouped by section.
    pub section: String,
    pub start: f64,
    pub finish: f64,
    pub critical: bool,
    pub milestone: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Gantt {
    pub title: String,
    pub calendar: Calendar,
    pub finish: f64,
    pub bars: Vec<Bar>,
}

impl Gantt {
    /// The CPM plan over expected durations, critical steps marked.
    pub fn from_cpm(wf: &Workflow, graph: &StepGraph, cpm: &Cpm) -> Gantt {
        let starts: Vec<(f64, f64)> = (0..graph.len())
            .map(|i| (cpm.early_start[i], cpm.early_finish[i]))
            .collect();
        bars(wf, graph, &starts, &cpm.critical, cpm.finish)
    }

    /// A resource-levelled schedule. A step is marked critical when it ends
    /// the schedule or a later step starts exactly when it finishes.
    pub fn from_schedule(wf: &Workflow, graph: &StepGraph, s: &LevelledSchedule) -> Gantt {
        let times: Vec<(f64, f64)> = s.placed.iter().map(|p| (p.start, p.finish)).collect();
        let critical = levelled_critical(graph.network(), s);
        bars(wf, graph, &times, &critical, s.finish)
    }
}

fn bars(
    wf: &Workflow,
    graph: &StepGraph,
    times: &[(f64, f64)],
    critical: &[bool],
    finish: f64,
) -> Gantt {
    let mut bars = Vec::new();
    for (i, node) in graph.nodes.iter().enumerate() {
        let phase = &wf.phases[node.phase];
        let milestone = node.kind == NodeKind::Gate;
        if milestone && phase.checkpoint.is_none() {
            continue;
        }
        let label = if milestone {
            let who = phase
                .checkpoint
                .as_ref()
                .and_then(|c| c.approver.as_ref())
                .map(|a| format!(" ({})", a.written))
                .unwrap_or_default();
            format!("gate{who}")
        } else {
            node.id.clone()
        };
        bars.push(Bar {
            id: node.id.clone(),
            label,
            section: phase.name.value.clone(),
            start: times[i].0,
            finish: times[i].1,
            critical: critical[i],
            milestone,
        });
    }
    Gantt {
        title: wf.name.value.clone(),
        calendar: wf.calendar,
        finish,
        bars,
    }
}

/// Steps on a resource-or-precedence chain that ends the schedule.
/// Which activities of a levelled schedule are critical: those that end it,
/// or that a critical activity (a successor, or one on the same persona)
/// starts right after.
pub fn levelled_critical(net: &Network, s: &LevelledSchedule) -> Vec<bool> {
    let eps = 1e-9 * s.finish.max(1.0);
    let n = net.len();
    let mut same_resource: Vec<Vec<usize>> = vec![Vec::new(); s.resources.len()];
    for p in &s.placed {
        if let Some(r) = p.resource {
            same_resource[r].push(p.node);
        }
    }
    let mut critical = vec![false; n];
    // Latest finish first; among equal finishes, successors first.
    let mut rank = vec![0usize; n];
    for (k, i) in net.topological_order().enumerate() {
        rank[i] = k;
    }
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| {
        s.placed[b]
            .finish
            .total_cmp(&s.placed[a].finish)
            .then(rank[b].cmp(&rank[a]))
    });
    for i in order {
        let end = s.placed[i].finish;
        let next = |j: usize| j != i && critical[j] && (s.placed[j].start - end).abs() <= eps;
        let on_resource = s.placed[i]
            .resource
            .map(|r| same_resource[r].as_slice())
            .unwrap_or(&[]);
        critical[i] = (s.finish - end).abs() <= eps
            || net.successors(i).any(next)
            || on_resource.iter().copied().any(next);
    }
    critical
}

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
        clean(&g.title),
        unit.name()
    );
    let _ = writeln!(out, "    dateFormat YYYY-MM-DD HH:mm");
    let _ = writeln!(out, "    axisFormat %-j");
    let mut section = "";
    for (n, b) in g.bars.iter().enumerate() {
        if b.section != section {
            section = &b.section;
            let _ = writeln!(out, "    section {}", clean(section));
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
        let _ = writeln!(out, "    {} :{}", clean(&b.label), tags.join(", "));
    }
    out
}

/// Mermaid labels may not contain its separators.
fn clean(s: &str) -> String {
    let t: String = s
        .chars()
        .map(|c| {
            if matches!(c, ':' | ';' | '#' | '\n' | '\r') {
                ' '
            } else {
                c
            }
        })
        .collect();
    t.trim().to_string()
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
    use crate::plan::graph::tests::{TWO_PHASES, workflow};
    use crate::plan::pert::pert;

    fn chart() -> Gantt {
        let wf = workflow(TWO_PHASES);
        let g = StepGraph::build(&wf);
        let (_, c) = pert(g.network());
        Gantt::from_cpm(&wf, &g, &c)
    }

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
