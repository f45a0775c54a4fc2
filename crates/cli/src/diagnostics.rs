//! Diagnostics as people read them (rustc style: file:line:col, the source
//! line, a marker, help); as data they are the engine's `project::check::Located`.

use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteDiagnostic, MietteError,
    MietteSpanContents, Report, SourceCode, SourceSpan, SpanContents,
};
use skill_chains_core::check::{Diagnostic, Severity};
use skill_chains_core::span::Span;

/// Render one diagnostic against its source text.
pub fn render(d: &Diagnostic, file: &str, source: &str, color: bool) -> String {
    let severity = match d.severity {
        Severity::Error => miette::Severity::Error,
        Severity::Warning => miette::Severity::Warning,
        Severity::Advice => miette::Severity::Advice,
    };
    // rustc's header, `warning[SC015]: message`, with the marker below it.
    let header = format!("{}[{}]: {}", d.severity.name(), d.code, clip(&d.message));
    let mut m = MietteDiagnostic::new(header).with_severity(severity);
    if let Some(h) = &d.help {
        m = m.with_help(clip(h));
    }
    let mut text = String::new();
    let range = |span: &Span| {
        let offset = span.offset.min(source.len());
        let len = span.len.max(1).min(source.len().saturating_sub(offset));
        (offset, len)
    };
    let places: Vec<(Span, (usize, usize))> = std::iter::once(&d.span)
        .chain(d.related.as_ref().map(|r| &r.span))
        .map(|s| (*s, range(s)))
        .collect();
    let excerpt = d
        .span
        .is_known()
        .then(|| Excerpt::new(file, source, &places))
        .flatten();
    if let Some(excerpt) = excerpt {
        m = m.with_label(LabeledSpan::new_primary_with_span(
            d.label.as_deref().map(String::from),
            range(&d.span),
        ));
        if let Some(r) = &d.related {
            m = m.and_label(LabeledSpan::new_with_span(
                Some(r.label.clone()),
                range(&r.span),
            ));
        }
        let report = Report::new(m).with_source_code(excerpt);
        let mut theme = if color {
            GraphicalTheme::unicode()
        } else {
            GraphicalTheme::unicode_nocolor()
        };
        // The header already names the severity; drop miette's icon.
        theme.characters.error = String::new();
        theme.characters.warning = String::new();
        let handler = GraphicalReportHandler::new_themed(theme)
            .with_width(100)
            .with_context_lines(CONTEXT_LINES);
        if handler.render_report(&mut text, report.as_ref()).is_err() {
            text = short(d, file);
        }
    } else if d.span.is_known() {
        // A line too long to show: where it is, and what to do.
        text = short(d, file);
    } else {
        text = format!(
            "{} [{}]: {file}: {}\n",
            d.severity.name(),
            d.code,
            clip(&d.message)
        );
        if let Some(h) = &d.help {
            text.push_str(&format!("  help: {}\n", clip(h)));
        }
    }
    text
}

/// The longest message or help shown, in chars: a message quoting a name
/// of megabytes shows its start (`--json` has it whole).
const MAX_MESSAGE_CHARS: usize = 400;

fn clip(text: &str) -> String {
    match text.char_indices().nth(MAX_MESSAGE_CHARS) {
        Some((cut, _)) => format!("{}... ({} more bytes)", &text[..cut], text.len() - cut),
        None => text.to_string(),
    }
}

/// A diagnostic without its source line: `file:line:col`, message and help.
fn short(d: &Diagnostic, file: &str) -> String {
    let mut text = format!(
        "{}[{}]: {}\n  --> {file}:{}:{}\n",
        d.severity.name(),
        d.code,
        clip(&d.message),
        d.span.line,
        d.span.column
    );
    if let Some(h) = &d.help {
        text.push_str(&format!("  help: {}\n", clip(h)));
    }
    text
}

/// Lines shown above and below a marked line.
const CONTEXT_LINES: usize = 1;

