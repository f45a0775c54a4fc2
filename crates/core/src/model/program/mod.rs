//! The checked program: workflows resolved, handoffs typed. Produced only by
//! `compose::lower`; what could not be resolved is kept (as
//! [`Resolution::Missing`] or an absent phase) for the program rules to report.

use std::fmt;

use serde::Serialize;

pub mod arcs;

use crate::model::{CheckedWorkflow, Estimate, Workflow};
use crate::span::{Sp, Span};

#[derive(Debug, Clone)]
pub struct Program {
    pub id: String,
    pub name: Sp<String>,
    pub version: u32,
    pub description: Option<String>,
    pub trigger: Option<String>,
    pub members: Vec<Member>,
    pub handoffs: Vec<Handoff>,
    pub notes: Vec<String>,
}

/// A workflow taking part in a program.
#[derive(Debug, Clone)]
pub struct Member {
    /// The id handoffs use.
    pub alias: Sp<String>,
    /// The reference as written (built-in id or relative path).
    pub reference: Sp<String>,
    pub resolution: Resolution,
    pub delivers: Vec<Contract>,
    pub span: Span,
}

/// What a workflow reference turned into.
#[derive(Debug, Clone)]
pub enum Resolution {
    /// A workflow without errors, with its checked facts.
    Found {
        workflow: Box<CheckedWorkflow>,
        origin: Origin,
    },
    /// The source was read but has errors (`workflow` when it could be lowered).
    Broken {
        workflow: Option<Box<Workflow>>,
        origin: Origin,
        errors: usize,
        first: String,
    },
    /// No built-in and no readable file by that name; `reason` is the
    /// sentence the diagnostic shows.
    Missing { reason: String },
}

impl Resolution {
    /// A workflow the check rules passed (a built-in, or a document's
    /// workflow), found once its facts resolve; broken on one that does not.
    pub fn passed(workflow: Workflow, origin: Origin) -> Resolution {
        match CheckedWorkflow::resolve(workflow) {
            Ok(checked) => Resolution::Found {
                workflow: Box::new(checked),
                origin,
            },
            Err(back) => {
                let (e, workflow) = *back;
                Resolution::Broken {
                    workflow: Some(Box::new(workflow)),
                    origin,
                    errors: 1,
                    first: format!("{} {}", e.code, e.message),
                }
            }
        }
    }
}

/// Where a member workflow came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "name", rename_all = "kebab-case")]
pub enum Origin {
    /// A built-in, by id.
    Builtin(String),
    /// A file, by its path as the resolver shows it.
    File(String),
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::Builtin(id) => write!(f, "<built-in>/{id}.yaml"),
            Origin::File(p) => f.write_str(p),
        }
    }
}

impl Member {
    /// The workflow, when it could be read at all.
    pub fn workflow(&self) -> Option<&Workflow> {
        match &self.resolution {
            Resolution::Found { workflow, .. } => Some(workflow.workflow()),
            Resolution::Broken { workflow, .. } => workflow.as_deref(),
            Resolution::Missing { .. } => None,
        }
    }

    /// The checked workflow of a member that resolved without errors.
    pub fn checked(&self) -> Option<&CheckedWorkflow> {
        match &self.resolution {
            Resolution::Found { workflow, .. } => Some(workflow),
            _ => None,
        }
    }

    pub fn origin(&self) -> Option<&Origin> {
        match &self.resolution {
            Resolution::Found { origin, .. } | Resolution::Broken { origin, .. } => Some(origin),
            Resolution::Missing { .. } => None,
        }
    }
}

/// A contract: an artifact at a version.
#[derive(Debug, Clone, PartialEq)]
pub struct Contract {
    pub artifact: Sp<String>,
    pub version: Sp<Version>,
    pub span: Span,
}

/// A contract version as written; compared without a leading `v` and
/// trailing `.0` parts, so `2`, `v2` and `2.0` are the same version.
#[derive(Debug, Clone, Eq)]
pub struct Version(pub String);

impl Version {
    fn key(&self) -> String {
        let t = self.0.trim();
        let t = t.strip_prefix(['v', 'V']).unwrap_or(t);
        let mut parts: Vec<&str> = t.split('.').collect();
        while parts.len() > 1 && parts.last().is_some_and(|p| p.chars().all(|c| c == '0')) {
            parts.pop();
        }
        parts.join(".")
    }
}

impl PartialEq for Version {
    fn eq(&self, other: &Version) -> bool {
        self.key() == other.key()
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "v{}", self.key())
    }
}

impl fmt::Display for Contract {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.artifact.value, self.version.value)
    }
}

/// A point in a workflow.
#[derive(Debug, Clone, PartialEq)]
pub enum Point {
    /// When the phase's steps are done (before its checkpoint).
    Phase(Sp<String>),
    /// When the step producing the artifact is done (or the phase whose
    /// deliverable it is).
    Artifact(Sp<String>),
}

