//! Mermaid text: quoted flowchart labels, unquoted Gantt names, and the
//! front-matter title.
//!
//! Mermaid reads `#name;` and `#number;` as entity codes in every diagram
//! (it swaps them out before parsing and back after drawing), so a label
//! keeps its characters: `"` is `#quot;`, `#` is `#35;` (it starts the
//! codes), `|` ends an edge label, `;` ends a statement, `<`, `>` and `&`
//! would be read as HTML, a backtick opens a Markdown string. Brackets are
//! safe inside quotes. Line breaks and controls become spaces.

use super::is_unprintable;

/// A flowchart label for inside `"..."` (nodes, subgraphs, edge labels).
pub fn label(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '"' => out.push_str("#quot;"),
            '#' => out.push_str("#35;"),
            '&' => out.push_str("#amp;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '`' => out.push_str("#96;"),
            ';' => out.push_str("#59;"),
            '|' => out.push_str("#124;"),
            '\n' | '\r' | '\t' => out.push(' '),
            c if is_unprintable(c) => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Words of a `gantt` chart's grammar that start a line of their own: a
/// task or title beginning with one would be read as the keyword.
const GANTT_KEYWORDS: [&str; 19] = [
    "accdescr",
    "accdescription",
    "acctitle",
    "axisformat",
    "call",
    "click",
    "dateformat",
    "excludes",
    "gantt",
    "href",
    "includes",
    "inclusiveenddates",
    "section",
    "tickinterval",
    "title",
    "todaymarker",
    "topaxis",
    "weekday",
    "weekend",
];

/// A title, section or task name of a `gantt` chart. They are not quoted:
/// `:` (which ends a task name), `;`, `#` and line breaks become spaces
/// (as ever), `%` (a comment) is `#37;`, and a name that the grammar would
/// read as something else (a keyword, a date, a string) starts with its
/// first character as an entity code.
pub fn gantt_text(s: &str) -> String {
    let spaced: String = s
        .chars()
        .map(|c| {
            // U+FEFF: the chart's lexer skips it as white space.
            if matches!(c, ':' | ';' | '#' | '\n' | '\r' | '\t' | '\u{FEFF}') || is_unprintable(c) {
                ' '
            } else {
                c
            }
        })
        .collect();
    let trimmed = spaced.trim();
    let mut out = String::with_capacity(trimmed.len() + 8);
    let lower = trimmed.to_lowercase();
    let keyword = GANTT_KEYWORDS.iter().any(|k| {
        lower
            .strip_prefix(k)
            .is_some_and(|rest| !rest.starts_with(|c: char| c.is_alphanumeric() || c == '_'))
    });
    let guard = keyword || trimmed.starts_with('"') || starts_with_date(trimmed);
    for (i, c) in trimmed.chars().enumerate() {
        if c == '%' {
            out.push_str("#37;");
        } else if i == 0 && guard {
            out.push_str(&format!("#{};", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    if out.is_empty() {
        out.push_str("(unnamed)");
    }
    out
}

/// `dddd-dd-dd`: the grammar reads it as a date.
fn starts_with_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 10
        && b[..10].iter().enumerate().all(|(i, c)| match i {
            4 | 7 => *c == b'-',
            _ => c.is_ascii_digit(),
        })
}

/// The `title:` of a chart's YAML front matter.
pub fn front_matter_title(s: &str) -> String {
    super::yaml::double_quoted(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_end_nowhere() {
        assert_eq!(
            label("a \"b\" <c> & d/e [f] #1; |g| `h`\nx\u{1}"),
            "a #quot;b#quot; #lt;c#gt; #amp; d/e [f] #35;1#59; #124;g#124; #96;h#96; x "
        );
    }

    #[test]
    fn gantt_names_cannot_become_keywords() {
        assert_eq!(gantt_text(" a: b; #c\n"), "a  b   c");
        assert_eq!(gantt_text("Section review"), "#83;ection review");
        assert_eq!(gantt_text("2024-01-01 go"), "#50;024-01-01 go");
        assert_eq!(gantt_text("cut 20%"), "cut 20#37;");
        assert_eq!(gantt_text("::"), "(unnamed)");
        assert_eq!(gantt_text("gate (CTO)"), "gate (CTO)");
        assert_eq!(gantt_text("Titles and calls"), "Titles and calls");
        assert_eq!(gantt_text("title x"), "#116;itle x");
        assert_eq!(gantt_text("90-day plan"), "90-day plan");
    }
}
