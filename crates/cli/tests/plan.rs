//! Planning: parallel, dependency, timeline, schedule, checkpoint, phase,
//! Gantt output and the planner benchmarks.

use crate::support::*;

const SNAPSHOT_WORKFLOWS: [&str; 2] = ["microservices-migration", "production-incident-response"];

#[test]
fn snapshots_of_the_plans() {
    for wf in SNAPSHOT_WORKFLOWS {
        for (cmd, extra) in [
            ("parallel", &[][..]),
            ("dependency", &[][..]),
            ("checkpoint", &[][..]),
            ("timeline", &["--seed", "7", "--iterations", "2000"][..]),
        ] {
            let mut args = vec![cmd, wf];
            args.extend_from_slice(extra);
            let r = run(&args);
            r.code(0);
            insta::assert_snapshot!(format!("{cmd}-{wf}"), r.stdout);
        }
    }
}

#[test]
fn dependency_json_is_a_consistent_cpm() {
    let j = run(&["dependency", "microservices-migration", "--json"]).json();
    let finish = j["finish"].as_f64().unwrap();
    let rows = j["rows"].as_array().unwrap();
    assert_eq!(rows.iter().filter(|r| r["kind"] == "step").count(), 13);
    for r in rows {
        let f = |k: &str| r[k].as_f64().unwrap();
        assert!(f("early_start") <= f("late_start") + 1e-6);
        assert!((f("late_start") - f("early_start") - f("total_slack")).abs() < 1e-6);
        assert!(f("free_slack") <= f("total_slack") + 1e-6);
        assert!(f("late_finish") <= finish + 1e-6);
        assert_eq!(r["critical"], f("total_slack") < 1e-6);
    }
    let path: Vec<&str> = j["critical_path"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap())
        .collect();
    assert!(path.contains(&"extract-services"), "{path:?}");
}

