//! Entries -> one [`RawWorkflow`]. Each field goes where the seed's style
//! puts it; whatever has no place is reported (never dropped silently), and
//! every value keeps the span of the Markdown it was read from.

use std::ops::Range;

use crate::diagnostic::Diagnostic;
use crate::duration::Calendar;
use crate::format::raw::*;
use crate::span::{Sp, Span};

use super::blocks::{Block, Item};
use super::decisions::{self, Branch, Condition, Target};
use super::entries::{Entry, Field, entries, is_field_list, item_text};
use super::lines::{arrow_items, key, list_items, plain_label, scalar, split_window, strong_label};
use super::notes;
use super::text::{LineIndex, Text};

mod flow;
use flow::header_number;

/// What a finished section turned out to be.
pub(crate) enum Outcome {
    Workflow(Box<RawWorkflow>, Span),
    Template,
    Nothing,
}

/// Whether the caller should start a new workflow at this entry.
#[derive(PartialEq, Eq)]
pub(crate) enum Flow {
    Continue,
    Split,
}

pub(crate) struct Builder<'s> {
    idx: &'s LineIndex<'s>,
    raw: RawWorkflow,
    span: Span,
    named: bool,
    phase: Option<Sp<RawPhase>>,
    /// The open phase was created for steps written outside any phase.
    implicit: bool,
    /// Personas of a `**Chain:** A → B → C` line.
    chain: Vec<Sp<String>>,
    description: Vec<String>,
    timeline: Option<Sp<String>>,
    timeline_range: (Option<String>, Option<String>),
    started: bool,
    /// The number in each phase's header (`Phase 2`), beside `raw.phases`.
    numbers: Vec<Option<u32>>,
    number: Option<u32>,
    /// Decisions written in prose, resolved once every phase is known.
    prose: Vec<Prose>,
    /// `**Parallel:**` lines: the phase (index in `raw.phases`) and the text.
    parallel: Vec<(usize, Text, Range<usize>)>,
    pub notes: Vec<Diagnostic>,
}

/// A decision point in prose, waiting for its targets.
struct Prose {
    phase: usize,
    /// The text each branch was read from, with the branches.
    parts: Vec<(Text, Vec<Branch>, Vec<Range<usize>>)>,
    range: Range<usize>,
}

impl<'s> Builder<'s> {
    pub fn new(
        idx: &'s LineIndex<'s>,
        title: Option<(String, Range<usize>)>,
        category: Option<String>,
    ) -> Self {
        let mut b = Builder {
            idx,
            raw: RawWorkflow::default(),
            span: Span::default(),
            named: false,
            phase: None,
            implicit: false,
            chain: Vec::new(),
            description: Vec::new(),
            timeline: None,
            timeline_range: (None, None),
            started: false,
            numbers: Vec::new(),
            number: None,
            prose: Vec::new(),
            parallel: Vec::new(),
            notes: Vec::new(),
        };
        if let Some((name, range)) = title {
            b.span = idx.span(&range);
            b.raw.name = Sp::new(name, b.span);
            b.named = true;
        }
        b.raw.category = category.map(Sp::bare);
        b
    }

    fn sp<T>(&self, value: T, range: &Range<usize>) -> Sp<T> {
        Sp::new(value, self.idx.span(range))
    }

    fn unmapped(&mut self, range: &Range<usize>, what: impl Into<String>) {
        self.notes
            .push(notes::not_imported(self.idx, range, what.into()));
    }

    fn unreadable(&mut self, range: &Range<usize>, message: String, help: &str) {
        self.notes.push(
            notes::UNREADABLE
                .at(self.idx.span(range), message)
                .help(help),
        );
    }

