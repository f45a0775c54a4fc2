//! suggest, workflow (offline and with a model), eval, phase --expand, export.

use skill_chains_engine::mock::{MockLlm, Reply};

use super::SPARSE;
use crate::support::*;

#[test]
fn suggest_ranks_the_library_and_says_why() {
    let r = run(&[
        "suggest", "our", "checkout", "had", "an", "outage", "last", "night",
    ]);
    r.code(0)
        .stdout_has("incident")
        .stdout_has("outage → incident");
    let json = run(&["suggest", "--json", "SOC2 before the enterprise deal"]).json();
    let first = &json["suggestions"][0];
    assert_eq!(first["id"], "soc2-iso27001-certification");
    assert!(
        first["why"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w["term"] == "soc2"
                && w["fields"].as_array().unwrap().iter().any(|f| f == "name")),
        "{first}"
    );
    run(&["suggest", "zzqx flurble"])
        .code(1)
        .stdout_has("nothing in the library matches");
}

#[test]
fn suggest_finds_programs() {
    let json = run(&[
        "suggest",
        "--json",
        "-n",
        "8",
        "mobile app, backend API and infrastructure converge for one launch",
    ])
    .json();
    assert!(
        json["suggestions"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["kind"] == "program"),
        "{json}"
    );
}

#[test]
fn offline_design_writes_a_checked_workflow() {
    let dir = temp_dir();
    let r = run_in(
        dir.path(),
        &[
            "workflow",
            "Migrate",
            "60 services from VMs onto Kubernetes in 6 months",
            "-o",
            "k8s.yaml",
        ],
    );
    assert!(r.stdout.contains("deadline: 6 months"), "{}", r.stdout);
    r.code(0)
        .stdout_has("Drawn from the library")
        .stdout_has("kubernetes-migration")
        .stdout_has("wrote k8s.yaml");
    run_in(dir.path(), &["check", "k8s.yaml", "--deny", "warnings"]).code(0);
    let yaml = std::fs::read_to_string(dir.path().join("k8s.yaml")).unwrap();
    // The library's timeline, not the scenario's horizon: that is a deadline.
    assert!(!yaml.contains("timeline: 6 months"), "{yaml}");
    // Never over a file without --force.
    run_in(
        dir.path(),
        &["workflow", "Migrate to Kubernetes", "-o", "k8s.yaml"],
    )
    .code(2)
    .stderr_has("already exists");
    run_in(
        dir.path(),
        &[
            "workflow",
            "Migrate to Kubernetes",
            "-o",
            "k8s.yaml",
            "--force",
        ],
    )
    .code(0);
}

#[test]
fn offline_design_as_json_and_on_stdout() {
    let dir = temp_dir();
    let json = run_in(
        dir.path(),
        &[
            "workflow",
            "--json",
            "-o",
            "-",
            "Launch our banking app on iOS and Android with WCAG accessibility in 5 months",
        ],
    )
    .json();
    assert_eq!(json["mode"], "offline");
    let personas: Vec<&str> = json["personas"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap())
        .collect();
    assert!(
        personas.contains(&"Mobile Platform Engineer")
            && personas.contains(&"Accessibility Specialist"),
        "{personas:?}"
    );
    assert_ne!(json["timeline"], "5 months");
    assert_eq!(json["deadline"]["horizon"], "5 months");
    assert!(json["deadline"]["probability"].as_f64().is_some());
    assert!(json["forecast"]["p80"].as_f64().is_some());
    assert!(
        json["sources"][0]["why"]
            .as_array()
            .is_some_and(|w| !w.is_empty())
    );
    let printed = run_in(
        dir.path(),
        &["workflow", "-o", "-", "SOC 2 Type II in 3 weeks"],
    );
    printed.code(0);
    let file = dir.write("soc2.yaml", &printed.stdout);
    run_in(dir.path(), &["check", file.to_str().unwrap()]).code(0);
    assert!(
        printed.stdout.contains("realistic"),
        "an unrealistic horizon is noted in the file"
    );
    run(&["workflow", "zzqx flurble"])
        .code(1)
        .stderr_has("no library workflow matches");
}

