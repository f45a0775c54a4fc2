//! The reader never panics, whatever it is given: random text, YAML-shaped
//! text, and real workflow files with random damage.

use proptest::prelude::*;
use skill_chains_core::catalog::{Library, PersonaCatalog};
use skill_chains_core::check::check_source;
use skill_chains_core::duration::{Calendar, parse_duration};
use skill_chains_core::window::Window;

fn catalog() -> PersonaCatalog {
    PersonaCatalog::builtin()
}

/// Text built from the pieces workflow files are made of.
fn yamlish() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("name: X\n".to_string()),
        Just("phases:\n".to_string()),
        Just("  - name: P\n".to_string()),
        Just("    window: Month 1-2\n".to_string()),
        Just("    steps:\n".to_string()),
        Just("      - {persona: SRE, action: a, inputs: [x], outputs: [y]}\n".to_string()),
        Just("    decisions: [{goto: p, max_loops: 1}]\n".to_string()),
        Just(
            "success_criteria: [{text: t, metrics: [{name: m, op: '<', target: 1}]}]\n".to_string()
        ),
        Just("timeline: 2-3 months\n".to_string()),
        Just("    estimate: 1w / 2w / 3w\n".to_string()),
        Just("&a [*a]\n".to_string()),
        Just("? complex\n".to_string()),
        Just("\t- \"unterminated\n".to_string()),
        "[ -~]{0,20}\n",
    ];
    prop::collection::vec(piece, 0..30).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,400}") {
        let _ = check_source(&text, &catalog());
    }

    #[test]
    fn yaml_shaped_text_never_panics(text in yamlish()) {
        let report = check_source(&text, &catalog());
        // Every diagnostic points inside the text (or nowhere).
        for d in &report.diagnostics {
            prop_assert!(d.span.offset <= text.len());
        }
    }

    #[test]
    fn damaged_builtins_never_panic(index in 0usize..64, cut in 0usize..20_000, insert in "[ -~\\n]{0,8}") {
        let sources = Library::sources();
        prop_assume!(!sources.is_empty());
        let (_, source) = sources[index % sources.len()];
        let mut at = cut.min(source.len());
        while !source.is_char_boundary(at) { at -= 1; }
        let mut end = (at + 3).min(source.len());
        while !source.is_char_boundary(end) { end += 1; }
        let damaged = format!("{}{}{}", &source[..at], insert, &source[end..]);
        let _ = check_source(&damaged, &catalog());
    }

    #[test]
    fn time_expressions_never_panic(text in "\\PC{0,30}") {
        let _ = parse_duration(&text, Calendar::Business);
        let _ = Window::parse(&text, Calendar::Continuous);
    }
}