    pub fn entry(&mut self, e: &Entry<'_>) -> Flow {
        match e {
            Entry::Phase { title, range } => self.open_phase(title, range),
            Entry::Field(f) => {
                if matches!(f.key.as_str(), "workflowname" | "name")
                    && (self.started || !self.raw.phases.is_empty() || self.phase.is_some())
                {
                    return Flow::Split;
                }
                self.field(f);
            }
            Entry::Plain { text, range } => {
                if self.phase.is_some() && decisions::starts_as_decision(text.as_str()) {
                    self.prose_decision(vec![text.clone()], range);
                } else if self.raw.phases.is_empty() && self.phase.is_none() {
                    self.description.push(text.value().0);
                } else {
                    self.unmapped(range, "text that is not a workflow field");
                }
            }
            Entry::List { items, range } => self.loose_list(items, range),
            Entry::Unmapped { what, range } => self.unmapped(range, what.clone()),
        }
        Flow::Continue
    }

    fn open_phase(&mut self, title: &Text, range: &Range<usize>) {
        self.close_phase();
        let s = title.as_str();
        let (name, window) = split_window(s);
        let name_range = title.src_range(name.clone());
        let mut phase = RawPhase {
            name: self.sp(s[name].to_string(), &name_range),
            ..RawPhase::default()
        };
        match window {
            Some(w) => phase.window = Some(self.sp(s[w.clone()].to_string(), &title.src_range(w))),
            None => self.notes.push(
                notes::NO_WINDOW
                    .at(
                        self.idx.span(range),
                        format!("phase `{}` has no window", phase.name.value),
                    )
                    .help("write it in parentheses, e.g. `**Phase 2: Foundation (Month 3-4)**`, or add `**Window:** Month 3-4`"),
            ),
        }
        self.phase = Some(self.sp(phase, range));
        self.number = header_number(self.idx.source(range));
        self.implicit = false;
    }

    fn close_phase(&mut self) {
        if let Some(p) = self.phase.take() {
            self.raw.phases.push(p);
            self.numbers.push(self.number.take());
        }
    }

    /// The open phase; steps written outside any phase get one of their own.
    fn phase_mut(&mut self, range: &Range<usize>) -> &mut RawPhase {
        if self.phase.is_none() {
            self.phase = Some(self.sp(RawPhase::default(), range));
            self.implicit = true;
        }
        let phase = self.phase.as_mut().map(|p| &mut p.value);
        phase.expect("set above")
    }

