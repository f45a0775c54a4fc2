//! Reading a scenario written in plain words: what it is about (the query),
//! the horizon it states ("in 3 months"), what it says is already done ("we
//! already have an assessment"), the domains it touches, and a title.

use serde::Serialize;

use super::domains::{self, DomainHit};
use super::retrieval::Query;
use crate::duration::{Quantity, Unit};
use crate::text::words::{stems, words};

/// A scenario, read.
#[derive(Debug, Clone)]
pub struct Scenario {
    pub text: String,
    pub query: Query,
    pub horizon: Option<Horizon>,
    /// Things the scenario says are done or not wanted, as groups of stems.
    pub excluded: Vec<Vec<String>>,
    pub domains: Vec<DomainHit>,
    pub title: String,
}

/// The time the scenario gives the work.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Horizon {
    /// As a timeline: `3 months`, `4-6 weeks`.
    pub text: String,
    #[serde(skip)]
    pub quantity: Quantity,
}

impl Scenario {
    pub fn read(text: &str) -> Scenario {
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        let all_stems = stems(&text);
        Scenario {
            query: Query::new(&text),
            horizon: horizon(&text),
            excluded: excluded(&text),
            domains: domains::detect(&all_stems),
            title: title(&text),
            text,
        }
    }
}

/// Tokens for the horizon reader: words, numbers and ranges (`3-4`, `3.5`).
fn tokens(text: &str) -> Vec<String> {
    text.to_lowercase()
        .split(|c: char| !(c.is_alphanumeric() || c == '-' || c == '.' || c == '–'))
        .map(|t| {
            t.trim_matches(|c| c == '.' || c == '-' || c == '–')
                .replace('–', "-")
        })
        .filter(|t| !t.is_empty())
        .collect()
}

fn number_word(w: &str) -> Option<f64> {
    let n = match w {
        "a" | "an" | "one" => 1.0,
        "two" | "couple" => 2.0,
        "three" => 3.0,
        "four" => 4.0,
        "five" => 5.0,
        "six" => 6.0,
        "seven" => 7.0,
        "eight" => 8.0,
        "nine" => 9.0,
        "ten" => 10.0,
        "eleven" => 11.0,
        "twelve" => 12.0,
        "eighteen" => 18.0,
        "eighty" => 80.0,
        "ninety" => 90.0,
        _ => {
            return w
                .parse::<f64>()
                .ok()
                .filter(|n| n.is_finite() && *n > 0.0 && *n < 1000.0);
        }
    };
    Some(n)
}

/// `3`, `3-4`, `three`: the low and high of a number or range.
fn number_range(w: &str) -> Option<(f64, f64)> {
    if let Some(n) = number_word(w) {
        return Some((n, n));
    }
    let (a, b) = w.split_once('-')?;
    let (a, b) = (number_word(a)?, number_word(b)?);
    (a <= b).then_some((a, b))
}

/// A unit word, and how many of the unit one counts for (a sprint is 2 weeks).
fn unit_word(w: &str) -> Option<(Unit, f64)> {
    match w {
        "sprint" | "sprints" => Some((Unit::Week, 2.0)),
        "fortnight" | "fortnights" => Some((Unit::Week, 2.0)),
        _ => Unit::parse(w)
            .ok()
            .filter(|_| w.len() > 2)
            .map(|u| (u, 1.0)),
    }
}

/// Words that introduce the time given to the work ("in 3 months").
const LEADS: &[&str] = &[
    "in", "within", "over", "next", "by", "under", "inside", "deadline", "only", "than", "about",
    "around", "roughly", "budget",
];

/// Words after "a 3-hour ..." that make it an event, not the time given.
const PAST_EVENTS: &[&str] = &[
    "outage", "outages", "incident", "downtime", "delay", "delays", "wait", "meeting", "call",
    "window", "drill",
];

/// The first stated horizon: `in 3 months`, `within six weeks`, `over the
/// next 2 quarters`, `a 6-month program`, `this quarter`.
pub fn horizon(text: &str) -> Option<Horizon> {
    let t = tokens(text);
    for i in 0..t.len() {
        // "this quarter", "by the end of the year"
        if i + 1 < t.len()
            && (t[i] == "this" || t[i] == "the")
            && matches!(t[i + 1].as_str(), "quarter" | "year")
            && t[..i]
                .iter()
                .rev()
                .take(4)
                .any(|w| LEADS.contains(&w.as_str()) || w == "end")
        {
            let unit = if t[i + 1] == "quarter" {
                Unit::Quarter
            } else {
                Unit::Year
            };
            return Some(make(1.0, 1.0, unit, 1.0));
        }
        // "a 6-month program", "3-4-month"
        if let Some((num, unit)) = t[i].rsplit_once('-')
            && let Some((u, k)) = unit_word(unit)
            && let Some((lo, hi)) = number_range(num)
            && !t
                .get(i + 1)
                .is_some_and(|w| PAST_EVENTS.contains(&w.as_str()))
        {
            return Some(make(lo, hi, u, k));
        }
        let Some((lo, hi)) = number_range(&t[i]) else {
            continue;
        };
        // "3 to 4 months", "3 - 4 months"
        let (hi, next) = match (
            t.get(i + 1).map(String::as_str),
            t.get(i + 2).and_then(|w| number_word(w)),
        ) {
            (Some("to" | "or"), Some(h)) if h >= lo => (h, i + 3),
            _ => (hi, i + 1),
        };
        let Some(word) = t.get(next) else { continue };
        let Some((u, k)) = unit_word(word) else {
            continue;
        };
        let lead = t[..i]
            .iter()
            .rev()
            .take(3)
            .any(|w| LEADS.contains(&w.as_str()));
        if lead {
            return Some(make(lo, hi, u, k));
        }
    }
    None
}

