//! Reading a scenario written in plain words: what it is about (the query),
//! the horizon it states ("in 3 months"), what it says is already done ("we
//! already have an assessment"), the domains it touches, and a title.

use serde::Serialize;

use super::domains::{self, DomainHit};
use super::kinds::Kind;
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
    /// Numbers the work must reach ("restore within an hour", "30%
    /// cheaper"): success criteria, never the timeline.
    pub targets: Vec<Target>,
    /// Something is broken now ("is down", "returning 500s right now"):
    /// the work is an incident, whatever else the words name.
    pub urgent: bool,
    /// The kind of work: the platform it names, whether it grows a team.
    pub kind: Kind,
}

/// A target the scenario states, as a measurable criterion.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Target {
    /// The scenario's words, e.g. `restore within an hour`.
    pub text: String,
    /// snake_case metric name, e.g. `recovery_time`.
    pub metric: String,
    pub op: &'static str,
    pub value: f64,
    /// `minutes`, `ms` or `%`.
    pub unit: String,
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
        // "before the contract renewal" says when, not what: the work is
        // found from the rest.
        let what = without_when(&text);
        let what = if what.trim().is_empty() {
            text.clone()
        } else {
            what
        };
        let all_stems = stems(&what);
        let kind = Kind::of_text(&what);
        // The speciality of a team to grow names who is hired ("triple the
        // backend team"), not a domain of work to give a step.
        let speciality: Vec<String> = kind.team_speciality.iter().flat_map(|w| stems(w)).collect();
        let domains = domains::detect(&all_stems)
            .into_iter()
            .filter(|d| !stems(d.cue).iter().all(|c| speciality.contains(c)))
            .collect();
        Scenario {
            query: Query::new(&what),
            horizon: horizon(&text),
            excluded: excluded(&text),
            domains,
            title: title(&text),
            targets: targets(&text),
            urgent: urgent(&text),
            kind,
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

/// Words after "a 3-hour ..." (next, or one word on: "a 3-hour database
/// outage") that make it an event, not the time given.
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
                .iter()
                .skip(i + 1)
                .take(2)
                .any(|w| PAST_EVENTS.contains(&w.as_str()))
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
        let lead = (i.saturating_sub(3)..i)
            .rev()
            .find(|&j| LEADS.contains(&t[j].as_str()));
        // "restore within an hour" is a target, not the time given.
        if let Some(j) = lead
            && subject_before(&t, j).is_none()
        {
            return Some(make(lo, hi, u, k));
        }
    }
    None
}

/// Words that make a duration after them a target to reach, with the
/// metric they name: "restore within an hour", "builds under 10 minutes".
const SUBJECTS: &[(&str, &str)] = &[
    ("restore", "recovery_time"),
    ("restored", "recovery_time"),
    ("recover", "recovery_time"),
    ("recovered", "recovery_time"),
    ("recovery", "recovery_time"),
    ("rto", "recovery_time"),
    ("failover", "failover_time"),
    ("rollback", "rollback_time"),
    ("respond", "response_time"),
    ("response", "response_time"),
    ("acknowledge", "response_time"),
    ("detect", "detection_time"),
    ("detection", "detection_time"),
    ("mttr", "mttr"),
    ("mitigate", "mttr"),
    ("deploy", "deploy_time"),
    ("deploys", "deploy_time"),
    ("deployment", "deploy_time"),
    ("deployments", "deploy_time"),
    ("build", "build_time"),
    ("builds", "build_time"),
    ("ci", "build_time"),
    ("pipeline", "build_time"),
    ("pipelines", "build_time"),
    ("load", "page_load_time"),
    ("loads", "page_load_time"),
    ("latency", "p99_latency"),
    ("p99", "p99_latency"),
    ("p95", "p95_latency"),
];

/// The metric named by a subject word in the few tokens before `lead`.
fn subject_before(t: &[String], lead: usize) -> Option<(usize, &'static str)> {
    // A quantity before the lead ends the search: "builds under 10 minutes
    // in 2 months" gives the second duration no subject.
    (lead.saturating_sub(4)..lead)
        .rev()
        .take_while(|&j| !t[j].contains(|c: char| c.is_ascii_digit()) && unit_word(&t[j]).is_none())
        .find_map(|j| {
            SUBJECTS
                .iter()
                .find(|(w, _)| *w == t[j])
                .map(|(_, m)| (j, *m))
        })
}

/// Verbs that make a percentage a reduction: "cut our bill by 30%".
const REDUCE: &[&str] = &[
    "cut", "reduce", "lower", "save", "shrink", "trim", "drop", "slash", "decrease",
];

/// Words after a percentage that make it a reduction: "30% cheaper".
const LESS: &[&str] = &["cheaper", "less", "lower", "smaller", "fewer", "faster"];

/// Words that make a percentage an availability target: "99.9% uptime".
const AVAILABILITY: &[&str] = &["uptime", "availability", "available", "slo", "sla"];

/// Words that never name what a reduction is of.
const NOT_OBJECTS: &[&str] = &[
    "our", "the", "a", "an", "by", "at", "least", "down", "this", "next", "year", "quarter",
    "month", "and", "of", "to", "total", "overall", "monthly", "annual", "we", "us", "its",
];

