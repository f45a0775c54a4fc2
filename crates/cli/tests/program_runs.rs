//! Running a program: one run per member workflow, each holding the phases
//! its handoffs wait for, released by the program run as the others get there.

use crate::support::*;

const API: &str = "name: API\nphases:\n  - id: design\n    name: Design\n    steps:\n      - {id: spec, persona: API Platform Engineer, action: Write the API spec, outputs: [api-spec]}\n    checkpoint: {approver: Principal Engineer, text: Spec reviewed}\n  - id: build\n    name: Build\n    steps:\n      - {id: endpoints, persona: Backend Engineer, action: Build the endpoints}\n";
const APP: &str = "name: App\nphases:\n  - id: mock\n    name: Mock\n    steps:\n      - {id: screens, persona: Mobile Engineer, action: Build screens against a mock}\n  - id: integrate\n    name: Integrate\n    steps:\n      - {id: wire, persona: Mobile Engineer, action: Wire the real API}\n";
const RELEASE: &str = "name: Release\nphases:\n  - id: ship\n    name: Ship\n    steps:\n      - {id: launch, persona: SRE, action: Launch}\n";
const PROGRAM: &str = "name: Launch\nworkflows:\n  - {id: api, workflow: api.yaml}\n  - {id: app, workflow: app.yaml}\n  - {id: release, workflow: release.yaml}\nhandoffs:\n  - depend: {from: api, to: app, when: {artifact: api-spec}, blocks: integrate}\n  - converge: {from: [api, app], into: release}\n";