/// The longest excerpt shown under a diagnostic; a longer one (a line of
/// megabytes) is named by line and column instead of printed.
const MAX_EXCERPT_BYTES: usize = 4096;

/// The lines around a diagnostic's places, cut out of its source. miette
/// finds a span's line by scanning its source from the start, so handing it
/// the whole file makes each of many diagnostics cost the whole file; an
/// excerpt costs the lines it shows.
struct Excerpt {
    name: String,
    parts: Vec<Part>,
}

/// Whole lines of the source starting at byte `offset`, 0-based line `line`.
struct Part {
    offset: usize,
    line: usize,
    text: String,
}

impl Excerpt {
    /// The lines around each place (a span and its clamped byte range), or
    /// `None` when they are too long to show.
    fn new(name: &str, source: &str, places: &[(Span, (usize, usize))]) -> Option<Excerpt> {
        let mut ranges: Vec<(usize, usize, usize)> = places
            .iter()
            .filter(|(span, _)| span.is_known())
            .map(|(span, (offset, len))| {
                let offset = floor_boundary(source, *offset);
                let end = floor_boundary(source, (offset + len).min(source.len()));
                // Back to the start of the span's line, then CONTEXT_LINES more.
                let mut start = source[..offset].rfind('\n').map_or(0, |i| i + 1);
                let mut line = span.line.saturating_sub(1) as usize;
                for _ in 0..CONTEXT_LINES + 1 {
                    if start == 0 || line == 0 {
                        break;
                    }
                    start = source[..start - 1].rfind('\n').map_or(0, |i| i + 1);
                    line -= 1;
                }
                // Forward to the end of the span's last line, then more.
                let mut stop = end;
                for _ in 0..CONTEXT_LINES + 2 {
                    match source[stop..].find('\n') {
                        Some(i) => stop += i + 1,
                        None => {
                            stop = source.len();
                            break;
                        }
                    }
                }
                (start, stop, line)
            })
            .collect();
        ranges.sort();
        let mut parts: Vec<Part> = Vec::new();
        for (start, stop, line) in ranges {
            match parts.last_mut() {
                Some(last) if start <= last.offset + last.text.len() => {
                    let end = last.offset + last.text.len();
                    if stop > end {
                        last.text.push_str(&source[end..stop]);
                    }
                }
                _ => parts.push(Part {
                    offset: start,
                    line,
                    text: source[start..stop].to_string(),
                }),
            }
        }
        let shown: usize = parts.iter().map(|p| p.text.len()).sum();
        (shown <= MAX_EXCERPT_BYTES).then(|| Excerpt {
            name: name.to_string(),
            parts,
        })
    }
}

fn floor_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

impl SourceCode for Excerpt {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let (offset, len) = (span.offset(), span.len());
        let part = self
            .parts
            .iter()
            .find(|p| p.offset <= offset && offset + len <= p.offset + p.text.len())
            .ok_or(MietteError::OutOfBounds)?;
        let inner = SourceSpan::new((offset - part.offset).into(), len);
        let c = part.text.as_str().read_span(&inner, before, after)?;
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            c.data(),
            SourceSpan::new((c.span().offset() + part.offset).into(), c.span().len()),
            c.line() + part.line,
            c.column(),
            c.line_count(),
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_related_place_gets_its_own_marker() {
        let source = "a: 1\nb: 2\nc: 3\nd: 4\ne: 5\nf: 6\ng: 7\nh: 8\n";
        let d = Diagnostic::new(
            "SC024",
            Severity::Warning,
            Span::at(source, 8, 1, 1),
            "twice",
        )
        .label("second")
        .related(Span::at(source, 1, 1, 1), "first");
        let text = render(&d, "f.yaml", source, false);
        assert!(text.contains("second"), "{text}");
        assert!(text.contains("first"), "{text}");
        // The header names the place the diagnostic is about.
        assert!(text.contains("f.yaml:8:1"), "{text}");
    }
}
