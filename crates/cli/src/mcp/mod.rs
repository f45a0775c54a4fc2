//! `skill-chains mcp`: the MCP server (stdio) that lets Claude Code call
//! skill-chains. Tools are the commands, run in process with `--json` (the
//! same parsing and library calls as on the command line, their output
//! captured, never shelled out); the library's workflows and programs are
//! resources; the seed's nine shortcuts are prompts. Logs go to stderr only:
//! stdout is the protocol.

mod tools;

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};

use clap::Parser;
use rmcp::handler::server::router::tool::ToolRouter;
use rmcp::handler::server::wrapper::Parameters;
use rmcp::model::{
    GetPromptRequestParams, GetPromptResponse, GetPromptResult, Implementation, ListPromptsResult,
    ListResourcesResult, PaginatedRequestParams, Prompt, PromptArgument, PromptMessage,
    ReadResourceRequestParams, ReadResourceResponse, ReadResourceResult, Resource,
    ResourceContents, Role, ServerCapabilities, ServerConfig,
};
use rmcp::service::RequestContext;
use rmcp::{ErrorData, Json, RoleServer, ServerHandler, tool, tool_handler, tool_router};
use skill_chains_core::catalog::Catalog;
use skill_chains_core::catalog::Programs;

use crate::claude::SHORTCUTS;
use crate::cli::Cli;
use crate::output;
pub use tools::ToolOutput;
use tools::*;

/// The server: where it finds runs and configuration, and the catalog its
/// resources come from.
#[derive(Clone)]
pub struct Server {
    config: Option<PathBuf>,
    db: Option<PathBuf>,
    catalog: Catalog,
    tool_router: ToolRouter<Server>,
}