    fn field(&mut self, f: &Field<'_>) {
        self.started = true;
        let (value, vrange) = f.value.value();
        let sp = self.sp(value.clone(), &vrange);
        let mut used_list = false;
        match f.key.as_str() {
            "workflowname" | "name" => {
                self.raw.name = sp;
                self.named = true;
                self.span = self.idx.span(&f.range);
            }
            "timeline" | "duration" => self.timeline = Some(sp),
            "timelinerange" => self.timeline_range = timeline_range(&value),
            "trigger" => self.raw.trigger = Some(sp),
            "category" => self.raw.category = Some(sp),
            "description" => self.description.push(value),
            "calendar" => match value.to_ascii_lowercase().as_str() {
                "business" => self.raw.calendar = Some(self.sp(Calendar::Business, &vrange)),
                "continuous" => self.raw.calendar = Some(self.sp(Calendar::Continuous, &vrange)),
                _ => self.unreadable(
                    &vrange,
                    format!("unknown calendar `{value}`"),
                    "write `business` or `continuous`",
                ),
            },
            "version" => match value.parse::<u32>() {
                Ok(v) => self.raw.version = Some(self.sp(v, &vrange)),
                Err(_) => self.unreadable(
                    &vrange,
                    format!("version `{value}` is not a whole number"),
                    "write e.g. `**Version:** 2`",
                ),
            },
            "id" | "phaseid" | "workflowid" => {
                let (id, r) = scalar(&f.value);
                let id = self.sp(id, &r);
                if f.key == "workflowid" || (f.key == "id" && self.phase.is_none()) {
                    self.raw.id = Some(id);
                } else {
                    self.phase_mut(&f.range).id = Some(id);
                }
            }
            "inputs" => {
                used_list = true;
                let items = self.items(&f.value, f.list);
                self.raw.inputs.extend(items);
            }
            "successcriteria" => {
                used_list = true;
                if !value.is_empty() {
                    self.raw
                        .success_criteria
                        .push(self.sp(RawCriterion::Text(value), &vrange));
                }
                for item in f.list.unwrap_or_default() {
                    self.criterion(item);
                }
            }
            "commonpitfalls"
            | "pitfalls"
            | "retrospectivequestions"
            | "retrospective"
            | "notes" => {
                used_list = true;
                let texts: Vec<String> = self.texts(&value, f.list);
                match f.key.as_str() {
                    "commonpitfalls" | "pitfalls" => self.raw.pitfalls.extend(texts),
                    "notes" => self.raw.notes.extend(texts),
                    _ => self.raw.retrospective.extend(texts),
                }
            }
            "skills" => {
                used_list = true;
                let items = self.items(&f.value, f.list);
                self.phase_mut(&f.range).skills.extend(items);
            }
            "window" => self.phase_mut(&f.range).window = Some(sp),
            "parallel" => {
                if self.phase.is_some() {
                    let at = self.raw.phases.len();
                    self.parallel.push((at, f.value.clone(), f.range.clone()));
                } else {
                    self.unmapped(&f.range, "a `Parallel:` line outside any phase");
                }
            }
            "gap" | "gapreason" => self.phase_mut(&f.range).gap_reason = Some(value),
            "chain" => {
                used_list = true;
                let mut names = arrow_items(&f.value);
                for item in f.list.unwrap_or_default() {
                    if let Some(t) = item_text(item) {
                        names.extend(arrow_items(&t));
                    }
                }
                for (name, r) in names {
                    let name = self.sp(name, &r);
                    self.chain.push(name.clone());
                    let phase = self.phase_mut(&f.range);
                    if !phase.skills.iter().any(|s| s.value == name.value) {
                        phase.skills.push(name);
                    }
                }
            }
            "steps" | "workflow" => {
                used_list = true;
                if !value.is_empty() {
                    self.unmapped(&vrange, format!("text after `{}:`", f.label));
                }
                self.phase_mut(&f.range);
                for (n, item) in f.list.unwrap_or_default().iter().enumerate() {
                    self.step_item(item, n);
                }
            }
            "deliverable" | "deliverables" | "output" | "outputs" => {
                used_list = true;
                self.deliverable(&f.value, f.list, &f.range);
            }
            "checkpoint" => {
                used_list = true;
                self.checkpoint(&f.value, f.list, &f.range);
            }
            "decisionpoint" | "decision" | "decisionpoints" => {
                used_list = true;
                self.decision(&f.value, f.list, &f.range);
            }
            _ => {
                let what = format!("`{}:` (not a workflow field)", f.label);
                self.unmapped(&f.range, what);
                used_list = true;
                if let Some(items) = f.list {
                    let range = span_of_items(items);
                    self.unmapped(&range, format!("the list under `{}:`", f.label));
                }
            }
        }
        if !used_list && let Some(items) = f.list {
            let range = span_of_items(items);
            self.unmapped(&range, format!("a list under `{}:`", f.label));
        }
    }

    /// Values of a list field: on the line (`A, B`) and/or one per item.
    fn items(&self, value: &Text, list: Option<&[Item]>) -> Vec<Sp<String>> {
        let mut out: Vec<Sp<String>> = list_items(value)
            .into_iter()
            .map(|(v, r)| self.sp(v, &r))
            .collect();
        for item in list.unwrap_or_default() {
            if let Some(t) = item_text(item) {
                out.extend(list_items(&t).into_iter().map(|(v, r)| self.sp(v, &r)));
            }
        }
        out
    }

    fn texts(&mut self, value: &str, list: Option<&[Item]>) -> Vec<String> {
        let mut out = Vec::new();
        if !value.is_empty() {
            out.push(value.to_string());
        }
        for item in list.unwrap_or_default() {
            match item_text(item) {
                Some(t) => out.push(t.value().0),
                None => self.unmapped(&item.range, "a list item without text"),
            }
            self.extra_blocks(item, 1);
        }
        out
    }

    /// Report an item's blocks from `from` on.
    fn extra_blocks(&mut self, item: &Item, from: usize) {
        for b in item.blocks.iter().skip(from) {
            let what = match b {
                Block::List { .. } => "a nested list",
                Block::Code { .. } => "a code block",
                _ => "more text in a list item",
            };
            self.unmapped(&b.range(), what);
        }
    }