impl fmt::Display for Point {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Point::Phase(p) => write!(f, "phase {}", p.value),
            Point::Artifact(a) => write!(f, "artifact {}", a.value),
        }
    }
}

/// A converging workflow and where it converges.
#[derive(Debug, Clone)]
pub struct Source {
    pub alias: Sp<String>,
    pub when: Option<Point>,
}

/// The five section-14 patterns.
#[derive(Debug, Clone)]
pub enum Pattern {
    Sequence {
        from: Sp<String>,
        to: Sp<String>,
        when: Option<Point>,
    },
    Converge {
        from: Vec<Source>,
        into: Sp<String>,
        phase: Option<Sp<String>>,
    },
    Cycle {
        from: Sp<String>,
        to: Sp<String>,
        reenter: Option<Sp<String>>,
        max_cycles: Option<Sp<u32>>,
        until: Option<Sp<String>>,
    },
    Escalate {
        from: Sp<String>,
        to: Sp<String>,
        when: Option<Point>,
        pause_at: Sp<String>,
        resume_after: Option<Sp<String>>,
        /// Extra uncertain wait after `to`'s gate (readable estimates only;
        /// unreadable ones are reported while reading).
        delay: Option<Sp<Estimate>>,
    },
    Depend {
        from: Sp<String>,
        to: Sp<String>,
        when: Option<Point>,
        blocks: Option<Sp<String>>,
        workaround: Option<String>,
        cutover: Option<Sp<String>>,
    },
}

impl Pattern {
    pub fn name(&self) -> &'static str {
        match self {
            Pattern::Sequence { .. } => "sequence",
            Pattern::Converge { .. } => "converge",
            Pattern::Cycle { .. } => "cycle",
            Pattern::Escalate { .. } => "escalate",
            Pattern::Depend { .. } => "depend",
        }
    }

    /// The workflows whose artifacts the handoff's gate and contracts name:
    /// the delivering side.
    pub fn upstream(&self) -> Vec<&Sp<String>> {
        match self {
            Pattern::Sequence { from, .. } | Pattern::Depend { from, .. } => vec![from],
            Pattern::Converge { from, .. } => from.iter().map(|s| &s.alias).collect(),
            Pattern::Cycle { from, to, .. } => vec![from, to],
            // The escalated-to workflow's gate releases the paused one.
            Pattern::Escalate { to, .. } => vec![to],
        }
    }

    /// The receiving side.
    pub fn downstream(&self) -> Vec<&Sp<String>> {
        match self {
            Pattern::Sequence { to, .. } | Pattern::Depend { to, .. } => vec![to],
            Pattern::Converge { into, .. } => vec![into],
            Pattern::Cycle { from, to, .. } => vec![to, from],
            Pattern::Escalate { from, .. } => vec![from],
        }
    }

    /// Every workflow id the handoff names.
    pub fn aliases(&self) -> Vec<&Sp<String>> {
        let mut all = self.upstream();
        for d in self.downstream() {
            if !all.iter().any(|a| a.value == d.value && a.span == d.span) {
                all.push(d);
            }
        }
        all
    }
}

impl Pattern {
    /// The phase of a `depend`'s receiving workflow that waits for the
    /// delivery: with a workaround, the cutover phase (the workflow starts on
    /// the workaround); otherwise the blocked phase. `None`: its start.
    pub fn waiting_phase(&self) -> Option<&Sp<String>> {
        match self {
            Pattern::Depend {
                blocks,
                workaround,
                cutover,
                ..
            } => match workaround {
                Some(_) => cutover.as_ref().or(blocks.as_ref()),
                None => blocks.as_ref(),
            },
            Pattern::Converge { phase, .. } => phase.as_ref(),
            _ => None,
        }
    }
}

