//! What a line of Markdown says: a labelled field (`**Timeline:** 6 months`,
//! `**Deliverable**: Plan`), a phase header (`**Phase 2: Foundation (Month
//! 3-4)**`), or plain words. Also the small value syntaxes: comma lists,
//! code-span lists, `Persona: action`, arrows.

use std::ops::Range;

use crate::duration::Calendar;
use crate::text::normalise;
use crate::window::Window;

use super::text::{Kind, Text, trim_range};

/// `**Label:** value` or `**Label**: value` (or `Label: value` when `plain`).
#[derive(Debug, Clone)]
pub(crate) struct Labelled {
    /// The label as written, without its colon.
    pub label: Range<usize>,
    pub value: Range<usize>,
}

/// A line that starts with bold text followed by (or ending in) a colon.
pub(crate) fn strong_label(line: &Text) -> Option<Labelled> {
    let first = line
        .pieces
        .iter()
        .find(|p| !line.s[p.at.clone()].trim().is_empty())?;
    if first.kind != Kind::Strong || !line.s[..first.at.start].trim().is_empty() {
        return None;
    }
    let run_end = line
        .pieces
        .iter()
        .skip_while(|p| p.at.start < first.at.start)
        .take_while(|p| p.kind == Kind::Strong)
        .last()
        .map(|p| p.at.end)?;
    let run = trim_range(&line.s, first.at.start..run_end);
    let strong = &line.s[run.clone()];
    if let Some(label) = strong.strip_suffix(':') {
        let label = trim_range(&line.s, run.start..run.start + label.len());
        return (!label.is_empty()).then_some(Labelled {
            label,
            value: run_end..line.s.len(),
        });
    }
    let rest = &line.s[run_end..];
    let colon = rest.len() - rest.trim_start().len();
    if rest[colon..].starts_with(':') {
        return Some(Labelled {
            label: run,
            value: run_end + colon + 1..line.s.len(),
        });
    }
    None
}

/// `Label: value` in plain text, for short labels (a persona, a detail key).
pub(crate) fn plain_label(line: &Text, max_words: usize) -> Option<Labelled> {
    let s = &line.s;
    let colon = s.find(':')?;
    let after = s[colon + 1..].chars().next();
    if after.is_some_and(|c| !c.is_whitespace()) {
        return None; // `10:30`, `https://`
    }
    let label = trim_range(s, 0..colon);
    let words = s[label.clone()].split_whitespace().count();
    (words > 0 && words <= max_words).then(|| Labelled {
        label,
        value: colon + 1..s.len(),
    })
}

/// A phase header: `Phase 2: Foundation (Month 3-4)`; returns the title
/// after the number (`Foundation (Month 3-4)`) as a range of `s`.
pub(crate) fn phase_title(s: &str) -> Option<Range<usize>> {
    let t = s.trim_start();
    let lead = s.len() - t.len();
    let head = t.get(..5)?;
    if !head.eq_ignore_ascii_case("phase") {
        return None;
    }
    // The number: digits, or the template's `N`.
    let after = &t[5..];
    let spaces = after.len() - after.trim_start().len();
    let token: &str = after[spaces..]
        .split(|c: char| !c.is_ascii_alphanumeric())
        .next()
        .unwrap_or_default();
    let numbered = !token.is_empty() && token.chars().all(|c| c.is_ascii_digit());
    if !(numbered || (token == "N" && spaces > 0)) {
        return None;
    }
    let i = 5 + spaces + token.len();
    let rest = &t[i..];
    let sep = rest.chars().next()?;
    if !matches!(sep, ':' | '.' | '-' | '–' | '—') {
        return None;
    }
    let start = lead + i + sep.len_utf8();
    let r = trim_range(s, start..s.len());
    (!r.is_empty()).then_some(r)
}

/// Split a phase title into its name and window: the last parenthesised
/// group is the window when it reads as one (`Month 1-2`, `Minutes 0-5`,
/// `Ongoing`), otherwise it is part of the name.
pub(crate) fn split_window(title: &str) -> (Range<usize>, Option<Range<usize>>) {
    let t = title.trim_end();
    let whole = trim_range(title, 0..title.len());
    if !t.ends_with(')') {
        return (whole, None);
    }
    let mut depth = 0i32;
    let mut open = None;
    for (i, c) in t.char_indices().rev() {
        match c {
            ')' => depth += 1,
            '(' => {
                depth -= 1;
                if depth == 0 {
                    open = Some(i);
                    break;
                }
            }
            _ => {}
        }
    }
    let Some(open) = open else {
        return (whole, None);
    };
    let inner = trim_range(title, open + 1..t.len() - 1);
    let name = trim_range(title, 0..open);
    if name.is_empty() || !looks_like_window(&title[inner.clone()]) {
        return (whole, None);
    }
    (name, Some(inner))
}

/// Whether text reads as a phase window.
pub(crate) fn looks_like_window(text: &str) -> bool {
    if Window::parse(text, Calendar::Business).is_ok() {
        return true;
    }
    let first = text
        .split(|c: char| !c.is_alphabetic())
        .find(|w| !w.is_empty())
        .unwrap_or_default()
        .to_ascii_lowercase();
    const WORDS: &[&str] = &[
        "minute", "minutes", "hour", "hours", "day", "days", "week", "weeks", "month", "months",
        "quarter", "quarters", "year", "years", "sprint", "sprints", "ongoing", "q",
    ];
    WORDS.contains(&first.as_str()) && text.chars().any(|c| c.is_ascii_digit())
}

