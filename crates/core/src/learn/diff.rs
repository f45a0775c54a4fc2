//! The semantic diff of two versions of a workflow: phases, steps, personas,
//! estimates, gates, decisions, criteria, pitfalls and questions added,
//! removed or changed, keyed by id rather than by line.

use std::fmt::Write;

use serde::Serialize;

use crate::model::{Checkpoint, Phase, Step, Workflow};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    Added,
    Removed,
    Changed,
}

/// One change: what (`step`, `estimate`, ...), where (`phase/step`), and the
/// values before and after.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    pub kind: ChangeKind,
    pub what: &'static str,
    pub path: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
}

struct Diff(Vec<Change>);

impl Diff {
    fn field(&mut self, what: &'static str, path: &str, a: Option<String>, b: Option<String>) {
        let kind = match (&a, &b) {
            (None, None) => return,
            (Some(x), Some(y)) if x == y => return,
            (None, Some(_)) => ChangeKind::Added,
            (Some(_), None) => ChangeKind::Removed,
            _ => ChangeKind::Changed,
        };
        self.0.push(Change {
            kind,
            what,
            path: path.to_string(),
            from: a,
            to: b,
        });
    }

    /// Items matched by key: added, removed, and `inner` on the pairs.
    // Eight plain arguments read better at the seven call sites than a struct.
    #[allow(clippy::too_many_arguments)]
    fn keyed<'a, T>(
        &mut self,
        what: &'static str,
        prefix: &str,
        old: &'a [T],
        new: &'a [T],
        key: impl Fn(&T) -> String,
        show: impl Fn(&T) -> String,
        mut inner: impl FnMut(&mut Diff, &str, &'a T, &'a T),
    ) {
        for a in old {
            let path = format!("{prefix}{}", key(a));
            match new.iter().find(|b| key(b) == key(a)) {
                Some(b) => inner(self, &path, a, b),
                None => self.field(what, &path, Some(show(a)), None),
            }
        }
        for b in new.iter().filter(|b| !old.iter().any(|a| key(a) == key(b))) {
            self.field(what, &format!("{prefix}{}", key(b)), None, Some(show(b)));
        }
    }
}

fn gate(c: &Checkpoint) -> String {
    let mut s = c
        .approver
        .as_ref()
        .map(|p| p.written.clone())
        .unwrap_or_else(|| "(no approver)".into());
    let req: Vec<&str> = c
        .requires
        .iter()
        .chain(&c.criteria)
        .map(|r| r.value.as_str())
        .collect();
    if !req.is_empty() {
        let _ = write!(s, " requires {}", req.join(", "));
    }
    if let Some(t) = &c.text {
        let _ = write!(s, " ({t})");
    }
    s
}