fn valid_yaml() -> String {
    SPARSE.to_string()
}

fn invalid_yaml() -> String {
    SPARSE.replace(
        "persona: Data Engineer, action: Move",
        "persona: Data Wizard, action: Move",
    )
}

#[test]
fn llm_design_repairs_an_invalid_answer() {
    let mock = MockLlm::start().unwrap();
    mock.push([
        Reply::Text(format!(
            "Here is the workflow:\n```yaml\n{}```",
            invalid_yaml()
        )),
        Reply::Text(format!("```yaml\n{}```", valid_yaml())),
    ]);
    let dir = temp_dir();
    let url = mock.url();
    let r = run_env(
        dir.path(),
        &[
            "workflow",
            "--llm",
            "anthropic",
            "--json",
            "Move our data warehouse to BigQuery in 3 months",
            "-o",
            "dw.yaml",
        ],
        &[
            ("ANTHROPIC_API_KEY", "test-key"),
            ("ANTHROPIC_BASE_URL", &url),
        ],
    );
    r.code(0);
    let json = r.json();
    assert_eq!(json["passed"], true);
    assert_eq!(json["rounds"].as_array().unwrap().len(), 2);
    assert!(json["usage"]["input_tokens"].as_u64().unwrap() > 0);
    run_in(dir.path(), &["check", "dw.yaml"]).code(0);
    let received = mock.received();
    assert_eq!(received.len(), 2);
    assert!(received[0].path.ends_with("/v1/messages"));
    let system = received[0].body["system"].as_str().unwrap();
    assert!(
        system.contains("JSON Schema") && system.contains("\"properties\""),
        "the schema is in the prompt"
    );
    let user = received[0].body["messages"][0]["content"].as_str().unwrap();
    assert!(
        user.contains("Move our data warehouse") && user.contains("```yaml"),
        "the scenario and library examples are in the prompt"
    );
    let repair = received[1].body.to_string();
    assert!(
        repair.contains("SC001") && repair.contains("Data Wizard"),
        "the diagnostics go back: {repair}"
    );
}

#[test]
fn llm_design_that_never_passes_fails_with_the_last_diagnostics() {
    let mock = MockLlm::start().unwrap();
    mock.push([Reply::Text(invalid_yaml()), Reply::Text(invalid_yaml())]);
    let dir = temp_dir();
    let base = format!("{}/v1", mock.url());
    let r = run_env(
        dir.path(),
        &[
            "workflow",
            "--llm",
            "openai",
            "--max-repairs",
            "1",
            "Move the warehouse",
            "-o",
            "dw.yaml",
        ],
        &[("OPENAI_API_KEY", "test-key"), ("OPENAI_BASE_URL", &base)],
    );
    r.code(1)
        .stderr_has("SC001")
        .stderr_has("still fails the check after 2 round(s)");
    assert!(!dir.path().join("dw.yaml").exists(), "nothing is written");
    assert!(
        mock.received()
            .iter()
            .all(|q| q.path.ends_with("/chat/completions"))
    );
}

#[test]
fn llm_design_with_a_malformed_server_fails_cleanly() {
    let mock = MockLlm::start().unwrap();
    mock.push([Reply::Malformed, Reply::Malformed, Reply::Malformed]);
    let dir = temp_dir();
    let url = mock.url();
    let r = run_env(
        dir.path(),
        &["workflow", "--llm", "anthropic", "Move the warehouse"],
        &[
            ("ANTHROPIC_API_KEY", "test-key"),
            ("ANTHROPIC_BASE_URL", &url),
        ],
    );
    r.code(2)
        .stderr_has("the model could not be asked")
        .stderr_has("not valid JSON");
    assert_eq!(mock.received().len(), 3, "retried, then gave up");
}