impl Pattern {
    /// The handoff in one sentence, for people.
    pub fn describe(&self) -> String {
        let at = |who: &Sp<String>, when: &Option<Point>| match when {
            Some(p) => format!("{} (at {p})", who.value),
            None => who.value.clone(),
        };
        match self {
            Pattern::Sequence { from, to, when } => match when {
                Some(p) => format!("{} starts when {} reaches {p}", to.value, from.value),
                None => format!("{} starts when {} finishes", to.value, from.value),
            },
            Pattern::Converge { from, into, phase } => {
                let sources: Vec<String> = from.iter().map(|s| at(&s.alias, &s.when)).collect();
                let target = match phase {
                    Some(p) => format!("phase {} of {}", p.value, into.value),
                    None => into.value.clone(),
                };
                format!("{} all finish, then {target} starts", sources.join(", "))
            }
            Pattern::Cycle {
                from,
                to,
                reenter,
                max_cycles,
                until,
            } => {
                let mut s = format!("{} -> {} -> {} again", from.value, to.value, from.value);
                if let Some(r) = reenter {
                    s.push_str(&format!(" (from phase {})", r.value));
                }
                if let Some(m) = max_cycles {
                    s.push_str(&format!(", at most {} cycles", m.value));
                }
                if let Some(u) = until {
                    s.push_str(&format!(", until {}", u.value));
                }
                s
            }
            Pattern::Escalate {
                from,
                to,
                when,
                pause_at,
                resume_after,
                delay,
            } => {
                let trigger = match when {
                    Some(p) => format!("when {} reaches {p}", from.value),
                    None => format!("when {} escalates", from.value),
                };
                let gate = match resume_after {
                    Some(p) => format!("{}'s {} gate", to.value, p.value),
                    None => format!("{}'s final gate", to.value),
                };
                let mut s = format!(
                    "{trigger}, {} starts; {} pauses at the {} checkpoint until {gate} passes",
                    to.value, from.value, pause_at.value
                );
                if let Some(d) = delay {
                    s.push_str(&format!(
                        " (extra delay {})",
                        d.value.display(crate::duration::Calendar::Business)
                    ));
                }
                s
            }
            Pattern::Depend {
                from,
                to,
                when,
                workaround,
                ..
            } => {
                let waits = match self.waiting_phase() {
                    Some(p) => format!("phase {} of {}", p.value, to.value),
                    None => to.value.clone(),
                };
                let ready = match when {
                    Some(p) => format!("{} reaches {p}", from.value),
                    None => format!("{} finishes", from.value),
                };
                let mut s = format!("{waits} cannot start before {ready}");
                if let Some(w) = workaround {
                    s.push_str(&format!("; meanwhile: {w}"));
                }
                s
            }
        }
    }
}

#[derive(Debug, Clone)]
pub struct Gate {
    pub text: Option<String>,
    pub requires: Vec<Sp<String>>,
    pub span: Span,
}

/// One handoff between workflows.
#[derive(Debug, Clone)]
pub struct Handoff {
    /// `None` when the handoff names no pattern or several (SC108).
    pub pattern: Option<Pattern>,
    pub gate: Option<Gate>,
    /// Contract versions the receiving side expects.
    pub contracts: Vec<Contract>,
    pub rollback: Option<String>,
    pub span: Span,
    /// Where the pattern key is written.
    pub pattern_span: Span,
}

impl Program {
    pub fn member(&self, alias: &str) -> Option<&Member> {
        self.members.iter().find(|m| m.alias.value == alias)
    }

    /// The workflow behind an alias, when it resolved.
    pub fn workflow(&self, alias: &str) -> Option<&Workflow> {
        self.member(alias).and_then(Member::workflow)
    }

    pub fn patterns(&self) -> impl Iterator<Item = (&Handoff, &Pattern)> {
        self.handoffs
            .iter()
            .filter_map(|h| h.pattern.as_ref().map(|p| (h, p)))
    }
}

/// The phase whose end marks `point` in `wf`: the named phase, the phase of
/// the step producing the artifact (or delivering it), or the last phase
/// when there is no point (the workflow finishes).
pub fn point_phase(wf: &Workflow, point: Option<&Point>) -> Option<usize> {
    match point {
        None => wf.phases.len().checked_sub(1),
        Some(Point::Phase(p)) => wf.phases.iter().position(|ph| ph.id.value == p.value),
        Some(Point::Artifact(a)) => wf.phases.iter().position(|ph| {
            ph.steps
                .iter()
                .any(|s| s.outputs.iter().any(|o| o.value == a.value))
                || ph.deliverable.as_ref().and_then(|d| d.artifact.as_deref())
                    == Some(a.value.as_str())
        }),
    }
}

/// The index of phase `id` in `wf` (`None`: the first phase).
pub fn phase_index(wf: &Workflow, id: Option<&Sp<String>>) -> Option<usize> {
    match id {
        None => (!wf.phases.is_empty()).then_some(0),
        Some(id) => wf.phases.iter().position(|p| p.id.value == id.value),
    }
}

/// Every artifact a workflow makes: step outputs and deliverable artifacts.
pub fn produces(wf: &Workflow, artifact: &str) -> bool {
    wf.steps()
        .any(|(_, s)| s.outputs.iter().any(|o| o.value == artifact))
        || wf
            .phases
            .iter()
            .any(|p| p.deliverable.as_ref().and_then(|d| d.artifact.as_deref()) == Some(artifact))
}

#[cfg(test)]
mod tests {
    use super::Version;

    #[test]
    fn versions_compare_without_v_and_trailing_zeros() {
        let v = |s: &str| Version(s.to_string());
        assert_eq!(v("2"), v("v2"));
        assert_eq!(v("2.0"), v("V2"));
        assert_eq!(v("2.1.0"), v("2.1"));
        assert_ne!(v("2.1"), v("2"));
        assert_ne!(v("1"), v("10"));
        assert_eq!(v("2.0").to_string(), "v2");
    }
}
