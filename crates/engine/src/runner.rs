//! The runner: executes the ready steps of a run in dependency order,
//! independent steps concurrently, and records every state change before
//! acting on it.
//!
//! One task (this one) owns the store and the run's state; step attempts run
//! as spawned tasks and report back over a channel. The order of things for a
//! step is: `StepStarted` committed, then the executor called, then
//! `StepCompleted` (with its artifact) or `StepFailed` committed. So after a
//! kill, a step whose completion was recorded never runs again, and a step
//! that was in flight is seen as started-but-unfinished and retried once.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::time::Duration;

use skill_chains_core::model::{CheckedWorkflow, Target, Workflow};
use skill_chains_core::render::text::money;
use tokio::sync::mpsc;
use tokio::task::AbortHandle;

use crate::artifact;
use crate::clock::{self, Clock};
use crate::decision::{self, Verdict};
use crate::event::{Budget, Event, Hold, PauseReason, Recorded};
use crate::executor::{Deferral, ExecError, ExecutorOptions, Executors, Outcome, StepRequest};
use crate::layout::Layout;
use crate::prompt::{Named, PromptContext, PromptError, Prompts};
use crate::state::{GateState, RunState, RunStatus, StepStatus};
use crate::store::{Batch, Lease, Store, StoreError};

/// Attempts after the first for a retryable failure, when a step says nothing.
pub const DEFAULT_RETRIES: u32 = 2;
/// Longest wait between attempts.
const MAX_BACKOFF: Duration = Duration::from_secs(60);
/// How long a lease lasts without renewal.
pub const LEASE_TTL_MS: i64 = 15_000;

#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Prompt(#[from] PromptError),
    #[error("{0}")]
    Setup(String),
}

/// Sees every event after it is committed (progress displays).
pub trait Observer {
    fn on_event(&mut self, layout: &Layout, state: &RunState, event: &Recorded);
}

/// An observer that ignores everything.
pub struct Quiet;

impl Observer for Quiet {
    fn on_event(&mut self, _: &Layout, _: &RunState, _: &Recorded) {}
}

/// Everything a run needs besides its store and state.
pub struct Setup {
    pub executors: Executors,
    pub executor_options: ExecutorOptions,
    /// The executor of each step, in layout order.
    pub step_executors: Vec<String>,
    pub prompts: Prompts,
    /// Persona slug -> installed Claude Code skill.
    pub skills: HashMap<String, String>,
    /// Persona slug -> catalog group, for prompts.
    pub groups: HashMap<String, String>,
    /// React to Ctrl-C (SIGINT) and SIGTERM.
    pub handle_signals: bool,
}

/// One attempt's result, from a step task.
enum Msg {
    Finished {
        step: usize,
        attempt: u32,
        result: Result<Outcome, ExecError>,
        elapsed_ms: u64,
    },
    RetryDue(usize),
}

pub struct Runner<'a> {
    store: &'a mut dyn Store,
    wf: &'a CheckedWorkflow,
    layout: &'a Layout,
    state: RunState,
    setup: Setup,
    observer: &'a mut dyn Observer,
    lease: Lease,
    /// Events applied to the state but not yet committed.
    pending: Batch,
    running: HashMap<usize, AbortHandle>,
    backing_off: HashSet<usize>,
    over_budget: Option<String>,
    /// Sequence numbers this process wrote since the last poll.
    own: HashSet<i64>,
    polled: i64,
    /// Steps of the current phase before this index are done (a scan start).
    cursor: usize,
    /// Steps an executor handed off during this session: they wait, and are
    /// not offered again before the run is resumed.
    handed_off: HashSet<usize>,
    /// When events happen and how long steps take.
    clock: Arc<dyn Clock>,
}

