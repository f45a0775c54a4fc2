//! `skill-chains mcp`: the MCP server (stdio) that lets Claude Code call
//! skill-chains. Tools are the commands, called in process: each tool's
//! input becomes its command's arguments as values (`tools`), the command
//! runs with the context the server loaded once, and its reply is the tool's
//! structured result (the same data as `--json`). The library's workflows
//! and programs are resources; the seed's nine shortcuts are prompts. Logs
//! go to stderr only: stdout is the protocol.

mod tools;

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

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
use skill_chains_core::catalog::Programs;

use crate::commands;
use crate::context::Context;
use crate::output::{self, Reply};
use skill_chains_core::render::claude::SHORTCUTS;
pub use tools::ToolOutput;
use tools::*;

/// The server: the context every tool runs with and where runs are stored.
#[derive(Clone)]
pub struct Server {
    ctx: Arc<Context>,
    db: Option<PathBuf>,
    /// A line per call on stderr (`mcp --log`).
    log: bool,
    tool_router: ToolRouter<Server>,
}

type ToolResult = Result<Json<ToolOutput>, String>;

impl Server {
    /// A server over `ctx` (JSON, no colour, collecting what the run
    /// commands print), with runs in `db`.
    pub fn new(ctx: Context, db: Option<PathBuf>) -> Server {
        Server {
            ctx: Arc::new(ctx),
            db,
            log: false,
            tool_router: portable(Self::tool_router()),
        }
    }

    /// Log a line per call on stderr.
    pub fn logging(mut self, log: bool) -> Server {
        self.log = log;
        self
    }

    /// Run a command on a blocking thread (designs and runs take a while;
    /// the protocol goes on meanwhile) and make its reply the tool's
    /// result; with `returned`, the file it made is the result's `text`.
    async fn call<F>(&self, name: &'static str, returned: bool, exec: F) -> ToolResult
    where
        F: FnOnce(&Context) -> anyhow::Result<Reply<'static>> + Send + 'static,
    {
        let ctx = Arc::clone(&self.ctx);
        let started = std::time::Instant::now();
        let answer = tokio::task::spawn_blocking(move || {
            let mut reply = exec(&ctx)?;
            if let Some(err) = reply.take_failure() {
                return Err(err);
            }
            let result = reply.to_json()?;
            let text = returned
                .then(|| reply.document().map(String::from))
                .flatten();
            Ok(ToolOutput {
                status: reply.status(),
                result,
                text,
            })
        })
        .await
        .map_err(|_| format!("the `{name}` command stopped unexpectedly"))?;
        let ms = started.elapsed().as_millis();
        match answer {
            Ok(out) => {
                if self.log {
                    eprintln!("skill-chains mcp: {name}: status {} ({ms} ms)", out.status);
                }
                Ok(Json(out))
            }
            Err(err) => {
                let status = err
                    .downcast_ref::<output::Failed>()
                    .map(|f| f.status)
                    .unwrap_or(2);
                if self.log {
                    eprintln!("skill-chains mcp: {name}: status {status} ({ms} ms)");
                }
                Err(output::error_text(&err))
            }
        }
    }
}

/// The tools' schemas in the subset every client reads without warnings:
/// only the formats JSON Schema defines (schemars adds `uint8`, `double`
/// and the like, which clients report as unknown), and an optional field as
/// its type alone rather than a `null` type array or a `null` branch (an
/// absent field is how a client leaves it out).
fn portable(mut router: ToolRouter<Server>) -> ToolRouter<Server> {
    for route in router.map.values_mut() {
        let tool = &mut route.attr;
        let mut input = serde_json::Value::Object((*tool.input_schema).clone());
        clean_schema(&mut input);
        if let serde_json::Value::Object(o) = input {
            tool.input_schema = Arc::new(o);
        }
        if let Some(out) = &tool.output_schema {
            let mut out = serde_json::Value::Object((**out).clone());
            clean_schema(&mut out);
            if let serde_json::Value::Object(o) = out {
                tool.output_schema = Some(Arc::new(o));
            }
        }
    }
    router
}

/// The formats JSON Schema 2020-12 defines.
const STANDARD_FORMATS: [&str; 19] = [
    "date-time",
    "date",
    "time",
    "duration",
    "email",
    "idn-email",
    "hostname",
    "idn-hostname",
    "ipv4",
    "ipv6",
    "uri",
    "uri-reference",
    "iri",
    "iri-reference",
    "uuid",
    "uri-template",
    "json-pointer",
    "relative-json-pointer",
    "regex",
];

fn clean_schema(v: &mut serde_json::Value) {
    use serde_json::Value;
    match v {
        Value::Object(o) => {
            if o.get("format")
                .and_then(Value::as_str)
                .is_some_and(|f| !STANDARD_FORMATS.contains(&f))
            {
                o.remove("format");
            }
            if let Some(Value::Array(types)) = o.get("type") {
                let kept: Vec<Value> = types.iter().filter(|t| *t != "null").cloned().collect();
                let ty = match kept.len() {
                    1 => kept[0].clone(),
                    _ => Value::Array(kept),
                };
                o.insert("type".into(), ty);
            }
            for key in ["anyOf", "oneOf"] {
                if let Some(Value::Array(branches)) = o.get(key) {
                    let kept: Vec<Value> = branches
                        .iter()
                        .filter(|b| b.get("type").and_then(Value::as_str) != Some("null"))
                        .cloned()
                        .collect();
                    if kept.len() == 1 && branches.len() == 2 {
                        o.remove(key);
                        if let Value::Object(only) = &kept[0] {
                            for (k, val) in only {
                                o.entry(k.clone()).or_insert_with(|| val.clone());
                            }
                        }
                    }
                }
            }
            if o.get("default") == Some(&Value::Null) {
                o.remove("default");
            }
            for val in o.values_mut() {
                clean_schema(val);
            }
        }
        Value::Array(a) => a.iter_mut().for_each(clean_schema),
        _ => {}
    }
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
        self.call("suggest", false, move |ctx| {
            commands::suggest::exec(p.args(), ctx)
        })
        .await
    }

