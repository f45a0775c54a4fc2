//! Claude Code integration files: the nine slash commands, the skill that
//! tells Claude when and how to use skill-chains, the `.mcp.json` server
//! entry, and one workflow written as a skill Claude can follow step by step.
//!
//! Pure text in, text out: the binary reads the existing `.mcp.json` and
//! writes the files.

use std::fmt::Write as _;

use crate::catalog::PersonaCatalog;
use crate::format::write::estimate_text;
use crate::model::Workflow;
use crate::span::Sp;

use super::escape::yaml;

/// A seed shortcut as a Claude Code slash command.
pub struct Shortcut {
    /// The command name, `/name`.
    pub name: &'static str,
    /// The MCP tool it calls.
    pub tool: &'static str,
    pub description: &'static str,
    pub argument_hint: &'static str,
    /// What to do with the tool's answer.
    pub then: &'static str,
}

/// The nine shortcuts of the seed, in its order.
pub const SHORTCUTS: [Shortcut; 9] = [
    Shortcut {
        name: "workflow",
        tool: "workflow",
        description: "Design a complete workflow for a scenario",
        argument_hint: "<scenario in plain words, e.g. \"SOC 2 Type II in 9 months\">",
        then: "First call `suggest` with the scenario and tell the user which library workflows fit and why. Then call `workflow` with the scenario (add `output` to write a file). Show the phases, who does what, the windows, and the notes; if it drew on several library workflows, say which. Offer to refine it: after any edit, call `check` on the YAML and fix every error before presenting it.",
    },
    Shortcut {
        name: "phase",
        tool: "phase",
        description: "Break down a phase of a workflow into detailed steps",
        argument_hint: "<workflow> <phase> [expand]",
        then: "Present each step with its persona, action, inputs (and who produces them), outputs (and who uses them), estimate, slack and the gate. If the phase is sparse or the user says \"expand\", call `phase` with `expand: true` and present the proposed steps and where each was adapted from.",
    },
    Shortcut {
        name: "timeline",
        tool: "timeline",
        description: "Estimate a realistic timeline for a workflow",
        argument_hint: "<workflow> [deadline]",
        then: "Report P50, P80 and P95 from the Monte Carlo simulation next to the stated timeline, the critical path, and the phases that drive the spread. If the user gave a deadline, pass it and report the chance of making it.",
    },
    Shortcut {
        name: "parallel",
        tool: "parallel",
        description: "Identify which steps can run in parallel",
        argument_hint: "<workflow>",
        then: "List the parallel groups per phase, the time they save against doing everything in sequence, and the suggestions where a phase gate may not be a real dependency.",
    },
    Shortcut {
        name: "checkpoint",
        tool: "checkpoint",
        description: "Define validation checkpoints for a workflow",
        argument_hint: "<workflow> [phase] [expand]",
        then: "List each gate (approver, what it requires, its criteria) and the gates that are missing or weak. For those, call `checkpoint` with `expand: true` (and `phase` for one) and present each proposed gate: approver and why, required artifacts, success metrics, and the library gates it resembles; the workflow it returns passes `check`.",
    },
    Shortcut {
        name: "retrospective",
        tool: "retrospective",
        description: "Generate retrospective questions for a post-workflow review",
        argument_hint: "<run id or last>",
        then: "Present the questions with the evidence the run recorded (actuals against estimates, criteria met or missed), and the edits to the workflow it suggests.",
    },
    Shortcut {
        name: "sequence",
        tool: "sequence",
        description: "Design a sequential workflow chain (A → B → C)",
        argument_hint: "<workflow> <workflow> [...]",
        then: "Show the program: the order, the handoff gate between each pair, the contracts each workflow delivers, and the combined timeline. Suggest gates where the defaults are vague.",
    },
    Shortcut {
        name: "converge",
        tool: "converge",
        description: "Design parallel workflows that converge at a launch point",
        argument_hint: "<workflow> <workflow> [...] --into <workflow>",
        then: "Show the parallel workflows, the convergence point and its gate, what each delivers to it, and which workflow is on the critical path.",
    },
    Shortcut {
        name: "dependency",
        tool: "dependency",
        description: "Identify workflow dependencies and the critical path",
        argument_hint: "<workflow or program>",
        then: "Show the critical path, the slack of the other steps, and the dependencies that block it; say which ones to start early.",
    },
];

