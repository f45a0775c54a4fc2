//! A workflow's versions as people ask about them: its history (each
//! version, when it was saved, where from, what changed from the one
//! before) and one version picked by number for `diff`.

use serde::Serialize;
use skill_chains_core::format::load_workflow;
use skill_chains_core::learn::diff::{self, Change};
use skill_chains_core::model::Workflow;

use super::LearnError;
use crate::project::versions::{Entry, Project};

/// The versions of a workflow, oldest first.
#[derive(Serialize)]
pub struct History {
    pub workflow: String,
    /// Where the current version lives.
    pub home: String,
    pub current: u32,
    pub versions: Vec<HistoryRow>,
}

#[derive(Serialize)]
pub struct HistoryRow {
    pub version: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub saved: Option<String>,
    pub source: String,
    pub current: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// What changed from the version before, counted by kind.
    pub summary: String,
    pub changes: Vec<Change>,
}

/// The history of the workflow `name` (a built-in id or a file).
pub fn workflow_history(project: &Project, name: &str) -> Result<History, LearnError> {
    let home = project.home_of_name(name)?;
    let (cur, entries) = project.history(&home)?;
    let mut rows = Vec::new();
    let mut before: Option<Workflow> = None;
    for e in &entries {
        let wf = read(project, e);
        let (summary, changes) = match (&before, &wf) {
            (_, None) => ("does not read as a workflow".into(), Vec::new()),
            (None, Some(_)) => ("first kept".into(), Vec::new()),
            (Some(a), Some(b)) => {
                let changes = diff::diff(a, b);
                (diff::tally(&changes), changes)
            }
        };
        if wf.is_some() {
            before = wf;
        }
        rows.push(HistoryRow {
            version: e.number,
            saved: e.saved.clone(),
            source: e.source.clone(),
            current: e.current,
            path: e.path.as_ref().map(|p| p.display().to_string()),
            summary,
            changes,
        });
    }
    Ok(History {
        workflow: cur.workflow.id.clone(),
        home: cur.home.describe(),
        current: cur.workflow.version,
        versions: rows,
    })
}

/// A version as a model, leniently (an old version may not pass today's checks).
fn read(project: &Project, e: &Entry) -> Option<Workflow> {
    load_workflow(&e.text, &project.catalog().personas).workflow
}

/// Version `which` (`2`, `v2`, `current`) of the workflow `name`.
pub fn workflow_version(
    project: &Project,
    name: &str,
    which: &str,
) -> Result<Workflow, LearnError> {
    let home = project.home_of_name(name)?;
    let (_, entries) = project.history(&home)?;
    let wanted = which.trim().trim_start_matches(['v', 'V']);
    let entry = if which == "current" {
        entries.iter().find(|e| e.current)
    } else {
        let n: u32 = wanted.parse().map_err(|_| {
            LearnError::Invalid(format!(
                "`{which}` is not a version number\nhelp: write `2`, `v2` or `current`"
            ))
        })?;
        entries.iter().find(|e| e.number == n)
    };
    let listed: Vec<String> = entries.iter().map(|e| format!("v{}", e.number)).collect();
    let entry = entry.ok_or_else(|| {
        LearnError::Invalid(format!(
            "{name} has no version {which} (it has {})\nhelp: `skill-chains history {name}` lists them",
            listed.join(", ")
        ))
    })?;
    read(project, entry).ok_or_else(|| {
        LearnError::Invalid(format!(
            "version {which} of {name} does not read as a workflow"
        ))
    })
}
