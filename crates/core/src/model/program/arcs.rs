//! What each handoff makes wait for what, at the level of workflow points:
//! "phase `p` of `to` cannot start before `from` reaches point `at`". The
//! cycle check (SC104) and the activity network both start from these arcs.
//!
//! A cycle's first leg (`to` starts when `from` finishes) is an arc; its way
//! back (`from` runs again) is a second run of `from`, which the network
//! adds separately, so it never closes a loop here.

use super::{Pattern, Point, Program, phase_index, point_phase};
use crate::model::{Estimate, Workflow};
use crate::span::Sp;

/// One "waits for" relation between two workflows of a program.
#[derive(Debug, Clone, PartialEq)]
pub struct HandoffArc {
    /// Index of the handoff in the program.
    pub handoff: usize,
    /// Index of the member that delivers.
    pub from: usize,
    /// The point of `from` that releases the arc.
    pub at: Mark,
    /// Index of the member that waits.
    pub to: usize,
    /// The phase of `to` that cannot start before then; the number of its
    /// phases means its finish (a workflow that pauses at its last checkpoint).
    pub phase: usize,
    pub kind: ArcKind,
}

/// A point of a delivering workflow, resolved against it.
#[derive(Debug, Clone, PartialEq)]
pub enum Mark {
    /// The workflow finishes (its last gate).
    Finish,
    /// The steps of phase `k` are done.
    PhaseEnd(usize),
    /// The step producing the artifact is done (or the phase delivering it).
    Artifact(String),
}

impl Mark {
    /// The phase whose end is at or after the mark, for phase-level reasoning.
    pub fn phase(&self, wf: &Workflow) -> Option<usize> {
        match self {
            Mark::Finish => wf.phases.len().checked_sub(1),
            Mark::PhaseEnd(k) => Some(*k),
            Mark::Artifact(a) => point_phase(wf, Some(&Point::Artifact(Sp::bare(a.clone())))),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ArcKind {
    /// Sequence, converge, depend, a cycle's first leg, and the start of an
    /// escalation.
    Handoff,
    /// An escalated-to workflow's gate releasing the paused workflow, after
    /// an optional uncertain delay.
    Resume { delay: Option<Estimate> },
}

/// The index and workflow of the member named `alias`, when it resolved.
fn resolved_member<'a>(program: &'a Program, alias: &Sp<String>) -> Option<(usize, &'a Workflow)> {
    program
        .members
        .iter()
        .enumerate()
        .find(|(_, m)| m.alias.value == alias.value)
        .and_then(|(i, m)| Some((i, m.workflow()?)))
}

/// Every arc of the program's handoffs, skipping names that do not resolve
/// (SC101 reports them).
pub fn handoff_arcs(program: &Program) -> Vec<HandoffArc> {
    let member = |alias: &Sp<String>| resolved_member(program, alias);
    let mark = |wf: &Workflow, point: Option<&Point>| -> Option<Mark> {
        Some(match point {
            None => Mark::Finish,
            Some(Point::Phase(p)) => Mark::PhaseEnd(phase_index(wf, Some(p))?),
            Some(Point::Artifact(a)) => Mark::Artifact(a.value.clone()),
        })
    };
    let mut arcs = Vec::new();
    for (h, handoff) in program.handoffs.iter().enumerate() {
        let Some(pattern) = &handoff.pattern else {
            continue;
        };
        // `from` at `at` releases phase `phase` of `to` (None: its first).
        let mut push = |from: &Sp<String>,
                        at: Option<&Point>,
                        to: &Sp<String>,
                        phase: Option<&Sp<String>>,
                        kind: ArcKind| {
            let (Some((f, from_wf)), Some((t, wf))) = (member(from), member(to)) else {
                return;
            };
            let (Some(at), Some(phase)) = (mark(from_wf, at), phase_index(wf, phase)) else {
                return;
            };
            arcs.push(HandoffArc {
                handoff: h,
                from: f,
                at,
                to: t,
                phase,
                kind,
            });
        };
        match pattern {
            Pattern::Sequence { from, to, when } => {
                push(from, when.as_ref(), to, None, ArcKind::Handoff)
            }
            Pattern::Converge { from, into, .. } => {
                for s in from {
                    push(
                        &s.alias,
                        s.when.as_ref(),
                        into,
                        pattern.waiting_phase(),
                        ArcKind::Handoff,
                    );
                }
            }
            Pattern::Depend { from, to, when, .. } => push(
                from,
                when.as_ref(),
                to,
                pattern.waiting_phase(),
                ArcKind::Handoff,
            ),
            Pattern::Escalate {
                from,
                to,
                when,
                pause_at,
                resume_after,
                delay,
            } => {
                push(from, when.as_ref(), to, None, ArcKind::Handoff);
                // `from` resumes with the phase after the one it pauses at.
                let (Some((f, wf)), Some((t, to_wf))) = (member(from), member(to)) else {
                    continue;
                };
                let Some(paused) = phase_index(wf, Some(pause_at)) else {
                    continue;
                };
                let at = match resume_after {
                    None => Mark::Finish,
                    Some(p) => match phase_index(to_wf, Some(p)) {
                        Some(k) => Mark::PhaseEnd(k),
                        None => continue,
                    },
                };
                arcs.push(HandoffArc {
                    handoff: h,
                    from: t,
                    at,
                    to: f,
                    phase: paused + 1,
                    kind: ArcKind::Resume {
                        delay: delay.as_ref().map(|d| d.value),
                    },
                });
            }
            Pattern::Cycle { from, to, .. } => push(from, None, to, None, ArcKind::Handoff),
        }
    }
    arcs
}

/// A `cycle` handoff with its workflows resolved.
#[derive(Debug, Clone)]
pub struct CycleLoop<'a> {
    /// Member index of the workflow that runs again.
    pub from: usize,
    /// Member index of the workflow in between.
    pub to: usize,
    pub from_workflow: &'a Workflow,
    pub to_workflow: &'a Workflow,
    /// The phase of `from` the cycle returns to.
    pub reenter: usize,
    pub max_cycles: Option<u32>,
    pub until: Option<&'a str>,
}

/// Every cycle whose workflows and `reenter` phase resolve.
pub fn cycles(program: &Program) -> Vec<CycleLoop<'_>> {
    let find = |alias: &Sp<String>| resolved_member(program, alias);
    program
        .patterns()
        .filter_map(|(_, pattern)| {
            let Pattern::Cycle {
                from,
                to,
                reenter,
                max_cycles,
                until,
            } = pattern
            else {
                return None;
            };
            let ((a, wa), (b, wb)) = (find(from)?, find(to)?);
            Some(CycleLoop {
                from: a,
                to: b,
                from_workflow: wa,
                to_workflow: wb,
                reenter: phase_index(wa, reenter.as_ref())?,
                max_cycles: max_cycles.as_ref().map(|m| m.value),
                until: until.as_ref().map(|u| u.value.as_str()),
            })
        })
        .collect()
}