impl<'a> Runner<'a> {
    /// Take the run's lease and read its state. Fails with
    /// [`StoreError::Held`] when another live process runs it.
    pub fn attach(
        store: &'a mut dyn Store,
        run: &str,
        wf: &'a CheckedWorkflow,
        layout: &'a Layout,
        setup: Setup,
        observer: &'a mut dyn Observer,
    ) -> Result<Runner<'a>, EngineError> {
        Runner::attach_with_clock(store, run, wf, layout, setup, observer, clock::shared())
    }

    /// [`Runner::attach`] with a clock of its own (a simulated one in tests;
    /// the store should share it).
    pub fn attach_with_clock(
        store: &'a mut dyn Store,
        run: &str,
        wf: &'a CheckedWorkflow,
        layout: &'a Layout,
        setup: Setup,
        observer: &'a mut dyn Observer,
        clock: Arc<dyn Clock>,
    ) -> Result<Runner<'a>, EngineError> {
        let lease = Lease::this_process_at(clock.now_ms(), LEASE_TTL_MS);
        store.acquire_lease(run, &lease)?;
        let events = store.events(run, 0)?;
        let state = RunState::from_events(run, layout, &events)
            .ok_or_else(|| EngineError::Setup(format!("run {run} has no creation event")))?;
        store.set_durability(state.options.durability)?;
        let polled = state.last_seq;
        Ok(Runner {
            store,
            wf,
            layout,
            state,
            setup,
            observer,
            lease,
            pending: Batch::default(),
            running: HashMap::new(),
            backing_off: HashSet::new(),
            over_budget: None,
            own: HashSet::new(),
            polled,
            cursor: 0,
            handed_off: HashSet::new(),
            clock,
        })
    }

    pub fn state(&self) -> &RunState {
        &self.state
    }

    /// Run until the run completes, fails, pauses or is cancelled, then
    /// release the lease.
    pub async fn drive(mut self) -> Result<RunState, EngineError> {
        let result = self.drive_inner().await;
        for (_, task) in self.running.drain() {
            task.abort();
        }
        let _ = self.store.release_lease(&self.state.id, &self.lease);
        result.map(|()| self.state)
    }

    /// Append an event to the pending batch and apply it to the state now.
    fn push(&mut self, event: Event) {
        if matches!(event, Event::PhaseEntered { .. }) {
            self.cursor = 0;
        }
        let rec = Recorded {
            seq: 0,
            at: self.clock.now_ms(),
            event,
        };
        self.state.apply(self.layout, &rec);
        self.pending.events.push(rec.event);
    }

    fn commit(&mut self) -> Result<(), EngineError> {
        if self.pending.is_empty() {
            return Ok(());
        }
        let batch = std::mem::take(&mut self.pending);
        let recorded = self.store.append(&self.state.id, batch)?;
        for rec in &recorded {
            self.state.last_seq = self.state.last_seq.max(rec.seq);
            self.own.insert(rec.seq);
            self.observer.on_event(self.layout, &self.state, rec);
        }
        Ok(())
    }

    async fn drive_inner(&mut self) -> Result<(), EngineError> {
        // A failed run goes on only after `resume` recorded `Resumed`.
        if self.state.status.is_final() || matches!(self.state.status, RunStatus::Failed { .. }) {
            return Ok(());
        }
        let resumed = self.state.sessions > 0;
        for i in 0..self.state.steps.len() {
            let s = &self.state.steps[i];
            if s.status == StepStatus::Running {
                let event = Event::StepInterrupted {
                    step: s.id.clone(),
                    attempt: s.attempts,
                };
                self.push(event);
            }
        }
        self.push(Event::SessionStarted {
            pid: self.lease.pid,
            host: self.lease.host.clone(),
            resumed,
        });
        self.commit()?;

        let (tx, mut rx) = mpsc::unbounded_channel::<Msg>();
        let mut signals = Signals::new(self.setup.handle_signals);
        let mut tick = tokio::time::interval(Duration::from_millis(1000));
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let mut interrupted = false;
        loop {
            // One commit per turn: the results just received and the steps
            // about to start, before any of them is launched.
            let launches = if !interrupted && self.state.status == RunStatus::Running {
                self.schedule()?
            } else {
                Vec::new()
            };
            self.commit()?;
            for step in launches {
                self.launch(step, &tx).await?;
            }
            if self.running.is_empty() && self.backing_off.is_empty() {
                if self.state.status == RunStatus::Running && !interrupted {
                    self.settle();
                    self.commit()?;
                }
                if self.state.status != RunStatus::Running || interrupted {
                    return Ok(());
                }
                continue;
            }
            tokio::select! {
                Some(msg) = rx.recv() => {
                    // Group commit: every result already waiting goes into the same transaction.
                    self.receive(msg, &tx);
                    while let Ok(more) = rx.try_recv() {
                        self.receive(more, &tx);
                    }
                }
                () = signals.next() => {
                    if interrupted {
                        self.abort_in_flight();
                        self.push(Event::Paused { reason: PauseReason::Aborted });
                        self.commit()?;
                        return Ok(());
                    }
                    interrupted = true;
                    self.push(Event::Paused { reason: PauseReason::Interrupted });
                    // Steps waiting for a retry are not in flight: they stop here.
                    self.backing_off.clear();
                }
                _ = tick.tick() => {
                    self.lease.expires_at = self.clock.now_ms() + LEASE_TTL_MS;
                    self.store.renew_lease(&self.state.id, &self.lease)?;
                    self.poll_foreign()?;
                    if self.state.status == RunStatus::Cancelled {
                        self.abort_in_flight();
                        self.commit()?;
                        return Ok(());
                    }
                }
            }
        }
    }

    /// Record in-flight steps as interrupted and stop their tasks.
    fn abort_in_flight(&mut self) {
        let mut steps: Vec<usize> = self.running.keys().copied().collect();
        steps.sort_unstable();
        for i in steps {
            if let Some(task) = self.running.remove(&i) {
                task.abort();
            }
            let s = &self.state.steps[i];
            let event = Event::StepInterrupted {
                step: s.id.clone(),
                attempt: s.attempts,
            };
            self.push(event);
        }
        self.backing_off.clear();
    }

    /// Apply events other processes wrote (approvals, `step done`, cancel).
    fn poll_foreign(&mut self) -> Result<(), EngineError> {
        let events = self.store.events(&self.state.id, self.polled)?;
        for rec in events {
            self.polled = self.polled.max(rec.seq);
            if self.own.remove(&rec.seq) {
                continue;
            }
            self.state.apply(self.layout, &rec);
            self.observer.on_event(self.layout, &self.state, &rec);
            self.cursor = 0;
        }
        self.own.clear();
        Ok(())
    }

    /// A hold on the current phase that the program run has not released.
    fn unreleased_hold(&self) -> Option<Hold> {
        let phase = &self.layout.phases.get(self.state.phase)?.id;
        self.state
            .options
            .holds
            .iter()
            .find(|h| &h.phase == phase && !self.state.released.contains(phase))
            .cloned()
    }

    /// Move through finished phases, then pick the steps to start now.
    fn schedule(&mut self) -> Result<Vec<usize>, EngineError> {
        let mut launches = Vec::new();
        loop {
            if self.state.status != RunStatus::Running {
                return Ok(launches);
            }
            if let Some(hold) = self.unreleased_hold() {
                self.push(Event::Paused {
                    reason: PauseReason::Held {
                        phase: hold.phase,
                        waits_for: hold.waits_for,
                    },
                });
                return Ok(launches);
            }
            if !(self.running.is_empty() && self.state.phase_done(self.layout, self.state.phase)) {
                break;
            }
            if !self.end_phase() {
                return Ok(launches);
            }
        }
        self.over_budget = None;
        let limit = self.state.options.concurrency.max(1);
        let range = self.layout.phases[self.state.phase].steps.clone();
        if !range.contains(&self.cursor) {
            self.cursor = range.start;
        }
        while self.cursor < range.end && self.state.steps[self.cursor].status == StepStatus::Done {
            self.cursor += 1;
        }
        for i in self.cursor..range.end {
            if self.running.len() + launches.len() >= limit {
                break;
            }
            let s = &self.state.steps[i];
            let ready = match s.status {
                StepStatus::Pending => true,
                StepStatus::Retrying => !self.backing_off.contains(&i),
                // Waiting for `step done`, unless its executor can take it now.
                StepStatus::Waiting => !self.handed_off.contains(&i),
                _ => false,
            } && !self.running.contains_key(&i)
                && self.layout.preds[i]
                    .iter()
                    .all(|&p| self.state.steps[p].status == StepStatus::Done);
            if !ready {
                continue;
            }
            let executor = self.setup.step_executors[i].clone();
            let hand_off = self
                .setup
                .executors
                .get(&executor)
                .and_then(|e| e.hand_off(&self.state.id, &s.id));
            if let Some(deferral) = hand_off {
                if s.status != StepStatus::Waiting {
                    self.defer(i, deferral);
                }
                continue;
            }
            if let Some(reason) = self.budget_block() {
                self.over_budget = Some(reason);
                break;
            }
            let event = Event::StepStarted {
                step: s.id.clone(),
                attempt: s.attempts + 1,
                executor,
            };
            self.push(event);
            launches.push(i);
        }
        Ok(launches)
    }

    /// The reason the next step may not start, if a budget says so.
    fn budget_block(&self) -> Option<String> {
        let b = &self.state.options.budget;
        if *b == Budget::default() {
            return None;
        }
        let used = &self.state.usage;
        let paid = self
            .state
            .steps
            .iter()
            .filter(|s| s.status == StepStatus::Done && !s.usage.is_zero())
            .count()
            .max(1) as f64;
        if let Some(max) = b.max_cost_usd {
            let next = used.cost_usd / paid;
            if used.cost_usd >= max || (used.cost_usd + next > max && next > 0.0) {
                return Some(format!(
                    "spent {} of the {} budget; the next step (about {}) would go past it",
                    money(used.cost_usd),
                    money(max),
                    money(next)
                ));
            }
        }
        if let Some(max) = b.max_tokens {
            let next = used.tokens() as f64 / paid;
            if used.tokens() >= max || (used.tokens() as f64 + next > max as f64 && next > 0.0) {
                return Some(format!(
                    "used {} of the {max} token budget; the next step (about {next:.0}) would go past it",
                    used.tokens()
                ));
            }
        }
        if let Some(max) = b.max_duration_ms {
            let active = self.state.active_ms(Some(self.clock.now_ms()));
            if active >= max {
                return Some(format!(
                    "ran for {} of the {} allowed",
                    crate::clock::format_duration(active),
                    crate::clock::format_duration(max)
                ));
            }
        }
        None
    }

    /// The current phase is done: its gate, then its decisions, then the next
    /// phase. Returns whether the run moved to another phase.
    fn end_phase(&mut self) -> bool {
        let p = self.state.phase;
        let gate = self.layout.phases[p].id.clone();
        if self.layout.phases[p].gate {
            match &self.state.gates[p] {
                state @ (GateState::Closed | GateState::Open) => {
                    if *state == GateState::Closed {
                        self.push(Event::GateOpened { gate: gate.clone() });
                    }
                    // Auto-approval never passes a gate whose criteria are not met.
                    if self.state.options.auto_approve
                        && unmet_criteria(self.wf, p, &self.state.metrics).is_empty()
                    {
                        self.push(Event::GateApproved {
                            gate: gate.clone(),
                            by: "auto-approve".into(),
                            comment: None,
                            auto: true,
                            overridden: Vec::new(),
                        });
                    } else {
                        self.push(Event::Paused {
                            reason: PauseReason::Gate { gate: gate.clone() },
                        });
                        return false;
                    }
                }
                GateState::Rejected { by, .. } => {
                    let reason = format!("the gate `{gate}` was rejected by {by}");
                    self.push(Event::Failed { reason });
                    return false;
                }
                GateState::Approved { .. } => {}
            }
        }
        match decision::settling(self.wf, self.layout, &self.state, p) {
            None => {}
            // A condition that reads what nobody recorded neither holds nor
            // fails: the run waits for the metric.
            Some((_, condition, Verdict::Unknown(reason))) => {
                self.push(Event::Paused {
                    reason: PauseReason::Metric {
                        phase: gate.clone(),
                        condition,
                        reason,
                    },
                });
                return false;
            }
            Some((_, _, Verdict::Invalid(reason))) => {
                self.push(Event::Failed {
                    reason: format!(
                        "the decision after phase `{gate}` cannot be evaluated: {reason}\nhelp: fix its `if:` in the workflow; no metric can make it true or false"
                    ),
                });
                return false;
            }
            Some((k, _, _)) => {
                let events = take_decision(self.wf, &self.state, p, k, None);
                let moved = events
                    .iter()
                    .any(|e| matches!(e, Event::PhaseEntered { .. }));
                for e in events {
                    self.push(e);
                }
                if self.wf.target(p, k) != Target::Continue {
                    return moved;
                }
            }
        }
        match self.layout.phases.get(p + 1) {
            Some(next) => {
                let phase = next.id.clone();
                self.push(Event::PhaseEntered { phase });
                true
            }
            None => {
                self.push(Event::Completed);
                false
            }
        }
    }

    /// Nothing runs and nothing can start: say why the run stops.
    fn settle(&mut self) {
        if let Some(reason) = self.over_budget.take() {
            self.push(Event::Paused {
                reason: PauseReason::Budget { reason },
            });
            return;
        }
        let waiting: Vec<String> = self
            .state
            .steps
            .iter()
            .filter(|s| s.status == StepStatus::Waiting)
            .map(|s| s.id.clone())
            .collect();
        if !waiting.is_empty() {
            self.push(Event::Paused {
                reason: PauseReason::Manual { steps: waiting },
            });
            return;
        }
        let failed: Vec<String> = self
            .state
            .steps
            .iter()
            .filter(|s| s.status == StepStatus::Failed)
            .map(|s| format!("`{}` ({})", s.id, s.error.as_deref().unwrap_or("failed")))
            .collect();
        let reason = if failed.is_empty() {
            "no step can start (a dependency that never completes)".to_string()
        } else {
            format!("step {} failed", failed.join(", "))
        };
        self.push(Event::Failed { reason });
    }

    /// Start one attempt of a step (its `StepStarted` is committed).
    async fn launch(
        &mut self,
        i: usize,
        tx: &mpsc::UnboundedSender<Msg>,
    ) -> Result<(), EngineError> {
        let name = &self.setup.step_executors[i];
        let executor = self
            .setup
            .executors
            .get(name)
            .ok_or_else(|| EngineError::Setup(format!("executor `{name}` was not set up")))?;
        let req = self.request(i, executor.wants_prompt())?;
        let step = self.step(i);
        let timeout = step
            .timeout
            .as_ref()
            .and_then(|t| t.value.as_ref().ok())
            .map(|t| Duration::from_secs_f64(t.minutes().max(0.0) * 60.0))
            .or(executor.default_timeout());
        let attempt = req.attempt;
        let tx = tx.clone();
        let clock = self.clock.clone();
        let task = tokio::spawn(async move {
            let start = clock.now_ms();
            let work = executor.execute(&req);
            let result = match timeout {
                Some(limit) => match tokio::time::timeout(limit, work).await {
                    Ok(r) => r,
                    Err(_) => Err(ExecError::transient(format!(
                        "timed out after {}",
                        crate::clock::format_duration(limit.as_millis() as u64)
                    ))),
                },
                None => work.await,
            };
            let _ = tx.send(Msg::Finished {
                step: i,
                attempt,
                result,
                elapsed_ms: (clock.now_ms() - start).max(0) as u64,
            });
        });
        self.running.insert(i, task.abort_handle());
        Ok(())
    }

    fn step(&self, i: usize) -> &'a skill_chains_core::model::Step {
        let info = &self.layout.steps[i];
        let phase = &self.wf.phases[info.phase];
        &phase.steps[i - self.layout.phases[info.phase].steps.start]
    }

    /// What the executor is asked: the rendered prompt and the inputs.
    fn request(&self, i: usize, with_prompt: bool) -> Result<StepRequest, EngineError> {
        let info = &self.layout.steps[i];
        let step = self.step(i);
        let s = &self.state.steps[i];
        let mut req = StepRequest {
            run_id: self.state.id.clone(),
            step_id: info.id.clone(),
            persona: info.persona.clone(),
            persona_slug: info.slug.clone(),
            action: step.action.value.clone(),
            command: step.command.clone(),
            skill: info
                .slug
                .as_ref()
                .and_then(|sl| self.setup.skills.get(sl).cloned()),
            attempt: s.attempts,
            ..StepRequest::default()
        };
        if !with_prompt {
            return Ok(req);
        }
        for input in &step.inputs {
            if let Some(content) = self.artifact_text(&input.value)? {
                req.inputs.push((input.value.clone(), content));
            }
        }
        let mut artifacts = std::collections::BTreeMap::new();
        if self.setup.prompts.wants_artifacts(&info.id) {
            for name in self.state.artifacts.keys() {
                if let Some(content) = self.artifact_text(name)? {
                    artifacts.insert(name.clone(), content);
                }
            }
        }
        let group = info
            .slug
            .as_ref()
            .and_then(|sl| self.setup.groups.get(sl))
            .map(String::as_str);
        let inputs = req
            .inputs
            .iter()
            .map(|(name, content)| Named {
                name: name.clone(),
                content: content.clone(),
            })
            .collect();
        let cx =
            PromptContext::for_step(self.wf, info, group, inputs, artifacts, &self.state.metrics);
        let (system, prompt) = self.setup.prompts.render(&cx)?;
        req.system = system;
        req.prompt = prompt;
        Ok(req)
    }

    fn artifact_text(&self, name: &str) -> Result<Option<String>, EngineError> {
        let Some(hash) = self.state.artifacts.get(name) else {
            return Ok(None);
        };
        Ok(self
            .store
            .artifact(hash)?
            .map(|b| String::from_utf8_lossy(&b).into_owned()))
    }

    /// Store `text` with the next commit; its content hash.
    fn keep(&mut self, text: String) -> String {
        let hash = artifact::hash(text.as_bytes());
        self.pending
            .artifacts
            .push((hash.clone(), text.into_bytes()));
        hash
    }

    /// Step `i` was handed off: it waits (for `step done`), and the run
    /// pauses for a person once nothing else can go on.
    fn defer(&mut self, i: usize, deferral: Deferral) {
        self.handed_off.insert(i);
        let Deferral { to, reference } = deferral;
        self.push(Event::StepWaiting {
            step: self.layout.steps[i].id.clone(),
            to: Some(to),
            reference: Some(reference),
        });
    }

    /// Record an attempt's result; schedule a retry when one is due.
    fn receive(&mut self, msg: Msg, tx: &mpsc::UnboundedSender<Msg>) {
        let (i, attempt, result, duration_ms) = match msg {
            Msg::RetryDue(i) => {
                self.backing_off.remove(&i);
                return;
            }
            Msg::Finished {
                step,
                attempt,
                result,
                elapsed_ms,
            } => (step, attempt, result, elapsed_ms),
        };
        if self.running.remove(&i).is_none() {
            return; // aborted meanwhile
        }
        let id = self.layout.steps[i].id.clone();
        match result {
            Ok(Outcome::Deferred(deferral)) => self.defer(i, deferral),
            Ok(Outcome::Done(out)) => {
                let metrics = if out.metrics.is_empty() {
                    artifact::metrics(&out.text)
                } else {
                    out.metrics
                };
                let log = out.log.map(|l| self.keep(l));
                let text_hash = self.keep(out.text);
                self.push(Event::StepCompleted {
                    step: id,
                    attempt,
                    artifact: text_hash,
                    outputs: Vec::new(),
                    usage: out.usage,
                    duration_ms,
                    metrics,
                    by: out.by,
                    session_id: out.session_id,
                    log,
                    actuals: Default::default(),
                });
            }
            Err(e) => {
                let retries = self.step(i).retries.unwrap_or(DEFAULT_RETRIES);
                let will_retry =
                    e.retryable && attempt <= retries && self.state.status == RunStatus::Running;
                let log = e.log.map(|l| self.keep(l));
                self.push(Event::StepFailed {
                    step: id,
                    attempt,
                    error: e.message,
                    retryable: e.retryable,
                    will_retry,
                    usage: e.usage,
                    duration_ms,
                    log,
                });
                if will_retry {
                    let delay = e
                        .retry_after
                        .unwrap_or_else(|| backoff(self.state.options.backoff_ms, attempt, i))
                        .min(MAX_BACKOFF);
                    self.backing_off.insert(i);
                    let tx = tx.clone();
                    tokio::spawn(async move {
                        tokio::time::sleep(delay).await;
                        let _ = tx.send(Msg::RetryDue(i));
                    });
                }
            }
        }
    }
}

