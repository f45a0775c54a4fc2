//! The run engine through the binary: gates, decisions and loops, budgets,
//! executors against a loopback mock LLM and a fake `claude`, manual steps,
//! Ctrl-C, concurrent resume, and SIGKILL at random moments.

use std::process::{Child, Command, Stdio};
use std::time::Duration;

use serde_json::Value;
use skill_chains_engine::mock::{MockLlm, Reply};

use crate::support::*;

/// A test's working directory, store and environment.
struct Bench {
    dir: TempDir,
    env: Vec<(String, String)>,
}

impl Bench {
    fn new() -> Bench {
        let dir = temp_dir();
        let db = dir.path().join("runs.db").display().to_string();
        Bench {
            env: vec![
                ("SKILL_CHAINS_DB".into(), db),
                ("USER".into(), "tester".into()),
            ],
            dir,
        }
    }

    fn with_mock(mock: &MockLlm) -> Bench {
        let mut b = Bench::new();
        b.env.push(("ANTHROPIC_API_KEY".into(), "test-key".into()));
        b.env.push(("ANTHROPIC_BASE_URL".into(), mock.url()));
        b
    }

    fn write(&self, name: &str, text: &str) -> String {
        self.dir.write(name, text).display().to_string()
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut c = Command::new(bin());
        c.args(args)
            .current_dir(self.dir.path())
            .env("NO_COLOR", "1")
            .env_remove("ANTHROPIC_API_KEY")
            .env_remove("ANTHROPIC_BASE_URL")
            .env_remove("OPENAI_API_KEY")
            .env_remove("OPENAI_BASE_URL")
            .stdin(Stdio::null());
        for (k, v) in &self.env {
            c.env(k, v);
        }
        c
    }

    fn sc(&self, args: &[&str]) -> Run {
        let out = self.command(args).output().expect("the binary runs");
        let run = Run {
            status: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into(),
            stderr: String::from_utf8_lossy(&out.stderr).into(),
        };
        assert!(
            !run.stderr.contains("panicked"),
            "the binary panicked:\n{}",
            run.stderr
        );
        run
    }

    fn spawn(&self, args: &[&str]) -> Child {
        self.command(args)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the binary starts")
    }

    /// Run a command that starts or continues a run (with `--json`); its id.
    fn start(&self, args: &[&str], code: i32) -> String {
        let r = self.sc(args);
        r.code(code);
        run_id(&r)
    }

    fn status(&self, run: &str) -> Value {
        self.sc(&["status", run, "--json"]).json()
    }

    fn events(&self, run: &str) -> Vec<Value> {
        self.sc(&["logs", run, "--json"]).json()["events"]
            .as_array()
            .unwrap()
            .clone()
    }
}

fn count(events: &[Value], kind: &str) -> usize {
    events.iter().filter(|e| e["type"] == kind).count()
}

/// Phases of `steps` steps each, chained inside a phase two by two.
fn workflow(phases: usize, steps: usize, extra_phase_yaml: &str, step_yaml: &str) -> String {
    let mut y = String::from("name: Engine Test\nphases:\n");
    for p in 0..phases {
        y.push_str(&format!("  - id: p{p}\n    name: Phase {p}\n    steps:\n"));
        for s in 0..steps {
            y.push_str(&format!("      - {{id: p{p}-s{s}, persona: SRE, action: Do part {s} of phase {p}, outputs: [p{p}-a{s}]"));
            if s % 2 == 1 {
                y.push_str(&format!(", inputs: [p{p}-a{}]", s - 1));
            }
            y.push_str(step_yaml);
            y.push_str("}\n");
        }
        y.push_str(extra_phase_yaml);
    }
    y
}

fn run_id(r: &Run) -> String {
    r.json()["run"].as_str().expect("a run id").to_string()
}

