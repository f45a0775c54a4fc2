//! Source locations. Every node a diagnostic can point at carries a [`Span`].

use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A place in a source text: 1-based line and column, and a byte range.
///
/// `Span::default()` (line 0) means "no known location", e.g. for a workflow
/// built in code rather than read from a file.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Span {
    pub line: u32,
    pub column: u32,
    pub offset: usize,
    pub len: usize,
}

impl Span {
    pub fn is_known(&self) -> bool {
        self.line > 0
    }

    /// The span of a line/column pair in `source`, covering `len` bytes.
    pub fn at(source: &str, line: u32, column: u32, len: usize) -> Span {
        let offset = offset_of(source, line, column);
        Span {
            line,
            column,
            offset,
            len,
        }
    }

    /// The span covering `offset..offset+len` of `source`.
    pub fn from_offset(source: &str, offset: usize, len: usize) -> Span {
        let offset = offset.min(source.len());
        let before = &source[..floor_char_boundary(source, offset)];
        let line = before.matches('\n').count() as u32 + 1;
        let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
        let column = before[line_start..].chars().count() as u32 + 1;
        Span {
            line,
            column,
            offset,
            len,
        }
    }
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn offset_of(source: &str, line: u32, column: u32) -> usize {
    let mut offset = 0;
    for (n, text) in source.split_inclusive('\n').enumerate() {
        if n as u32 + 1 == line {
            let col = column.saturating_sub(1) as usize;
            return offset
                + text
                    .char_indices()
                    .nth(col)
                    .map(|(i, _)| i)
                    .unwrap_or(text.len());
        }
        offset += text.len();
    }
    source.len()
}

/// A value read from a file together with where it was written.
///
/// Deserialises through `serde_saphyr::Spanned` so the YAML reader records the
/// location; serialises as the bare value, and its JSON Schema is the value's.
#[derive(Debug, Clone, PartialEq)]
pub struct Sp<T> {
    pub value: T,
    pub span: Span,
}

impl<T> Sp<T> {
    pub fn new(value: T, span: Span) -> Self {
        Sp { value, span }
    }

    /// A value with no source location (written by code).
    pub fn bare(value: T) -> Self {
        Sp {
            value,
            span: Span::default(),
        }
    }
}

impl<T: Default> Default for Sp<T> {
    fn default() -> Self {
        Sp::bare(T::default())
    }
}

impl<T> std::ops::Deref for Sp<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Sp<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let spanned = serde_saphyr::Spanned::<T>::deserialize(deserializer)?;
        let loc = spanned.referenced;
        let span = loc.span();
        let offset = span.byte_offset().unwrap_or(0) as usize;
        let len = span.byte_len().unwrap_or(0) as usize;
        Ok(Sp {
            value: spanned.value,
            span: Span {
                line: loc.line() as u32,
                column: loc.column() as u32,
                offset,
                len,
            },
        })
    }
}

impl<T: Serialize> Serialize for Sp<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.value.serialize(serializer)
    }
}

impl<T: JsonSchema> JsonSchema for Sp<T> {
    fn inline_schema() -> bool {
        T::inline_schema()
    }
    fn schema_name() -> std::borrow::Cow<'static, str> {
        T::schema_name()
    }
    fn schema_id() -> std::borrow::Cow<'static, str> {
        T::schema_id()
    }
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        T::json_schema(generator)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_and_lines_agree() {
        let src = "a: 1\nbé: 22\n";
        let s = Span::at(src, 2, 5, 2);
        assert_eq!(&src[s.offset..s.offset + 2], "22");
        let back = Span::from_offset(src, s.offset, 2);
        assert_eq!((back.line, back.column), (2, 5));
    }
}
