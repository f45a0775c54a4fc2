//! The built-in workflow library (`library/*.yaml`, embedded).

use std::sync::OnceLock;

use crate::format;
use crate::model::Workflow;
use crate::personas::PersonaCatalog;
use crate::text::normalise;

include!(concat!(env!("OUT_DIR"), "/library_index.rs"));
include!(concat!(env!("OUT_DIR"), "/library_summary.rs"));

/// A built-in workflow at a glance, known without parsing it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Summary {
    /// The file name without `.yaml`, which is the workflow's id.
    pub file: &'static str,
    pub name: &'static str,
    pub category: &'static str,
    pub timeline: &'static str,
    pub phases: usize,
    pub steps: usize,
    /// The personas of its steps, as written, without repeats.
    pub personas: &'static [&'static str],
}

/// A built-in workflow with the source it was read from.
#[derive(Debug, Clone)]
pub struct BuiltinWorkflow {
    /// The file name without `.yaml`.
    pub file: &'static str,
    pub source: &'static str,
    pub workflow: Workflow,
}

/// The library reads its workflows lazily: a lookup by id parses only that
/// file, and the first call that needs all of them parses them on every core.
/// Startup does no needless work.
#[derive(Debug, Clone)]
pub struct Library {
    personas: PersonaCatalog,
    /// One slot per embedded file; `None` once read means it did not parse.
    slots: Vec<OnceLock<Option<BuiltinWorkflow>>>,
    all: OnceLock<Vec<BuiltinWorkflow>>,
}

impl Library {
    /// The embedded library, read against `personas` when first used. A
    /// built-in that does not parse is left out here and caught by the test
    /// that checks the whole library.
    pub fn builtin(personas: &PersonaCatalog) -> Library {
        Library {
            personas: personas.clone(),
            slots: BUILTIN_WORKFLOWS.iter().map(|_| OnceLock::new()).collect(),
            all: OnceLock::new(),
        }
    }

    /// Every built-in at a glance, without reading any of them.
    pub fn summaries() -> &'static [Summary] {
        BUILTIN_SUMMARIES
    }

    /// The embedded sources, including any that fail to parse.
    pub fn sources() -> &'static [(&'static str, &'static str)] {
        BUILTIN_WORKFLOWS
    }

    fn slot(&self, i: usize) -> Option<&BuiltinWorkflow> {
        self.slots[i]
            .get_or_init(|| {
                let (file, source) = BUILTIN_WORKFLOWS[i];
                let loaded = format::load_workflow(source, &self.personas);
                loaded.workflow.map(|workflow| BuiltinWorkflow {
                    file,
                    source,
                    workflow,
                })
            })
            .as_ref()
    }

    /// Hand the library a built-in that was already read from its embedded
    /// source (by `check`), so it is not parsed a second time.
    pub fn prime(&self, file: &str, workflow: &Workflow) {
        if let Some(i) = BUILTIN_WORKFLOWS.iter().position(|(f, _)| *f == file) {
            let (file, source) = BUILTIN_WORKFLOWS[i];
            let _ = self.slots[i].set(Some(BuiltinWorkflow {
                file,
                source,
                workflow: workflow.clone(),
            }));
        }
    }

    /// Every built-in workflow, read in parallel on first use.
    pub fn entries(&self) -> &[BuiltinWorkflow] {
        self.all.get_or_init(|| {
            let threads = std::thread::available_parallelism()
                .map_or(1, |n| n.get())
                .min(8);
            let n = self.slots.len();
            std::thread::scope(|scope| {
                for t in 0..threads {
                    scope.spawn(move || (t..n).step_by(threads).for_each(|i| _ = self.slot(i)));
                }
            });
            (0..n).filter_map(|i| self.slot(i).cloned()).collect()
        })
    }

    pub fn workflows(&self) -> impl Iterator<Item = &Workflow> {
        self.entries().iter().map(|e| &e.workflow)
    }

    /// Find a built-in by id, or by a name that normalises to the same text.
    pub fn get(&self, id_or_name: &str) -> Option<&Workflow> {
        self.entry(id_or_name).map(|e| &e.workflow)
    }

    pub fn entry(&self, id_or_name: &str) -> Option<&BuiltinWorkflow> {
        // Built-in ids are their file names (a test holds the library to it),
        // so an id needs only its own file read.
        if let Some(i) = BUILTIN_WORKFLOWS
            .iter()
            .position(|(file, _)| *file == id_or_name)
            && let Some(e) = self.slot(i).filter(|e| e.workflow.id == id_or_name)
        {
            return Some(e);
        }
        let key = normalise(id_or_name);
        let entries = self.entries();
        entries
            .iter()
            .find(|e| e.workflow.id == id_or_name)
            .or_else(|| {
                entries.iter().find(|e| {
                    normalise(&e.workflow.id) == key || normalise(&e.workflow.name) == key
                })
            })
    }

    /// Fuzzy lookup: built-ins whose id or name contains every word of `query`,
    /// or failing that the closest by similarity. Best first.
    pub fn search(&self, query: &str) -> Vec<&BuiltinWorkflow> {
        let words: Vec<String> = query
            .split_whitespace()
            .map(normalise)
            .filter(|w| !w.is_empty())
            .collect();
        let mut hits: Vec<&BuiltinWorkflow> = self
            .entries()
            .iter()
            .filter(|e| {
                let hay = normalise(&e.workflow.name) + &normalise(&e.workflow.id);
                !words.is_empty() && words.iter().all(|w| hay.contains(w.as_str()))
            })
            .collect();
        if hits.is_empty() {
            let key = normalise(query);
            let mut scored: Vec<(f64, &BuiltinWorkflow)> = self
                .entries()
                .iter()
                .map(|e| (strsim::jaro_winkler(&key, &normalise(&e.workflow.name)), e))
                .filter(|(s, _)| *s > 0.75)
                .collect();
            scored.sort_by(|a, b| b.0.total_cmp(&a.0));
            hits = scored.into_iter().map(|(_, e)| e).collect();
        }
        hits
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summaries_agree_with_the_parsed_workflows() {
        let lib = Library::builtin(&PersonaCatalog::builtin());
        assert_eq!(Library::summaries().len(), lib.entries().len());
        for (s, e) in Library::summaries().iter().zip(lib.entries()) {
            let w = &e.workflow;
            assert_eq!((s.file, s.name), (w.id.as_str(), w.name.value.as_str()));
            assert_eq!(s.category, w.category.as_deref().unwrap_or_default());
            assert_eq!(
                s.timeline,
                w.timeline
                    .as_ref()
                    .map(|t| t.text.as_str())
                    .unwrap_or_default()
            );
            assert_eq!((s.phases, s.steps), (w.phases.len(), w.step_count()));
            let mut personas: Vec<&str> = w
                .steps()
                .map(|(_, st)| st.persona.written.as_str())
                .collect();
            personas.sort();
            personas.dedup();
            assert_eq!(s.personas, personas.as_slice());
        }
    }

    #[test]
    fn builtin_ids_are_their_file_names() {
        let lib = Library::builtin(&PersonaCatalog::builtin());
        assert_eq!(
            lib.entries().len(),
            Library::sources().len(),
            "every built-in parses"
        );
        for e in lib.entries() {
            assert_eq!(e.workflow.id, e.file, "id and file name differ");
            assert!(std::ptr::eq(
                lib.entry(e.file).unwrap(),
                lib.slot(
                    Library::sources()
                        .iter()
                        .position(|(f, _)| *f == e.file)
                        .unwrap()
                )
                .unwrap()
            ));
        }
    }
}