#[test]
fn gates_pause_and_approve_continues_from_a_later_process() {
    let b = Bench::new();
    let wf = b.write(
        "wf.yaml",
        &workflow(
            2,
            2,
            "    checkpoint: {approver: Principal Engineer, text: Review}\n",
            "",
        ),
    );
    let r = b.sc(&["run", &wf, "--executor", "noop", "--json"]);
    r.code(3);
    let id = run_id(&r);
    assert_eq!(r.json()["status"], "awaiting-approval");
    assert_eq!(r.json()["steps_done"], 2);
    b.sc(&["approve", &id, "p1"])
        .code(1)
        .stderr_has("not waiting");
    let a = b.sc(&[
        "approve",
        &id,
        "--by",
        "alice",
        "--comment",
        "plan is sound",
        "--json",
    ]);
    a.code(3);
    assert_eq!(a.json()["steps_done"], 4);
    let gate = &a.json()["phases"][0]["gate"];
    assert_eq!(gate["state"], "approved");
    assert_eq!(gate["by"], "alice");
    assert_eq!(gate["comment"], "plan is sound");
    let done = b.sc(&["approve", &id, "p1", "--json"]);
    done.code(0);
    assert_eq!(done.json()["status"], "completed");
    b.sc(&["status", &id])
        .code(0)
        .stdout_has("approved by alice");
    b.sc(&["runs"])
        .code(0)
        .stdout_has(&id)
        .stdout_has("completed");
}

#[test]
fn auto_approve_records_each_gate() {
    let b = Bench::new();
    let wf = b.write(
        "wf.yaml",
        &workflow(3, 2, "    checkpoint: {approver: Principal Engineer}\n", ""),
    );
    let r = b.sc(&["run", &wf, "--executor", "noop", "--auto-approve", "--json"]);
    r.code(0);
    let events = b.events(&run_id(&r));
    let approvals: Vec<&Value> = events
        .iter()
        .filter(|e| e["type"] == "gate_approved")
        .collect();
    assert_eq!(approvals.len(), 3);
    assert!(
        approvals
            .iter()
            .all(|e| e["auto"] == true && e["by"] == "auto-approve")
    );
}

#[test]
fn reject_loops_back_within_the_bound_then_fails() {
    let b = Bench::new();
    let extra = "    checkpoint: {approver: Principal Engineer}\n    decisions:\n      - {if: \"false\", goto: p0, max_loops: 1}\n";
    let wf = b.write("wf.yaml", &workflow(1, 2, extra, ""));
    let id = b.start(&["run", &wf, "--executor", "noop", "--json"], 3);
    let again = b.sc(&["reject", &id, "--comment", "redo", "--json"]);
    again.code(3);
    assert_eq!(again.json()["status"], "awaiting-approval");
    assert_eq!(again.json()["phases"][0]["steps"][0]["completions"], 2);
    let failed = b.sc(&["reject", &id, "--json"]);
    failed.code(1);
    assert_eq!(failed.json()["status"], "failed");
    assert!(
        failed.json()["reason"]
            .as_str()
            .unwrap()
            .contains("max_loops"),
        "{}",
        failed.stdout
    );
}

#[test]
fn a_gate_rejected_without_a_loop_fails_the_run() {
    let b = Bench::new();
    let wf = b.write(
        "wf.yaml",
        &workflow(2, 1, "    checkpoint: {approver: Principal Engineer}\n", ""),
    );
    let id = b.start(&["run", &wf, "--executor", "noop", "--json"], 3);
    let r = b.sc(&["reject", &id, "--by", "bob", "--json"]);
    r.code(1);
    assert!(
        r.json()["reason"]
            .as_str()
            .unwrap()
            .contains("rejected by bob")
    );
}

/// A shell step that reports `critical_gaps` falling by one per run.
fn audit_workflow(start_gaps: u32, max_loops: u32) -> String {
    format!(
        r#"name: Audit Loop
phases:
  - id: remediation
    name: Remediation
    steps:
      - {{id: fix, persona: SRE, action: Fix gaps, outputs: [fixes], executor: shell, command: "echo fixed"}}
  - id: audit
    name: Audit
    steps:
      - id: audit
        persona: SRE
        action: Audit
        outputs: [audit-report]
        executor: shell
        command: "n=$(cat count 2>/dev/null || echo 0); n=$((n+1)); echo $n > count; echo \"{{\\\"critical_gaps\\\": $(({start_gaps}-n))}}\""
    decisions:
      - {{if: "audit.critical_gaps > 0", goto: remediation, max_loops: {max_loops}}}
"#
    )
}

#[test]
fn decisions_loop_within_max_loops() {
    let b = Bench::new();
    let wf = b.write("wf.yaml", &audit_workflow(3, 2));
    let r = b.sc(&["run", &wf, "--allow-shell", "--json"]);
    r.code(0);
    let s = r.json();
    assert_eq!(s["status"], "completed");
    assert_eq!(s["loops"]["audit#0"], 2);
    assert_eq!(s["metrics"]["critical_gaps"], 0);
    assert_eq!(s["phases"][1]["steps"][0]["completions"], 3);
}

