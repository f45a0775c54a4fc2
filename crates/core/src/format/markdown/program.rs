//! The cross-workflow patterns of the seed's section 14, read as programs:
//! a `**Workflow Sequence:**` with `**Handoff Gates:**`, `**Parallel
//! Workflows:**` with a `**Convergence Point:**`, a `**Cycle:**`, a
//! `**Trigger Flow:**` (escalation) and a `**Dependency:**`.
//!
//! The Markdown names workflows in words ("Feature Development"), so a
//! member's `workflow` holds the name as written until [`super::resolve`]
//! matches it against the document's workflows and the library; phase names
//! (the escalation's "Data Migration phase") are resolved there too.

use std::ops::Range;

use crate::diagnostic::Diagnostic;
use crate::format::program::*;
use crate::model::kebab_case;
use crate::span::{Sp, Span};

use super::entries::{Entry, Field, item_text};
use super::lines::{arrow_items, heading_name, key, strong_label};
use super::notes;
use super::text::{Kind, LineIndex, Text};

/// A program read from Markdown, its members still named as written.
#[derive(Debug, Clone)]
pub struct ImportedProgram {
    pub raw: RawProgram,
    /// Where the pattern starts in the document.
    pub span: Span,
    /// Per member: the words around its name (durations, personas,
    /// deliverables), which help tell close names apart.
    pub context: Vec<String>,
}

/// The labels that say which pattern a section is.
const PATTERNS: &[&str] = &[
    "workflowsequence",
    "parallelworkflows",
    "cycle",
    "triggerflow",
    "dependency",
];

/// Whether a section's labels name one of the five patterns.
pub(crate) fn is_pattern(labels: &[String]) -> bool {
    labels.iter().any(|l| PATTERNS.contains(&l.as_str()))
}

/// Read one pattern section (`heading` and its body entries) as a program,
/// with the warnings reading it gave (an invented bound, ...).
pub(crate) fn read(
    idx: &LineIndex<'_>,
    heading: Option<(&Text, &Range<usize>)>,
    body: &[Entry<'_>],
    range: Range<usize>,
) -> Result<(ImportedProgram, Vec<Diagnostic>), Diagnostic> {
    let span = heading.map_or_else(
        || idx.span(&(range.start..range.start)),
        |(_, r)| idx.span(r),
    );
    let name = heading
        .map(|(t, _)| pattern_name(t.as_str()))
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| "Imported program".to_string());
    let mut p = Reader {
        idx,
        raw: RawProgram {
            id: Some(Sp::bare(kebab_case(&name))),
            name: Sp::new(name, span),
            version: Some(Sp::bare(1)),
            ..RawProgram::default()
        },
        context: Vec::new(),
        warnings: Vec::new(),
    };
    let fields: Vec<&Field<'_>> = body
        .iter()
        .filter_map(|e| match e {
            Entry::Field(f) => Some(f),
            _ => None,
        })
        .collect();
    let field = |key: &str| fields.iter().find(|f| f.key == key).copied();
    if let Some(f) = field("scenario") {
        p.raw.description = Some(f.value.value().0);
    }
    let read = if let Some(f) = field("workflowsequence") {
        p.sequence(f, field("handoffgates"))
    } else if let Some(f) = field("parallelworkflows") {
        p.converge(f, field("convergencepoint"), field("handoff"))
    } else if let Some(f) = field("cycle") {
        p.cycle(f, field("handoff"))
    } else if let Some(f) = field("triggerflow") {
        p.escalate(f, field("handoff"))
    } else if let Some(f) = field("dependency") {
        p.depend(f, field("handoff"))
    } else {
        Err("no pattern label".to_string())
    };
    match read {
        Ok(()) => Ok((
            ImportedProgram {
                raw: p.raw,
                span,
                context: p.context,
            },
            p.warnings,
        )),
        Err(why) => Err(notes::PROGRAM
            .at(span, format!("cross-workflow section is not imported: {why}"))
            .label("read as a program")
            .help("name each workflow in bold (`**Feature Development** (2 months)`), one per list item")),
    }
}

/// `Pattern 1: Sequential Workflow Chain` -> `Sequential Workflow Chain`.
fn pattern_name(heading: &str) -> String {
    let name = &heading[heading_name(heading)];
    let lower = name.to_ascii_lowercase();
    match (lower.starts_with("pattern"), name.find(':')) {
        (true, Some(colon)) => name[colon + 1..].trim().to_string(),
        _ => name.trim().to_string(),
    }
}

struct Reader<'i, 's> {
    idx: &'i LineIndex<'s>,
    raw: RawProgram,
    context: Vec<String>,
    warnings: Vec<Diagnostic>,
}

