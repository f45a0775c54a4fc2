//! What a workflow's prose implies once every phase is read: where its
//! decisions in prose lead, the order of its steps, and its calendar.

use std::ops::Range;

use crate::duration::{Calendar, Unit};
use crate::format::raw::RawDecision;
use crate::model::kebab_case;
use crate::span::Sp;
use crate::window::Window;

use super::super::lines::key;
use super::super::notes;
use super::super::text::Text;
use super::{Branch, Builder, Condition, Target};

/// The bound given to a loop in prose that states none.
const ASSUMED_LOOPS: u32 = 2;

/// The number in a phase header: `**Phase 2: Foundation (Month 3-4)**` is 2.
pub(super) fn header_number(header: &str) -> Option<u32> {
    let lower = header.to_ascii_lowercase();
    let at = lower.find("phase")? + "phase".len();
    let digits: String = lower[at..]
        .trim_start()
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}

impl Builder<'_> {
    fn phase_ids(&self) -> Vec<String> {
        self.raw
            .phases
            .iter()
            .map(|p| match &p.id {
                Some(id) => id.value.clone(),
                None => kebab_case(&p.name.value),
            })
            .collect()
    }

    /// `phases 1-5`, or the phase names when the headers carry no numbers.
    fn phase_numbers(&self) -> String {
        let numbers: Vec<u32> = self.numbers.iter().flatten().copied().collect();
        match (numbers.iter().min(), numbers.iter().max()) {
            (Some(a), Some(b)) if numbers.len() == self.raw.phases.len() && a != b => {
                format!("phases {a}-{b}")
            }
            (Some(a), Some(_)) if numbers.len() == 1 => format!("phase {a}"),
            _ => {
                let names: Vec<String> = self
                    .raw
                    .phases
                    .iter()
                    .map(|p| format!("`{}`", p.name.value))
                    .collect();
                format!("phases {}", names.join(", "))
            }
        }
    }

    /// Where a branch leads: a phase id, `continue` or `end`, or why not.
    fn target_of(&self, b: &Branch, words: &str, ids: &[String]) -> Result<String, String> {
        match &b.target {
            Target::Phase(n) => self
                .numbers
                .iter()
                .position(|x| *x == Some(*n))
                .map(|i| ids[i].clone())
                .ok_or_else(|| {
                    format!(
                        "`{words}` is not a phase of this workflow ({})",
                        self.phase_numbers()
                    )
                }),
            Target::Step(n) => {
                let mut seen = 0;
                for (i, p) in self.raw.phases.iter().enumerate() {
                    seen += p.steps.len();
                    if *n as usize <= seen && *n > 0 {
                        return Ok(ids[i].clone());
                    }
                }
                Err(format!("`{words}`: the workflow has {seen} steps"))
            }
            Target::Named(w) => {
                let want = key(w);
                let found = self
                    .raw
                    .phases
                    .iter()
                    .position(|p| key(&p.name.value) == want)
                    .or_else(|| {
                        self.raw.phases.iter().position(|p| {
                            let k = key(&p.name.value);
                            !k.is_empty() && (want.contains(&k) || k.contains(&want))
                        })
                    });
                found.map(|i| ids[i].clone()).ok_or_else(|| {
                    format!(
                        "`{words}` names no phase of this workflow ({})",
                        self.phase_numbers()
                    )
                })
            }
            Target::Next => Ok("continue".into()),
            Target::End => Ok("end".into()),
            Target::Unknown => Err(format!(
                "read the condition `{}` but not where it leads",
                b.condition.cel()
            )),
        }
    }

    /// Turn each branch of a decision in prose into a decision of its phase;
    /// what cannot be followed stays in the workflow's notes, reported with
    /// what was understood. Prose never becomes an error that stops planning.
    pub(super) fn resolve_decisions(&mut self) {
        let prose = std::mem::take(&mut self.prose);
        if prose.is_empty() {
            return;
        }
        let ids = self.phase_ids();
        for d in prose {
            let name = self.raw.phases[d.phase].name.value.clone();
            for (text, branches, unread) in &d.parts {
                for b in branches {
                    self.branch(&d.range, d.phase, text, b, &ids, &name);
                }
                for r in unread {
                    let clause = &text.as_str()[r.clone()];
                    self.raw
                        .notes
                        .push(format!("Decision in phase `{name}`: {clause}"));
                    let span = self.idx.span(&text.src_range(r.clone()));
                    self.notes.push(
                        notes::DECISION
                            .at(span, format!("`{clause}` is not a branch; kept in the notes"))
                            .help("write each branch as `If X, loop back to Phase N (at most K times)` or `Otherwise, ...`"),
                    );
                }
            }
        }
    }

    fn branch(
        &mut self,
        range: &Range<usize>,
        phase: usize,
        text: &Text,
        b: &Branch,
        ids: &[String],
        name: &str,
    ) {
        let s = text.as_str();
        let clause = s[b.range.clone()].to_string();
        let words = &s[b.target_range.clone()];
        let at = |r: &Range<usize>| self.idx.span(&text.src_range(r.clone()));
        match self.target_of(b, words, ids) {
            Ok(goto) => {
                let target = ids.iter().position(|i| *i == goto);
                let loops = target.is_some_and(|t| t <= phase);
                let max_loops = match (loops, b.bound) {
                    (false, _) => None,
                    (true, Some(n)) => Some(Sp::new(n, at(&b.target_range))),
                    (true, None) => {
                        self.notes.push(
                            notes::ASSUMED
                                .at(
                                    at(&b.range),
                                    format!(
                                        "the loop back to `{goto}` states no bound; assumed at most {ASSUMED_LOOPS} times"
                                    ),
                                )
                                .help("say how often it may be taken: `(at most 2 times)`"),
                        );
                        Some(Sp::new(ASSUMED_LOOPS, at(&b.range)))
                    }
                };
                let condition = Sp::new(b.condition.cel().to_string(), at(&b.range));
                let decision = RawDecision {
                    text: Some(clause),
                    condition: Some(condition),
                    goto: Some(Sp::new(goto, at(&b.target_range))),
                    max_loops,
                };
                let span = self.idx.span(range);
                self.raw.phases[phase]
                    .value
                    .decisions
                    .push(Sp::new(decision, span));
            }
            Err(why) => {
                self.raw
                    .notes
                    .push(format!("Decision in phase `{name}`: {clause}"));
                let understood = match &b.condition {
                    Condition::When { cel, .. } => format!("the condition reads as `{cel}`"),
                    Condition::Otherwise { cel } => format!("it holds when `{cel}`"),
                };
                self.notes.push(
                    notes::DECISION
                        .at(at(&b.target_range), format!("{why}; kept in the notes"))
                        .label("no such target")
                        .help(format!(
                            "{understood}; say where it leads: `loop back to Phase N`, `proceed to Phase N`, `continue` or `stop`"
                        )),
                );
            }
        }
    }

    /// Steps of a phase run in the order written unless a step names its
    /// inputs or `after`, or a `**Parallel:**` line groups them: the output
    /// of step N feeds step N+1 (the source document's principle 2).
    pub(super) fn order_steps(&mut self) {
        let parallel = std::mem::take(&mut self.parallel);
        let ids = self.phase_ids();
        let mut ordered = Vec::new();
        for (i, phase_id) in ids.iter().enumerate() {
            let marks: Vec<&(usize, Text, Range<usize>)> =
                parallel.iter().filter(|(p, ..)| *p == i).collect();
            let steps = self.raw.phases[i].steps.clone();
            let stated = steps
                .iter()
                .any(|s| !s.inputs.is_empty() || !s.after.is_empty());
            if stated || steps.len() < 2 {
                for (_, _, r) in marks {
                    let what = if stated {
                        "a `Parallel:` line in a phase whose steps name their inputs or `after` (those decide the order)"
                    } else {
                        "a `Parallel:` line in a phase with fewer than two steps"
                    };
                    self.unmapped(r, what);
                }
                continue;
            }
            let personas: Vec<String> = steps.iter().map(|s| s.persona.value.clone()).collect();
            let mut group = vec![None; steps.len()];
            for (g, (_, text, r)) in marks.iter().enumerate() {
                match parallel_steps(text.as_str(), &personas) {
                    Some(members) => {
                        for k in members {
                            group[k] = Some(g);
                        }
                    }
                    None => self.unreadable(
                        r,
                        format!("`{}` names no steps of the phase", text.as_str().trim()),
                        "write `**Parallel:** steps 2 and 3` (numbers as listed), or `all`",
                    ),
                }
            }
            let step_ids: Vec<String> = steps
                .iter()
                .enumerate()
                .map(|(n, s)| match &s.id {
                    Some(id) => id.value.clone(),
                    None => format!("{phase_id}-{}", n + 1),
                })
                .collect();
            let after = chain_with_groups(&step_ids, &group);
            let phase = &mut self.raw.phases[i].value;
            for (s, waits) in phase.steps.iter_mut().zip(after) {
                let span = s.span;
                s.value.after = waits.into_iter().map(|w| Sp::new(w, span)).collect();
            }
            if group.iter().any(Option::is_none) {
                ordered.push(self.raw.phases[i].span);
            }
        }
        if let Some(first) = ordered.first() {
            self.notes.push(
                notes::ASSUMED
                    .at(
                        *first,
                        format!(
                            "{} ({} {}): each step's output feeds the next",
                            notes::IN_ORDER,
                            ordered.len(),
                            if ordered.len() == 1 { "phase" } else { "phases" }
                        ),
                    )
                    .help("mark steps that can run together with `**Parallel:** steps 2 and 3`, or give steps their `Inputs:`"),
            );
        }
    }

    /// Windows in minutes or hours put a workflow on the continuous calendar
    /// (24 hours a day, every day) unless the document names one.
    pub(super) fn calendar_from_units(&mut self) {
        if self.raw.calendar.is_some() {
            return;
        }
        // Each window with the unit it counts in.
        let windows: Vec<(Sp<String>, Unit)> = self
            .raw
            .phases
            .iter()
            .filter_map(|p| {
                let w = p.window.as_ref()?;
                let unit = Window::parse(&w.value, Calendar::Business).ok()?.unit?;
                Some((w.clone(), unit))
            })
            .collect();
        let is_short = |u: &Unit| matches!(u, Unit::Minute | Unit::Hour);
        let Some((w, unit)) = windows.iter().find(|(_, u)| is_short(u)).cloned() else {
            return;
        };
        let mixed = windows.iter().any(|(_, u)| !is_short(u));
        let also = if mixed {
            "; its windows in days and weeks are counted on the same calendar"
        } else {
            ""
        };
        self.notes.push(
            notes::ASSUMED
                .at(
                    w.span,
                    format!(
                        "`{}` counts {}s: the workflow runs on the continuous calendar (24 hours a day, every day){also}",
                        w.value,
                        unit.name()
                    ),
                )
                .help("write `**Calendar:** business` to count working hours and days instead"),
        );
        self.raw.calendar = Some(Sp::new(Calendar::Continuous, w.span));
    }
}

