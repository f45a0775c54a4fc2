//! Diagnostics as people read them (rustc style: file:line:col, the source
//! line, a marker, help); as data they are the engine's `project::check::Located`.

use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteDiagnostic, NamedSource, Report,
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
    let header = format!("{}[{}]: {}", d.severity.name(), d.code, d.message);
    let mut m = MietteDiagnostic::new(header).with_severity(severity);
    if let Some(h) = &d.help {
        m = m.with_help(h.to_string());
    }
    let mut text = String::new();
    if d.span.is_known() {
        let range = |span: &Span| {
            let offset = span.offset.min(source.len());
            let len = span.len.max(1).min(source.len().saturating_sub(offset));
            (offset, len)
        };
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
        let report = Report::new(m).with_source_code(NamedSource::new(file, source.to_string()));
        let mut theme = if color {
            GraphicalTheme::unicode()
        } else {
            GraphicalTheme::unicode_nocolor()
        };
        // The header already names the severity; drop miette's icon.
        theme.characters.error = String::new();
        theme.characters.warning = String::new();
        let handler = GraphicalReportHandler::new_themed(theme).with_width(100);
        if handler.render_report(&mut text, report.as_ref()).is_err() {
            text = format!(
                "{file}:{}:{}: {}: {}\n",
                d.span.line, d.span.column, d.code, d.message
            );
        }
    } else {
        text = format!(
            "{} [{}]: {file}: {}\n",
            d.severity.name(),
            d.code,
            d.message
        );
        if let Some(h) = &d.help {
            text.push_str(&format!("  help: {h}\n"));
        }
    }
    text
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
