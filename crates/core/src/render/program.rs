//! A program as a diagram: each workflow a box of its phases in order, each
//! handoff an arrow from the delivering point to the waiting phase, labelled
//! with its pattern, gate and contracts. Rendered as a Mermaid flowchart or
//! Graphviz DOT; [`html`] is a page with the expected plan as an SVG Gantt
//! chart. Pure: text in, text out. What the handoffs mean (arcs, cycles,
//! the program's network and Gantt data) is `compose`'s; this only draws.

use std::fmt::Write;

use crate::compose::arcs::{ArcKind, Mark, cycles, handoff_arcs};
use crate::compose::network::ProgramNetwork;
use crate::model::program::{Handoff, Pattern, Program};

use super::escape::{dot, html, mermaid};

/// An arrow between phases of two workflows (or a cycle's way back).
struct Arrow {
    from: String,
    to: String,
    label: String,
    /// Dotted: a resume after an escalation, or a cycle's way back.
    dotted: bool,
}

/// A workflow's box: (cluster id, title, [(node id, label)]).
type Cluster = (String, String, Vec<(String, String)>);

/// What every renderer draws.
struct Diagram {
    title: String,
    /// One cluster per workflow.
    clusters: Vec<Cluster>,
    arrows: Vec<Arrow>,
}

fn node(member: usize, phase: usize) -> String {
    format!("w{}p{}", member + 1, phase + 1)
}

/// The words on a handoff arrow: pattern, gate, contracts.
fn arrow_label(h: &Handoff, pattern: &Pattern) -> String {
    let mut parts = vec![pattern.name().to_string()];
    if let Some(text) = h.gate.as_ref().and_then(|g| g.text.as_deref()) {
        parts.push(cut(text, 60));
    }
    if !h.contracts.is_empty() {
        let c: Vec<String> = h.contracts.iter().map(|c| c.to_string()).collect();
        parts.push(c.join(", "));
    }
    parts.join(": ")
}

fn cut(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut s: String = text.chars().take(max - 1).collect();
    s.push('…');
    s
}

impl Diagram {
    fn of(program: &Program) -> Diagram {
        let mut clusters = Vec::new();
        let mut arrows = Vec::new();
        for (m, member) in program.members.iter().enumerate() {
            let Some(wf) = member.workflow() else {
                continue;
            };
            let nodes: Vec<(String, String)> = wf
                .phases
                .iter()
                .enumerate()
                .map(|(k, p)| {
                    let window = p
                        .window
                        .as_ref()
                        .map(|w| format!(" ({})", w.text.value))
                        .unwrap_or_default();
                    (node(m, k), format!("{}{window}", p.name.value))
                })
                .collect();
            for k in 1..nodes.len() {
                arrows.push(Arrow {
                    from: node(m, k - 1),
                    to: node(m, k),
                    label: String::new(),
                    dotted: false,
                });
            }
            clusters.push((
                format!("w{}", m + 1),
                format!("{}: {}", member.alias.value, wf.name.value),
                nodes,
            ));
        }
        for arc in handoff_arcs(program) {
            let (Some(from_wf), Some(to_wf)) = (
                program.members[arc.from].workflow(),
                program.members[arc.to].workflow(),
            ) else {
                continue;
            };
            let Some(from_phase) = arc.at.phase(from_wf) else {
                continue;
            };
            // Waiting for a workflow's finish means waiting at its last phase.
            let to_phase = arc.phase.min(to_wf.phases.len().saturating_sub(1));
            let h = &program.handoffs[arc.handoff];
            let Some(pattern) = &h.pattern else { continue };
            let (label, dotted) = match arc.kind {
                ArcKind::Resume { .. } => (
                    format!(
                        "resume after {}'s gate",
                        program.members[arc.from].alias.value
                    ),
                    true,
                ),
                ArcKind::Handoff => {
                    let mut label = arrow_label(h, pattern);
                    if let Mark::Artifact(a) = &arc.at {
                        label = format!("{label} (when {a} exists)");
                    }
                    (label, false)
                }
            };
            arrows.push(Arrow {
                from: node(arc.from, from_phase),
                to: node(arc.to, to_phase),
                label,
                dotted,
            });
        }
        // A cycle's way back: from the returning side's last phase to `reenter`.
        for c in cycles(program) {
            let Some(last) = c.to_workflow.phases.len().checked_sub(1) else {
                continue;
            };
            let mut label = "cycle".to_string();
            if let Some(m) = c.max_cycles {
                label.push_str(&format!(", at most {m}x"));
            }
            if let Some(u) = c.until {
                label.push_str(&format!(", until {}", cut(u, 50)));
            }
            arrows.push(Arrow {
                from: node(c.to, last),
                to: node(c.from, c.reenter),
                label,
                dotted: true,
            });
        }
        Diagram {
            title: program.name.value.clone(),
            clusters,
            arrows,
        }
    }
}

