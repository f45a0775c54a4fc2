//! The library as `list` gives it: the built-in workflows (by category, or
//! those a persona has a step in) and the library index (LIBRARY.md), as
//! plain data from the summaries read at build time (listing parses no
//! workflow). The text views are in `render::report::catalog`.

use serde::Serialize;

use super::{Library, Summary, normalise, section2};
use crate::personas::PersonaCatalog;

#[derive(Serialize)]
pub struct WorkflowRow {
    pub id: String,
    pub name: String,
    pub category: String,
    pub phases: usize,
    pub steps: usize,
    pub timeline: String,
}

#[derive(Serialize)]
pub struct Listing {
    pub grouped: bool,
    pub workflows: Vec<WorkflowRow>,
}

fn row(s: &Summary) -> WorkflowRow {
    WorkflowRow {
        id: s.file.to_string(),
        name: s.name.to_string(),
        category: s.category.to_string(),
        phases: s.phases,
        steps: s.steps,
        timeline: s.timeline.to_string(),
    }
}

#[derive(Serialize)]
pub struct NamedRow {
    pub category: &'static str,
    pub name: &'static str,
    pub builtin: &'static str,
}

/// The library index, LIBRARY.md.
#[derive(Serialize)]
pub struct LibraryIndex {
    pub workflows: Vec<WorkflowRow>,
    pub named: Vec<NamedRow>,
}

/// The built-in workflows in `category` (normalised), or with a step of the
/// persona `persona` (a slug), in library order.
pub fn workflows(
    personas: &PersonaCatalog,
    category: Option<&str>,
    persona: Option<&str>,
) -> Vec<WorkflowRow> {
    let category = category.map(normalise);
    Library::summaries()
        .iter()
        .filter(|s| {
            category
                .as_ref()
                .is_none_or(|c| &normalise(s.category) == c)
        })
        .filter(|s| {
            persona.is_none_or(|p| {
                s.personas
                    .iter()
                    .any(|w| personas.resolve(w).is_some_and(|q| q.slug == p))
            })
        })
        .map(row)
        .collect()
}

/// The library index of `workflows`, with the workflows the seed names.
pub fn index(workflows: Vec<WorkflowRow>) -> LibraryIndex {
    let named = section2()
        .into_iter()
        .map(|n| NamedRow {
            category: n.category,
            name: n.name,
            builtin: n.builtin,
        })
        .collect();
    LibraryIndex { workflows, named }
}