/// The MCP server's name in `.mcp.json`, and so in Claude Code's tool names.
pub const SERVER: &str = "skill-chains";

/// `.claude/commands/<name>.md` for one shortcut.
pub fn slash_command(s: &Shortcut) -> String {
    format!(
        "---\ndescription: {desc} (skill-chains)\nargument-hint: {hint}\nallowed-tools: mcp__{SERVER}__{tool}, mcp__{SERVER}__suggest, mcp__{SERVER}__check, Bash(skill-chains:*)\n---\n\
Use the `{tool}` tool of the `{SERVER}` MCP server for: $ARGUMENTS\n\n\
{then}\n\n\
Workflows are named by built-in id (`skill-chains` tool `list`), by name, or by a path to a YAML file. \
If the `{SERVER}` MCP server is not connected, run `skill-chains {cli} $ARGUMENTS` in the shell instead \
(add `--json` for data).\n",
        desc = s.description,
        hint = yaml::scalar(s.argument_hint),
        tool = s.tool,
        then = s.then,
        cli = s.name,
    )
}

/// `.claude/skills/skill-chains/SKILL.md`: when and how to use the tool.
pub fn skill() -> String {
    let mut s = String::new();
    s.push_str("---\nname: skill-chains\ndescription: Design, check, plan and run CTO playbooks (workflows that chain persona invocations in phases) with the skill-chains tool. Use when the user wants a playbook or workflow for an engineering-leadership situation (migration, incident, compliance, hiring, M&A, cost, design, infrastructure), or asks about a workflow's timeline, parallel steps, dependencies, checkpoints, or a retrospective of a run.\n---\n\n");
    s.push_str("# skill-chains\n\nskill-chains turns CTO playbooks into workflows as code: phases with time windows, steps (one persona doing one action, with inputs and outputs), deliverables, checkpoints, decision points and measurable success criteria. Its library holds battle-tested workflows for the nine categories of the seed (strategic planning, incidents, feature development, compliance & security, M&A, cost, talent, design & UX, infrastructure). Everything it says about a workflow is computed, not guessed: use it instead of estimating by hand.\n\n");
    s.push_str("## When to use it\n\n- The user describes a situation and wants a plan, playbook or workflow: find the nearest library workflows (`suggest`), then design one (`workflow`).\n- The user asks how long something takes, what can run in parallel, what blocks what, or where the gates are: `timeline`, `parallel`, `dependency`, `checkpoint` on the workflow.\n- The user wants to chain or combine workflows: `sequence`, `converge`.\n- The user writes or edits a workflow YAML file: `check` it, and fix every error before presenting it.\n- A workflow is being executed: `run`, `status`, `approve` / `reject` at gates, `step_done` for manual steps, `retrospective` at the end.\n\n");
    s.push_str("## Tools (MCP server `skill-chains`)\n\n| tool | use |\n| --- | --- |\n");
    for (tool, what) in TOOLS {
        let _ = writeln!(s, "| `{tool}` | {what} |");
    }
    s.push_str("\nThe library's workflows are also MCP resources (`skill-chains://workflow/<id>`), and the nine shortcuts are MCP prompts and slash commands: ");
    let names: Vec<String> = SHORTCUTS.iter().map(|c| format!("/{}", c.name)).collect();
    s.push_str(&names.join(", "));
    s.push_str(".\n\n## How to work with it\n\n1. Start from the library: `suggest` with the user's words, and say which workflows fit and why (the matched terms).\n2. Design with `workflow` (offline by default; it draws on the nearest workflows, adds the personas the scenario's domains need, and lays the windows over a stated horizon such as \"in 3 months\"). It is checked; read its notes (an unrealistic horizon is called out).\n3. Adapt with the user. After every edit, `check` the YAML: diagnostics have a code (`explain` tells what it means), a line and a help text.\n4. Plan before committing: `timeline` (P50/P80/P95), `parallel`, `dependency` (critical path), `checkpoint` (missing gates).\n5. Run it when asked: manual steps wait for `step_done`, checkpoints for `approve`.\n\n");
    s.push_str("## Rules\n\n- Never present a workflow that fails `check`.\n- Use persona names from the catalog (`skill-chains personas`); timelines realistic, criteria measurable (a number and a unit).\n- Quote the tool's figures (P80, slack, saved time) rather than your own estimates.\n- Without the MCP server, the same commands exist on the command line: `skill-chains <tool> ... --json`.\n");
    s
}