#[test]
fn a_loop_past_its_bound_fails_with_a_clear_message() {
    let b = Bench::new();
    let wf = b.write("wf.yaml", &audit_workflow(10, 2));
    let r = b.sc(&["run", &wf, "--allow-shell", "--json"]);
    r.code(1);
    let reason = r.json()["reason"].as_str().unwrap().to_string();
    assert!(
        reason.contains("max_loops") && reason.contains("audit.critical_gaps > 0"),
        "{reason}"
    );
}

/// Build, then a pilot whose decision loops back to build when the pilot's
/// error rate is 1 % or more. The pilot step (noop) records no metric.
const PILOT: &str = r#"name: Pilot Loop
phases:
  - id: build
    name: Build
    steps:
      - {id: build, persona: SRE, action: Build it, outputs: [release]}
  - id: pilot
    name: Pilot
    steps:
      - {id: pilot, persona: SRE, action: Run the pilot, inputs: [release]}
    decisions:
      - {if: "pilot.error_rate >= 1", goto: build, max_loops: 1}
"#;

/// A decision whose input nobody recorded neither holds nor is passed
/// silently: the run waits for the metric, `metric` gives it, `resume`
/// takes the branch it picks.
#[test]
fn a_decision_without_its_metric_waits_for_it() {
    let b = Bench::new();
    let wf = b.write("wf.yaml", PILOT);
    let r = b.sc(&["run", &wf, "--executor", "noop", "--json"]);
    let id = run_id(&r);
    assert_eq!(r.json()["status"], "awaiting-metric", "{}", r.stdout);
    let reason = r.json()["reason"].as_str().unwrap_or_default().to_string();
    assert!(reason.contains("pilot.error_rate >= 1"), "{reason}");
    let next = r.json()["next"].as_str().unwrap_or_default().to_string();
    assert!(
        next.contains(&format!("skill-chains metric {id} pilot.error_rate=VALUE")),
        "the hint names the metric: {next}"
    );
    let log = b.sc(&["logs", &id]);
    assert!(!log.stdout.contains("held"), "{}", log.stdout);
    // Still waiting when resumed without it.
    let again = b.sc(&["resume", &id, "--json"]);
    assert_eq!(
        again.json()["status"],
        "awaiting-metric",
        "{}",
        again.stdout
    );
    // 2 %: back to build (once, its bound); the pilot's second pass has no
    // metric yet (the one given was for the first), so it asks again.
    b.sc(&["metric", &id, "pilot.error_rate=2"]).code(0);
    let looped = b.sc(&["resume", &id, "--json"]);
    assert_eq!(looped.json()["loops"]["pilot#0"], 1, "{}", looped.stdout);
    assert_eq!(looped.json()["phases"][0]["steps"][0]["completions"], 2);
    assert_eq!(
        looped.json()["status"],
        "awaiting-metric",
        "{}",
        looped.stdout
    );
    b.sc(&["metric", &id, "pilot.error_rate=0.4"]).code(0);
    let done = b.sc(&["resume", &id, "--json"]);
    done.code(0);
    assert_eq!(done.json()["status"], "completed", "{}", done.stdout);
}

/// `metric RUN name=true` records yes, not the text "true": a decision
/// `!pilot.restored` (the built-in incident workflow's kind) can read it.
#[test]
fn a_yes_or_no_metric_settles_a_negated_decision() {
    let b = Bench::new();
    let wf = b.write(
        "wf.yaml",
        &PILOT.replace("pilot.error_rate >= 1", "!pilot.restored"),
    );
    let r = b.sc(&["run", &wf, "--executor", "noop", "--json"]);
    let id = run_id(&r);
    assert_eq!(r.json()["status"], "awaiting-metric", "{}", r.stdout);
    b.sc(&["metric", &id, "pilot.restored=true"]).code(0);
    let done = b.sc(&["resume", &id, "--json"]);
    done.code(0);
    assert_eq!(done.json()["status"], "completed", "{}", done.stdout);
}

