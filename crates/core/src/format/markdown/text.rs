//! Inline text as the importer sees it: the plain characters of a paragraph
//! line (strong markers dropped, code spans kept with their backticks), and
//! for every piece the byte range it came from, so any slice of the text can
//! be pointed at in the Markdown source.

use std::ops::Range;

use crate::span::Span;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Plain,
    Strong,
    Code,
    /// A soft or hard line break, stored as `\n`.
    Break,
}

#[derive(Debug, Clone)]
pub(crate) struct Piece {
    pub kind: Kind,
    /// Where the piece is in [`Text::s`].
    pub at: Range<usize>,
    /// Where it was written in the source.
    pub src: Range<usize>,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct Text {
    pub s: String,
    pub pieces: Vec<Piece>,
}

impl Text {
    pub fn push(&mut self, kind: Kind, text: &str, src: Range<usize>) {
        if text.is_empty() {
            return;
        }
        let start = self.s.len();
        self.s.push_str(text);
        self.pieces.push(Piece {
            kind,
            at: start..self.s.len(),
            src,
        });
    }

    pub fn as_str(&self) -> &str {
        &self.s
    }

    /// The lines between breaks.
    pub fn lines(&self) -> Vec<Text> {
        let mut out = Vec::new();
        let mut start = 0;
        for p in &self.pieces {
            if p.kind == Kind::Break {
                out.push(self.slice(start..p.at.start));
                start = p.at.end;
            }
        }
        out.push(self.slice(start..self.s.len()));
        out
    }

    /// The part of the text in `r` (byte positions on char boundaries).
    pub fn slice(&self, r: Range<usize>) -> Text {
        let r = r.start.min(self.s.len())..r.end.min(self.s.len()).max(r.start.min(self.s.len()));
        let mut out = Text {
            s: self.s.get(r.clone()).unwrap_or_default().to_string(),
            pieces: Vec::new(),
        };
        for p in &self.pieces {
            let a = p.at.start.max(r.start);
            let b = p.at.end.min(r.end);
            if a >= b {
                continue;
            }
            out.pieces.push(Piece {
                kind: p.kind,
                at: a - r.start..b - r.start,
                src: shift(&p.src, a - p.at.start)..shift(&p.src, b - p.at.start),
            });
        }
        out
    }

    /// `self` followed by a space and `other` (a wrapped line joined back).
    pub fn append(&mut self, other: &Text) {
        if !self.s.is_empty() && !other.s.is_empty() {
            let at = other.pieces.first().map(|p| p.src.start).unwrap_or(0);
            self.push(Kind::Plain, " ", at..at);
        }
        let base = self.s.len();
        self.s.push_str(&other.s);
        self.pieces.extend(other.pieces.iter().map(|p| Piece {
            kind: p.kind,
            at: p.at.start + base..p.at.end + base,
            src: p.src.clone(),
        }));
    }

    /// The source offset of text position `i`.
    pub fn src_at(&self, i: usize) -> usize {
        match self.pieces.iter().find(|p| i < p.at.end) {
            Some(p) => shift(&p.src, i.saturating_sub(p.at.start)),
            None => self.pieces.last().map(|p| p.src.end).unwrap_or(0),
        }
    }

    /// The source offset just after text position `i - 1`.
    fn src_end_at(&self, i: usize) -> usize {
        match self.pieces.iter().find(|p| p.at.start < i && i <= p.at.end) {
            Some(p) => shift(&p.src, i - p.at.start),
            None => self.src_at(i),
        }
    }

    /// The source range of text range `r`.
    pub fn src_range(&self, r: Range<usize>) -> Range<usize> {
        let a = self.src_at(r.start);
        if r.start >= r.end {
            return a..a;
        }
        a..self.src_end_at(r.end).max(a)
    }

    /// The whole text's trimmed range.
    pub fn trimmed(&self) -> Range<usize> {
        trim_range(&self.s, 0..self.s.len())
    }

    /// The trimmed text and where it was written.
    pub fn value(&self) -> (String, Range<usize>) {
        let r = self.trimmed();
        (self.s[r.clone()].to_string(), self.src_range(r))
    }

    /// Whether the text has a letter or digit (a `⸻` line is a separator).
    pub fn has_words(&self) -> bool {
        self.s.chars().any(char::is_alphanumeric)
    }

    /// Code spans in the text, as (content, source range).
    pub fn code_spans(&self) -> Vec<(String, Range<usize>)> {
        self.pieces
            .iter()
            .filter(|p| p.kind == Kind::Code)
            .map(|p| {
                let inner = &self.s[p.at.clone()];
                let inner = inner.strip_prefix('`').unwrap_or(inner);
                let inner = inner.strip_suffix('`').unwrap_or(inner);
                (inner.to_string(), p.src.clone())
            })
            .collect()
    }

