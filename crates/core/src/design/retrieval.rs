//! Retrieval: rank library workflows (and programs) for a situation written
//! in plain words, with the BM25 index of [`crate::text::index`], and say why
//! each matched. Pure and deterministic: ties keep the library order.

use serde::Serialize;

use crate::catalog::Catalog;
use crate::model::Workflow;
pub use crate::text::index::{DocText, Field, Index, Query, Scored, Why, workflow_text};

/// What a suggestion points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    Workflow,
    Program,
}

/// One ranked suggestion for a situation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Suggestion {
    pub kind: Kind,
    pub id: String,
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    pub score: f64,
    /// The matching terms and the fields they matched in.
    pub why: Vec<Why>,
}

/// A built-in program as retrieval sees it (filled in by the caller, so this
/// module does not depend on how programs are read).
#[derive(Debug, Clone)]
pub struct ProgramDoc {
    pub id: String,
    pub name: String,
    pub text: DocText,
}

/// The built-in programs as retrieval documents: name, description, trigger,
/// and the names of the workflows they join.
pub fn program_docs(programs: &crate::catalog::Programs) -> Vec<ProgramDoc> {
    programs
        .entries()
        .iter()
        .map(|e| {
            let p = &e.program;
            let mut text = DocText::default();
            text.add(Field::Name, &p.name.value);
            text.add(Field::Name, p.id.replace('-', " "));
            if let Some(t) = &p.description {
                text.add(Field::Description, t);
            }
            if let Some(t) = &p.trigger {
                text.add(Field::Trigger, t);
            }
            for m in &p.members {
                if let Some(wf) = m.workflow() {
                    text.add(Field::Phases, &wf.name.value);
                }
            }
            ProgramDoc {
                id: p.id.clone(),
                name: p.name.value.clone(),
                text,
            }
        })
        .collect()
}

/// The library as a retrieval index: every built-in workflow, then every
/// program given.
pub struct LibraryIndex<'a> {
    pub catalog: &'a Catalog,
    programs: Vec<ProgramDoc>,
    index: Index,
}

impl<'a> LibraryIndex<'a> {
    pub fn new(catalog: &'a Catalog, programs: Vec<ProgramDoc>) -> LibraryIndex<'a> {
        let mut texts: Vec<DocText> = catalog.library.workflows().map(workflow_text).collect();
        texts.extend(programs.iter().map(|p| p.text.clone()));
        LibraryIndex {
            catalog,
            programs,
            index: Index::new(&texts),
        }
    }

    pub fn index(&self) -> &Index {
        &self.index
    }

    fn workflow_count(&self) -> usize {
        self.catalog.library.entries().len()
    }

    /// The workflow behind a document number, when it is one.
    pub fn workflow(&self, doc: usize) -> Option<&'a Workflow> {
        self.catalog.library.entries().get(doc).map(|e| &e.workflow)
    }

    /// Rank the library for a situation.
    pub fn suggest(&self, situation: &str, limit: usize) -> Vec<Suggestion> {
        let query = Query::new(situation);
        self.index
            .search(&query, limit)
            .into_iter()
            .filter_map(|s| self.suggestion(s))
            .collect()
    }

    /// Only workflows, best first.
    pub fn workflows(&self, query: &Query, limit: usize) -> Vec<Scored> {
        let n = self.workflow_count();
        self.index
            .search(query, usize::MAX)
            .into_iter()
            .filter(|s| s.doc < n)
            .take(limit)
            .collect()
    }