/// A list item: its leading bold name (if any), the rest, and its text.
struct Named {
    name: Option<Sp<String>>,
    rest: String,
    text: Text,
}

impl Reader<'_, '_> {
    fn sp(&self, text: &Text, r: Range<usize>) -> Sp<String> {
        let (value, src) = text.slice(r).value();
        Sp::new(value, self.idx.span(&src))
    }

    /// The items of a field's list, each split into bold name and rest.
    fn items(&self, f: &Field<'_>) -> Vec<Named> {
        f.list
            .unwrap_or_default()
            .iter()
            .filter_map(item_text)
            .map(|text| {
                let strong = text
                    .pieces
                    .iter()
                    .find(|p| !text.s[p.at.clone()].trim().is_empty());
                let name = strong
                    .filter(|p| p.kind == Kind::Strong && strong_label(&text).is_none())
                    .map(|p| self.sp(&text, p.at.clone()));
                let rest = match &name {
                    Some(_) => strong
                        .map_or("", |p| &text.s[p.at.end..])
                        .trim()
                        .to_string(),
                    None => text.s.trim().to_string(),
                };
                Named { name, rest, text }
            })
            .collect()
    }

    /// Add a member named as written; returns its alias.
    fn member(&mut self, name: &Sp<String>, context: &str) -> String {
        let alias = kebab_case(&name.value);
        let known = self
            .raw
            .workflows
            .iter()
            .any(|m| m.value.id.as_ref().is_some_and(|id| id.value == alias));
        if known {
            return alias;
        }
        self.raw.workflows.push(Sp::new(
            RawMember {
                id: Some(Sp::new(alias.clone(), name.span)),
                workflow: name.clone(),
                delivers: Vec::new(),
            },
            name.span,
        ));
        self.context.push(context.to_string());
        alias
    }

    fn handoff(&mut self, h: RawHandoff, span: Span) {
        self.raw.handoffs.push(Sp::new(h, span));
    }

    fn gate(text: String) -> Option<Sp<RawGate>> {
        (!text.is_empty()).then(|| {
            Sp::bare(RawGate {
                text: Some(text),
                requires: Vec::new(),
            })
        })
    }

    fn sequence(&mut self, list: &Field<'_>, gates: Option<&Field<'_>>) -> Result<(), String> {
        let items = self.items(list);
        let mut aliases = Vec::new();
        for it in &items {
            let Some(name) = &it.name else { continue };
            aliases.push((self.member(name, &it.rest), name.span));
            if let Some((_, deliverable)) = it.rest.split_once("Deliverable:") {
                self.raw
                    .notes
                    .push(format!("{} delivers: {}", name.value, deliverable.trim()));
            }
        }
        if aliases.len() < 2 {
            return Err("a sequence needs at least two workflows named in bold".into());
        }
        let gate_texts: Vec<String> = gates
            .map(|g| {
                self.items(g)
                    .into_iter()
                    .map(|it| gate_text(&it.text))
                    .collect()
            })
            .unwrap_or_default();
        for (i, pair) in aliases.windows(2).enumerate() {
            self.handoff(
                RawHandoff {
                    sequence: Some(Sp::new(
                        RawSequence {
                            from: Sp::new(pair[0].0.clone(), pair[0].1),
                            to: Sp::new(pair[1].0.clone(), pair[1].1),
                            when: None,
                        },
                        pair[1].1,
                    )),
                    gate: gate_texts.get(i).cloned().and_then(Self::gate),
                    ..RawHandoff::default()
                },
                pair[1].1,
            );
        }
        Ok(())
    }

    fn converge(
        &mut self,
        list: &Field<'_>,
        point: Option<&Field<'_>>,
        handoff: Option<&Field<'_>>,
    ) -> Result<(), String> {
        let mut from = Vec::new();
        for it in self.items(list) {
            let Some(name) = &it.name else { continue };
            let alias = self.member(name, &it.rest);
            from.push(Sp::new(RawSource::Id(alias), name.span));
            if let Some(chain) = it.rest.split_once(':').map(|(_, c)| c.trim()) {
                self.raw.notes.push(format!("{}: {chain}", name.value));
            }
        }
        if from.len() < 2 {
            return Err("parallel workflows need at least two workflows named in bold".into());
        }
        let point = point.ok_or(
            "a `**Convergence Point:**` naming the workflow they converge into is missing",
        )?;
        // `All three workflows complete → Integration testing → Launch`: the
        // first step after the condition is the workflow they converge into.
        let steps = arrow_items(&point.value);
        let (into_name, into_range) = steps
            .get(1)
            .or(steps.first())
            .cloned()
            .ok_or("the convergence point names no workflow")?;
        let into = Sp::new(into_name, self.idx.span(&into_range));
        let rest: Vec<&str> = steps.iter().skip(2).map(|(s, _)| s.as_str()).collect();
        let alias = self.member(&into, &rest.join(" "));
        self.raw
            .notes
            .push(format!("Convergence point: {}", point.value.value().0));
        let span = self.idx.span(&point.range);
        self.handoff(
            RawHandoff {
                converge: Some(Sp::new(
                    RawConverge {
                        from,
                        into: Sp::new(alias, into.span),
                        phase: None,
                    },
                    span,
                )),
                gate: handoff.and_then(|h| Self::gate(h.value.value().0)),
                ..RawHandoff::default()
            },
            span,
        );
        Ok(())
    }