/// The program as a Mermaid `flowchart`.
pub fn mermaid(program: &Program) -> String {
    let d = Diagram::of(program);
    let mut out = String::new();
    let title = mermaid::front_matter_title(&d.title);
    let _ = writeln!(out, "---\ntitle: {title}\n---\nflowchart LR");
    for (id, title, nodes) in &d.clusters {
        let _ = writeln!(
            out,
            "    subgraph {id}[\"{}\"]\n        direction TB",
            mermaid::label(title)
        );
        for (n, label) in nodes {
            let _ = writeln!(out, "        {n}[\"{}\"]", mermaid::label(label));
        }
        out.push_str("    end\n");
    }
    for a in &d.arrows {
        let arrow = if a.dotted { "-.->" } else { "-->" };
        if a.label.is_empty() {
            let _ = writeln!(out, "    {} {arrow} {}", a.from, a.to);
        } else {
            let _ = writeln!(
                out,
                "    {} {arrow}|\"{}\"| {}",
                a.from,
                mermaid::label(&a.label),
                a.to
            );
        }
    }
    out
}

/// The program as Graphviz DOT (`dot -Tsvg`).
pub fn dot(program: &Program) -> String {
    let d = Diagram::of(program);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "digraph program {{\n    label={};\n    labelloc=t;\n    rankdir=LR;\n    compound=true;\n    node [shape=box, style=\"rounded,filled\", fillcolor=\"#eef4ff\", fontname=\"Helvetica\"];\n    edge [fontname=\"Helvetica\", fontsize=10];",
        dot::quote(&d.title)
    );
    for (id, title, nodes) in &d.clusters {
        let _ = writeln!(
            out,
            "    subgraph cluster_{id} {{\n        label={};",
            dot::quote(title)
        );
        for (n, label) in nodes {
            let _ = writeln!(out, "        {n} [label={}];", dot::quote(label));
        }
        out.push_str("    }\n");
    }
    for a in &d.arrows {
        let style = if a.dotted { ", style=dashed" } else { "" };
        let _ = writeln!(
            out,
            "    {} -> {} [label={}{style}];",
            a.from,
            a.to,
            dot::quote(&a.label)
        );
    }
    out.push_str("}\n");
    out
}

