//! Markdown import and export: the seed document imports to the ten built-in
//! workflows field for field, every built-in survives export then import,
//! and bad input gives reports, never a panic.

use proptest::prelude::*;
use skill_chains_core::catalog::{Catalog, PersonaCatalog};
use skill_chains_core::format::markdown::Import;
use skill_chains_core::format::write::to_yaml;
use skill_chains_core::load::import_markdown as import;
use skill_chains_core::model::Workflow;
use skill_chains_core::render::markdown::to_markdown;

const SEED: &str = include_str!("fixtures/markdown/seed.md");

fn personas() -> PersonaCatalog {
    PersonaCatalog::builtin()
}

fn codes(i: &Import) -> Vec<(u32, &'static str)> {
    i.notes.iter().map(|d| (d.span.line, d.code)).collect()
}

/// The fields the seed's Markdown carries, as text, for comparison.
fn seed_fields(wf: &Workflow) -> Vec<String> {
    let mut out = vec![
        format!("name {}", wf.name.value),
        format!("timeline {:?}", wf.timeline.as_ref().map(|t| &t.text)),
    ];
    for c in &wf.success_criteria {
        out.push(format!("criterion {}", c.text));
    }
    for p in &wf.phases {
        out.push(format!(
            "phase {} {:?}",
            p.name.value,
            p.window.as_ref().map(|w| &w.text.value)
        ));
        let skills: Vec<&str> = p.skills.iter().map(|s| s.written.as_str()).collect();
        out.push(format!("  skills {skills:?}"));
        for s in &p.steps {
            out.push(format!("  step {}: {}", s.persona.written, s.action.value));
        }
        out.push(format!(
            "  deliverable {:?}",
            p.deliverable.as_ref().map(|d| &d.text)
        ));
    }
    out
}

#[test]
fn the_seed_imports_as_the_ten_builtin_workflows_field_for_field() {
    let catalog = Catalog::builtin();
    let imported = import(SEED, &catalog.personas);
    let ids: Vec<&str> = imported
        .workflows
        .iter()
        .map(|w| w.workflow.id.as_str())
        .collect();
    assert_eq!(
        ids,
        [
            "microservices-migration",
            "production-incident-response",
            "gdpr-compliance-program",
            "design-system-creation",
            "platform-migration-aws-gcp",
            "technical-debt-reduction-sprint",
            "api-deprecation-versioning",
            "search-implementation-elasticsearch",
            "chaos-engineering-program-launch",
            "mobile-app-launch-ios-android",
        ]
    );
    for w in &imported.workflows {
        let builtin = catalog.library.get(&w.workflow.id).expect("a built-in");
        assert_eq!(
            seed_fields(&w.workflow),
            seed_fields(builtin),
            "{}",
            w.workflow.id
        );
        // Spans point at the Markdown: the name is on its heading's line.
        let line = SEED
            .lines()
            .nth(w.workflow.name.span.line as usize - 1)
            .unwrap();
        assert!(line.contains(&w.workflow.name.value), "{line}");
        assert!(
            w.diagnostics
                .iter()
                .all(|d| d.severity == skill_chains_core::check::Severity::Warning),
            "{}: {:?}",
            w.workflow.id,
            w.diagnostics
        );
    }
}

#[test]
fn the_seed_reports_what_it_does_not_import_with_lines() {
    let imported = import(SEED, &personas());
    let found = codes(&imported);
    // The template (section 13) is skipped; section 14's patterns are
    // programs, and its prose (the introduction, the best practices) is reported.
    assert!(found.contains(&(693, "MD004")), "{found:?}");
    assert!(!found.iter().any(|(_, c)| *c == "MD002"), "{found:?}");
    assert!(found.contains(&(767, "MD001")), "{found:?}");
    assert!(found.contains(&(835, "MD001")), "{found:?}");
    let programs: Vec<(&str, u32)> = imported
        .programs
        .iter()
        .map(|p| (p.raw.name.value.as_str(), p.span.line))
        .collect();
    assert_eq!(
        programs,
        [
            ("Sequential Workflow Chain", 771),
            ("Parallel Workflows with Convergence", 786),
            ("Cyclical Workflow (Continuous Improvement)", 799),
            ("Escalation Workflow Triggers", 811),
            ("Dependency Workflows", 824),
        ]
    );
    // Prose sections are listed, none silently dropped.
    for line in [1, 6, 729, 748, 858, 872] {
        assert!(found.contains(&(line, "MD001")), "line {line}: {found:?}");
    }
}