/// A condition no metric can settle (not true or false) fails the run with
/// the reason, rather than waiting for a metric that would not help.
#[test]
fn a_condition_that_cannot_be_evaluated_fails_clearly() {
    let b = Bench::new();
    let wf = b.write(
        "wf.yaml",
        &PILOT.replace("pilot.error_rate >= 1", "pilot.status + 1"),
    );
    let r = b.sc(&["run", &wf, "--executor", "noop", "--json"]);
    r.code(1);
    let reason = r.json()["reason"].as_str().unwrap_or_default().to_string();
    assert!(reason.contains("cannot be evaluated"), "{reason}");
    assert!(
        reason.contains("no metric can make it true or false"),
        "{reason}"
    );
}

/// The approver sees where approval leads before approving: the gate's
/// decisions are evaluated against what the run has recorded.
#[test]
fn a_gate_says_where_approval_leads() {
    let b = Bench::new();
    let gated = PILOT.replace(
        "    decisions:",
        "    checkpoint: {approver: Principal Engineer}\n    decisions:",
    );
    let wf = b.write("wf.yaml", &gated);
    let r = b.sc(&["run", &wf, "--executor", "noop", "--json"]);
    r.code(3);
    let id = run_id(&r);
    let reason = |v: &Value| v["reason"].as_str().unwrap_or_default().to_string();
    let first = reason(&r.json());
    assert!(first.contains("waits for approval"), "{first}");
    assert!(first.contains("waits for a metric"), "{first}");
    b.sc(&["metric", &id, "pilot.error_rate=2"]).code(0);
    let then = reason(&b.status(&id));
    assert!(
        then.contains("approved, the run goes to phase `build` (`pilot.error_rate >= 1` holds)"),
        "{then}"
    );
    b.sc(&["metric", &id, "pilot.error_rate=0.2"]).code(0);
    let done = reason(&b.status(&id));
    assert!(done.contains("approved, the run completes"), "{done}");
}

#[test]
fn shell_steps_need_consent() {
    let b = Bench::new();
    let wf = b.write("wf.yaml", &audit_workflow(1, 1));
    b.sc(&["run", &wf]).code(2).stderr_has("--allow-shell");
}

#[test]
fn an_unknown_executor_is_refused_before_the_run_starts() {
    let b = Bench::new();
    let wf = b.write("wf.yaml", &workflow(1, 1, "", ", executor: shel"));
    b.sc(&["check", &wf])
        .code(1)
        .stdout_has("SC021")
        .stdout_has("did you mean `shell`?");
    b.sc(&["run", &wf]).code(1).stderr_has("SC021");
    b.sc(&["explain", "SC021"])
        .code(0)
        .stdout_has("unknown-executor");
}

#[test]
fn manual_steps_wait_for_step_done() {
    let b = Bench::new();
    let wf = b.write("wf.yaml", &workflow(1, 2, "", ""));
    let r = b.sc(&["run", &wf, "--json"]);
    r.code(3);
    assert_eq!(r.json()["status"], "awaiting-person");
    let id = run_id(&r);
    b.sc(&["step", "done", &id, "p0-s1", "--text", "x"])
        .code(1)
        .stderr_has("not up now");
    let report = b.write(
        "report.md",
        "Assessment written.\n```json\n{\"risk\": 3}\n```\n",
    );
    let r = b.sc(&[
        "step",
        "done",
        &id,
        "p0-s0",
        "--file",
        &report,
        "--metric",
        "ready=true",
        "--json",
    ]);
    r.code(3);
    let step = &r.json()["phases"][0]["steps"][0];
    assert_eq!(step["by"], "tester");
    assert_eq!(step["metrics"]["risk"], 3);
    assert_eq!(step["metrics"]["ready"], true);
    let r = b.sc(&["step", "done", &id, "p0-s1", "--text", "done", "--json"]);
    r.code(0);
    b.sc(&["artifacts", &id, "p0-a0"])
        .code(0)
        .stdout_has("Assessment written.");
}

