//! Workflow names written in words ("Feature Development", "GDPR Compliance
//! workflow") matched to real workflows: the document's own and the
//! library's. A name matches when most of its words are in a workflow's name
//! or id; between equally good names, the words around it (durations,
//! personas, deliverables) decide through the retrieval index, and the
//! choice is reported so a person can check it.

use std::collections::BTreeSet;

use crate::diagnostic::Diagnostic;
use crate::model::Workflow;
use crate::text::index::{Index, Query, workflow_text};
use crate::text::normalise;
use crate::text::words::analyse;

use super::notes;
use super::program::ImportedProgram;

/// A workflow a program may name, and how the written program refers to it
/// (a built-in id, or the file the import writes).
#[derive(Debug, Clone)]
pub struct Candidate<'a> {
    pub reference: String,
    pub workflow: &'a Workflow,
}

/// Share of a name's words a candidate must contain to be taken.
const MIN_COVER: f64 = 0.5;

/// Resolve every program of a document. A name written in several programs
/// is matched once, with the words around all its mentions and the programs'
/// scenarios, so "Feature Development" is the same workflow everywhere.
pub fn resolve_all(
    programs: &mut [ImportedProgram],
    candidates: &[Candidate<'_>],
) -> Vec<Vec<Diagnostic>> {
    let mut around: std::collections::HashMap<String, String> = Default::default();
    for p in programs.iter() {
        let scenario = p.raw.description.as_deref().unwrap_or_default();
        for (m, context) in p.raw.workflows.iter().zip(&p.context) {
            let all = around
                .entry(normalise(&m.value.workflow.value))
                .or_default();
            all.push_str(&format!(" {context} {scenario}"));
        }
    }
    let (names, index) = prepare(candidates);
    programs
        .iter_mut()
        .map(|p| {
            p.context = p
                .raw
                .workflows
                .iter()
                .map(|m| around[&normalise(&m.value.workflow.value)].clone())
                .collect();
            resolve(p, candidates, &names, &index)
        })
        .collect()
}

/// Each candidate's name words, and the retrieval index over their texts:
/// built once for all the programs of a document.
fn prepare(candidates: &[Candidate<'_>]) -> (Vec<BTreeSet<String>>, Index) {
    let names = candidates
        .iter()
        .map(|c| {
            stems(&format!(
                "{} {}",
                c.workflow.name.value,
                c.workflow.id.replace('-', " ")
            ))
        })
        .collect();
    let index = Index::new(
        &candidates
            .iter()
            .map(|c| workflow_text(c.workflow))
            .collect::<Vec<_>>(),
    );
    (names, index)
}

/// Point every member of `program` at a candidate, and its phase names at
/// phase ids. Returns what could not be matched, or was matched among close
/// names (to check by hand).
fn resolve(
    program: &mut ImportedProgram,
    candidates: &[Candidate<'_>],
    names: &[BTreeSet<String>],
    index: &Index,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut chosen: Vec<Option<usize>> = Vec::new();
    for (i, member) in program.raw.workflows.iter_mut().enumerate() {
        let written = member.value.workflow.value.clone();
        let span = member.value.workflow.span;
        let context = program.context.get(i).map_or("", String::as_str);
        match best(&written, context, candidates, names, index) {
            Match::One(c) => {
                member.value.workflow.value = candidates[c].reference.clone();
                chosen.push(Some(c));
            }
            Match::Among(c, others) => {
                member.value.workflow.value = candidates[c].reference.clone();
                chosen.push(Some(c));
                let others: Vec<String> = others
                    .iter()
                    .map(|&o| format!("`{}`", candidates[o].workflow.id))
                    .collect();
                out.push(
                    notes::UNRESOLVED
                        .at(
                            span,
                            format!(
                                "`{written}` taken as `{}` (as close by name: {})",
                                candidates[c].workflow.id,
                                others.join(", ")
                            ),
                        )
                        .label("matched by the words around it")
                        .help("check the `workflow:` of this member in the written program"),
                );
            }
            Match::None(nearest) => {
                member.value.workflow.value = crate::model::kebab_case(&written);
                chosen.push(None);
                let mut d = notes::UNRESOLVED
                    .at(
                        span,
                        format!(
                            "no workflow in the document or the library is named like `{written}`"
                        ),
                    )
                    .label("kept as written");
                if let Some(n) = nearest {
                    d = d.help(format!(
                        "the nearest is `{}`; or import or write the workflow and name its file",
                        candidates[n].workflow.id
                    ));
                }
                out.push(d);
            }
        }
    }
    let aliases: Vec<(String, Option<usize>)> = program
        .raw
        .workflows
        .iter()
        .zip(&chosen)
        .map(|(m, c)| {
            (
                m.value
                    .id
                    .as_ref()
                    .map(|s| s.value.clone())
                    .unwrap_or_default(),
                *c,
            )
        })
        .collect();
    let workflow_of = |alias: &str| {
        aliases
            .iter()
            .find(|(a, _)| a == alias)
            .and_then(|(_, c)| c.map(|c| candidates[c].workflow))
    };
    for h in &mut program.raw.handoffs {
        let Some(e) = &mut h.value.escalate else {
            continue;
        };
        let Some(wf) = workflow_of(&e.value.from.value) else {
            continue;
        };
        let written = e.value.pause_at.value.clone();
        match phase_id(wf, &written) {
            Some(id) => {
                e.value.pause_at.value = id.clone();
                if let Some(p) = e.value.when.value.phase.as_mut() {
                    p.value = id;
                }
            }
            None => out.push(
                notes::UNRESOLVED
                    .at(
                        e.value.pause_at.span,
                        format!("`{}` has no phase named like `{written}`", wf.id),
                    )
                    .help(format!(
                        "its phases: {}",
                        wf.phases
                            .iter()
                            .map(|p| p.id.value.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    )),
            ),
        }
    }
    out
}

enum Match {
    One(usize),
    /// The best, and the others that named as well.
    Among(usize, Vec<usize>),
    /// Nothing close enough; the nearest, if any word matched.
    None(Option<usize>),
}

fn best(
    written: &str,
    context: &str,
    candidates: &[Candidate<'_>],
    names: &[BTreeSet<String>],
    index: &Index,
) -> Match {
    let key = normalise(written);
    if let Some(i) = candidates
        .iter()
        .position(|c| normalise(&c.workflow.name.value) == key || normalise(&c.workflow.id) == key)
    {
        return Match::One(i);
    }
    let words = stems(written);
    if words.is_empty() {
        return Match::None(None);
    }
    let cover: Vec<f64> = names
        .iter()
        .map(|n| words.intersection(n).count() as f64 / words.len() as f64)
        .collect();
    let top = cover.iter().cloned().fold(0.0, f64::max);
    let tied: Vec<usize> = (0..candidates.len())
        .filter(|&i| cover[i] == top && top > 0.0)
        .collect();
    if top < MIN_COVER {
        return Match::None(tied.first().copied());
    }
    // The same workflow may be a candidate twice (the document's copy of a
    // built-in): those are one choice, the first listed.
    let mut distinct: Vec<usize> = Vec::new();
    for &i in &tied {
        if !distinct
            .iter()
            .any(|&d| candidates[d].workflow.id == candidates[i].workflow.id)
        {
            distinct.push(i);
        }
    }
    if let [only] = distinct[..] {
        return Match::One(only);
    }
    // Which of the name's words the text around it stresses: "Feature
    // Development ... Feature in production ... feature team" is about a feature.
    let around: Vec<String> = analyse(context).into_iter().map(|t| t.stem).collect();
    let stressed = |i: usize| {
        around
            .iter()
            .filter(|s| words.contains(*s) && names[i].contains(*s))
            .count()
    };
    let query = Query::new(&format!("{written} {context}"));
    let score = |i: usize| index.score(i, &query).score;
    let winner = distinct
        .iter()
        .copied()
        .max_by(|&a, &b| {
            stressed(a)
                .cmp(&stressed(b))
                .then_with(|| score(a).total_cmp(&score(b)))
                // Fewer extra words in the name: "Launch Infrastructure" over
                // "Infrastructure as Code Rollout" for "Infrastructure".
                .then_with(|| names[b].len().cmp(&names[a].len()))
                .then_with(|| b.cmp(&a))
        })
        .unwrap_or(distinct[0]);
    Match::Among(
        winner,
        distinct.into_iter().filter(|&i| i != winner).collect(),
    )
}

fn stems(text: &str) -> BTreeSet<String> {
    analyse(text).into_iter().map(|t| t.stem).collect()
}

/// The id of the phase of `wf` whose name is (or contains) `written`.
fn phase_id(wf: &Workflow, written: &str) -> Option<String> {
    let key = normalise(written);
    if key.is_empty() {
        return None;
    }
    wf.phases
        .iter()
        .find(|p| normalise(&p.name.value) == key || normalise(&p.id.value) == key)
        .or_else(|| {
            wf.phases
                .iter()
                .find(|p| normalise(&p.name.value).contains(&key))
        })
        .map(|p| p.id.value.clone())
}