/// The steps (indices) a `**Parallel:**` line names: numbers as listed
/// (`steps 2 and 3`, `2-4`), `all`, or the steps' personas by name.
fn parallel_steps(text: &str, personas: &[String]) -> Option<Vec<usize>> {
    let lower = text.to_ascii_lowercase();
    let n = personas.len();
    if lower
        .split(|c: char| !c.is_ascii_alphanumeric())
        .any(|w| w == "all")
    {
        return Some((0..n).collect());
    }
    let mut out = Vec::new();
    let normal = lower.replace(['–', '—'], "-").replace(" to ", "-");
    for token in normal.split(|c: char| !(c.is_ascii_digit() || c == '-')) {
        let mut ends = token.split('-').filter(|t| !t.is_empty());
        let Some(a) = ends.next().and_then(|a| a.parse::<usize>().ok()) else {
            continue;
        };
        let b = ends
            .next()
            .and_then(|b| b.parse::<usize>().ok())
            .unwrap_or(a);
        for k in a..=b.min(a + n) {
            if (1..=n).contains(&k) && !out.contains(&(k - 1)) {
                out.push(k - 1);
            }
        }
    }
    if out.is_empty() {
        out = personas
            .iter()
            .enumerate()
            .filter(|(_, p)| !p.is_empty() && lower.contains(&p.to_ascii_lowercase()))
            .map(|(k, _)| k)
            .collect();
    }
    (out.len() >= 2).then_some(out)
}

