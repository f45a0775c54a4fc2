//! Model -> Markdown in the seed's style. What the seed has no syntax for
//! (ids, artifacts, estimates, checkpoints, decisions, metrics) is written as
//! `**Checkpoint:**` / `**Decision Point:**` lines and short `Key: value`
//! lists under the step, deliverable or criterion they belong to, so the
//! text still reads like the seed and imports back to the same workflow.

use std::fmt::Write;

use crate::duration::Calendar;
use crate::format::write::estimate_text;
use crate::model::*;
use crate::span::Sp;

use super::lines::split_window;

/// The workflow as a Markdown document.
pub fn to_markdown(wf: &Workflow) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", heading(&wf.name.value));
    if let Some(d) = &wf.description {
        for para in d.split("\n\n").filter(|p| !p.trim().is_empty()) {
            let _ = writeln!(out, "{}\n", escape(para.trim(), true));
        }
    }
    if wf.id != kebab_case(&wf.name.value) {
        field(&mut out, "Id", &code(&wf.id));
    }
    if wf.version != 1 {
        field(&mut out, "Version", &wf.version.to_string());
    }
    if let Some(c) = &wf.category {
        field(&mut out, "Category", &escape(c, false));
    }
    if wf.calendar != Calendar::default() {
        field(&mut out, "Calendar", "continuous");
    }
    if let Some(t) = &wf.timeline {
        field(&mut out, "Timeline", &escape(&t.text, false));
        let range = match (&t.min, &t.max) {
            (Some(a), Some(b)) => Some(format!("{a} to {b}")),
            (Some(a), None) => Some(format!("at least {a}")),
            (None, Some(b)) => Some(format!("at most {b}")),
            (None, None) => None,
        };
        if let Some(r) = range {
            field(&mut out, "Timeline range", &escape(&r, false));
        }
    }
    if let Some(t) = &wf.trigger {
        field(&mut out, "Trigger", &escape(t, false));
    }
    if !wf.inputs.is_empty() {
        field(&mut out, "Inputs", &codes(&wf.inputs));
    }
    for (n, p) in wf.phases.iter().enumerate() {
        phase(&mut out, n + 1, p, wf.calendar);
    }
    if !wf.success_criteria.is_empty() {
        out.push_str("**Success Criteria:**\n");
        for c in &wf.success_criteria {
            let _ = writeln!(out, "- {}", escape(&c.text, true));
            for m in &c.metrics {
                let op = m.op.map(Comparator::symbol).unwrap_or(&m.op_text);
                let unit = m
                    .unit
                    .as_deref()
                    .map(|u| format!(" {u}"))
                    .unwrap_or_default();
                let baseline = m
                    .baseline
                    .as_deref()
                    .map(|b| format!(", baseline: {}", escape(b, false)))
                    .unwrap_or_default();
                let expr = format!("{} {op} {}{unit}", m.name, m.target);
                let _ = writeln!(out, "  - Metric: {}{baseline}", code(&expr));
            }
        }
        out.push('\n');
    }
    bullets(&mut out, "Common Pitfalls", &wf.pitfalls);
    bullets(&mut out, "Retrospective Questions", &wf.retrospective);
    bullets(&mut out, "Notes", &wf.notes);
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

