//! A program as one project: every workflow's step graph appended into one
//! activity network, joined by the handoffs, so critical path, PERT, Monte
//! Carlo and the resource-levelled schedule see the program as they see a
//! workflow.
//!
//! How each workflow is placed:
//! - it gets a zero-length *start* and *finish* milestone; its first steps
//!   wait for the start, the finish waits for its last gate;
//! - phase windows (`Month 3-4`) count from the workflow's own start, so a
//!   window's opening becomes a fixed *window* activity after the start
//!   rather than an absolute release;
//! - a handoff adds arcs from the delivering point (a phase gate, the step
//!   producing an artifact, or the finish) to the start of the waiting phase
//!   (or the workflow's start);
//! - an escalation's resume goes through a *pause* activity holding the
//!   `delay` estimate, so Monte Carlo counts the pause as a possible delay;
//! - a cycle runs the returning workflow a second time from `reenter`
//!   (without windows: a re-run starts when the fix is in), followed by a
//!   *further cycles* activity: 0 / 0 / (max_cycles - 1) times the loop's
//!   likely length;
//! - continuous-calendar workflows (incident response) are converted to
//!   business working time (a continuous week is a business week).
//!
//! Only a checked program should be lowered; names that do not resolve are
//! skipped, never a panic.

use serde::Serialize;

use crate::duration::{Calendar, Unit};
use crate::model::program::Program;
use crate::model::program::arcs::{ArcKind, Mark, cycles, handoff_arcs};
use crate::model::{Estimate, Workflow};
use crate::plan::cpm::cpm;
use crate::plan::graph::{NodeKind as GraphNodeKind, StepGraph};
use crate::plan::network::{Duration3, Network, NetworkBuilder};
use crate::plan::schedule::{Work, WorkPersona};

/// What an activity of the program network stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum NodeKind {
    /// A step of a workflow.
    Step,
    /// The end of a phase (its checkpoint).
    Gate,
    /// A workflow starts.
    Start,
    /// A workflow finishes.
    Finish,
    /// A phase window opening, counted from the workflow's start.
    Window,
    /// An escalated workflow's extra wait after the other's gate.
    Pause,
    /// Possible further rounds of a cycle.
    FurtherCycles,
}

/// One activity of the program network.
#[derive(Debug, Clone, Serialize)]
pub struct ProgramNode {
    pub kind: NodeKind,
    /// Index into [`ProgramNetwork::instances`].
    pub instance: usize,
    /// `alias/step-id`, `alias/phase-id` for a gate, `alias#2/...` in a re-run.
    pub id: String,
    pub label: String,
    /// Persona key of a step.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub persona: Option<String>,
    /// Persona as written, for display.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub persona_name: Option<String>,
    /// Index of the phase in its workflow (steps and gates).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phase: Option<usize>,
    pub duration: Duration3,
    /// The people a step can use (one for everything else).
    #[serde(skip)]
    pub people: crate::model::People,
}

/// One run of a workflow in the program (a cycle adds a second run).
#[derive(Debug, Clone, Serialize)]
pub struct Instance {
    /// Index of the member in the program.
    pub member: usize,
    /// `alias`, or `alias#2` for a cycle's re-run.
    pub name: String,
    pub workflow: String,
    /// 1, or 2 for a re-run.
    pub pass: u32,
    pub start: usize,
    pub finish: usize,
    /// The activities of this run (its steps, gates, windows, milestones).
    pub nodes: Vec<usize>,
}

/// The program as one activity network, with what each activity stands for.
#[derive(Debug, Clone)]
pub struct ProgramNetwork {
    pub network: Network,
    pub nodes: Vec<ProgramNode>,
    pub instances: Vec<Instance>,
}

/// Working minutes of `calendar` expressed in business working minutes.
fn to_business(calendar: Calendar) -> f64 {
    Calendar::Business.minutes(Unit::Week) / calendar.minutes(Unit::Week)
}

