//! Decision points written in prose, the way playbooks write them:
//!
//! - "If the mock audit finds critical gaps, loop back to Phase 2 (at most 2
//!   times). If only minor findings remain, start the observation window in
//!   Phase 4."
//! - "If compliance audit fails, loop back to Step 3. If passes, proceed to
//!   Step 5." (the source document's principle 5)
//! - "If X, then Y; if not, Z" (its design template), "Otherwise ...".
//!
//! Each clause that starts with a condition becomes a [`Branch`]: the
//! condition in words and as a CEL expression over the run's metrics, where it
//! leads, and how often it may be taken. Only the words are read here; the
//! builder resolves targets against the workflow's phases.

use std::ops::Range;

/// One branch of a decision in prose.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Branch {
    pub condition: Condition,
    pub target: Target,
    /// "(at most 2 times)", "up to three times".
    pub bound: Option<u32>,
    /// The clause, as a byte range of the text it was read from.
    pub range: Range<usize>,
    /// The words that name the target ("Phase 2"), or the action when no
    /// target was found in it.
    pub target_range: Range<usize>,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Condition {
    /// "If the mock audit finds critical gaps": the words and the CEL the run
    /// evaluates (`mock_audit_finds_critical_gaps`, `error_rate > 1`).
    When { words: String, cel: String },
    /// "if not", "otherwise", or the opposite of the branch before ("If
    /// passes" after "If the audit fails"): none of the earlier branches hold.
    Otherwise { cel: String },
}

