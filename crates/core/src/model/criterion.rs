//! Success criteria and the metrics that make them measurable.

use std::fmt;

use serde::Serialize;

use crate::span::Span;

#[derive(Debug, Clone)]
pub struct Criterion {
    pub text: String,
    pub metrics: Vec<Metric>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Metric {
    pub name: String,
    /// `None` when `op_text` is not a comparator (SC019).
    pub op: Option<Comparator>,
    pub op_text: String,
    pub target: f64,
    pub unit: Option<String>,
    pub baseline: Option<String>,
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Comparator {
    #[serde(rename = "<")]
    Lt,
    #[serde(rename = "<=")]
    Le,
    #[serde(rename = ">")]
    Gt,
    #[serde(rename = ">=")]
    Ge,
    #[serde(rename = "=")]
    Eq,
    #[serde(rename = "!=")]
    Ne,
}

impl Comparator {
    pub fn parse(s: &str) -> Option<Comparator> {
        Some(match s.trim() {
            "<" => Comparator::Lt,
            "<=" | "≤" => Comparator::Le,
            ">" => Comparator::Gt,
            ">=" | "≥" => Comparator::Ge,
            "=" | "==" => Comparator::Eq,
            "!=" | "≠" => Comparator::Ne,
            _ => return None,
        })
    }

    pub fn symbol(self) -> &'static str {
        match self {
            Comparator::Lt => "<",
            Comparator::Le => "<=",
            Comparator::Gt => ">",
            Comparator::Ge => ">=",
            Comparator::Eq => "=",
            Comparator::Ne => "!=",
        }
    }

    /// Whether `value op target` holds.
    pub fn holds(self, value: f64, target: f64) -> bool {
        match self {
            Comparator::Lt => value < target,
            Comparator::Le => value <= target,
            Comparator::Gt => value > target,
            Comparator::Ge => value >= target,
            Comparator::Eq => (value - target).abs() < 1e-9,
            Comparator::Ne => (value - target).abs() >= 1e-9,
        }
    }
}

impl fmt::Display for Metric {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {} {}",
            self.name,
            self.op.map(Comparator::symbol).unwrap_or(&self.op_text),
            crate::duration::trim_number(self.target)
        )?;
        if let Some(u) = &self.unit {
            write!(f, " {u}")?;
        }
        Ok(())
    }
}

/// The word in a gate's `criteria:` that stands for every success-criterion metric.
pub const ALL_CRITERIA: &str = "all";

#[cfg(test)]
mod tests {
    use super::Comparator;

    #[test]
    fn comparators() {
        assert!(Comparator::parse("<").unwrap().holds(0.5, 1.0));
        assert!(!Comparator::parse(">=").unwrap().holds(0.5, 1.0));
        assert!(Comparator::parse("==").unwrap().holds(2.0, 2.0));
        assert!(Comparator::parse("≠").unwrap().holds(2.0, 3.0));
        assert!(Comparator::parse("~").is_none());
    }
}
