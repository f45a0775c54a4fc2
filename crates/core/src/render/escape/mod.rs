//! Escaping, one module per target language. Every renderer puts text it did
//! not write itself (names, actions, conditions, approvers) through one of
//! these, and none escapes by hand, so a character that breaks one output
//! breaks none of the others.
//!
//! Each function takes any string, control characters and non-ASCII
//! included, and returns text that is inert in its context. They never
//! shorten or reword: cutting and wrapping happen before escaping.

pub mod dot;
pub mod html;
pub mod markdown;
pub mod mermaid;
pub mod xml;
pub mod yaml;

/// Control characters other than tab, newline and carriage return: no
/// target shows them, XML 1.0 cannot hold them at all.
fn is_unprintable(c: char) -> bool {
    (c.is_control() && !matches!(c, '\t' | '\n' | '\r')) || matches!(c, '\u{FFFE}' | '\u{FFFF}')
}
