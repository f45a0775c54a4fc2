//! XML text and attribute values, for the SVG drawings (flows, Gantt charts).
//!
//! The five markup characters become entities (`'` and `"` too, so one
//! function serves single- and double-quoted attributes), and characters XML
//! 1.0 cannot hold (C0/C1 controls but tab and line breaks, U+FFFE, U+FFFF)
//! become U+FFFD, the replacement character: a document with them does not
//! parse, even as character references.

use super::is_unprintable;

/// Text content of an element.
pub fn text(s: &str) -> String {
    escape(s, false)
}

/// A quoted attribute value. Tabs and line breaks are written as character
/// references, which attribute-value normalisation keeps.
pub fn attr(s: &str) -> String {
    escape(s, true)
}

fn escape(s: &str, attr: bool) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' if attr => out.push_str("&#9;"),
            '\n' if attr => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            c if is_unprintable(c) => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_quotes_and_controls_are_inert() {
        assert_eq!(
            text("a & b <c> \"d\" 'e'"),
            "a &amp; b &lt;c&gt; &quot;d&quot; &#39;e&#39;"
        );
        assert_eq!(
            text("x\u{1}y\u{7f}z\u{FFFF}"),
            "x\u{FFFD}y\u{FFFD}z\u{FFFD}"
        );
        assert_eq!(text("line\nbreak"), "line\nbreak");
        assert_eq!(attr("line\nbreak\ttab\r"), "line&#10;break&#9;tab&#13;");
        assert_eq!(text("über 東京 🚀"), "über 東京 🚀");
    }
}
