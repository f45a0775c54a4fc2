//! import, export and render: the seed imports, every built-in exports to
//! Mermaid the real parser accepts, to DOT that Graphviz renders, and to an
//! HTML page Chromium shows. External tools: when `node` (with
//! `tests/js/node_modules`), `dot` or `chromium` is missing, a test that
//! needs it is ignored with the reason (the build script sees what is
//! installed), so the summary counts it; under CI (`CI` set) it runs and
//! fails.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::*;

fn seed() -> String {
    repo_root()
        .join("crates/core/tests/fixtures/markdown/seed.md")
        .display()
        .to_string()
}

fn builtin_ids() -> Vec<String> {
    run(&["list", "--json"]).json()["workflows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["id"].as_str().unwrap().to_string())
        .collect()
}

/// Whether an external tool can be used. A test reaches this only when the
/// build script found the tool (or under CI, which installs every tool), so
/// a missing tool here is a failure, never a silent pass.
pub(crate) fn tool(name: &str, usable: bool) -> bool {
    assert!(
        usable,
        "{name} is required (.ci/run installs it; without it the test is ignored outside CI)"
    );
    true
}

pub(crate) fn runs(program: &str, arg: &str) -> bool {
    Command::new(program)
        .arg(arg)
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn importing_the_seed_gives_ten_workflows_and_reports_the_rest() {
    let r = run(&["import", &seed(), "--json"]);
    r.code(0);
    let json = r.json();
    assert_eq!(json["workflows"].as_array().unwrap().len(), 10);
    let notes = json["notes"].as_array().unwrap();
    assert!(
        notes
            .iter()
            .any(|n| n["code"] == "MD001" && n["line"] == 835),
        "the best practices are prose: {notes:?}"
    );
    assert!(!notes.iter().any(|n| n["code"] == "MD002"), "{notes:?}");
    // Text output renders the notes against the Markdown source.
    run(&["import", &seed()])
        .code(0)
        .stdout_has("MD001")
        .stdout_has("imported microservices-migration")
        .stdout_has("imported program escalation-workflow-triggers")
        .stdout_has("seed.md");
}

/// Section 14's five patterns import as programs joining the same workflows
/// as the built-in programs written for them, with the same kind of handoff.
#[test]
fn section_14_imports_as_the_builtin_programs_workflows() {
    let json = run(&["import", &seed(), "--json"]).code(0).json();
    let imported = json["programs"].as_array().unwrap();
    let builtin = [
        ("feature-launch-lifecycle", "sequence", 3),
        ("mobile-launch-convergence", "converge", 1),
        ("chaos-remediation-cycle", "cycle", 1),
        ("platform-migration-gdpr-escalation", "escalate", 1),
        ("design-system-feature-dependency", "depend", 1),
    ];
    assert_eq!(imported.len(), builtin.len());
    for (p, (id, kind, handoffs)) in imported.iter().zip(builtin) {
        let shown = run(&["show", id, "--json"]).code(0).json();
        let mut expected: Vec<String> = shown["workflows"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["workflow"].as_str().unwrap().to_string())
            .collect();
        let mut got: Vec<String> = p["workflows"]
            .as_array()
            .unwrap()
            .iter()
            .map(|w| w.as_str().unwrap().to_string())
            .collect();
        expected.sort();
        got.sort();
        assert_eq!(got, expected, "{id}");
        assert_eq!(p["handoffs"], handoffs, "{id}");
        let errors: Vec<_> = p["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["severity"] == "error")
            .collect();
        assert!(errors.is_empty(), "{id} ({kind}): {errors:?}");
    }
}

#[test]
fn imported_programs_are_written_checked_and_planned() {
    let dir = temp_dir();
    let md = dir.path().join("handoffs.md");
    std::fs::write(
        &md,
        "# Release train\n\n## Hotfix Release\n\n**Timeline:** 2 weeks\n\n**Phase 1: Patch (Week 1)**\n- **Steps:**\n  1. **Backend Engineer**: Write the fix\n- **Deliverable:** Patch\n\n**Phase 2: Ship (Week 2)**\n- **Steps:**\n  1. **SRE**: Roll it out\n\n## Handoffs\n\n**Scenario:** A hotfix goes out, then the vendor is swapped.\n\n**Workflow Sequence:**\n1. **Hotfix Release** (2 weeks) → Deliverable: Patch live\n2. **Vendor Migration** (3 months) → Deliverable: New vendor live\n\n**Handoff Gates:**\n- Hotfix → Vendor: patch verified in production\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    let r = run(&[
        "import",
        &md.display().to_string(),
        "-o",
        &out.display().to_string(),
        "--json",
    ]);
    let json = r.code(0).json();
    let p = &json["programs"][0];
    assert_eq!(p["id"], "handoffs");
    // The document's own workflow by its file, the library's by id.
    assert_eq!(
        p["workflows"],
        serde_json::json!(["hotfix-release.yaml", "vendor-migration"])
    );
    let program = out.join("handoffs.yaml");
    let text = std::fs::read_to_string(&program).unwrap();
    assert!(text.contains("patch verified in production"), "{text}");
    let program = program.display().to_string();
    run(&["check", &program]).code(0);
    run(&["dependency", &program])
        .code(0)
        .stdout_has("vendor-migration");
}

#[test]
fn a_name_no_workflow_carries_is_kept_and_reported() {
    let dir = temp_dir();
    let md = dir.path().join("p.md");
    std::fs::write(
        &md,
        "## Handoffs\n\n**Workflow Sequence:**\n1. **Quantum Teleporter Rollout** → Deliverable: x\n2. **Vendor Migration** → Deliverable: y\n\n**Handoff Gates:**\n- A → B: done\n",
    )
    .unwrap();
    let r = run(&["import", &md.display().to_string()]);
    r.code(1)
        .stdout_has("MD007")
        .stdout_has("no workflow in the document or the library is named like")
        .stdout_has("SC101")
        .stdout_has("p.md:4");
    run(&["explain", "MD007"])
        .code(0)
        .stdout_has("Feature Development");
}

#[test]
fn import_writes_yaml_files_once_and_strict_refuses() {
    let dir = temp_dir();
    let out = dir.path().join("wf");
    let out_s = out.display().to_string();
    run(&["import", &seed(), "-o", &out_s]).code(0);
    let files: Vec<PathBuf> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(files.len(), 15, "ten workflows and five programs");
    let one = out
        .join("microservices-migration.yaml")
        .display()
        .to_string();
    run(&["check", &one]).code(0);
    run(&["import", &seed(), "-o", &out_s])
        .code(2)
        .stderr_has("--force");
    run(&["import", &seed(), "-o", &out_s, "--force"]).code(0);
    let strict = dir.path().join("strict").display().to_string();
    run(&["import", &seed(), "-o", &strict, "--strict"]).code(1);
    assert!(
        !Path::new(&strict).exists(),
        "nothing is written when --strict fails"
    );
}

#[test]
fn import_points_check_diagnostics_at_markdown_lines() {
    let dir = temp_dir();
    let md = dir.write(
        "pb.md",
        "# Rollout\n\n**Timeline:** 1 month\n\n**Phase 1: Build (Week 1-2)**\n\n**Skills:** SRE\n\n**Steps:**\n1. **Pragmatic Architekt**: Design it\n2. **Deliverable**: Design\n",
    );
    let r = run(&["import", &md.display().to_string(), "--json"]);
    r.code(1);
    let json = r.json();
    let d = &json["workflows"][0]["diagnostics"];
    let unknown = d
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "SC001")
        .expect("SC001");
    assert_eq!(unknown["line"], 10);
    assert!(
        unknown["help"]
            .as_str()
            .unwrap()
            .contains("Pragmatic Architect")
    );
    run(&["import", &md.display().to_string()])
        .code(1)
        .stdout_has("pb.md:10:");
    run(&["import", &dir.write("empty.md", "").display().to_string()])
        .code(1)
        .stdout_has("MD003");
}

#[test]
fn export_writes_each_format_and_refuses_to_overwrite() {
    let dir = temp_dir();
    for (format, needle) in [
        ("md", "**Phase 1: Detection & Triage (Minutes 0-5)**"),
        ("yaml", "name: Production Incident Response"),
        ("json", "\"name\": \"Production Incident Response\""),
        ("mermaid", "flowchart TD"),
        ("dot", "digraph"),
        ("html", "<h1>Production Incident Response</h1>"),
    ] {
        run_in(
            dir.path(),
            &["export", "production-incident-response", "--format", format],
        )
        .code(0)
        .stdout_has(needle);
    }
    run(&["export", "gdpr", "--format", "mermaid", "--gantt"])
        .code(0)
        .stdout_has("gantt");
    run(&["export", "gdpr", "--format", "dot", "--gantt"]).code(2);
    run_in(dir.path(), &["export", "gdpr", "-o", "g.md"]).code(0);
    run_in(dir.path(), &["export", "gdpr", "-o", "g.md"])
        .code(2)
        .stderr_has("--force");
    let back = run_in(dir.path(), &["import", "g.md", "--json"]);
    back.code(0);
    assert_eq!(back.json()["notes"].as_array().unwrap().len(), 0);
    let r = run_in(dir.path(), &["render", "gdpr", "-o", "all"]);
    r.code(0);
    assert_eq!(
        std::fs::read_dir(dir.path().join("all")).unwrap().count(),
        7
    );
}

/// A workflow whose labels hold every character that needs escaping.
const TRICKY: &str = r#"name: 'Tricky "Quotes" & <Angles> / [Brackets]'
timeline: 2 weeks
success_criteria:
  - text: 'Error rate < 1% & p99 > 0 [ms] / "ok"'
    metrics: [{name: error_rate, op: "<", target: 1, unit: "%"}]
phases:
  - id: plan
    name: 'Plan [v2] & <Review> / "Go"'
    window: Week 1
    skills: [SRE]
    steps:
      - persona: SRE
        action: 'Check "quotes", [brackets], a & b, x/y, <tags> and {braces} (parens); #hash |pipe|'
        outputs: [plan]
    deliverable: {text: 'Plan <v2> & "notes" / [draft]', artifact: plan}
    checkpoint: {approver: SRE, requires: [plan], text: 'Gate "A" & <B>'}
    decisions:
      - text: 'If "bad" & <worse>, go back [once]'
        if: 'plan.score < 3 && plan.ok != "yes"'
        goto: plan
        max_loops: 1
  - id: ship
    name: Ship
    window: Week 2
    skills: [SRE]
    steps:
      - persona: SRE
        action: Ship it
        inputs: [plan]
        outputs: [release]
    deliverable: {text: Released, artifact: release}
"#;

/// Export every built-in (and the tricky workflow) in `format` into `dir`.
fn export_all(dir: &Path, format: &str, ext: &str, extra: &[&str]) -> Vec<String> {
    let tricky = dir.join("tricky.yaml");
    std::fs::write(&tricky, TRICKY).unwrap();
    let mut names = builtin_ids();
    names.push(tricky.display().to_string());
    let mut files = Vec::new();
    for (n, name) in names.iter().enumerate() {
        let file = dir.join(format!("{n}.{ext}")).display().to_string();
        let mut args = vec![
            "export",
            name.as_str(),
            "--format",
            format,
            "-o",
            file.as_str(),
        ];
        args.extend(extra);
        run(&args).code(0);
        files.push(file);
    }
    files
}

#[test]
#[cfg_attr(
    missing_node,
    ignore = "needs node and tests/js/node_modules (npm ci in tests/js)"
)]
fn mermaid_exports_parse_with_the_real_parser() {
    let root = repo_root();
    let script = root.join("tests/js/mermaid-parse.mjs");
    let usable = runs("node", "--version") && root.join("tests/js/node_modules/mermaid").exists();
    if !tool(
        "node with tests/js/node_modules (npm ci in tests/js)",
        usable,
    ) {
        return;
    }
    let dir = temp_dir();
    let mut files = export_all(dir.path(), "mermaid", "mmd", &[]);
    let gantt = dir.path().join("gantt");
    std::fs::create_dir_all(&gantt).unwrap();
    files.extend(export_all(&gantt, "mermaid", "mmd", &["--gantt"]));
    let out = Command::new("node")
        .arg(&script)
        .args(&files)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "Mermaid rejected an export:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        stdout.lines().filter(|l| l.starts_with("ok ")).count(),
        files.len()
    );
    // The tricky labels are escaped, not dropped.
    let tricky = std::fs::read_to_string(&files[files.len() / 2 - 1]).unwrap();
    assert!(
        tricky.contains("#quot;quotes#quot;")
            && tricky.contains("#lt;tags#gt;")
            && tricky.contains("#amp;"),
        "{tricky}"
    );
}

