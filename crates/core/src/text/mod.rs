//! Words and names: the key two spellings of a name share, the analysis of
//! prose into stems ([`words`], with the field's synonyms), and a BM25 index
//! to rank documents by them ([`index`]).
//!
//! Everything that matches names written by people (personas, workflows,
//! categories, program members) goes through here, from the importer up to
//! the designer. It knows the model only as text to index and must not
//! depend on the catalog, the checks or anything that reads files.

pub mod index;
pub mod synonyms;
pub mod words;

/// The key two spellings of a name share: lowercase letters and digits only.
pub fn normalise(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(|c| c.to_lowercase())
        .collect()
}

/// Text from outside (a model's answer, an API's error body, a command's
/// output) made safe to print on a terminal: control characters other than
/// newline and tab, DEL and the C1 range are shown as `\x1b`-style escapes,
/// so an error body cannot set the window title, clear the screen or
/// recolour what follows. Text without them is returned as it is.
pub fn terminal_safe(text: &str) -> std::borrow::Cow<'_, str> {
    let unsafe_char = |c: char| c.is_control() && c != '\n' && c != '\t';
    if !text.chars().any(unsafe_char) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if unsafe_char(c) {
            let n = c as u32;
            if n <= 0xff {
                out.push_str(&format!("\\x{n:02x}"));
            } else {
                out.push_str(&format!("\\u{{{n:x}}}"));
            }
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod terminal_tests {
    use super::terminal_safe;

    #[test]
    fn control_characters_are_shown_not_obeyed() {
        assert_eq!(terminal_safe("plain\ttext\n"), "plain\ttext\n");
        assert_eq!(
            terminal_safe("\u{1b}]0;owned\u{7}\u{1b}[2J red"),
            "\\x1b]0;owned\\x07\\x1b[2J red"
        );
        assert_eq!(
            terminal_safe("nul\0 del\u{7f} c1\u{9b}"),
            "nul\\x00 del\\x7f c1\\x9b"
        );
        assert_eq!(terminal_safe("line\r"), "line\\x0d");
    }
}