fn phase(out: &mut String, n: usize, p: &Phase, cal: Calendar) {
    let name = escape(&p.name.value, false);
    let window = p.window.as_ref().map(|w| w.text.value.as_str());
    // A window the importer would not read back from the header gets its own line.
    let own_line = window.filter(|w| !header_round_trips(&p.name.value, w));
    match window {
        Some(w) if own_line.is_none() => {
            let _ = writeln!(out, "**Phase {n}: {name} ({})**\n", escape(w, false));
        }
        _ => {
            let _ = writeln!(out, "**Phase {n}: {name}**\n");
        }
    }
    let mut meta = Vec::new();
    if p.id.value != kebab_case(&p.name.value) {
        meta.push(("Phase id", code(&p.id.value)));
    }
    if let Some(w) = own_line {
        meta.push(("Window", escape(w, false)));
    }
    if let Some(g) = &p.gap_reason {
        meta.push(("Gap reason", escape(g, false)));
    }
    for (label, value) in meta {
        field(out, label, &value);
    }
    if !p.skills.is_empty() {
        let skills: Vec<String> = p.skills.iter().map(|s| escape(&s.written, false)).collect();
        field(out, "Skills", &skills.join(", "));
    }
    if !p.steps.is_empty() || p.deliverable.is_some() {
        out.push_str("**Steps:**\n");
        for (i, s) in p.steps.iter().enumerate() {
            let marker = format!("{}. ", i + 1);
            let _ = writeln!(
                out,
                "{marker}**{}**: {}",
                escape(&s.persona.written, false),
                escape(&s.action.value, false)
            );
            let default_id = format!("{}-{}", p.id.value, i + 1);
            details(out, marker.len(), &step_details(s, &default_id, cal));
        }
        if let Some(d) = &p.deliverable {
            let marker = format!("{}. ", p.steps.len() + 1);
            let _ = writeln!(out, "{marker}**Deliverable**: {}", escape(&d.text, false));
            if let Some(a) = &d.artifact {
                details(out, marker.len(), &[("Artifact", code(a))]);
            }
        }
        out.push('\n');
    }
    if let Some(c) = &p.checkpoint {
        let text = c
            .text
            .as_deref()
            .map(|t| escape(t, false))
            .unwrap_or_default();
        let _ = writeln!(out, "**Checkpoint:** {text}");
        trim_line(out);
        let mut d = Vec::new();
        if let Some(a) = &c.approver {
            d.push(("Approver", escape(&a.written, false)));
        }
        if !c.requires.is_empty() {
            d.push(("Requires", codes(&c.requires)));
        }
        if !c.criteria.is_empty() {
            d.push(("Criteria", codes(&c.criteria)));
        }
        details(out, 0, &d);
        out.push('\n');
    }
    for dec in &p.decisions {
        let text = dec
            .text
            .as_deref()
            .map(|t| escape(t, false))
            .unwrap_or_default();
        let _ = writeln!(out, "**Decision Point:** {text}");
        trim_line(out);
        let mut d = Vec::new();
        if let Some(c) = &dec.condition {
            d.push(("If", code(&c.value)));
        }
        if let Some(g) = &dec.goto {
            d.push(("Go to", code(&g.value)));
        }
        if let Some(m) = &dec.max_loops {
            d.push(("Max loops", m.value.to_string()));
        }
        details(out, 0, &d);
        out.push('\n');
    }
}

fn step_details(s: &Step, default_id: &str, cal: Calendar) -> Vec<(&'static str, String)> {
    let mut d = Vec::new();
    if s.id.value != default_id {
        d.push(("Id", code(&s.id.value)));
    }
    for (label, items) in [
        ("Inputs", &s.inputs),
        ("Outputs", &s.outputs),
        ("After", &s.after),
    ] {
        if !items.is_empty() {
            d.push((label, codes(items)));
        }
    }
    if let Some(e) = s.estimate() {
        d.push(("Estimate", estimate(&e, cal)));
    }
    if let Some(e) = &s.executor {
        d.push(("Executor", code(&e.value)));
    }
    if let Some(c) = &s.command {
        d.push(("Command", block_or_code(c)));
    }
    if let Some(p) = &s.prompt {
        d.push(("Prompt", block_or_code(p)));
    }
    if let Some(r) = s.retries {
        d.push(("Retries", r.to_string()));
    }
    if let Some(t) = s.timeout.as_ref().and_then(|t| t.value.as_ref().ok()) {
        d.push(("Timeout", estimate(&Estimate::Single { likely: *t }, cal)));
    }
    d
}

/// An estimate in the largest unit that states all its points in whole or
/// half units (`3w / 5w / 8w`, not `0.714mo / 1.19mo / 1.905mo`), else the
/// file format's canonical form.
fn estimate(e: &Estimate, cal: Calendar) -> String {
    use crate::duration::{Unit, trim_number};
    let points = [e.optimistic(), e.likely(), e.pessimistic()];
    let nice = |x: f64| ((x * 2.0).round() - x * 2.0).abs() < 1e-9;
    let unit = [
        Unit::Year,
        Unit::Month,
        Unit::Week,
        Unit::Day,
        Unit::Hour,
        Unit::Minute,
    ]
    .into_iter()
    .find(|u| {
        let v: Vec<f64> = points.iter().map(|p| p.in_unit(*u, cal)).collect();
        v[1] >= 1.0 && v.iter().all(|x| nice(*x))
    });
    let Some(unit) = unit else {
        return estimate_text(e, cal);
    };
    let show = |t: crate::duration::WorkTime| {
        format!("{}{}", trim_number(t.in_unit(unit, cal)), unit.short())
    };
    let shown: Vec<String> = match e {
        Estimate::Single { likely } => vec![show(*likely)],
        Estimate::ThreePoint { .. } => points.iter().map(|p| show(*p)).collect(),
    };
    shown.join(" / ")
}

