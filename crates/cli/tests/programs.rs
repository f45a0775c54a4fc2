//! Programs: workflows joined by handoffs. list, show, check (every program
//! mistake on its line), sequence and converge, and the planning commands
//! on the five built-in programs.

use std::collections::BTreeSet;

use crate::foundation::{expectations, found};
use crate::support::*;

const PROGRAMS: [&str; 5] = [
    "feature-launch-lifecycle",
    "mobile-launch-convergence",
    "chaos-remediation-cycle",
    "platform-migration-gdpr-escalation",
    "design-system-feature-dependency",
];

#[test]
fn list_and_show_the_builtin_programs() {
    let j = run(&["list", "--programs", "--json"]).json();
    let ids: BTreeSet<&str> = j["programs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, BTreeSet::from(PROGRAMS));
    run(&["list", "--programs"])
        .code(0)
        .stdout_has("escalate")
        .stdout_has("5 program(s)");
    run(&["show", "platform-migration-gdpr-escalation"])
        .code(0)
        .stdout_has("migration pauses at the data-migration checkpoint until gdpr's gap-analysis gate passes")
        .stdout_has("Rollback:");
    let j = run(&["show", "mobile-launch-convergence", "--json"]).json();
    assert_eq!(j["workflows"].as_array().unwrap().len(), 4);
    assert!(
        j["handoffs"]
            .as_array()
            .unwrap()
            .iter()
            .any(|h| h["pattern"] == "converge")
    );
    // By name, like workflows.
    run(&["show", "Chaos Engineering and Remediation Cycle"])
        .code(0)
        .stdout_has("at most 3 cycles");
}

#[test]
fn each_program_mistake_gets_one_diagnostic_on_its_line() {
    let path = fixture("every-program-mistake.yaml");
    let expected = expectations(&path);
    assert_eq!(found(&path), expected);
    let codes: BTreeSet<String> = expected.into_iter().map(|(_, c)| c).collect();
    for code in (100..=108).map(|n| format!("SC{n:03}")) {
        assert!(codes.contains(&code), "no fixture line expects {code}");
    }
    let r = run(&["check", &path]);
    r.code(1)
        .stdout_has("every-program-mistake.yaml:59")
        .stdout_has("and 1 program(s)");
    // Programs refuse to be planned while they have errors.
    run(&["dependency", &path]).code(1).stderr_has("SC104");
}

#[test]
fn explain_knows_the_program_rules() {
    let r = run(&["explain"]);
    for n in 100..=108 {
        r.stdout_has(&format!("SC{n}"));
    }
    run(&["explain", "SC105"]).code(0).stdout_has("pause_at");
}

#[test]
fn program_files_name_workflows_relative_to_themselves() {
    let dir = temp_dir();
    std::fs::create_dir_all(dir.path().join("flows")).unwrap();
    let wf = std::fs::read_to_string(repo_root().join("crates/core/library/launch-campaign.yaml"))
        .unwrap();
    dir.write(
        "flows/campaign.yaml",
        wf.replace("id: launch-campaign", "id: my-campaign"),
    );
    dir.write(
        "flows/program.yaml",
        "name: Mine\nworkflows:\n  - {id: feature, workflow: new-product-feature}\n  - {id: campaign, workflow: campaign.yaml}\nhandoffs:\n  - sequence: {from: feature, to: campaign}\n",
    );
    let r = run_in(dir.path(), &["check", "flows/program.yaml"]);
    r.code(0).stdout_has("1 clean");
    run_in(dir.path(), &["dependency", "flows/program.yaml"])
        .code(0)
        .stdout_has("campaign (my-campaign)");
    dir.write(
        "flows/bad.yaml",
        "name: Bad\nworkflows:\n  - workflow: ../missing.yaml\n",
    );
    run_in(dir.path(), &["check", "flows/bad.yaml"])
        .code(1)
        .stdout_has("SC101")
        .stdout_has("no workflow file");
}

#[test]
fn sequence_writes_a_checked_program_and_never_overwrites() {
    let dir = temp_dir();
    let wf =
        std::fs::read_to_string(repo_root().join("crates/core/library/growth-optimization.yaml"))
            .unwrap();
    dir.write("growth.yaml", wf);
    let args = [
        "sequence",
        "new-product-feature",
        "launch-campaign",
        "growth.yaml",
        "--gate",
        "Feature passes QA, no P0 bugs",
        "-o",
        "out/chain.yaml",
    ];
    run_in(dir.path(), &args)
        .code(0)
        .stdout_has("wrote out/chain.yaml");
    let text = std::fs::read_to_string(dir.path().join("out/chain.yaml")).unwrap();
    assert!(text.contains("Feature passes QA, no P0 bugs"), "{text}");
    assert!(
        text.contains("../growth.yaml"),
        "file references are relative to the program: {text}"
    );
    assert!(
        text.contains("launch-report"),
        "a missing gate waits for the last deliverable: {text}"
    );
    run_in(dir.path(), &["check", "out/chain.yaml"])
        .code(0)
        .stdout_has("1 clean");
    run_in(dir.path(), &args).code(2).stderr_has("--force");
    let mut forced = args.to_vec();
    forced.push("--force");
    run_in(dir.path(), &forced).code(0);
    let printed = run(&[
        "sequence",
        "new-product-feature",
        "launch-campaign",
        "-o",
        "-",
    ]);
    printed
        .code(0)
        .stdout_has("workflows:")
        .stdout_has("sequence:");
    run(&[
        "sequence",
        "new-product-feature",
        "launch-campaign",
        "--gate",
        "a",
        "--gate",
        "b",
    ])
    .code(2)
    .stderr_has("one --gate per arrow");
    run(&["sequence", "new-product-feature", "no-such-thing-at-all"]).code(2);
}

#[test]
fn converge_writes_a_program_converging_on_a_phase() {
    let dir = temp_dir();
    let args = [
        "converge",
        "backend-api-build",
        "launch-infrastructure",
        "--into",
        "integration-testing-and-launch",
        "--phase",
        "integration-testing",
        "-o",
        "converge.yaml",
        "--json",
    ];
    let j = run_in(dir.path(), &args).json();
    assert_eq!(j["workflows"], 3);
    assert_eq!(j["handoffs"], 1);
    let text = std::fs::read_to_string(dir.path().join("converge.yaml")).unwrap();
    assert!(
        text.contains("converge:") && text.contains("phase: integration-testing"),
        "{text}"
    );
    let dep = run_in(dir.path(), &["dependency", "converge.yaml", "--json"]).json();
    assert_eq!(dep["workflows"].as_array().unwrap().len(), 3);
    // A phase the convergence workflow does not have is refused, nothing written.
    let bad = run_in(
        dir.path(),
        &[
            "converge",
            "backend-api-build",
            "--into",
            "launch-campaign",
            "--phase",
            "nope",
            "-o",
            "bad.yaml",
        ],
    );
    bad.code(1).stderr_has("SC101");
    assert!(!dir.path().join("bad.yaml").exists());
}

#[test]
fn dependency_gives_the_cross_workflow_critical_path_and_slack() {
    for id in PROGRAMS {
        let r = run(&["dependency", id]);
        r.code(0).stdout_has("Critical path").stdout_has("slack");
        let j = run(&["dependency", id, "--json"]).json();
        let workflows = j["workflows"].as_array().unwrap();
        assert!(workflows.len() >= 2, "{id}");
        assert!(
            workflows
                .iter()
                .all(|w| w["slack"].as_f64().unwrap() >= 0.0),
            "{id}"
        );
        assert!(
            workflows
                .iter()
                .any(|w| w["slack"].as_f64().unwrap() < 1e-6),
            "{id}: something is critical"
        );
        let path: Vec<&str> = j["critical_path"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap())
            .collect();
        let crossed: BTreeSet<&str> = path.iter().map(|s| s.split('/').next().unwrap()).collect();
        assert!(
            crossed.len() >= 2,
            "{id}: the critical path crosses workflows: {path:?}"
        );
    }
    // The sequence's last workflow ends the program; the feature has slack.
    let j = run(&["dependency", "feature-launch-lifecycle", "--json"]).json();
    let slack = |w: &str| {
        j["workflows"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["id"] == w)
            .unwrap()["slack"]
            .as_f64()
            .unwrap()
    };
    assert_eq!(slack("optimization"), 0.0);
}

#[test]
fn timeline_gives_percentiles_for_each_program() {
    for id in PROGRAMS {
        let j = run(&[
            "timeline",
            id,
            "--iterations",
            "2000",
            "--seed",
            "7",
            "--json",
        ])
        .json();
        let (p50, p80, p95) = (
            j["p50"].as_f64().unwrap(),
            j["p80"].as_f64().unwrap(),
            j["p95"].as_f64().unwrap(),
        );
        assert!(
            0.0 < p50 && p50 <= p80 && p80 <= p95,
            "{id}: {p50} {p80} {p95}"
        );
        for w in j["workflows"].as_array().unwrap() {
            // Each workflow's finish is simulated on its own; allow sampling noise.
            assert!(
                w["p50"].as_f64().unwrap() <= p50 * 1.01,
                "{id}: a workflow ends by the program's end"
            );
        }
    }
    // Same seed, same answer; the escalation pause is an uncertain delay.
    let a = run(&[
        "timeline",
        "platform-migration-gdpr-escalation",
        "--iterations",
        "2000",
        "--json",
    ])
    .stdout;
    let b = run(&[
        "timeline",
        "platform-migration-gdpr-escalation",
        "--iterations",
        "2000",
        "--json",
    ])
    .stdout;
    assert_eq!(a, b);
    let j: serde_json::Value = serde_json::from_str(&a).unwrap();
    let pause = &j["delays"][0];
    assert!(pause["pessimistic"].as_f64().unwrap() > pause["optimistic"].as_f64().unwrap());
    run(&["timeline", "chaos-remediation-cycle", "--iterations", "500"])
        .code(0)
        .stdout_has("P95")
        .stdout_has("more cycle(s)");
}

#[test]
fn program_timeline_names_the_sampling_it_used() {
    let args = |sampling: &'static str| {
        [
            "timeline",
            "chaos-remediation-cycle",
            "--iterations",
            "300",
            "--sampling",
            sampling,
        ]
    };
    run(&args("triangular"))
        .code(0)
        .stdout_has("300 runs (triangular, seed 0)");
    let j = run(&[&args("triangular")[..], &["--json"]].concat()).json();
    assert_eq!(j["sampling"], "triangular");
    run(&args("beta-pert"))
        .code(0)
        .stdout_has("300 runs (beta-pert, seed 0)");
}