fn make(lo: f64, hi: f64, unit: Unit, per: f64) -> Horizon {
    let (lo, hi) = (lo * per, hi * per);
    let num = |x: f64| crate::duration::trim_number(x);
    let plural = if hi == 1.0 { "" } else { "s" };
    let amount = if lo == hi {
        num(hi)
    } else {
        format!("{}-{}", num(lo), num(hi))
    };
    Horizon {
        text: format!("{amount} {}{plural}", unit.name()),
        quantity: Quantity {
            low: lo,
            high: hi,
            unit,
            note: None,
        },
    }
}

/// What the scenario says is done or unwanted ("we already have an
/// assessment", "skip the discovery phase", "no need for a pilot"), as groups
/// of stems: up to two content words after the cue.
fn excluded(text: &str) -> Vec<Vec<String>> {
    let mut out: Vec<Vec<String>> = Vec::new();
    for clause in text.split(['.', ',', ';', ':', '!', '?', '\n', '(', ')']) {
        excluded_in(&words(clause), &mut out);
    }
    out
}

fn excluded_in(w: &[String], out: &mut Vec<Vec<String>>) {
    let fillers = [
        "have",
        "had",
        "did",
        "done",
        "finished",
        "completed",
        "ran",
        "run",
        "the",
        "a",
        "an",
        "our",
        "we",
        "for",
        "need",
        "to",
        "do",
        "got",
        "own",
        "with",
    ];
    let generic = [
        "phase", "phases", "step", "steps", "stage", "part", "work", "and", "but", "so", "now",
        "it", "this", "that",
    ];
    for i in 0..w.len() {
        let starts = match w[i].as_str() {
            "already" | "skip" => Some(i + 1),
            "no" if w.get(i + 1).is_some_and(|n| n == "need") => Some(i + 2),
            "don" | "dont"
                if w.get(i + 1).is_some_and(|n| n == "t")
                    && w.get(i + 2).is_some_and(|n| n == "need") =>
            {
                Some(i + 3)
            }
            _ => None,
        };
        let Some(mut j) = starts else { continue };
        while j < w.len() && fillers.contains(&w[j].as_str()) {
            j += 1;
        }
        let group: Vec<String> = w[j.min(w.len())..]
            .iter()
            .take(2)
            .take_while(|x| !generic.contains(&x.as_str()))
            .flat_map(|x| stems(x))
            .collect();
        if !group.is_empty() && !out.contains(&group) {
            out.push(group);
        }
    }
}

const FILLERS: &[&str] = &[
    "design a workflow to",
    "design a workflow for",
    "a workflow to",
    "a workflow for",
    "i need a workflow to",
    "i need a workflow for",
    "we need a workflow for",
    "we need a workflow to",
    "we need to",
    "we need",
    "we want to",
    "we have to",
    "we must",
    "we are going to",
    "we're going to",
    "we plan to",
    "we'd like to",
    "we would like to",
    "i need to",
    "i want to",
    "our team needs to",
    "the team needs to",
    "the company wants to",
    "help us",
    "help me",
    "please",
    "how do we",
    "how to",
    "let's",
    "plan for",
    "plan to",
    "plan",
    "we",
    "i",
];