    fn cycle(&mut self, list: &Field<'_>, handoff: Option<&Field<'_>>) -> Result<(), String> {
        let items = self.items(list);
        let named: Vec<(Sp<String>, String)> = items
            .iter()
            .filter_map(|it| Some((it.name.clone()?, it.rest.clone())))
            .filter(|(n, _)| !n.value.eq_ignore_ascii_case("repeat"))
            .collect();
        let mut distinct: Vec<&(Sp<String>, String)> = Vec::new();
        for n in &named {
            if !distinct.iter().any(|d| d.0.value == n.0.value) {
                distinct.push(n);
            }
        }
        let [first, second, ..] = distinct[..] else {
            return Err("a cycle needs two workflows named in bold".into());
        };
        let from = self.member(&first.0, first.1.trim_start_matches(['→', '-', '>', ' ']));
        let to = self.member(&second.0, second.1.trim_start_matches(['→', '-', '>', ' ']));
        // The stop condition: what the returning workflow's second run is for.
        let until = named
            .iter()
            .skip(2)
            .find(|(n, _)| n.value == first.0.value)
            .map(|(_, rest)| rest.trim_start_matches(['→', '-', '>', ' ']).to_string())
            .unwrap_or_else(|| "the weakness found no longer reproduces".to_string());
        let span = first.0.span;
        self.warnings.push(
            notes::UNREADABLE
                .at(
                    span,
                    "the cycle has no bound in the Markdown: `max_cycles: 3` was set",
                )
                .help("edit `max_cycles` in the written program"),
        );
        self.handoff(
            RawHandoff {
                cycle: Some(Sp::new(
                    RawCycle {
                        from: Sp::new(from, first.0.span),
                        to: Sp::new(to, second.0.span),
                        reenter: None,
                        max_cycles: Some(Sp::bare(3)),
                        until: Some(Sp::bare(until)),
                    },
                    span,
                )),
                gate: handoff.and_then(|h| Self::gate(h.value.value().0)),
                ..RawHandoff::default()
            },
            span,
        );
        Ok(())
    }

    fn escalate(&mut self, list: &Field<'_>, handoff: Option<&Field<'_>>) -> Result<(), String> {
        let items = self.items(list);
        let labelled = |wanted: &str| {
            items.iter().find_map(|it| {
                let l = strong_label(&it.text)?;
                (key(&it.text.s[l.label.clone()]) == wanted).then(|| {
                    (
                        it.text.s[l.value.clone()].trim().to_string(),
                        it.text.clone(),
                        l.value,
                    )
                })
            })
        };
        let first = items
            .iter()
            .find(|it| it.name.is_some())
            .ok_or("the trigger flow names no workflow in bold")?;
        let from_name = first.name.clone().unwrap_or_default();
        let from = self.member(&from_name, &first.rest);
        let (_, to_text, to_range) =
            labelled("escalateto").ok_or("an `**Escalate to:**` line is missing")?;
        let to_name = self.sp(&to_text, to_range);
        let to_name = Sp::new(strip_workflow_word(&to_name.value), to_name.span);
        let to = self.member(&to_name, "");
        // `(Month 3: Data Migration phase)`: the phase, resolved later.
        let phase = phase_in_parens(&first.rest);
        let point = phase.as_ref().map(|ph| {
            Sp::new(
                RawPoint {
                    phase: Some(Sp::new(ph.clone(), from_name.span)),
                    artifact: None,
                },
                from_name.span,
            )
        });
        let Some(point) = point else {
            return Err(format!(
                "the phase of `{}` that triggers the escalation is not given (write it as `(Month 3: Data Migration phase)`)",
                from_name.value
            ));
        };
        if let Some((t, _, _)) = labelled("trigger") {
            self.raw.trigger = Some(t);
        }
        let gate: Vec<String> = ["blocker", "resume"]
            .iter()
            .filter_map(|k| labelled(k).map(|(t, _, _)| t))
            .collect();
        if let Some(h) = handoff {
            self.raw
                .notes
                .push(format!("Handoff: {}", h.value.value().0));
        }
        let span = from_name.span;
        self.handoff(
            RawHandoff {
                escalate: Some(Sp::new(
                    RawEscalate {
                        from: Sp::new(from, from_name.span),
                        to: Sp::new(to, to_name.span),
                        when: point,
                        pause_at: Sp::new(phase.unwrap_or_default(), from_name.span),
                        resume_after: None,
                        delay: None,
                    },
                    span,
                )),
                gate: Self::gate(gate.join("; ")),
                ..RawHandoff::default()
            },
            span,
        );
        Ok(())
    }

