//! init claude: slash commands, the skill, .mcp.json; idempotent; the
//! user's files and servers are kept.

use crate::support::*;

const COMMANDS: [&str; 9] = [
    "workflow",
    "phase",
    "timeline",
    "parallel",
    "checkpoint",
    "retrospective",
    "sequence",
    "converge",
    "dependency",
];

fn outcomes(json: &serde_json::Value) -> Vec<(String, String)> {
    json["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap().to_string(),
                f["outcome"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn init_writes_commands_skill_and_server_once() {
    let dir = temp_dir();
    dir.write(
        ".mcp.json",
        r#"{"mcpServers": {"github": {"command": "github-mcp", "args": ["--stdio"]}}}"#,
    );
    let first = run_in(
        dir.path(),
        &["init", "claude", "--json", "--command", "skill-chains"],
    )
    .json();
    let o = outcomes(&first);
    // Nine commands, the skill, .mcp.json and the two schemas the files'
    // yaml-language-server lines name.
    assert_eq!(o.len(), 13, "{o:?}");
    for schema in ["workflow.schema.json", "program.schema.json"] {
        let text = std::fs::read_to_string(dir.path().join(".skill-chains").join(schema)).unwrap();
        let json: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert!(json.get("properties").is_some(), "{schema}");
    }
    for c in COMMANDS {
        let path = dir.path().join(".claude/commands").join(format!("{c}.md"));
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.starts_with("---\ndescription: "), "{c}: {text}");
        assert!(
            text.contains("$ARGUMENTS") && text.contains("mcp__skill-chains__"),
            "{c}"
        );
    }
    let skill =
        std::fs::read_to_string(dir.path().join(".claude/skills/skill-chains/SKILL.md")).unwrap();
    assert!(
        skill.starts_with("---\nname: skill-chains\ndescription: ")
            && skill.contains("## When to use it")
    );
    let mcp: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join(".mcp.json")).unwrap())
            .unwrap();
    assert_eq!(
        mcp["mcpServers"]["github"]["command"], "github-mcp",
        "the user's server stays"
    );
    assert_eq!(mcp["mcpServers"]["skill-chains"]["args"][0], "mcp");
    assert!(o.iter().any(|(p, s)| p == ".mcp.json" && s == "updated"));

    // Again: nothing changes.
    let again = outcomes(
        &run_in(
            dir.path(),
            &["init", "claude", "--json", "--command", "skill-chains"],
        )
        .json(),
    );
    assert!(again.iter().all(|(_, s)| s == "unchanged"), "{again:?}");

    // A file the user edited is kept, unless --force.
    let edited = dir.path().join(".claude/commands/timeline.md");
    std::fs::write(&edited, "my own timeline command\n").unwrap();
    let r = run_in(dir.path(), &["init", "claude", "--command", "skill-chains"]);
    r.code(0).stdout_has("kept").stdout_has("--force");
    assert_eq!(
        std::fs::read_to_string(&edited).unwrap(),
        "my own timeline command\n"
    );
    run_in(
        dir.path(),
        &["init", "claude", "--force", "--command", "skill-chains"],
    )
    .code(0)
    .stdout_has("replaced");
    assert!(
        std::fs::read_to_string(&edited)
            .unwrap()
            .contains("mcp__skill-chains__timeline")
    );

    // A different skill-chains server entry is kept too.
    let kept = outcomes(
        &run_in(
            dir.path(),
            &[
                "init",
                "claude",
                "--json",
                "--command",
                "/opt/other/skill-chains",
            ],
        )
        .json(),
    );
    assert!(
        kept.iter().any(|(p, s)| p == ".mcp.json" && s == "kept"),
        "{kept:?}"
    );
}

#[test]
fn init_leaves_a_broken_mcp_json_alone() {
    let dir = temp_dir();
    dir.write(".mcp.json", "{ not json");
    run_in(dir.path(), &["init", "claude"])
        .code(2)
        .stderr_has("is not valid JSON");
    assert_eq!(
        std::fs::read_to_string(dir.path().join(".mcp.json")).unwrap(),
        "{ not json"
    );
}

#[test]
fn init_defaults_to_a_command_that_runs() {
    // Never an absolute path, which breaks once `.mcp.json` is committed:
    // the name on PATH, or `skill-chains` to install, and it says which.
    let dir = temp_dir();
    let json = run_in(dir.path(), &["init", "claude", "--json"]).json();
    let command = json["command"].as_str().unwrap();
    assert_eq!(command, "skill-chains", "{json}");
    assert!(
        ["path", "not-on-path"].contains(&json["command_from"].as_str().unwrap()),
        "{json}"
    );
    // A binary inside the project is named relative to the project root.
    let project = temp_dir();
    let bin = project.path().join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    let copy = bin.join("skill-chains");
    std::fs::copy(env!("CARGO_BIN_EXE_skill-chains"), &copy).unwrap();
    let out = std::process::Command::new(&copy)
        .args(["init", "claude", "--json"])
        .current_dir(project.path())
        .env("PATH", "")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["command"], "./bin/skill-chains", "{json}");
    assert_eq!(json["command_from"], "project");
    let mcp: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(project.path().join(".mcp.json")).unwrap())
            .unwrap();
    assert_eq!(
        mcp["mcpServers"]["skill-chains"]["command"],
        "./bin/skill-chains"
    );
}
