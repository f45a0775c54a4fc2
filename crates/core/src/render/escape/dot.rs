//! Graphviz DOT double-quoted strings (graph, node and edge IDs and labels).
//!
//! Inside `"..."` only `"` and `\` are special to the DOT parser, but a
//! backslash also starts Graphviz's label escapes (`\n`, `\l`, `\N`, `\G`),
//! so both are escaped; a raw line break would end up in the drawing, so
//! line breaks and tabs become spaces, and unprintable controls (which make
//! `dot -Tsvg` write SVG that no XML parser reads) are dropped. HTML-like
//! labels (`<...>`) are not used.

use super::is_unprintable;

/// A DOT double-quoted string, quotes included.
pub fn quote(s: &str) -> String {
    format!("\"{}\"", inner(s))
}

/// The inside of a DOT double-quoted string, for labels assembled from
/// several escaped parts (joined with DOT's own `\n`).
pub fn inner(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 4);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' | '\r' | '\t' => out.push(' '),
            c if is_unprintable(c) => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_backslashes_and_breaks() {
        assert_eq!(quote("a \"b\" \\n\nc\u{1}"), "\"a \\\"b\\\" \\\\n c\"");
        assert_eq!(inner("<html> & [x]"), "<html> & [x]");
    }
}
