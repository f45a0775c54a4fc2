//! Property tests of every renderer against hostile text: quotes, markup,
//! Mermaid and DOT separators, line breaks, control characters and
//! non-ASCII put into workflow, phase, persona and step names never break
//! the output. SVG and HTML are parsed as XML; Mermaid and DOT are checked
//! line by line against the shape of the same chart drawn from plain names.

use proptest::prelude::*;

use crate::catalog::Catalog;
use crate::model::Workflow;
use crate::plan::gantt::Gantt;
use crate::plan::graph::StepGraph;
use crate::plan::pert::pert;

use super::escape::{dot as dot_escape, mermaid as mermaid_escape, xml};
use super::{dot, gantt, html, mermaid};

/// Text made of the characters that end strings, open markup or separate
/// statements in some target, mixed with ordinary and non-ASCII letters.
fn nasty() -> impl Strategy<Value = String> {
    let special = prop::sample::select(vec![
        '"', '\'', '<', '>', '&', '|', '#', ';', ':', '%', '\\', '`', '[', ']', '{', '}', '(', ')',
        '*', '_', '-', '=', '\n', '\r', '\t', ' ', '\u{0}', '\u{1}', '\u{1b}', '\u{7f}', '\u{85}',
        '\u{2028}', '\u{FEFF}', '\u{FFFE}', '\u{FFFF}', 'é', '東', '🚀',
    ]);
    let letter = prop::sample::select(vec!['a', 'Z', '0', '9', 's', 'T']);
    prop::collection::vec(prop_oneof![3 => special, 1 => letter], 1..20)
        .prop_map(|cs| cs.into_iter().collect())
}

/// A library workflow with `names` written over its name, phase names,
/// personas, actions, deliverables, approvers and decisions.
fn hostile(names: &[String]) -> Workflow {
    let catalog = Catalog::builtin();
    let mut wf = catalog
        .library
        .get("microservices-migration")
        .expect("a built-in workflow")
        .clone();
    let mut next = names.iter().cycle().cloned();
    let mut take = move || next.next().unwrap_or_default();
    wf.name.value = take();
    for p in &mut wf.phases {
        p.name.value = take();
        for s in &mut p.steps {
            s.persona.written = take();
            s.action.value = take();
        }
        if let Some(d) = &mut p.deliverable {
            d.text = take();
        }
        if let Some(a) = p.checkpoint.as_mut().and_then(|c| c.approver.as_mut()) {
            a.written = take();
        }
        for d in &mut p.decisions {
            d.text = Some(take());
            if let Some(c) = &mut d.condition {
                c.value = take();
            }
        }
    }
    wf
}

/// The same workflow with plain names, equal where the hostile ones are
/// equal (equal consecutive phase names share a Gantt section).
fn plain(names: &[String]) -> Workflow {
    let plain: Vec<String> = names
        .iter()
        .map(|n| {
            let first = names.iter().position(|m| m == n).unwrap_or(0);
            format!("plain{first}")
        })
        .collect();
    hostile(&plain)
}

fn chart(wf: &Workflow) -> Gantt {
    let graph = StepGraph::build(wf);
    let (_, cpm) = pert(graph.network());
    Gantt::from_cpm(wf, &graph, &cpm)
}

