//! The MCP server, driven by rmcp's client over a spawned `skill-chains mcp`:
//! it lists its tools, prompts and resources, and every tool is called.

use rmcp::ServiceExt;
use rmcp::model::{CallToolRequestParams, GetPromptRequestParams, ReadResourceRequestParams};
use rmcp::transport::TokioChildProcess;
use serde_json::{Value, json};

use super::SPARSE;
use crate::support::*;

/// Two phases: a manual step, a gate, another manual step.
const GATED: &str = "name: Gated\ntimeline: 2 weeks\nsuccess_criteria:\n  - text: errors below 1%\n    metrics: [{name: error_rate, op: \"<\", target: 1, unit: \"%\"}]\nphases:\n  - id: one\n    name: One\n    window: Week 1\n    skills: [SRE]\n    steps:\n      - {id: a, persona: SRE, action: Do a, outputs: [a-out]}\n    deliverable: {text: A, artifact: a-out}\n    checkpoint: {approver: SRE, requires: [a-out]}\n  - id: two\n    name: Two\n    window: Week 2\n    skills: [SRE]\n    steps:\n      - {id: b, persona: SRE, action: Do b, inputs: [a-out]}\n    deliverable: B\n";

type Client = rmcp::service::RunningService<rmcp::RoleClient, ()>;

async fn call(client: &Client, tool: &str, args: Value) -> Value {
    let params = CallToolRequestParams::new(tool.to_string())
        .with_arguments(args.as_object().cloned().unwrap_or_default());
    let result = client
        .call_tool(params)
        .await
        .unwrap_or_else(|e| panic!("{tool}: {e}"));
    assert_ne!(
        result.is_error,
        Some(true),
        "{tool} failed: {:?}",
        result.content
    );
    result
        .structured_content
        .unwrap_or_else(|| panic!("{tool}: no structured content"))
}

/// The shortcuts of the seed's "Command Shortcuts" section, in order.
fn seed_shortcuts() -> Vec<String> {
    let seed =
        std::fs::read_to_string(repo_root().join("crates/core/tests/fixtures/markdown/seed.md"))
            .unwrap();
    let section = seed.split("## Command Shortcuts").nth(1).unwrap();
    section
        .lines()
        .skip(1)
        .take_while(|l| !l.starts_with('#') && !l.starts_with('⸻'))
        .filter_map(|l| l.strip_prefix("- **/"))
        .map(|l| l.split("**").next().unwrap().to_string())
        .collect()
}

async fn status(client: &Client, tool: &str, args: Value) -> (u64, Value) {
    let out = call(client, tool, args).await;
    (out["status"].as_u64().unwrap(), out)
}

