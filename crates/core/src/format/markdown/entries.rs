//! Blocks -> entries: the flat sequence of phase headers, labelled fields
//! (with the list that belongs to them), plain paragraphs and unmapped
//! blocks that a workflow section is made of.

use std::ops::Range;

use super::blocks::{Block, Item};
use super::lines::{key, phase_title, strong_label};
use super::text::Text;

#[derive(Debug)]
pub(crate) enum Entry<'a> {
    /// `**Phase 2: Foundation (Month 3-4)**`; `title` is what follows the number.
    Phase {
        title: Text,
        range: Range<usize>,
    },
    Field(Field<'a>),
    Plain {
        text: Text,
        range: Range<usize>,
    },
    /// A list that follows no field.
    List {
        items: &'a [Item],
        range: Range<usize>,
    },
    Unmapped {
        what: String,
        range: Range<usize>,
    },
}

#[derive(Debug)]
pub(crate) struct Field<'a> {
    /// The label as written (`Decision Point`).
    pub label: String,
    /// The label's key (`decisionpoint`).
    pub key: String,
    pub value: Text,
    /// The list written under the field (steps, criteria, details).
    pub list: Option<&'a [Item]>,
    pub range: Range<usize>,
}

/// Fields whose content is (or may be followed by) a list.
const LIST_FIELDS: &[&str] = &[
    "steps",
    "successcriteria",
    "commonpitfalls",
    "pitfalls",
    "retrospectivequestions",
    "retrospective",
    "notes",
    "skills",
    "inputs",
    "deliverable",
    "deliverables",
    "output",
    "outputs",
    "checkpoint",
    "decisionpoint",
    "decision",
    "workflow",
    "chain",
];

/// Every field the importer knows, for recognising label-only headings.
pub(crate) const KNOWN_FIELDS: &[&str] = &[
    "workflowname",
    "name",
    "timeline",
    "duration",
    "timelinerange",
    "trigger",
    "category",
    "calendar",
    "version",
    "id",
    "workflowid",
    "phaseid",
    "description",
    "window",
    "gap",
    "gapreason",
    "parallel",
];

/// Labels of the cross-workflow (program) patterns of the seed's section 14.
pub(crate) const PROGRAM_FIELDS: &[&str] = &[
    "workflowsequence",
    "handoffgates",
    "parallelworkflows",
    "convergencepoint",
    "cycle",
    "triggerflow",
    "escalateto",
    "dependency",
    "workaround",
    "cutover",
    "handoff",
    "blocker",
    "resume",
];

/// What [`labels`] records for a phase header (no label key has a space).
pub(crate) const PHASE_HEADER: &str = "phase header";

pub(crate) fn is_field(k: &str) -> bool {
    LIST_FIELDS.contains(&k) || KNOWN_FIELDS.contains(&k)
}

/// What one line is.
pub(crate) enum Line {
    Phase(Range<usize>),
    Field {
        label: Range<usize>,
        value: Range<usize>,
    },
    Plain,
}

pub(crate) fn classify(line: &Text, heading: bool) -> Line {
    let s = line.as_str();
    if let Some(title) = phase_title(s) {
        let strong_start = line
            .pieces
            .iter()
            .find(|p| !s[p.at.clone()].trim().is_empty())
            .is_some_and(|p| p.kind == super::text::Kind::Strong);
        if heading || strong_start {
            return Line::Phase(title);
        }
    }
    if let Some(l) = strong_label(line) {
        return Line::Field {
            label: l.label,
            value: l.value,
        };
    }
    if heading {
        let t = super::text::trim_range(s, 0..s.len());
        let label = s[t.clone()].trim_end_matches(':');
        if is_field(&key(label)) {
            return Line::Field {
                label: t.start..t.start + label.trim_end().len(),
                value: s.len()..s.len(),
            };
        }
    }
    Line::Plain
}

/// The entries of a run of blocks.
pub(crate) fn entries(blocks: &[Block]) -> Vec<Entry<'_>> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < blocks.len() {
        let block = &blocks[i];
        let next_list = first_list(&blocks[i + 1..]);
        let mut took_list = false;
        match block {
            Block::Heading { text, range, .. } => {
                let (e, took) = heading_entry(text, range, next_list);
                out.push(e);
                took_list = took;
            }
            Block::Paragraph { text, .. } if text.has_words() => {
                let start = out.len();
                logical_lines(text, &mut out);
                if out.len() > start
                    && let Some(Entry::Field(f)) = out.last_mut()
                {
                    took_list = attach(f, next_list);
                }
            }
            Block::Paragraph { .. } => {}
            Block::List { items, range } => out.push(Entry::List {
                items,
                range: range.clone(),
            }),
            Block::Code { range, .. } => out.push(Entry::Unmapped {
                what: "code block".into(),
                range: range.clone(),
            }),
            Block::Other { what, range } => {
                if *what != "rule" {
                    out.push(Entry::Unmapped {
                        what: (*what).to_string(),
                        range: range.clone(),
                    });
                }
            }
        }
        i += if took_list { 2 } else { 1 };
    }
    out
}