/// The program as one self-contained HTML page: what it is, its expected
/// plan as an SVG Gantt chart, its workflows and its handoffs. No scripts,
/// no external resources.
pub fn html(program: &Program) -> String {
    let pn = ProgramNetwork::build(program);
    let chart = super::gantt::svg(&crate::compose::gantt::expected(program, &pn));
    let mut out = String::new();
    let title = html::text(&program.name.value);
    let _ = write!(
        out,
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n<title>{title}</title>\n<style>\n\
         body {{ font: 15px/1.5 system-ui, sans-serif; margin: 2rem auto; max-width: 72rem; padding: 0 1rem; color: #1a2540; }}\n\
         table {{ border-collapse: collapse; width: 100%; }} td, th {{ border-bottom: 1px solid #dde3ee; padding: .35rem .5rem; text-align: left; vertical-align: top; }}\n\
         .pattern {{ font-weight: 600; color: #3b6fd8; }} .muted {{ color: #5b6780; }} .chart {{ overflow-x: auto; }}\n\
         </style>\n</head>\n<body>\n<h1>{title}</h1>\n"
    );
    if let Some(d) = &program.description {
        let _ = writeln!(out, "<p>{}</p>", html::text(d));
    }
    if let Some(t) = &program.trigger {
        let _ = writeln!(out, "<p><strong>Trigger:</strong> {}</p>", html::text(t));
    }
    let _ = writeln!(
        out,
        "<h2>Expected plan</h2>\n<div class=\"chart\">{chart}</div>"
    );
    out.push_str("<h2>Workflows</h2>\n<table>\n<tr><th>id</th><th>workflow</th><th>phases</th><th>delivers</th></tr>\n");
    for m in &program.members {
        let (name, phases) = match m.workflow() {
            Some(wf) => (
                wf.name.value.clone(),
                wf.phases
                    .iter()
                    .map(|p| p.name.value.as_str())
                    .collect::<Vec<_>>()
                    .join(" → "),
            ),
            None => (m.reference.value.clone(), String::new()),
        };
        let delivers: Vec<String> = m.delivers.iter().map(|c| c.to_string()).collect();
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{}</td><td class=\"muted\">{}</td><td>{}</td></tr>",
            html::text(&m.alias.value),
            html::text(&name),
            html::text(&phases),
            html::text(&delivers.join(", "))
        );
    }
    out.push_str("</table>\n<h2>Handoffs</h2>\n<ol>\n");
    for (h, pattern) in program.patterns() {
        let _ = write!(
            out,
            "<li><span class=\"pattern\">{}</span> {}",
            pattern.name(),
            html::text(&pattern.describe())
        );
        if let Some(g) = &h.gate {
            let requires: Vec<&str> = g.requires.iter().map(|r| r.value.as_str()).collect();
            let _ = write!(
                out,
                "<br/><strong>Gate:</strong> {} <span class=\"muted\">{}</span>",
                html::text(g.text.as_deref().unwrap_or("")),
                html::text(&requires.join(", "))
            );
        }
        if !h.contracts.is_empty() {
            let c: Vec<String> = h.contracts.iter().map(|c| c.to_string()).collect();
            let _ = write!(
                out,
                "<br/><strong>Contracts:</strong> {}",
                html::text(&c.join(", "))
            );
        }
        if let Some(r) = &h.rollback {
            let _ = write!(out, "<br/><strong>Rollback:</strong> {}", html::text(r));
        }
        out.push_str("</li>\n");
    }
    out.push_str("</ol>\n</body>\n</html>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::program_rules::test_support::{CLEAN, TestResolver};
    use crate::compose::check_program_source;

    #[test]
    fn every_handoff_is_an_arrow() {
        let p = check_program_source(CLEAN, &TestResolver).program.unwrap();
        let m = mermaid(&p);
        assert!(
            m.starts_with("---\ntitle: \"Tiny Program\"\n---\nflowchart LR\n"),
            "{m}"
        );
        // depend api(design) -> app(build); the escalation's resume is dotted.
        assert!(
            m.contains("w1p1 -->|\"depend: openapi-spec v2\"| w2p2"),
            "{m}"
        );
        assert!(
            m.contains("w3p1 -.->|\"resume after review's gate\"| w2p3"),
            "{m}"
        );
        assert!(
            m.contains("-.->|\"cycle, at most 2x, until the review finds nothing new\"|"),
            "{m}"
        );
        let d = dot(&p);
        assert!(
            d.contains("subgraph cluster_w1") && d.contains("style=dashed"),
            "{d}"
        );
    }

    #[test]
    fn labels_are_escaped() {
        assert_eq!(
            mermaid::label("a \"b\" <c> & d"),
            "a #quot;b#quot; #lt;c#gt; #amp; d"
        );
        assert_eq!(dot::inner("a \"b\" \\"), "a \\\"b\\\" \\\\");
    }
}