    #[tool(
        description = "Design a workflow for a scenario (/workflow): offline from the nearest library workflows, or with a language model whose answer is checked and repaired. The result passes `check`; its YAML is returned (or written to `output`)."
    )]
    async fn workflow(
        &self,
        Parameters(p): Parameters<WorkflowIn>,
    ) -> Result<Json<ToolOutput>, String> {
        let args = p.args()?;
        self.call("workflow", false, move |ctx| {
            commands::workflow::exec(args, ctx)
        })
        .await
    }

    #[tool(
        description = "List the built-in workflows, optionally of one category or with one persona."
    )]
    async fn list(&self, Parameters(p): Parameters<ListIn>) -> Result<Json<ToolOutput>, String> {
        self.call("list", false, move |ctx| {
            commands::list::exec(p.args(), ctx)
        })
        .await
    }

    #[tool(
        description = "Show a workflow: phases, steps, deliverables, checkpoints, decisions, criteria (the file format as data)."
    )]
    async fn show(
        &self,
        Parameters(p): Parameters<WorkflowRef>,
    ) -> Result<Json<ToolOutput>, String> {
        self.call("show", false, move |ctx| {
            commands::show::exec(p.show(), ctx)
        })
        .await
    }

    #[tool(
        description = "Check workflow files, YAML text, or the whole built-in library: diagnostics with code, line, column, message and help. Status 1 means errors."
    )]
    async fn check(&self, Parameters(p): Parameters<CheckIn>) -> Result<Json<ToolOutput>, String> {
        self.call("check", false, move |ctx| {
            commands::check::exec(p.args(), ctx)
        })
        .await
    }

    #[tool(
        description = "Review workflows against the seed's ten principles, as the workflow architect would: one line per principle (met, advice, reasoned or not applicable, with the evidence) and a summary. Advice names the principle, the steps or personas involved and a concrete edit. Status 1 means errors (or advice, with `deny_advice`)."
    )]
    async fn review(
        &self,
        Parameters(p): Parameters<ReviewIn>,
    ) -> Result<Json<ToolOutput>, String> {
        self.call("review", false, move |ctx| {
            commands::check::exec(p.args(), ctx)
        })
        .await
    }

    #[tool(description = "Import a Markdown playbook in the seed's style into the YAML format.")]
    async fn import(
        &self,
        Parameters(p): Parameters<ImportIn>,
    ) -> Result<Json<ToolOutput>, String> {
        self.call("import", false, move |ctx| {
            commands::import::exec(p.args(), ctx)
        })
        .await
    }

    #[tool(
        description = "One phase in detail (/phase): steps, inputs and outputs with who produces and uses them, estimates, slack, the gate. With `expand`, propose detailed steps for a sparse phase."
    )]
    async fn phase(&self, Parameters(p): Parameters<PhaseIn>) -> Result<Json<ToolOutput>, String> {
        let args = p.args()?;
        self.call("phase", false, move |ctx| commands::phase::exec(args, ctx))
            .await
    }

    #[tool(
        description = "Timeline (/timeline): PERT and Monte Carlo P50/P80/P95 against the stated timeline, the critical path, and the chance of meeting a deadline."
    )]
    async fn timeline(
        &self,
        Parameters(p): Parameters<TimelineIn>,
    ) -> Result<Json<ToolOutput>, String> {
        let args = p.args()?;
        self.call("timeline", false, move |ctx| {
            commands::timeline::exec(args, ctx)
        })
        .await
    }

    #[tool(
        description = "Parallel groups (/parallel): which steps run at the same time and the time that saves."
    )]
    async fn parallel(
        &self,
        Parameters(p): Parameters<PlanRef>,
    ) -> Result<Json<ToolOutput>, String> {
        self.call("parallel", false, move |ctx| {
            commands::parallel::exec(p.parallel(), ctx)
        })
        .await
    }

    #[tool(
        description = "Dependencies and the critical path (/dependency) of a workflow or a program, with slack per step."
    )]
    async fn dependency(
        &self,
        Parameters(p): Parameters<PlanRef>,
    ) -> Result<Json<ToolOutput>, String> {
        self.call("dependency", false, move |ctx| {
            commands::dependency::exec(p.dependency(), ctx)
        })
        .await
    }

    #[tool(
        description = "A resource-levelled schedule: when each step runs when people are limited."
    )]
    async fn schedule(
        &self,
        Parameters(p): Parameters<ScheduleIn>,
    ) -> Result<Json<ToolOutput>, String> {
        self.call("schedule", false, move |ctx| {
            commands::schedule::exec(p.args(), ctx)
        })
        .await
    }

    #[tool(
        description = "Checkpoints (/checkpoint): each gate with its approver and requirements, and the gates that are missing. With `expand`, propose the missing gates (approver, required artifacts, success metrics) in a workflow that passes `check`; its YAML is returned (or written to `output`)."
    )]
    async fn checkpoint(
        &self,
        Parameters(p): Parameters<CheckpointIn>,
    ) -> Result<Json<ToolOutput>, String> {
        let (args, returned) = p.args()?;
        self.call("checkpoint", returned, move |ctx| {
            commands::checkpoint::exec(args, ctx)
        })
        .await
    }

    #[tool(
        description = "Chain workflows with handoff gates into a program (/sequence); the program's YAML is returned (or written to `output`)."
    )]
    async fn sequence(
        &self,
        Parameters(p): Parameters<SequenceIn>,
    ) -> Result<Json<ToolOutput>, String> {
        let (args, returned) = p.args();
        self.call("sequence", returned, move |ctx| {
            commands::sequence::exec(args, ctx)
        })
        .await
    }

    #[tool(
        description = "Parallel workflows converging into one (/converge); the program's YAML is returned (or written to `output`)."
    )]
    async fn converge(
        &self,
        Parameters(p): Parameters<ConvergeIn>,
    ) -> Result<Json<ToolOutput>, String> {
        let (args, returned) = p.args()?;
        self.call("converge", returned, move |ctx| {
            commands::converge::exec(args, ctx)
        })
        .await
    }

    #[tool(
        description = "Start a durable run of a workflow. It runs until it completes or pauses (status 3) at a checkpoint or a manual step; continue with approve, reject or step_done."
    )]
    async fn run(&self, Parameters(p): Parameters<RunIn>) -> Result<Json<ToolOutput>, String> {
        let args = p.args(self.db.clone());
        self.call("run", false, move |ctx| commands::run::exec(args, ctx))
            .await
    }

    #[tool(description = "A run's state: each step, the open gate, cost and tokens.")]
    async fn status(&self, Parameters(p): Parameters<RunRef>) -> Result<Json<ToolOutput>, String> {
        let args = p.args(self.db.clone());
        self.call("status", false, move |ctx| {
            commands::status::exec(args, ctx)
        })
        .await
    }

    #[tool(description = "Approve a run's open checkpoint, then continue the run.")]
    async fn approve(&self, Parameters(p): Parameters<GateIn>) -> Result<Json<ToolOutput>, String> {
        let args = p.args(true, self.db.clone())?;
        self.call("approve", false, move |ctx| {
            commands::approve::exec(args, ctx)
        })
        .await
    }

    #[tool(
        description = "Reject a run's open checkpoint: the phase's loop-back decision is taken (within its bound), or the run fails."
    )]
    async fn reject(&self, Parameters(p): Parameters<GateIn>) -> Result<Json<ToolOutput>, String> {
        let args = p.args(false, self.db.clone())?;
        self.call("reject", false, move |ctx| {
            commands::reject::exec(args, ctx)
        })
        .await
    }

    #[tool(
        description = "Record the result of a manual step (text and metrics), then continue the run."
    )]
    async fn step_done(
        &self,
        Parameters(p): Parameters<StepDoneIn>,
    ) -> Result<Json<ToolOutput>, String> {
        let args = p.args(self.db.clone());
        self.call("step", false, move |ctx| commands::step::exec(args, ctx))
            .await
    }

    #[tool(
        description = "Record metrics a run measured outside its steps (a dashboard, a load test), each `name=value` such as `error_rate=0.4%`; returns the success criteria against every metric recorded so far."
    )]
    async fn metric(
        &self,
        Parameters(p): Parameters<MetricIn>,
    ) -> Result<Json<ToolOutput>, String> {
        let args = p.args(self.db.clone())?;
        self.call("metric", false, move |ctx| {
            commands::metric::exec(args, ctx)
        })
        .await
    }

    #[tool(
        description = "Retrospective of a run (/retrospective): the questions with the evidence recorded, actuals against estimates, criteria met or missed. With `propose`, also write the workflow's next version to review and `apply`."
    )]
    async fn retrospective(
        &self,
        Parameters(p): Parameters<RetrospectiveIn>,
    ) -> Result<Json<ToolOutput>, String> {
        let args = p.args(self.db.clone())?;
        self.call("retrospective", false, move |ctx| {
            commands::retrospective::exec(args, ctx)
        })
        .await
    }

    #[tool(
        description = "Save a proposed next version of a workflow (from `retrospective` with `propose`): the previous version is kept; a stale or failing proposal is refused."
    )]
    async fn apply(&self, Parameters(p): Parameters<ApplyIn>) -> Result<Json<ToolOutput>, String> {
        self.call("apply", false, move |ctx| {
            commands::apply::exec(p.args(), ctx)
        })
        .await
    }

    #[tool(description = "A workflow's versions: when each was saved and what changed.")]
    async fn history(
        &self,
        Parameters(p): Parameters<HistoryIn>,
    ) -> Result<Json<ToolOutput>, String> {
        self.call("history", false, move |ctx| {
            commands::history::exec(p.args(), ctx)
        })
        .await
    }

    #[tool(description = "One workflow as a Claude Code skill (SKILL.md) to follow step by step.")]
    async fn export_skill(
        &self,
        Parameters(p): Parameters<ExportSkillIn>,
    ) -> Result<Json<ToolOutput>, String> {
        self.call("export", false, move |ctx| {
            commands::export::exec(p.args(), ctx)
        })
        .await
    }
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
            .ctx
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
        for p in Programs::builtin(&self.ctx.catalog.library).entries() {
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
            self.ctx
                .catalog
                .library
                .entries()
                .iter()
                .find(|e| e.workflow.id == id)
                .map(|e| (e.source.to_string(), "application/yaml"))
        } else if let Some(id) = uri.strip_prefix(PROGRAM_URI) {
            Programs::builtin(&self.ctx.catalog.library)
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
        if server.log {
            let tools = server.tool_router.list_all().len();
            eprintln!(
                "skill-chains mcp: serving {tools} tools, {} prompts on stdio",
                SHORTCUTS.len()
            );
        }
        let running = server.serve(rmcp::transport::stdio()).await?;
        running.waiting().await?;
        Ok::<_, anyhow::Error>(())
    })?;
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use skill_chains_core::render::claude::TOOLS;

    /// No schema a client warns about: no formats beyond JSON Schema's own,
    /// no `null` types.
    #[test]
    fn tool_schemas_use_only_portable_json_schema() {
        let ctx = Context::load(None, true, false).unwrap();
        let server = Server::new(ctx, None);
        for tool in server.tool_router.list_all() {
            let mut texts = vec![serde_json::to_string(&*tool.input_schema).unwrap()];
            if let Some(o) = &tool.output_schema {
                texts.push(serde_json::to_string(&**o).unwrap());
            }
            for text in texts {
                for bad in [
                    "\"format\":\"uint",
                    "\"format\":\"int",
                    "\"format\":\"double",
                    "\"format\":\"float",
                    "\"null\"",
                ] {
                    assert!(!text.contains(bad), "{}: {bad} in {text}", tool.name);
                }
            }
        }
    }

    /// The skill file's table and the server's tools are one list: a tool
    /// added to the server without a line in the skill fails here.
    #[test]
    fn the_skill_file_lists_every_tool() {
        let mut served: Vec<String> = Server::tool_router()
            .list_all()
            .into_iter()
            .map(|t| t.name.to_string())
            .collect();
        let mut listed: Vec<String> = TOOLS.iter().map(|(t, _)| t.to_string()).collect();
        served.sort();
        listed.sort();
        assert_eq!(served, listed);
    }
}
