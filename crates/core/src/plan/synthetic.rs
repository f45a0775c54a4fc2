//! Synthetic workflows of any size, for benchmarks and property tests:
//! phases with week windows, steps with three-point estimates that consume
//! the outputs of a few recent steps, personas spread over the steps.
//! Deterministic for a seed.

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::duration::{Calendar, Timeline, Unit, WorkTime};
use crate::model::{
    Estimate, People, PersonaRef, Phase, PhaseWindow, StatedTimeline, Step, Workflow,
};
use crate::plan::team::{Member, Team};
use crate::span::{Sp, Span};
use crate::window::Window;

#[derive(Debug, Clone, PartialEq)]
pub struct Spec {
    pub steps: usize,
    pub phases: usize,
    /// Distinct personas (`persona-1` ...).
    pub personas: usize,
    /// Most inputs per step.
    pub max_inputs: usize,
    /// Every n-th step can be shared by 1-3 people (`people: 1-3`); 0: none.
    pub shared_every: usize,
    pub seed: u64,
}

impl Spec {
    pub fn new(steps: usize, phases: usize, personas: usize, seed: u64) -> Spec {
        Spec {
            steps,
            phases: phases.clamp(1, steps.max(1)),
            personas: personas.max(1),
            max_inputs: 3,
            shared_every: 0,
            seed,
        }
    }
}

/// The persona key of synthetic persona `k` (0-based).
pub fn persona(k: usize) -> String {
    format!("persona-{}", k + 1)
}

/// A team with `per_persona` people for each of the spec's personas.
pub fn team(spec: &Spec, per_persona: u32) -> Team {
    Team {
        name: Some(format!("{} x {per_persona}", spec.personas)),
        default_capacity: 1,
        members: (0..spec.personas)
            .map(|k| Member {
                written: persona(k),
                key: persona(k),
                count: per_persona,
                share: 1.0,
                covers: Vec::new(),
            })
            .collect(),
    }
}

/// Generate a workflow. Step `n` outputs `a<n>` and needs up to
/// `max_inputs` outputs of the 50 steps before it, so chains stay local and
/// phases overlap in content the way real playbooks do.
pub fn workflow(spec: &Spec) -> Workflow {
    let mut rng = ChaCha8Rng::seed_from_u64(spec.seed);
    let cal = Calendar::Business;
    let per_phase = spec.steps.div_ceil(spec.phases.max(1)).max(1);
    let sp = |s: String| Sp::new(s, Span::default());
    let mut phases: Vec<Phase> = Vec::with_capacity(spec.phases);
    let mut week = 1usize;
    for k in 0..spec.phases {
        let first = k * per_phase;
        let last = ((k + 1) * per_phase).min(spec.steps);
        let weeks = (last.saturating_sub(first) / 10).clamp(1, 12);
        let text = format!("Week {week}-{}", week + weeks - 1);
        week += weeks;
        let steps = (first..last)
            .map(|n| {
                let inputs = if n == 0 {
                    Vec::new()
                } else {
                    let count = rng.random_range(0..=spec.max_inputs.min(n));
                    let mut v: Vec<usize> = (0..count)
                        .map(|_| n - rng.random_range(1..=n.min(50)))
                        .collect();
                    v.sort_unstable();
                    v.dedup();
                    v.into_iter().map(|p| sp(format!("a{p}"))).collect()
                };
                let likely = rng.random_range(1.0..10.0f64);
                let o = likely * rng.random_range(0.5..0.9);
                let p = likely * rng.random_range(1.2..2.5);
                let days = |x: f64| WorkTime::of(x, Unit::Day, cal);
                let key = persona(rng.random_range(0..spec.personas));
                Step {
                    id: sp(format!("s{n}")),
                    persona: PersonaRef {
                        written: key.clone(),
                        slug: Some(key),
                        span: Span::default(),
                    },
                    action: sp(format!("Step {n}")),
                    inputs,
                    outputs: vec![sp(format!("a{n}"))],
                    after: Vec::new(),
                    estimate: Some(sp_estimate(Estimate::ThreePoint {
                        optimistic: days(o),
                        likely: days(likely),
                        pessimistic: days(p),
                    })),
                    estimate_text: None,
                    executor: None,
                    command: None,
                    prompt: None,
                    retries: None,
                    people: (spec.shared_every > 0 && n % spec.shared_every == 0)
                        .then(|| Sp::new(People::new(1, 3), Span::default())),
                    timeout: None,
                    span: Span::default(),
                }
            })
            .collect();
        phases.push(Phase {
            id: sp(format!("p{}", k + 1)),
            name: sp(format!("Phase {}", k + 1)),
            window: Some(PhaseWindow {
                parsed: Window::parse(&text, cal),
                text: sp(text),
            }),
            gap_reason: None,
            skills: Vec::new(),
            steps,
            deliverable: None,
            checkpoint: None,
            decisions: Vec::new(),
            span: Span::default(),
        });
    }
    let total = format!("{}-{} weeks", week.saturating_sub(1).max(1), 2 * week);
    Workflow {
        id: format!("synthetic-{}", spec.steps),
        name: sp(format!("Synthetic {} steps", spec.steps)),
        version: 1,
        category: None,
        description: None,
        timeline: Some(StatedTimeline {
            parsed: Timeline::parse(&total, cal),
            text: total,
            min: None,
            max: None,
            span: Span::default(),
        }),
        calendar: cal,
        trigger: None,
        inputs: Vec::new(),
        success_criteria: Vec::new(),
        phases,
        pitfalls: Vec::new(),
        retrospective: Vec::new(),
        notes: Vec::new(),
    }
}

fn sp_estimate(e: Estimate) -> Sp<Result<Estimate, crate::model::EstimateError>> {
    Sp::new(Ok(e), Span::default())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::graph::StepGraph;

    #[test]
    fn generates_the_requested_shape() {
        let spec = Spec::new(200, 5, 12, 7);
        let wf = workflow(&spec);
        assert_eq!(wf.step_count(), 200);
        assert_eq!(wf.phases.len(), 5);
        assert!(wf.phases.iter().all(|p| p.window().is_some()));
        let g = StepGraph::build(&wf);
        assert!(g.network().dropped_arcs().is_empty());
        assert!(g.derived_estimates().next().is_none());
        assert_eq!(
            workflow(&spec).phases[2].steps[5].inputs,
            wf.phases[2].steps[5].inputs
        );
        assert_eq!(team(&spec, 2).members.len(), 12);
    }
}
