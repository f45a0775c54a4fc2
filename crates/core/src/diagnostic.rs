//! What a check reports: a code, a severity, a message, and where; and the
//! identity of the rule that reports it. Every layer that finds problems in
//! a text (format, check, compose) reports them in these types, so this
//! module sits at the bottom and uses nothing but spans.

use serde::Serialize;

use crate::span::Span;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// What a reviewer who knows the ten principles would suggest: never
    /// fails `check` unless `--deny advice`.
    Advice,
    Warning,
    Error,
}

impl Severity {
    pub fn name(self) -> &'static str {
        match self {
            Severity::Advice => "advice",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// One finding. `span` points into the source the workflow was read from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Diagnostic {
    pub code: &'static str,
    pub severity: Severity,
    pub message: String,
    pub span: Span,
    /// Short text shown under the marker. (A `Box<str>`, as `related` is
    /// boxed, keeps a diagnostic small enough to travel in a `Result`.)
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<Box<str>>,
    /// What to do about it. (Boxed like `label`, so that a diagnostic stays
    /// under the size clippy allows in a `Result`'s error.)
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<Box<str>>,
    /// Another place the finding involves, e.g. the first of two phases
    /// with one id when the diagnostic points at the second. (Boxed: most
    /// diagnostics have none.)
    #[serde(skip_serializing_if = "Option::is_none")]
    pub related: Option<Box<Related>>,
    /// An edit `check --fix` may make on its own (advice only; boxed: most
    /// diagnostics have none).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<Box<Fix>>,
}

/// An edit that is safe to make without asking: it changes no step's work,
/// only when a step may start or what is reviewed before a phase.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Fix {
    /// Drop `after` from step `step`'s `after` list: the two steps share
    /// no data and run side by side.
    RemoveAfter { step: String, after: String },
    /// Give phase `phase` a checkpoint (it has none).
    AddCheckpoint {
        phase: String,
        approver: String,
        requires: Vec<String>,
        text: String,
    },
}

/// A second place a diagnostic points at, with its own short text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Related {
    pub span: Span,
    pub label: String,
}

impl Diagnostic {
    pub fn new(
        code: &'static str,
        severity: Severity,
        span: Span,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            code,
            severity,
            message: message.into(),
            span,
            label: None,
            help: None,
            related: None,
            fix: None,
        }
    }

    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into().into_boxed_str());
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into().into_boxed_str());
        self
    }

    pub fn fix(mut self, fix: Fix) -> Self {
        self.fix = Some(Box::new(fix));
        self
    }

    /// Point at another place too (a place without a known location is
    /// left out: there is nothing to show).
    pub fn related(mut self, span: Span, label: impl Into<String>) -> Self {
        if span.is_known() {
            self.related = Some(Box::new(Related {
                span,
                label: label.into(),
            }));
        }
        self
    }
}

/// A rule's identity and documentation.
#[derive(Debug, Clone, Copy)]
pub struct RuleInfo {
    pub code: &'static str,
    /// A kebab-case name, e.g. `unknown-persona`.
    pub name: &'static str,
    pub summary: &'static str,
    pub explanation: &'static str,
    pub severity: Severity,
}

impl RuleInfo {
    /// A diagnostic of this rule at its default severity.
    pub fn at(&self, span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(self.code, self.severity, span, message)
    }
}