/// What each step waits for: the step before it, except that the steps of a
/// group run side by side after what came before the group, and the step
/// after a group waits for all of it.
fn chain_with_groups(ids: &[String], group: &[Option<usize>]) -> Vec<Vec<String>> {
    let mut out = Vec::with_capacity(ids.len());
    let mut prev: Vec<String> = Vec::new();
    let mut current: Option<usize> = None;
    let mut base: Vec<String> = Vec::new();
    let mut frontier: Vec<String> = Vec::new();
    for (id, g) in ids.iter().zip(group) {
        match (*g, current) {
            (Some(g), Some(c)) if g == c => {
                out.push(base.clone());
                frontier.push(id.clone());
            }
            (Some(g), _) => {
                if current.is_some() {
                    prev = std::mem::take(&mut frontier);
                }
                base = prev.clone();
                out.push(base.clone());
                frontier = vec![id.clone()];
                current = Some(g);
            }
            (None, _) => {
                if current.take().is_some() {
                    prev = std::mem::take(&mut frontier);
                }
                out.push(prev.clone());
                prev = vec![id.clone()];
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(n: usize) -> Vec<String> {
        (1..=n).map(|k| format!("s{k}")).collect()
    }

    #[test]
    fn steps_follow_each_other_and_groups_run_side_by_side() {
        let after = chain_with_groups(&ids(4), &[None, Some(0), Some(0), None]);
        assert_eq!(
            after,
            vec![
                vec![],
                vec!["s1".to_string()],
                vec!["s1".to_string()],
                vec!["s2".to_string(), "s3".to_string()],
            ]
        );
        let after = chain_with_groups(&ids(3), &[None, None, None]);
        assert_eq!(after[2], vec!["s2".to_string()]);
    }

    #[test]
    fn parallel_lines_by_number_range_all_and_persona() {
        let p: Vec<String> = ["SRE", "FinOps Optimizer", "Security Sentinel", "QA"]
            .map(String::from)
            .to_vec();
        assert_eq!(parallel_steps("steps 2 and 3", &p), Some(vec![1, 2]));
        assert_eq!(parallel_steps("Steps 2–4", &p), Some(vec![1, 2, 3]));
        assert_eq!(parallel_steps("all", &p), Some(vec![0, 1, 2, 3]));
        assert_eq!(
            parallel_steps("SRE and Security Sentinel together", &p),
            Some(vec![0, 2])
        );
        assert_eq!(parallel_steps("step 9", &p), None);
    }

    #[test]
    fn header_numbers() {
        assert_eq!(header_number("**Phase 12: Scale (Month 5)**"), Some(12));
        assert_eq!(header_number("Phase N: Name"), None);
    }
}
