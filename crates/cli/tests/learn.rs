//! Learning: metrics against success criteria, retrospectives, calibrated
//! timelines and semantic diffs, through the real binary.

use crate::support::{run_in, temp_dir};

const WF: &str = "
name: Learn Fixture
version: 3
success_criteria:
  - text: Error rate under 1%
    metrics: [{name: error_rate, op: '<', target: 1, unit: '%'}]
  - text: p99 under 500 ms
    metrics: [{name: p99, op: '<', target: 500, unit: ms}]
  - text: MTTR under 30 minutes
    metrics: [{name: mttr, op: '<', target: 30, unit: min}]
phases:
  - id: work
    name: Work
    steps:
      - {id: a, persona: SRE, action: Harden, estimate: 1h / 2h / 4h}
      - {id: b, persona: SRE, action: Measure, estimate: 1h}
    deliverable: A hardened service
retrospective:
  - What surprised you?
";

#[test]
fn metrics_retrospective_and_calibration() {
    let dir = temp_dir();
    let wf = dir.write("wf.yaml", WF).display().to_string();
    let db = dir.path().join("runs.db").display().to_string();
    let sc = |args: &[&str]| {
        let mut all = args.to_vec();
        all.extend(["--db", db.as_str()]);
        run_in(dir.path(), &all)
    };
    sc(&["timeline", &wf, "--calibrated", "--iterations", "200"])
        .code(0)
        .stdout_has("no recorded history");
    sc(&["run", &wf, "--executor", "manual"]).code(3);
    sc(&["step", "done", "last", "a", "--text", "done"]);
    let r = sc(&["metric", "last", "error_rate=0.4%", "p99=0.7s", "--json"]);
    r.code(0);
    let v = r.json();
    let outcomes: Vec<&str> = v["criteria"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["outcome"].as_str().unwrap())
        .collect();
    assert_eq!(outcomes, ["met", "missed", "not_measured"]);
    let answers = dir.write("answers.yaml", "q1: The p99 budget\n");
    let r = sc(&[
        "retrospective",
        "last",
        "--answers",
        answers.to_str().unwrap(),
        "--json",
    ]);
    r.code(0);
    let v = r.json();
    assert_eq!(v["version"], 3);
    let qs = v["questions"].as_array().unwrap();
    assert_eq!(qs[0]["text"], "What surprised you?");
    assert_eq!(qs[0]["answer"], "The p99 budget");
    let sources: Vec<&str> = qs.iter().map(|q| q["source"].as_str().unwrap()).collect();
    assert!(sources.contains(&"criterion-missed"), "{sources:?}");
    assert!(sources.contains(&"criterion-unmeasured"), "{sources:?}");
    sc(&["retrospective", "last", "--format", "md"])
        .code(0)
        .stdout_has("| phase / step |")
        .stdout_has("## Questions");
    sc(&["logs", "last"])
        .code(0)
        .stdout_has("metric error_rate");
}

#[test]
fn semantic_diff_of_two_files() {
    let dir = temp_dir();
    let a = dir.write("a.yaml", WF).display().to_string();
    let b = dir
        .write(
            "b.yaml",
            WF.replace("version: 3", "version: 4")
                .replace("1h / 2h / 4h", "2h / 3h / 6h"),
        )
        .display()
        .to_string();
    run_in(dir.path(), &["diff", &a, &b])
        .code(0)
        .stdout_has("~ estimate work/a: 1h / 2h / 4h -> 2h / 3h / 6h")
        .stdout_has("0 added, 0 removed, 2 changed");
}
