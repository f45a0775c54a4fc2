//! The field's vocabulary folded onto one spelling, so that a situation in
//! plain words finds the playbook that says it differently: an "outage" is an
//! incident, "SOC2" is SOC 2, "k8s" is Kubernetes, "M&A" is an acquisition.
//!
//! Applied the same way to queries and to library documents. Small on
//! purpose: every entry is a word people in the field use interchangeably.

/// Word sequences read as one word (after lowercasing and splitting).
const PHRASES: &[(&[&str], &str)] = &[
    (&["soc", "2"], "soc2"),
    (&["soc", "ii"], "soc2"),
    (&["iso", "27001"], "iso27001"),
    (&["post", "mortem"], "postmortem"),
    (&["post", "mortems"], "postmortem"),
    (&["game", "day"], "gameday"),
    (&["game", "days"], "gameday"),
    (&["m", "a"], "acquisition"),
    (&["infrastructure", "as", "code"], "iac"),
    (&["on", "call"], "oncall"),
    (&["ci", "cd"], "cicd"),
    (&["a", "b"], "experiment"),
    (&["machine", "learning"], "ml"),
    (&["artificial", "intelligence"], "ai"),
    (&["user", "experience"], "ux"),
    (&["developer", "experience"], "devex"),
    (&["single", "sign", "on"], "sso"),
    (&["technical", "debt"], "techdebt"),
    (&["tech", "debt"], "techdebt"),
    (&["due", "diligence"], "diligence"),
    (&["root", "cause"], "rca"),
    (&["disaster", "recovery"], "dr"),
    (&["multi", "region"], "multiregion"),
    (&["design", "system"], "designsystem"),
    (&["design", "systems"], "designsystem"),
    (&["is", "down"], "outage"),
    (&["are", "down"], "outage"),
    (&["was", "down"], "outage"),
    (&["went", "down"], "outage"),
    (&["goes", "down"], "outage"),
    (&["500", "errors"], "outage"),
];

/// Single words and what they stand for. A word not listed stands for itself.
const WORDS: &[(&str, &[&str])] = &[
    ("500s", &["incident"]),
    ("5xx", &["incident"]),
    ("a11y", &["accessibility"]),
    ("acquire", &["acquisition"]),
    ("acquired", &["acquisition"]),
    ("acquiring", &["acquisition"]),
    ("aks", &["kubernetes"]),
    ("algolia", &["algolia", "search"]),
    ("android", &["android", "mobile"]),
    ("availability", &["availability", "reliability"]),
    ("aws", &["aws", "cloud"]),
    ("azure", &["azure", "cloud"]),
    ("ccpa", &["ccpa", "privacy"]),
    ("cloudformation", &["cloudformation", "iac"]),
    ("db", &["database"]),
    ("deprecate", &["deprecation"]),
    ("deprecating", &["deprecation"]),
    ("downtime", &["incident"]),
    ("dsar", &["dsar", "privacy"]),
    ("dsars", &["dsar", "privacy"]),
    ("eks", &["kubernetes"]),
    ("elasticsearch", &["elasticsearch", "search"]),
    ("gcp", &["gcp", "cloud"]),
    ("gdpr", &["gdpr", "privacy"]),
    ("genai", &["ai", "ml"]),
    ("gke", &["kubernetes"]),
    ("hipaa", &["hipaa", "compliance"]),
    ("hire", &["hiring"]),
    ("hires", &["hiring"]),
    ("i18n", &["internationalization"]),
    ("internationalisation", &["internationalization"]),
    ("ios", &["ios", "mobile"]),
    ("k8s", &["kubernetes"]),
    ("l10n", &["localization"]),
    ("latency", &["latency", "performance"]),
    ("llm", &["llm", "ai", "ml"]),
    ("llms", &["llm", "ai", "ml"]),
    ("locale", &["locale", "localization"]),
    ("locales", &["locale", "localization"]),
    ("localisation", &["localization"]),
    ("logging", &["logging", "observability"]),
    ("m&a", &["acquisition"]),
    ("merger", &["acquisition", "merger"]),
    ("mergers", &["acquisition", "merger"]),
    ("microservice", &["microservices"]),
    ("monitoring", &["monitoring", "observability"]),
    ("mysql", &["mysql", "database"]),
    ("opensearch", &["opensearch", "search"]),
    ("outage", &["incident"]),
    ("outages", &["incident"]),
    ("overhaul", &["redesign"]),
    ("p99", &["p99", "performance"]),
    ("pci", &["pci", "compliance"]),
    ("pentest", &["pentest", "security"]),
    ("postgres", &["postgres", "database"]),
    ("postgresql", &["postgres", "database"]),
    ("pulumi", &["pulumi", "iac"]),
    ("rebrand", &["redesign"]),
    ("recruit", &["hiring"]),
    ("recruiting", &["hiring"]),
    ("recruitment", &["hiring"]),
    ("reorg", &["org", "redesign"]),
    ("reorganisation", &["org", "redesign"]),
    ("reorganization", &["org", "redesign"]),
    ("restructuring", &["org", "redesign"]),
    ("revamp", &["redesign"]),
    ("sev0", &["incident"]),
    ("sev1", &["incident"]),
    ("sev2", &["incident"]),
    ("sla", &["sla", "reliability"]),
    ("slas", &["sla", "reliability"]),
    ("slo", &["slo", "reliability"]),
    ("slos", &["slo", "reliability"]),
    ("solr", &["solr", "search"]),
    ("spend", &["cost"]),
    ("spending", &["cost"]),
    ("sunset", &["deprecation"]),
    ("sunsetting", &["deprecation"]),
    ("telemetry", &["telemetry", "observability"]),
    ("terraform", &["terraform", "iac"]),
    ("tracing", &["tracing", "observability"]),
    ("translate", &["translation", "localization"]),
    ("translation", &["translation", "localization"]),
    ("translations", &["translation", "localization"]),
    ("uptime", &["uptime", "reliability"]),
    ("vuln", &["vulnerability"]),
    ("vulns", &["vulnerability"]),
    ("wcag", &["wcag", "accessibility"]),
];