#[test]
#[cfg_attr(missing_dot, ignore = "needs Graphviz `dot`")]
fn dot_exports_render_with_graphviz() {
    if !tool("Graphviz `dot`", runs("dot", "-V")) {
        return;
    }
    let dir = temp_dir();
    for file in export_all(dir.path(), "dot", "dot", &[]) {
        let svg = format!("{file}.svg");
        let out = Command::new("dot")
            .args(["-Tsvg", &file, "-o", &svg])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{file}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(std::fs::metadata(&svg).unwrap().len() > 1000);
    }
}

/// A workflow whose names hold what breaks each target: Mermaid and Gantt
/// separators and keywords, DOT escapes, markup, controls, non-ASCII.
const HOSTILE: &str = r#"name: "Section: \"Q\" <b>&amp; | #1; 100% \\ back\\ `tick` \x01 東京 🚀"
timeline: 2 weeks
success_criteria:
  - text: "Error rate below 1%"
    metrics: [{name: error_rate, op: "<", target: 1, unit: "%"}]
phases:
  - id: plan
    name: "title: %% comment; #x | \"end\" \\n"
    window: Week 1
    skills: [SRE]
    steps:
      - id: check
        persona: SRE
        action: "Check \"a\" | b; c # d <e> & f \\ g\nnext line\ttab\x7f é"
        outputs: [plan]
    deliverable: {text: "2024-01-01 \"draft\" |x|; #y \\", artifact: plan}
    checkpoint: {approver: SRE, requires: [plan], text: "Gate \"A\" & <B>; #C"}
    decisions:
      - text: "If \"bad\" | worse; #again \\"
        if: 'plan.score < 3 && plan.ok != "yes"'
        goto: plan
        max_loops: 1
  - id: ship
    name: "section \"Ship\"; %x"
    window: Week 2
    skills: [SRE]
    steps:
      - id: ship-it
        persona: SRE
        action: "Ship | it; #now"
        inputs: [plan]
        outputs: [release]
    deliverable: {text: Released, artifact: release}