fn scaled(d: Duration3, k: f64) -> Duration3 {
    Duration3::new(d.optimistic * k, d.likely * k, d.pessimistic * k)
}

fn three_points(e: &Estimate) -> Duration3 {
    Duration3::new(e.optimistic().0, e.likely().0, e.pessimistic().0)
}

/// A workflow placed into the network: the phases it runs, their graph, and
/// where the graph's nodes start in the network.
struct Placed {
    part: Workflow,
    graph: StepGraph,
    offset: usize,
    instance: usize,
}

struct Builder {
    b: NetworkBuilder,
    nodes: Vec<ProgramNode>,
    instances: Vec<Instance>,
}

impl Builder {
    fn node(
        &mut self,
        instance: usize,
        kind: NodeKind,
        id: String,
        label: String,
        d: Duration3,
    ) -> usize {
        let i = self.b.activity(d, 0.0);
        self.nodes.push(ProgramNode {
            kind,
            instance,
            id,
            label,
            persona: None,
            persona_name: None,
            phase: None,
            duration: d,
            people: crate::model::People::ONE,
        });
        self.instances[instance].nodes.push(i);
        i
    }

    /// Append `wf` (from phase `from_phase` on) as a run of member `member`.
    fn place(
        &mut self,
        program: &Program,
        member: usize,
        wf: &Workflow,
        pass: u32,
        from_phase: usize,
    ) -> Placed {
        let alias = &program.members[member].alias.value;
        let name = if pass == 1 {
            alias.clone()
        } else {
            format!("{alias}#{pass}")
        };
        let mut part = wf.clone();
        part.phases.drain(..from_phase.min(part.phases.len()));
        let graph = StepGraph::build(&part);
        let instance = self.instances.len();
        self.instances.push(Instance {
            member,
            name: name.clone(),
            workflow: wf.id.clone(),
            pass,
            start: 0,
            finish: 0,
            nodes: Vec::new(),
        });
        let k = to_business(wf.calendar);
        let start = self.node(
            instance,
            NodeKind::Start,
            format!("{name}/start"),
            format!("{} starts", wf.name.value),
            Duration3::default(),
        );
        let net = graph.network();
        let durations: Vec<Duration3> = net.durations().iter().map(|&d| scaled(d, k)).collect();
        let offset = self.b.append(
            &net.with_durations(durations.clone())
                .with_releases(vec![0.0; net.len()]),
        );
        for (i, n) in graph.nodes.iter().enumerate() {
            self.nodes.push(ProgramNode {
                kind: if n.is_step() {
                    NodeKind::Step
                } else {
                    NodeKind::Gate
                },
                instance,
                id: format!("{name}/{}", n.id),
                label: n.label.clone(),
                persona: n.persona.clone(),
                persona_name: n.persona_name.clone(),
                phase: Some(n.phase + from_phase),
                duration: durations[i],
                people: n.people,
            });
            self.instances[instance].nodes.push(offset + i);
        }
        // Windows open relative to this run's start; a re-run ignores them.
        let mut windows: Vec<(f64, usize)> = Vec::new();
        for (i, n) in graph.nodes.iter().enumerate() {
            if net.predecessors(i).len() == 0 {
                self.b.arc(start, offset + i);
            }
            let release = n.release * k;
            if pass > 1 || release <= 0.0 {
                continue;
            }
            let w = match windows.iter().find(|(r, _)| *r == release) {
                Some(&(_, w)) => w,
                None => {
                    let phase = &part.phases[n.phase];
                    let text = phase
                        .window
                        .as_ref()
                        .map(|w| w.text.value.as_str())
                        .unwrap_or_default();
                    let w = self.node(
                        instance,
                        NodeKind::Window,
                        format!("{name}/{}-window", phase.id.value),
                        format!("{} window opens ({text})", phase.name.value),
                        Duration3::fixed(release),
                    );
                    self.b.arc(start, w);
                    windows.push((release, w));
                    w
                }
            };
            self.b.arc(w, offset + i);
        }
        let finish = self.node(
            instance,
            NodeKind::Finish,
            format!("{name}/finish"),
            format!("{} finishes", wf.name.value),
            Duration3::default(),
        );
        match part.phases.len() {
            0 => self.b.arc(start, finish),
            n => self.b.arc(offset + graph.gate(n - 1), finish),
        }
        self.instances[instance].start = start;
        self.instances[instance].finish = finish;
        Placed {
            part,
            graph,
            offset,
            instance,
        }
    }

