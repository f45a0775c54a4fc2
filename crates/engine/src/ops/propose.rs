//! A workflow's next version from a run's retrospective, its answers and
//! the recorded history (`learn::propose`), written as an edit of the
//! current version (`learn::revise`) to a proposal file with a header naming
//! its base, with the semantic diff and a unified text diff to review.
//! `apply` makes it the current version. It never prints.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::Serialize;
use skill_chains_core::learn::diff::{self, Change};
use skill_chains_core::learn::propose::{self, Evidence, Suggestion};
use skill_chains_core::learn::revise;
use skill_chains_core::load::Origin;

use super::{Findings, LearnError, LoadedRun};
use crate::event::Event;
use crate::project::files;
use crate::project::versions::{Current, Header, Home, Project, fingerprint};
use crate::store::Store;

/// A proposal as `retrospective <run> --propose` shows it.
#[derive(Serialize)]
pub struct Proposed {
    pub workflow: String,
    pub run: String,
    /// Where the current version lives (`apply` writes there).
    pub base: String,
    pub from: u32,
    pub to: u32,
    /// The proposal file; none when there was nothing to propose.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// Whether the proposal keeps the base's layout and comments.
    pub kept_layout: bool,
    pub suggestions: Vec<Suggestion>,
    pub summary: String,
    pub changes: Vec<Change>,
    /// Unified diff from the current version to the proposal.
    pub patch: String,
    #[serde(skip)]
    pub notes: Vec<String>,
}

/// Where to write a proposal: a file the user named (replaced only with
/// `force`), else `.skill-chains/proposals/<id>-v<N>.yaml`.
pub struct Target {
    pub output: Option<PathBuf>,
    pub force: bool,
}

/// Where each metric became known in the run, in its events: a step's
/// metrics at the step's phase, a metric a person recorded (`metric`) at the
/// phase the run was in then, or the last phase once the run had ended. A
/// metric recorded more than once is known from its latest point on.
fn metric_phases(run: &LoadedRun, events: &[crate::event::Recorded]) -> BTreeMap<String, String> {
    let phases = &run.layout.phases;
    let Some(last) = phases.len().checked_sub(1) else {
        return BTreeMap::new();
    };
    let mut at: BTreeMap<String, usize> = BTreeMap::new();
    let mut note = |name: &str, p: usize| {
        let e = at.entry(name.to_string()).or_insert(p);
        *e = (*e).max(p);
    };
    let mut current = 0;
    for r in events {
        match &r.event {
            Event::PhaseEntered { phase } => {
                current = run.layout.phase_index(phase).unwrap_or(current);
            }
            Event::Completed => current = last,
            Event::StepCompleted { step, metrics, .. } => {
                let p = run
                    .layout
                    .steps
                    .iter()
                    .find(|s| &s.id == step)
                    .map_or(current, |s| s.phase);
                for name in metrics.keys() {
                    note(name, p);
                }
            }
            Event::MetricRecorded { name, .. } => note(name, current),
            _ => {}
        }
    }
    at.into_iter()
        .map(|(name, p)| (name, phases[p].id.clone()))
        .collect()
}

/// The version to revise: where the run's workflow lives now, else the
/// text the run recorded (then `apply` needs `--to`).
fn base(
    project: &Project,
    run: &LoadedRun,
    findings: &Findings,
) -> Result<(Current, bool), LearnError> {
    let Some(Event::RunCreated { origin, source, .. }) = findings.events.first().map(|r| &r.event)
    else {
        return Err(LearnError::Invalid(format!(
            "run {} has no creation event",
            run.id
        )));
    };
    if let Some(home) = project.home_of_run(origin, &run.workflow().id) {
        return Ok((project.current(&home)?, true));
    }
    let workflow = project.clean(Origin::File(origin.into()), source)?;
    Ok((
        Current {
            home: Home::File(origin.into()),
            text: source.clone(),
            workflow,
            source: format!("the text {} recorded", run.id),
        },
        false,
    ))
}

/// Propose the next version of the run's workflow and write it to `target`.
pub fn propose(
    store: &dyn Store,
    project: &Project,
    run: &LoadedRun,
    findings: Findings,
    target: &Target,
) -> Result<Proposed, LearnError> {
    let (cur, found) = base(project, run, &findings)?;
    let history = super::history(store, project.catalog())?;
    let answered: Vec<_> = findings
        .questions
        .into_iter()
        .map(|q| (q.question, q.answer))
        .collect();
    let metric_phases = metric_phases(run, &findings.events);
    let proposal = propose::propose(
        &cur.workflow,
        &Evidence {
            run: &run.id,
            steps: &findings.steps,
            facts: &findings.facts,
            answered: &answered,
            history: &history,
            metric_phases: &metric_phases,
        },
    );
    let new = &proposal.workflow;
    let mut notes = proposal.held_back.clone();
    if !found {
        notes.push(format!(
            "the workflow file of {} is not here: the proposal revises the text the run recorded; \
             `apply` needs `--to FILE`",
            run.id
        ));
    }
    if run.workflow().version != cur.workflow.version {
        notes.push(format!(
            "{} ran version {}; the proposal revises the current version {}",
            run.id,
            run.workflow().version,
            cur.workflow.version
        ));
    }
    let mut report = Proposed {
        workflow: new.id.clone(),
        run: run.id.clone(),
        base: cur.home.describe(),
        from: cur.workflow.version,
        to: new.version,
        file: None,
        kept_layout: true,
        suggestions: proposal.suggestions.clone(),
        summary: String::new(),
        changes: Vec::new(),
        patch: String::new(),
        notes,
    };
    if proposal.suggestions.is_empty() {
        report.notes.push(
            "nothing to propose: the evidence changes no estimate, and there is no pitfall or gate to add"
                .into(),
        );
        return Ok(report);
    }
    let revised = revise::revise(&cur.text, &cur.workflow, new, &project.catalog().personas);
    // The proposal must pass `check`; one that does not is this code's fault.
    project.clean(Origin::File("<proposal>".into()), &revised.text)?;
    let path = match &target.output {
        Some(p) => {
            files::ensure_writable(p, target.force)?;
            p.clone()
        }
        None => project
            .state_dir()
            .join("proposals")
            .join(format!("{}-v{}.yaml", new.id, new.version)),
    };
    let mut header = Header::new(format!("proposal, version {} of {}", new.version, new.id));
    if found {
        header = header.with("base", cur.home.describe());
    }
    let header = header
        .with("base-version", cur.workflow.version.to_string())
        .with("base-sha256", fingerprint(&cur.text))
        .with("run", run.id.clone());
    files::write_atomic(&path, header.prepend(&revised.text).as_bytes())?;
    if !revised.kept_layout {
        report.notes.push(
            "the proposal is written in the canonical form: the base's comments and layout could not be kept"
                .into(),
        );
    }
    let changes = diff::diff(&cur.workflow, new);
    report.summary = diff::summary(&changes);
    report.changes = changes;
    report.patch = unified(
        &cur.text,
        &revised.text,
        &cur.home.describe(),
        &path.display().to_string(),
    );
    report.kept_layout = revised.kept_layout;
    report.file = Some(path.display().to_string());
    Ok(report)
}

/// A unified diff of two texts, three lines of context.
fn unified(old: &str, new: &str, old_name: &str, new_name: &str) -> String {
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(old_name, new_name)
        .to_string()
}