fn step_changes(
    d: &mut Diff,
    path: &str,
    a: &Step,
    b: &Step,
    cal: (crate::duration::Calendar, crate::duration::Calendar),
) {
    d.field(
        "persona",
        path,
        Some(a.persona.written.clone()),
        Some(b.persona.written.clone()),
    );
    d.field(
        "action",
        path,
        Some(a.action.value.clone()),
        Some(b.action.value.clone()),
    );
    d.field(
        "estimate",
        path,
        a.estimate()
            .map(|e| crate::learn::propose::estimate_text(&e, cal.0)),
        b.estimate()
            .map(|e| crate::learn::propose::estimate_text(&e, cal.1)),
    );
    let list = |v: &[crate::span::Sp<String>]| {
        (!v.is_empty()).then(|| {
            v.iter()
                .map(|x| x.value.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        })
    };
    d.field("inputs", path, list(&a.inputs), list(&b.inputs));
    d.field("outputs", path, list(&a.outputs), list(&b.outputs));
    d.field("after", path, list(&a.after), list(&b.after));
    d.field(
        "executor",
        path,
        a.executor.as_ref().map(|e| e.value.clone()),
        b.executor.as_ref().map(|e| e.value.clone()),
    );
}

fn phase_changes(
    d: &mut Diff,
    path: &str,
    a: &Phase,
    b: &Phase,
    cal: (crate::duration::Calendar, crate::duration::Calendar),
) {
    d.field(
        "name",
        path,
        Some(a.name.value.clone()),
        Some(b.name.value.clone()),
    );
    d.field(
        "window",
        path,
        a.window.as_ref().map(|w| w.text.value.clone()),
        b.window.as_ref().map(|w| w.text.value.clone()),
    );
    d.field(
        "deliverable",
        path,
        a.deliverable.as_ref().map(|x| x.text.clone()),
        b.deliverable.as_ref().map(|x| x.text.clone()),
    );
    d.field(
        "gate",
        path,
        a.checkpoint.as_ref().map(gate),
        b.checkpoint.as_ref().map(gate),
    );
    let decision = |x: &crate::model::Decision| {
        format!(
            "if {} goto {} (max {})",
            x.condition
                .as_ref()
                .map(|c| c.value.as_str())
                .unwrap_or("?"),
            x.goto.as_ref().map(|c| c.value.as_str()).unwrap_or("?"),
            x.max_loops
                .as_ref()
                .map(|m| m.value.to_string())
                .unwrap_or_else(|| "?".into())
        )
    };
    d.keyed(
        "decision",
        &format!("{path}#"),
        &a.decisions,
        &b.decisions,
        decision,
        decision,
        |_, _, _, _| {},
    );
    d.keyed(
        "step",
        &format!("{path}/"),
        &a.steps,
        &b.steps,
        |s| s.id.value.clone(),
        |s| format!("{}: {}", s.persona.written, s.action.value),
        |d, p, x, y| step_changes(d, p, x, y, cal),
    );
}

/// Every change from `old` to `new`, in document order.
pub fn diff(old: &Workflow, new: &Workflow) -> Vec<Change> {
    let mut d = Diff(Vec::new());
    d.field(
        "name",
        "",
        Some(old.name.value.clone()),
        Some(new.name.value.clone()),
    );
    d.field(
        "version",
        "",
        Some(old.version.to_string()),
        Some(new.version.to_string()),
    );
    d.field(
        "timeline",
        "",
        old.timeline.as_ref().map(|t| t.text.clone()),
        new.timeline.as_ref().map(|t| t.text.clone()),
    );
    d.field("trigger", "", old.trigger.clone(), new.trigger.clone());
    let (op, np) = (old.personas(), new.personas());
    for p in op.iter().filter(|p| !np.contains(p)) {
        d.field("persona", p, Some(p.to_string()), None);
    }
    for p in np.iter().filter(|p| !op.contains(p)) {
        d.field("persona", p, None, Some(p.to_string()));
    }
    let cal = (old.calendar, new.calendar);
    d.keyed(
        "phase",
        "",
        &old.phases,
        &new.phases,
        |p| p.id.value.clone(),
        |p| p.name.value.clone(),
        |d, path, a, b| phase_changes(d, path, a, b, cal),
    );
    let same = |s: &String| s.clone();
    d.keyed(
        "criterion",
        "criteria: ",
        &old.success_criteria,
        &new.success_criteria,
        |c| c.text.clone(),
        |c| c.text.clone(),
        |d, path, a, b| {
            let m = |c: &crate::model::Criterion| {
                Some(
                    c.metrics
                        .iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join(", "),
                )
            };
            d.field("metrics", path, m(a), m(b));
        },
    );
    d.keyed(
        "pitfall",
        "pitfalls: ",
        &old.pitfalls,
        &new.pitfalls,
        same,
        same,
        |_, _, _, _| {},
    );
    d.keyed(
        "question",
        "retrospective: ",
        &old.retrospective,
        &new.retrospective,
        same,
        same,
        |_, _, _, _| {},
    );
    d.0
}

/// The changes as text, one per line: `+ step assess/new-step: ...`.
pub fn render(changes: &[Change]) -> String {
    let mut out = String::new();
    if changes.is_empty() {
        out.push_str("no changes\n");
    }
    for c in changes {
        let sign = match c.kind {
            ChangeKind::Added => '+',
            ChangeKind::Removed => '-',
            ChangeKind::Changed => '~',
        };
        let _ = write!(out, "{sign} {}", c.what);
        if !c.path.is_empty() {
            let _ = write!(out, " {}", c.path);
        }
        let _ = match (&c.from, &c.to) {
            (Some(a), Some(b)) if c.kind == ChangeKind::Changed => writeln!(out, ": {a} -> {b}"),
            (Some(a), _) | (None, Some(a)) if !c.path.ends_with(a.as_str()) => {
                writeln!(out, ": {a}")
            }
            _ => writeln!(out),
        };
    }
    out
}

/// A one-line summary: `3 added, 1 removed, 4 changed`.
pub fn summary(changes: &[Change]) -> String {
    let n = |k| changes.iter().filter(|c| c.kind == k).count();
    format!(
        "{} added, {} removed, {} changed",
        n(ChangeKind::Added),
        n(ChangeKind::Removed),
        n(ChangeKind::Changed)
    )
}

/// What changed, counted by kind of thing, for one line of a history:
/// `+1 step, -1 step, ~2 estimates, +1 gate`. The version number is left
/// out (it changes every time); `no changes` when nothing else did.
pub fn tally(changes: &[Change]) -> String {
    let mut counts: Vec<(&'static str, ChangeKind, usize)> = Vec::new();
    for c in changes.iter().filter(|c| c.what != "version") {
        match counts
            .iter_mut()
            .find(|(w, k, _)| *w == c.what && *k == c.kind)
        {
            Some((_, _, n)) => *n += 1,
            None => counts.push((c.what, c.kind, 1)),
        }
    }
    if counts.is_empty() {
        return "no changes".into();
    }
    counts
        .iter()
        .map(|(what, kind, n)| {
            let sign = match kind {
                ChangeKind::Added => '+',
                ChangeKind::Removed => '-',
                ChangeKind::Changed => '~',
            };
            let plural = if *n == 1 { "" } else { "s" };
            format!("{sign}{n} {what}{plural}")
        })
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::load_workflow;
    use crate::personas::PersonaCatalog;

    fn wf(text: &str) -> Workflow {
        load_workflow(text, &PersonaCatalog::builtin())
            .workflow
            .unwrap()
    }

    const V1: &str = "
name: Incident Review
version: 1
timeline: 2 weeks
success_criteria:
  - text: MTTR under 30 minutes
    metrics: [{name: mttr, op: '<', target: 30, unit: min}]
phases:
  - id: triage
    name: Triage
    window: Week 1
    steps:
      - {id: collect, persona: SRE, action: Collect the timeline, outputs: [timeline], estimate: 1d / 2d / 3d}
      - {id: impact, persona: Product Manager, action: Assess customer impact, estimate: 1d}
    deliverable: Incident timeline
  - id: fix
    name: Fix
    window: Week 2
    steps:
      - {id: patch, persona: Backend Engineer, action: Ship the fix, inputs: [timeline], estimate: 2d / 3d / 5d}
    deliverable: Fix in production
pitfalls:
  - Blaming people
retrospective:
  - What alert fired first?
";

    const V2: &str = "
name: Incident Review
version: 2
timeline: 3 weeks
success_criteria:
  - text: MTTR under 30 minutes
    metrics: [{name: mttr, op: '<', target: 20, unit: min}]
  - text: No repeat incident within a quarter
    metrics: [{name: repeats, op: '=', target: 0}]
phases:
  - id: triage
    name: Triage
    window: Week 1
    steps:
      - {id: collect, persona: SRE, action: Collect the timeline, outputs: [timeline], estimate: 2d / 3d / 5d}
      - {id: comms, persona: Technical Writer, action: Draft customer comms, estimate: 1d}
    deliverable: Incident timeline
    checkpoint: {approver: Principal Engineer, requires: [timeline]}
  - id: fix
    name: Fix and verify
    window: Week 2-3
    steps:
      - {id: patch, persona: Backend Engineer, action: Ship the fix, inputs: [timeline], estimate: 2d / 3d / 5d}
    deliverable: Fix in production
    decisions:
      - {if: 'fix.error_rate >= 1', goto: triage, max_loops: 2}
pitfalls:
  - Blaming people
  - Closing the incident before the fix is verified
retrospective:
  - What alert fired first?
  - Which estimate was furthest off?
";

    #[test]
    fn hand_made_versions() {
        let changes = diff(&wf(V1), &wf(V2));
        insta::assert_snapshot!(render(&changes));
        assert_eq!(summary(&changes), "7 added, 2 removed, 6 changed");
        assert_eq!(
            tally(&changes),
            "~1 timeline, -1 persona, +1 persona, +1 gate, ~1 estimate, -1 step, +1 step, \
             ~1 name, ~1 window, +1 decision, ~1 metrics, +1 criterion, +1 pitfall, +1 question"
        );
        assert_eq!(tally(&diff(&wf(V1), &wf(V1))), "no changes");
        assert!(diff(&wf(V1), &wf(V1)).is_empty());
    }
}
