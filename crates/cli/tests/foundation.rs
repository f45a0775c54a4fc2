//! The foundation: list, show, check, explain, new, personas, schema, and bad input.

use std::collections::BTreeSet;

use crate::support::*;

const SEED_IDS: [&str; 10] = [
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
];

#[test]
fn list_shows_the_ten_seed_workflows() {
    let r = run(&["list"]);
    r.code(0);
    for id in SEED_IDS {
        r.stdout_has(id);
    }
    let json = run(&["list", "--json"]).json();
    let ids: Vec<&str> = json["workflows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["id"].as_str().unwrap())
        .collect();
    for id in SEED_IDS {
        assert!(ids.contains(&id), "{id} missing from list --json");
    }
}

#[test]
fn list_filters_by_category_and_persona() {
    let r = run(&["list", "--category", "Incident Management", "--json"]).json();
    let cats: BTreeSet<&str> = r["workflows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["category"].as_str().unwrap())
        .collect();
    assert_eq!(cats, BTreeSet::from(["Incident Management"]));
    let r = run(&["list", "--persona", "Incident Commander", "--json"]).json();
    assert!(
        r["workflows"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w["id"] == "production-incident-response")
    );
    run(&["list", "--category"])
        .code(0)
        .stdout_has("Strategic Planning");
}

#[test]
fn every_builtin_checks_clean() {
    let r = run(&["check", "--json"]);
    let report = r.json();
    let noisy: Vec<String> = report["files"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| {
            !f["diagnostics"].as_array().unwrap().is_empty() || f.get("unreadable").is_some()
        })
        .map(|f| format!("{}: {}", f["file"], f["diagnostics"]))
        .collect();
    assert!(
        noisy.is_empty(),
        "built-ins with diagnostics:\n{}",
        noisy.join("\n")
    );
    r.code(0);
}

/// `# expect: SCxxx` markers in a fixture, as (line, code).
pub(crate) fn expectations(path: &str) -> BTreeSet<(u64, String)> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .enumerate()
        .filter_map(|(i, l)| {
            l.split("# expect: ")
                .nth(1)
                .map(|code| (i as u64 + 1, code.trim().to_string()))
        })
        .collect()
}

pub(crate) fn found(path: &str) -> BTreeSet<(u64, String)> {
    let r = run(&["check", "--json", path]);
    r.json()["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["line"].as_u64().unwrap(),
                d["code"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn each_mistake_gets_one_diagnostic_on_its_line() {
    for file in ["every-mistake.yaml", "no-criteria.yaml"] {
        let path = fixture(file);
        assert_eq!(found(&path), expectations(&path), "{file}");
    }
    // Every rule over the model is exercised by the fixtures.
    let all: BTreeSet<String> = ["every-mistake.yaml", "no-criteria.yaml"]
        .iter()
        .flat_map(|f| expectations(&fixture(f)))
        .map(|(_, c)| c)
        .collect();
    for code in (1..=19).map(|n| format!("SC{n:03}")) {
        assert!(all.contains(&code), "no fixture line expects {code}");
    }
}

#[test]
fn check_output_is_rustc_like_and_exit_status_reflects_severity() {
    let r = run(&["check", &fixture("every-mistake.yaml")]);
    r.code(1)
        .stdout_has("every-mistake.yaml:17:18")
        .stdout_has("did you mean `Pragmatic Architect`");
    let dir = temp_dir();
    let warn_only = dir.write(
        "warn.yaml",
        std::fs::read_to_string(fixture("no-criteria.yaml")).unwrap(),
    );
    let p = warn_only.to_str().unwrap();
    run(&["check", p]).code(0).stdout_has("1 warning(s)");
    run(&["check", "--deny", "warnings", p]).code(1);
}

#[test]
fn bad_input_is_a_clear_error_not_a_panic() {
    let dir = temp_dir();
    let cases: Vec<(String, &str)> = vec![
        (
            dir.write("malformed.yaml", "name: [unclosed\nphases: {\n")
                .display()
                .to_string(),
            "SC000",
        ),
        (
            dir.write("types.yaml", "name: X\nphases: 3\n")
                .display()
                .to_string(),
            "SC000",
        ),
        (
            dir.write("garbage.yaml", [0xffu8, 0xfe, 0x00, 0x81, 0x92])
                .display()
                .to_string(),
            "not UTF-8",
        ),
        (
            dir.path().join("missing.yaml").display().to_string(),
            "no such file",
        ),
        (dir.path().display().to_string(), "is a directory"),
    ];
    for (path, needle) in &cases {
        let r = run(&["check", path]);
        r.code(2);
        assert!(
            r.stdout.contains(needle) || r.stderr.contains(needle),
            "{path}: expected {needle:?}\n{}\n{}",
            r.stdout,
            r.stderr
        );
        assert!(
            r.stdout.lines().count() < 40,
            "more than a screen for {path}"
        );
    }
    // A 50 MB file is refused by size before it is read.
    let big = dir.path().join("big.yaml");
    let f = std::fs::File::create(&big).unwrap();
    f.set_len(50 * 1024 * 1024).unwrap();
    run(&["check", big.to_str().unwrap()])
        .code(2)
        .stdout_has("limited to 16 MB");
    // `show` on a broken file fails with the diagnostics on stderr.
    run(&["show", &cases[0].0]).code(2).stderr_has("SC000");
}

#[test]
fn explain_every_rule() {
    run(&["explain"])
        .code(0)
        .stdout_has("SC001")
        .stdout_has("SC019");
    run(&["explain", "SC007"])
        .code(0)
        .stdout_has("unbounded-loop")
        .stdout_has("max_loops");
    run(&["explain", "sc001", "--json"])
        .code(0)
        .stdout_has("\"code\": \"SC001\"");
    run(&["explain", "SC999"]).code(2).stderr_has("no rule");
}

#[test]
fn show_by_id_by_fuzzy_name_and_as_json() {
    run(&["show", "microservices-migration"])
        .code(0)
        .stdout_has("Assessment & Planning (Month 1-2)")
        .stdout_has("Pragmatic Architect");
    run(&["show", "Production Incident Response"])
        .code(0)
        .stdout_has("Minutes 0-5");
    run(&["show", "gdpr"])
        .code(0)
        .stdout_has("GDPR Compliance Program");
    let j = run(&["show", "chaos-engineering-program-launch", "--json"]).json();
    assert_eq!(j["phases"].as_array().unwrap().len(), 4);
    run(&["show", "no-such-workflow-anywhere"])
        .code(2)
        .stderr_has("skill-chains list");
}

#[test]
fn new_writes_a_workflow_that_checks_without_errors() {
    let dir = temp_dir();
    run_in(
        dir.path(),
        &[
            "new",
            "--name",
            "Data Warehouse Migration",
            "--timeline",
            "2 months",
        ],
    )
    .code(0)
    .stderr_has("TODO placeholder(s)");
    let file = dir.path().join("data-warehouse-migration.yaml");
    assert!(file.exists());
    // No errors; what is left to write is flagged as placeholders.
    let checked = run_in(dir.path(), &["check", file.to_str().unwrap()]);
    checked
        .code(0)
        .stdout_has(" 0 error(s)")
        .stdout_has("SC025");
    assert!(
        checked
            .stdout
            .lines()
            .filter(|l| l.contains("warning["))
            .all(|l| l.contains("SC025")),
        "{}",
        checked.stdout
    );
    // Never overwrites without --force.
    run_in(dir.path(), &["new", "--name", "Data Warehouse Migration"])
        .code(2)
        .stderr_has("--force");
    let custom = run_in(
        dir.path(),
        &[
            "new",
            "--name",
            "Tiny",
            "--timeline",
            "3 weeks",
            "--phase",
            "Plan|Week 1|Pragmatic Architect",
            "--phase",
            "Do|Week 2-3|SRE, QA",
            "-o",
            "-",
        ],
    );
    custom.code(0).stdout_has("Week 2-3");
}

/// `new --timeline` writes windows that end where the timeline does and
/// estimates that fit them, so its own file never warns about its windows;
/// its schema line names a copy of the schema that exists, so an editor
/// validates it offline.
#[test]
fn new_fits_its_windows_to_the_timeline_and_names_a_schema_that_exists() {
    let dir = temp_dir();
    std::fs::create_dir_all(dir.path().join("workflows")).unwrap();
    for (n, timeline) in ["3 months", "2 weeks", "6-12 months", "5 days"]
        .iter()
        .enumerate()
    {
        let file = format!("workflows/w{n}.yaml");
        run_in(
            dir.path(),
            &["new", "--name", "X", "--timeline", timeline, "-o", &file],
        )
        .code(0);
        let check = run_in(dir.path(), &["check", &file, "--json"]).json();
        let found = check.to_string();
        for code in ["SC015", "SC022", "SC016"] {
            assert!(!found.contains(code), "{timeline}: {found}");
        }
        let text = std::fs::read_to_string(dir.path().join(&file)).unwrap();
        let line = text.lines().next().unwrap();
        let schema = line
            .strip_prefix("# yaml-language-server: $schema=")
            .unwrap_or_else(|| panic!("{line}"));
        assert!(!schema.contains("://"), "{line}");
        let path = dir.path().join("workflows").join(schema);
        let json: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        assert!(
            json["required"]
                .as_array()
                .unwrap()
                .iter()
                .any(|r| r == "phases")
        );
    }
}

#[test]
fn personas_catalog_and_usage() {
    let j = run(&["personas", "--json"]).json();
    assert_eq!(j["personas"].as_array().unwrap().len(), 64);
    let sre = j["personas"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["slug"] == "site-reliability-engineer")
        .unwrap();
    assert!(
        sre["used_in"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w == "microservices-migration")
    );
    run(&["personas", "--group", "Operations & Reliability"])
        .code(0)
        .stdout_has("Incident Commander");
    // Project personas from skill-chains.yaml, and skills found in .claude/skills.
    let dir = temp_dir();
    dir.write(
        "skill-chains.yaml",
        "personas:\n  - name: Data Protection Officer\n    slug: dpo\n    aliases: [DPO]\n",
    );
    std::fs::create_dir_all(dir.path().join(".git")).unwrap();
    std::fs::create_dir_all(dir.path().join(".claude/skills/incident-commander")).unwrap();
    dir.write(
        ".claude/skills/incident-commander/SKILL.md",
        "# Incident Commander\n",
    );
    let r = run_in(dir.path(), &["personas", "--skills", "--json"]).json();
    assert!(
        r["personas"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["slug"] == "dpo")
    );
    assert!(
        r["skills"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["persona"] == "incident-commander")
    );
}

#[test]
fn schema_copy_in_the_repo_does_not_drift() {
    let printed = run(&["schema"]).stdout;
    let committed =
        std::fs::read_to_string(repo_root().join("schema/workflow.schema.json")).unwrap();
    assert_eq!(
        printed, committed,
        "schema/workflow.schema.json is stale: run `skill-chains schema > schema/workflow.schema.json`"
    );
}

#[test]
fn completions_and_man_page() {
    run(&["completions", "bash"])
        .code(0)
        .stdout_has("skill-chains");
    run(&["man"]).code(0).stdout_has(".TH");
}
