//! Raw program -> checked program. Workflow references are resolved through
//! a [`Resolver`] (the binary reads files; the catalog resolves built-ins), so
//! this stays free of I/O. Lowering never fails: the shape problems it finds
//! (SC108, unreadable delays) are returned beside the program, and what
//! cannot be resolved is kept for the program rules.

use crate::check::program_rules::handoff_shape;
use crate::check::rules;
use crate::diagnostic::Diagnostic;
use crate::duration::Calendar;
use crate::format::program::*;
use crate::format::raw::RawEstimate;
use crate::model::program::*;
use crate::model::{Estimate, kebab_case};
use crate::span::{Sp, Span};

/// Turns a workflow reference (built-in id or path) into a workflow.
pub trait Resolver {
    fn resolve(&self, reference: &str) -> Resolution;
}

/// Whether a reference names a file rather than a built-in.
pub fn is_path(reference: &str) -> bool {
    reference.contains('/')
        || reference.contains('\\')
        || reference.ends_with(".yaml")
        || reference.ends_with(".yml")
}

/// The id a member gets when it names none: a built-in's id, a file's stem.
fn default_alias(reference: &str) -> String {
    if is_path(reference) {
        let name = reference.rsplit(['/', '\\']).next().unwrap_or(reference);
        let stem = name
            .strip_suffix(".yaml")
            .or_else(|| name.strip_suffix(".yml"))
            .unwrap_or(name);
        kebab_case(stem)
    } else {
        reference.to_string()
    }
}

pub fn lower(raw: &RawProgram, resolver: &dyn Resolver) -> (Program, Vec<Diagnostic>) {
    let mut out = Vec::new();
    let mut members: Vec<Member> = Vec::with_capacity(raw.workflows.len());
    for m in &raw.workflows {
        let alias =
            m.id.clone()
                .unwrap_or_else(|| Sp::new(default_alias(&m.workflow), m.workflow.span));
        if members.iter().any(|o| o.alias.value == alias.value) {
            out.push(
                handoff_shape::RULE
                    .at(
                        alias.span,
                        format!("two workflows have the id `{}`", alias.value),
                    )
                    .label("duplicate id")
                    .help("give one of them another `id:`; handoffs name workflows by id"),
            );
        }
        members.push(Member {
            resolution: resolver.resolve(&m.workflow),
            reference: m.workflow.clone(),
            delivers: m.delivers.iter().map(contract).collect(),
            span: m.span,
            alias,
        });
    }
    let handoffs = raw
        .handoffs
        .iter()
        .map(|h| lower_handoff(h, &mut out))
        .collect();
    let program = Program {
        id: raw
            .id
            .as_ref()
            .map(|i| i.value.clone())
            .unwrap_or_else(|| kebab_case(&raw.name)),
        name: raw.name.clone(),
        version: raw.version.as_ref().map(|v| v.value).unwrap_or(1),
        description: raw.description.clone(),
        trigger: raw.trigger.clone(),
        members,
        handoffs,
        notes: raw.notes.clone(),
    };
    (program, out)
}

fn contract(c: &Sp<RawContract>) -> Contract {
    Contract {
        artifact: c.artifact.clone(),
        version: Sp::new(Version(c.version.value.0.clone()), c.version.span),
        span: c.span,
    }
}

fn lower_handoff(h: &Sp<RawHandoff>, out: &mut Vec<Diagnostic>) -> Handoff {
    let named: Vec<(&str, Span)> = [
        h.sequence.as_ref().map(|s| ("sequence", s.span)),
        h.converge.as_ref().map(|s| ("converge", s.span)),
        h.cycle.as_ref().map(|s| ("cycle", s.span)),
        h.escalate.as_ref().map(|s| ("escalate", s.span)),
        h.depend.as_ref().map(|s| ("depend", s.span)),
    ]
    .into_iter()
    .flatten()
    .collect();
    let pattern_span = named.first().map(|n| n.1).unwrap_or(h.span);
    let pattern = match named.as_slice() {
        [_] => pattern(h, out),
        [] => {
            out.push(
                handoff_shape::RULE
                    .at(h.span, "a handoff without a pattern")
                    .label("which pattern?")
                    .help("start the handoff with one of `sequence:`, `converge:`, `cycle:`, `escalate:`, `depend:`"),
            );
            None
        }
        [_, second, ..] => {
            let names: Vec<&str> = named.iter().map(|n| n.0).collect();
            out.push(
                handoff_shape::RULE
                    .at(second.1, format!("one handoff with several patterns: {}", names.join(", ")))
                    .label("second pattern")
                    .help("split it into one handoff per pattern (each list item under `handoffs:` is one)"),
            );
            None
        }
    };
    Handoff {
        pattern,
        gate: h.gate.as_ref().map(|g| Gate {
            text: g.text.clone(),
            requires: g.requires.clone(),
            span: g.span,
        }),
        contracts: h.contracts.iter().map(contract).collect(),
        rollback: h.rollback.clone(),
        span: h.span,
        pattern_span,
    }
}