/// Scratch files for tools that take text (check `yaml`) or return a file.
fn scratch(ext: &str) -> PathBuf {
    static N: AtomicUsize = AtomicUsize::new(0);
    std::env::temp_dir().join(format!(
        "skill-chains-mcp-{}-{}.{ext}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ))
}

/// A file removed when dropped.
struct Scratch(PathBuf);

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

impl Server {
    pub fn new(config: Option<PathBuf>, db: Option<PathBuf>, catalog: Catalog) -> Server {
        Server {
            config,
            db,
            catalog,
            tool_router: Self::tool_router(),
        }
    }

    /// Run one command in process, on its own thread, with its output captured.
    async fn invoke(&self, argv: Argv) -> Result<Json<ToolOutput>, String> {
        let mut full = vec![
            "skill-chains".to_string(),
            "--json".into(),
            "--color".into(),
            "never".into(),
        ];
        if let Some(c) = &self.config {
            full.push("--config".into());
            full.push(c.display().to_string());
        }
        let name = argv.0.first().cloned().unwrap_or_default();
        full.extend(argv.0);
        let cli = Cli::try_parse_from(&full).map_err(|e| e.render().to_string())?;
        let started = std::time::Instant::now();
        let (tx, rx) = tokio::sync::oneshot::channel();
        std::thread::spawn(move || {
            let _ = tx.send(output::captured(|| crate::commands::run(cli)));
        });
        let (result, text) = rx
            .await
            .map_err(|_| format!("the `{name}` command stopped unexpectedly"))?;
        let status = match result {
            Ok(code) => status_of(code),
            Err(e) => {
                let status = e
                    .downcast_ref::<output::Failed>()
                    .map(|f| f.status)
                    .unwrap_or(2);
                eprintln!(
                    "skill-chains mcp: {name}: status {status} ({} ms)",
                    started.elapsed().as_millis()
                );
                return Err(output::error_text(&e));
            }
        };
        eprintln!(
            "skill-chains mcp: {name}: status {status} ({} ms)",
            started.elapsed().as_millis()
        );
        let result = if text.trim().is_empty() {
            serde_json::Value::Null
        } else {
            serde_json::from_str(&text).unwrap_or(serde_json::Value::String(text))
        };
        Ok(Json(ToolOutput {
            status,
            result,
            text: None,
        }))
    }

    /// [`Server::invoke`] for a command that writes a file: to `output`, or to a
    /// scratch file whose text is returned.
    async fn invoke_writing(
        &self,
        argv: Argv,
        output: Option<String>,
    ) -> Result<Json<ToolOutput>, String> {
        // `-` (print) would write on stdout, which is the protocol.
        match output.filter(|o| o != "-") {
            Some(o) => self.invoke(argv.arg("-o").arg(o)).await,
            None => {
                let tmp = Scratch(scratch("yaml"));
                let mut out = self
                    .invoke(argv.arg("-o").arg(tmp.0.display().to_string()))
                    .await?;
                out.0.text = std::fs::read_to_string(&tmp.0).ok();
                Ok(out)
            }
        }
    }

    fn store(&self, argv: Argv) -> Argv {
        argv.opt("--db", self.db.as_ref().map(|d| d.display().to_string()))
    }
}

/// The number behind an exit code (0-4 are the ones commands use).
fn status_of(code: ExitCode) -> u8 {
    (0..=4u8)
        .find(|n| ExitCode::from(*n) == code)
        .unwrap_or(255)
}

#[tool_router]
impl Server {
    #[tool(
        description = "Rank the library's workflows and programs for a situation in plain words, with the matching terms and the fields they matched in."
    )]
    async fn suggest(
        &self,
        Parameters(p): Parameters<SuggestIn>,
    ) -> Result<Json<ToolOutput>, String> {
        self.invoke(
            Argv::new(&["suggest"])
                .arg(p.situation)
                .opt("--limit", p.limit),
        )
        .await
    }

    #[tool(
        description = "Design a workflow for a scenario (/workflow): offline from the nearest library workflows, or with a language model whose answer is checked and repaired. The result passes `check`; its YAML is returned (or written to `output`)."
    )]
    async fn workflow(
        &self,
        Parameters(p): Parameters<WorkflowIn>,
    ) -> Result<Json<ToolOutput>, String> {
        let llm = p.llm.map(|l| match l {
            LlmClient::Claude => "claude",
            LlmClient::Anthropic => "anthropic",
            LlmClient::Openai => "openai",
        });
        let argv = Argv::new(&["workflow"])
            .arg(p.scenario)
            .arg("-o")
            .arg(p.output.unwrap_or_else(|| "-".into()))
            .flag("--force", p.force)
            .opt("--llm", llm)
            .opt("--max-repairs", p.max_repairs);
        self.invoke(argv).await
    }

    #[tool(
        description = "List the built-in workflows, optionally of one category or with one persona."
    )]
    async fn list(&self, Parameters(p): Parameters<ListIn>) -> Result<Json<ToolOutput>, String> {
        self.invoke(
            Argv::new(&["list"])
                .opt("--category", p.category)
                .opt("--persona", p.persona),
        )
        .await
    }

    #[tool(
        description = "Show a workflow: phases, steps, deliverables, checkpoints, decisions, criteria (the file format as data)."
    )]
    async fn show(
        &self,
        Parameters(p): Parameters<WorkflowRef>,
    ) -> Result<Json<ToolOutput>, String> {
        self.invoke(Argv::new(&["show"]).arg(p.workflow)).await
    }

    #[tool(
        description = "Check workflow files, YAML text, or the whole built-in library: diagnostics with code, line, column, message and help. Status 1 means errors."
    )]
    async fn check(&self, Parameters(p): Parameters<CheckIn>) -> Result<Json<ToolOutput>, String> {
        let mut argv = Argv::new(&["check"]).args(p.files.unwrap_or_default());
        let _tmp = match p.yaml {
            Some(yaml) => {
                let tmp = Scratch(scratch("yaml"));
                std::fs::write(&tmp.0, yaml)
                    .map_err(|e| format!("cannot write a scratch file: {e}"))?;
                argv = argv.arg(tmp.0.display().to_string());
                Some(tmp)
            }
            None => None,
        };
        let deny = p.deny_warnings.unwrap_or(false).then_some("warnings");
        self.invoke(argv.opt("--deny", deny)).await
    }

    #[tool(description = "Import a Markdown playbook in the seed's style into the YAML format.")]
    async fn import(
        &self,
        Parameters(p): Parameters<ImportIn>,
    ) -> Result<Json<ToolOutput>, String> {
        let argv = Argv::new(&["import"])
            .arg(p.file)
            .opt("--output", p.output)
            .flag("--strict", p.strict)
            .flag("--force", p.force);
        self.invoke(argv).await
    }

    #[tool(
        description = "One phase in detail (/phase): steps, inputs and outputs with who produces and uses them, estimates, slack, the gate. With `expand`, propose detailed steps for a sparse phase."
    )]
    async fn phase(&self, Parameters(p): Parameters<PhaseIn>) -> Result<Json<ToolOutput>, String> {
        let argv = Argv::new(&["phase"])
            .arg(p.workflow)
            .arg(p.phase)
            .flag("--expand", p.expand)
            .opt("--steps", p.steps)
            .opt("--output", p.output);
        self.invoke(argv).await
    }

    #[tool(
        description = "Timeline (/timeline): PERT and Monte Carlo P50/P80/P95 against the stated timeline, the critical path, and the chance of meeting a deadline."
    )]
    async fn timeline(
        &self,
        Parameters(p): Parameters<TimelineIn>,
    ) -> Result<Json<ToolOutput>, String> {
        let argv = Argv::new(&["timeline"])
            .arg(p.workflow)
            .opt("--iterations", p.iterations)
            .opt("--seed", p.seed)
            .opt("--deadline", p.deadline);
        self.invoke(argv).await
    }

    #[tool(
        description = "Parallel groups (/parallel): which steps run at the same time and the time that saves."
    )]
    async fn parallel(
        &self,
        Parameters(p): Parameters<PlanRef>,
    ) -> Result<Json<ToolOutput>, String> {
        self.invoke(Argv::new(&["parallel"]).arg(p.workflow)).await
    }

    #[tool(
        description = "Dependencies and the critical path (/dependency) of a workflow or a program, with slack per step."
    )]
    async fn dependency(
        &self,
        Parameters(p): Parameters<PlanRef>,
    ) -> Result<Json<ToolOutput>, String> {
        self.invoke(Argv::new(&["dependency"]).arg(p.workflow))
            .await
    }

    #[tool(
        description = "A resource-levelled schedule: when each step runs when people are limited."
    )]
    async fn schedule(
        &self,
        Parameters(p): Parameters<ScheduleIn>,
    ) -> Result<Json<ToolOutput>, String> {
        self.invoke(
            Argv::new(&["schedule"])
                .arg(p.workflow)
                .opt("--team", p.team)
                .opt("--seed", p.seed),
        )
        .await
    }

    #[tool(
        description = "Checkpoints (/checkpoint): each gate with its approver and requirements, and the gates that are missing. With `expand`, propose the missing gates (approver, required artifacts, success metrics) in a workflow that passes `check`; its YAML is returned (or written to `output`)."
    )]
    async fn checkpoint(
        &self,
        Parameters(p): Parameters<CheckpointIn>,
    ) -> Result<Json<ToolOutput>, String> {
        let argv = Argv::new(&["checkpoint"]).arg(p.workflow).args(p.phase);
        if p.expand != Some(true) {
            return self.invoke(argv).await;
        }
        let argv = argv.arg("--expand").flag("--force", p.force);
        self.invoke_writing(argv, p.output).await
    }

    #[tool(
        description = "Chain workflows with handoff gates into a program (/sequence); the program's YAML is returned (or written to `output`)."
    )]
    async fn sequence(
        &self,
        Parameters(p): Parameters<SequenceIn>,
    ) -> Result<Json<ToolOutput>, String> {
        let argv = Argv::new(&["sequence"])
            .args(p.workflows)
            .many("--gate", &p.gates.unwrap_or_default())
            .opt("--name", p.name)
            .flag("--force", p.force);
        self.invoke_writing(argv, p.output).await
    }

    #[tool(
        description = "Parallel workflows converging into one (/converge); the program's YAML is returned (or written to `output`)."
    )]
    async fn converge(
        &self,
        Parameters(p): Parameters<ConvergeIn>,
    ) -> Result<Json<ToolOutput>, String> {
        let argv = Argv::new(&["converge"])
            .args(p.workflows)
            .opt("--into", Some(p.into))
            .opt("--phase", p.phase)
            .opt("--gate", p.gate)
            .opt("--name", p.name)
            .flag("--force", p.force);
        self.invoke_writing(argv, p.output).await
    }

    #[tool(
        description = "Start a durable run of a workflow. It runs until it completes or pauses (status 3) at a checkpoint or a manual step; continue with approve, reject or step_done."
    )]
    async fn run(&self, Parameters(p): Parameters<RunIn>) -> Result<Json<ToolOutput>, String> {
        let argv = Argv::new(&["run"])
            .arg(p.workflow)
            .opt("--executor", p.executor)
            .flag("--auto-approve", p.auto_approve)
            .flag("--dry-run", p.dry_run);
        self.invoke(self.store(argv)).await
    }

    #[tool(description = "A run's state: each step, the open gate, cost and tokens.")]
    async fn status(&self, Parameters(p): Parameters<RunRef>) -> Result<Json<ToolOutput>, String> {
        self.invoke(self.store(Argv::new(&["status"]).arg(p.run.unwrap_or_else(|| "last".into()))))
            .await
    }

    #[tool(description = "Approve a run's open checkpoint, then continue the run.")]
    async fn approve(&self, Parameters(p): Parameters<GateIn>) -> Result<Json<ToolOutput>, String> {
        self.invoke(self.store(gate_argv("approve", p))).await
    }

    #[tool(
        description = "Reject a run's open checkpoint: the phase's loop-back decision is taken (within its bound), or the run fails."
    )]
    async fn reject(&self, Parameters(p): Parameters<GateIn>) -> Result<Json<ToolOutput>, String> {
        self.invoke(self.store(gate_argv("reject", p))).await
    }

    #[tool(
        description = "Record the result of a manual step (text and metrics), then continue the run."
    )]
    async fn step_done(
        &self,
        Parameters(p): Parameters<StepDoneIn>,
    ) -> Result<Json<ToolOutput>, String> {
        let argv = Argv::new(&["step", "done"])
            .arg(p.run)
            .arg(p.step)
            .opt("--text", p.text)
            .many("--metric", &p.metrics.unwrap_or_default())
            .opt("--by", p.by)
            .flag("--no-continue", p.no_continue);
        self.invoke(self.store(argv)).await
    }

    #[tool(
        description = "Retrospective of a run (/retrospective): the questions with the evidence recorded, actuals against estimates, criteria met or missed. With `propose`, also write the workflow's next version to review and `apply`."
    )]
    async fn retrospective(
        &self,
        Parameters(p): Parameters<RetrospectiveIn>,
    ) -> Result<Json<ToolOutput>, String> {
        let argv = Argv::new(&["retrospective"])
            .arg(p.run.unwrap_or_else(|| "last".into()))
            .opt("--answers", p.answers)
            .flag("--propose", p.propose)
            .opt("--output", p.output)
            .flag("--force", p.force);
        self.invoke(self.store(argv)).await
    }

    #[tool(
        description = "Save a proposed next version of a workflow (from `retrospective` with `propose`): the previous version is kept; a stale or failing proposal is refused."
    )]
    async fn apply(&self, Parameters(p): Parameters<ApplyIn>) -> Result<Json<ToolOutput>, String> {
        self.invoke(Argv::new(&["apply"]).arg(p.proposal).opt("--to", p.to))
            .await
    }

    #[tool(description = "A workflow's versions: when each was saved and what changed.")]
    async fn history(
        &self,
        Parameters(p): Parameters<HistoryIn>,
    ) -> Result<Json<ToolOutput>, String> {
        self.invoke(Argv::new(&["history"]).arg(p.workflow)).await
    }

    #[tool(description = "One workflow as a Claude Code skill (SKILL.md) to follow step by step.")]
    async fn export_skill(
        &self,
        Parameters(p): Parameters<ExportSkillIn>,
    ) -> Result<Json<ToolOutput>, String> {
        let argv = Argv::new(&["export"])
            .arg(p.workflow)
            .arg("--format")
            .arg("claude-skill")
            .opt("--output", p.output)
            .flag("--force", p.force);
        self.invoke(argv).await
    }
}