/// The success criteria the gate of phase `p` requires (its checkpoint's
/// `criteria`) that `metrics` do not meet, each with the reason.
pub fn unmet_criteria(
    wf: &Workflow,
    p: usize,
    metrics: &std::collections::BTreeMap<String, serde_json::Value>,
) -> Vec<String> {
    let required: Vec<String> = wf.phases[p]
        .checkpoint
        .iter()
        .flat_map(|c| c.criteria.iter().map(|r| r.value.clone()))
        .collect();
    if required.is_empty() {
        return Vec::new();
    }
    skill_chains_core::learn::criteria::unmet_for_gate(&required, &wf.success_criteria, metrics)
}

/// Exponential backoff with jitter: between half and all of `base * 2^(attempt-1)`.
pub fn backoff(base_ms: u64, attempt: u32, salt: usize) -> Duration {
    let full = base_ms.saturating_mul(1u64 << attempt.saturating_sub(1).min(16));
    // Jitter from the clock and the step, without a random-number generator.
    let noise = (clock::now_ms() as u64 ^ (salt as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15)) % 1000;
    Duration::from_millis(full / 2 + full / 2 * noise / 1000)
}

/// The events of taking decision `k` of phase `p` (its condition held, or
/// its gate was rejected): a loop back within its bound, a jump, the end, or
/// a failure when the loop has been taken `max_loops` times.
pub fn take_decision(
    wf: &CheckedWorkflow,
    state: &RunState,
    p: usize,
    k: usize,
    rejected_by: Option<&str>,
) -> Vec<Event> {
    let phase = &wf.phases[p];
    let d = &phase.decisions[k];
    let goto = d.goto.as_ref().map(|g| g.value.clone()).unwrap_or_default();
    let condition = d
        .condition
        .as_ref()
        .map(|c| c.value.clone())
        .unwrap_or_default();
    let key = format!("{}#{k}", phase.id.value);
    let count = state.loops.get(&key).copied().unwrap_or(0) + 1;
    let taken = Event::DecisionTaken {
        phase: phase.id.value.clone(),
        index: k,
        condition: condition.clone(),
        goto: goto.clone(),
        count,
        rejected_by: rejected_by.map(str::to_string),
    };
    match wf.target(p, k) {
        Target::Continue => vec![taken],
        Target::End => vec![taken, Event::Completed],
        Target::Phase(t) => {
            let bound = d.max_loops.as_ref().map(|m| m.value).unwrap_or(0);
            if t <= p && count > bound {
                return vec![Event::Failed {
                    reason: format!(
                        "the loop from `{}` back to `{goto}` (if {condition}) was taken {bound} time(s), its max_loops; a person must decide what happens next",
                        phase.id.value
                    ),
                }];
            }
            vec![taken, Event::PhaseEntered { phase: goto }]
        }
    }
}

