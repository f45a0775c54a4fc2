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

/// A project directory with a workflow file, a run store and a fixed clock.
struct Project {
    dir: crate::support::TempDir,
    db: String,
}

impl Project {
    fn new(workflow: &str) -> Project {
        let dir = temp_dir();
        dir.write("wf.yaml", workflow);
        let db = dir.path().join("runs.db").display().to_string();
        Project { dir, db }
    }

    /// `skill-chains args... --db runs.db` in the project, the clock at `now`.
    fn at(&self, now: &str, args: &[&str]) -> crate::support::Run {
        let mut all = args.to_vec();
        all.extend(["--db", self.db.as_str()]);
        crate::support::run_env(self.dir.path(), &all, &[("SKILL_CHAINS_NOW", now)])
    }

    fn sc(&self, args: &[&str]) -> crate::support::Run {
        self.at("2026-01-09T09:00:00Z", args)
    }

    /// A command that takes no run store.
    fn cli(&self, args: &[&str]) -> crate::support::Run {
        run_in(self.dir.path(), args)
    }

    fn read(&self, name: &str) -> String {
        std::fs::read_to_string(self.dir.path().join(name)).unwrap()
    }

    fn exists(&self, name: &str) -> bool {
        self.dir.path().join(name).exists()
    }

    /// Run `wf.yaml` by hand in week `week` of 2026: started Monday 09:00,
    /// `a` done a day later (with error_rate=2%, past its target), `b`
    /// three hours after that.
    /// One run where `a` and `b` (side by side) start Monday 09:00; each
    /// `step done` states that start (unstated, a step is not measured).
    fn run_once(&self, week: u32) {
        let day = |d: u32, time: &str| format!("2026-01-{:02}T{time}:00Z", 5 + 7 * week + d);
        self.at(
            &day(0, "09:00"),
            &["run", "wf.yaml", "--executor", "manual"],
        )
        .code(3);
        self.at(
            &day(1, "09:00"),
            &[
                "step",
                "done",
                "last",
                "a",
                "--text",
                "done",
                "--metric",
                "error_rate=2",
                "--started",
                &day(0, "09:00"),
            ],
        )
        .code(3);
        self.at(
            &day(1, "12:00"),
            &[
                "step",
                "done",
                "last",
                "b",
                "--text",
                "done",
                "--started",
                &day(0, "09:00"),
            ],
        );
    }

    /// `retrospective last --propose` with an answer to the workflow's question.
    fn propose(&self) -> crate::support::Run {
        let answers = self.dir.write("answers.yaml", "q1: The p99 budget\n");
        self.sc(&[
            "retrospective",
            "last",
            "--answers",
            answers.to_str().unwrap(),
            "--propose",
        ])
    }
}

/// Run ids and instants, which change from run to run, as placeholders.
fn redact(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(i) = rest.find("run-") {
        let id = &rest[i + 4..];
        let hex = id.chars().take_while(|c| c.is_ascii_hexdigit()).count();
        out.push_str(&rest[..i]);
        if hex == 8 {
            out.push_str("run-<id>");
            rest = &id[8..];
        } else {
            out.push_str("run-");
            rest = id;
        }
    }
    out.push_str(rest);
    // `2026-11-25 01:11:00Z` -> `<date>`
    let b = out.as_bytes();
    let mut cleaned = String::new();
    let mut i = 0;
    while i < out.len() {
        let is_date = i + 20 <= out.len()
            && b[i..i + 4].iter().all(u8::is_ascii_digit)
            && b[i + 4] == b'-'
            && b[i + 10] == b' '
            && b[i + 19] == b'Z';
        if is_date {
            cleaned.push_str("<date>");
            i += 20;
        } else {
            let c = out[i..].chars().next().unwrap();
            cleaned.push(c);
            i += c.len_utf8();
        }
    }
    cleaned
}