impl Condition {
    pub fn cel(&self) -> &str {
        match self {
            Condition::When { cel, .. } | Condition::Otherwise { cel } => cel,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Target {
    /// "Phase 2": the phase numbered 2 in its header.
    Phase(u32),
    /// "Step 3": the phase that holds the workflow's third step.
    Step(u32),
    /// "loop back to remediation": a phase named in words.
    Named(String),
    /// "proceed", "continue", "move on": the next phase.
    Next,
    /// "stop", "end the workflow", "abort".
    End,
    /// Nothing the importer can follow.
    Unknown,
}

/// The branches of a decision written in prose, and the clauses that read
/// as no branch (kept as text by the caller). `before` holds the branches of
/// the same decision read earlier (an "Otherwise" item after an "If" item).
pub(crate) fn read(text: &str, before: &[Branch]) -> (Vec<Branch>, Vec<Range<usize>>) {
    let mut all: Vec<Branch> = before.to_vec();
    let mut unread = Vec::new();
    for clause in clauses(text) {
        match branch(text, clause.clone(), &all) {
            Some(b) => all.push(b),
            None => unread.push(clause),
        }
    }
    (all.split_off(before.len()), unread)
}

/// Whether a line goes on with a decision begun before it ("Otherwise, ...").
pub(crate) fn continues_decision(text: &str) -> bool {
    let t = text.trim_start().to_ascii_lowercase();
    ["otherwise", "else", "if not", "if no,"]
        .iter()
        .any(|p| t.starts_with(p))
}

/// Whether a paragraph reads as a decision (it starts with a condition).
pub(crate) fn starts_as_decision(text: &str) -> bool {
    let t = text
        .trim_start()
        .trim_start_matches('[')
        .to_ascii_lowercase();
    ["if ", "when ", "should "].iter().any(|p| t.starts_with(p))
}

/// Clauses: sentences, and the parts of a sentence split by `;` or by ", if
/// not" / ", otherwise".
fn clauses(text: &str) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let lower = text.to_ascii_lowercase();
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        let end_of_sentence = c == b'.'
            && bytes.get(i + 1).is_none_or(|n| n.is_ascii_whitespace())
            && !abbreviation(&lower[..i]);
        let split_here = c == b';' || end_of_sentence;
        let soft = c == b','
            && [" if not", " otherwise", " else", " if no ", " if it "]
                .iter()
                .any(|w| lower[i + 1..].starts_with(w));
        if split_here || soft {
            push_trimmed(text, start..i, &mut out);
            start = i + 1;
        }
        i += 1;
    }
    push_trimmed(text, start..text.len(), &mut out);
    out
}

fn abbreviation(before: &str) -> bool {
    ["e.g", "i.e", "etc", "vs"]
        .iter()
        .any(|a| before.ends_with(a))
}

fn push_trimmed(text: &str, r: Range<usize>, out: &mut Vec<Range<usize>>) {
    let s = &text[r.clone()];
    let lead = s.len() - s.trim_start_matches([' ', '\t', '\n', '[']).len();
    let kept = s.trim_end_matches([' ', '\t', '\n', ']', '.']).len();
    if kept > lead {
        out.push(r.start + lead..r.start + kept);
    }
}

/// Verbs that start the action of a branch, after the condition.
const ACTIONS: &[&str] = &[
    "then ",
    "loop back",
    "loop ",
    "go back",
    "go to",
    "return",
    "repeat",
    "restart",
    "redo",
    "revisit",
    "proceed",
    "continue",
    "move on",
    "move to",
    "advance",
    "start",
    "begin",
    "skip",
    "jump",
    "stop",
    "end ",
    "abort",
    "halt",
    "finish",
    "escalate",
    "back to",
];

fn branch(text: &str, r: Range<usize>, before: &[Branch]) -> Option<Branch> {
    let clause = &text[r.clone()];
    let lower = clause.to_ascii_lowercase();
    // "Otherwise, Z", "Else Z", "If not, Z".
    for lead in [
        "otherwise",
        "else",
        "if not",
        "if no,",
        "if it does not",
        "if it doesn't",
    ] {
        if lower.starts_with(lead) && !before.is_empty() {
            let action = skip_separators(clause, lead.len());
            return Some(finish(
                text,
                r.clone(),
                action,
                Condition::Otherwise {
                    cel: none_of(before),
                },
            ));
        }
    }
    let lead = ["if ", "when ", "should "]
        .iter()
        .find(|p| lower.starts_with(*p))?
        .len();
    let (cond_end, action) = split_condition(&lower, lead)?;
    let words = clause[lead..cond_end]
        .trim()
        .trim_end_matches(',')
        .trim()
        .to_string();
    if words.is_empty() {
        return None;
    }
    let condition = match opposite_of_previous(&words, before) {
        Some(cel) => Condition::Otherwise { cel },
        None => {
            let subject = implied_subject(&words, before);
            let cel = cel_of(&subject)?;
            Condition::When {
                words: subject,
                cel,
            }
        }
    };
    Some(finish(text, r, action, condition))
}

/// Where the condition ends and the action starts: the first `,` or ` then `
/// followed by an action verb; else the first comma.
fn split_condition(lower: &str, lead: usize) -> Option<(usize, usize)> {
    let mut first_comma = None;
    for (i, c) in lower.char_indices().skip_while(|(i, _)| *i < lead) {
        if c == ',' {
            first_comma.get_or_insert(i);
            let rest = lower[i + 1..].trim_start();
            if ACTIONS.iter().any(|a| rest.starts_with(a)) {
                let at = lower.len() - rest.len();
                return Some((i, at));
            }
        }
        if lower[i..].starts_with(" then ") {
            return Some((i, i + " then ".len()));
        }
    }
    let c = first_comma?;
    Some((c, c + 1))
}

fn skip_separators(clause: &str, from: usize) -> usize {
    let rest = &clause[from..];
    from + (rest.len() - rest.trim_start_matches([',', ' ', ':', '-']).len())
}

fn finish(text: &str, clause: Range<usize>, action: usize, condition: Condition) -> Branch {
    let s = &text[clause.clone()];
    let action = s[action..]
        .strip_prefix("then ")
        .map_or(action, |_| action + "then ".len());
    let act = &s[action..];
    let (target, t) = target(act);
    let t = t.unwrap_or(0..act.len());
    Branch {
        condition,
        target,
        bound: bound(&act.to_ascii_lowercase()),
        target_range: clause.start + action + t.start..clause.start + action + t.end,
        range: clause,
    }
}

/// The target of an action and the words that name it.
fn target(action: &str) -> (Target, Option<Range<usize>>) {
    let lower = action.to_ascii_lowercase();
    for (word, make) in [
        ("phase ", Target::Phase as fn(u32) -> Target),
        ("step ", Target::Step as fn(u32) -> Target),
    ] {
        let mut from = 0;
        while let Some(i) = lower[from..].find(word).map(|i| i + from) {
            let digits: String = lower[i + word.len()..]
                .chars()
                .take_while(char::is_ascii_digit)
                .collect();
            if let Ok(n) = digits.parse() {
                return (make(n), Some(i..i + word.len() + digits.len()));
            }
            from = i + word.len();
        }
    }
    for verb in [
        "loop back to ",
        "go back to ",
        "return to ",
        "back to ",
        "repeat ",
        "restart ",
        "redo ",
        "revisit ",
        "continue with ",
        "move to ",
        "go to ",
        "proceed to ",
        "skip to ",
        "jump to ",
    ] {
        if let Some(i) = lower.find(verb) {
            let start = i + verb.len();
            let rest = &action[start..];
            let end = rest
                .find(['(', ',', ';'])
                .or_else(|| rest.find(" at most"))
                .or_else(|| rest.find(" up to"))
                .unwrap_or(rest.len());
            let words = rest[..end]
                .trim()
                .trim_start_matches("the ")
                .trim_end_matches(" phase")
                .trim();
            if !words.is_empty() && !matches!(words, "next" | "next phase") {
                return (
                    Target::Named(words.to_string()),
                    Some(start..start + rest[..end].trim_end().len()),
                );
            }
        }
    }
    let first = lower.split_whitespace().next().unwrap_or_default();
    let target = match first {
        "proceed" | "continue" | "advance" | "move" | "go" => Target::Next,
        "stop" | "end" | "abort" | "halt" | "finish" | "close" => Target::End,
        _ if lower.contains("next phase") => Target::Next,
        _ => Target::Unknown,
    };
    (target, None)
}

/// "(at most 2 times)", "at most twice", "up to 3 times", "max 2 loops".
fn bound(lower: &str) -> Option<u32> {
    for marker in [
        "at most ",
        "up to ",
        "no more than ",
        "maximum of ",
        "max ",
        "maximum ",
    ] {
        if let Some(i) = lower.find(marker) {
            let word = lower[i + marker.len()..]
                .split(|c: char| !c.is_ascii_alphanumeric())
                .next()
                .unwrap_or_default();
            if let Some(n) = number(word) {
                return Some(n);
            }
        }
    }
    None
}

fn number(word: &str) -> Option<u32> {
    word.parse().ok().or(match word {
        "once" | "one" => Some(1),
        "twice" | "two" => Some(2),
        "thrice" | "three" => Some(3),
        "four" => Some(4),
        "five" => Some(5),
        _ => None,
    })
}

/// Pairs of words that say the opposite of each other.
const OPPOSITES: &[(&str, &str)] = &[
    ("fails", "passes"),
    ("fail", "pass"),
    ("failed", "passed"),
    ("rejected", "approved"),
    ("rejects", "approves"),
    ("rejects", "passes"),
    ("rejects", "accepts"),
    ("fails", "succeeds"),
    ("breaches", "meets"),
    ("misses", "meets"),
    ("missed", "met"),
    ("no", "yes"),
    ("found", "none"),
    ("unhealthy", "healthy"),
    ("red", "green"),
];

/// "If passes" after "If the compliance audit fails", "If it passes" after
/// "If the review rejects the plan": the negation of the branch before, when
/// the condition is a word or two that says the opposite of one of its words.
fn opposite_of_previous(words: &str, before: &[Branch]) -> Option<String> {
    let Some(Branch {
        condition: Condition::When { words: prev, cel },
        ..
    }) = before.last()
    else {
        return None;
    };
    let w: Vec<String> = words
        .split_whitespace()
        .map(|w| w.to_ascii_lowercase())
        .filter(|w| !matches!(w.as_str(), "it" | "this" | "they" | "that" | "so"))
        .collect();
    if w.is_empty() || w.len() > 2 {
        return None;
    }
    let word = w.last()?;
    let prev: Vec<String> = prev
        .split_whitespace()
        .map(|w| w.to_ascii_lowercase())
        .collect();
    let opposite = OPPOSITES.iter().any(|(a, b)| {
        prev.iter()
            .any(|p| (a == word && b == p) || (b == word && a == p))
    });
    opposite.then(|| negate(cel))
}

/// "If passes" with a subject left out: borrow the previous branch's.
fn implied_subject(words: &str, before: &[Branch]) -> String {
    let short = words.split_whitespace().count() == 1;
    match before.last() {
        Some(Branch {
            condition: Condition::When { words: prev, .. },
            ..
        }) if short => {
            let mut subject: Vec<&str> = prev.split_whitespace().collect();
            subject.pop();
            subject.push(words);
            subject.join(" ")
        }
        _ => words.to_string(),
    }
}

fn negate(cel: &str) -> String {
    if cel.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        format!("!{cel}")
    } else {
        format!("!({cel})")
    }
}