fn gate_argv(command: &str, p: GateIn) -> Argv {
    Argv::new(&[command])
        .arg(p.run)
        .args(p.gate)
        .opt("--comment", p.comment)
        .opt("--by", p.by)
        .opt(
            "--override",
            p.override_reason.filter(|_| command == "approve"),
        )
        .flag("--no-continue", p.no_continue)
}

const INSTRUCTIONS: &str = "skill-chains designs, checks, plans and runs CTO playbooks (workflows of persona invocations in phases). \
Start with `suggest` for a situation, design with `workflow`, plan with `timeline`, `parallel`, `dependency`, `checkpoint`; \
never present a workflow that fails `check`. Library workflows are resources (skill-chains://workflow/<id>); \
the seed's shortcuts are prompts.";

const WORKFLOW_URI: &str = "skill-chains://workflow/";
const PROGRAM_URI: &str = "skill-chains://program/";
const SCHEMA_URI: &str = "skill-chains://schema/workflow.json";

#[tool_handler]
impl ServerHandler for Server {
    fn get_info(&self) -> ServerConfig {
        ServerConfig::new(
            ServerCapabilities::builder()
                .enable_tools()
                .enable_prompts()
                .enable_resources()
                .build(),
        )
        .with_server_info(Implementation::new(
            "skill-chains",
            env!("CARGO_PKG_VERSION"),
        ))
        .with_instructions(INSTRUCTIONS)
    }