#[test]
fn parallel_shows_workflows_side_by_side() {
    let j = run(&["parallel", "mobile-launch-convergence", "--json"]).json();
    assert!(j["saved"].as_f64().unwrap() > 0.0);
    run(&["parallel", "mobile-launch-convergence"])
        .code(0)
        .stdout_has("backend ∥ infrastructure");
}

#[test]
fn program_schema_copy_in_the_repo_does_not_drift() {
    let printed = run(&["schema", "--program"]).stdout;
    let committed =
        std::fs::read_to_string(repo_root().join("schema/program.schema.json")).unwrap();
    assert_eq!(
        printed, committed,
        "schema/program.schema.json is stale: run `skill-chains schema --program > schema/program.schema.json`"
    );
}

/// Export every built-in program in `format` (with `extra` flags) into `dir`.
fn export_programs(dir: &std::path::Path, format: &str, ext: &str, extra: &[&str]) -> Vec<String> {
    PROGRAMS
        .iter()
        .map(|id| {
            let file = dir.join(format!("{id}.{ext}")).display().to_string();
            let mut args = vec!["export", id, "--format", format, "-o", file.as_str()];
            args.extend(extra);
            run(&args).code(0);
            file
        })
        .collect()
}

#[test]
#[cfg_attr(
    missing_node,
    ignore = "needs node and tests/js/node_modules (npm ci in tests/js)"
)]
fn program_mermaid_exports_parse_with_the_real_parser() {
    use crate::markdown::{runs, tool};
    let root = repo_root();
    let usable = runs("node", "--version") && root.join("tests/js/node_modules/mermaid").exists();
    if !tool(
        "node with tests/js/node_modules (npm ci in tests/js)",
        usable,
    ) {
        return;
    }
    let dir = temp_dir();
    let mut files = export_programs(dir.path(), "mermaid", "mmd", &[]);
    files.extend(export_programs(
        dir.path(),
        "mermaid",
        "gantt.mmd",
        &["--gantt"],
    ));
    let out = std::process::Command::new("node")
        .arg(root.join("tests/js/mermaid-parse.mjs"))
        .args(&files)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "Mermaid rejected a program export:\n{stdout}"
    );
    assert_eq!(stdout.lines().filter(|l| l.starts_with("ok ")).count(), 10);
    let flow = std::fs::read_to_string(&files[3]).unwrap();
    assert!(
        flow.contains("-.->|\"resume after gdpr's gate\"|"),
        "{flow}"
    );
}