    /// A list that follows no field: template-style field bullets, or steps
    /// directly under a phase.
    fn loose_list(&mut self, items: &[Item], range: &Range<usize>) {
        if is_field_list(items) {
            for item in items {
                for e in entries(&item.blocks) {
                    if self.entry(&e) == Flow::Split {
                        self.unmapped(&item.range, "a second workflow name inside a list");
                    }
                }
            }
        } else if self.phase.is_some() {
            for (n, item) in items.iter().enumerate() {
                self.step_item(item, n);
            }
        } else {
            self.unmapped(range, "a list that follows no field");
        }
    }

    fn step_item(&mut self, item: &Item, n: usize) {
        let Some(text) = item_text(item) else {
            self.unmapped(&item.range, "a step without text");
            return;
        };
        let line_range = text.src_range(0..text.as_str().len());
        let label = strong_label(&text).or_else(|| plain_label(&text, 6));
        if let Some(l) = &label {
            let field = Field {
                label: text.as_str()[l.label.clone()].to_string(),
                key: key(&text.as_str()[l.label.clone()]),
                value: text.slice(l.value.clone()),
                list: item.blocks.iter().skip(1).find_map(|b| match b {
                    Block::List { items, .. } => Some(items.as_slice()),
                    _ => None,
                }),
                range: line_range.clone(),
            };
            if matches!(
                field.key.as_str(),
                "deliverable"
                    | "deliverables"
                    | "output"
                    | "outputs"
                    | "checkpoint"
                    | "decisionpoint"
                    | "decision"
            ) {
                self.field(&field);
                self.extra_blocks_except_list(item);
                return;
            }
        }
        let (persona, action) = match label {
            Some(l) => {
                let (p, pr) = (
                    text.as_str()[l.label.clone()].trim().to_string(),
                    text.src_range(l.label),
                );
                let a = text.slice(l.value);
                (self.sp(p, &pr), a)
            }
            None => match self.chain_persona(&text, n) {
                Some(found) => found,
                None => {
                    self.unreadable(
                        &line_range,
                        format!("step `{}` names no persona", text.as_str().trim()),
                        "write steps as `1. **Persona**: action`",
                    );
                    return;
                }
            },
        };
        let (action, ar) = action.value();
        let mut step = RawStep {
            persona,
            action: self.sp(action, &ar),
            ..RawStep::default()
        };
        if let Some(Block::List { items, .. }) = item.blocks.get(1) {
            for d in items {
                self.step_detail(&mut step, d);
            }
        }
        let details = usize::from(matches!(item.blocks.get(1), Some(Block::List { .. })));
        self.extra_blocks(item, 1 + details);
        let step = self.sp(step, &line_range);
        self.phase_mut(&line_range).steps.push(step);
    }

    fn extra_blocks_except_list(&mut self, item: &Item) {
        let first_list = item
            .blocks
            .iter()
            .skip(1)
            .position(|b| matches!(b, Block::List { .. }));
        for (i, b) in item.blocks.iter().enumerate().skip(1) {
            if Some(i - 1) != first_list {
                self.unmapped(&b.range(), "more text in a list item");
            }
        }
    }

    /// A chain-style step without `Persona:`: `Action (Persona)`, or the
    /// chain's persona in the same position.
    fn chain_persona(&self, text: &Text, n: usize) -> Option<(Sp<String>, Text)> {
        let s = text.as_str();
        if s.trim_end().ends_with(')')
            && let Some(open) = s.rfind('(')
        {
            let inner = super::text::trim_range(s, open + 1..s.trim_end().len() - 1);
            if self
                .chain
                .iter()
                .any(|c| key(&c.value) == key(&s[inner.clone()]))
            {
                let persona = self.sp(s[inner.clone()].to_string(), &text.src_range(inner));
                return Some((persona, text.slice(0..open)));
            }
        }
        self.chain.get(n).map(|p| (p.clone(), text.clone()))
    }