    /// The text outside code spans, trimmed.
    pub fn outside_code(&self) -> String {
        let mut out = String::new();
        for p in &self.pieces {
            if p.kind != Kind::Code {
                out.push_str(&self.s[p.at.clone()]);
            }
        }
        out.trim().to_string()
    }
}

fn floor_boundary(s: &str, i: usize) -> usize {
    let mut i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn shift(src: &Range<usize>, by: usize) -> usize {
    src.start + by.min(src.end.saturating_sub(src.start))
}

/// `r` without leading and trailing whitespace.
pub(crate) fn trim_range(s: &str, r: Range<usize>) -> Range<usize> {
    let part = &s[r.clone()];
    let lead = part.len() - part.trim_start().len();
    let trail = part.len() - part.trim_end().len();
    if lead == part.len() {
        return r.start..r.start;
    }
    r.start + lead..r.end - trail
}

/// Line starts of a source, to turn byte ranges into [`Span`]s quickly.
pub(crate) struct LineIndex<'s> {
    source: &'s str,
    starts: Vec<usize>,
    /// Every [`MARK_BYTES`] bytes, a char boundary and the chars before it:
    /// a column (in chars) costs at most one mark's bytes, not the line's,
    /// so a megabyte-long line with many spans stays linear.
    marks: Vec<(usize, usize)>,
}

/// The distance between two [`LineIndex`] marks.
const MARK_BYTES: usize = 1024;

impl<'s> LineIndex<'s> {
    pub fn new(source: &'s str) -> LineIndex<'s> {
        let mut starts = vec![0];
        starts.extend(source.match_indices('\n').map(|(i, _)| i + 1));
        let mut marks = Vec::with_capacity(source.len() / MARK_BYTES + 1);
        let (mut at, mut chars) = (0, 0);
        for k in 0..=source.len() / MARK_BYTES {
            let next = floor_boundary(source, k * MARK_BYTES);
            chars += source[at..next].chars().count();
            at = next;
            marks.push((at, chars));
        }
        LineIndex {
            source,
            starts,
            marks,
        }
    }

    /// How many chars come before byte `offset` (a char boundary).
    fn chars_before(&self, offset: usize) -> usize {
        let (at, chars) = self.marks[offset / MARK_BYTES];
        chars + self.source[at..offset].chars().count()
    }

    /// The same span as [`Span::from_offset`], found without rescanning the
    /// text before the offset (a 5 MB document has many thousand spans).
    pub fn span(&self, r: &Range<usize>) -> Span {
        let offset = floor_boundary(self.source, r.start);
        let end = floor_boundary(self.source, r.end.max(offset));
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let start = self.starts[line];
        Span {
            line: line as u32 + 1,
            column: (self.chars_before(offset) - self.chars_before(start)) as u32 + 1,
            offset,
            len: end - offset,
        }
    }

    /// The source text of a range.
    pub fn source(&self, r: &Range<usize>) -> &'s str {
        let start = floor_boundary(self.source, r.start);
        let end = floor_boundary(self.source, r.end.max(start));
        &self.source[start..end]
    }

    /// The offset where 1-based `line` ends (before its line break).
    pub fn line_end(&self, line: u32) -> usize {
        let end = self
            .starts
            .get(line as usize)
            .map(|s| s - 1)
            .unwrap_or(self.source.len());
        let start = self
            .starts
            .get(line.saturating_sub(1) as usize)
            .copied()
            .unwrap_or(0);
        let text = &self.source[start.min(end)..end];
        start.min(end) + text.trim_end_matches('\r').len()
    }

    /// The 1-based line of the last byte of `r`.
    pub fn last_line(&self, r: &Range<usize>) -> u32 {
        let end = r.end.saturating_sub(1).max(r.start).min(self.source.len());
        self.starts.partition_point(|&s| s <= end) as u32
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn slices_keep_their_source() {
        let mut t = Text::default();
        t.push(Kind::Strong, "SRE", 2..5);
        t.push(Kind::Plain, ": Assess impact", 7..22);
        let a = t.slice(3..t.s.len());
        assert_eq!(a.s, ": Assess impact");
        assert_eq!(a.src_range(a.trimmed()), 7..22);
        assert_eq!(t.src_range(0..3), 2..5);
    }

    proptest! {
        #[test]
        fn line_index_agrees_with_span_from_offset(src in "(a|é|\n|\r\n| |x){0,60}", at in 0usize..80, len in 0usize..5) {
            let at = at.min(src.len());
            let at = (0..=at).rev().find(|&i| src.is_char_boundary(i)).unwrap_or(0);
            let end = floor_boundary(&src, at + len);
            let idx = LineIndex::new(&src);
            prop_assert_eq!(idx.span(&(at..at + len)), Span::from_offset(&src, at, end - at));
        }
    }
}
