//! A BM25F index over documents with named fields, and queries against it:
//! the ranking both the workflow designer's retrieval and the Markdown
//! importer's name matching use.
//!
//! BM25F: a term's frequency is summed over fields with a weight per field,
//! each normalised by the field's length against its average, then saturated
//! once. Names weigh most; steps, deliverables and criteria least, because
//! they are long and say many things. Pure and deterministic: ties keep the
//! document order. It knows workflows only as text ([`workflow_text`]), not
//! the library they come from.

use std::collections::HashMap;

use serde::Serialize;

use super::words::{Term, analyse};
use crate::model::Workflow;
/// A searchable part of a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Field {
    Name,
    Category,
    Trigger,
    Description,
    Phases,
    Steps,
    Deliverables,
    Criteria,
}

impl Field {
    pub const ALL: [Field; 8] = [
        Field::Name,
        Field::Category,
        Field::Trigger,
        Field::Description,
        Field::Phases,
        Field::Steps,
        Field::Deliverables,
        Field::Criteria,
    ];

    fn weight(self) -> f64 {
        match self {
            Field::Name => 8.0,
            Field::Category => 2.0,
            Field::Trigger => 2.0,
            Field::Description => 2.0,
            Field::Phases => 1.5,
            Field::Steps => 0.5,
            Field::Deliverables => 1.0,
            Field::Criteria => 0.7,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Field::Name => "name",
            Field::Category => "category",
            Field::Trigger => "trigger",
            Field::Description => "description",
            Field::Phases => "phases",
            Field::Steps => "steps",
            Field::Deliverables => "deliverables",
            Field::Criteria => "criteria",
        }
    }
}

const K1: f64 = 2.0;
const B: f64 = 0.75;
/// Extra weight, in units of a term's idf, when it occurs in a document's name.
const NAME_BOOST: f64 = 1.0;
/// The same for the category.
const CATEGORY_BOOST: f64 = 0.5;

/// A document's text by field, before analysis.
#[derive(Debug, Clone, Default)]
pub struct DocText {
    pub fields: Vec<(Field, String)>,
}

impl DocText {
    pub fn add(&mut self, field: Field, text: impl AsRef<str>) {
        let text = text.as_ref();
        if !text.trim().is_empty() {
            self.fields.push((field, text.to_string()));
        }
    }
}

/// The fields of a workflow that retrieval reads.
pub fn workflow_text(wf: &Workflow) -> DocText {
    let mut d = DocText::default();
    d.add(Field::Name, &wf.name.value);
    d.add(Field::Name, wf.id.replace('-', " "));
    if let Some(c) = &wf.category {
        d.add(Field::Category, c);
    }
    if let Some(t) = &wf.trigger {
        d.add(Field::Trigger, t);
    }
    if let Some(t) = &wf.description {
        d.add(Field::Description, t);
    }
    for p in &wf.phases {
        d.add(Field::Phases, &p.name.value);
        for s in &p.steps {
            d.add(Field::Steps, &s.action.value);
        }
        if let Some(del) = &p.deliverable {
            d.add(Field::Deliverables, &del.text);
        }
    }
    for c in &wf.success_criteria {
        d.add(Field::Criteria, &c.text);
    }
    d
}

/// One analysed document: term frequencies and lengths by field.
#[derive(Debug, Clone, Default)]
struct Doc {
    tf: HashMap<(Field, String), f64>,
    len: HashMap<Field, f64>,
    /// Stem -> the words that produced it in this document (first seen).
    words: HashMap<String, String>,
}

/// An index of documents for BM25F ranking.
#[derive(Debug, Clone, Default)]
pub struct Index {
    docs: Vec<Doc>,
    df: HashMap<String, usize>,
    avg_len: HashMap<Field, f64>,
}

/// A query term that matched, and where.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Why {
    /// The word as the situation wrote it.
    pub term: String,
    /// The word in the document, when it is spelled differently (`incident` for `outage`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub matched: Option<String>,
    pub fields: Vec<Field>,
}

impl Why {
    /// `outage → incident` when the document spells the word differently,
    /// else the word.
    pub fn shown(&self) -> String {
        match &self.matched {
            Some(m) => format!("{} → {m}", self.term),
            None => self.term.clone(),
        }
    }
}

/// A document's score for a query.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Scored {
    pub doc: usize,
    pub score: f64,
    pub why: Vec<Why>,
}

/// An analysed query: distinct stems with the word each came from.
#[derive(Debug, Clone, Default)]
pub struct Query {
    terms: Vec<Term>,
}

