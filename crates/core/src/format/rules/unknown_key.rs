//! SC016: a key the format does not know (a warning: it is ignored).

use crate::diagnostic::{Diagnostic, RuleInfo, Severity};
use crate::span::Span;

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "SC016",
    name: "unknown-key",
    summary: "a key the workflow format does not know; it is ignored",
    explanation: "The key is not part of the workflow format, so its value is ignored. Usually it \
is a typo (`deliverables` for `deliverable`, `persona_name` for `persona`) or a key from another \
tool. Unknown keys are warnings, not errors, so files written for a newer version still load.\n\n\
Fix: rename the key to the one suggested, or remove it. `skill-chains schema` lists every key.",
    severity: Severity::Warning,
};

pub(crate) fn diagnostic(key: &str, span: Span, known: &[&str]) -> Diagnostic {
    let nearest = known
        .iter()
        .map(|k| (strsim::jaro_winkler(key, k), *k))
        .filter(|(s, _)| *s > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0));
    let d = RULE.at(
        Span {
            len: key.len(),
            ..span
        },
        format!("unknown key `{key}` is ignored"),
    );
    match nearest {
        Some((_, k)) => d
            .label("not a workflow key")
            .help(format!("did you mean `{k}`?")),
        None => d
            .label("not a workflow key")
            .help(format!("known keys here: {}", known.join(", "))),
    }
}

#[cfg(test)]
mod tests {
    use crate::check::rules::test_support::{codes, diagnostics, variant};

    #[test]
    fn triggers_with_location_and_suggestion() {
        let d = diagnostics(&variant(
            "    deliverable: {text: Rollout plan",
            "    deliverables: {text: Rollout plan",
        ));
        let unknown: Vec<_> = d.iter().filter(|d| d.code == "SC016").collect();
        assert_eq!(unknown.len(), 1);
        assert_eq!(unknown[0].span.line, 21);
        assert_eq!(unknown[0].span.column, 5);
        assert_eq!(
            unknown[0].help.as_deref(),
            Some("did you mean `deliverable`?")
        );
        // Nested keys inside steps are checked too.
        let d = codes(&variant(
            "        action: Design the rollout\n",
            "        action: Design the rollout\n        colour: blue\n",
        ));
        assert_eq!(d, ["SC016"]);
    }

    #[test]
    fn near_miss_known_optional_keys() {
        assert!(
            codes(&variant(
                "name: Tiny Rollout",
                "name: Tiny Rollout\nversion: 2\npitfalls: [x]"
            ))
            .is_empty()
        );
    }
}