#[test]
fn anthropic_steps_record_usage_cost_and_chain_artifacts() {
    let mock = MockLlm::start().unwrap();
    let b = Bench::with_mock(&mock);
    let wf = b.write("wf.yaml", &workflow(1, 2, "", ""));
    let r = b.sc(&["run", &wf, "--executor", "anthropic", "--json"]);
    r.code(0);
    let s = r.json();
    assert!(s["usage"]["input_tokens"].as_u64().unwrap() > 0);
    assert!(s["usage"]["cost_usd"].as_f64().unwrap() > 0.0);
    assert_eq!(s["cost_by_persona"][0]["persona"], "SRE");
    let got = mock.received();
    assert_eq!(got.len(), 2);
    assert!(got.iter().all(|r| r.path == "/v1/messages"));
    assert!(
        got[0]
            .headers
            .iter()
            .any(|(k, v)| k == "x-api-key" && v == "test-key")
    );
    assert!(
        got[0].body["system"]
            .as_str()
            .unwrap()
            .starts_with("You are SRE")
    );
    // The second step gets the first one's output as its input.
    let second = got[1].body["messages"][0]["content"].as_str().unwrap();
    assert!(
        second.contains("## Input: p0-a0") && second.contains("Mock answer 1."),
        "{second}"
    );
}

#[test]
fn openai_compatible_servers_work_with_a_base_url() {
    let mock = MockLlm::start().unwrap();
    let mut b = Bench::new();
    b.env.push(("OPENAI_API_KEY".into(), "sk-test".into()));
    let wf = b.write("wf.yaml", &workflow(1, 1, "", ""));
    let base = format!("{}/v1", mock.url());
    let r = b.sc(&[
        "run",
        &wf,
        "--executor",
        "openai",
        "--base-url",
        &base,
        "--model",
        "llama3.1",
        "--json",
    ]);
    r.code(0);
    assert!(r.json()["usage"]["output_tokens"].as_u64().unwrap() > 0);
    let got = mock.received();
    assert_eq!(got[0].path, "/v1/chat/completions");
    assert_eq!(got[0].body["model"], "llama3.1");
    assert_eq!(got[0].body["messages"][0]["role"], "system");
    assert!(
        got[0]
            .headers
            .iter()
            .any(|(k, v)| k == "authorization" && v == "Bearer sk-test")
    );
}