#[tokio::test]
async fn a_real_client_lists_and_calls_every_tool() {
    let dir = temp_dir();
    let gated = dir.write("gated.yaml", GATED);
    let sparse = dir.write("dw.yaml", SPARSE);
    let md = repo_root().join("crates/core/tests/fixtures/markdown/seed.md");
    let mut cmd = tokio::process::Command::new(bin());
    cmd.arg("mcp")
        .arg("--db")
        .arg(dir.path().join("runs.db"))
        .current_dir(dir.path())
        .env("NO_COLOR", "1");
    let client: Client = ().serve(TokioChildProcess::new(cmd).unwrap()).await.unwrap();

    let tools = client.list_all_tools().await.unwrap();
    let names: Vec<&str> = tools.iter().map(|t| t.name.as_ref()).collect();
    for t in [
        "suggest",
        "workflow",
        "list",
        "show",
        "check",
        "review",
        "import",
        "phase",
        "timeline",
        "parallel",
        "dependency",
        "schedule",
        "checkpoint",
        "sequence",
        "converge",
        "run",
        "status",
        "approve",
        "reject",
        "step_done",
        "retrospective",
        "apply",
        "history",
        "export_skill",
    ] {
        assert!(names.contains(&t), "no tool {t}: {names:?}");
    }
    for t in &tools {
        assert_eq!(
            t.input_schema.get("type").and_then(Value::as_str),
            Some("object"),
            "{}",
            t.name
        );
        let out = t
            .output_schema
            .as_ref()
            .unwrap_or_else(|| panic!("{} has no output schema", t.name));
        assert!(
            serde_json::to_string(out).unwrap().contains("status"),
            "{}",
            t.name
        );
    }

    let (s, out) = status(
        &client,
        "suggest",
        json!({"situation": "our checkout is down"}),
    )
    .await;
    assert_eq!(s, 0);
    assert!(!out["result"]["suggestions"].as_array().unwrap().is_empty());
    let (s, out) = status(
        &client,
        "workflow",
        json!({"scenario": "Migrate our monolith to microservices in 9 months"}),
    )
    .await;
    assert_eq!(s, 0);
    assert!(out["result"]["yaml"].as_str().unwrap().contains("phases:"));
    let (s, out) = status(&client, "list", json!({"category": "Incident Management"})).await;
    assert_eq!(s, 0);
    assert!(out["result"]["workflows"].as_array().unwrap().len() >= 4);
    let (s, out) = status(
        &client,
        "check",
        json!({"files": ["microservices-migration"]}),
    )
    .await;
    assert_eq!((s, &out["result"]["errors"]), (0, &json!(0)), "{out}");
    let (s, out) = status(&client, "check", json!({"yaml": "name: X\nphases:\n  - name: P\n    steps: [{persona: Wizard, action: x}]\n"})).await;
    assert_eq!(s, 1, "{out}");
    assert!(out.to_string().contains("SC001"));
    let (s, out) = status(&client, "import", json!({"file": md.display().to_string(), "output": dir.path().join("imported").display().to_string()})).await;
    assert!(s <= 1, "{out}");
    assert!(
        out["result"]["workflows"][0]["written"]
            .as_str()
            .is_some_and(|w| w.ends_with(".yaml")),
        "{out}"
    );
    let (s, out) = status(
        &client,
        "phase",
        json!({"workflow": sparse.display().to_string(), "phase": "assess", "expand": true}),
    )
    .await;
    assert_eq!(s, 0);
    assert!(!out["result"]["proposed"].as_array().unwrap().is_empty());
    assert_eq!(
        status(
            &client,
            "phase",
            json!({"workflow": "microservices-migration", "phase": "1"})
        )
        .await
        .0,
        0
    );
    let (s, out) = status(
        &client,
        "timeline",
        json!({"workflow": "microservices-migration", "iterations": 500}),
    )
    .await;
    assert_eq!(s, 0, "{out}");
    // Each planning tool's structured output carries its command's JSON.
    for (tool, key) in [
        ("show", "phases"),
        ("parallel", "groups"),
        ("dependency", "critical_path"),
        ("schedule", "steps"),
        ("checkpoint", "gates"),
    ] {
        let (s, out) = status(
            &client,
            tool,
            json!({"workflow": "microservices-migration"}),
        )
        .await;
        assert_eq!(s, 0, "{tool}: {out}");
        assert!(
            out["result"][key].as_array().is_some_and(|a| !a.is_empty()),
            "{tool}: no {key} in {out}"
        );
    }
    let (s, out) = status(
        &client,
        "checkpoint",
        json!({"workflow": sparse.display().to_string(), "expand": true}),
    )
    .await;
    assert_eq!(s, 0, "{out}");
    assert_eq!(out["result"]["proposed"].as_array().unwrap().len(), 2);
    assert!(
        out["text"].as_str().unwrap().contains("checkpoint:"),
        "{out}"
    );
    let (s, out) = status(
        &client,
        "sequence",
        json!({"workflows": ["new-product-feature", "observability-platform-setup"]}),
    )
    .await;
    assert_eq!(s, 0, "{out}");
    assert!(out["text"].as_str().unwrap().contains("workflows:"));
    let (s, out) = status(&client, "converge", json!({"workflows": ["mobile-app-launch-ios-android", "api-design-and-launch"], "into": "new-product-feature", "output": "-"})).await;
    assert_eq!(s, 0, "{out}");
    assert!(
        out["text"]
            .as_str()
            .unwrap()
            .contains("new-product-feature"),
        "`-` is not stdout here: {out}"
    );
    let (s, out) = status(
        &client,
        "export_skill",
        json!({"workflow": "microservices-migration"}),
    )
    .await;
    assert_eq!(s, 0);
    assert!(
        out["result"]["text"]
            .as_str()
            .unwrap()
            .contains("## Phase 1")
    );

    // The report card: ten principles, advice never fails it.
    let (s, out) = status(
        &client,
        "review",
        json!({"files": ["microservices-migration"]}),
    )
    .await;
    assert_eq!(s, 0, "{out}");
    assert_eq!(
        out["result"]["cards"][0]["principles"]
            .as_array()
            .unwrap()
            .len(),
        10
    );

    // A run: a manual step, a gate, another manual step.
    let gated = gated.display().to_string();
    let (s, out) = status(
        &client,
        "run",
        json!({"workflow": gated, "executor": "manual"}),
    )
    .await;
    assert_eq!(s, 3, "paused for a person: {out}");
    assert_eq!(
        status(
            &client,
            "step_done",
            json!({"run": "last", "step": "a", "text": "done a"})
        )
        .await
        .0,
        3,
        "then at the gate"
    );
    let (s, out) = status(&client, "status", json!({})).await;
    assert_eq!(
        (s, out["result"]["status"].as_str()),
        (0, Some("awaiting-approval")),
        "{out}"
    );
    assert_eq!(
        status(&client, "approve", json!({"run": "last", "comment": "ok"}))
            .await
            .0,
        3,
        "then step b"
    );
    assert_eq!(
        status(
            &client,
            "step_done",
            json!({"run": "last", "step": "b", "text": "done b"})
        )
        .await
        .0,
        0,
        "completed"
    );
    let (s, out) = status(&client, "retrospective", json!({"run": "last"})).await;
    assert_eq!(s, 0, "{out}");
    assert!(out["result"].is_object(), "{out}");
    // Versions: a proposal from the run (a clean noop run changes nothing),
    // the history, and `apply` refusing what is not there.
    let (s, out) = status(
        &client,
        "retrospective",
        json!({"run": "last", "propose": true, "output": "next.yaml"}),
    )
    .await;
    assert_eq!(s, 0, "{out}");
    assert_eq!(out["result"]["workflow"], "gated", "{out}");
    assert_eq!(out["result"]["from"], 1, "{out}");
    let (s, out) = status(&client, "history", json!({"workflow": gated})).await;
    assert_eq!((s, &out["result"]["current"]), (0, &json!(1)), "{out}");
    let missing = client
        .call_tool(
            CallToolRequestParams::new("apply").with_arguments(
                json!({"proposal": "missing.yaml"})
                    .as_object()
                    .cloned()
                    .unwrap(),
            ),
        )
        .await
        .unwrap();
    assert_eq!(missing.is_error, Some(true));
    let (_, after) = status(&client, "status", json!({"run": "last"})).await;
    assert_eq!(after["result"]["status"], "completed", "{after}");
    // Another run, rejected at its gate: no loop-back, so it fails.
    assert_eq!(
        status(
            &client,
            "run",
            json!({"workflow": gated, "executor": "noop"})
        )
        .await
        .0,
        3
    );
    let (s, out) = status(
        &client,
        "reject",
        json!({"run": "last", "comment": "not good enough"}),
    )
    .await;
    assert_eq!(s, 1, "{out}");

    // A tool error reaches the client as a tool result, not a protocol error.
    let bad = client
        .call_tool(
            CallToolRequestParams::new("show").with_arguments(
                json!({"workflow": "no-such-thing"})
                    .as_object()
                    .cloned()
                    .unwrap(),
            ),
        )
        .await
        .unwrap();
    assert_eq!(bad.is_error, Some(true));

    // Prompts: the seed's nine shortcuts, in its order, each fetched.
    let prompts = client.list_all_prompts().await.unwrap();
    let names: Vec<&str> = prompts.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names.len(), 9);
    assert_eq!(names, seed_shortcuts());
    for name in names {
        let mut args = serde_json::Map::new();
        args.insert("arguments".into(), json!("SOC 2 in 9 months"));
        let mut params = GetPromptRequestParams::new(name);
        params.arguments = Some(args);
        let prompt = client.get_prompt(params).await.unwrap();
        let text = serde_json::to_string(&prompt.messages).unwrap();
        assert!(
            text.contains("SOC 2 in 9 months") && text.contains(&format!("`{name}` tool")),
            "{name}: {text}"
        );
    }
    assert!(
        client
            .get_prompt(GetPromptRequestParams::new("nope"))
            .await
            .is_err()
    );

    // Resources: the library.
    let resources = client.list_all_resources().await.unwrap();
    assert!(
        resources
            .iter()
            .any(|r| r.uri == "skill-chains://workflow/microservices-migration")
    );
    assert!(
        resources
            .iter()
            .any(|r| r.uri.starts_with("skill-chains://program/"))
    );
    let read = client
        .read_resource(ReadResourceRequestParams::new(
            "skill-chains://workflow/microservices-migration",
        ))
        .await
        .unwrap();
    assert!(
        serde_json::to_string(&read.contents)
            .unwrap()
            .contains("Microservices Migration")
    );
    let program = resources
        .iter()
        .find(|r| r.uri.starts_with("skill-chains://program/"))
        .unwrap();
    let read = client
        .read_resource(ReadResourceRequestParams::new(program.uri.clone()))
        .await
        .unwrap();
    assert!(
        serde_json::to_string(&read.contents)
            .unwrap()
            .contains("workflows:")
    );
    let read = client
        .read_resource(ReadResourceRequestParams::new(
            "skill-chains://schema/workflow.json",
        ))
        .await
        .unwrap();
    assert!(
        serde_json::to_string(&read.contents)
            .unwrap()
            .contains("properties")
    );
    assert!(
        client
            .read_resource(ReadResourceRequestParams::new(
                "skill-chains://workflow/nope"
            ))
            .await
            .is_err()
    );

    client.cancel().await.unwrap();
}