/// The targets a scenario states: a duration a measured thing must stay
/// within ("restore within an hour", "deploys under 10 minutes"), a
/// reduction ("cut our cloud bill by 30%", "30% cheaper") or an availability
/// ("99.95% uptime").
pub fn targets(text: &str) -> Vec<Target> {
    let lower = text.to_lowercase();
    let t: Vec<String> = lower
        .split(|c: char| !(c.is_alphanumeric() || c == '-' || c == '.' || c == '%'))
        .map(|w| w.trim_matches(|c| c == '.' || c == '-').to_string())
        .filter(|w| !w.is_empty())
        .collect();
    let mut out: Vec<Target> = Vec::new();
    for i in 0..t.len() {
        if let Some(target) = duration_target(&t, i).or_else(|| percent_target(&t, i))
            && !out.iter().any(|o| o.metric == target.metric)
        {
            out.push(target);
        }
    }
    out
}

fn duration_target(t: &[String], i: usize) -> Option<Target> {
    let (lead, at) = match t[i].as_str() {
        "within" | "under" | "below" | "in" => (i, i + 1),
        "less" | "faster" if t.get(i + 1).is_some_and(|w| w == "than") => (i, i + 2),
        _ => return None,
    };
    let (subject, metric) = subject_before(t, lead)?;
    let word = t.get(at)?;
    // `200ms`, `200 ms`, `10 minutes`, `an hour`
    if let Some(n) = word.strip_suffix("ms").and_then(number_word) {
        return Some(Target {
            text: t[subject..=at].join(" "),
            metric: metric.into(),
            op: "<=",
            value: n,
            unit: "ms".into(),
        });
    }
    let (_, hi) = number_range(word)?;
    let unit_at = at + 1;
    let unit_text = t.get(unit_at)?;
    let (value, unit) = if matches!(unit_text.as_str(), "ms" | "millisecond" | "milliseconds") {
        (hi, "ms".to_string())
    } else {
        match unit_word(unit_text)? {
            (Unit::Minute, k) => (hi * k, "minutes".to_string()),
            (Unit::Hour, k) => (hi * k * 60.0, "minutes".to_string()),
            (u, k) => (hi * k, format!("{}s", u.name())),
        }
    };
    Some(Target {
        text: t[subject..=unit_at].join(" "),
        metric: metric.into(),
        op: "<=",
        value: (value * 100.0).round() / 100.0,
        unit,
    })
}

fn percent_target(t: &[String], i: usize) -> Option<Target> {
    let n = t[i].strip_suffix('%').and_then(|n| n.parse::<f64>().ok())?;
    if !(n > 0.0 && n <= 100.0) {
        return None;
    }
    let after = t.get(i + 1).map(String::as_str);
    if after.is_some_and(|w| AVAILABILITY.contains(&w))
        || (i > 0 && AVAILABILITY.contains(&t[i - 1].as_str()))
    {
        return Some(Target {
            text: t[i.saturating_sub(1)..(i + 2).min(t.len())].join(" "),
            metric: "availability".into(),
            op: ">=",
            value: n,
            unit: "%".into(),
        });
    }
    // "cut our cloud bill by 30%": what lies between the verb and the number.
    let verb = (i.saturating_sub(7)..i)
        .rev()
        .find(|&j| REDUCE.contains(&t[j].as_str()));
    let (from, object): (usize, Vec<&str>) = if let Some(v) = verb {
        let object = t[v + 1..i]
            .iter()
            .map(String::as_str)
            .filter(|w| !NOT_OBJECTS.contains(w))
            .collect();
        (v, object)
    } else if after.is_some_and(|w| LESS.contains(&w)) {
        let what = match after {
            Some("cheaper") => vec!["cost"],
            Some("faster") => vec!["duration"],
            _ => t
                .get(i + 2)
                .filter(|w| !NOT_OBJECTS.contains(&w.as_str()))
                .map(|w| vec![w.as_str()])
                .unwrap_or_else(|| vec!["cost"]),
        };
        (i, what)
    } else {
        return None;
    };
    let object = if object.is_empty() {
        "cost".to_string()
    } else {
        object.iter().take(3).copied().collect::<Vec<_>>().join("_")
    };
    let end = if verb.is_some() {
        i
    } else {
        (i + 1).min(t.len() - 1)
    };
    Some(Target {
        text: t[from..=end].join(" "),
        metric: format!("{object}_reduction"),
        op: ">=",
        value: n,
        unit: "%".into(),
    })
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
    let mut s = first_sentence(text).to_string();
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
        " so ",
        " which ",
        " that ",
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
    }
    // Long titles end where a phrase ends, before a small word, not mid-way.
    if out.len() > 8 {
        let cut = (3..=8)
            .rev()
            .find(|&k| {
                small.contains(&out[k].to_lowercase().as_str())
                    && !out[k - 1].chars().all(|c| c.is_ascii_digit() || c == '.')
            })
            .unwrap_or(8);
        out.truncate(cut);
    }
    while out
        .last()
        .is_some_and(|w| small.contains(&w.to_lowercase().as_str()))
    {
        out.pop();
    }
    out.join(" ")
}