    async fn list_prompts(
        &self,
        _: Option<PaginatedRequestParams>,
        _: RequestContext<RoleServer>,
    ) -> Result<ListPromptsResult, ErrorData> {
        let prompts = SHORTCUTS
            .iter()
            .map(|s| {
                let arg = PromptArgument::new("arguments")
                    .with_description(s.argument_hint)
                    .with_required(true);
                Prompt::new(s.name, Some(s.description), Some(vec![arg]))
            })
            .collect();
        Ok(ListPromptsResult::with_all_items(prompts))
    }

    async fn get_prompt(
        &self,
        request: GetPromptRequestParams,
        _: RequestContext<RoleServer>,
    ) -> Result<GetPromptResponse, ErrorData> {
        let name = request.name.trim_start_matches('/');
        let Some(s) = SHORTCUTS.iter().find(|s| s.name == name) else {
            let known: Vec<&str> = SHORTCUTS.iter().map(|s| s.name).collect();
            return Err(ErrorData::invalid_params(
                format!("no prompt `{name}`; the prompts are {}", known.join(", ")),
                None,
            ));
        };
        let args = request
            .arguments
            .as_ref()
            .and_then(|a| a.get("arguments"))
            .map(|v| {
                v.as_str()
                    .map(String::from)
                    .unwrap_or_else(|| v.to_string())
            })
            .unwrap_or_default();
        let text = format!(
            "Use the `{tool}` tool of the skill-chains MCP server for: {args}\n\n{then}",
            tool = s.tool,
            then = s.then
        );
        Ok(
            GetPromptResult::new(vec![PromptMessage::new_text(Role::User, text)])
                .with_description(s.description)
                .into(),
        )
    }

