//! Graphviz DOT: the same flow as the Mermaid chart, for `dot -Tsvg`.
//! Node ids are the flow's own safe identifiers; every string is quoted by
//! [`super::escape::dot`].

use std::fmt::Write;

use crate::model::Workflow;

use super::escape::dot::{inner, quote};
use super::flow::{EdgeKind, Flow, Node, NodeKind};
use super::wrap;

/// The workflow as a DOT `digraph`.
pub fn digraph(wf: &Workflow) -> String {
    let flow = Flow::of(wf);
    let mut out = String::new();
    let _ = writeln!(out, "digraph {} {{", quote(&flow.title));
    let _ = writeln!(
        out,
        "    graph [rankdir=TB, labelloc=t, fontsize=20, fontname=\"Helvetica\", label={}, nodesep=0.3, ranksep=0.45];",
        quote(&flow.title)
    );
    out.push_str("    node [shape=box, style=\"rounded,filled\", fontname=\"Helvetica\", fontsize=11, fillcolor=\"#eef4ff\", color=\"#3b6fd8\"];\n");
    out.push_str("    edge [color=\"#5b6475\", arrowsize=0.7];\n");
    for c in &flow.clusters {
        let _ = writeln!(out, "    subgraph cluster_{} {{", c.id);
        let _ = writeln!(
            out,
            "        label={}; style=\"rounded,filled\"; fillcolor=\"#f7f8fb\"; color=\"#c9cfdb\"; fontname=\"Helvetica\"; fontsize=13;",
            quote(&c.title)
        );
        for n in &c.nodes {
            let _ = writeln!(out, "        {}", node(n));
        }
        out.push_str("    }\n");
        for n in &c.after {
            let _ = writeln!(out, "    {}", node(n));
        }
    }
    for e in &flow.edges {
        let mut attrs = Vec::new();
        if e.kind == EdgeKind::Loop {
            attrs.push("style=dashed".to_string());
            attrs.push("color=\"#c63c3c\"".to_string());
            attrs.push("constraint=false".to_string());
        }
        if let Some(l) = &e.label {
            attrs.push(format!("label={}", quote(l)));
            attrs.push("fontsize=10".to_string());
        }
        if attrs.is_empty() {
            let _ = writeln!(out, "    {} -> {};", e.from, e.to);
        } else {
            let _ = writeln!(out, "    {} -> {} [{}];", e.from, e.to, attrs.join(", "));
        }
    }
    out.push_str("}\n");
    out
}

fn node(n: &Node) -> String {
    let mut lines = vec![n.title.clone()];
    lines.extend(wrap(&n.text, 34, 3));
    let text = lines
        .iter()
        .map(|l| inner(l))
        .collect::<Vec<_>>()
        .join("\\n");
    let style = match n.kind {
        NodeKind::Step => "",
        NodeKind::Deliverable => ", shape=note, fillcolor=\"#eaf7ee\", color=\"#2f8f4e\"",
        NodeKind::Gate => ", shape=hexagon, style=filled, fillcolor=\"#fff4e0\", color=\"#d38b12\"",
        NodeKind::Decision => {
            ", shape=diamond, style=filled, fillcolor=\"#fdeaea\", color=\"#c63c3c\""
        }
    };
    format!("{} [label=\"{text}\"{style}];", n.id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_and_backslashes_are_escaped() {
        assert_eq!(
            quote(r#"a "b" \ <c> & [d]/e"#),
            r#""a \"b\" \\ <c> & [d]/e""#
        );
    }
}