#[test]
fn failures_are_retried_with_backoff_and_timeouts() {
    let mock = MockLlm::start().unwrap();
    mock.push([
        Reply::TooMany { retry_after: 0 },
        Reply::ServerError,
        Reply::Truncated,
        Reply::Malformed,
        Reply::Hang,
    ]);
    let b = Bench::with_mock(&mock);
    let wf = b.write(
        "wf.yaml",
        &workflow(1, 1, "", ", retries: 5, timeout: 0.02 min"),
    );
    let r = b.sc(&[
        "run",
        &wf,
        "--executor",
        "anthropic",
        "--backoff-ms",
        "5",
        "--json",
    ]);
    r.code(0);
    let id = run_id(&r);
    assert_eq!(r.json()["phases"][0]["steps"][0]["attempts"], 6);
    let events = b.events(&id);
    let failures: Vec<String> = events
        .iter()
        .filter(|e| e["type"] == "step_failed")
        .map(|e| e["error"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(failures.len(), 5, "{failures:?}");
    assert!(
        failures[0].contains("429") && failures[1].contains("500"),
        "{failures:?}"
    );
    assert!(failures[4].contains("timed out"), "{failures:?}");
    b.sc(&["logs", &id, "p0-s0"])
        .code(0)
        .stdout_has("will retry")
        .stdout_has("Mock answer");
}

#[test]
fn non_retryable_failures_fail_the_run_and_resume_retries() {
    let mock = MockLlm::start().unwrap();
    let mut b = Bench::new();
    let wf = b.write("wf.yaml", &workflow(1, 1, "", ""));
    // No API key: the step cannot succeed, and trying again does not help.
    let r = b.sc(&["run", &wf, "--executor", "anthropic", "--json"]);
    r.code(1);
    assert!(
        r.json()["reason"]
            .as_str()
            .unwrap()
            .contains("ANTHROPIC_API_KEY")
    );
    assert_eq!(r.json()["phases"][0]["steps"][0]["attempts"], 1);
    b.env.push(("ANTHROPIC_API_KEY".into(), "test-key".into()));
    b.env.push(("ANTHROPIC_BASE_URL".into(), mock.url()));
    b.sc(&["resume", &run_id(&r), "--json"]).code(0);
}

#[test]
fn claude_code_runs_headless_with_its_json() {
    let b = Bench::new();
    let bin_dir = b.dir.path().join("fakebin");
    std::fs::create_dir_all(&bin_dir).unwrap();
    let fake = bin_dir.join("claude");
    std::fs::write(
        &fake,
        "#!/bin/sh\necho \"$@\" >> \"$(dirname \"$0\")/calls.log\"\n\
         echo '{\"type\":\"result\",\"subtype\":\"success\",\"is_error\":false,\"result\":\"Claude did it\",\"session_id\":\"sess-42\",\"total_cost_usd\":0.01,\"usage\":{\"input_tokens\":100,\"output_tokens\":50}}'\n",
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&fake, std::fs::Permissions::from_mode(0o755)).unwrap();
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut b = b;
    b.env.push(("PATH".into(), path));
    let wf = b.write("wf.yaml", &workflow(1, 2, "", ""));
    let r = b.sc(&["run", &wf, "--executor", "claude", "--json"]);
    r.code(0);
    let s = r.json();
    assert!((s["usage"]["cost_usd"].as_f64().unwrap() - 0.02).abs() < 1e-9);
    assert_eq!(s["usage"]["input_tokens"], 200);
    let calls = std::fs::read_to_string(bin_dir.join("calls.log")).unwrap();
    assert!(
        calls.contains("-p") && calls.contains("--output-format json"),
        "{calls}"
    );
    let events = b.events(&run_id(&r));
    assert!(events.iter().any(|e| e["session_id"] == "sess-42"));
}

#[test]
fn budgets_stop_a_run_and_resume_raises_them() {
    let mock = MockLlm::start().unwrap();
    let b = Bench::with_mock(&mock);
    let wf = b.write("wf.yaml", &workflow(1, 6, "", ""));
    let r = b.sc(&[
        "run",
        &wf,
        "--executor",
        "anthropic",
        "--concurrency",
        "1",
        "--max-cost-usd",
        "0.002",
        "--json",
    ]);
    r.code(3);
    let s = r.json();
    assert_eq!(s["status"], "over-budget");
    let spent = s["usage"]["cost_usd"].as_f64().unwrap();
    assert!(spent <= 0.002 + 1e-12, "spent {spent}");
    assert!(s["steps_done"].as_u64().unwrap() < 6);
    assert!(s["next"].as_str().unwrap().contains("--max-cost-usd"));
    let id = run_id(&r);
    let t = b.sc(&[
        "resume",
        &id,
        "--max-cost-usd",
        "1",
        "--max-tokens",
        "10",
        "--json",
    ]);
    t.code(3);
    assert!(t.json()["reason"].as_str().unwrap().contains("token"));
    let done = b.sc(&[
        "resume",
        &id,
        "--max-cost-usd",
        "1",
        "--max-tokens",
        "1000000",
        "--json",
    ]);
    done.code(0);
    assert_eq!(done.json()["budget"]["max_cost_usd"], 1.0);
    assert_eq!(mock.received().len(), 6);
}

#[test]
fn dry_run_shows_order_prompts_and_estimate_without_calling_anything() {
    let b = Bench::new();
    let r = b.sc(&[
        "run",
        "microservices-migration",
        "--dry-run",
        "--executor",
        "anthropic",
        "--json",
    ]);
    r.code(0);
    let d = r.json();
    assert!(d["cost_usd"].as_f64().unwrap() > 0.0);
    assert!(d["duration_ms"].as_u64().unwrap() > 0);
    let steps = d["steps"].as_array().unwrap();
    assert_eq!(steps[0]["step"], "assess-monolith");
    assert!(
        steps[0]["prompt"]
            .as_str()
            .unwrap()
            .contains("Assess current monolith")
    );
    assert!(
        !b.dir.path().join("runs.db").exists(),
        "a dry run stores nothing"
    );
    b.sc(&["run", "microservices-migration", "--dry-run"])
        .code(0)
        .stdout_has("estimate:");
}

#[test]
fn cancel_is_final() {
    let b = Bench::new();
    let wf = b.write("wf.yaml", &workflow(1, 1, "", ""));
    let id = b.start(&["run", &wf, "--json"], 3);
    b.sc(&["cancel", &id, "--reason", "wrong playbook"]).code(0);
    let r = b.sc(&["resume", &id, "--json"]);
    r.code(1);
    assert_eq!(r.json()["status"], "cancelled");
    b.sc(&["status", "nope"])
        .code(2)
        .stderr_has("no run matches");
}

fn send_signal(child: &Child, signal: &str) {
    Command::new("kill")
        .args([signal, &child.id().to_string()])
        .status()
        .unwrap();
}

fn finish(child: Child) -> (i32, String) {
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into(),
    )
}

fn only_run(b: &Bench) -> Option<String> {
    let runs = b.sc(&["runs", "--json"]).json();
    runs["runs"]
        .as_array()
        .unwrap()
        .first()
        .map(|r| r["id"].as_str().unwrap().to_string())
}

fn wait_for_events(b: &Bench, kind: &str) -> String {
    for _ in 0..200 {
        std::thread::sleep(Duration::from_millis(25));
        if let Some(id) = only_run(b)
            && count(&b.events(&id), kind) > 0
        {
            return id;
        }
    }
    panic!("no {kind} event");
}

#[test]
fn ctrl_c_pauses_cleanly_and_a_second_aborts() {
    let mock = MockLlm::start().unwrap();
    mock.set_delay(Duration::from_millis(300));
    let b = Bench::with_mock(&mock);
    let wf = b.write("wf.yaml", &workflow(1, 4, "", ""));
    let child = b.spawn(&["run", &wf, "--executor", "anthropic", "--concurrency", "1"]);
    let id = wait_for_events(&b, "step_started");
    send_signal(&child, "-INT");
    let (code, _) = finish(child);
    assert_eq!(code, 3);
    let events = b.events(&id);
    assert_eq!(
        count(&events, "step_interrupted"),
        0,
        "the step in flight finished"
    );
    assert!(
        events
            .iter()
            .any(|e| e["type"] == "paused" && e["reason"]["kind"] == "interrupted")
    );
    let done = count(&events, "step_completed");
    assert!((1..4).contains(&done));

    mock.push([Reply::Hang]);
    let started = count(&events, "step_started");
    let child = b.spawn(&["resume", &id]);
    // Signal only once the resumed runner has started a step (its handlers are set).
    for _ in 0..400 {
        if count(&b.events(&id), "step_started") > started {
            break;
        }
        std::thread::sleep(Duration::from_millis(25));
    }
    std::thread::sleep(Duration::from_millis(100));
    send_signal(&child, "-INT");
    std::thread::sleep(Duration::from_millis(100));
    send_signal(&child, "-INT");
    let (code, _) = finish(child);
    assert_eq!(code, 3);
    let events = b.events(&id);
    assert_eq!(count(&events, "step_interrupted"), 1);
    assert!(
        events
            .iter()
            .any(|e| e["type"] == "paused" && e["reason"]["kind"] == "aborted")
    );
    b.sc(&["resume", &id]).code(0);
}

#[test]
fn two_processes_resuming_one_run_exactly_one_proceeds() {
    let mock = MockLlm::start().unwrap();
    mock.set_delay(Duration::from_millis(150));
    let b = Bench::with_mock(&mock);
    let wf = b.write("wf.yaml", &workflow(1, 8, "", ""));
    let mut first = b.spawn(&["run", &wf, "--executor", "anthropic", "--concurrency", "1"]);
    let id = wait_for_events(&b, "step_started");
    b.sc(&["resume", &id])
        .code(1)
        .stderr_has(&format!("held by process {}", first.id()));
    first.kill().unwrap();
    first.wait().unwrap();
    let a = b.spawn(&["resume", &id]);
    let c = b.spawn(&["resume", &id]);
    let (ca, ea) = finish(a);
    let (cc, ec) = finish(c);
    let mut codes = [ca, cc];
    codes.sort();
    assert_eq!(codes, [0, 1], "one completes, one is refused:\n{ea}\n{ec}");
    assert!(ea.contains("held by") || ec.contains("held by"));
    assert_eq!(b.status(&id)["status"], "completed");
}

/// A small deterministic generator for kill moments.
struct XorShift(u64);

impl XorShift {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

#[test]
fn sigkill_at_random_moments_never_repeats_a_completed_step() {
    let mock = MockLlm::start().unwrap();
    mock.set_delay(Duration::from_millis(120));
    let b = Bench::with_mock(&mock);
    let wf = b.write("wf.yaml", &workflow(5, 10, "", ""));
    let mut rng = XorShift(0x5eed_1234_abcd);
    let mut kills = 0;
    for _ in 0..20 {
        let existing = only_run(&b);
        let mut child = match &existing {
            Some(id) => b.spawn(&["resume", id]),
            None => b.spawn(&["run", &wf, "--executor", "anthropic", "--concurrency", "2"]),
        };
        std::thread::sleep(Duration::from_millis(20 + rng.below(280)));
        if child.try_wait().unwrap().is_some() {
            break; // the run finished before this moment
        }
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        kills += 1;
    }
    assert!(kills >= 15, "only {kills} kills landed mid-run");
    let id = only_run(&b).expect("the run exists");
    let r = b.sc(&["resume", &id, "--json"]);
    r.code(0);
    let events = b.events(&id);
    let layout_steps: Vec<String> = (0..5)
        .flat_map(|p| (0..10).map(move |s| format!("p{p}-s{s}")))
        .collect();
    for step in &layout_steps {
        let n = events
            .iter()
            .filter(|e| e["type"] == "step_completed" && e["step"] == step.as_str())
            .count();
        assert_eq!(n, 1, "step {step} completed {n} times");
    }
    let artifacts = b.sc(&["artifacts", &id, "--json"]).json();
    let list = artifacts["artifacts"].as_array().unwrap();
    assert_eq!(list.len(), 50);
    assert!(list.iter().all(|a| a["intact"] == true));
    let interrupted = count(&events, "step_interrupted");
    assert!(
        interrupted > 0,
        "in-flight steps are recorded as interrupted"
    );
    assert!(mock.received().len() >= 50);
}

#[test]
fn store_path_and_runs_listing() {
    let b = Bench::new();
    b.sc(&["runs"]).code(0).stdout_has("no runs yet");
    let db = b.dir.path().join("other.db");
    let wf = b.write("wf.yaml", &workflow(1, 1, "", ""));
    b.sc(&[
        "run",
        &wf,
        "--executor",
        "noop",
        "--db",
        db.to_str().unwrap(),
    ])
    .code(0);
    assert!(db.exists());
    b.sc(&["runs", "--db", db.to_str().unwrap()])
        .code(0)
        .stdout_has("completed");
}

#[test]
fn the_store_is_named_by_a_url() {
    let b = Bench::new();
    let wf = b.write("wf.yaml", &workflow(1, 1, "", ""));
    let db = b.dir.path().join("new").join("dir").join("runs.db");
    let url = format!("sqlite:{}", db.display());
    b.sc(&["run", &wf, "--executor", "noop", "--db", &url])
        .code(0);
    assert!(db.exists(), "a new file's directory is created");
    b.sc(&["runs", "--db", &format!("sqlite://{}", db.display())])
        .code(0)
        .stdout_has("completed");
    b.sc(&["runs", "--db", "postgres://sc:hunter2@db.internal/runs"])
        .code(2)
        .stderr_has("PostgreSQL stores are not built into this binary yet");
    let r = b.sc(&["runs", "--db", "mysql://sc:hunter2@db/runs"]);
    r.code(2).stderr_has("--db");
    assert!(!r.stderr.contains("hunter2"), "{}", r.stderr);
}

#[test]
fn dry_run_text_snapshot() {
    let b = Bench::new();
    let wf = b.write(
        "wf.yaml",
        &workflow(2, 2, "    checkpoint: {approver: Principal Engineer}\n", ""),
    );
    let r = b.sc(&["run", &wf, "--dry-run", "--executor", "anthropic"]);
    r.code(0);
    insta::assert_snapshot!(r.stdout);
}

#[test]
fn a_run_whose_workflow_no_longer_checks_is_shown_but_not_driven() {
    let b = Bench::new();
    b.write(
        "skill-chains.yaml",
        "personas:\n  - name: Data Protection Officer\n    slug: dpo\n",
    );
    let wf = b.write(
        "wf.yaml",
        "name: Privacy Review\nphases:\n  - id: review\n    name: Review\n    steps:\n      - {id: dpia, persona: Data Protection Officer, action: Write the DPIA}\n      - {id: sign, persona: Data Protection Officer, action: Sign it off, after: [dpia]}\n",
    );
    let r = b.sc(&["run", &wf, "--json"]);
    r.code(3);
    let id = run_id(&r);
    // The project's persona is gone: the stored workflow names an unknown persona now.
    b.write("skill-chains.yaml", "personas: []\n");
    b.sc(&["step", "done", &id, "dpia", "--text", "written"])
        .code(1)
        .stderr_has("no longer passes check")
        .stderr_has("SC001");
    b.sc(&["resume", &id]).code(1).stderr_has("SC001");
    let s = b.sc(&["status", &id, "--json"]);
    s.code(0);
    assert_eq!(s.json()["steps_done"], 0, "nothing was recorded");
}