/// Every MCP tool, with a line on what it is for.
pub const TOOLS: [(&str, &str); 25] = [
    (
        "suggest",
        "rank library workflows and programs for a situation, with why each matched",
    ),
    (
        "workflow",
        "design a workflow for a scenario (offline, or `llm` with repair until it passes check)",
    ),
    ("list", "the built-in workflows (by category or persona)"),
    (
        "show",
        "one workflow: phases, steps, deliverables, gates, criteria",
    ),
    (
        "check",
        "validate workflow files or YAML text; precise diagnostics",
    ),
    (
        "review",
        "a workflow's report card against the ten principles, with advice",
    ),
    (
        "import",
        "read a Markdown playbook in the seed's style into YAML",
    ),
    (
        "phase",
        "one phase in detail; `expand` proposes steps for a sparse phase",
    ),
    (
        "timeline",
        "PERT and Monte Carlo P50/P80/P95, critical path",
    ),
    ("parallel", "parallel groups and the time they save"),
    (
        "dependency",
        "dependencies, slack and the critical path (workflows or programs)",
    ),
    ("schedule", "a resource-levelled schedule for a team"),
    (
        "checkpoint",
        "the gates and the ones that are missing; `expand` proposes them (checked)",
    ),
    (
        "sequence",
        "chain workflows with handoff gates into a program",
    ),
    ("converge", "parallel workflows converging into one"),
    ("run", "start a run of a workflow"),
    ("status", "a run's state: steps, gates, cost"),
    ("approve", "approve a run's open checkpoint"),
    (
        "reject",
        "reject a checkpoint (loops back or fails the run)",
    ),
    (
        "step_done",
        "record a manual step's result and continue the run",
    ),
    (
        "metric",
        "record metrics measured outside the steps; criteria against them",
    ),
    (
        "retrospective",
        "questions with evidence, actuals against estimates",
    ),
    (
        "apply",
        "save a retrospective's proposal as the workflow's next version",
    ),
    (
        "history",
        "a workflow's versions: when each was saved, what changed",
    ),
    (
        "export_skill",
        "one workflow as a Claude Code skill to follow step by step",
    ),
];