    /// The node marking `mark` in a placed workflow.
    fn mark(&self, p: &Placed, mark: &Mark) -> usize {
        let finish = self.instances[p.instance].finish;
        match mark {
            Mark::Finish => finish,
            Mark::PhaseEnd(k) if *k < p.part.phases.len() => p.offset + p.graph.gate(*k),
            Mark::PhaseEnd(_) => finish,
            Mark::Artifact(a) => {
                let makes = |i: usize| match p.graph.nodes[i].kind {
                    GraphNodeKind::Step { step } => p.part.phases[p.graph.nodes[i].phase].steps
                        [step]
                        .outputs
                        .iter()
                        .any(|o| &o.value == a),
                    GraphNodeKind::Gate => false,
                };
                let delivers = || {
                    p.part.phases.iter().position(|ph| {
                        ph.deliverable.as_ref().and_then(|d| d.artifact.as_deref())
                            == Some(a.as_str())
                    })
                };
                match (0..p.graph.len()).find(|&i| makes(i)) {
                    Some(i) => p.offset + i,
                    None => delivers().map_or(finish, |k| p.offset + p.graph.gate(k)),
                }
            }
        }
    }

    /// The nodes that cannot start before phase `phase` of a placed workflow may.
    fn waiting(&self, p: &Placed, phase: usize) -> Vec<usize> {
        let inst = &self.instances[p.instance];
        if phase == 0 {
            return vec![inst.start];
        }
        let nodes: Vec<usize> = (0..p.graph.len())
            .filter(|&i| p.graph.nodes[i].phase == phase)
            .map(|i| p.offset + i)
            .collect();
        if nodes.is_empty() {
            vec![inst.finish]
        } else {
            nodes
        }
    }
}

impl ProgramNetwork {
    /// Lower a checked program (see the module documentation).
    pub fn build(program: &Program) -> ProgramNetwork {
        let mut b = Builder {
            b: NetworkBuilder::new(),
            nodes: Vec::new(),
            instances: Vec::new(),
        };
        let mut placed: Vec<Option<Placed>> = Vec::with_capacity(program.members.len());
        for (m, member) in program.members.iter().enumerate() {
            placed.push(member.workflow().map(|wf| b.place(program, m, wf, 1, 0)));
        }
        for arc in handoff_arcs(program) {
            let (Some(from), Some(to)) = (&placed[arc.from], &placed[arc.to]) else {
                continue;
            };
            let source = b.mark(from, &arc.at);
            let mut source = source;
            if let ArcKind::Resume { delay } = arc.kind {
                let wf_from = &program.members[arc.from];
                let wf_to = &program.members[arc.to];
                let d = delay.as_ref().map(three_points).unwrap_or_default();
                let pause = b.node(
                    to.instance,
                    NodeKind::Pause,
                    format!("{}/paused-for-{}", wf_to.alias.value, wf_from.alias.value),
                    format!(
                        "{} paused until {}'s gate passes",
                        wf_to.alias.value, wf_from.alias.value
                    ),
                    d,
                );
                b.b.arc(source, pause);
                source = pause;
            }
            for t in b.waiting(to, arc.phase) {
                b.b.arc(source, t);
            }
        }
        for c in cycles(program) {
            let Some(pb) = &placed[c.to] else { continue };
            let fb = b.instances[pb.instance].finish;
            let rerun = b.place(program, c.from, c.from_workflow, 2, c.reenter);
            let (s2, f2) = (
                b.instances[rerun.instance].start,
                b.instances[rerun.instance].finish,
            );
            b.b.arc(fb, s2);
            let rounds = c.max_cycles.map_or(1, |m| m.max(1)) - 1;
            if rounds > 0 {
                let lap = likely_length(&pb.graph, to_business(c.to_workflow.calendar))
                    + likely_length(&rerun.graph, to_business(c.from_workflow.calendar));
                let (from, to) = (
                    &program.members[c.from].alias.value,
                    &program.members[c.to].alias.value,
                );
                let further = b.node(
                    rerun.instance,
                    NodeKind::FurtherCycles,
                    format!("{from}#2/further-cycles"),
                    format!("up to {rounds} more cycle(s) of {to} -> {from}"),
                    Duration3::new(0.0, 0.0, lap * rounds as f64),
                );
                b.b.arc(f2, further);
            }
        }
        ProgramNetwork {
            network: b.b.build(),
            nodes: b.nodes,
            instances: b.instances,
        }
    }