/// Items of a list value: code spans when there are any (`` `a`, `b` ``),
/// otherwise the comma- or semicolon-separated parts. Each with its range
/// in the source.
pub(crate) fn list_items(value: &Text) -> Vec<(String, Range<usize>)> {
    let code = value.code_spans();
    if !code.is_empty() {
        return code;
    }
    let mut out = Vec::new();
    let s = &value.s;
    let mut start = 0;
    let mut depth = 0i32;
    for (i, c) in s.char_indices().chain(std::iter::once((s.len(), ','))) {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth -= 1,
            ',' | ';' if depth <= 0 => {
                let r = trim_range(s, start..i);
                if !r.is_empty() {
                    let text = s[r.clone()].trim_end_matches('.').to_string();
                    out.push((text, value.src_range(r)));
                }
                start = i + c.len_utf8();
            }
            _ => {}
        }
    }
    out
}

/// One scalar value: the content of a lone code span, or the trimmed text.
pub(crate) fn scalar(value: &Text) -> (String, Range<usize>) {
    let code = value.code_spans();
    if code.len() == 1 && value.outside_code().is_empty() {
        return code.into_iter().next().unwrap_or_default();
    }
    value.value()
}

/// `A → B → C` (also `->`, `⟶`, `=>`): the names in order, with ranges.
pub(crate) fn arrow_items(value: &Text) -> Vec<(String, Range<usize>)> {
    let s = &value.s;
    let mut cuts: Vec<(usize, usize)> = Vec::new();
    for arrow in ["→", "->", "⟶", "=>", "⇒"] {
        cuts.extend(s.match_indices(arrow).map(|(i, a)| (i, i + a.len())));
    }
    cuts.sort();
    let mut out = Vec::new();
    let mut start = 0;
    for (a, b) in cuts.into_iter().chain(std::iter::once((s.len(), s.len()))) {
        if a < start {
            continue;
        }
        let r = trim_range(s, start..a);
        if !r.is_empty() {
            out.push((s[r.clone()].to_string(), value.src_range(r)));
        }
        start = b;
    }
    out
}

/// The label key two spellings share: `Decision Point` and `decision point:`
/// are both `decisionpoint`.
/// A command (`/timeline`) is not the field of the same name.
pub(crate) fn key(label: &str) -> String {
    match label.trim_start().strip_prefix('/') {
        Some(command) => format!("/{}", normalise(command)),
        None => normalise(label),
    }
}

const WORKFLOW_PREFIXES: [&str; 4] = [
    "example workflow:",
    "example playbook:",
    "workflow:",
    "playbook:",
];

/// Heading text without its numbering and the seed's prefixes:
/// `3. Example Workflow: Microservices Migration` -> `Microservices Migration`.
pub(crate) fn heading_name(s: &str) -> Range<usize> {
    let r = without_number(s);
    for prefix in WORKFLOW_PREFIXES {
        if starts_with_ignore_case(&s[r.clone()], prefix) {
            return trim_range(s, r.start + prefix.len()..r.end);
        }
    }
    r
}

/// Whether a heading says it is a workflow (`Example Workflow: ...`).
pub(crate) fn has_workflow_prefix(s: &str) -> bool {
    let r = without_number(s);
    WORKFLOW_PREFIXES
        .iter()
        .any(|p| starts_with_ignore_case(&s[r.clone()], p))
}

fn without_number(s: &str) -> Range<usize> {
    let r = trim_range(s, 0..s.len());
    let t = &s[r.clone()];
    let digits = t
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(0);
    if digits > 0 && t[digits..].starts_with(' ') {
        return trim_range(s, r.start + digits..r.end);
    }
    r
}

fn starts_with_ignore_case(s: &str, prefix: &str) -> bool {
    s.get(..prefix.len())
        .is_some_and(|p| p.eq_ignore_ascii_case(prefix))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strong_then(strong: &str, rest: &str) -> Text {
        let mut t = Text::default();
        t.push(Kind::Strong, strong, 0..strong.len());
        t.push(Kind::Plain, rest, strong.len()..strong.len() + rest.len());
        t
    }

    #[test]
    fn both_deliverable_spellings_are_labels() {
        for (strong, rest) in [("Deliverable", ": Plan"), ("Deliverable:", " Plan")] {
            let t = strong_then(strong, rest);
            let l = strong_label(&t).unwrap();
            assert_eq!(&t.s[l.label], "Deliverable");
            assert_eq!(t.s[l.value].trim(), "Plan");
        }
        assert!(strong_label(&strong_then("Bold", " words")).is_none());
    }

    #[test]
    fn phase_titles_and_windows() {
        let s = "Phase 2: Foundation (Month 3-4)";
        let t = phase_title(s).unwrap();
        assert_eq!(&s[t.clone()], "Foundation (Month 3-4)");
        let title = &s[t];
        let (name, window) = split_window(title);
        assert_eq!(&title[name], "Foundation");
        assert_eq!(&title[window.unwrap()], "Month 3-4");
        let (name, window) = split_window("Requirements (MVP)");
        assert_eq!(&"Requirements (MVP)"[name], "Requirements (MVP)");
        assert!(window.is_none());
        assert!(phase_title("Phased rollout").is_none());
        assert!(phase_title("Phase: x").is_none());
    }

    #[test]
    fn headings_lose_numbers_and_prefixes() {
        let s = "3. Example Workflow: Microservices Migration";
        assert_eq!(&s[heading_name(s)], "Microservices Migration");
        let s = "API Design";
        assert_eq!(&s[heading_name(s)], "API Design");
    }
}
