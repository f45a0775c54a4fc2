//! Markdown import, in the seed's own style.
//!
//! Import reads pulldown-cmark events (with byte offsets) into
//! [`RawWorkflow`]s whose spans point at Markdown lines, so the check rules
//! report against the Markdown the author wrote. Several workflows may share
//! a document; what cannot be mapped (prose sections, tables, HTML, the
//! cross-workflow section) is reported with its lines, never dropped
//! silently. The way back, a workflow written in the same style so that
//! importing it gives the same workflow, is `render::markdown`.
//!
//! Pure: strings in, values out. Nothing here reads files.

mod blocks;
mod build;
mod decisions;
mod entries;
mod lines;
pub mod notes;
pub mod program;
pub mod resolve;
mod text;

use std::ops::Range;

use crate::diagnostic::Diagnostic;
use crate::format::MAX_SOURCE_BYTES;
use crate::format::lower::lower;
use crate::format::raw::RawWorkflow;
use crate::model::CATEGORIES;
use crate::model::Workflow;
use crate::personas::PersonaCatalog;
use crate::span::Span;
use crate::text::normalise;

use blocks::Block;
use build::{Builder, Flow, Outcome};
use entries::{PROGRAM_FIELDS, entries, is_field, labels};
use text::{LineIndex, Text};

pub(crate) use lines::split_window;
pub use program::ImportedProgram;

/// What importing a document gave.
#[derive(Debug)]
pub struct Import {
    pub workflows: Vec<ImportedWorkflow>,
    /// Cross-workflow sections read as programs, their members still named
    /// in words: [`resolve::resolve_all`] matches them to workflows.
    pub programs: Vec<ImportedProgram>,
    /// What could not be imported (MD001-MD007), in document order.
    pub notes: Vec<Diagnostic>,
}

/// One imported workflow: the file form, the checked model, and what the
/// check rules found (spans on Markdown lines; empty until
/// `load::import_markdown` runs them).
#[derive(Debug)]
pub struct ImportedWorkflow {
    pub raw: RawWorkflow,
    pub workflow: Workflow,
    pub diagnostics: Vec<Diagnostic>,
    /// Where the workflow starts in the document.
    pub span: Span,
}

/// Read every workflow of a Markdown document and lower it against the
/// persona catalog. The model rules are not run here: reading sits below the
/// checks; `load::import_markdown` runs both.
pub fn import_unchecked(source: &str, personas: &PersonaCatalog) -> Import {
    let (raws, programs, notes) = read(source);
    let workflows = raws
        .into_iter()
        .map(|(raw, span)| ImportedWorkflow {
            workflow: lower(&raw, personas),
            raw,
            diagnostics: Vec::new(),
            span,
        })
        .collect();
    Import {
        workflows,
        programs,
        notes,
    }
}

/// What [`read`] gives: workflows in the raw file form with where each
/// starts, programs, and what could not be imported.
pub type Read = (
    Vec<(RawWorkflow, Span)>,
    Vec<ImportedProgram>,
    Vec<Diagnostic>,
);

/// Read the workflows and programs of a Markdown document.
pub fn read(source: &str) -> Read {
    if source.len() > MAX_SOURCE_BYTES {
        let d = notes::NO_WORKFLOW
            .at(
                Span::default(),
                format!(
                    "the document is {} MB; the limit is {} MB",
                    source.len() / (1024 * 1024),
                    MAX_SOURCE_BYTES / (1024 * 1024)
                ),
            )
            .help("split the document");
        return (Vec::new(), Vec::new(), vec![d]);
    }
    let idx = LineIndex::new(source);
    let doc = blocks::parse(source);
    let sections = sections(&doc);
    let mut out = Vec::new();
    let mut programs = Vec::new();
    let mut notes = Vec::new();
    let mut templates = 0;
    let mut categories: Vec<(u8, String)> = Vec::new();
    let mut i = 0;
    while i < sections.len() {
        let s = &sections[i];
        categories.retain(|(level, _)| *level < s.level || s.level == 0);
        if let Some(c) = s.heading.and_then(|(t, _)| category(t)) {
            categories.push((s.level, c));
        }
        let mut j = i + 1;
        match s.class {
            Class::Workflow | Class::Part => {
                while j < sections.len() && absorbed_by_workflow(s, &sections[j]) {
                    j += 1;
                }
                let category = categories
                    .iter()
                    .rev()
                    .find(|(l, _)| *l < s.level)
                    .map(|(_, c)| c.clone());
                let (found, n, t) = workflows(&idx, &sections[i..j], category);
                out.extend(found);
                notes.extend(n);
                templates += t;
            }
            Class::Program => {
                while j < sections.len()
                    && s.level > 0
                    && sections[j].level > s.level
                    && sections[j].class != Class::Workflow
                {
                    j += 1;
                }
                for section in &sections[i..j] {
                    let (p, n) = pattern(&idx, section);
                    programs.extend(p);
                    notes.extend(n);
                }
            }
            Class::Prose => {
                while j < sections.len()
                    && s.level > 0
                    && sections[j].level > s.level
                    && matches!(sections[j].class, Class::Prose | Class::Empty)
                {
                    j += 1;
                }
                let range = s.start..sections[j - 1].end;
                let names: Vec<String> = sections[i..j]
                    .iter()
                    .filter(|s| s.has_content)
                    .filter_map(|s| s.heading.map(|(t, _)| format!("`{}`", t.as_str().trim())))
                    .collect();
                let front_matter = s.body.iter().any(|b| {
                    matches!(
                        b,
                        Block::Other {
                            what: "front matter",
                            ..
                        }
                    )
                });
                let what = if names.is_empty() && front_matter {
                    "front matter".to_string()
                } else if names.is_empty() {
                    "text before the first heading".to_string()
                } else {
                    format!("section {} (no workflow in it)", names.join(", "))
                };
                let mut d = notes::not_imported(&idx, &range, what);
                d.span = heading_span(&idx, s);
                if s.heading.is_none() {
                    d.span = idx.span(&(s.start..s.start));
                }
                notes.push(d);
            }
            Class::Empty => {}
        }
        i = j;
    }
    if out.is_empty() && programs.is_empty() && templates == 0 {
        notes.push(
            notes::NO_WORKFLOW
                .at(Span::default(), "no workflow found in the document")
                .help("a workflow is a heading followed by `**Timeline:**` and `**Phase 1: Name (Month 1-2)**` with `**Steps:**`, or by `**Chain:** A → B` and a numbered `**Workflow:**` list"),
        );
    }
    notes.sort_by_key(|d| (d.span.line, d.span.column));
    once_per_file(&mut notes);
    (out, programs, notes)
}