#[test]
#[cfg_attr(missing_dot, ignore = "needs Graphviz `dot`")]
fn program_dot_and_html_exports() {
    use crate::markdown::{runs, tool};
    let dir = temp_dir();
    for file in export_programs(dir.path(), "html", "html", &[]) {
        let page = std::fs::read_to_string(&file).unwrap();
        assert!(
            page.contains("<svg") && page.contains("Handoffs") && !page.contains("<script"),
            "{file}"
        );
    }
    let yaml = run(&["export", "chaos-remediation-cycle", "--format", "yaml"]);
    yaml.code(0).stdout_has("cycle:");
    run(&["export", "chaos-remediation-cycle", "--format", "md"])
        .code(2)
        .stderr_has("mermaid, dot, html");
    if !tool("Graphviz `dot`", runs("dot", "-V")) {
        return;
    }
    for file in export_programs(dir.path(), "dot", "dot", &[]) {
        let out = std::process::Command::new("dot")
            .args(["-Tsvg", &file, "-o", &format!("{file}.svg")])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{file}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn schedule_levels_a_program_with_shared_people() {
    let j = run(&[
        "schedule",
        "feature-launch-lifecycle",
        "--schedules",
        "2000",
        "--json",
    ])
    .json();
    assert_eq!(j["feasible"], true);
    assert!(j["finish"].as_f64().unwrap() + 1e-6 >= j["unconstrained"].as_f64().unwrap());
    let steps = j["steps"].as_array().unwrap();
    let start = |id: &str| {
        steps.iter().find(|s| s["id"] == id).unwrap()["start"]
            .as_f64()
            .unwrap()
    };
    let finish = |id: &str| {
        steps.iter().find(|s| s["id"] == id).unwrap()["finish"]
            .as_f64()
            .unwrap()
    };
    // The launch campaign starts after the feature's rollout, as the handoff says.
    assert!(start("launch/launch-content") + 1e-6 >= finish("feature/progressive-rollout"));
    let dir = temp_dir();
    dir.write(
        "team.yaml",
        "members:\n  - {persona: Growth Engineer, count: 2}\n",
    );
    let team = dir.path().join("team.yaml");
    run(&[
        "schedule",
        "feature-launch-lifecycle",
        "--team",
        team.to_str().unwrap(),
        "--schedules",
        "500",
        "--gantt",
        "text",
    ])
    .code(0)
    .stdout_has("Gantt (levelled)")
    .stdout_has("monitoring (Monitoring & Incident Response)");
}

#[test]
fn timeline_draws_a_program_gantt() {
    run(&[
        "timeline",
        "design-system-feature-dependency",
        "--iterations",
        "200",
        "--gantt",
        "text",
    ])
    .code(0)
    .stdout_has("Gantt (expected durations)")
    .stdout_has("design-system (Design System Creation)");
    let j = run(&[
        "timeline",
        "design-system-feature-dependency",
        "--iterations",
        "200",
        "--gantt",
        "mermaid",
        "--json",
    ])
    .json();
    assert!(j["gantt"]["bars"].as_array().unwrap().len() >= 9);
}

#[test]
fn a_program_on_standard_output_with_json_travels_inside_the_report() {
    let r = run(&[
        "sequence",
        "new-product-feature",
        "launch-campaign",
        "-o",
        "-",
        "--json",
    ]);
    let j = r.code(0).json();
    assert_eq!(j["file"], "-");
    assert!(
        j["text"].as_str().unwrap().contains("launch-campaign"),
        "{j}"
    );
    run(&[
        "sequence",
        "new-product-feature",
        "launch-campaign",
        "-o",
        "-",
    ])
    .code(0)
    .stdout_has("handoffs:");
}
