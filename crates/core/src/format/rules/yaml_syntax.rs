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
`skill-chains new` writes a template that checks clean.",
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