/// The step order is assumed the same way in every workflow of a document:
/// say it once, at the first, with how many workflows it applies to.
fn once_per_file(notes: &mut Vec<Diagnostic>) {
    let is_order =
        |d: &Diagnostic| d.code == notes::ASSUMED.code && d.message.starts_with(notes::IN_ORDER);
    let count = notes.iter().filter(|d| is_order(d)).count();
    if count < 2 {
        return;
    }
    let mut seen = false;
    notes.retain(|d| !is_order(d) || !std::mem::replace(&mut seen, true));
    if let Some(first) = notes.iter_mut().find(|d| is_order(d)) {
        first.message = format!("{} (in {count} workflows of the document)", first.message);
    }
}

/// One section of a cross-workflow part: a program when it uses one of the
/// patterns, otherwise prose reported as not imported.
fn pattern(idx: &LineIndex<'_>, s: &Section<'_>) -> (Option<ImportedProgram>, Vec<Diagnostic>) {
    let mut found = Vec::new();
    labels(s.body, &mut found);
    let range = s.start..s.end;
    if program::is_pattern(&found) {
        return match program::read(idx, s.heading, &entries(s.body), range) {
            Ok((p, warnings)) => (Some(p), warnings),
            Err(d) => (None, vec![d]),
        };
    }
    if !s.has_content {
        return (None, Vec::new());
    }
    let what = match s.heading {
        Some((t, _)) => format!("section `{}` (no handoff pattern in it)", t.as_str().trim()),
        None => "text before the first heading".to_string(),
    };
    let mut d = notes::not_imported(idx, &range, what);
    d.span = heading_span(idx, s);
    (None, vec![d])
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    /// Starts a workflow.
    Workflow,
    /// A phase header or a field written as a heading: part of the workflow before it.
    Part,
    /// The cross-workflow patterns.
    Program,
    Prose,
    Empty,
}

/// A heading and the blocks up to the next heading.
struct Section<'a> {
    heading: Option<(&'a Text, &'a Range<usize>)>,
    level: u8,
    body: &'a [Block],
    class: Class,
    has_content: bool,
    start: usize,
    end: usize,
}

fn sections(doc: &[Block]) -> Vec<Section<'_>> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut heading = None;
    let mut level = 0;
    for i in 0..=doc.len() {
        let b = doc.get(i);
        let is_heading = matches!(b, Some(Block::Heading { .. }) | None);
        if !is_heading {
            continue;
        }
        let body = &doc[start..i];
        if heading.is_some() || !body.is_empty() {
            out.push(section(heading, level, body));
        }
        if let Some(Block::Heading {
            level: l,
            text,
            range,
        }) = b
        {
            heading = Some((text, range));
            level = *l;
        }
        start = i + 1;
    }
    out
}