    fn step_detail(&mut self, step: &mut RawStep, item: &Item) {
        let Some((k, value, range, code)) = self.detail(item) else {
            return;
        };
        let (v, r) = scalar(&value);
        let v = code.unwrap_or(v);
        match k.as_str() {
            "id" => step.id = Some(self.sp(v, &r)),
            "inputs" | "needs" => step.inputs.extend(self.items(&value, None)),
            "outputs" | "makes" | "produces" => step.outputs.extend(self.items(&value, None)),
            "after" | "dependson" => step.after.extend(self.items(&value, None)),
            "estimate" => step.estimate = Some(self.sp(RawEstimate::Text(v), &r)),
            "executor" => step.executor = Some(self.sp(v, &r)),
            "command" => step.command = Some(v),
            "prompt" => step.prompt = Some(v),
            "timeout" => step.timeout = Some(self.sp(v, &r)),
            "people" => step.people = Some(self.sp(RawPeople::Range(v), &r)),
            "retries" => match v.parse() {
                Ok(n) => step.retries = Some(n),
                Err(_) => self.unreadable(
                    &r,
                    format!("retries `{v}` is not a whole number"),
                    "write e.g. `Retries: 2`",
                ),
            },
            _ => self.unmapped(&range, format!("step detail `{k}`")),
        }
    }

    /// A `Key: value` detail item, with a code block under it as the value.
    fn detail(&mut self, item: &Item) -> Option<(String, Text, Range<usize>, Option<String>)> {
        let text = item_text(item);
        let label = text.as_ref().and_then(|t| plain_label(t, 4));
        let (Some(text), Some(l)) = (text, label) else {
            self.unmapped(&item.range, "a detail that is not `Key: value`");
            return None;
        };
        let code = item.blocks.iter().skip(1).find_map(|b| match b {
            Block::Code { text, .. } => Some(text.strip_suffix('\n').unwrap_or(text).to_string()),
            _ => None,
        });
        let extra = item.blocks.len() - 1 - usize::from(code.is_some());
        if extra > 0 {
            self.extra_blocks(item, 1 + usize::from(code.is_some()));
        }
        let k = key(&text.as_str()[l.label.clone()]);
        let range = text.src_range(0..text.as_str().len());
        Some((k, text.slice(l.value), range, code))
    }

    fn criterion(&mut self, item: &Item) {
        let Some(text) = item_text(item) else {
            self.unmapped(&item.range, "a criterion without text");
            return;
        };
        let (t, r) = text.value();
        let mut metrics = Vec::new();
        if let Some(Block::List { items, .. }) = item.blocks.get(1) {
            for d in items {
                let Some((k, value, range, _)) = self.detail(d) else {
                    continue;
                };
                if k != "metric" {
                    self.unmapped(&range, format!("criterion detail `{k}`"));
                    continue;
                }
                match metric(&value) {
                    Some((m, mr)) => metrics.push(self.sp(m, &mr)),
                    None => self.unreadable(
                        &range,
                        format!(
                            "metric `{}` is not `name op target unit`",
                            value.as_str().trim()
                        ),
                        "write e.g. ``Metric: `error_rate < 1 %` ``",
                    ),
                }
            }
            self.extra_blocks(item, 2);
        } else {
            self.extra_blocks(item, 1);
        }
        let c = if metrics.is_empty() {
            RawCriterion::Text(t)
        } else {
            RawCriterion::Detailed { text: t, metrics }
        };
        self.raw.success_criteria.push(self.sp(c, &r));
    }

    fn deliverable(&mut self, value: &Text, list: Option<&[Item]>, range: &Range<usize>) {
        let (text, r) = value.value();
        let mut artifact = None;
        for d in list.unwrap_or_default() {
            if let Some((k, v, dr, _)) = self.detail(d) {
                match k.as_str() {
                    "artifact" => artifact = Some(scalar(&v).0),
                    _ => self.unmapped(&dr, format!("deliverable detail `{k}`")),
                }
            }
        }
        let d = match artifact {
            None => RawDeliverable::Text(text),
            Some(a) => RawDeliverable::Detailed {
                text,
                artifact: Some(a),
            },
        };
        let d = self.sp(d, &r);
        let phase = self.phase_mut(range);
        if phase.deliverable.is_some() {
            self.unmapped(range, "a second deliverable for the phase");
        } else {
            phase.deliverable = Some(d);
        }
    }