"#;

#[test]
#[cfg_attr(
    any(missing_node, missing_dot),
    ignore = "needs node with tests/js/node_modules and Graphviz `dot`"
)]
fn hostile_names_pass_the_real_parsers() {
    let dir = temp_dir();
    let source = dir.path().join("hostile.yaml");
    std::fs::write(&source, HOSTILE).unwrap();
    let source = source.display().to_string();
    let export = |format: &str, extra: &[&str], name: &str| {
        let file = dir.path().join(name).display().to_string();
        let mut args = vec!["export", &source, "--format", format, "-o", &file];
        args.extend(extra);
        run(&args).code(0);
        file
    };
    let charts = [
        export("mermaid", &[], "flow.mmd"),
        export("mermaid", &["--gantt"], "gantt.mmd"),
    ];
    let dot = export("dot", &[], "flow.dot");
    let root = repo_root();
    let node = runs("node", "--version") && root.join("tests/js/node_modules/mermaid").exists();
    if tool("node with tests/js/node_modules (npm ci in tests/js)", node) {
        let out = Command::new("node")
            .arg(root.join("tests/js/mermaid-parse.mjs"))
            .args(&charts)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "Mermaid rejected a hostile export:\n{}",
            String::from_utf8_lossy(&out.stdout)
        );
    }
    if tool("Graphviz `dot`", runs("dot", "-V")) {
        let out = Command::new("dot").args(["-Tsvg", &dot]).output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let svg = String::from_utf8_lossy(&out.stdout);
        assert!(svg.contains("</svg>") && !svg.contains('\u{1}'), "{svg}");
    }
}

