//! The workflow model: ids assigned, personas looked up, windows, estimates
//! and metrics parsed as far as they read. The format module lowers a file
//! into a [`Workflow`]; `check` judges it and, when it has no error, wraps
//! it in a [`CheckedWorkflow`] whose facts are resolved, which is what the
//! runner takes.
//!
//! Spans are kept so that later stages (planning, import reports) can still
//! point at the source.

mod checked;
mod criterion;
mod estimate;
mod executor;
pub mod program;

pub use checked::{CheckedWorkflow, Target, Unresolved};
pub use criterion::{ALL_CRITERIA, Comparator, Criterion, Metric};
pub use estimate::{Estimate, EstimateError};
pub use executor::{BUILTIN_EXECUTORS, is_builtin_executor};
pub use program::Program;

use crate::duration::{Calendar, DurationError, Timeline, WorkTime};
use crate::span::{Sp, Span};
use crate::window::Window;

/// The nine workflow categories of the library, in the seed's order.
pub const CATEGORIES: [&str; 9] = [
    "Strategic Planning",
    "Incident Management",
    "Feature Development",
    "Compliance & Security",
    "M&A & Strategic Initiatives",
    "Cost & Efficiency",
    "Talent & Organization",
    "Design & UX",
    "Infrastructure & Operations",
];

#[derive(Debug, Clone)]
pub struct Workflow {
    pub id: String,
    pub name: Sp<String>,
    pub version: u32,
    pub category: Option<String>,
    pub description: Option<String>,
    pub timeline: Option<StatedTimeline>,
    pub calendar: Calendar,
    pub trigger: Option<String>,
    pub inputs: Vec<Sp<String>>,
    pub success_criteria: Vec<Criterion>,
    pub phases: Vec<Phase>,
    pub pitfalls: Vec<String>,
    pub retrospective: Vec<String>,
    pub notes: Vec<String>,
}

/// The timeline as the author stated it, with its parsed range when it has one.
#[derive(Debug, Clone)]
pub struct StatedTimeline {
    pub text: String,
    /// Explicit bounds given beside the text, as written.
    pub min: Option<String>,
    pub max: Option<String>,
    /// The parsed timeline, or why it could not be read (reported by SC017).
    pub parsed: Result<Timeline, DurationError>,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub struct Phase {
    pub id: Sp<String>,
    pub name: Sp<String>,
    pub window: Option<PhaseWindow>,
    pub gap_reason: Option<String>,
    pub skills: Vec<PersonaRef>,
    pub steps: Vec<Step>,
    pub deliverable: Option<Deliverable>,
    pub checkpoint: Option<Checkpoint>,
    pub decisions: Vec<Decision>,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub struct PhaseWindow {
    pub text: Sp<String>,
    /// The parsed window, or why it could not be read (SC010, SC017).
    pub parsed: Result<Window, DurationError>,
}

/// A persona as written, and the catalog slug it resolved to (if any).
#[derive(Debug, Clone)]
pub struct PersonaRef {
    pub written: String,
    pub slug: Option<String>,
    pub span: Span,
}

impl PersonaRef {
    /// The key used to compare personas: the slug, or the text when unresolved.
    pub fn key(&self) -> &str {
        self.slug.as_deref().unwrap_or(&self.written)
    }
}

#[derive(Debug, Clone)]
pub struct Step {
    pub id: Sp<String>,
    pub persona: PersonaRef,
    pub action: Sp<String>,
    pub inputs: Vec<Sp<String>>,
    pub outputs: Vec<Sp<String>>,
    pub after: Vec<Sp<String>>,
    /// The estimate, or why it could not be read (SC017).
    pub estimate: Option<Sp<Result<Estimate, EstimateError>>>,
    /// The estimate as written (`2-4 months`, `1w / 2w / 4w`), for messages:
    /// a range in one duration reads as its midpoint, so the model alone
    /// cannot show what the author wrote.
    pub estimate_text: Option<String>,
    pub executor: Option<Sp<String>>,
    pub command: Option<String>,
    pub prompt: Option<String>,
    pub retries: Option<u32>,
    pub timeout: Option<Sp<Result<WorkTime, DurationError>>>,
    /// How many people can share it, or why that cannot be read (SC023).
    pub people: Option<Sp<Result<People, String>>>,
    pub span: Span,
}

/// The people a step can use: at least `min`, at most `max` of its persona.
/// The estimate is one person's effort; with k people the step takes
/// estimate / k.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct People {
    pub min: u32,
    pub max: u32,
}

impl People {
    /// One person: a step that says nothing.
    pub const ONE: People = People { min: 1, max: 1 };

    /// Read `2` or `1-3` (also `1 - 3`, `1..3`, `1 to 3`).
    pub fn parse(text: &str) -> Result<People, String> {
        let t = text.trim();
        let (a, b) = ["-", "..", "–", " to "]
            .iter()
            .find_map(|sep| t.split_once(sep))
            .unwrap_or((t, t));
        let num = |s: &str| {
            s.trim()
                .parse::<u32>()
                .map_err(|_| format!("`{t}` is not a count or a range such as `1-3`"))
        };
        People::new(num(a)?, num(b)?)
    }