#[test]
fn every_builtin_survives_export_then_import() {
    let catalog = Catalog::builtin();
    let mut failures = Vec::new();
    for wf in catalog.library.workflows() {
        let md = to_markdown(wf);
        let back = import(&md, &catalog.personas);
        if !back.notes.is_empty() {
            failures.push(format!("{}: notes {:?}", wf.id, back.notes));
        }
        match back.workflows.as_slice() {
            [one] => {
                let (a, b) = (to_yaml(wf), to_yaml(&one.workflow));
                if a != b {
                    let diff: Vec<String> = a
                        .lines()
                        .zip(b.lines())
                        .filter(|(x, y)| x != y)
                        .take(3)
                        .map(|(x, y)| format!("  - {x}\n  + {y}"))
                        .collect();
                    failures.push(format!("{}:\n{}", wf.id, diff.join("\n")));
                }
            }
            other => failures.push(format!("{}: {} workflows", wf.id, other.len())),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_export_reads_like_the_seed() {
    let catalog = Catalog::builtin();
    let md = to_markdown(catalog.library.get("microservices-migration").unwrap());
    for line in [
        "# Microservices Migration",
        "**Timeline:** 6-12 months (depends on monolith size)",
        "**Phase 1: Assessment & Planning (Month 1-2)**",
        "**Skills:** Pragmatic Architect, Backend/Distributed Systems Engineer, SRE, FinOps Optimizer",
        "1. **Pragmatic Architect**: Assess current monolith (codebase size, dependencies, team structure)",
        "   - Estimate: 2w / 3w / 5w",
        "5. **Deliverable**: Migration plan with service boundaries, timeline, risks",
        "**Decision Point:** If the pilot breaches its error budget",
        "- All services have <1% error rate, p99 <500ms latency",
        "  - Metric: `error_rate < 1 %`",
    ] {
        assert!(md.contains(line), "missing {line:?} in\n{md}");
    }
}

const TWO_WORKFLOWS: &str = "# Playbooks

## Hotfix Release

**Timeline:** 2 days

**Phase 1: Fix (Day 1)**

**Skills:** Backend/Distributed Systems Engineer, QA Automation Engineer

**Steps:**
1. **Backend/Distributed Systems Engineer**: Write the fix
2. **QA Automation Engineer**: Run the regression suite
3. **Deliverable:** Patched build

**Phase 2: Ship (Day 2)**

**Skills:** SRE

**Steps:**
1. **Site Reliability Engineer**: Canary the patch
2. **Deliverable**: Patch live

**Success Criteria:**
- Zero regressions

## Vendor Swap

**Timeline:** 1 month

**Phase 1: Evaluate**
- **Skills:** Vendor Management Strategist, Wizard of Ops
- **Steps:**
  1. Vendor Management Strategist: Shortlist vendors
  2. Wizard of Ops: Run the bake-off
- **Decision Point:** If no vendor passes, widen the shortlist
- **Deliverable:** Vendor decision

| a | b |
|---|---|
| 1 | 2 |

## Cross-Workflow Handoffs

**Workflow Sequence:**
1. **Hotfix Release** → Deliverable: Patch live
2. **Vendor Swap** → Deliverable: Vendor decision

**Handoff Gates:**
- Hotfix → Vendor: patch verified
";

#[test]
fn several_workflows_a_program_section_and_unknown_things() {
    let imported = import(TWO_WORKFLOWS, &personas());
    let names: Vec<&str> = imported
        .workflows
        .iter()
        .map(|w| w.workflow.name.value.as_str())
        .collect();
    assert_eq!(names, ["Hotfix Release", "Vendor Swap"]);
    let hotfix = &imported.workflows[0].workflow;
    assert_eq!(
        hotfix.phases[0].deliverable.as_ref().unwrap().text,
        "Patched build"
    );
    assert_eq!(
        hotfix.phases[1].steps[0].persona.slug.as_deref(),
        Some("site-reliability-engineer")
    );
    assert_eq!(hotfix.phases[0].steps[1].action.span.line, 13);
    let vendor = &imported.workflows[1];
    assert_eq!(vendor.workflow.phases[0].steps.len(), 2);
    // A decision in prose with no target is kept in the notes, reported with
    // what was understood, and never blocks planning.
    assert!(vendor.workflow.phases[0].decisions.is_empty());
    assert!(
        vendor
            .workflow
            .notes
            .iter()
            .any(|n| n.contains("widen the shortlist")),
        "{:?}",
        vendor.workflow.notes
    );
    // The unknown persona is kept as written and reported on its line with suggestions.
    let sc001: Vec<_> = vendor
        .diagnostics
        .iter()
        .filter(|d| d.code == "SC001")
        .collect();
    assert!(sc001.iter().any(|d| d.span.line == 35), "{sc001:?}");
    assert_eq!(
        vendor.workflow.phases[0].steps[1].persona.written,
        "Wizard of Ops"
    );
    let found = codes(&imported);
    assert!(
        found.contains(&(31, "MD005")),
        "phase without window: {found:?}"
    );
    assert!(found.contains(&(39, "MD001")), "table: {found:?}");
    assert!(found.contains(&(36, "MD008")), "decision: {found:?}");
    assert_eq!(
        imported.programs.len(),
        1,
        "the handoff section is a program"
    );
    let program = &imported.programs[0].raw;
    let members: Vec<&str> = program
        .workflows
        .iter()
        .map(|m| m.value.workflow.value.as_str())
        .collect();
    assert_eq!(members, ["Hotfix Release", "Vendor Swap"]);
    assert_eq!(program.workflows[0].value.workflow.span.line, 46);
    let gate = program.handoffs[0].value.gate.as_ref().unwrap();
    assert_eq!(gate.value.text.as_deref(), Some("patch verified"));
    assert!(
        !found.contains(&(1, "MD001")),
        "an empty title section is not reported: {found:?}"
    );
}

#[test]
fn the_chain_style_imports_as_one_sequential_phase() {
    let md = "## Strategic Planning

### Build vs Buy Decision

**Chain:** Pragmatic Architect → FinOps Optimizer -> Vendor Management Strategist

**Workflow:**
1. **Pragmatic Architect**: Frame the capability and the options
2. Model the three-year cost (FinOps Optimizer)
3. Negotiate terms with the shortlisted vendors

**Output:** Build-or-buy recommendation
";
    let imported = import(md, &personas());
    assert!(imported.notes.is_empty(), "{:?}", imported.notes);
    let wf = &imported.workflows[0].workflow;
    assert_eq!(wf.name.value, "Build vs Buy Decision");
    assert_eq!(wf.category.as_deref(), Some("Strategic Planning"));
    let phase = &wf.phases[0];
    let personas: Vec<&str> = phase
        .steps
        .iter()
        .map(|s| s.persona.written.as_str())
        .collect();
    assert_eq!(
        personas,
        [
            "Pragmatic Architect",
            "FinOps Optimizer",
            "Vendor Management Strategist"
        ]
    );
    assert_eq!(phase.steps[1].action.value, "Model the three-year cost");
    assert_eq!(phase.steps[2].after[0].value, phase.steps[1].id.value);
    assert_eq!(
        phase.deliverable.as_ref().unwrap().text,
        "Build-or-buy recommendation"
    );
    assert_eq!(phase.skills.len(), 3);
}

#[test]
fn bad_input_is_reported_not_panicked_on() {
    let p = personas();
    for text in [
        "",
        "   \n\n",
        "Just some words.\n",
        "<div>html</div>\n",
        "| a |\n|---|\n| b |\n",
    ] {
        let i = import(text, &p);
        assert!(i.workflows.is_empty());
        assert!(
            i.notes.iter().any(|d| d.code == "MD003"),
            "{text:?}: {:?}",
            i.notes
        );
    }
    // Truncated in the middle of a phase: imported as far as it goes, checked.
    let cut = &SEED[..SEED.find("**Phase 3: Pilot Service").unwrap() + 50];
    let i = import(cut, &p);
    let last = i.workflows.last().unwrap();
    assert_eq!(last.workflow.phases.len(), 3);
    assert!(
        last.diagnostics.iter().any(|d| d.code == "SC003"),
        "{:?}",
        last.diagnostics
    );
    // A very long line.
    let long = format!("# W\n\n**Timeline:** {}\n", "x".repeat(200_000));
    assert_eq!(import(&long, &p).workflows.len(), 1);
}

#[test]
fn crlf_and_a_byte_order_mark_read_like_plain_text() {
    let p = personas();
    let plain = import(TWO_WORKFLOWS, &p);
    let crlf = format!("\u{feff}{}", TWO_WORKFLOWS.replace('\n', "\r\n"));
    let windows = import(&crlf, &p);
    let yaml = |i: &Import| {
        i.workflows
            .iter()
            .map(|w| to_yaml(&w.workflow))
            .collect::<Vec<_>>()
    };
    assert_eq!(yaml(&plain), yaml(&windows));
    assert_eq!(codes(&plain), codes(&windows));
    let step = &windows.workflows[0].workflow.phases[0].steps[0];
    assert_eq!(
        &crlf[step.persona.span.offset..step.persona.span.offset + step.persona.span.len],
        "Backend/Distributed Systems Engineer"
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn the_importer_never_panics(
        parts in proptest::collection::vec(prop_oneof![
            Just("**Phase 1: X (Month 1-2)**\n".to_string()),
            Just("**Steps:**\n".to_string()),
            Just("1. **SRE**: do\n".to_string()),
            Just("   - Id: `a`\n".to_string()),
            Just("- **Skills:** SRE, [x]\n".to_string()),
            Just("**Success Criteria:**\n- a\n  - Metric: `x < 1 %`\n".to_string()),
            Just("## Name\n".to_string()),
            Just("**Chain:** A → B\n".to_string()),
            Just("| a | b |\n|---|---|\n".to_string()),
            Just("<div>\n".to_string()),
            Just("```\ncode\n".to_string()),
            Just("\r\n".to_string()),
            Just("\u{feff}".to_string()),
            "[ -~é→\n*`_#>()\\[\\]:-]{0,40}",
        ], 0..24),
        start in 0usize..64,
    ) {
        let doc: String = parts.concat();
        let cut = (start..=doc.len()).find(|&i| doc.is_char_boundary(i)).unwrap_or(doc.len());
        let i = import(&doc[cut.min(doc.len())..], &personas());
        for d in i.notes.iter().chain(i.workflows.iter().flat_map(|w| &w.diagnostics)) {
            prop_assert!(d.span.offset <= doc.len());
        }
    }
}

/// What importing a playbook gave, as a reader would check it: the order of
/// the steps, each decision's condition, target and bound, the calendar, the
/// notes, and every report with its line.
fn import_summary(source: &str) -> String {
    use std::fmt::Write;
    let imported = import(source, &personas());
    let mut out = String::new();
    for w in &imported.workflows {
        let wf = &w.workflow;
        writeln!(
            out,
            "workflow `{}` ({:?} calendar)",
            wf.name.value, wf.calendar
        )
        .unwrap();
        for p in &wf.phases {
            let window = p.window.as_ref().map(|w| w.text.value.as_str());
            writeln!(out, "  phase `{}` {window:?}", p.id.value).unwrap();
            for s in &p.steps {
                let after: Vec<&str> = s.after.iter().map(|a| a.value.as_str()).collect();
                writeln!(out, "    step `{}` after {after:?}", s.id.value).unwrap();
            }
            for d in &p.decisions {
                writeln!(
                    out,
                    "    decision if `{}` goto `{}` max {:?}: {}",
                    d.condition.as_ref().map_or("", |c| c.value.as_str()),
                    d.goto.as_ref().map_or("", |g| g.value.as_str()),
                    d.max_loops.as_ref().map(|m| m.value),
                    d.text.as_deref().unwrap_or_default()
                )
                .unwrap();
            }
        }
        for n in &wf.notes {
            writeln!(out, "  note: {n}").unwrap();
        }
        for d in &w.diagnostics {
            writeln!(
                out,
                "  line {} {} {}: {}",
                d.span.line,
                d.severity.name(),
                d.code,
                d.message
            )
            .unwrap();
        }
    }
    for d in &imported.notes {
        writeln!(out, "line {} {}: {}", d.span.line, d.code, d.message).unwrap();
    }
    out
}

/// Playbooks written the way people write them (prose decisions in several
/// phrasings, parallel lines, windows in hours and days, a duplicate phase,
/// a missing loop target, a persona with no close match), each with its
/// expected import in a snapshot.
#[test]
fn playbooks_as_people_write_them() {
    let dir =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/markdown/playbooks");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    files.sort();
    assert!(files.len() >= 12, "{} playbooks", files.len());
    for f in files {
        let name = f.file_stem().unwrap().to_string_lossy().to_string();
        let source = std::fs::read_to_string(&f).unwrap();
        let summary = import_summary(&source);
        // Prose never becomes an error that blocks planning: only the
        // playbooks with a real fault (a duplicate phase, an unknown persona)
        // have errors.
        let errors = summary.lines().filter(|l| l.contains(" error SC")).count();
        let faulty = name.contains("duplicate") || name.contains("misspelled");
        assert_eq!(errors > 0, faulty, "{name}:\n{summary}");
        insta::assert_snapshot!(name, summary);
    }
}

/// Steps that name no inputs start together in the model; the export says
/// so with a `**Parallel:** all` line, so the importer's default order (one
/// after the other) does not chain them on the way back.
#[test]
fn steps_that_start_together_stay_together_through_markdown() {
    let catalog = Catalog::builtin();
    let mut wf = catalog
        .library
        .workflows()
        .find(|w| w.id == "microservices-migration")
        .unwrap()
        .clone();
    for s in &mut wf.phases[0].steps {
        s.inputs.clear();
        s.after.clear();
    }
    let md = to_markdown(&wf);
    assert!(md.contains("**Parallel:** all"), "{md}");
    let back = import(&md, &catalog.personas);
    let phase = &back.workflows[0].workflow.phases[0];
    assert!(phase.steps.len() > 1);
    assert!(phase.steps.iter().all(|s| s.after.is_empty()), "{md}");
}