    fn suggestion(&self, s: Scored) -> Option<Suggestion> {
        let n = self.workflow_count();
        let round = |x: f64| (x * 1000.0).round() / 1000.0;
        if s.doc < n {
            let wf = self.workflow(s.doc)?;
            Some(Suggestion {
                kind: Kind::Workflow,
                id: wf.id.clone(),
                name: wf.name.value.clone(),
                category: wf.category.clone(),
                score: round(s.score),
                why: s.why,
            })
        } else {
            let p = self.programs.get(s.doc - n)?;
            Some(Suggestion {
                kind: Kind::Program,
                id: p.id.clone(),
                name: p.name.clone(),
                category: None,
                score: round(s.score),
                why: s.why,
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn top(situation: &str) -> Vec<String> {
        let catalog = Catalog::builtin();
        let index = LibraryIndex::new(&catalog, Vec::new());
        index
            .suggest(situation, 3)
            .into_iter()
            .map(|s| s.id)
            .collect()
    }

    #[test]
    fn a_word_and_its_synonyms_count_once() {
        let docs = |t: &str| {
            let mut d = DocText::default();
            d.add(Field::Steps, t);
            d
        };
        let index = Index::new(&[
            docs("tune postgres"),
            docs("tune the database"),
            docs("other"),
        ]);
        let one = index.score(0, &Query::new("postgres"));
        assert_eq!(one.why.len(), 1, "{one:?}");
        // The doc that says postgres scores like one match, not two.
        let direct = index.score(0, &Query::new("postgres")).score;
        let via = index.score(1, &Query::new("postgres")).score;
        assert!(direct < 2.0 * via, "{direct} vs {via}");
        // A category says what kind of work: HIPAA is compliance work, not
        // the accessibility workflow that has "compliance" in its name.
        assert_eq!(
            top("HIPAA compliance for our telehealth platform")[0],
            "gdpr-compliance-program"
        );
        // A sev1 in the plural is still an incident.
        assert!(top("two sev1s this month on the primary database")[0].contains("incident"));
    }

    #[test]
    fn plain_words_find_the_playbook() {
        let catalog = Catalog::builtin();
        let index = LibraryIndex::new(&catalog, Vec::new());
        let live = index.suggest(
            "checkout is down right now with errors for every customer",
            1,
        );
        assert!(live[0].id.contains("incident"), "{live:?}");
        assert!(
            top("we had an outage last night")
                .contains(&"production-incident-response".to_string())
        );
        assert_eq!(
            top("we need SOC2 type II before the enterprise deal")[0],
            "soc2-iso27001-certification"
        );
        assert_eq!(top("move our services to k8s")[0], "kubernetes-migration");
        assert_eq!(
            top("a11y audit for our web app, WCAG 2.2 AA")[0],
            "accessibility-compliance"
        );
        assert_eq!(top("i18n for Japan and Germany")[0], "i18n-rollout");
        assert_eq!(
            top("M&A: we are buying a startup, check their tech")[0],
            "technical-due-diligence"
        );
    }

    #[test]
    fn why_names_terms_and_fields() {
        let catalog = Catalog::builtin();
        let index = LibraryIndex::new(&catalog, Vec::new());
        let all = index.suggest("outage", 5);
        let s = all
            .iter()
            .find(|s| s.id == "production-incident-response")
            .unwrap();
        let why = &s.why[0];
        assert_eq!(why.matched.as_deref(), Some("incident"));
        assert_eq!(why.term, "outage");
        assert!(why.fields.contains(&Field::Name), "{why:?}");
    }

    #[test]
    fn programs_are_suggested_too() {
        let catalog = Catalog::builtin();
        let programs = crate::catalog::Programs::builtin(&catalog.library);
        let index = LibraryIndex::new(&catalog, program_docs(&programs));
        let hits = index.suggest(
            "mobile app, backend API and infrastructure converge for one launch",
            5,
        );
        assert!(hits.iter().any(|s| s.kind == Kind::Program), "{hits:?}");
    }

    #[test]
    fn nothing_matches_nonsense() {
        assert!(top("zzqx flurble").is_empty());
        assert!(top("").is_empty());
    }

    #[test]
    fn bm25_prefers_rarer_terms_and_shorter_fields() {
        let mut a = DocText::default();
        a.add(Field::Name, "cost review");
        let mut b = DocText::default();
        b.add(
            Field::Name,
            "cost review of everything we run in many regions",
        );
        let mut c = DocText::default();
        c.add(Field::Name, "security review");
        let index = Index::new(&[a, b, c]);
        let hits = index.search(&Query::new("cost"), 3);
        assert_eq!(hits.iter().map(|h| h.doc).collect::<Vec<_>>(), [0, 1]);
        let review = index.search(&Query::new("review"), 3);
        let cost = index.search(&Query::new("cost"), 3);
        assert!(cost[0].score > review[0].score, "rarer term scores higher");
    }
}