impl Query {
    pub fn new(text: &str) -> Query {
        let mut terms: Vec<Term> = Vec::new();
        for t in analyse(text) {
            if !terms.iter().any(|q| q.stem == t.stem) {
                terms.push(t);
            }
        }
        Query { terms }
    }

    pub fn terms(&self) -> &[Term] {
        &self.terms
    }

    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// The same query without the terms `keep` rejects.
    pub fn filtered(&self, keep: impl Fn(&Term) -> bool) -> Query {
        Query {
            terms: self.terms.iter().filter(|t| keep(t)).cloned().collect(),
        }
    }
}

impl Index {
    pub fn new(texts: &[DocText]) -> Index {
        let mut docs = Vec::with_capacity(texts.len());
        let mut df: HashMap<String, usize> = HashMap::new();
        let mut total_len: HashMap<Field, f64> = HashMap::new();
        for text in texts {
            let mut doc = Doc::default();
            for (field, t) in &text.fields {
                let terms = analyse(t);
                *doc.len.entry(*field).or_default() += terms.len() as f64;
                for term in terms {
                    doc.words.entry(term.stem.clone()).or_insert(term.word);
                    *doc.tf.entry((*field, term.stem)).or_default() += 1.0;
                }
            }
            let mut seen: Vec<&String> = doc.tf.keys().map(|(_, s)| s).collect();
            seen.sort();
            seen.dedup();
            for s in seen {
                *df.entry(s.clone()).or_default() += 1;
            }
            for (f, l) in &doc.len {
                *total_len.entry(*f).or_default() += l;
            }
            docs.push(doc);
        }
        let n = docs.len().max(1) as f64;
        let avg_len = total_len.into_iter().map(|(f, l)| (f, l / n)).collect();
        Index { docs, df, avg_len }
    }

    pub fn len(&self) -> usize {
        self.docs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    fn idf(&self, stem: &str) -> f64 {
        let n = self.docs.len() as f64;
        let df = self.df.get(stem).copied().unwrap_or(0) as f64;
        (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
    }

    /// The score of one document, with the terms that matched. A word's
    /// synonyms are alternatives, not extra evidence: a word counts once,
    /// by its best-scoring form ("postgres" matches as postgres or as
    /// database, not as both).
    pub fn score(&self, doc: usize, query: &Query) -> Scored {
        let d = &self.docs[doc];
        let mut best: Vec<(f64, Why)> = Vec::new();
        for term in query.terms() {
            let mut tf = 0.0;
            let mut fields = Vec::new();
            for field in Field::ALL {
                let Some(raw) = d.tf.get(&(field, term.stem.clone())) else {
                    continue;
                };
                let avg = self.avg_len.get(&field).copied().unwrap_or(1.0).max(1.0);
                let len = d.len.get(&field).copied().unwrap_or(0.0);
                tf += field.weight() * raw / (1.0 - B + B * len / avg);
                fields.push(field);
            }
            if tf <= 0.0 {
                continue;
            }
            // A term in the name says more than the saturated sum shows.
            let mut named = 0.0;
            if fields.contains(&Field::Name) {
                named += NAME_BOOST;
            }
            // The category names the kind of work, as the name does.
            if fields.contains(&Field::Category) {
                named += CATEGORY_BOOST;
            }
            let part = self.idf(&term.stem) * (tf / (K1 + tf) + named);
            let matched = d
                .words
                .get(&term.stem)
                .filter(|w| **w != term.word)
                .cloned();
            let why = Why {
                term: term.word.clone(),
                matched,
                fields,
            };
            match best.iter_mut().find(|(_, w)| w.term == term.word) {
                Some(b) if b.0 < part => *b = (part, why),
                Some(_) => {}
                None => best.push((part, why)),
            }
        }
        Scored {
            doc,
            score: best.iter().map(|(p, _)| p).sum(),
            why: best.into_iter().map(|(_, w)| w).collect(),
        }
    }

    /// Documents with a positive score, best first (ties in index order).
    pub fn search(&self, query: &Query, limit: usize) -> Vec<Scored> {
        let mut hits: Vec<Scored> = (0..self.docs.len())
            .map(|i| self.score(i, query))
            .filter(|s| s.score > 0.0)
            .collect();
        hits.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.doc.cmp(&b.doc)));
        hits.truncate(limit);
        hits
    }

    /// Whether a document contains a stem in any field.
    pub fn contains(&self, doc: usize, stem: &str) -> bool {
        let d = &self.docs[doc];
        Field::ALL
            .iter()
            .any(|f| d.tf.contains_key(&(*f, stem.to_string())))
    }
}