const VERSIONED: &str = "# The team's own comment, kept across versions.
name: Learn Fixture
version: 3
success_criteria:
  - text: Error rate under 1%
    metrics: [{name: error_rate, op: '<', target: 1, unit: '%'}]
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
fn an_interrupted_apply_completes_when_run_again() {
    // Killed after storing the new version but before the swap: the store
    // has v4, the file is still v3, and a temporary is left beside it.
    let p = Project::new(VERSIONED);
    let v4 = VERSIONED.replace("version: 3", "version: 4");
    assert_ne!(v4, VERSIONED);
    p.dir.write("next.yaml", &v4);
    let versions = p.dir.path().join(".skill-chains/versions/learn-fixture");
    std::fs::create_dir_all(&versions).unwrap();
    std::fs::write(
        versions.join("v4.yaml"),
        format!("# skill-chains: version 4 of learn-fixture\n{v4}"),
    )
    .unwrap();
    // A pid above Linux's largest: no live process has it.
    p.dir.write(".wf.yaml.tmp-4194305", "half a file");
    p.cli(&["apply", "next.yaml", "--to", "wf.yaml"])
        .code(0)
        .stdout_has("is now version 4 (was 3)");
    assert_eq!(p.read("wf.yaml"), v4);
    assert!(
        !p.exists(".wf.yaml.tmp-4194305"),
        "the stale temporary is removed"
    );
    // Run once more (as after a kill just after the swap): done already.
    p.cli(&["apply", "next.yaml", "--to", "wf.yaml"])
        .code(0)
        .stdout_has("applied already");
    assert_eq!(p.read("wf.yaml"), v4);
}