/// The events of rejecting the gate of phase `p`: the phase's first
/// loop-back decision is taken (within its bound), else the run fails.
pub fn reject_gate(
    wf: &CheckedWorkflow,
    layout: &Layout,
    state: &RunState,
    p: usize,
    by: &str,
    comment: Option<String>,
) -> Vec<Event> {
    let gate = layout.phases[p].id.clone();
    let mut events = vec![Event::GateRejected {
        gate: gate.clone(),
        by: by.to_string(),
        comment,
    }];
    let loop_back = (0..wf.phases[p].decisions.len())
        .find(|&k| matches!(wf.target(p, k), Target::Phase(t) if t <= p));
    match loop_back {
        Some(k) => events.extend(take_decision(wf, state, p, k, Some(by))),
        None => events.push(Event::Failed {
            reason: format!("the gate `{gate}` was rejected by {by}"),
        }),
    }
    events
}

/// Ctrl-C and SIGTERM, or nothing.
struct Signals {
    inner: Option<(tokio::signal::unix::Signal, tokio::signal::unix::Signal)>,
}

impl Signals {
    fn new(enabled: bool) -> Signals {
        use tokio::signal::unix::{SignalKind, signal};
        let inner = enabled
            .then(|| {
                Some((
                    signal(SignalKind::interrupt()).ok()?,
                    signal(SignalKind::terminate()).ok()?,
                ))
            })
            .flatten();
        Signals { inner }
    }