fn section<'a>(
    heading: Option<(&'a Text, &'a Range<usize>)>,
    level: u8,
    body: &'a [Block],
) -> Section<'a> {
    let has_content = body.iter().any(Block::has_content);
    let mut found = Vec::new();
    labels(body, &mut found);
    let heading_key = heading
        .as_ref()
        .map(|(t, _)| normalise(t.as_str()))
        .unwrap_or_default();
    let title_prefix = heading
        .as_ref()
        .is_some_and(|(t, _)| lines::has_workflow_prefix(t.as_str()));
    // A phase header or a field written as a heading belongs to the workflow before it.
    let part = heading.is_some_and(|(t, _)| match entries::classify(t, true) {
        entries::Line::Phase(_) => true,
        entries::Line::Field { label, .. } => is_field(&lines::key(&t.as_str()[label])),
        entries::Line::Plain => false,
    });
    let class = if part {
        Class::Part
    } else if heading_key.contains("crossworkflow") || program_labels(&found) >= 2 {
        Class::Program
    } else if found.iter().any(|k| {
        matches!(
            k.as_str(),
            entries::PHASE_HEADER | "timeline" | "workflowname" | "chain" | "steps" | "skills"
        )
    }) || (title_prefix && has_content)
    {
        Class::Workflow
    } else if has_content {
        Class::Prose
    } else {
        Class::Empty
    };
    let start = heading
        .as_ref()
        .map(|(_, r)| r.start)
        .or_else(|| body.first().map(|b| b.range().start))
        .unwrap_or(0);
    let end = body
        .iter()
        .rev()
        .find(|b| b.has_content())
        .map(|b| b.range().end)
        .or_else(|| heading.as_ref().map(|(_, r)| r.end))
        .unwrap_or(start);
    Section {
        heading,
        level,
        body,
        class,
        has_content,
        start,
        end,
    }
}

/// How many different program labels (`**Handoff Gates:**`, ...) a section uses.
fn program_labels(found: &[String]) -> usize {
    let mut seen: Vec<&str> = found
        .iter()
        .map(String::as_str)
        .filter(|k| PROGRAM_FIELDS.contains(k))
        .collect();
    seen.sort_unstable();
    seen.dedup();
    seen.len()
}

/// Whether section `next` belongs to the workflow that starts at `first`:
/// phase headers and field headings always do; deeper prose does when the
/// workflow has a heading.
fn absorbed_by_workflow(first: &Section<'_>, next: &Section<'_>) -> bool {
    match next.class {
        Class::Part => true,
        Class::Prose | Class::Empty => first.level > 0 && next.level > first.level,
        Class::Workflow | Class::Program => false,
    }
}

/// A heading that names one of the library's categories.
fn category(t: &Text) -> Option<String> {
    let s = t.as_str();
    let name = &s[lines::heading_name(s)];
    CATEGORIES
        .iter()
        .find(|c| normalise(c) == normalise(name))
        .map(|c| c.to_string())
}

fn heading_span(idx: &LineIndex<'_>, s: &Section<'_>) -> Span {
    match &s.heading {
        Some((_, r)) => {
            let mut span = idx.span(r);
            span.len = notes::first_line_len(idx, r);
            span
        }
        None => idx.span(&(s.start..s.start)),
    }
}

/// The workflows of a run of sections that starts with a workflow.
fn workflows(
    idx: &LineIndex<'_>,
    run: &[Section<'_>],
    category: Option<String>,
) -> (Vec<(RawWorkflow, Span)>, Vec<Diagnostic>, usize) {
    let first = &run[0];
    let title = match (&first.heading, first.class) {
        (Some((t, r)), Class::Workflow) => {
            let name_at = lines::heading_name(t.as_str());
            let (name, _) = t.slice(name_at).value();
            Some((name, (*r).clone()))
        }
        _ => None,
    };
    let mut blocks_of: Vec<Vec<entries::Entry<'_>>> = Vec::new();
    for (n, s) in run.iter().enumerate() {
        // The first heading is the title; later headings are phases or fields.
        let mut body = s.body;
        if (n > 0 || first.class == Class::Part)
            && let Some((t, r)) = &s.heading
        {
            let (e, took) = entries::heading_entry(t, r, entries::first_list(body));
            blocks_of.push(vec![e]);
            body = &body[usize::from(took)..];
        }
        blocks_of.push(entries(body));
    }
    let mut out = Vec::new();
    let mut notes = Vec::new();
    let mut templates = 0;
    let mut builder = Builder::new(idx, title, category.clone());
    let end = run.last().map(|s| s.end).unwrap_or(0);
    let mut start = first.start;
    for e in blocks_of.iter().flatten() {
        if builder.entry(e) == Flow::Split {
            let done = std::mem::replace(&mut builder, Builder::new(idx, None, category.clone()));
            let at = entry_start(e);
            collect(done.finish(start..at), &mut out, &mut notes, &mut templates);
            start = at;
            builder.entry(e);
        }
    }
    collect(
        builder.finish(start..end),
        &mut out,
        &mut notes,
        &mut templates,
    );
    (out, notes, templates)
}

fn entry_start(e: &entries::Entry<'_>) -> usize {
    match e {
        entries::Entry::Phase { range, .. }
        | entries::Entry::Plain { range, .. }
        | entries::Entry::List { range, .. }
        | entries::Entry::Unmapped { range, .. } => range.start,
        entries::Entry::Field(f) => f.range.start,
    }
}

fn collect(
    (outcome, n): (Outcome, Vec<Diagnostic>),
    out: &mut Vec<(RawWorkflow, Span)>,
    notes: &mut Vec<Diagnostic>,
    templates: &mut usize,
) {
    notes.extend(n);
    match outcome {
        Outcome::Workflow(raw, span) => out.push((*raw, span)),
        Outcome::Template => *templates += 1,
        Outcome::Nothing => {}
    }
}