/// Stdout is the protocol: a client speaking raw JSON-RPC reads nothing
/// else there, even from tools whose commands print (designs, programs,
/// runs); the logs are on stderr.
#[test]
fn stdout_carries_only_json_rpc() {
    use std::io::{BufRead, BufReader, Write};
    let dir = temp_dir();
    let gated = dir.write("gated.yaml", GATED);
    let sparse = dir.write("dw.yaml", SPARSE);
    // Quiet by default (a client may log the server's stderr as errors);
    // `--log` writes a line per call there.
    for log in [false, true] {
        let mut child = std::process::Command::new(bin())
            .arg("mcp")
            .args(log.then_some("--log"))
            .arg("--db")
            .arg(dir.path().join("runs.db"))
            .current_dir(dir.path())
            .env("NO_COLOR", "1")
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdin = child.stdin.take().unwrap();
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let mut send = move |msg: Value| writeln!(stdin, "{msg}").unwrap();
        let mut lines = Vec::new();
        let mut answer = |id: u64, lines: &mut Vec<String>| -> Value {
            loop {
                let mut line = String::new();
                assert!(stdout.read_line(&mut line).unwrap() > 0, "stdout closed");
                lines.push(line.clone());
                let v: Value = serde_json::from_str(&line)
                    .unwrap_or_else(|e| panic!("not JSON on stdout ({e}): {line:?}"));
                assert_eq!(v["jsonrpc"], "2.0", "{line}");
                if v["id"] == id {
                    return v;
                }
            }
        };
        send(
            json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
        "protocolVersion": "2025-06-18", "capabilities": {},
        "clientInfo": {"name": "raw", "version": "0"}}}),
        );
        answer(1, &mut lines);
        send(json!({"jsonrpc": "2.0", "method": "notifications/initialized"}));
        let calls = [
            ("workflow", json!({"scenario": "SOC 2 Type II in 9 months"})),
            (
                "sequence",
                json!({"workflows": ["new-product-feature", "observability-platform-setup"], "output": "-"}),
            ),
            (
                "phase",
                json!({"workflow": sparse.display().to_string(), "phase": "assess", "expand": true, "output": "-"}),
            ),
            (
                "checkpoint",
                json!({"workflow": sparse.display().to_string(), "expand": true, "output": "-"}),
            ),
            (
                "export_skill",
                json!({"workflow": "microservices-migration"}),
            ),
            (
                "run",
                json!({"workflow": gated.display().to_string(), "executor": "noop", "auto_approve": true}),
            ),
            (
                "timeline",
                json!({"workflow": "microservices-migration", "iterations": 200}),
            ),
        ];
        for (n, (tool, args)) in calls.iter().enumerate() {
            let id = n as u64 + 2;
            send(json!({"jsonrpc": "2.0", "id": id, "method": "tools/call",
            "params": {"name": tool, "arguments": args}}));
            let v = answer(id, &mut lines);
            assert_ne!(v["result"]["isError"], true, "{tool}: {v}");
            assert!(
                v["result"]["structuredContent"]["status"].is_u64(),
                "{tool}: {v}"
            );
        }
        drop(send);
        let out = child.wait_with_output().unwrap();
        let rest = String::from_utf8_lossy(&out.stdout);
        assert!(rest.trim().is_empty(), "after the last answer: {rest:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        if log {
            assert!(
                stderr.contains("skill-chains mcp: serving")
                    && stderr.contains("workflow: status 0"),
                "the logs are on stderr: {stderr}"
            );
        } else {
            assert!(stderr.trim().is_empty(), "not quiet: {stderr}");
        }
        assert!(lines.len() > calls.len());
    }
}

