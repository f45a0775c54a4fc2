//! Text analysis for retrieval: words as the user wrote them, the field's
//! vocabulary folded onto one spelling ([`super::synonyms`]), stop words
//! dropped, and a light suffix-stripping stemmer so that "migrate",
//! "migrating" and "migration" meet.
//!
//! It must stay cheap and deterministic: every query and every library
//! document goes through it.

use crate::text::synonyms;

/// One analysed word: the stem used for matching and the word as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    pub stem: String,
    pub word: String,
}

/// Words that carry no meaning for retrieval.
const STOP_WORDS: &[&str] = &[
    "a",
    "about",
    "after",
    "again",
    "all",
    "also",
    "am",
    "an",
    "and",
    "any",
    "are",
    "as",
    "at",
    "be",
    "because",
    "been",
    "before",
    "being",
    "both",
    "but",
    "by",
    "can",
    "could",
    "day",
    "days",
    "do",
    "does",
    "doing",
    "done",
    "e",
    "each",
    "eg",
    "eight",
    "etc",
    "evening",
    "every",
    "five",
    "for",
    "four",
    "from",
    "g",
    "get",
    "go",
    "going",
    "got",
    "had",
    "has",
    "have",
    "having",
    "help",
    "hour",
    "hours",
    "how",
    "i",
    "ie",
    "if",
    "in",
    "into",
    "is",
    "it",
    "its",
    "just",
    "keep",
    "keeps",
    "last",
    "let",
    "lets",
    "like",
    "make",
    "many",
    "me",
    "minute",
    "minutes",
    "month",
    "months",
    "more",
    "morning",
    "most",
    "much",
    "must",
    "my",
    "need",
    "needs",
    "new",
    "next",
    "night",
    "nine",
    "no",
    "not",
    "now",
    "of",
    "on",
    "one",
    "only",
    "or",
    "other",
    "our",
    "out",
    "over",
    "own",
    "per",
    "plan",
    "please",
    "quarter",
    "quarters",
    "really",
    "right",
    "same",
    "see",
    "set",
    "seven",
    "should",
    "since",
    "six",
    "so",
    "some",
    "still",
    "such",
    "ten",
    "than",
    "that",
    "the",
    "their",
    "them",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "three",
    "through",
    "to",
    "today",
    "tonight",
    "too",
    "twelve",
    "two",
    "under",
    "up",
    "us",
    "use",
    "using",
    "very",
    "via",
    "vs",
    "want",
    "was",
    "way",
    "we",
    "week",
    "weekend",
    "weeks",
    "were",
    "what",
    "when",
    "where",
    "which",
    "while",
    "who",
    "why",
    "will",
    "with",
    "within",
    "without",
    "would",
    "year",
    "years",
    "yesterday",
    "you",
    "your",
];

fn is_stop_word(word: &str) -> bool {
    STOP_WORDS.binary_search(&word).is_ok()
}

/// Analyse text into terms, in order (repeats kept: they are term frequency).
pub fn analyse(text: &str) -> Vec<Term> {
    let mut out = Vec::new();
    for word in synonyms::normalise_phrases(&words(text)) {
        for canonical in synonyms::expand(&word) {
            // Bare numbers ("20", "500") say little about which playbook fits.
            let number = canonical.chars().all(|c| c.is_ascii_digit() || c == '.');
            if canonical.chars().count() < 2 || number || is_stop_word(canonical) {
                continue;
            }
            out.push(Term {
                stem: stem(canonical),
                word: word.clone(),
            });
        }
    }
    out
}

/// The distinct stems of a text.
pub fn stems(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for t in analyse(text) {
        if !out.contains(&t.stem) {
            out.push(t.stem);
        }
    }
    out
}

/// Lowercase words: letters and digits, with `&` kept inside a word (`m&a`).
pub(crate) fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let inner_amp =
            c == '&' && !cur.is_empty() && chars.get(i + 1).is_some_and(|n| n.is_alphanumeric());
        if c.is_alphanumeric() || inner_amp {
            cur.extend(c.to_lowercase());
        } else if !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// Suffixes stripped by [`stem`], longest first, with what replaces them.
const SUFFIXES: &[(&str, &str)] = &[
    ("izations", "iz"),
    ("isations", "iz"),
    ("ization", "iz"),
    ("isation", "iz"),
    ("ations", "at"),
    ("ation", "at"),
    ("ments", ""),
    ("ment", ""),
    ("ities", ""),
    ("ings", ""),
    ("ness", ""),
    ("ing", ""),
    ("ies", "y"),
    ("ied", "y"),
    ("ity", ""),
    ("ers", ""),
    ("ed", ""),
    ("er", ""),
    ("es", ""),
    ("ly", ""),
    ("s", ""),
];

/// A light stemmer for English: at most two suffix strips, then a final `e`.
/// Words with digits and short words are left alone.
pub fn stem(word: &str) -> String {
    if word.chars().count() <= 3 || word.chars().any(|c| c.is_ascii_digit()) || !word.is_ascii() {
        return word.to_string();
    }
    let mut w = word.to_string();
    for _ in 0..2 {
        let Some((suffix, with)) = SUFFIXES.iter().find(|(s, _)| {
            w.ends_with(s)
                && w.len() - s.len() >= 3
                && !(*s == "s" && (w.ends_with("ss") || w.ends_with("us") || w.ends_with("is")))
        }) else {
            break;
        };
        w.truncate(w.len() - suffix.len());
        w.push_str(with);
    }
    if w.len() > 4 && w.ends_with('e') {
        w.pop();
    }
    w
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stop_words_are_sorted_for_binary_search() {
        let mut sorted = STOP_WORDS.to_vec();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted, STOP_WORDS);
    }

    #[test]
    fn word_families_share_a_stem() {
        for family in [
            &[
                "migrate",
                "migrating",
                "migration",
                "migrations",
                "migrated",
            ][..],
            &["engineer", "engineers", "engineering"],
            &["deploy", "deploys", "deployment", "deploying"],
            &["optimize", "optimization", "optimizing"],
            &["internationalize", "internationalization"],
            &["service", "services"],
            &["automate", "automated", "automation"],
        ] {
            let stems: Vec<String> = family.iter().map(|w| stem(w)).collect();
            assert!(
                stems.iter().all(|s| s == &stems[0]),
                "{family:?} -> {stems:?}"
            );
        }
        assert_eq!(stem("soc2"), "soc2");
        assert_eq!(stem("api"), "api");
        assert_eq!(stem("kubernetes"), stem("kubernetes"));
    }

    #[test]
    fn words_keep_inner_ampersands() {
        assert_eq!(
            words("M&A due-diligence, Q3!"),
            ["m&a", "due", "diligence", "q3"]
        );
        assert_eq!(words("R & D"), ["r", "d"]);
    }

    #[test]
    fn analysis_drops_stop_words_and_keeps_what_was_written() {
        let terms = analyse("We need to migrate the services");
        let stems: Vec<&str> = terms.iter().map(|t| t.stem.as_str()).collect();
        assert_eq!(stems, ["migrat", "servic"]);
        assert_eq!(terms[0].word, "migrate");
    }
}