/// One workflow as a skill Claude can follow step by step.
pub fn workflow_skill(wf: &Workflow, personas: &PersonaCatalog) -> String {
    let mut s = String::new();
    let mut description = wf
        .description
        .clone()
        .unwrap_or_else(|| format!("The {} playbook.", wf.name.value));
    if let Some(t) = &wf.trigger {
        description.push_str(&format!(" Use when: {t}"));
    }
    let description = description.split_whitespace().collect::<Vec<_>>().join(" ");
    let _ = writeln!(
        s,
        "---\nname: {}\ndescription: {}\n---\n",
        wf.id,
        yaml::double_quoted(&description)
    );
    let _ = writeln!(s, "# {}\n", wf.name.value);
    if let Some(d) = &wf.description {
        let _ = writeln!(s, "{}\n", d.trim());
    }
    let mut facts = Vec::new();
    if let Some(t) = &wf.timeline {
        facts.push(format!("**Timeline:** {}", t.text));
    }
    if let Some(t) = &wf.trigger {
        facts.push(format!("**Trigger:** {}", t.trim()));
    }
    if !wf.inputs.is_empty() {
        let inputs: Vec<String> = wf.inputs.iter().map(|i| format!("`{}`", i.value)).collect();
        facts.push(format!("**Needs before starting:** {}", inputs.join(", ")));
    }
    for f in facts {
        let _ = writeln!(s, "{f}  ");
    }
    let _ = writeln!(
        s,
        "\n## How to follow this playbook\n\nWork through the phases in order; within a phase, steps whose inputs are ready can run side by side. For each step, take the persona's point of view (its Claude Code skill when one is installed), do the action with the named inputs, and write down the outputs under their names: later steps use them. Check off each step. At a checkpoint, stop: show the deliverable and what the gate requires, and ask the user (the approver) to approve before starting the next phase. At a decision point, evaluate the condition with the user and loop back no more than the stated number of times. Keep track with `skill-chains run {} --executor manual` and `skill-chains step done` if the user wants a durable record.\n",
        wf.id
    );
    for (n, p) in wf.phases.iter().enumerate() {
        let window = p
            .window
            .as_ref()
            .map(|w| format!(" ({})", w.text.value))
            .unwrap_or_default();
        let _ = writeln!(s, "## Phase {}: {}{window}\n", n + 1, p.name.value);
        if !p.skills.is_empty() {
            let names: Vec<String> = p
                .skills
                .iter()
                .map(|k| persona_name(&k.written, personas))
                .collect();
            let _ = writeln!(s, "**Skills:** {}\n", names.join(", "));
        }
        for st in &p.steps {
            let mut line = format!(
                "- [ ] **{}**: {}",
                persona_name(&st.persona.written, personas),
                st.action.value
            );
            let mut extra = Vec::new();
            if !st.inputs.is_empty() {
                extra.push(format!("needs {}", code_list(&st.inputs)));
            }
            if !st.outputs.is_empty() {
                extra.push(format!("produces {}", code_list(&st.outputs)));
            }
            if let Some(e) = st.estimate() {
                extra.push(format!("about {}", estimate_text(&e, wf.calendar)));
            }
            if !extra.is_empty() {
                line.push_str(&format!(" ({})", extra.join("; ")));
            }
            let _ = writeln!(s, "{line} `{}`", st.id.value);
        }
        for d in &p.decisions {
            let text = d.text.clone().unwrap_or_default();
            let bound = d
                .max_loops
                .as_ref()
                .map(|m| format!(" (at most {} times)", m.value))
                .unwrap_or_default();
            let goto = d
                .goto
                .as_ref()
                .map(|g| format!(" → phase `{}`", g.value))
                .unwrap_or_default();
            let _ = writeln!(s, "\n**Decision point:** {text}{goto}{bound}");
        }
        if let Some(d) = &p.deliverable {
            let artifact = d
                .artifact
                .as_ref()
                .map(|a| format!(" (`{a}`)"))
                .unwrap_or_default();
            let _ = writeln!(s, "\n**Deliverable:** {}{artifact}", d.text);
        }
        if let Some(c) = &p.checkpoint {
            let who = c
                .approver
                .as_ref()
                .map(|a| persona_name(&a.written, personas))
                .unwrap_or_else(|| "the user".into());
            let mut line = format!("**Checkpoint — stop and ask for approval:** {who} approves");
            if !c.requires.is_empty() {
                line.push_str(&format!("; requires {}", code_list(&c.requires)));
            }
            if let Some(t) = &c.text {
                line.push_str(&format!(". {t}"));
            }
            let _ = writeln!(s, "\n{line}");
        }
        s.push('\n');
    }
    if !wf.success_criteria.is_empty() {
        let _ = writeln!(s, "## Success criteria\n");
        for c in &wf.success_criteria {
            let _ = writeln!(s, "- [ ] {}", c.text);
        }
        s.push('\n');
    }
    section(&mut s, "Common pitfalls", &wf.pitfalls);
    section(
        &mut s,
        "Retrospective questions (after the run)",
        &wf.retrospective,
    );
    s
}

fn section(s: &mut String, title: &str, items: &[String]) {
    if items.is_empty() {
        return;
    }
    let _ = writeln!(s, "## {title}\n");
    for i in items {
        let _ = writeln!(s, "- {i}");
    }
    s.push('\n');
}