/// A tool's strings are names and texts, never options: a workflow called
/// `--db=/x` is looked up, `--deny` is a name to check rather than the option,
/// and `yaml` is checked in memory with nothing left in the temp dir.
#[tokio::test]
async fn tool_strings_are_never_options_and_leave_no_files() {
    let dir = temp_dir();
    let tmp = dir.path().join("tmp");
    std::fs::create_dir(&tmp).unwrap();
    let mut cmd = tokio::process::Command::new(bin());
    cmd.arg("mcp")
        .arg("--db")
        .arg(dir.path().join("runs.db"))
        .current_dir(dir.path())
        .env("TMPDIR", &tmp)
        .env("NO_COLOR", "1");
    let client: Client = ().serve(TokioChildProcess::new(cmd).unwrap()).await.unwrap();

    let show = client
        .call_tool(
            CallToolRequestParams::new("show")
                .with_arguments(json!({"workflow": "--db=/x"}).as_object().cloned().unwrap()),
        )
        .await
        .unwrap();
    assert_eq!(show.is_error, Some(true));
    let said = serde_json::to_string(&show.content).unwrap();
    assert!(
        said.contains("--db=/x") && !said.contains("unexpected argument"),
        "{said}"
    );

    // Looked up like any name (a search of the library), not taken as the
    // `--deny` option, which would have left no file and checked them all.
    let (s, out) = status(&client, "check", json!({"files": ["--deny"]})).await;
    assert!(s <= 2, "{out}");
    assert_eq!(out["result"]["files"].as_array().unwrap().len(), 1, "{out}");

    let (s, out) = status(&client, "check", json!({"yaml": "name: X\nphases:\n  - name: P\n    steps: [{persona: Wizard, action: x}]\n"})).await;
    assert_eq!(s, 1, "{out}");
    assert_eq!(out["result"]["files"][0]["file"], "<yaml>", "{out}");
    assert!(out.to_string().contains("SC001"), "{out}");
    let (s, out) = status(
        &client,
        "checkpoint",
        json!({"workflow": "microservices-migration", "expand": true}),
    )
    .await;
    assert_eq!(s, 0, "{out}");
    client.cancel().await.unwrap();
    let left: Vec<_> = std::fs::read_dir(&tmp).unwrap().collect();
    assert!(left.is_empty(), "left in the temp dir: {left:?}");
}