/// The condition of "otherwise": none of the branches before holds.
fn none_of(before: &[Branch]) -> String {
    let parts: Vec<String> = before
        .iter()
        .filter_map(|b| match &b.condition {
            Condition::When { cel, .. } => Some(negate(cel)),
            Condition::Otherwise { .. } => None,
        })
        .collect();
    if parts.is_empty() {
        "true".to_string()
    } else {
        parts.join(" && ")
    }
}

/// Comparisons written in words, longest first.
const COMPARISONS: &[(&str, &str)] = &[
    (" is greater than or equal to ", ">="),
    (" is less than or equal to ", "<="),
    (" is greater than ", ">"),
    (" is more than ", ">"),
    (" is less than ", "<"),
    (" is at least ", ">="),
    (" is at most ", "<="),
    (" rises above ", ">"),
    (" drops below ", "<"),
    (" falls below ", "<"),
    (" stays below ", "<"),
    (" stays above ", ">"),
    (" is above ", ">"),
    (" is below ", "<"),
    (" is over ", ">"),
    (" is under ", "<"),
    (" exceeds ", ">"),
    (" reaches ", ">="),
    (" >= ", ">="),
    (" <= ", "<="),
    (" > ", ">"),
    (" < ", "<"),
    (" above ", ">"),
    (" below ", "<"),
];