/// Join the word sequences of [`PHRASES`] into their one-word form.
pub fn normalise_phrases(words: &[String]) -> Vec<String> {
    let mut out = Vec::with_capacity(words.len());
    let mut i = 0;
    'outer: while i < words.len() {
        for (phrase, one) in PHRASES {
            let n = phrase.len();
            if i + n <= words.len()
                && words[i..i + n]
                    .iter()
                    .zip(phrase.iter())
                    .all(|(w, p)| w == p)
            {
                out.push(one.to_string());
                i += n;
                continue 'outer;
            }
        }
        out.push(words[i].clone());
        i += 1;
    }
    out
}

/// What a word stands for: its canonical forms, or the word itself.
pub fn expand(word: &str) -> Vec<&str> {
    let find = |w: &str| WORDS.binary_search_by(|(k, _)| k.cmp(&w)).ok();
    // A plural of a listed word stands for the same ("sev1s", "eks").
    let plural = || {
        word.strip_suffix('s')
            .filter(|w| w.len() > 1)
            .and_then(find)
    };
    match find(word).or_else(plural) {
        Some(i) => WORDS[i].1.to_vec(),
        None => vec![word],
    }
}

/// Every entry, for documentation: (written, stands for).
pub fn table() -> Vec<(String, String)> {
    let phrases = PHRASES
        .iter()
        .map(|(p, one)| (p.join(" "), one.to_string()));
    let words = WORDS.iter().map(|(w, to)| (w.to_string(), to.join(", ")));
    phrases.chain(words).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::words::{stems, words};

    #[test]
    fn words_are_sorted_for_binary_search() {
        let keys: Vec<&str> = WORDS.iter().map(|(w, _)| *w).collect();
        let mut sorted = keys.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(keys, sorted);
    }

    #[test]
    fn the_fields_spellings_meet() {
        let same = |a: &str, b: &str| {
            let (sa, sb) = (stems(a), stems(b));
            assert!(
                sb.iter().all(|s| sa.contains(s)) || sa.iter().all(|s| sb.contains(s)),
                "{a:?} {sa:?} vs {b:?} {sb:?}"
            );
        };
        same("outage", "incident");
        same("SOC2", "SOC 2");
        same("soc-2", "SOC 2");
        same("k8s", "Kubernetes");
        same("a11y", "accessibility");
        same("i18n", "internationalization");
        same("M&A", "acquisition");
        same("m & a", "acquisition");
        same("post-mortem", "postmortem");
        same("Infrastructure as Code", "IaC");
        same("two sev1s", "incident");
    }

    #[test]
    fn phrases_join_only_whole_sequences() {
        let w = words("SOC 2 and soc controls");
        assert_eq!(normalise_phrases(&w), ["soc2", "and", "soc", "controls"]);
    }
}
