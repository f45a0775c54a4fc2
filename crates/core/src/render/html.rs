//! One self-contained HTML page for a workflow: its flow as inline SVG (laid
//! out here, no external program), its phases and steps, its timeline (the
//! planner's Gantt chart as SVG), its success criteria and the findings of
//! `check`. No scripts, fonts or stylesheets from the network: the file
//! reads the same opened from disk. The markup is XHTML-compatible (void
//! elements closed with `/>`), so the page parses as XML too.

use std::fmt::Write;

use crate::check::{Diagnostic, Severity};
use crate::format::write::estimate_text;
use crate::model::{Phase, Workflow};
use crate::plan::gantt::Gantt;
use crate::plan::graph::StepGraph;
use crate::plan::pert::pert;
use crate::span::Sp;

use super::escape::html;
use super::flow::{Flow, phase_title};
use super::gantt;
use super::svg::flow_svg;

const STYLE: &str = r#"
:root { color-scheme: light; --ink: #1a2540; --muted: #5b6475; --line: #d9dee8; --accent: #3b6fd8; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--ink); background: #f3f5f9; }
main { max-width: 1180px; margin: 0 auto; padding: 32px 28px 48px; }
header { background: #fff; border: 1px solid var(--line); border-radius: 14px; padding: 24px 28px; margin-bottom: 22px; }
h1 { margin: 0 0 6px; font-size: 28px; letter-spacing: -0.01em; }
h2 { font-size: 19px; margin: 0 0 12px; }
h3 { font-size: 16px; margin: 0 0 8px; }
.meta { display: flex; flex-wrap: wrap; gap: 8px; margin: 10px 0 6px; padding: 0; list-style: none; }
.chip { background: #eef4ff; color: #23408a; border-radius: 999px; padding: 2px 10px; font-size: 13px; }
.chip.time { background: #fff4e0; color: #6a4506; }
.lead { color: var(--muted); margin: 8px 0 0; max-width: 80ch; }
section { background: #fff; border: 1px solid var(--line); border-radius: 14px; padding: 20px 24px; margin-bottom: 22px; }
.figure { overflow-x: auto; }
.figure svg { max-width: 100%; height: auto; display: block; margin: 0 auto; }
.phases { display: grid; gap: 14px; }
.phase { border: 1px solid var(--line); border-radius: 12px; padding: 14px 18px; }
.phase h3 .window { color: var(--muted); font-weight: 500; }
.skills { color: var(--muted); font-size: 13px; margin: 0 0 8px; }
ol.steps { margin: 0 0 8px; padding-left: 22px; }
ol.steps li { margin: 3px 0; }
.persona { font-weight: 600; }
.detail { color: var(--muted); font-size: 12.5px; }
.deliverable, .gate, .decision { margin: 6px 0 0; padding: 6px 10px; border-radius: 8px; font-size: 14px; }
.deliverable { background: #eaf7ee; }
.gate { background: #fff4e0; }
.decision { background: #fdeaea; }
ul.criteria li, ul.plain li { margin: 3px 0; }
code { font: 12.5px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: #f0f2f6; padding: 0 4px; border-radius: 4px; }
.findings { list-style: none; padding: 0; margin: 0; }
.findings li { padding: 6px 10px; border-left: 4px solid #d38b12; background: #fffaf0; margin: 6px 0; border-radius: 4px; font-size: 14px; }
.findings li.error { border-color: #c63c3c; background: #fdf1f1; }
.ok { color: #2f8f4e; font-weight: 600; }
footer { color: var(--muted); font-size: 12px; text-align: center; }
"#;

/// The page. `findings` are the check diagnostics to show (may be empty).
pub fn page(wf: &Workflow, findings: &[Diagnostic]) -> String {
    let mut out = String::new();
    let title = html::text(&wf.name.value);
    let _ = write!(
        out,
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n<title>{title}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n"
    );
    header(&mut out, wf);
    let _ = writeln!(
        out,
        "<section id=\"flow\"><h2>Flow</h2><div class=\"figure\">{}</div></section>",
        flow_svg(&Flow::of(wf))
    );
    out.push_str("<section id=\"phases\"><h2>Phases</h2><div class=\"phases\">\n");
    for (n, p) in wf.phases.iter().enumerate() {
        phase(&mut out, n + 1, p, wf);
    }
    out.push_str("</div></section>\n");
    let graph = StepGraph::build(wf);
    let (_, cpm) = pert(graph.network());
    let chart = Gantt::from_cpm(wf, &graph, &cpm);
    let _ = writeln!(
        out,
        "<section id=\"timeline\"><h2>Timeline</h2><p class=\"detail\">Critical-path schedule over expected (PERT) durations; critical steps in red. Stated timeline: {}.</p><div class=\"figure\">{}</div></section>",
        wf.timeline
            .as_ref()
            .map(|t| html::text(&t.text))
            .unwrap_or_else(|| "none".into()),
        gantt::svg(&chart)
    );
    if !wf.success_criteria.is_empty() {
        out.push_str("<section id=\"criteria\"><h2>Success criteria</h2><ul class=\"criteria\">\n");
        for c in &wf.success_criteria {
            let metrics: Vec<String> = c
                .metrics
                .iter()
                .map(|m| format!("<code>{}</code>", html::text(&m.to_string())))
                .collect();
            let _ = writeln!(
                out,
                "<li>{} {}</li>",
                html::text(&c.text),
                metrics.join(" ")
            );
        }
        out.push_str("</ul></section>\n");
    }
    checks(&mut out, findings);
    list(&mut out, "pitfalls", "Common pitfalls", &wf.pitfalls);
    list(
        &mut out,
        "retrospective",
        "Retrospective questions",
        &wf.retrospective,
    );
    let _ = writeln!(
        out,
        "<footer>{} · version {} · exported by skill-chains</footer>\n</main>\n</body>\n</html>",
        html::text(&wf.id),
        wf.version
    );
    out
}

fn header(out: &mut String, wf: &Workflow) {
    let _ = writeln!(
        out,
        "<header><h1>{}</h1><ul class=\"meta\">",
        html::text(&wf.name.value)
    );
    if let Some(c) = &wf.category {
        let _ = writeln!(out, "<li class=\"chip\">{}</li>", html::text(c));
    }
    if let Some(t) = &wf.timeline {
        let _ = writeln!(
            out,
            "<li class=\"chip time\">Timeline: {}</li>",
            html::text(&t.text)
        );
    }
    let _ = writeln!(
        out,
        "<li class=\"chip\">{} phases · {} steps</li></ul>",
        wf.phases.len(),
        wf.step_count()
    );
    if let Some(d) = &wf.description {
        let _ = writeln!(out, "<p class=\"lead\">{}</p>", html::text(d));
    }
    if let Some(t) = &wf.trigger {
        let _ = writeln!(
            out,
            "<p class=\"lead\"><strong>Trigger:</strong> {}</p>",
            html::text(t)
        );
    }
    if !wf.inputs.is_empty() {
        let _ = writeln!(
            out,
            "<p class=\"lead\"><strong>Inputs:</strong> {}</p>",
            codes(&wf.inputs)
        );
    }
    out.push_str("</header>\n");
}

fn phase(out: &mut String, n: usize, p: &Phase, wf: &Workflow) {
    let title = phase_title(n, p);
    let (name, window) = match title.find(" (") {
        Some(i) if p.window.is_some() => (title[..i].to_string(), title[i..].to_string()),
        _ => (title.clone(), String::new()),
    };
    let _ = writeln!(
        out,
        "<article class=\"phase\" id=\"phase-{}\"><h3>{} <span class=\"window\">{}</span></h3>",
        html::attr(&p.id.value),
        html::text(&name),
        html::text(window.trim())
    );
    if !p.skills.is_empty() {
        let skills: Vec<&str> = p.skills.iter().map(|s| s.written.as_str()).collect();
        let _ = writeln!(
            out,
            "<p class=\"skills\">Skills: {}</p>",
            html::text(&skills.join(", "))
        );
    }
    out.push_str("<ol class=\"steps\">\n");
    for s in &p.steps {
        let mut detail = Vec::new();
        if !s.inputs.is_empty() {
            detail.push(format!("needs {}", codes(&s.inputs)));
        }
        if !s.outputs.is_empty() {
            detail.push(format!("makes {}", codes(&s.outputs)));
        }
        if let Some(e) = s.estimate() {
            detail.push(format!(
                "estimate {}",
                html::text(&estimate_text(&e, wf.calendar))
            ));
        }
        let detail = if detail.is_empty() {
            String::new()
        } else {
            format!("<br/><span class=\"detail\">{}</span>", detail.join(" · "))
        };
        let _ = writeln!(
            out,
            "<li><span class=\"persona\">{}</span>: {}{detail}</li>",
            html::text(&s.persona.written),
            html::text(&s.action.value)
        );
    }
    out.push_str("</ol>\n");
    if let Some(d) = &p.deliverable {
        let _ = writeln!(
            out,
            "<p class=\"deliverable\"><strong>Deliverable:</strong> {}</p>",
            html::text(&d.text)
        );
    }
    if let Some(c) = &p.checkpoint {
        let who = c
            .approver
            .as_ref()
            .map(|a| format!("{} approves", a.written))
            .unwrap_or_else(|| "Gate".into());
        let text = c
            .text
            .as_deref()
            .map(|t| format!(": {t}"))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "<p class=\"gate\"><strong>Checkpoint:</strong> {}</p>",
            html::text(&format!("{who}{text}"))
        );
    }
    for d in &p.decisions {
        let mut text = d.text.clone().unwrap_or_default();
        if let Some(g) = &d.goto {
            text.push_str(&format!(" (go to {}", g.value));
            if let Some(m) = &d.max_loops {
                text.push_str(&format!(", at most {} times", m.value));
            }
            text.push(')');
        }
        let _ = writeln!(
            out,
            "<p class=\"decision\"><strong>Decision point:</strong> {}</p>",
            html::text(text.trim())
        );
    }
    out.push_str("</article>\n");
}

fn checks(out: &mut String, findings: &[Diagnostic]) {
    out.push_str("<section id=\"checks\"><h2>Checks</h2>\n");
    if findings.is_empty() {
        out.push_str("<p class=\"ok\">No findings: every check passes.</p>\n");
    } else {
        out.push_str("<ul class=\"findings\">\n");
        for d in findings {
            let class = if d.severity == Severity::Error {
                "error"
            } else {
                "warning"
            };
            let help = d
                .help
                .as_deref()
                .map(|h| format!(" — {h}"))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "<li class=\"{class}\"><code>{}</code> {}{}</li>",
                d.code,
                html::text(&d.message),
                html::text(&help)
            );
        }
        out.push_str("</ul>\n");
    }
    out.push_str("</section>\n");
}

fn list(out: &mut String, id: &str, title: &str, items: &[String]) {
    if items.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "<section id=\"{id}\"><h2>{title}</h2><ul class=\"plain\">"
    );
    for i in items {
        let _ = writeln!(out, "<li>{}</li>", html::text(i));
    }
    out.push_str("</ul></section>\n");
}

fn codes(items: &[Sp<String>]) -> String {
    items
        .iter()
        .map(|i| format!("<code>{}</code>", html::text(&i.value)))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;

    #[test]
    fn the_page_is_self_contained_and_names_every_phase() {
        let c = Catalog::builtin();
        let wf = c.library.get("production-incident-response").unwrap();
        let html = page(wf, &[]);
        assert!(html.contains("<h1>Production Incident Response</h1>"));
        for p in &wf.phases {
            assert!(
                html.contains(&html::text(&p.name.value)),
                "{}",
                p.name.value
            );
        }
        for remote in ["http://", "https://", "<script", "@import", "url(http"] {
            let outside_svg_ns = html.replace("http://www.w3.org/2000/svg", "");
            assert!(!outside_svg_ns.contains(remote), "{remote}");
        }
    }
}