/// `- Key: value` lines indented under a list item (or at the margin).
/// A value that starts with a newline is a fenced block (multi-line text).
fn details(out: &mut String, indent: usize, items: &[(&str, String)]) {
    let pad = " ".repeat(indent);
    for (k, v) in items {
        match v.strip_prefix('\n') {
            Some(block) => {
                let _ = writeln!(out, "{pad}- {k}:");
                for line in block.lines() {
                    if line.is_empty() {
                        out.push('\n');
                    } else {
                        let _ = writeln!(out, "{pad}  {line}");
                    }
                }
            }
            None => {
                let _ = writeln!(out, "{pad}- {k}: {v}");
            }
        }
    }
}

fn field(out: &mut String, label: &str, value: &str) {
    let _ = writeln!(out, "**{label}:** {value}\n");
}

fn trim_line(out: &mut String) {
    if out.ends_with(" \n") {
        out.truncate(out.len() - 2);
        out.push('\n');
    }
}

fn bullets(out: &mut String, title: &str, items: &[String]) {
    if items.is_empty() {
        return;
    }
    let _ = writeln!(out, "**{title}:**");
    for i in items {
        let _ = writeln!(out, "- {}", escape(i, true));
    }
    out.push('\n');
}

fn codes(items: &[Sp<String>]) -> String {
    items
        .iter()
        .map(|i| code(&i.value))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A code span, or escaped text when a code span could not hold the value.
fn code(s: &str) -> String {
    if s.is_empty() || s.contains('`') || s.trim() != s || s.contains('\n') {
        return escape(s, false);
    }
    format!("`{s}`")
}

/// Multi-line text as a fenced block (marked by a leading newline for
/// [`details`]), one line as a code span.
fn block_or_code(s: &str) -> String {
    if !s.contains('\n') {
        return code(s);
    }
    let longest = s.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest.max(2) + 1);
    format!("\n{fence}\n{s}\n{fence}")
}

fn heading(name: &str) -> String {
    let mut h = escape(name, false);
    if h.ends_with('#') {
        h.insert(h.len() - 1, '\\');
    }
    h
}

/// Escape what Markdown would read as markup, and nothing else, so the text
/// stays readable: `p99 <500ms` is left alone, `*`, `` ` `` and `<tag` are
/// escaped. `line_start` also guards what would open a block (`# `, `1. `).
pub(crate) fn escape(s: &str, line_start: bool) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len() + 8);
    for (i, &c) in chars.iter().enumerate() {
        let prev = i.checked_sub(1).map(|j| chars[j]);
        let next = chars.get(i + 1).copied();
        let boundary = |x: Option<char>| x.is_none_or(|x| !x.is_alphanumeric());
        let escape = match c {
            '\\' | '`' | '*' => true,
            '_' => boundary(prev) || boundary(next),
            '<' => next.is_some_and(|n| n.is_alphabetic() || matches!(n, '/' | '!' | '?')),
            '[' => chars[i + 1..].contains(&']'),
            '&' => entity_like(&chars[i + 1..]),
            '\n' | '\r' => {
                out.push(' ');
                continue;
            }
            _ => false,
        };
        if escape {
            out.push('\\');
        }
        out.push(c);
    }
    if line_start {
        guard_line_start(&mut out);
    }
    out
}

fn entity_like(rest: &[char]) -> bool {
    let name: Vec<&char> = rest
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric() || **c == '#')
        .collect();
    !name.is_empty() && rest.get(name.len()) == Some(&';')
}

/// Text at the start of a line must not open a heading, quote, list or rule.
fn guard_line_start(out: &mut String) {
    let first = out.chars().next();
    let second = out.chars().nth(1);
    match first {
        Some('#' | '>' | '=' | '|') => out.insert(0, '\\'),
        Some('-' | '+') if second.is_none_or(|c| c == ' ' || c == first.unwrap_or(' ')) => {
            out.insert(0, '\\')
        }
        Some(c) if c.is_ascii_digit() => {
            let digits = out.chars().take_while(char::is_ascii_digit).count();
            if let Some(mark @ ('.' | ')')) = out[digits..].chars().next()
                && out[digits + 1..].chars().next().is_none_or(|c| c == ' ')
            {
                out.insert(digits, '\\');
                let _ = mark;
            }
        }
        _ => {}
    }
}

/// Whether a phase title written as `Name (window)` reads back the same.
fn header_round_trips(name: &str, window: &str) -> bool {
    let title = format!("{name} ({window})");
    let (n, w) = split_window(&title);
    &title[n] == name && w.is_some_and(|w| &title[w] == window)
}