fn chromium(args: &[&str], profile: &Path) -> std::process::Output {
    Command::new("chromium")
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .output()
        .expect("chromium runs")
}

#[test]
#[cfg_attr(missing_chromium, ignore = "needs chromium")]
fn the_html_export_renders_in_chromium() {
    if !tool("chromium", runs("chromium", "--version")) {
        return;
    }
    let dir = temp_dir();
    let page = dir.path().join("mm.html");
    run(&[
        "export",
        "microservices-migration",
        "--format",
        "html",
        "-o",
        &page.display().to_string(),
    ])
    .code(0);
    let url = format!("file://{}", page.display());
    let dom = chromium(&["--dump-dom", &url], &dir.path().join("profile"));
    let dom = String::from_utf8_lossy(&dom.stdout);
    assert!(dom.contains("<h1>Microservices Migration</h1>"), "{dom}");
    for phase in [
        "Assessment &amp; Planning",
        "Foundation",
        "Pilot Service",
        "Scale-Out",
    ] {
        assert!(
            dom.contains(phase),
            "{phase} missing from the rendered page"
        );
    }
    assert!(dom.contains("<svg") && dom.contains("class=\"node step\""));
    let shot = dir.path().join("shot.png");
    chromium(
        &[
            &format!("--screenshot={}", shot.display()),
            "--window-size=1280,900",
            &url,
        ],
        &dir.path().join("profile2"),
    );
    assert!(
        std::fs::metadata(&shot)
            .map(|m| m.len() > 10_000)
            .unwrap_or(false),
        "no screenshot"
    );
}

#[test]
fn bench_import_runs_on_a_small_document() {
    let r = run(&[
        "bench",
        "import",
        "--workflows",
        "12",
        "--runs",
        "1",
        "--json",
    ]);
    r.code(0);
    let json = r.json();
    assert_eq!(json["workflows"], 12);
    assert!(json["bytes"].as_u64().unwrap() >= 5 * 1024 * 1024);
}