fn setup() -> (TempDir, Vec<(&'static str, String)>) {
    let dir = temp_dir();
    for (name, text) in [
        ("api.yaml", API),
        ("app.yaml", APP),
        ("release.yaml", RELEASE),
        ("launch.yaml", PROGRAM),
    ] {
        dir.write(name, text);
    }
    let db = dir.path().join("runs.db").display().to_string();
    (
        dir,
        vec![("SKILL_CHAINS_DB", db), ("USER", "tester".into())],
    )
}

fn sc(dir: &TempDir, env: &[(&'static str, String)], args: &[&str]) -> Run {
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    run_env(dir.path(), args, &env)
}

/// The order in which steps of all member runs completed.
fn completion_order(
    dir: &TempDir,
    env: &[(&'static str, String)],
    runs: &[String],
) -> Vec<(i64, String)> {
    let mut out = Vec::new();
    for r in runs {
        let logs = sc(dir, env, &["logs", r, "--json"]).json();
        for e in logs["events"].as_array().unwrap() {
            if e["type"] == "step_completed" {
                out.push((
                    e["seq"].as_i64().unwrap(),
                    e["step"].as_str().unwrap().to_string(),
                ));
            }
        }
    }
    out
}

#[test]
fn a_program_runs_its_workflows_in_handoff_order() {
    let (dir, env) = setup();
    let r = sc(
        &dir,
        &env,
        &[
            "run",
            "launch.yaml",
            "--executor",
            "noop",
            "--auto-approve",
            "--json",
        ],
    );
    let j = r.code(0).json();
    assert_eq!(j["status"], "completed", "{j}");
    let members = j["members"].as_array().unwrap();
    assert_eq!(members.len(), 3);
    assert!(members.iter().all(|m| m["status"] == "completed"), "{j}");
    // The app's integration waited for the spec; the release for both.
    let runs: Vec<String> = members
        .iter()
        .map(|m| m["run"].as_str().unwrap().to_string())
        .collect();
    let order = completion_order(&dir, &env, &runs);
    let seq = |step: &str| {
        order
            .iter()
            .find(|(_, s)| s == step)
            .map(|(q, _)| *q)
            .unwrap()
    };
    assert!(seq("spec") < seq("wire"), "{order:?}");
    assert!(
        seq("endpoints") < seq("launch") && seq("wire") < seq("launch"),
        "{order:?}"
    );
    let logs = sc(&dir, &env, &["logs", &runs[2]]);
    logs.code(0).stdout_has("released by program run");
}

#[test]
fn a_member_at_a_gate_holds_the_others_until_approved_and_resumed() {
    let (dir, env) = setup();
    let j = sc(
        &dir,
        &env,
        &["run", "launch.yaml", "--executor", "noop", "--json"],
    )
    .code(3)
    .json();
    let program_run = j["program_run"].as_str().unwrap().to_string();
    let member = |j: &serde_json::Value, id: &str| {
        j["members"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["member"] == id)
            .cloned()
            .unwrap()
    };
    let api = member(&j, "api");
    assert_eq!(api["status"], "awaiting-approval", "{j}");
    // The spec exists, so the app went as far as it could; the release waits for both.
    assert_eq!(member(&j, "app")["status"], "completed", "{j}");
    let release = member(&j, "release");
    assert_eq!(release["status"], "awaiting-handoff", "{j}");
    assert!(
        release["waiting"]
            .as_str()
            .unwrap()
            .contains("api to finish"),
        "{j}"
    );
    let status = sc(&dir, &env, &["status", &program_run, "--json"])
        .code(0)
        .json();
    assert_eq!(status["status"], "paused", "{status}");
    assert_eq!(member(&status, "release")["status"], "awaiting-handoff");
    let api_run = api["run"].as_str().unwrap();
    sc(&dir, &env, &["approve", api_run, "design", "--by", "cto"]).code(0);
    // Nothing moves the release until the program run coordinates again.
    let j = sc(&dir, &env, &["resume", &program_run, "--json"])
        .code(0)
        .json();
    assert_eq!(j["status"], "completed", "{j}");
    // A program run that is done stays done.
    sc(&dir, &env, &["resume", &program_run[..10], "--json"]).code(0);
}

#[test]
fn the_builtin_program_paused_at_a_held_phase_says_what_it_waits_for() {
    let (dir, env) = setup();
    let r = sc(
        &dir,
        &env,
        &[
            "run",
            "platform-migration-gdpr-escalation",
            "--executor",
            "noop",
        ],
    );
    r.code(3).stdout_has("program run").stdout_has("awaiting-");
    let runs = || {
        sc(&dir, &env, &["runs", "--json"]).json()["runs"]
            .as_array()
            .unwrap()
            .len()
    };
    let before = runs();
    assert_eq!(before, 2, "one run per member");
    let j = sc(&dir, &env, &["run", "launch.yaml", "--dry-run", "--json"])
        .code(0)
        .json();
    let members = j["members"].as_array().unwrap();
    assert_eq!(members.len(), 3);
    assert_eq!(members[1]["holds"][0]["phase"], "integrate", "{j}");
    assert!(members[2]["steps"].is_array(), "{j}");
    sc(&dir, &env, &["run", "launch.yaml", "--dry-run"])
        .code(0)
        .stdout_has("holds phase ship until api to finish and app to finish");
    assert_eq!(runs(), before, "a dry run stores nothing");
}

#[test]
fn members_that_do_not_wait_for_each_other_run_side_by_side() {
    let dir = temp_dir();
    let step = |name: &str| {
        format!(
            "name: {name}\nphases:\n  - id: work\n    name: Work\n    steps:\n      - {{id: {name}-step, persona: SRE, action: Work, command: \"sleep 1; echo done\"}}\n"
        )
    };
    dir.write("left.yaml", step("left"));
    dir.write("right.yaml", step("right"));
    dir.write(
        "both.yaml",
        "name: Both\nworkflows:\n  - {id: left, workflow: left.yaml}\n  - {id: right, workflow: right.yaml}\n",
    );
    let db = dir.path().join("runs.db").display().to_string();
    let env = vec![("SKILL_CHAINS_DB", db), ("USER", "tester".to_string())];
    let j = sc(
        &dir,
        &env,
        &[
            "run",
            "both.yaml",
            "--executor",
            "shell",
            "--allow-shell",
            "--json",
        ],
    )
    .code(0)
    .json();
    // Each step started before the other finished: their runs overlapped.
    let span = |run: &str| {
        let logs = sc(&dir, &env, &["logs", run, "--json"]).json();
        let seq = |kind: &str| {
            logs["events"]
                .as_array()
                .unwrap()
                .iter()
                .find(|e| e["type"] == kind)
                .map(|e| e["seq"].as_i64().unwrap())
                .unwrap()
        };
        (seq("step_started"), seq("step_completed"))
    };
    let runs: Vec<String> = j["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["run"].as_str().unwrap().to_string())
        .collect();
    let (a, b) = (span(&runs[0]), span(&runs[1]));
    assert!(a.0 < b.1 && b.0 < a.1, "{a:?} {b:?}");
}
