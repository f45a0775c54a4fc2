//! `retrospective <run> --propose`: the workflow's next version from this
//! run's evidence, the answers and the recorded history (`learn::propose`),
//! written as an edit of the current version (`learn::revise`) to a
//! proposal file with a header naming its base; printed as the suggestions
//! with their evidence, the semantic diff and a unified text diff to review.
//! `apply` makes it the current version.

use std::collections::BTreeMap;
use std::fmt::{self, Write};

use anyhow::anyhow;
use serde::Serialize;
use skill_chains_core::learn::diff::{self, Change};
use skill_chains_core::learn::propose::{self, Evidence, Suggestion};
use skill_chains_core::learn::retro::{RunFacts, StepActual};
use skill_chains_core::learn::revise;
use skill_chains_engine::event::{Event, Recorded};
use skill_chains_engine::store::Store;

use super::{Answered, Args};
use crate::context::Context;
use crate::files;
use crate::load::Origin;
use crate::output::{Human, Out, Reply};
use crate::versions::{self, Current, Header, Home};
use skill_chains_engine::ops::LoadedRun;

#[derive(Serialize)]
struct Proposed {
    workflow: String,
    run: String,
    /// Where the current version lives (`apply` writes there).
    base: String,
    from: u32,
    to: u32,
    /// The proposal file; none when there was nothing to propose.
    #[serde(skip_serializing_if = "Option::is_none")]
    file: Option<String>,
    /// Whether the proposal keeps the base's layout and comments.
    kept_layout: bool,
    suggestions: Vec<Suggestion>,
    summary: String,
    changes: Vec<Change>,
    /// Unified diff from the current version to the proposal.
    patch: String,
    #[serde(skip)]
    notes: Vec<String>,
}

/// The phase of the step that recorded each metric.
fn metric_phases(run: &LoadedRun) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for (i, s) in run.state.steps.iter().enumerate() {
        let phase = &run.layout.phases[run.layout.steps[i].phase].id;
        for name in s.metrics.keys() {
            out.insert(name.clone(), phase.clone());
        }
    }
    out
}

/// The version to revise: where the run's workflow lives now, else the
/// text the run recorded (then `apply` needs `--to`).
fn base(ctx: &Context, run: &LoadedRun, events: &[Recorded]) -> anyhow::Result<(Current, bool)> {
    let Some(Event::RunCreated { origin, source, .. }) = events.first().map(|r| &r.event) else {
        return Err(anyhow!("run {} has no creation event", run.id));
    };
    if let Some(home) = versions::home_of_run(ctx, origin, &run.workflow().id) {
        return Ok((versions::current(ctx, &home)?, true));
    }
    let workflow = versions::clean(ctx, Origin::File(origin.into()), source)?;
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

// The evidence arrives in the pieces `retrospective` already computed.
#[allow(clippy::too_many_arguments)]
pub(super) fn exec(
    args: &Args,
    ctx: &Context,
    store: &dyn Store,
    run: &LoadedRun,
    events: &[Recorded],
    steps: Vec<StepActual>,
    facts: RunFacts,
    questions: Vec<Answered>,
) -> anyhow::Result<Reply<'static>> {
    let (cur, found) = base(ctx, run, events)?;
    let history =
        skill_chains_engine::ops::history(store, &ctx.catalog).map_err(crate::driver::op_error)?;
    let answered: Vec<_> = questions
        .into_iter()
        .map(|q| (q.question, q.answer))
        .collect();
    let metric_phases = metric_phases(run);
    let proposal = propose::propose(
        &cur.workflow,
        &Evidence {
            run: &run.id,
            steps: &steps,
            facts: &facts,
            answered: &answered,
            history: &history,
            metric_phases: &metric_phases,
        },
    );
    let new = &proposal.workflow;
    let mut notes = Vec::new();
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
        return Ok(Reply::data(report));
    }
    let revised = revise::revise(&cur.text, &cur.workflow, new, &ctx.catalog.personas);
    // The proposal must pass `check`; one that does not is this code's fault.
    versions::clean(ctx, Origin::File("<proposal>".into()), &revised.text)?;
    let path = match &args.output {
        Some(p) => {
            files::ensure_writable(p, args.force)?;
            p.clone()
        }
        None => versions::state_dir(ctx)
            .join("proposals")
            .join(format!("{}-v{}.yaml", new.id, new.version)),
    };
    let mut header = Header::new(format!("proposal, version {} of {}", new.version, new.id));
    if found {
        header = header.with("base", cur.home.describe());
    }
    let header = header
        .with("base-version", cur.workflow.version.to_string())
        .with("base-sha256", versions::fingerprint(&cur.text))
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
    Ok(Reply::data(report))
}

/// A unified diff of two texts, three lines of context.
pub fn unified(old: &str, new: &str, old_name: &str, new_name: &str) -> String {
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(old_name, new_name)
        .to_string()
}

impl Human for Proposed {
    fn human(&self, out: &mut Out) -> fmt::Result {
        let title = format!(
            "Proposal for {}: version {} -> {}, from {}",
            self.workflow, self.from, self.to, self.run
        );
        writeln!(out, "{}", out.bold(&title))?;
        for n in &self.notes {
            writeln!(out, "  {}", out.dim(&format!("note: {n}")))?;
        }
        if self.suggestions.is_empty() {
            return Ok(());
        }
        writeln!(out, "{}", out.heading("Suggestions"))?;
        for s in &self.suggestions {
            let kind = serde_json::to_value(s.kind)
                .ok()
                .and_then(|v| v.as_str().map(String::from))
                .unwrap_or_default();
            let at = if s.path.is_empty() {
                String::new()
            } else {
                format!(" {}", s.path)
            };
            writeln!(out, "  {kind}{at}: {}", s.text)?;
            writeln!(out, "    {}", out.dim(&format!("why: {}", s.why)))?;
        }
        writeln!(
            out,
            "{}",
            out.heading(&format!("What changes ({})", self.summary))
        )?;
        for line in diff::render(&self.changes).lines() {
            writeln!(out, "  {line}")?;
        }
        writeln!(out, "{}", out.heading("Patch"))?;
        out.write_str(&self.patch)?;
        if let Some(f) = &self.file {
            writeln!(
                out,
                "\nproposal written to {f}\nnext: review it (edit it if you like), then `skill-chains apply {f}`"
            )?;
        }
        Ok(())
    }
}