#[test]
fn eval_design_scores_the_builtin_set() {
    let r = run(&["eval", "design"]);
    r.code(0)
        .stdout_has("RECALL")
        .stdout_has("Incident Management")
        .stdout_has("all");
    let json = run(&["eval", "design", "--json", "--min-recall", "0.8"]).json();
    assert!(json["overall"]["scenarios"].as_u64().unwrap() >= 30);
    assert!(json["overall"]["persona_recall"].as_f64().unwrap() >= 0.8);
    assert_eq!(json["overall"]["pass_rate"].as_f64().unwrap(), 1.0);
    let dir = temp_dir();
    let set = dir.write("set.yaml", "scenarios:\n  - {id: x, category: Design & UX, scenario: build a design system, personas: [Wizard], phases: []}\n");
    run(&["eval", "design", set.to_str().unwrap()])
        .code(2)
        .stderr_has("Wizard");
}

#[test]
fn phase_expand_proposes_checked_steps() {
    let dir = temp_dir();
    let wf = dir.write("dw.yaml", SPARSE);
    let wf = wf.to_str().unwrap();
    let json = run_in(dir.path(), &["phase", wf, "assess", "--expand", "--json"]).json();
    let personas: Vec<&str> = json["proposed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["persona"].as_str().unwrap())
        .collect();
    assert!(
        personas.contains(&"Pragmatic Architect") && personas.contains(&"FinOps Optimizer"),
        "{personas:?}"
    );
    run_in(
        dir.path(),
        &["phase", wf, "1", "--expand", "-o", "expanded.yaml"],
    )
    .code(0)
    .stdout_has("wrote expanded.yaml");
    run_in(dir.path(), &["check", "expanded.yaml"]).code(0);
    run_in(dir.path(), &["phase", wf, "nope", "--expand"])
        .code(2)
        .stderr_has("assess, migrate");
}

#[test]
fn phase_expand_with_a_model() {
    let mock = MockLlm::start().unwrap();
    let expanded = SPARSE.replace(
        "      - {persona: Data Engineer, action: Inventory the warehouse tables and jobs, outputs: [warehouse-inventory]}\n",
        "      - {persona: Data Engineer, action: Inventory the warehouse tables and jobs, outputs: [warehouse-inventory]}\n      - {persona: FinOps Optimizer, action: Estimate the new warehouse's cost, inputs: [warehouse-inventory], outputs: [cost-estimate]}\n",
    );
    mock.push([Reply::Text(format!("```yaml\n{expanded}```"))]);
    let dir = temp_dir();
    let wf = dir.write("dw.yaml", SPARSE);
    let url = mock.url();
    let r = run_env(
        dir.path(),
        &[
            "phase",
            wf.to_str().unwrap(),
            "assess",
            "--expand",
            "--llm",
            "anthropic",
            "-o",
            "out.yaml",
        ],
        &[("ANTHROPIC_API_KEY", "k"), ("ANTHROPIC_BASE_URL", &url)],
    );
    r.code(0).stdout_has("wrote out.yaml");
    let written = std::fs::read_to_string(dir.path().join("out.yaml")).unwrap();
    assert!(written.contains("Estimate the new warehouse"), "{written}");
    assert!(
        mock.received()[0]
            .body
            .to_string()
            .contains("Phase `assess`")
    );
}

#[test]
fn export_a_workflow_as_a_claude_skill() {
    let r = run(&[
        "export",
        "microservices-migration",
        "--format",
        "claude-skill",
    ]);
    r.code(0)
        .stdout_has("---\nname: microservices-migration\ndescription: ")
        .stdout_has("## Phase 1: Assessment & Planning")
        .stdout_has("- [ ] **Pragmatic Architect**")
        .stdout_has("stop and ask for approval")
        .stdout_has("## Success criteria");
}

#[test]
fn checkpoint_expand_proposes_checked_gates() {
    let dir = temp_dir();
    let wf = dir.write("dw.yaml", SPARSE);
    let wf = wf.to_str().unwrap();
    run_in(dir.path(), &["checkpoint", wf])
        .code(0)
        .stdout_has("--expand");
    let json = run_in(dir.path(), &["checkpoint", wf, "--expand", "--json"]).json();
    let gates = json["proposed"].as_array().unwrap();
    assert_eq!(gates.len(), 2, "{json}");
    assert_eq!(gates[0]["phase"], "assess");
    assert!(
        gates[0]["requires"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r == "migration-plan"),
        "the phase's deliverable is required: {json}"
    );
    assert_eq!(
        gates[1]["criteria"][0], "p95_query_latency",
        "final sign-off"
    );
    run_in(
        dir.path(),
        &["checkpoint", wf, "2", "--expand", "-o", "gated.yaml"],
    )
    .code(0)
    .stdout_has("Migration gate")
    .stdout_has("wrote gated.yaml");
    run_in(dir.path(), &["check", "gated.yaml"]).code(0);
    let gated = run_in(dir.path(), &["checkpoint", "gated.yaml", "--json"]).json();
    assert_eq!(gated["gates"].as_array().unwrap().len(), 1);
    run_in(
        dir.path(),
        &["checkpoint", wf, "--expand", "-o", "gated.yaml"],
    )
    .code(2)
    .stderr_has("already exists");
    run_in(dir.path(), &["checkpoint", wf, "nope", "--expand"])
        .code(2)
        .stderr_has("assess, migrate");
    run_in(
        dir.path(),
        &["checkpoint", "production-incident-response", "--expand"],
    )
    .code(0)
    .stdout_has("Every phase already ends with a gate");
}

#[test]
fn checkpoint_expand_with_a_model_is_repaired() {
    let mock = MockLlm::start().unwrap();
    let gate = "    deliverable: {text: Migration plan with costs, artifact: migration-plan}\n";
    let with = |approver: &str| {
        SPARSE.replace(
            gate,
            &format!(
                "{gate}    checkpoint: {{approver: {approver}, requires: [migration-plan]}}\n"
            ),
        )
    };
    mock.push([
        Reply::Text(format!("```yaml\n{}```", with("Gatekeeper Wizard"))),
        Reply::Text(format!("```yaml\n{}```", with("Chief Architect"))),
    ]);
    let dir = temp_dir();
    let wf = dir.write("dw.yaml", SPARSE);
    let url = mock.url();
    let r = run_env(
        dir.path(),
        &[
            "checkpoint",
            wf.to_str().unwrap(),
            "assess",
            "--expand",
            "--llm",
            "anthropic",
            "-o",
            "out.yaml",
        ],
        &[("ANTHROPIC_API_KEY", "k"), ("ANTHROPIC_BASE_URL", &url)],
    );
    r.code(0)
        .stdout_has("2 round(s)")
        .stdout_has("wrote out.yaml");
    let written = std::fs::read_to_string(dir.path().join("out.yaml")).unwrap();
    assert!(written.contains("approver: Chief Architect"), "{written}");
    let received = mock.received();
    assert!(received[0].body.to_string().contains("Phases `assess`"));
    assert!(received[1].body.to_string().contains("Gatekeeper Wizard"));
}

#[test]
fn export_a_claude_skill_to_a_file_never_over_one() {
    let dir = temp_dir();
    let path = ".claude/skills/k8s/SKILL.md";
    run_in(
        dir.path(),
        &[
            "export",
            "kubernetes-migration",
            "--format",
            "claude-skill",
            "-o",
            path,
        ],
    )
    .code(0);
    let text = std::fs::read_to_string(dir.path().join(path)).unwrap();
    assert!(
        text.starts_with("---\nname: kubernetes-migration\n"),
        "{text}"
    );
    run_in(
        dir.path(),
        &[
            "export",
            "kubernetes-migration",
            "--format",
            "claude-skill",
            "-o",
            path,
        ],
    )
    .code(2)
    .stderr_has("already exists");
    run_in(
        dir.path(),
        &[
            "export",
            "kubernetes-migration",
            "--format",
            "claude-skill",
            "-o",
            path,
            "--force",
        ],
    )
    .code(0);
}