/// Words that say something is broken now.
const URGENT: &[&str] = &[
    "right now",
    " is down",
    " are down",
    "went down",
    "outage",
    "returning 500",
    "returning error",
    "throwing error",
    " 500s",
    "mitigate now",
    "sev1",
    "sev 1",
    "sev-1",
    "customers cannot",
    "customers can't",
];

fn urgent(text: &str) -> bool {
    let lower = format!(" {}", text.to_lowercase());
    URGENT.iter().any(|u| lower.contains(u))
}

/// The text without its clauses of time: from `before`, `ahead of` or
/// `until` to the end of the clause ("... compliant before the contract
/// renewal, then ..." keeps "then ...").
pub fn without_when(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while !rest.is_empty() {
        let end = rest
            .find([',', ';', '.', '!', '?', '\n'])
            .map_or(rest.len(), |i| i + 1);
        let (clause, next) = rest.split_at(end);
        let lower = clause.to_lowercase();
        let cut = [" before ", " ahead of ", " until "]
            .iter()
            .filter_map(|w| lower.find(w))
            .min();
        match cut {
            Some(i) => {
                out.push_str(&clause[..i]);
                // keep the clause's punctuation
                if let Some(p) = clause.chars().last().filter(|c| !c.is_alphanumeric()) {
                    out.push(p);
                }
            }
            None => out.push_str(clause),
        }
        rest = next;
    }
    out
}

/// The text up to the first sentence break: `.` followed by a space or the
/// end (so `WCAG 2.1` stays whole), `!`, `?`, `;`, `:` or a line break.
fn first_sentence(text: &str) -> &str {
    let mut chars = text.char_indices().peekable();
    let mut start = 0;
    while let Some((i, c)) = chars.next() {
        let next = chars.peek().map(|(_, n)| *n);
        let breaks = matches!(c, '!' | '?' | ';' | ':' | '\n')
            || (c == '.' && next.is_none_or(char::is_whitespace));
        if breaks {
            if text[start..i].trim().is_empty() {
                start = i + c.len_utf8();
                continue;
            }
            return text[start..i].trim();
        }
    }
    text[start..].trim()
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
        assert_eq!(h("last week's 3-hour database outage"), None);
        assert_eq!(h(""), None);
    }

    #[test]
    fn targets_are_criteria_not_horizons() {
        let dr = "Run quarterly disaster recovery drills so we can restore within an hour";
        assert_eq!(h(dr), None);
        let t = targets(dr);
        assert_eq!(t.len(), 1, "{t:?}");
        assert_eq!(
            (
                t[0].metric.as_str(),
                t[0].op,
                t[0].value,
                t[0].unit.as_str()
            ),
            ("recovery_time", "<=", 60.0, "minutes")
        );
        assert_eq!(t[0].text, "restore within an hour");
        let bill = targets("Cut our cloud bill by 30% this year");
        assert_eq!(bill[0].metric, "cloud_bill_reduction");
        assert_eq!((bill[0].op, bill[0].value), (">=", 30.0));
        assert_eq!(
            h("Cut our cloud bill by 30% this year").as_deref(),
            Some("1 year")
        );
        assert_eq!(
            targets("make hosting 30% cheaper")[0].metric,
            "cost_reduction"
        );
        let ci = targets("Get our CI builds under 10 minutes in 2 months");
        assert_eq!((ci[0].metric.as_str(), ci[0].value), ("build_time", 10.0));
        assert_eq!(
            h("Get our CI builds under 10 minutes in 2 months").as_deref(),
            Some("2 months")
        );
        assert_eq!(targets("keep 99.95% uptime")[0].metric, "availability");
        assert_eq!(targets("p99 latency under 200ms")[0].unit, "ms");
        assert!(targets("Migrate to Kubernetes in 3 months").is_empty());
        assert!(targets("hire 30 engineers").is_empty());
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
        assert_eq!(
            title("Make our web app WCAG 2.1 AA compliant before the contract renewal"),
            "Make Web App WCAG 2.1 AA Compliant"
        );
        assert_eq!(
            title("Build a developer documentation portal so new hires can find answers"),
            "Build a Developer Documentation Portal"
        );
        assert_eq!(
            title(
                "Replace the ageing on-call rotation tooling and paging setup across all product teams in the company"
            ),
            "Replace the Ageing On-call Rotation Tooling"
        );
        assert_eq!(title(""), "");
    }

    #[test]
    fn clauses_of_time_are_not_the_work() {
        assert_eq!(
            without_when("Make our web app WCAG 2.1 AA compliant before the contract renewal"),
            "Make our web app WCAG 2.1 AA compliant"
        );
        assert_eq!(
            without_when("Harden the API before launch, then train support."),
            "Harden the API, then train support."
        );
        let s = Scenario::read("Make our web app accessible before the contract renewal");
        assert!(
            !s.domains.iter().any(|d| d.domain == "vendors"),
            "{:?}",
            s.domains
        );
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