/// A heading inside a workflow: a phase header, a field (taking the list
/// after it, as `### Success Criteria` does), or something unmapped.
pub(crate) fn heading_entry<'a>(
    text: &Text,
    range: &Range<usize>,
    next_list: Option<&'a [Item]>,
) -> (Entry<'a>, bool) {
    match classify(text, true) {
        Line::Phase(t) => (
            Entry::Phase {
                title: text.slice(t),
                range: range.clone(),
            },
            false,
        ),
        Line::Field { label, value } => {
            let mut f = field(text, label, value, range.clone());
            let took = attach(&mut f, next_list);
            (Entry::Field(f), took)
        }
        Line::Plain => (
            Entry::Unmapped {
                what: format!("heading `{}`", text.as_str().trim()),
                range: range.clone(),
            },
            false,
        ),
    }
}

/// The list a block run starts with.
pub(crate) fn first_list(blocks: &[Block]) -> Option<&[Item]> {
    match blocks.first() {
        Some(Block::List { items, .. }) => Some(items),
        _ => None,
    }
}

fn field<'a>(
    text: &Text,
    label: Range<usize>,
    value: Range<usize>,
    range: Range<usize>,
) -> Field<'a> {
    let written = text.as_str()[label].trim().to_string();
    Field {
        key: key(&written),
        label: written,
        value: text.slice(value),
        list: None,
        range,
    }
}

/// Give a field the list after it when the field takes one, or when it is
/// unknown (so the two are reported together).
fn attach<'a>(f: &mut Field<'a>, list: Option<&'a [Item]>) -> bool {
    let takes = LIST_FIELDS.contains(&f.key.as_str()) || !is_field(&f.key);
    if takes && let Some(items) = list {
        f.list = Some(items);
        return true;
    }
    false
}

/// A paragraph's lines as entries; a wrapped line continues the one before.
fn logical_lines<'a>(text: &Text, out: &mut Vec<Entry<'a>>) {
    let mut previous = false;
    for line in text.lines() {
        if !line.has_words() {
            continue;
        }
        let range = line.src_range(0..line.as_str().len());
        match classify(&line, false) {
            Line::Phase(t) => {
                out.push(Entry::Phase {
                    title: line.slice(t),
                    range,
                });
                previous = false;
                continue;
            }
            Line::Field { label, value } => {
                out.push(Entry::Field(field(&line, label, value, range)))
            }
            Line::Plain => {
                if previous {
                    match out.last_mut() {
                        Some(Entry::Field(f)) => {
                            f.value.append(&line);
                            f.range.end = range.end;
                            continue;
                        }
                        Some(Entry::Plain { text, range: r }) => {
                            text.append(&line);
                            r.end = range.end;
                            continue;
                        }
                        _ => {}
                    }
                }
                out.push(Entry::Plain { text: line, range });
            }
        }
        previous = true;
    }
}

/// The item's own text: its first paragraph with wrapped lines joined.
pub(crate) fn item_text(item: &Item) -> Option<Text> {
    let text = item.text()?;
    let mut lines = text.lines().into_iter();
    let mut joined = lines.next()?;
    for l in lines {
        joined.append(&l);
    }
    Some(joined)
}

/// Whether every item of a list starts with a label or a phase header
/// (the template's `- **Skills:** ...` style).
pub(crate) fn is_field_list(items: &[Item]) -> bool {
    !items.is_empty()
        && items.iter().all(|item| {
            item_text(item).is_some_and(|t| match classify(&t, false) {
                Line::Phase(_) => true,
                Line::Field { label, .. } => {
                    let k = key(&t.as_str()[label]);
                    is_field(&k) || PROGRAM_FIELDS.contains(&k.as_str())
                }
                Line::Plain => false,
            })
        })
}

/// Every label used in some blocks (one list level deep), for classifying
/// a section.
pub(crate) fn labels(blocks: &[Block], out: &mut Vec<String>) {
    let mut line = |t: &Text| match classify(t, false) {
        Line::Phase(_) => out.push(PHASE_HEADER.into()),
        Line::Field { label, .. } => out.push(key(&t.as_str()[label])),
        Line::Plain => {}
    };
    for b in blocks {
        match b {
            Block::Paragraph { text, .. } => text.lines().iter().for_each(&mut line),
            Block::List { items, .. } => {
                for item in items {
                    if let Some(t) = item_text(item) {
                        line(&t);
                    }
                }
            }
            _ => {}
        }
    }
}