    async fn list_resources(
        &self,
        _: Option<PaginatedRequestParams>,
        _: RequestContext<RoleServer>,
    ) -> Result<ListResourcesResult, ErrorData> {
        let mut resources: Vec<Resource> = self
            .catalog
            .library
            .workflows()
            .map(|w| {
                let about = w
                    .description
                    .clone()
                    .or_else(|| w.category.clone())
                    .unwrap_or_default();
                Resource::new(format!("{WORKFLOW_URI}{}", w.id), w.id.clone())
                    .with_title(w.name.value.clone())
                    .with_description(about.split_whitespace().collect::<Vec<_>>().join(" "))
                    .with_mime_type("application/yaml")
            })
            .collect();
        for p in Programs::builtin(&self.catalog.library).entries() {
            resources.push(
                Resource::new(
                    format!("{PROGRAM_URI}{}", p.program.id),
                    p.program.id.clone(),
                )
                .with_title(p.program.name.value.clone())
                .with_mime_type("application/yaml"),
            );
        }
        resources.push(
            Resource::new(SCHEMA_URI, "workflow-schema")
                .with_title("The workflow format's JSON Schema")
                .with_mime_type("application/schema+json"),
        );
        Ok(ListResourcesResult::with_all_items(resources))
    }

    async fn read_resource(
        &self,
        request: ReadResourceRequestParams,
        _: RequestContext<RoleServer>,
    ) -> Result<ReadResourceResponse, ErrorData> {
        let uri = request.uri;
        let text = if let Some(id) = uri.strip_prefix(WORKFLOW_URI) {
            self.catalog
                .library
                .entries()
                .iter()
                .find(|e| e.workflow.id == id)
                .map(|e| (e.source.to_string(), "application/yaml"))
        } else if let Some(id) = uri.strip_prefix(PROGRAM_URI) {
            Programs::builtin(&self.catalog.library)
                .entry(id)
                .map(|p| (p.source.to_string(), "application/yaml"))
        } else if uri == SCHEMA_URI {
            Some((
                skill_chains_core::format::schema::workflow_schema_json(),
                "application/schema+json",
            ))
        } else {
            None
        };
        match text {
            Some((text, mime)) => Ok(ReadResourceResult::new(vec![
                ResourceContents::text(text, uri).with_mime_type(mime),
            ])
            .into()),
            None => Err(ErrorData::resource_not_found(
                format!("no resource {uri}; list the resources to see them"),
                None,
            )),
        }
    }
}

/// Serve on stdio until the client goes away.
pub fn serve(server: Server) -> anyhow::Result<ExitCode> {
    use rmcp::ServiceExt;
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    rt.block_on(async move {
        let tools = server.tool_router.list_all().len();
        eprintln!(
            "skill-chains mcp: serving {tools} tools, {} prompts on stdio",
            SHORTCUTS.len()
        );
        let running = server.serve(rmcp::transport::stdio()).await?;
        running.waiting().await?;
        Ok::<_, anyhow::Error>(())
    })?;
    Ok(ExitCode::SUCCESS)
}