    fn depend(&mut self, list: &Field<'_>, handoff: Option<&Field<'_>>) -> Result<(), String> {
        let items = self.items(list);
        let mut workaround = None;
        let mut pair = None;
        for it in &items {
            if let Some(l) = strong_label(&it.text) {
                let value = it.text.s[l.value].trim().to_string();
                match key(&it.text.s[l.label]).as_str() {
                    "workaround" => workaround = Some(value),
                    "cutover" => self.raw.notes.push(format!("Cutover: {value}")),
                    _ => {}
                }
                continue;
            }
            // `**Design System** (6 months) must complete before **Feature Development** can start`
            let strong: Vec<Sp<String>> = it
                .text
                .pieces
                .iter()
                .filter(|p| p.kind == Kind::Strong && !it.text.s[p.at.clone()].trim().is_empty())
                .map(|p| self.sp(&it.text, p.at.clone()))
                .collect();
            if pair.is_none() && strong.len() >= 2 {
                pair = Some((strong[0].clone(), strong[1].clone(), it.text.s.clone()));
            }
        }
        let (a, b, sentence) =
            pair.ok_or("the dependency needs a line naming two workflows in bold")?;
        let from = self.member(&a, &sentence);
        let to = self.member(&b, &sentence);
        let span = a.span;
        self.handoff(
            RawHandoff {
                depend: Some(Sp::new(
                    RawDepend {
                        from: Sp::new(from, a.span),
                        to: Sp::new(to, b.span),
                        when: None,
                        blocks: None,
                        workaround,
                        cutover: None,
                    },
                    span,
                )),
                gate: handoff.and_then(|h| Self::gate(h.value.value().0)),
                ..RawHandoff::default()
            },
            span,
        );
        Ok(())
    }
}

/// The condition of a gate line: `Feature Dev → Launch: passes QA` -> `passes QA`.
fn gate_text(text: &Text) -> String {
    let s = text.s.trim();
    match s.split_once(':') {
        Some((head, tail)) if head.contains('→') || head.contains("->") => {
            tail.trim().to_string()
        }
        _ => s.to_string(),
    }
}

/// `GDPR Compliance workflow (verify ...)` -> `GDPR Compliance`.
fn strip_workflow_word(s: &str) -> String {
    let s = s.split('(').next().unwrap_or(s).trim();
    let s = s
        .strip_suffix(" workflow")
        .or_else(|| s.strip_suffix(" Workflow"))
        .unwrap_or(s);
    s.trim().to_string()
}

/// `(Month 3: Data Migration phase)` -> `Data Migration`.
fn phase_in_parens(s: &str) -> Option<String> {
    let inner = s.split_once('(')?.1.split_once(')')?.0;
    let named = inner
        .trim()
        .strip_suffix(" phase")
        .or_else(|| inner.trim().strip_suffix(" Phase"));
    // A bare duration (`(2 months)`) names no phase.
    let name = match (inner.rsplit_once(':'), named) {
        (Some((_, after)), _) => after.trim(),
        (None, Some(n)) => n,
        (None, None) => return None,
    };
    let name = name
        .strip_suffix(" phase")
        .or_else(|| name.strip_suffix(" Phase"))
        .unwrap_or(name)
        .trim();
    (!name.is_empty()).then(|| name.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_phases_in_words() {
        assert_eq!(
            pattern_name("Pattern 4: Escalation Workflow Triggers"),
            "Escalation Workflow Triggers"
        );
        assert_eq!(pattern_name("Release train"), "Release train");
        assert_eq!(
            strip_workflow_word("GDPR Compliance workflow (verify GCP)"),
            "GDPR Compliance"
        );
        assert_eq!(
            phase_in_parens("(Month 3: Data Migration phase)").as_deref(),
            Some("Data Migration")
        );
        assert_eq!(
            phase_in_parens("(Hardening phase)").as_deref(),
            Some("Hardening")
        );
        assert_eq!(phase_in_parens("(2 months)"), None);
        assert_eq!(phase_in_parens("no parens"), None);
    }
}