/// A short title from the scenario's first sentence: filler words and the
/// horizon cut, words capitalised except short ones.
pub fn title(text: &str) -> String {
    let first = text
        .split(['.', '!', '?', ';', '\n', ':'])
        .map(str::trim)
        .find(|s| !s.is_empty())
        .unwrap_or("");
    let mut s = first.to_string();
    for cut in [
        ",",
        " because ",
        " so that ",
        " so we ",
        " before ",
        " while ",
        " since ",
        " due to ",
        " in order to ",
        " — ",
        " - ",
        " without ",
    ] {
        if let Some(i) = s.to_lowercase().find(cut) {
            s.truncate(i);
        }
    }
    // Cut at the horizon: "... in 3 months".
    let lower = s.to_lowercase();
    for lead in [
        "in",
        "within",
        "over the next",
        "over",
        "by",
        "this",
        "by the end of",
    ] {
        for (i, _) in lower.match_indices(&format!(" {lead} ")) {
            let rest = &lower[i + lead.len() + 2..];
            if horizon(&format!("{lead} {rest}")).is_some() {
                s.truncate(i);
                break;
            }
        }
    }
    let mut rest = s.trim().to_string();
    loop {
        let lower = rest.to_lowercase();
        let Some(f) = FILLERS
            .iter()
            .find(|f| lower.starts_with(*f) && lower[f.len()..].starts_with([' ', '\t']))
        else {
            break;
        };
        rest = rest[f.len()..].trim().to_string();
    }
    let small = [
        "a", "an", "and", "as", "at", "by", "for", "from", "in", "of", "on", "or", "the", "to",
        "with", "vs", "into",
    ];
    let dropped = ["our", "my", "their", "your", "us", "we"];
    let mut out: Vec<String> = Vec::new();
    for word in rest.split_whitespace() {
        let bare =
            word.trim_matches(|c: char| !c.is_alphanumeric() && c != '&' && c != '+' && c != '/');
        if bare.is_empty() || dropped.contains(&bare.to_lowercase().as_str()) {
            continue;
        }
        if out.is_empty() && ["the", "a", "an"].contains(&bare.to_lowercase().as_str()) {
            continue;
        }
        let lower = bare.to_lowercase();
        let shaped = if bare.chars().any(|c| c.is_uppercase() || c.is_ascii_digit()) {
            bare.to_string()
        } else if !out.is_empty() && small.contains(&lower.as_str()) {
            lower
        } else {
            let mut c = bare.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect())
                .unwrap_or_default()
        };
        out.push(shaped);
        if out.len() == 8 {
            break;
        }
    }
    while out
        .last()
        .is_some_and(|w| small.contains(&w.to_lowercase().as_str()))
    {
        out.pop();
    }
    out.join(" ")
}

/// Whether a phase name (or any text) mentions something the scenario
/// excluded: every word of one excluded group occurs in it.
pub fn mentions_excluded(scenario: &Scenario, text: &str) -> bool {
    let s = stems(text);
    scenario
        .excluded
        .iter()
        .any(|group| group.iter().all(|e| s.contains(e)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(text: &str) -> Option<String> {
        horizon(text).map(|h| h.text)
    }

    #[test]
    fn horizons_in_plain_words() {
        assert_eq!(
            h("Migrate to Kubernetes in 3 months").as_deref(),
            Some("3 months")
        );
        assert_eq!(h("within six weeks, please").as_deref(), Some("6 weeks"));
        assert_eq!(h("over the next 2 quarters").as_deref(), Some("2 quarters"));
        assert_eq!(
            h("a 6-month program to fix tech debt").as_deref(),
            Some("6 months")
        );
        assert_eq!(h("in 3-4 months").as_deref(), Some("3-4 months"));
        assert_eq!(h("in 3 to 4 months").as_deref(), Some("3-4 months"));
        assert_eq!(h("in two sprints").as_deref(), Some("4 weeks"));
        assert_eq!(
            h("by the end of this quarter").as_deref(),
            Some("1 quarter")
        );
        assert_eq!(h("in a month").as_deref(), Some("1 month"));
        assert_eq!(h("in 48 hours").as_deref(), Some("48 hours"));
    }

    #[test]
    fn durations_that_are_not_horizons() {
        assert_eq!(h("we had a two hour outage"), None);
        assert_eq!(h("hire 30 engineers"), None);
        assert_eq!(h("the site was down 3 hours yesterday"), None);
        assert_eq!(h("after a 3-hour outage"), None);
        assert_eq!(h(""), None);
    }

    #[test]
    fn titles_drop_filler_and_horizon() {
        assert_eq!(
            title("We need to migrate our payment service from Heroku to AWS in 4 months."),
            "Migrate Payment Service from Heroku to AWS"
        );
        assert_eq!(
            title("Get SOC 2 Type II within 9 months, because a big customer asks"),
            "Get SOC 2 Type II"
        );
        assert_eq!(title("help us launch the iOS app"), "Launch the iOS App");
        assert_eq!(title(""), "");
    }

    #[test]
    fn exclusions() {
        let s = Scenario::read(
            "We already have an assessment; skip the discovery phase. No need for a pilot. We already did the gap analysis",
        );
        assert!(mentions_excluded(&s, "Assessment & Planning"));
        assert!(mentions_excluded(&s, "Discovery"));
        assert!(mentions_excluded(&s, "Pilot Migration"));
        assert!(mentions_excluded(&s, "Gap Analysis"));
        assert!(!mentions_excluded(&s, "Build"));
        assert!(!mentions_excluded(&s, "Analysis of costs"));
    }
}