/// What an XML parser gives back for text that went through [`xml`].
fn as_read(s: &str) -> String {
    s.chars()
        .map(|c| {
            if (c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
                || matches!(c, '\u{FFFE}' | '\u{FFFF}')
            {
                '\u{FFFD}'
            } else {
                c
            }
        })
        .collect()
}

/// Whether `s` is a well-formed run of DOT statements: every double-quoted
/// string closed on its own line, backslash escapes inside strings only.
fn dot_strings_balanced(s: &str) -> bool {
    s.lines().all(|line| {
        let mut quoted = false;
        let mut chars = line.chars();
        while let Some(c) = chars.next() {
            match c {
                '"' => quoted = !quoted,
                // Inside a string a backslash takes the next character with it.
                '\\' if quoted && chars.next().is_none() => return false,
                _ => {}
            }
        }
        !quoted
    })
}

/// A Mermaid label never holds a raw character that ends it or starts
/// markup: every `#` opens an entity code and every `;` closes one.
fn mermaid_label_inert(label: &str) -> bool {
    if label
        .chars()
        .any(|c| matches!(c, '"' | '|' | '<' | '>' | '`' | '\n' | '\r') || c.is_control())
    {
        return false;
    }
    let mut rest = label;
    while let Some(i) = rest.find(['#', ';']) {
        if rest[i..].starts_with(';') {
            return false;
        }
        let after = &rest[i + 1..];
        let Some(end) = after.find(';') else {
            return false;
        };
        if end == 0 || !after[..end].chars().all(|c| c.is_ascii_alphanumeric()) {
            return false;
        }
        rest = &after[end + 1..];
    }
    true
}

/// What the `gantt` grammar reads a line as: a keyword's statement, a
/// comment, or a task.
fn gantt_line_kind(line: &str) -> String {
    const WORDS: [&str; 19] = [
        "accdescr",
        "accdescription",
        "acctitle",
        "axisformat",
        "call",
        "click",
        "dateformat",
        "excludes",
        "gantt",
        "href",
        "includes",
        "inclusiveenddates",
        "section",
        "tickinterval",
        "title",
        "todaymarker",
        "topaxis",
        "weekday",
        "weekend",
    ];
    let l = line.trim_start().to_lowercase();
    if l.starts_with('%') || l.starts_with('"') || l.chars().nth(1) == Some('%') {
        return "comment or string".into();
    }
    WORDS
        .iter()
        .find(|w| {
            l.strip_prefix(**w)
                .is_some_and(|rest| !rest.starts_with(|c: char| c.is_alphanumeric()))
        })
        .map(|w| w.to_string())
        .unwrap_or_else(|| "task".into())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn the_html_page_parses_as_xml_and_keeps_the_names(
        names in prop::collection::vec(nasty(), 1..6)
    ) {
        let wf = hostile(&names);
        let page = html::page(&wf, &[]);
        let body = page.strip_prefix("<!doctype html>\n").expect("a doctype");
        let doc = roxmltree::Document::parse(body)
            .map_err(|e| TestCaseError::fail(format!("{e}\n{body}")))?;
        let title = doc
            .descendants()
            .find(|n| n.has_tag_name("title"))
            .and_then(|n| n.text())
            .unwrap_or_default();
        let name = as_read(&wf.name.value);
        prop_assert_eq!(title, name.as_str());
        let svg = doc
            .descendants()
            .find(|n| n.has_tag_name(("http://www.w3.org/2000/svg", "svg")))
            .expect("the flow drawing");
        prop_assert_eq!(svg.attribute("aria-label"), Some(name.as_str()));
        let phases = doc
            .descendants()
            .filter(|n| n.attribute("class") == Some("phase") && n.has_tag_name("article"))
            .count();
        prop_assert_eq!(phases, wf.phases.len());
    }

    #[test]
    fn the_gantt_svg_parses_as_xml(names in prop::collection::vec(nasty(), 1..6)) {
        let svg = gantt::svg(&chart(&hostile(&names)));
        let doc = roxmltree::Document::parse(&svg)
            .map_err(|e| TestCaseError::fail(format!("{e}\n{svg}")))?;
        prop_assert!(doc.root_element().has_tag_name("svg"));
    }

    #[test]
    fn xml_text_and_attributes_round_trip(s in nasty()) {
        let doc = format!("<a b=\"{}\" c='{}'>{}</a>", xml::attr(&s), xml::attr(&s), xml::text(&s));
        let parsed = roxmltree::Document::parse(&doc)
            .map_err(|e| TestCaseError::fail(format!("{e}\n{doc}")))?;
        let a = parsed.root_element();
        let read = as_read(&s);
        prop_assert_eq!(a.attribute("b"), Some(read.as_str()));
        prop_assert_eq!(a.attribute("c"), Some(read.as_str()));
        // Text content: XML reads a raw CR as a line break; `text` writes it as a reference.
        prop_assert_eq!(a.text().unwrap_or_default(), read.as_str());
    }

    #[test]
    fn mermaid_labels_stay_inside_their_quotes(s in nasty()) {
        let l = mermaid_escape::label(&s);
        prop_assert!(mermaid_label_inert(&l), "{:?} -> {:?}", s, l);
    }

    #[test]
    fn the_mermaid_flowchart_keeps_its_shape(names in prop::collection::vec(nasty(), 1..6)) {
        let wf = hostile(&names);
        let chart = mermaid::flowchart(&wf);
        let reference = mermaid::flowchart(&plain(&names));
        prop_assert_eq!(chart.lines().count(), reference.lines().count());
        // Front matter (a YAML double-quoted title) aside, every quote pairs up.
        for line in chart.lines().skip(3) {
            prop_assert!(line.matches('"').count() % 2 == 0, "{}", line);
            for label in line.split('"').skip(1).step_by(2) {
                prop_assert!(mermaid_label_inert(label), "{}", line);
            }
        }
    }

    #[test]
    fn mermaid_gantt_names_stay_names(names in prop::collection::vec(nasty(), 1..6)) {
        let wf = hostile(&names);
        let text = gantt::mermaid(&chart(&wf));
        let reference = gantt::mermaid(&chart(&plain(&names)));
        prop_assert_eq!(text.lines().count(), reference.lines().count());
        for (line, plain_line) in text.lines().zip(reference.lines()) {
            prop_assert_eq!(gantt_line_kind(line), gantt_line_kind(plain_line), "{}", line);
            // Names hold no separator: colons and `%` come from the chart's own syntax.
            prop_assert_eq!(line.matches(':').count(), plain_line.matches(':').count(), "{}", line);
            prop_assert_eq!(line.matches('%').count(), plain_line.matches('%').count(), "{}", line);
        }
        for s in &names {
            let t = mermaid_escape::gantt_text(s);
            prop_assert!(!t.is_empty() && !t.contains([':', '\n', '\r']), "{:?}", t);
            prop_assert!(!t.starts_with(|c: char| c.is_whitespace() || c == '%' || c == '"'));
        }
    }

    #[test]
    fn dot_strings_are_well_formed(names in prop::collection::vec(nasty(), 1..6)) {
        let wf = hostile(&names);
        let text = dot::digraph(&wf);
        let reference = dot::digraph(&plain(&names));
        prop_assert_eq!(text.lines().count(), reference.lines().count());
        prop_assert!(dot_strings_balanced(&text), "{}", text);
        for s in &names {
            let q = dot_escape::quote(s);
            prop_assert!(dot_strings_balanced(&q) && !q.contains(['\n', '\r']), "{:?}", q);
        }
    }
}