    async fn next(&mut self) {
        match &mut self.inner {
            Some((int, term)) => {
                tokio::select! {
                    _ = int.recv() => {}
                    _ = term.recv() => {}
                }
            }
            None => std::future::pending().await,
        }
    }
}

/// Run a future to completion on a single-threaded runtime (the binary has
/// no runtime of its own).
pub fn block_on<F: std::future::Future>(future: F) -> std::io::Result<F::Output> {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    Ok(rt.block_on(future))
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeSet, HashMap};
    use std::sync::Arc;

    use skill_chains_core::catalog::PersonaCatalog;

    use super::*;
    use crate::event::RunOptions;
    use crate::executor::{
        BoxFuture, Deferral, Executor, ExecutorEnv, ExecutorSettings, Outcome, StepRequest,
    };

    const WF: &str = "
name: Hand-off
phases:
  - id: fix
    name: Fix
    steps:
      - {id: file, persona: SRE, action: File the change, outputs: [change]}
      - {id: after, persona: SRE, action: Check the change, inputs: [change]}
";

    /// Files a ticket and leaves the step to whoever works the queue.
    struct Ticket;

    impl Executor for Ticket {
        fn name(&self) -> &'static str {
            "ticket"
        }
        fn execute<'a>(
            &'a self,
            req: &'a StepRequest,
        ) -> BoxFuture<'a, Result<Outcome, ExecError>> {
            Box::pin(async move {
                Ok(Outcome::Deferred(Deferral {
                    to: "the ops queue".into(),
                    reference: format!("OPS-{}", req.step_id.len()),
                }))
            })
        }
    }

    /// Run `WF` with `first` carrying out its first step (noop the second)
    /// until the run stops; its final state and the kinds of its events.
    fn run(first: &str, extra: Option<Arc<dyn Executor>>) -> (RunState, Vec<Event>) {
        let wf = skill_chains_core::check::check_source(WF, &PersonaCatalog::builtin())
            .into_checked()
            .unwrap();
        let layout = Layout::new(&wf);
        let mut names = BTreeSet::from(["noop".to_string()]);
        if extra.is_none() {
            names.insert(first.to_string());
        }
        let options = ExecutorOptions::default();
        let mut executors = Executors::build(
            &names,
            &ExecutorSettings::default(),
            &ExecutorEnv::default(),
            &options,
        )
        .unwrap();
        if let Some(e) = extra {
            executors = executors.with(e);
        }
        let setup = Setup {
            executors,
            executor_options: options,
            step_executors: vec![first.to_string(), "noop".to_string()],
            prompts: Prompts::new(std::iter::empty()).unwrap(),
            skills: HashMap::new(),
            groups: HashMap::new(),
            handle_signals: false,
        };
        let mut store = crate::store::open("sqlite::memory:").unwrap();
        store
            .create_run(
                "r",
                &Event::RunCreated {
                    workflow_id: wf.id.clone(),
                    workflow_name: "Hand-off".into(),
                    version: 1,
                    origin: "test".into(),
                    source: String::new(),
                    options: RunOptions::default(),
                },
            )
            .unwrap();
        let mut quiet = Quiet;
        let runner = Runner::attach(&mut store, "r", &wf, &layout, setup, &mut quiet).unwrap();
        let end = block_on(runner.drive()).unwrap().unwrap();
        let events = store
            .events("r", 0)
            .unwrap()
            .into_iter()
            .map(|r| r.event)
            .collect();
        (end, events)
    }

    fn kinds(events: &[Event]) -> Vec<&'static str> {
        events.iter().map(Event::kind).collect()
    }

    #[test]
    fn a_deferred_outcome_pauses_for_a_person_whatever_the_executor() {
        let (end, events) = run("ticket", Some(Arc::new(Ticket)));
        assert_eq!(
            end.status,
            RunStatus::Paused {
                reason: PauseReason::Manual {
                    steps: vec!["file".into()]
                }
            }
        );
        assert_eq!(end.status.name(), "awaiting-person");
        assert_eq!(end.steps[0].status, StepStatus::Waiting);
        assert_eq!(end.steps[1].status, StepStatus::Pending);
        assert_eq!(
            kinds(&events),
            [
                "run_created",
                "session_started",
                "step_started",
                "step_waiting",
                "paused"
            ]
        );
        assert!(events.contains(&Event::StepWaiting {
            step: "file".into(),
            to: Some("the ops queue".into()),
            reference: Some("OPS-4".into()),
        }));
    }

    #[test]
    fn a_manual_step_away_from_a_terminal_waits_without_starting() {
        let (end, events) = run("manual", None);
        assert_eq!(end.status.name(), "awaiting-person");
        assert_eq!(end.steps[0].executor, None, "nothing was started");
        assert_eq!(
            kinds(&events),
            ["run_created", "session_started", "step_waiting", "paused"]
        );
        assert!(events.contains(&Event::StepWaiting {
            step: "file".into(),
            to: Some("a person".into()),
            reference: Some("skill-chains step done r file".into()),
        }));
    }
}
