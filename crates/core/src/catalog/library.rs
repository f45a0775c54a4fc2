//! The built-in workflow library (`library/*.yaml`, embedded).

use crate::catalog::PersonaCatalog;
use crate::catalog::personas::normalise;
use crate::format;
use crate::model::Workflow;

include!(concat!(env!("OUT_DIR"), "/library_index.rs"));

/// A built-in workflow with the source it was read from.
#[derive(Debug, Clone)]
pub struct BuiltinWorkflow {
    /// The file name without `.yaml`.
    pub file: &'static str,
    pub source: &'static str,
    pub workflow: Workflow,
}

#[derive(Debug, Clone, Default)]
pub struct Library {
    entries: Vec<BuiltinWorkflow>,
}

impl Library {
    /// Read every embedded workflow. A built-in that does not parse is left
    /// out here and caught by the test that checks the whole library.
    pub fn builtin(personas: &PersonaCatalog) -> Library {
        let entries = BUILTIN_WORKFLOWS
            .iter()
            .filter_map(|(file, source)| {
                let loaded = format::load_workflow(source, personas);
                loaded.workflow.map(|workflow| BuiltinWorkflow {
                    file,
                    source,
                    workflow,
                })
            })
            .collect();
        Library { entries }
    }

    /// The embedded sources, including any that fail to parse.
    pub fn sources() -> &'static [(&'static str, &'static str)] {
        BUILTIN_WORKFLOWS
    }

    pub fn entries(&self) -> &[BuiltinWorkflow] {
        &self.entries
    }

    pub fn workflows(&self) -> impl Iterator<Item = &Workflow> {
        self.entries.iter().map(|e| &e.workflow)
    }

    /// Find a built-in by id, or by a name that normalises to the same text.
    pub fn get(&self, id_or_name: &str) -> Option<&Workflow> {
        self.entry(id_or_name).map(|e| &e.workflow)
    }

    pub fn entry(&self, id_or_name: &str) -> Option<&BuiltinWorkflow> {
        let key = normalise(id_or_name);
        self.entries
            .iter()
            .find(|e| e.workflow.id == id_or_name)
            .or_else(|| {
                self.entries.iter().find(|e| {
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
            .entries
            .iter()
            .filter(|e| {
                let hay = normalise(&e.workflow.name) + &normalise(&e.workflow.id);
                !words.is_empty() && words.iter().all(|w| hay.contains(w.as_str()))
            })
            .collect();
        if hits.is_empty() {
            let key = normalise(query);
            let mut scored: Vec<(f64, &BuiltinWorkflow)> = self
                .entries
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