    /// `min`..=`max` people, both at least one.
    pub fn new(min: u32, max: u32) -> Result<People, String> {
        if min == 0 {
            return Err("a step needs at least one person".into());
        }
        if max < min {
            return Err(format!("the range {min}-{max} runs backwards"));
        }
        if max > MAX_PEOPLE {
            return Err(format!(
                "{max} people on one step is more than {MAX_PEOPLE}; split the step"
            ));
        }
        Ok(People { min, max })
    }

    /// As a person writes it: `2`, `1-3`.
    pub fn text(self) -> String {
        if self.min == self.max {
            self.min.to_string()
        } else {
            format!("{}-{}", self.min, self.max)
        }
    }
}

/// The most people one step can say it uses.
pub const MAX_PEOPLE: u32 = 50;

#[derive(Debug, Clone)]
pub struct Deliverable {
    pub text: String,
    pub artifact: Option<String>,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub struct Checkpoint {
    pub approver: Option<PersonaRef>,
    pub requires: Vec<Sp<String>>,
    pub criteria: Vec<Sp<String>>,
    pub text: Option<String>,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub struct Decision {
    pub text: Option<String>,
    pub condition: Option<Sp<String>>,
    pub goto: Option<Sp<String>>,
    pub max_loops: Option<Sp<u32>>,
    pub span: Span,
}

impl StatedTimeline {
    pub fn timeline(&self) -> Option<&Timeline> {
        self.parsed.as_ref().ok()
    }
}

impl PhaseWindow {
    pub fn window(&self) -> Option<&Window> {
        self.parsed.as_ref().ok()
    }
}

impl Step {
    /// The people it can use: one unless it says otherwise and reads.
    pub fn people(&self) -> People {
        self.people
            .as_ref()
            .and_then(|p| p.value.as_ref().ok().copied())
            .unwrap_or(People::ONE)
    }

    /// How long it takes with all the people it can use (its estimate shared
    /// by `people.max`): what plans without a team use.
    pub fn duration(&self) -> Option<Estimate> {
        self.estimate().map(|e| e.shared_by(self.people().max))
    }

    /// The estimate when it was given and readable.
    pub fn estimate(&self) -> Option<Estimate> {
        self.estimate
            .as_ref()
            .and_then(|e| e.value.as_ref().ok().copied())
    }
}

impl Phase {
    pub fn window(&self) -> Option<&Window> {
        self.window.as_ref().and_then(PhaseWindow::window)
    }
}

impl Workflow {
    /// The stated timeline's range, when it has one.
    pub fn timeline_range(&self) -> Option<(WorkTime, WorkTime)> {
        self.timeline
            .as_ref()
            .and_then(StatedTimeline::timeline)
            .and_then(Timeline::range)
    }

    pub fn steps(&self) -> impl Iterator<Item = (&Phase, &Step)> {
        self.phases
            .iter()
            .flat_map(|p| p.steps.iter().map(move |s| (p, s)))
    }

    pub fn step_count(&self) -> usize {
        self.phases.iter().map(|p| p.steps.len()).sum()
    }

    pub fn phase(&self, id: &str) -> Option<&Phase> {
        self.phases.iter().find(|p| p.id.value == id)
    }

    /// Every persona slug (or unresolved name) used by a step, in first-use order.
    pub fn personas(&self) -> Vec<&str> {
        let mut seen = Vec::new();
        for (_, s) in self.steps() {
            let k = s.persona.key();
            if !seen.contains(&k) {
                seen.push(k);
            }
        }
        seen
    }
}

/// Kebab-case of a name: `Assessment & Planning` -> `assessment-planning`.
pub fn kebab_case(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    // An id is a name to type and a file name: a heading of megabytes
    // must not become one (file names stop at 255 bytes).
    if out.len() > MAX_ID_LEN {
        let mut cut = MAX_ID_LEN;
        while !out.is_char_boundary(cut) {
            cut -= 1;
        }
        out.truncate(
            out[..cut]
                .rfind('-')
                .filter(|&i| i > MAX_ID_LEN / 2)
                .unwrap_or(cut),
        );
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

/// The longest id (in bytes) [`kebab_case`] makes of a name.
pub const MAX_ID_LEN: usize = 80;

#[cfg(test)]
mod tests {
    use super::kebab_case;

    #[test]
    fn kebab() {
        assert_eq!(
            kebab_case("Microservices Migration"),
            "microservices-migration"
        );
        assert_eq!(
            kebab_case("Platform Migration (AWS → GCP)"),
            "platform-migration-aws-gcp"
        );
        assert_eq!(kebab_case("Assessment & Planning"), "assessment-planning");
    }
}