/// The CEL a run evaluates: a comparison of a metric with a number ("the
/// error rate exceeds 1%" is `error_rate > 1`), else a yes/no metric named
/// after the condition ("the mock audit finds critical gaps" is
/// `mock_audit_finds_critical_gaps`), recorded with `metric NAME true`.
fn cel_of(words: &str) -> Option<String> {
    let lower = format!(" {} ", words.to_ascii_lowercase());
    for (phrase, op) in COMPARISONS {
        if let Some(i) = lower.find(phrase) {
            let value = lower[i + phrase.len()..].trim();
            let num: String = value
                .chars()
                .take_while(|c| c.is_ascii_digit() || *c == '.')
                .collect();
            let name = identifier(&lower[..i]);
            if let (Ok(n), Some(name)) = (num.parse::<f64>(), name) {
                return Some(format!("{name} {op} {n}"));
            }
        }
    }
    identifier(words)
}

/// Words people use that a metric's name does without.
const FILLER: &[&str] = &[
    "the", "a", "an", "our", "its", "their", "any", "is", "are", "was", "were", "has", "have",
];

/// `the Mock audit finds critical gaps` -> `mock_audit_finds_critical_gaps`
/// (at most six words; `None` when no word is left).
fn identifier(words: &str) -> Option<String> {
    let parts: Vec<String> = words
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| w.to_ascii_lowercase())
        .filter(|w| !FILLER.contains(&w.as_str()))
        .take(6)
        .collect();
    let name = parts.join("_");
    match name.chars().next() {
        Some(c) if c.is_ascii_alphabetic() => Some(name),
        Some(_) => Some(format!("m_{name}")),
        None => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn branches(text: &str) -> Vec<(String, Target, Option<u32>, String)> {
        let (b, _) = read(text, &[]);
        assert!(!b.is_empty(), "a decision");
        b.into_iter()
            .map(|b| {
                (
                    b.condition.cel().to_string(),
                    b.target,
                    b.bound,
                    text[b.target_range].to_string(),
                )
            })
            .collect()
    }

    #[test]
    fn loops_back_with_a_bound_and_goes_on_to_a_later_phase() {
        let t = "If the mock audit finds critical gaps, loop back to Phase 2 (at most 2 times). \
                 If only minor findings remain, start the observation window in Phase 4.";
        assert_eq!(
            branches(t),
            [
                (
                    "mock_audit_finds_critical_gaps".into(),
                    Target::Phase(2),
                    Some(2),
                    "Phase 2".into()
                ),
                (
                    "only_minor_findings_remain".into(),
                    Target::Phase(4),
                    None,
                    "Phase 4".into()
                ),
            ]
        );
    }

    #[test]
    fn the_source_documents_principle_reads_as_a_branch_and_its_opposite() {
        let t = "If compliance audit fails, loop back to Step 3. If passes, proceed to Step 5.";
        let b = branches(t);
        assert_eq!(b[0].0, "compliance_audit_fails");
        assert_eq!(b[0].1, Target::Step(3));
        assert_eq!(b[1].0, "!compliance_audit_fails");
        assert_eq!(b[1].1, Target::Step(5));
    }

    #[test]
    fn the_templates_then_and_if_not() {
        let t = "If the canary error rate exceeds 1%, then roll back to Phase 3; if not, continue";
        let b = branches(t);
        assert_eq!(b[0].0, "canary_error_rate > 1");
        assert_eq!(b[0].1, Target::Phase(3));
        assert_eq!(b[1].0, "!(canary_error_rate > 1)");
        assert_eq!(b[1].1, Target::Next);
    }

    #[test]
    fn otherwise_and_named_phases_and_words_for_numbers() {
        let t = "If the pilot is rejected, go back to the Pilot Service phase at most twice. \
                 Otherwise, stop.";
        let b = branches(t);
        assert_eq!(b[0].1, Target::Named("Pilot Service".into()));
        assert_eq!(b[0].2, Some(2));
        assert_eq!(b[0].3, "the Pilot Service phase");
        assert_eq!(b[1].0, "!pilot_rejected");
        assert_eq!(b[1].1, Target::End);
    }

    #[test]
    fn prose_that_is_not_a_decision() {
        assert!(
            read("Review the findings with the board.", &[])
                .0
                .is_empty()
        );
        assert!(!starts_as_decision("Ifrit rises"));
        assert!(starts_as_decision("If the audit fails, loop back"));
        let (b, unread) = read("If the audit fails, we talk. Then we decide.", &[]);
        assert_eq!(b[0].target, Target::Unknown);
        assert_eq!(unread.len(), 1);
    }

    #[test]
    fn abbreviations_do_not_end_a_sentence() {
        let t = "If a blocker is found (e.g. a missing control), loop back to Phase 1.";
        assert_eq!(branches(t)[0].1, Target::Phase(1));
    }

    proptest::proptest! {
        /// Any text reads without a panic, and every range it gives lies on
        /// character boundaries inside the text.
        #[test]
        fn any_text_reads_within_its_bounds(text in "(If |if not|Otherwise|, |loop back to |Phase [0-9]|Step [0-9]|at most |twice|\\.|;| |[a-zé%]{1,6}|[0-9]{1,3}){0,30}") {
            let (branches, unread) = read(&text, &[]);
            for b in &branches {
                proptest::prop_assert!(text.get(b.range.clone()).is_some());
                proptest::prop_assert!(text.get(b.target_range.clone()).is_some());
            }
            for r in unread {
                proptest::prop_assert!(text.get(r).is_some());
            }
        }
    }
}
