//! Markdown text in the seed's style (CommonMark as pulldown-cmark reads it).
//!
//! Only what Markdown would read as markup is escaped, so the text stays
//! readable: `p99 <500ms` is left alone, `*`, `` ` ``, `\` and `<tag` are
//! escaped, `[` only when a `]` follows, `&` only when it looks like an
//! entity, `_` at word boundaries. Text at the start of a line also must not
//! open a block (`# `, `> `, `- `, `1. `, `|`). Line breaks become spaces.

/// Text inside a line (after a list marker, a field label, a `**Name**:`).
pub fn inline(s: &str) -> String {
    escape(s, false)
}

/// Text that starts a line: a paragraph, a list item's whole text.
pub fn line(s: &str) -> String {
    escape(s, true)
}

/// An ATX heading's text: a trailing `#` would be read as a closing sequence.
pub fn heading(s: &str) -> String {
    let mut h = inline(s);
    if h.ends_with('#') {
        h.insert(h.len() - 1, '\\');
    }
    h
}

/// A code span, or escaped text when a code span could not hold the value
/// (empty, a backtick, surrounding spaces, a line break).
pub fn code(s: &str) -> String {
    if s.is_empty() || s.contains('`') || s.trim() != s || s.contains('\n') {
        return inline(s);
    }
    format!("`{s}`")
}

fn escape(s: &str, line_start: bool) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len() + 8);
    for (i, &c) in chars.iter().enumerate() {
        let prev = i.checked_sub(1).map(|j| chars[j]);
        let next = chars.get(i + 1).copied();
        let boundary = |x: Option<char>| x.is_none_or(|x| !x.is_alphanumeric());
        let escape = match c {
            '\\' | '`' | '*' => true,
            '_' => boundary(prev) || boundary(next),
            '<' => next.is_some_and(|n| n.is_alphabetic() || matches!(n, '/' | '!' | '?')),
            '[' => chars[i + 1..].contains(&']'),
            '&' => entity_like(&chars[i + 1..]),
            '\n' | '\r' => {
                out.push(' ');
                continue;
            }
            _ => false,
        };
        if escape {
            out.push('\\');
        }
        out.push(c);
    }
    if line_start {
        guard_line_start(&mut out);
    }
    out
}

fn entity_like(rest: &[char]) -> bool {
    let name: Vec<&char> = rest
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric() || **c == '#')
        .collect();
    !name.is_empty() && rest.get(name.len()) == Some(&';')
}

/// Text at the start of a line must not open a heading, quote, list or rule.
fn guard_line_start(out: &mut String) {
    let first = out.chars().next();
    let second = out.chars().nth(1);
    match first {
        Some('#' | '>' | '=' | '|') => out.insert(0, '\\'),
        Some('-' | '+') if second.is_none_or(|c| c == ' ' || c == first.unwrap_or(' ')) => {
            out.insert(0, '\\')
        }
        Some(c) if c.is_ascii_digit() => {
            let digits = out.chars().take_while(char::is_ascii_digit).count();
            if let Some('.' | ')') = out[digits..].chars().next()
                && out[digits + 1..].chars().next().is_none_or(|c| c == ' ')
            {
                out.insert(digits, '\\');
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_is_escaped_and_plain_text_is_not() {
        assert_eq!(inline("p99 <500ms"), "p99 <500ms");
        assert_eq!(
            inline("*a* <b> [c] &amp; d_e _f"),
            "\\*a\\* \\<b> \\[c] \\&amp; d_e \\_f"
        );
        assert_eq!(line("# not a heading"), "\\# not a heading");
        assert_eq!(line("1. not a list"), "1\\. not a list");
        assert_eq!(inline("# fine mid-line"), "# fine mid-line");
        assert_eq!(heading("C#"), "C\\#");
        assert_eq!(code("a-b"), "`a-b`");
        assert_eq!(code("a`b"), "a\\`b");
    }
}