fn code_list(items: &[Sp<String>]) -> String {
    items
        .iter()
        .map(|i| format!("`{}`", i.value))
        .collect::<Vec<_>>()
        .join(", ")
}

fn persona_name(written: &str, personas: &PersonaCatalog) -> String {
    personas
        .resolve(written)
        .map(|p| p.name.clone())
        .unwrap_or_else(|| written.to_string())
}

/// Why an existing `.mcp.json` was not merged. The messages follow the
/// file's name: "`.mcp.json` is not a JSON object".
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum McpJsonError {
    #[error("is not valid JSON ({0})")]
    NotJson(String),
    #[error("is not a JSON object")]
    NotObject,
    #[error("has an `mcpServers` that is not an object")]
    ServersNotObject,
    /// The user's own entry under our name: kept unless forced.
    #[error("already has a different `{}` server entry", SERVER)]
    DifferentEntry,
}

/// `.mcp.json` with the skill-chains server added, keeping everything else.
/// `Ok(None)` when the entry is already there as wanted; `Err` when the
/// file is not a JSON object, or holds a different skill-chains entry and
/// `force` is not set.
pub fn merge_mcp_json(
    existing: Option<&str>,
    command: &str,
    force: bool,
) -> Result<Option<String>, McpJsonError> {
    let entry = serde_json::json!({"type": "stdio", "command": command, "args": ["mcp"]});
    let mut root: serde_json::Value = match existing {
        Some(text) if !text.trim().is_empty() => {
            serde_json::from_str(text).map_err(|e| McpJsonError::NotJson(e.to_string()))?
        }
        _ => serde_json::json!({}),
    };
    let obj = root.as_object_mut().ok_or(McpJsonError::NotObject)?;
    let servers = obj
        .entry("mcpServers")
        .or_insert_with(|| serde_json::json!({}));
    let servers = servers
        .as_object_mut()
        .ok_or(McpJsonError::ServersNotObject)?;
    match servers.get(SERVER) {
        Some(current) if *current == entry => return Ok(None),
        Some(_) if !force => {
            return Err(McpJsonError::DifferentEntry);
        }
        _ => {}
    }
    servers.insert(SERVER.to_string(), entry);
    Ok(Some(
        serde_json::to_string_pretty(&root).unwrap_or_default() + "\n",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merging_keeps_other_servers_and_is_idempotent() {
        let user = r#"{"mcpServers": {"github": {"command": "gh-mcp"}}, "other": 1}"#;
        let merged = merge_mcp_json(Some(user), "skill-chains", false)
            .unwrap()
            .unwrap();
        let v: serde_json::Value = serde_json::from_str(&merged).unwrap();
        assert_eq!(v["mcpServers"]["github"]["command"], "gh-mcp");
        assert_eq!(v["other"], 1);
        assert_eq!(v["mcpServers"]["skill-chains"]["args"][0], "mcp");
        assert_eq!(
            merge_mcp_json(Some(&merged), "skill-chains", false).unwrap(),
            None
        );
        assert!(merge_mcp_json(Some(&merged), "/other/skill-chains", false).is_err());
        assert!(
            merge_mcp_json(Some(&merged), "/other/skill-chains", true)
                .unwrap()
                .is_some()
        );
        assert!(merge_mcp_json(Some("[1]"), "x", false).is_err());
        assert!(merge_mcp_json(Some("{nope"), "x", false).is_err());
    }

    #[test]
    fn every_shortcut_names_its_tool_and_the_cli() {
        for s in &SHORTCUTS {
            let text = slash_command(s);
            assert!(text.starts_with("---\ndescription: "), "{text}");
            assert!(text.contains(&format!("mcp__skill-chains__{}", s.tool)));
            assert!(text.contains(&format!("skill-chains {} $ARGUMENTS", s.name)));
            assert!(
                TOOLS.iter().any(|(t, _)| *t == s.tool),
                "{} is not a tool",
                s.tool
            );
        }
    }
}