#[test]
fn propose_apply_history_and_diff_between_versions() {
    let p = Project::new(VERSIONED);
    p.run_once(0);
    p.sc(&["runs"])
        .code(0)
        .stdout_has("Learn Fixture")
        .stdout_has(" v3 ");
    let r = p.propose();
    r.code(0);
    insta::assert_snapshot!("proposal_patch", redact(&r.stdout));
    let proposal = ".skill-chains/proposals/learn-fixture-v4.yaml";
    assert!(p.exists(proposal));
    p.cli(&["check", proposal]).code(0);
    // Proposing changes nothing yet.
    assert_eq!(p.read("wf.yaml"), VERSIONED);

    p.cli(&["apply", proposal])
        .code(0)
        .stdout_has("learn-fixture is now version 4 (was 3): written to wf.yaml");
    let v4 = p.read("wf.yaml");
    assert!(v4.starts_with(
        "# The team's own comment, kept across versions.\nname: Learn Fixture\nversion: 4\n"
    ));
    assert!(v4.contains("estimate: 4h / 1d / 2d"), "{v4}");
    // The previous version is kept as it was, under a header.
    let v3 = p.read(".skill-chains/versions/learn-fixture/v3.yaml");
    assert!(v3.starts_with("# skill-chains: version 3 of learn-fixture\n"));
    assert!(v3.ends_with(VERSIONED), "{v3}");
    assert!(
        p.read(".skill-chains/versions/learn-fixture/v4.yaml")
            .ends_with(&v4)
    );

    let h = p.cli(&["history", "wf.yaml"]);
    h.code(0);
    insta::assert_snapshot!("history", redact(&h.stdout));
    let v = p.cli(&["history", "wf.yaml", "--json"]).json();
    assert_eq!(v["current"], 4);
    assert_eq!(
        v["versions"][1]["summary"],
        "+1 gate, ~2 estimates, +4 pitfalls"
    );
    assert_eq!(v["versions"][1]["current"], true);

    p.cli(&["diff", "wf.yaml", "3", "4"])
        .code(0)
        .stdout_has("learn-fixture v3 -> learn-fixture v4")
        .stdout_has("~ estimate work/a: 1h / 2h / 4h -> 4h / 1d / 2d")
        .stdout_has("+ gate work: (no approver) requires error_rate");
    p.cli(&["diff", "wf.yaml", "v4", "current"])
        .code(0)
        .stdout_has("no changes");
    p.cli(&["diff", "wf.yaml", "3", "9"])
        .code(2)
        .stderr_has("wf.yaml has no version 9 (it has v3, v4)");
    // The two-file form still works.
    p.dir.write("old.yaml", VERSIONED);
    p.cli(&["diff", "old.yaml", "wf.yaml"])
        .code(0)
        .stdout_has("~ version: 3 -> 4");

    // The same proposal again was applied already: nothing touched.
    p.cli(&["apply", proposal])
        .code(0)
        .stdout_has("was applied already; nothing changed");
    assert_eq!(p.read("wf.yaml"), v4);
    // An older one is stale: refused.
    p.dir.write(
        "old-v4.yaml",
        v4.replace("version: 4", "version: 4\ndescription: other"),
    );
    p.cli(&["apply", "old-v4.yaml", "--to", "wf.yaml"])
        .code(1)
        .stderr_has("the current version (wf.yaml) is 4: a proposal must be the next version (5)")
        .stderr_has("help: `skill-chains history wf.yaml`");
    assert_eq!(p.read("wf.yaml"), v4);

    // A second run of version 4 proposes version 5 from it.
    p.run_once(1);
    p.sc(&["runs"]).code(0).stdout_has(" v4 ");
    p.propose().code(0).stdout_has("version 4 -> 5");
    p.cli(&["apply", ".skill-chains/proposals/learn-fixture-v5.yaml"])
        .code(0);
    let v = p.cli(&["history", "wf.yaml", "--json"]).json();
    let numbers: Vec<u64> = v["versions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["version"].as_u64().unwrap())
        .collect();
    assert_eq!(numbers, [3, 4, 5]);
}

#[test]
fn apply_refuses_a_changed_base_a_broken_proposal_and_loses_nothing() {
    let p = Project::new(VERSIONED);
    p.run_once(0);
    p.propose().code(0);
    let proposal = ".skill-chains/proposals/learn-fixture-v4.yaml";
    // Someone edits the workflow after the proposal was made.
    let edited = VERSIONED.replace("action: Measure", "action: Measure twice");
    p.dir.write("wf.yaml", &edited);
    p.cli(&["apply", proposal])
        .code(1)
        .stderr_has("wf.yaml changed since")
        .stderr_has("help: propose again");
    assert_eq!(p.read("wf.yaml"), edited);
    assert!(!p.exists(".skill-chains/versions"));

    // A proposal that does not pass `check` is refused with its diagnostics.
    p.dir.write("wf.yaml", VERSIONED);
    let text = p.read(proposal);
    p.dir.write(
        "broken.yaml",
        text.replace(
            "persona: SRE, action: Harden",
            "persona: Wizard, action: Harden",
        ),
    );
    p.cli(&["apply", "broken.yaml"]).code(1).stderr_has("SC001");
    assert_eq!(p.read("wf.yaml"), VERSIONED);
    assert!(!p.exists(".skill-chains/versions"));

    // A proposal for another workflow.
    p.dir.write(
        "other.yaml",
        VERSIONED.replace("name: Learn Fixture", "name: Other"),
    );
    p.cli(&["apply", proposal, "--to", "other.yaml"])
        .code(1)
        .stderr_has("is a version of `learn-fixture`, but other.yaml holds `other`");

    // A version stored with other content is never overwritten.
    std::fs::create_dir_all(p.dir.path().join(".skill-chains/versions/learn-fixture")).unwrap();
    p.dir.write(
        ".skill-chains/versions/learn-fixture/v3.yaml",
        "name: Learn Fixture\nversion: 3\nphases: []\n",
    );
    p.cli(&["apply", proposal])
        .code(2)
        .stderr_has("version 3 of learn-fixture is already stored with other content");
    assert_eq!(p.read("wf.yaml"), VERSIONED);
    assert_eq!(
        p.read(".skill-chains/versions/learn-fixture/v3.yaml"),
        "name: Learn Fixture\nversion: 3\nphases: []\n"
    );
    // Without its header a proposal needs to be told where it goes.
    let (_, body) = text.split_once("# run: ").unwrap();
    let body = body.split_once('\n').unwrap().1;
    p.dir.write("bare.yaml", body);
    p.cli(&["apply", "bare.yaml"])
        .code(1)
        .stderr_has("does not say which workflow it revises");
}

#[test]
fn a_built_in_workflow_gets_a_project_copy_and_keeps_its_embedded_version() {
    let p = Project::new(VERSIONED);
    p.at(
        "2026-01-05T09:00:00Z",
        &[
            "run",
            "production-incident-response",
            "--executor",
            "manual",
        ],
    )
    .code(3);
    // Planned 1 / 2 / 4 minutes; took 10 (a continuous calendar).
    p.at(
        "2026-01-05T09:10:00Z",
        &[
            "step",
            "done",
            "last",
            "identify-affected",
            "--text",
            "db",
            "--started",
            "2026-01-05T09:00:00Z",
            "--no-continue",
        ],
    )
    .code(3);
    let r = p.sc(&["retrospective", "last", "--propose", "-o", "next.yaml"]);
    r.code(0)
        .stdout_has("Proposal for production-incident-response: version 1 -> 2")
        .stdout_has(
            "estimate detection-triage/identify-affected: 1min / 2min / 4min -> 2min / 4min / 9min",
        )
        .stdout_has("--- built-in production-incident-response");
    p.sc(&["retrospective", "last", "--propose", "-o", "next.yaml"])
        .code(2)
        .stderr_has("next.yaml already exists");
    p.cli(&["apply", "next.yaml"])
        .code(0)
        .stdout_has("written to production-incident-response.yaml")
        .stdout_has("`production-incident-response` still names the built-in version 1");
    assert!(p.exists(".skill-chains/versions/production-incident-response/v1.yaml"));
    let h = p
        .cli(&["history", "production-incident-response", "--json"])
        .json();
    assert_eq!(h["home"], "production-incident-response.yaml");
    assert_eq!(h["versions"][0]["source"], "built-in");
    assert_eq!(h["versions"][1]["current"], true);
    // The copy runs as the new version.
    p.cli(&["check", "production-incident-response.yaml"])
        .code(0);
    p.cli(&["diff", "production-incident-response", "1", "2"])
        .code(0)
        .stdout_has("~ estimate detection-triage/identify-affected");
}

/// `step done` with no date and no effort records bookkeeping, not work: an
/// incident run recorded that way (seconds between the steps) used to cut
/// every estimate by the 4x maximum. Now its steps are not measured, the
/// retrospective says so, and nothing is learned from them.
#[test]
fn steps_recorded_without_dates_are_not_measured_and_teach_nothing() {
    let p = Project::new(VERSIONED);
    p.at(
        "2026-01-05T09:00:00Z",
        &["run", "wf.yaml", "--executor", "manual"],
    )
    .code(3);
    for (at, step) in [("2026-01-05T09:00:05Z", "a"), ("2026-01-05T09:00:09Z", "b")] {
        p.at(at, &["step", "done", "last", step, "--text", "done"]);
    }
    let r = p.sc(&["retrospective", "last", "--json"]);
    r.code(0);
    let steps = &r.json()["steps"];
    for s in steps.as_array().unwrap() {
        assert!(s["actual_finish"].is_number(), "{s}");
        assert!(s["actual_effort"].is_null(), "not measured: {s}");
    }
    p.sc(&["retrospective", "last"])
        .code(0)
        .stdout_has("unmeasured");
    p.sc(&["retrospective", "last", "--propose", "-o", "next.yaml"])
        .code(0)
        .stdout_has("nothing to propose: the evidence changes no estimate");
    p.sc(&["timeline", "wf.yaml", "--calibrated"])
        .code(0)
        .stdout_has("no recorded history");
}

/// A stated figure implausibly far from the estimate (a minute for a
/// two-hour step) is shown as suspect and left out of calibration, unless
/// the person confirms it.
#[test]
fn suspect_figures_are_shown_and_left_out_unless_confirmed() {
    let p = Project::new(VERSIONED);
    let record = |day: &str, confirm: bool| {
        p.at(
            &format!("2026-01-{day}T09:00:00Z"),
            &["run", "wf.yaml", "--executor", "manual"],
        )
        .code(3);
        for step in ["a", "b"] {
            let mut args = vec!["step", "done", "last", step, "--text", "done"];
            args.extend(["--effort", "1min"]);
            if confirm {
                args.push("--confirm");
            }
            p.at(&format!("2026-01-{day}T10:00:00Z"), &args);
        }
    };
    record("05", false);
    let r = p.sc(&["retrospective", "last", "--json"]);
    r.code(0);
    let v = r.json();
    assert_eq!(v["steps"][0]["actual_effort"], 1.0);
    assert_eq!(v["steps"][0]["suspect"], true);
    let sources: Vec<&str> = v["questions"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|q| q["question"]["source"].as_str().or(q["source"].as_str()))
        .collect();
    assert!(sources.contains(&"suspect"), "{v}");
    p.sc(&["retrospective", "last"])
        .code(0)
        .stdout_has("1 min?");
    p.sc(&["timeline", "wf.yaml", "--calibrated"])
        .code(0)
        .stdout_has("no recorded history");
    record("06", true);
    let r = p.sc(&["retrospective", "last", "--json"]);
    assert_eq!(r.json()["steps"][0]["suspect"], false, "confirmed");
    p.sc(&["timeline", "wf.yaml", "--calibrated"])
        .code(0)
        .stdout_has("from 1 run(s) of learn-fixture");
}

/// The incident run whose MTTR was missed used to get an MTTR criterion on
/// its mitigation gate, so the next incident's investigation waited on it.
/// An elapsed time is never made a gate, and a metric a person records
/// after the run goes to the gate at the end, not to the phase where a
/// step happened to say something.
#[test]
fn a_proposal_gates_a_criterion_only_where_it_can_be_measured() {
    let p = Project::new(
        "id: outage
name: Outage
version: 1
calendar: continuous
success_criteria:
  - text: Recovery within 30 minutes
    metrics: [{name: mttr, op: '<', target: 30, unit: min}]
  - text: Fewer than 2 repeat alerts
    metrics: [{name: repeat_alerts, op: '<', target: 2}]
phases:
  - id: mitigate
    name: Mitigate
    steps:
      - {id: restore, persona: SRE, action: Restore service, estimate: 10min / 20min / 1h}
    deliverable: Service restored
    checkpoint: {approver: Incident Commander}
  - id: investigate
    name: Investigate
    steps:
      - {id: rca, persona: SRE, action: Find the root cause, estimate: 1h / 2h / 4h}
    deliverable: Root cause
",
    );
    p.at(
        "2026-01-05T09:00:00Z",
        &["run", "wf.yaml", "--executor", "manual"],
    )
    .code(3);
    p.at(
        "2026-01-05T09:45:00Z",
        &[
            "step",
            "done",
            "last",
            "restore",
            "--text",
            "restored",
            "--metric",
            "mttr=45",
            "--started",
            "2026-01-05T09:00:00Z",
        ],
    );
    p.at("2026-01-05T09:46:00Z", &["approve", "last", "mitigate"]);
    p.at(
        "2026-01-05T11:00:00Z",
        &[
            "step",
            "done",
            "last",
            "rca",
            "--text",
            "found",
            "--started",
            "2026-01-05T09:46:00Z",
        ],
    );
    // Counted a week later, once the run is over.
    p.at(
        "2026-01-12T09:00:00Z",
        &["metric", "last", "repeat_alerts=3"],
    )
    .code(0);
    let r = p.sc(&["retrospective", "last", "--propose", "-o", "next.yaml"]);
    r.code(0)
        .stdout_has("no gate for `mttr`")
        .stdout_has("elapsed time");
    let next = p.read("next.yaml");
    assert!(!next.contains("criteria: [mttr]"), "{next}");
    let investigate = next.split("- id: investigate").nth(1).unwrap();
    assert!(
        investigate.contains("criteria: [repeat_alerts]"),
        "the criterion measured after the run is gated at the end: {next}"
    );
    let mitigate = next.split("- id: mitigate").nth(1).unwrap();
    let mitigate = mitigate.split("- id: investigate").next().unwrap();
    assert!(!mitigate.contains("criteria:"), "{next}");
}
