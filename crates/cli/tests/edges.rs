//! The edges of ordinary use: output into a pipe that closes early, files
//! with errors that are still shown, and very large files.

use std::process::{Command, Stdio};

use crate::support::{bin, run_in, temp_dir};

/// Run `skill-chains args...` with stdout a pipe whose reading end is
/// already closed, as `| head` leaves it: every write fails with EPIPE.
fn into_closed_pipe(dir: &std::path::Path, args: &[&str]) -> (i32, String) {
    let (reader, writer) = std::io::pipe().expect("a pipe");
    drop(reader);
    let out = Command::new(bin())
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdout(writer)
        .stderr(Stdio::piped())
        .output()
        .expect("the binary runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_closed_pipe_ends_quietly_with_success() {
    let dir = temp_dir();
    for args in [
        &["list", "--json"][..],
        &["list"],
        &["runs"],
        &["timeline", "microservices-migration", "--json"],
        &["show", "microservices-migration"],
        &["schema"],
    ] {
        let (status, stderr) = into_closed_pipe(dir.path(), args);
        assert_eq!(status, 0, "{args:?}: {stderr}");
        assert!(!stderr.contains("Broken pipe"), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    }
}

#[test]
fn a_reader_that_stops_after_one_line_is_no_failure() {
    use std::io::{BufRead, BufReader};
    let dir = temp_dir();
    let mut child = Command::new(bin())
        .args(["personas", "--json"])
        .current_dir(dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    assert!(!first.is_empty());
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(!stderr.contains("Broken pipe"), "{stderr}");
}

/// A workflow with one error (an unknown persona) and otherwise clean.
const WITH_AN_ERROR: &str = "name: Tiny Rollout
success_criteria:
  - text: Error rate below 1%
    metrics: [{name: error_rate, op: \"<\", target: 1, unit: \"%\"}]
phases:
  - id: plan
    name: Plan
    window: Month 1
    steps:
      - id: design
        persona: Pragmatc Architect
        action: Design the rollout
        outputs: [rollout-plan]
    deliverable: {text: Rollout plan, artifact: rollout-plan}
";

#[test]
fn show_prints_a_workflow_with_errors_and_its_errors() {
    let dir = temp_dir();
    dir.write("wf.yaml", WITH_AN_ERROR);
    run_in(dir.path(), &["show", "wf.yaml"])
        .code(1)
        .stdout_has("Tiny Rollout")
        .stdout_has("Design the rollout")
        .stderr_has("SC001")
        .stderr_has("did you mean `Pragmatic Architect`?");
    let shown = run_in(dir.path(), &["show", "wf.yaml", "--json"]);
    shown.code(1);
    assert_eq!(shown.json()["name"], "Tiny Rollout");
}

#[test]
fn export_writes_a_workflow_with_errors_and_its_errors() {
    let dir = temp_dir();
    dir.write("wf.yaml", WITH_AN_ERROR);
    run_in(dir.path(), &["export", "wf.yaml", "--format", "md"])
        .code(1)
        .stdout_has("Tiny Rollout")
        .stderr_has("SC001");
    // A plan needs a workflow without errors.
    run_in(
        dir.path(),
        &["export", "wf.yaml", "--format", "mermaid", "--gantt"],
    )
    .code(1)
    .stderr_has("SC001");
    // Nothing to show in a file that cannot be read.
    dir.write("broken.yaml", "name: [unclosed\n");
    run_in(dir.path(), &["show", "broken.yaml"])
        .code(2)
        .stderr_has("SC000");
}

#[test]
fn a_workflow_of_twenty_thousand_steps_is_checked_and_shown() {
    let mut yaml = String::from(
        "name: Big\nsuccess_criteria:\n  - text: Error rate below 1%\n    metrics: [{name: error_rate, op: \"<\", target: 1, unit: \"%\"}]\nphases:\n",
    );
    for p in 0..100 {
        yaml.push_str(&format!(
            "  - id: p{p}\n    name: Part {p}\n    window: Month {}\n    skills: [SRE]\n    deliverable: {{text: Done, artifact: a{p}-199}}\n    steps:\n",
            p + 1
        ));
        for s in 0..200 {
            yaml.push_str(&format!(
                "      - id: p{p}-s{s}\n        persona: SRE\n        action: Do part {s}\n        estimate: 1h\n        outputs: [a{p}-{s}]\n"
            ));
        }
    }
    let dir = temp_dir();
    dir.write("big.yaml", &yaml);
    let checked = run_in(dir.path(), &["check", "big.yaml"]);
    checked.code(0).stdout_has("1 clean");
    assert!(!checked.stderr.contains("budget"), "{}", checked.stderr);
    run_in(dir.path(), &["show", "big.yaml"])
        .code(0)
        .stdout_has("Do part 199");
}
