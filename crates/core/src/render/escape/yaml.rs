//! YAML scalars in the front matter of Mermaid charts and Claude Code files.
//!
//! A JSON string is a valid YAML double-quoted scalar, escapes included, so
//! quoting goes through `serde_json`, plus `\u` escapes for what JSON leaves
//! raw but YAML does not allow in a stream (DEL, C1 controls, U+FFFE/FFFF)
//! or a reader might take for a line break (U+2028, U+2029); plain scalars
//! are kept plain when nothing in them could be read as YAML syntax.

/// A double-quoted scalar.
pub fn double_quoted(s: &str) -> String {
    let json = serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into());
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        if c.is_control()
            || matches!(
                c,
                '\u{2028}' | '\u{2029}' | '\u{FEFF}' | '\u{FFFE}' | '\u{FFFF}'
            )
        {
            out.push_str(&format!("\\u{:04x}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    out
}

/// `s` as a plain scalar when it is safe as one, else double-quoted.
pub fn scalar(s: &str) -> String {
    let plain = !s.is_empty()
        && s.trim() == s
        && !s.contains([
            ':', '#', '"', '\'', '<', '[', ']', '{', '}', ',', '\n', '\r', '\t', '\\',
        ])
        && !s.starts_with(['-', '?', '!', '&', '*', '|', '>', '%', '@', '`'])
        && !s.chars().any(|c| c.is_control());
    if plain {
        s.to_string()
    } else {
        double_quoted(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_only_when_needed() {
        assert_eq!(scalar("<workflow>"), "\"<workflow>\"");
        assert_eq!(scalar("plain words"), "plain words");
        assert_eq!(scalar("- dash"), "\"- dash\"");
        assert_eq!(double_quoted("a\"b\nc\u{1}"), "\"a\\\"b\\nc\\u0001\"");
        assert_eq!(double_quoted("x\u{7f}\u{2028}é"), "\"x\\u007f\\u2028é\"");
    }
}
