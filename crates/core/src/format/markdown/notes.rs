//! What the importer reports: its own codes (MD001-MD006), beside the check
//! rules that run on the imported model.

use std::ops::Range;

use crate::diagnostic::{Diagnostic, RuleInfo, Severity};

use super::text::LineIndex;

pub static NOT_IMPORTED: RuleInfo = RuleInfo {
    code: "MD001",
    name: "not-imported",
    summary: "Markdown that is not part of any workflow field",
    explanation: "The importer maps the seed's style (`**Timeline:**`, `**Phase N: Name (window)**`, \
`**Skills:**`, numbered `**Persona**: action` steps, `**Deliverable**:`, `**Success Criteria:**`, \
the template's fields) and the chain style (`### Name`, `**Chain:** A → B`, `**Workflow:**`, \
`**Output:**`). Anything else (prose sections, tables, HTML, unknown labels) is listed here with \
its lines instead of being dropped silently. `import --strict` makes it an error.",
    severity: Severity::Warning,
};

pub static PROGRAM: RuleInfo = RuleInfo {
    code: "MD002",
    name: "program-not-imported",
    summary: "a cross-workflow (program) section that could not be read as a program",
    explanation: "Sections in the style of the seed's section 14 are imported as programs: a \
`**Workflow Sequence:**` numbered list with `**Handoff Gates:**` (`A → B: condition`), \
`**Parallel Workflows:**` with a `**Convergence Point:**` (`All complete → Integration testing \
→ Launch`), a `**Cycle:**` list, a `**Trigger Flow:**` with `**Escalate to:**`, and a \
`**Dependency:**` line naming two workflows in bold. A pattern section that names too few \
workflows, or lacks the line that says where they meet, is reported here with its lines.",
    severity: Severity::Warning,
};

pub static NO_WORKFLOW: RuleInfo = RuleInfo {
    code: "MD003",
    name: "no-workflow",
    summary: "the document has no recognisable workflow",
    explanation: "A workflow starts with a heading (or `**Workflow Name:**`) followed by \
`**Timeline:**`, `**Phase 1: Name (Month 1-2)**` headers with `**Steps:**`, or a \
`**Chain:** A → B → C` line with a numbered `**Workflow:**` list.",
    severity: Severity::Error,
};

pub static TEMPLATE: RuleInfo = RuleInfo {
    code: "MD004",
    name: "template-skipped",
    summary: "a workflow template with placeholders, skipped",
    explanation: "A workflow whose name is a placeholder in brackets (`[Descriptive name]`, as in \
the seed's design template) is a template, not a workflow, and is not imported.",
    severity: Severity::Warning,
};

pub static NO_WINDOW: RuleInfo = RuleInfo {
    code: "MD005",
    name: "phase-without-window",
    summary: "a phase header without a window",
    explanation: "The seed writes each phase as `**Phase N: Name (window)**`. Without a window \
the phase cannot be placed on a timeline; the phase is imported without one.",
    severity: Severity::Warning,
};

pub static UNREADABLE: RuleInfo = RuleInfo {
    code: "MD006",
    name: "unreadable-field",
    summary: "a field whose value could not be read",
    explanation: "A value the importer recognised but could not read: a version that is not a \
number, an unknown calendar, a metric that is not `name op target unit`, a step without a \
persona, a workflow without a name.",
    severity: Severity::Warning,
};

pub static UNRESOLVED: RuleInfo = RuleInfo {
    code: "MD007",
    name: "workflow-name-unresolved",
    summary: "a program names a workflow the importer could not match with certainty",
    explanation: "A cross-workflow section names workflows in words (\"Feature Development\"). \
The importer matches each name against the document's own workflows and the library: a name \
whose words mostly appear in one workflow's name is taken. When several workflows are named as \
closely, the words around the name (durations, personas, deliverables) decide, and the choice is \
reported here to check; when none is close, the name is kept as written and the program's check \
reports the missing workflow. Phase names (the escalation's `Data Migration phase`) are matched \
the same way.",
    severity: Severity::Warning,
};

pub static DECISION: RuleInfo = RuleInfo {
    code: "MD008",
    name: "decision-in-prose",
    summary: "a decision point in prose that could not be read in full",
    explanation: "Decision points written in prose are read branch by branch: \"If the mock audit \
finds critical gaps, loop back to Phase 2 (at most 2 times). If only minor findings remain, start \
the observation window in Phase 4.\" Each branch becomes a decision with its condition, its target \
and its bound. A condition becomes a comparison (`error_rate > 1`) when it reads as one, and \
otherwise a yes/no metric named after its words (`mock_audit_finds_critical_gaps`) that a run \
asks for (`metric NAME true`). \"Otherwise\", \"if not\" and the opposite of the branch before \
(\"If passes\") hold when none of the earlier branches do. A branch whose target is not a phase \
of the workflow, or that says no target at all, is kept in the workflow's notes and reported \
here at its words: it never blocks planning.",
    severity: Severity::Warning,
};

pub static ASSUMED: RuleInfo = RuleInfo {
    code: "MD009",
    name: "import-assumption",
    summary: "what the importer assumed where the document is silent",
    explanation: "Where a document leaves something unsaid, the importer assumes what the \
source document's principles say and reports it once: steps of a phase run in the order written, \
each feeding the next (principle 2), unless a step names its inputs or a `**Parallel:** steps 2 \
and 3` line groups them; windows in minutes or hours put the workflow on the continuous calendar \
(an incident runs around the clock) unless it says `**Calendar:** business`; a loop in prose \
that states no bound may be taken at most twice.",
    severity: Severity::Warning,
};

/// How the step-order assumption begins (it is reported once per document).
pub(crate) const IN_ORDER: &str = "steps run one after the other, in the order written";

/// Every importer code, for documentation.
pub fn all() -> [&'static RuleInfo; 9] {
    [
        &NOT_IMPORTED,
        &PROGRAM,
        &NO_WORKFLOW,
        &TEMPLATE,
        &NO_WINDOW,
        &UNREADABLE,
        &UNRESOLVED,
        &DECISION,
        &ASSUMED,
    ]
}

/// `lines 3-9` or `line 3`.
pub(crate) fn lines(idx: &LineIndex<'_>, range: &Range<usize>) -> String {
    let first = idx.span(range).line;
    let last = idx.last_line(range).max(first);
    if last > first {
        format!("lines {first}-{last}")
    } else {
        format!("line {first}")
    }
}

pub(crate) fn not_imported(idx: &LineIndex<'_>, range: &Range<usize>, what: String) -> Diagnostic {
    let mut span = idx.span(range);
    span.len = first_line_len(idx, range);
    NOT_IMPORTED
        .at(
            span,
            format!("not imported: {what} ({})", lines(idx, range)),
        )
        .label("not mapped to a workflow field")
}

/// The length of the first line of a range (labels stay on one line).
pub(crate) fn first_line_len(idx: &LineIndex<'_>, range: &Range<usize>) -> usize {
    let span = idx.span(range);
    if idx.last_line(range) > span.line {
        idx.line_end(span.line).saturating_sub(span.offset)
    } else {
        span.len
    }
}
