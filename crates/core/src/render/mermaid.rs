//! Mermaid: a flowchart of the workflow (phases as subgraphs, steps labelled
//! with their persona, deliverables, gates, decision loops), and a `gantt`
//! chart from the planner's critical-path schedule.

use std::fmt::Write;

use crate::model::Workflow;
use crate::plan::gantt::Gantt;
use crate::plan::graph::StepGraph;
use crate::plan::pert::pert;

use super::escape::mermaid::{front_matter_title, label};
use super::flow::{EdgeKind, Flow, Node, NodeKind};

/// The workflow as a Mermaid `flowchart`.
pub fn flowchart(wf: &Workflow) -> String {
    let flow = Flow::of(wf);
    let mut out = String::new();
    let title = front_matter_title(&flow.title);
    let _ = writeln!(out, "---\ntitle: {title}\n---");
    out.push_str("flowchart TD\n");
    for c in &flow.clusters {
        let _ = writeln!(out, "    subgraph {}[\"{}\"]", c.id, label(&c.title));
        out.push_str("        direction TB\n");
        for n in &c.nodes {
            let _ = writeln!(out, "        {}", node(n));
        }
        out.push_str("    end\n");
        for n in &c.after {
            let _ = writeln!(out, "    {}", node(n));
        }
    }
    for e in &flow.edges {
        let arrow = match e.kind {
            EdgeKind::Flow => "-->",
            EdgeKind::Loop => "-.->",
        };
        match &e.label {
            Some(l) => {
                let _ = writeln!(out, "    {} {arrow}|\"{}\"| {}", e.from, label(l), e.to);
            }
            None => {
                let _ = writeln!(out, "    {} {arrow} {}", e.from, e.to);
            }
        }
    }
    out.push_str("    classDef step fill:#eef4ff,stroke:#3b6fd8,color:#1a2540\n");
    out.push_str("    classDef deliverable fill:#eaf7ee,stroke:#2f8f4e,color:#173d22\n");
    out.push_str("    classDef gate fill:#fff4e0,stroke:#d38b12,color:#4a3005\n");
    out.push_str("    classDef decision fill:#fdeaea,stroke:#c63c3c,color:#4a1010\n");
    for (class, kind) in [
        ("step", NodeKind::Step),
        ("deliverable", NodeKind::Deliverable),
        ("gate", NodeKind::Gate),
        ("decision", NodeKind::Decision),
    ] {
        let ids: Vec<&str> = flow
            .clusters
            .iter()
            .flat_map(|c| c.nodes.iter().chain(&c.after))
            .filter(|n| n.kind == kind)
            .map(|n| n.id.as_str())
            .collect();
        if !ids.is_empty() {
            let _ = writeln!(out, "    class {} {class}", ids.join(","));
        }
    }
    out
}

fn node(n: &Node) -> String {
    let text = format!("{}: {}", n.title, n.text);
    let l = label(&text);
    match n.kind {
        NodeKind::Step => format!("{}[\"{l}\"]", n.id),
        NodeKind::Deliverable => format!("{}([\"{l}\"])", n.id),
        NodeKind::Gate => format!("{}{{{{\"{l}\"}}}}", n.id),
        NodeKind::Decision => format!("{}{{\"{l}\"}}", n.id),
    }
}

/// The workflow's critical-path schedule as a Mermaid `gantt` chart (the
/// planner's chart: expected durations, critical steps marked).
pub fn gantt(wf: &Workflow) -> String {
    let graph = StepGraph::build(wf);
    let (_, cpm) = pert(graph.network());
    super::gantt::mermaid(&Gantt::from_cpm(wf, &graph, &cpm))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_escape_what_would_break_the_string() {
        assert_eq!(
            label(r#"a "b" <c> & d/e [f] #1; |g|"#),
            "a #quot;b#quot; #lt;c#gt; #amp; d/e [f] #35;1#59; #124;g#124;"
        );
    }
}