fn pattern(h: &RawHandoff, out: &mut Vec<Diagnostic>) -> Option<Pattern> {
    if let Some(s) = &h.sequence {
        return Some(Pattern::Sequence {
            from: s.from.clone(),
            to: s.to.clone(),
            when: s.when.as_ref().and_then(|w| point(w, out)),
        });
    }
    if let Some(c) = &h.converge {
        let from = c
            .from
            .iter()
            .map(|s| match &s.value {
                RawSource::Id(id) => Source {
                    alias: Sp::new(id.clone(), s.span),
                    when: None,
                },
                RawSource::At { workflow, when } => Source {
                    alias: workflow.clone(),
                    when: when.as_ref().and_then(|w| point(w, out)),
                },
            })
            .collect();
        return Some(Pattern::Converge {
            from,
            into: c.into.clone(),
            phase: c.phase.clone(),
        });
    }
    if let Some(c) = &h.cycle {
        return Some(Pattern::Cycle {
            from: c.from.clone(),
            to: c.to.clone(),
            reenter: c.reenter.clone(),
            max_cycles: c.max_cycles.clone(),
            until: c.until.clone(),
        });
    }
    if let Some(e) = &h.escalate {
        return Some(Pattern::Escalate {
            from: e.from.clone(),
            to: e.to.clone(),
            when: point(&e.when, out),
            pause_at: e.pause_at.clone(),
            resume_after: e.resume_after.clone(),
            delay: e.delay.as_ref().and_then(|d| delay(d, out)),
        });
    }
    h.depend.as_ref().map(|d| Pattern::Depend {
        from: d.from.clone(),
        to: d.to.clone(),
        when: d.when.as_ref().and_then(|w| point(w, out)),
        blocks: d.blocks.clone(),
        workaround: d.workaround.clone(),
        cutover: d.cutover.clone(),
    })
}

fn point(p: &Sp<RawPoint>, out: &mut Vec<Diagnostic>) -> Option<Point> {
    match (&p.phase, &p.artifact) {
        (Some(phase), None) => Some(Point::Phase(phase.clone())),
        (None, Some(artifact)) => Some(Point::Artifact(artifact.clone())),
        (both, _) => {
            let message = if both.is_some() {
                "a point names both a phase and an artifact"
            } else {
                "a point names neither a phase nor an artifact"
            };
            out.push(
                handoff_shape::RULE
                    .at(p.span, message)
                    .help("write `{phase: <phase id>}` or `{artifact: <artifact>}`"),
            );
            None
        }
    }
}

fn delay(d: &Sp<RawEstimate>, out: &mut Vec<Diagnostic>) -> Option<Sp<Estimate>> {
    let cal = Calendar::Business;
    let parsed = match &d.value {
        RawEstimate::Text(t) => Estimate::parse(t, cal),
        RawEstimate::ThreePoint {
            optimistic,
            likely,
            pessimistic,
        } => Estimate::three(optimistic, likely, pessimistic, cal),
    };
    match parsed {
        Ok(e) => Some(Sp::new(e, d.span)),
        Err(e) => {
            out.push(
                rules::invalid_time::RULE
                    .at(d.span, format!("cannot read the escalation delay: {e}"))
                    .label("unreadable time")
                    .help("one duration (`2w`) or three (`0d / 1w / 4w`)"),
            );
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_aliases() {
        assert_eq!(default_alias("new-product-feature"), "new-product-feature");
        assert_eq!(default_alias("flows/Backend API.yaml"), "backend-api");
        assert_eq!(default_alias("./x.yml"), "x");
        assert!(is_path("a/b") && is_path("b.yaml") && !is_path("gdpr"));
    }
}
