//! SC000: the file is not a readable workflow (YAML syntax, wrong types).

use crate::diagnostic::{RuleInfo, Severity};

pub(crate) static RULE: RuleInfo = RuleInfo {
    code: "SC000",
    name: "unreadable-file",
    summary: "the file is not valid YAML or a value has the wrong type",
    explanation: "The file could not be read as a workflow: the YAML is malformed (bad indentation, \
an unclosed quote or bracket) or a value has the wrong type (a list where a text is expected, \
a word where a number is expected). Nothing else is checked until this is fixed.\n\n\
Fix: look at the marked line. `skill-chains schema` prints the JSON Schema of the format, and \
`skill-chains new` writes a template that checks without errors.",
    severity: Severity::Error,
};

#[cfg(test)]
mod tests {
    use crate::check::rules::test_support::{CLEAN, codes, diagnostics, variant};

    #[test]
    fn triggers_on_bad_yaml_and_wrong_types() {
        let d = diagnostics("name: [unclosed\n");
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].code, "SC000");
        let d = diagnostics(&variant("window: Month 1\n", "window: [Month, 1]\n"));
        assert_eq!(d.iter().map(|d| d.code).collect::<Vec<_>>(), ["SC000"]);
        assert_eq!(d[0].span.line, 9);
        assert_eq!(codes(""), ["SC000"]);
    }

    #[test]
    fn a_missing_key_is_reported_at_the_top_of_its_mapping() {
        let yaml = CLEAN.replacen("name: Tiny Rollout\n", "", 1) + "notes: [x]\n";
        let d = diagnostics(&yaml);
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(d[0].message, "missing required key `name`");
        assert_eq!((d[0].span.line, d[0].span.column), (1, 1));
        // In a step, at the step's first key, not at its last.
        let d = diagnostics(&variant(
            "        action: Review operational readiness\n",
            "",
        ));
        assert_eq!(d[0].message, "missing required key `action`");
        assert_eq!((d[0].span.line, d[0].span.column), (16, 9));
    }

    #[test]
    fn a_workflow_of_twenty_thousand_steps_is_read() {
        let mut yaml = String::from("name: Big\nphases:\n");
        for p in 0..100 {
            yaml.push_str(&format!(
                "  - id: p{p}\n    name: Phase {p}\n    deliverable: {{text: Done, artifact: a{p}-199}}\n    steps:\n"
            ));
            for s in 0..200 {
                yaml.push_str(&format!(
                    "      - id: p{p}-s{s}\n        persona: SRE\n        action: Do part {s}\n        estimate: 1d\n        outputs: [a{p}-{s}]\n"
                ));
            }
        }
        let (raw, _) = crate::format::parse_raw(&yaml).expect("read");
        let steps: usize = raw.phases.iter().map(|p| p.value.steps.len()).sum();
        assert_eq!(steps, 20_000);
    }

    #[test]
    fn a_limit_of_the_reader_is_one_line_in_words() {
        let yaml = format!("name: x\nextra: {}{}\n", "[".repeat(80), "]".repeat(80));
        let d = diagnostics(&yaml);
        assert_eq!(codes(&yaml), ["SC000"]);
        assert_eq!(d[0].message, "the YAML is nested more than 64 levels deep");
        assert!(!d[0].help.as_deref().unwrap_or("").contains('{'));
    }

    #[test]
    fn near_miss_quoted_text_is_fine() {
        assert!(
            codes(&variant(
                "name: Tiny Rollout",
                "name: \"Tiny: Rollout [v2]\""
            ))
            .is_empty()
        );
        assert!(codes(CLEAN).is_empty());
    }
}