    fn checkpoint(&mut self, value: &Text, list: Option<&[Item]>, range: &Range<usize>) {
        let (text, _) = value.value();
        let mut c = RawCheckpoint {
            text: (!text.is_empty()).then_some(text),
            ..RawCheckpoint::default()
        };
        for d in list.unwrap_or_default() {
            if let Some((k, v, dr, _)) = self.detail(d) {
                match k.as_str() {
                    "approver" => {
                        let (a, r) = scalar(&v);
                        c.approver = Some(self.sp(a, &r));
                    }
                    "requires" => c.requires.extend(self.items(&v, None)),
                    "criteria" => c.criteria.extend(self.items(&v, None)),
                    _ => self.unmapped(&dr, format!("checkpoint detail `{k}`")),
                }
            }
        }
        let c = self.sp(c, range);
        let phase = self.phase_mut(range);
        if phase.checkpoint.is_some() {
            self.unmapped(range, "a second checkpoint for the phase");
        } else {
            phase.checkpoint = Some(c);
        }
    }

    fn decision(&mut self, value: &Text, list: Option<&[Item]>, range: &Range<usize>) {
        // "If X, loop back to Phase 2 (at most 2 times). Otherwise ...", on
        // the line or as list items.
        let items: Vec<Text> = list
            .unwrap_or_default()
            .iter()
            .filter_map(item_text)
            .collect();
        let prose_items = !items.is_empty()
            && items.iter().all(|t| {
                decisions::starts_as_decision(t.as_str())
                    || decisions::continues_decision(t.as_str())
            });
        if prose_items || (list.is_none() && decisions::starts_as_decision(value.as_str())) {
            let mut parts = Vec::new();
            if value.has_words() {
                parts.push(value.clone());
            }
            parts.extend(if prose_items { items } else { Vec::new() });
            if !prose_items && let Some(l) = list {
                self.unmapped(&span_of_items(l), "a list under a decision in prose");
            }
            self.prose_decision(parts, range);
            return;
        }
        let (text, _) = value.value();
        let mut d = RawDecision {
            text: (!text.is_empty()).then_some(text),
            ..RawDecision::default()
        };
        for item in list.unwrap_or_default() {
            if let Some((k, v, dr, _)) = self.detail(item) {
                let (s, r) = scalar(&v);
                match k.as_str() {
                    "if" | "condition" | "when" => d.condition = Some(self.sp(s, &r)),
                    "goto" | "then" => d.goto = Some(self.sp(s, &r)),
                    "maxloops" | "atmost" => {
                        match s.split_whitespace().next().and_then(|n| n.parse().ok()) {
                            Some(n) => d.max_loops = Some(self.sp(n, &r)),
                            None => self.unreadable(
                                &r,
                                format!("max loops `{s}` is not a whole number"),
                                "write e.g. `Max loops: 2`",
                            ),
                        }
                    }
                    _ => self.unmapped(&dr, format!("decision detail `{k}`")),
                }
            }
        }
        let d = self.sp(d, range);
        self.phase_mut(range).decisions.push(d);
    }

    /// Read a decision in prose now; its targets are resolved in `finish`.
    fn prose_decision(&mut self, texts: Vec<Text>, range: &Range<usize>) {
        self.phase_mut(range);
        let mut before: Vec<Branch> = Vec::new();
        let mut parts = Vec::new();
        for t in texts {
            let (branches, unread) = decisions::read(t.as_str(), &before);
            before.extend(branches.iter().cloned());
            parts.push((t, branches, unread));
        }
        let phase = self.raw.phases.len();
        self.prose.push(Prose {
            phase,
            parts,
            range: range.clone(),
        });
    }