    /// The network whose finish is instance `instance`'s finish: every
    /// activity that does not lead to it takes no time. Simulating it gives
    /// the distribution of that workflow's finish inside the program.
    pub fn finish_network(&self, instance: usize) -> Network {
        let target = self.instances[instance].finish;
        let mut leads = vec![false; self.network.len()];
        leads[target] = true;
        let mut stack = vec![target];
        while let Some(i) = stack.pop() {
            for p in self.network.predecessors(i) {
                if !leads[p] {
                    leads[p] = true;
                    stack.push(p);
                }
            }
        }
        let durations = (0..self.network.len())
            .map(|i| {
                if leads[i] {
                    self.network.duration(i)
                } else {
                    Duration3::default()
                }
            })
            .collect();
        self.network.with_durations(durations)
    }

    /// The program as work for the resource-levelled scheduler: each step
    /// needs its persona; everything else (gates, windows, pauses) none.
    pub fn work(&self) -> Work<'_> {
        Work {
            network: &self.network,
            personas: self
                .nodes
                .iter()
                .map(|n| {
                    (n.kind == NodeKind::Step).then(|| WorkPersona {
                        key: n.persona.as_deref().unwrap_or_default(),
                        name: n.persona_name.as_deref().unwrap_or_default(),
                        people: n.people,
                    })
                })
                .collect(),
            calendar: Calendar::Business,
        }
    }

    /// The instances (runs) of member `member`.
    pub fn runs_of(&self, member: usize) -> impl Iterator<Item = &Instance> {
        self.instances.iter().filter(move |i| i.member == member)
    }
}