#[test]
fn parallel_reports_groups_savings_and_suggestions() {
    let j = run(&["parallel", "microservices-migration", "--json"]).json();
    assert!(j["saved"].as_f64().unwrap() > 0.0);
    assert!(j["sequential"].as_f64().unwrap() > j["parallel"].as_f64().unwrap());
    let together = j["groups"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["steps"].as_array().unwrap().len() > 1)
        .unwrap();
    assert_eq!(together["phase"], "assessment-planning");
    let suggested: Vec<&str> = j["suggestions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["step"].as_str().unwrap())
        .collect();
    assert!(suggested.contains(&"track-dependencies"), "{suggested:?}");
}

#[test]
fn timeline_is_deterministic_for_a_seed_and_answers_a_deadline() {
    let args = [
        "timeline",
        "microservices-migration",
        "--json",
        "--iterations",
        "3000",
        "--seed",
        "3",
        "--deadline",
        "9mo",
    ];
    let a = run(&args).json();
    let b = run(&args).json();
    assert_eq!(a, b);
    let mc = &a["montecarlo"];
    let p = |k: &str| mc[k].as_f64().unwrap();
    assert!(p("p50") <= p("p80") && p("p80") <= p("p95"));
    let odds = mc["deadline_probability"].as_f64().unwrap();
    assert!((0.0..=1.0).contains(&odds));
    assert_eq!(a["assessment"]["verdict"], "realistic");
    let other = run(&[
        "timeline",
        "microservices-migration",
        "--json",
        "--iterations",
        "3000",
        "--seed",
        "4",
    ])
    .json();
    assert_ne!(other["montecarlo"]["p50"], mc["p50"]);
    let tri = run(&[
        "timeline",
        "microservices-migration",
        "--json",
        "--iterations",
        "3000",
        "--sampling",
        "triangular",
    ])
    .json();
    assert_eq!(tri["montecarlo"]["sampling"], "triangular");
    run(&["timeline", "microservices-migration", "--deadline", "soon"])
        .code(2)
        .stderr_has("--deadline");
}

#[test]
fn gantt_in_three_forms() {
    let text = run(&[
        "timeline",
        "microservices-migration",
        "--iterations",
        "200",
        "--gantt",
        "text",
    ]);
    text.code(0)
        .stdout_has("█ critical")
        .stdout_has("extract-services");
    let mermaid = run(&[
        "timeline",
        "production-incident-response",
        "--gantt",
        "mermaid",
    ]);
    mermaid.code(0);
    assert!(mermaid.stdout.starts_with("gantt\n"), "{}", mermaid.stdout);
    assert!(
        mermaid.stdout.contains("section Detection & Triage") && mermaid.stdout.contains(":crit")
    );
    let dir = temp_dir();
    let svg = dir.path().join("plan.svg");
    let svg_arg = svg.to_str().unwrap();
    run(&[
        "timeline",
        "microservices-migration",
        "--gantt",
        "svg",
        "-o",
        svg_arg,
    ])
    .code(0)
    .stdout_has("wrote");
    let written = std::fs::read_to_string(&svg).unwrap();
    assert!(written.starts_with("<svg ") && written.contains("extract-services"));
    run(&[
        "timeline",
        "microservices-migration",
        "--gantt",
        "svg",
        "-o",
        svg_arg,
    ])
    .code(2)
    .stderr_has("--force");
    run(&[
        "timeline",
        "microservices-migration",
        "--gantt",
        "svg",
        "-o",
        svg_arg,
        "--force",
    ])
    .code(0);
    let j = run(&[
        "schedule",
        "microservices-migration",
        "--gantt",
        "mermaid",
        "--json",
    ])
    .json();
    assert!(!j["gantt"]["bars"].as_array().unwrap().is_empty());
}

#[test]
fn schedule_levels_against_the_team() {
    let team = repo_root().join("examples/team.yaml");
    let team = team.to_str().unwrap();
    let r = run(&["schedule", "microservices-migration", "--team", team]);
    r.code(0)
        .stdout_has("checked feasible")
        .stdout_has("Not in the team file")
        .stdout_has("FinOps Optimizer");
    let j = run(&[
        "schedule",
        "mobile-app-launch-ios-android",
        "--json",
        "--schedules",
        "2000",
    ])
    .json();
    assert_eq!(j["feasible"], true);
    assert!(j["finish"].as_f64().unwrap() >= j["unconstrained"].as_f64().unwrap());
    assert!(
        j["personas"]
            .as_array()
            .unwrap()
            .iter()
            .all(|p| p["utilisation"].as_f64().unwrap() <= 1.0 + 1e-9)
    );
    let again = run(&[
        "schedule",
        "mobile-app-launch-ios-android",
        "--json",
        "--schedules",
        "2000",
    ])
    .json();
    assert_eq!(j, again, "same seed, same schedule");
    let dir = temp_dir();
    let bad = dir.write(
        "team.yaml",
        "members:\n  - persona: Site Relability Enginer\n",
    );
    run(&[
        "schedule",
        "microservices-migration",
        "--team",
        bad.to_str().unwrap(),
    ])
    .code(2)
    .stderr_has("did you mean");
    let typo = dir.write("typo.yaml", "members:\n  - {persona: SRE, cuont: 2}\n");
    run(&[
        "schedule",
        "microservices-migration",
        "--team",
        typo.to_str().unwrap(),
    ])
    .code(2)
    .stderr_has("cuont");
}

/// `people: 1-3`: the step's estimate is one person's effort; `timeline`
/// plans it with all three, `schedule` with the people the team has free
/// and names the persona that is short; a range that does not read is an
/// error with its line.
#[test]
fn a_step_several_people_can_share() {
    let dir = temp_dir();
    let wf = dir.write(
        "wf.yaml",
        "name: Platform Build
success_criteria:
  - text: API live
    metrics: [{name: api_live, op: '=', target: 1}]
phases:
  - id: build
    name: Build
    window: Month 1-2
    skills: [Backend Engineer, SRE]
    steps:
      - {id: api, persona: Backend Engineer, action: Build the API, outputs: [api], estimate: 6w, people: 1-3}
      - {id: infra, persona: SRE, action: Provision the platform, outputs: [infra], estimate: 2w}
      - {id: integrate, persona: Backend Engineer, action: Integrate, inputs: [api, infra], estimate: 1w}
    deliverable: {text: Running API, artifact: api}
",
    );
    let wf = wf.to_str().unwrap();
    run(&["check", wf]).code(0);
    // With three people the API takes two weeks: 3 in all.
    let cpm = run(&["dependency", wf, "--json"]).json();
    let finish = cpm["finish"].as_f64().unwrap();
    assert!((finish - 3.0 * 5.0 * 480.0).abs() < 1.0, "{cpm}");
    let team = dir.write(
        "team.yaml",
        "members:\n  - {persona: Backend Engineer, count: 2}\n  - {persona: SRE, count: 1}\n",
    );
    let team = team.to_str().unwrap();
    let j = run(&["schedule", wf, "--team", team, "--json"]).json();
    assert_eq!(j["feasible"], true);
    let api = j["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == "api")
        .unwrap();
    assert_eq!(api["people"], 2, "{j}");
    assert_eq!(j["delayed_by"][0]["persona"], "Backend Engineer", "{j}");
    run(&["schedule", wf, "--team", team])
        .code(0)
        .stdout_has("Backend Engineer ×2")
        .stdout_has("too few for the steps that can share the work");
    let bad = dir.write(
        "bad.yaml",
        std::fs::read_to_string(wf)
            .unwrap()
            .replace("people: 1-3", "people: 3-1"),
    );
    run(&["check", bad.to_str().unwrap()])
        .code(1)
        .stdout_has("SC023")
        .stdout_has("the range 3-1 runs backwards")
        .stdout_has("bad.yaml:11:107");
}

#[test]
fn phase_and_checkpoint_details() {
    let by_number = run(&["phase", "microservices-migration", "2"]);
    by_number
        .code(0)
        .stdout_has("Phase 2: Foundation")
        .stdout_has("setup-platform")
        .stdout_has("SRE approves");
    let by_name = run(&[
        "phase",
        "microservices-migration",
        "Pilot Service",
        "--json",
    ])
    .json();
    assert_eq!(by_name["id"], "pilot-service");
    assert_eq!(by_name["steps"].as_array().unwrap().len(), 3);
    run(&["phase", "microservices-migration", "nope"])
        .code(2)
        .stderr_has("assessment-planning");
    let dir = temp_dir();
    let wf = dir.write(
        "ungated.yaml",
        "name: Ungated\ntimeline: 2-4 weeks\nsuccess_criteria:\n  - text: Done in 4 weeks\n    metrics: [{name: weeks, op: \"<=\", target: 4, unit: weeks}]\nphases:\n  - name: Plan\n    window: Week 1\n    steps:\n      - {persona: SRE, action: Plan it, outputs: [plan]}\n    deliverable: {text: A plan, artifact: plan}\n  - name: Do\n    window: Week 2-4\n    steps:\n      - {persona: SRE, action: Do it, inputs: [plan]}\n    deliverable: {text: Done}\n    checkpoint: {approver: VP Engineering}\n",
    );
    let r = run(&["checkpoint", wf.to_str().unwrap()]);
    r.code(0)
        .stdout_has("Phases that end without a gate")
        .stdout_has("Do starts on phase order alone");
    let j = run(&["checkpoint", wf.to_str().unwrap(), "--json"]).json();
    assert_eq!(j["ungated"][0]["phase"], "plan");
    // Steps without estimates take their window over the longest chain.
    let t = run(&["timeline", wf.to_str().unwrap(), "--iterations", "100"]);
    t.code(0)
        .stdout_has("Derived estimates")
        .stdout_has("derived from their phase window");
}

#[test]
fn bench_plan_and_psplib_print_tables() {
    let j = run(&["bench", "plan", "--scale", "0.002", "--runs", "1", "--json"]).json();
    let cases: Vec<&str> = j["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["case"].as_str().unwrap())
        .collect();
    assert!(
        cases.iter().any(|c| c.starts_with("CPM"))
            && cases.iter().any(|c| c.starts_with("Monte Carlo"))
    );
    let dir = temp_dir();
    let set = dir.path().join("j30");
    std::fs::create_dir_all(&set).unwrap();
    let fixtures = repo_root().join("crates/core/tests/fixtures/psplib");
    for f in ["j301_1", "j301_2", "j3013_8"] {
        std::fs::copy(
            fixtures.join(format!("{f}.sm")),
            set.join(format!("{f}.sm")),
        )
        .unwrap();
    }
    dir.write(
        "reference.tsv",
        "set\tinstance\tcpm_lb\tbest_known\toptimal\nj30\tj30/j301_1\t38\t43\t1\nj30\tj30/j301_2\t42\t47\t1\nj30\tj30/j3013_8\t48\t106\t1\n",
    );
    let r = run(&[
        "bench",
        "psplib",
        dir.path().to_str().unwrap(),
        "--schedules",
        "500",
        "--threads",
        "2",
    ]);
    r.code(0).stdout_has("j30").stdout_has("optimum");
    let j = run(&[
        "bench",
        "psplib",
        dir.path().to_str().unwrap(),
        "--schedules",
        "500",
        "--sample",
        "2",
        "--json",
    ])
    .json();
    assert_eq!(j["rows"][0]["instances"], 2);
    assert_eq!(j["rows"][0]["infeasible"], 0);
    run(&[
        "bench",
        "psplib",
        dir.path().join("nothing").to_str().unwrap(),
    ])
    .code(2);
}