    /// The workflow, or why there is none.
    pub fn finish(mut self, range: Range<usize>) -> (Outcome, Vec<Diagnostic>) {
        self.close_phase();
        let raw = &mut self.raw;
        if raw.name.value.trim().starts_with('[') && raw.name.value.trim().ends_with(']') {
            let span = self.span;
            let note = notes::TEMPLATE
                .at(
                    span,
                    format!(
                        "`{}` is a template (placeholders in brackets); not imported",
                        raw.name.value
                    ),
                )
                .help("fill in the placeholders to import it as a workflow");
            return (Outcome::Template, vec![note]);
        }
        let has_content =
            !raw.phases.is_empty() || self.timeline.is_some() || !raw.success_criteria.is_empty();
        if !has_content {
            if self.started || !self.description.is_empty() {
                let what = "fields without phases, a timeline or success criteria".to_string();
                self.notes.push(notes::not_imported(self.idx, &range, what));
            }
            return (Outcome::Nothing, self.notes);
        }
        if !self.named {
            self.notes.push(
                notes::UNREADABLE
                    .at(Span::default(), "a workflow has no name; it is called `Imported workflow`")
                    .help("start the workflow with a heading (`## Name`) or `**Workflow Name:** Name`"),
            );
            raw.name = Sp::bare("Imported workflow".into());
        }
        if !self.description.is_empty() {
            raw.description = Some(self.description.join("\n\n"));
        }
        if let Some(t) = self.timeline.take() {
            let (min, max) = std::mem::take(&mut self.timeline_range);
            let value = if min.is_none() && max.is_none() {
                RawTimeline::Text(t.value)
            } else {
                RawTimeline::Detailed {
                    text: t.value,
                    min,
                    max,
                }
            };
            raw.timeline = Some(Sp::new(value, t.span));
        }
        // A phase made for steps outside any phase is named after the workflow;
        // a chain's steps run one after the other.
        for p in raw.phases.iter_mut().filter(|p| p.name.value.is_empty()) {
            p.value.name = Sp::new(raw.name.value.clone(), p.span);
            if !self.chain.is_empty() {
                let id = crate::model::kebab_case(&raw.name.value);
                for (n, s) in p.value.steps.iter_mut().enumerate().skip(1) {
                    if s.after.is_empty() && s.inputs.is_empty() {
                        s.value.after.push(Sp::new(format!("{id}-{n}"), s.span));
                    }
                }
            }
        }
        self.resolve_decisions();
        self.order_steps();
        self.calendar_from_units();
        (Outcome::Workflow(Box::new(self.raw), self.span), self.notes)
    }
}

fn span_of_items(items: &[Item]) -> Range<usize> {
    match (items.first(), items.last()) {
        (Some(a), Some(b)) => a.range.start..b.range.end,
        _ => 0..0,
    }
}

/// `4 hours to 7 days`, `at least 4 hours`, `at most 7 days`.
fn timeline_range(value: &str) -> (Option<String>, Option<String>) {
    let v = value.trim();
    let lower = v.to_ascii_lowercase();
    if let Some(rest) = lower.strip_prefix("at most ") {
        return (None, Some(v[v.len() - rest.len()..].trim().to_string()));
    }
    if let Some(rest) = lower.strip_prefix("at least ") {
        return (Some(v[v.len() - rest.len()..].trim().to_string()), None);
    }
    match lower.find(" to ") {
        Some(i) => (
            Some(v[..i].trim().to_string()),
            Some(v[i + 4..].trim().to_string()),
        ),
        None => (None, Some(v.to_string())),
    }
}

/// `` `error_rate < 1 %` `` with an optional `, baseline: ...` after it.
fn metric(value: &Text) -> Option<(RawMetric, Range<usize>)> {
    let (code, r) = value.code_spans().into_iter().next()?;
    let mut parts = code.split_whitespace();
    let name = parts.next()?.to_string();
    let op = parts.next()?.to_string();
    let target: f64 = parts.next()?.parse().ok()?;
    let unit: Vec<&str> = parts.collect();
    let rest = value.outside_code();
    let rest = rest.trim_start_matches([',', ';', ' ']);
    let baseline = rest
        .get(..9)
        .filter(|p| p.eq_ignore_ascii_case("baseline:"))
        .map(|_| rest[9..].trim().to_string());
    Some((
        RawMetric {
            name,
            op,
            target,
            unit: (!unit.is_empty()).then(|| unit.join(" ")),
            baseline,
        },
        r,
    ))
}