/// The critical-path length of a step graph with likely durations.
fn likely_length(graph: &StepGraph, k: f64) -> f64 {
    let net = graph.network();
    let likely: Vec<f64> = net.durations().iter().map(|d| d.likely * k).collect();
    cpm(&net.with_releases(vec![0.0; net.len()]), &likely).finish
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;
    use crate::catalog::Programs;
    use crate::check::program_rules::test_support::{CLEAN, TestResolver};
    use crate::compose::check_program_source;
    use crate::plan::pert::pert;

    fn program(yaml: &str) -> Program {
        check_program_source(yaml, &TestResolver)
            .program
            .expect("parses")
    }

    fn finish_of(pn: &ProgramNetwork, name: &str, c: &crate::plan::cpm::Cpm) -> f64 {
        let i = pn
            .instances
            .iter()
            .find(|i| i.name == name)
            .expect("instance");
        c.early_finish[i.finish]
    }

    #[test]
    fn handoffs_order_the_workflows() {
        let pn = ProgramNetwork::build(&program(CLEAN));
        assert!(pn.network.dropped_arcs().is_empty());
        assert_eq!(pn.nodes.len(), pn.network.len());
        let (_, c) = pert(&pn.network);
        let start =
            |name: &str| c.early_start[pn.instances.iter().find(|i| i.name == name).unwrap().start];
        // The app's build waits for the API design (2w likely); the review starts
        // when the spec exists; the cycle re-runs the API after the review.
        let week = 2400.0;
        let build = pn.nodes.iter().position(|n| n.id == "app/code").unwrap();
        assert!(c.early_start[build] >= 2.0 * week - 1e-6);
        assert!(start("review") >= week);
        assert!(start("review") >= finish_of(&pn, "api", &c) - 1e-6);
        assert!(start("api#2") >= finish_of(&pn, "review", &c) - 1e-6);
        // The app's release waits for the review (escalation resume) and the API (converge).
        let release = pn.nodes.iter().position(|n| n.id == "app/ship").unwrap();
        assert!(c.early_start[release] >= finish_of(&pn, "api", &c) - 1e-6);
        assert!(c.early_start[release] >= finish_of(&pn, "review", &c) - 1e-6);
        assert!(pn.nodes.iter().any(|n| n.kind == NodeKind::Pause));
        assert!(pn.nodes.iter().any(|n| n.kind == NodeKind::FurtherCycles));
    }

    #[test]
    fn windows_count_from_the_workflow_start() {
        let pn = ProgramNetwork::build(&program(CLEAN));
        let (_, c) = pert(&pn.network);
        // The app's Release window (Week 9) opens 8 weeks after the app starts.
        let w = pn
            .nodes
            .iter()
            .position(|n| n.id == "app/release-window")
            .unwrap();
        assert_eq!(pn.nodes[w].duration, Duration3::fixed(8.0 * 2400.0));
        assert!(pn.network.predecessors(w).eq([pn.instances[1].start]));
        assert!(c.early_finish[w] >= 8.0 * 2400.0);
    }

    #[test]
    fn a_workflow_finish_network_ends_at_that_workflow() {
        let pn = ProgramNetwork::build(&program(CLEAN));
        let (_, c) = pert(&pn.network);
        for (k, inst) in pn.instances.iter().enumerate() {
            let sub = pn.finish_network(k);
            let (p, _) = pert(&sub);
            assert!(
                (p.mean - c.early_finish[inst.finish]).abs() < 1e-6,
                "{}",
                inst.name
            );
        }
    }

    #[test]
    fn one_person_per_persona_levels_the_whole_program() {
        use crate::plan::schedule::{ScheduleOptions, schedule_work};
        use crate::plan::team::Team;
        let pn = ProgramNetwork::build(&program(CLEAN));
        let opts = ScheduleOptions {
            quantum: Some(480.0),
            ..ScheduleOptions::default()
        };
        let s = schedule_work(&pn.work(), &Team::unlimited_default(), &opts, None).unwrap();
        assert!(s.feasible);
        assert!(s.finish + 1e-6 >= s.unconstrained);
        // Handoffs hold in the levelled schedule: the app's build after the API design.
        let spec = pn.nodes.iter().position(|n| n.id == "api/spec").unwrap();
        let build = pn.nodes.iter().position(|n| n.id == "app/code").unwrap();
        assert!(s.placed[build].start + 1e-6 >= s.placed[spec].finish);
    }

    #[test]
    fn every_builtin_program_lowers_acyclic() {
        let catalog = Catalog::builtin();
        for e in Programs::builtin(&catalog.library).entries() {
            let pn = ProgramNetwork::build(&e.program);
            assert!(pn.network.dropped_arcs().is_empty(), "{}", e.file);
            let (p, c) = pert(&pn.network);
            for inst in &pn.instances {
                assert!(c.early_finish[inst.finish] <= c.finish + 1e-6, "{}", e.file);
            }
            assert!(p.mean > 0.0 && p.sd > 0.0, "{}", e.file);
            eprintln!(
                "{}: mean {:.1} weeks, sd {:.1}",
                e.file,
                p.mean / 2400.0,
                p.sd / 2400.0
            );
        }
    }
}
