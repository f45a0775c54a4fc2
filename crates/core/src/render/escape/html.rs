//! HTML text and attribute values, for the exported pages.
//!
//! The pages are written XHTML-compatible (void elements closed with `/>`),
//! so the rules are XML's: the five markup characters as entities (`&#39;`,
//! which HTML 4 knows, rather than `&apos;`) and unprintable controls, which
//! HTML reports as parse errors, as U+FFFD.

use super::xml;

/// Text content of an element.
pub fn text(s: &str) -> String {
    xml::text(s)
}

/// A quoted attribute value.
pub fn attr(s: &str) -> String {
    xml::attr(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_matches_the_xml_rules() {
        assert_eq!(text("<b>&'\""), "&lt;b&gt;&amp;&#39;&quot;");
        assert_eq!(attr("a\nb"), "a&#10;b");
    }
}
