//! Markdown export: model -> Markdown in the seed's style. What the seed has
//! no syntax for (ids, artifacts, estimates, checkpoints, decisions,
//! metrics) is written as `**Checkpoint:**` / `**Decision Point:**` lines
//! and short `Key: value` lists under the step, deliverable or criterion
//! they belong to, so the text still reads like the seed and imports back
//! (`format::markdown`) to the same workflow. Escaping is
//! [`super::escape::markdown`]'s; import is not done here.

use std::fmt::Write;

use crate::duration::Calendar;
use crate::format::write::estimate_text;
use crate::model::*;
use crate::span::Sp;

use crate::format::markdown::split_window;

use super::escape::markdown as md;

/// A benchmark document: `count` workflows exported in turn from `library`,
/// each under its own numbered `##` heading so every name is different,
/// then prose (reported, not imported) up to `min_bytes`.
pub fn sample_document(library: &[&Workflow], count: usize, min_bytes: usize) -> String {
    let mut doc = String::from("# Playbooks\n\n");
    if library.is_empty() {
        return doc;
    }
    for n in 0..count {
        let wf = library[n % library.len()];
        let md = to_markdown(wf);
        let body = md
            .split_once('\n')
            .map(|(_, rest)| rest)
            .unwrap_or_default();
        doc.push_str(&format!("## {} {}\n{body}\n\n", wf.name.value, n + 1));
    }
    doc.push_str("## Appendix: running these playbooks\n\n");
    while doc.len() < min_bytes {
        doc.push_str("Run each playbook as written, record what happened at every gate, and bring the answers to the retrospective.\n\n");
    }
    doc
}

/// The workflow as a Markdown document.
pub fn to_markdown(wf: &Workflow) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", md::heading(&wf.name.value));
    if let Some(d) = &wf.description {
        for para in d.split("\n\n").filter(|p| !p.trim().is_empty()) {
            let _ = writeln!(out, "{}\n", md::line(para.trim()));
        }
    }
    if wf.id != kebab_case(&wf.name.value) {
        field(&mut out, "Id", &md::code(&wf.id));
    }
    if wf.version != 1 {
        field(&mut out, "Version", &wf.version.to_string());
    }
    if let Some(c) = &wf.category {
        field(&mut out, "Category", &md::inline(c));
    }
    if wf.calendar != Calendar::default() {
        field(&mut out, "Calendar", "continuous");
    }
    if let Some(t) = &wf.timeline {
        field(&mut out, "Timeline", &md::inline(&t.text));
        let range = match (&t.min, &t.max) {
            (Some(a), Some(b)) => Some(format!("{a} to {b}")),
            (Some(a), None) => Some(format!("at least {a}")),
            (None, Some(b)) => Some(format!("at most {b}")),
            (None, None) => None,
        };
        if let Some(r) = range {
            field(&mut out, "Timeline range", &md::inline(&r));
        }
    }
    if let Some(t) = &wf.trigger {
        field(&mut out, "Trigger", &md::inline(t));
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
            let _ = writeln!(out, "- {}", md::line(&c.text));
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
                    .map(|b| format!(", baseline: {}", md::inline(b)))
                    .unwrap_or_default();
                let expr = format!("{} {op} {}{unit}", m.name, m.target);
                let _ = writeln!(out, "  - Metric: {}{baseline}", md::code(&expr));
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
    let name = md::inline(&p.name.value);
    let window = p.window.as_ref().map(|w| w.text.value.as_str());
    // A window the importer would not read back from the header gets its own line.
    let own_line = window.filter(|w| !header_round_trips(&p.name.value, w));
    match window {
        Some(w) if own_line.is_none() => {
            let _ = writeln!(out, "**Phase {n}: {name} ({})**\n", md::inline(w));
        }
        _ => {
            let _ = writeln!(out, "**Phase {n}: {name}**\n");
        }
    }
    let mut meta = Vec::new();
    if p.id.value != kebab_case(&p.name.value) {
        meta.push(("Phase id", md::code(&p.id.value)));
    }
    if let Some(w) = own_line {
        meta.push(("Window", md::inline(w)));
    }
    if let Some(g) = &p.gap_reason {
        meta.push(("Gap reason", md::inline(g)));
    }
    for (label, value) in meta {
        field(out, label, &value);
    }
    if !p.skills.is_empty() {
        let skills: Vec<String> = p.skills.iter().map(|s| md::inline(&s.written)).collect();
        field(out, "Skills", &skills.join(", "));
    }
    if !p.steps.is_empty() || p.deliverable.is_some() {
        out.push_str("**Steps:**\n");
        for (i, s) in p.steps.iter().enumerate() {
            let marker = format!("{}. ", i + 1);
            let _ = writeln!(
                out,
                "{marker}**{}**: {}",
                md::inline(&s.persona.written),
                md::inline(&s.action.value)
            );
            let default_id = format!("{}-{}", p.id.value, i + 1);
            details(out, marker.len(), &step_details(s, &default_id, cal));
        }
        if let Some(d) = &p.deliverable {
            let marker = format!("{}. ", p.steps.len() + 1);
            let _ = writeln!(out, "{marker}**Deliverable**: {}", md::inline(&d.text));
            if let Some(a) = &d.artifact {
                details(out, marker.len(), &[("Artifact", md::code(a))]);
            }
        }
        out.push('\n');
        // The importer reads steps that name no inputs as one after the
        // other; steps that really start together say so.
        let flow = p
            .steps
            .iter()
            .any(|s| !s.inputs.is_empty() || !s.after.is_empty());
        if p.steps.len() > 1 && !flow {
            out.push_str("**Parallel:** all\n\n");
        }
    }
    if let Some(c) = &p.checkpoint {
        let text = c.text.as_deref().map(md::inline).unwrap_or_default();
        let _ = writeln!(out, "**Checkpoint:** {text}");
        trim_line(out);
        let mut d = Vec::new();
        if let Some(a) = &c.approver {
            d.push(("Approver", md::inline(&a.written)));
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
        let text = dec.text.as_deref().map(md::inline).unwrap_or_default();
        let _ = writeln!(out, "**Decision Point:** {text}");
        trim_line(out);
        let mut d = Vec::new();
        if let Some(c) = &dec.condition {
            d.push(("If", md::code(&c.value)));
        }
        if let Some(g) = &dec.goto {
            d.push(("Go to", md::code(&g.value)));
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
        d.push(("Id", md::code(&s.id.value)));
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
        d.push(("Executor", md::code(&e.value)));
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
    if s.people() != crate::model::People::ONE {
        d.push(("People", s.people().text()));
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
        let _ = writeln!(out, "- {}", md::line(i));
    }
    out.push('\n');
}

fn codes(items: &[Sp<String>]) -> String {
    items
        .iter()
        .map(|i| md::code(&i.value))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Multi-line text as a fenced block (marked by a leading newline for
/// [`details`]), one line as a code span.
fn block_or_code(s: &str) -> String {
    if !s.contains('\n') {
        return md::code(s);
    }
    let longest = s.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest.max(2) + 1);
    format!("\n{fence}\n{s}\n{fence}")
}

/// Whether a phase title written as `Name (window)` reads back the same.
fn header_round_trips(name: &str, window: &str) -> bool {
    let title = format!("{name} ({window})");
    let (n, w) = split_window(&title);
    &title[n] == name && w.is_some_and(|w| &title[w] == window)
}
