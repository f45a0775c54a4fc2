//! Activity-list genetic algorithm with double justification.
//!
//! Hartmann's (1998) activity-list representation, two-point crossover and
//! adjacent-swap mutation, decoded by the serial SGS. Every decoded schedule
//! is double-justified and the justified order replaces the individual's
//! list (Valls et al. 2005). Survivors are the best distinct individuals of
//! parents and children; after a long stagnation the population is
//! refreshed with biased random samples around the best individuals.

use std::time::Instant;

use rand::RngExt;
use rand_chacha::ChaCha8Rng;

use super::instance::Instance;
use super::justify::Justifier;
use super::priority;
use super::sgs::{Direction, Sgs};

/// Schedule budget and deadline shared by all phases of a solve.
pub struct Budget<'a> {
    pub used: u64,
    pub max: u64,
    pub deadline: Option<Instant>,
    pub timed_out: bool,
    progress: Option<&'a mut dyn FnMut(u64)>,
    last_report: u64,
}

impl<'a> Budget<'a> {
    pub fn new(
        max: u64,
        deadline: Option<Instant>,
        progress: Option<&'a mut dyn FnMut(u64)>,
    ) -> Self {
        Budget {
            used: 0,
            max,
            deadline,
            timed_out: false,
            progress,
            last_report: 0,
        }
    }

    /// Whether no further schedule may be generated.
    pub fn exhausted(&mut self) -> bool {
        if self.used >= self.max || self.timed_out {
            return true;
        }
        if let Some(d) = self.deadline
            && Instant::now() >= d
        {
            self.timed_out = true;
        }
        self.timed_out
    }

    /// Schedules left before the budget is spent.
    pub fn remaining(&self) -> u64 {
        self.max.saturating_sub(self.used)
    }

    pub fn spend(&mut self, schedules: u64) {
        self.used += schedules;
        if self.used - self.last_report >= 1_000 {
            self.report();
        }
    }

    pub fn report(&mut self) {
        self.last_report = self.used;
        if let Some(p) = self.progress.as_mut() {
            p(self.used);
        }
    }
}

/// An evaluated (justified) activity list.
#[derive(Debug, Clone)]
pub struct Individual {
    pub list: Vec<usize>,
    pub makespan: u32,
    pub hash: u64,
}

/// The best schedule seen so far.
#[derive(Debug, Clone)]
pub struct Best {
    pub starts: Vec<u32>,
    pub makespan: u32,
    /// Stop as soon as `makespan` reaches this bound.
    pub lower_bound: u32,
}

/// Decoder: serial SGS plus double justification (3 schedules).
pub struct Decoder<'i> {
    pub inst: &'i Instance,
    pub sgs: Sgs,
    just: Justifier,
    starts: Vec<u32>,
}

impl<'i> Decoder<'i> {
    pub fn new(inst: &'i Instance) -> Self {
        Decoder {
            inst,
            sgs: Sgs::new(inst),
            just: Justifier::new(inst),
            starts: vec![0; inst.n],
        }
    }

    /// Decode `list` (precedence-feasible), justify, update `best`.
    pub fn evaluate(
        &mut self,
        list: Vec<usize>,
        budget: &mut Budget,
        best: &mut Best,
    ) -> Individual {
        let ms = self
            .sgs
            .serial(self.inst, &list, Direction::Forward, &mut self.starts);
        budget.spend(1);
        self.justify_current(ms, list, budget, best)
    }

    /// Justify a schedule produced elsewhere (e.g. by the parallel SGS).
    pub fn evaluate_starts(
        &mut self,
        starts: &[u32],
        makespan: u32,
        budget: &mut Budget,
        best: &mut Best,
    ) -> Individual {
        self.starts.copy_from_slice(starts);
        self.justify_current(makespan, Vec::with_capacity(self.inst.n), budget, best)
    }

    fn justify_current(
        &mut self,
        ms: u32,
        mut list: Vec<usize>,
        budget: &mut Budget,
        best: &mut Best,
    ) -> Individual {
        let ms = if budget.remaining() < 2 || budget.exhausted() {
            list.clear();
            list.extend(0..self.inst.n);
            let st = &self.starts;
            let rank = &self.inst.topo_rank;
            list.sort_unstable_by_key(|&j| (st[j], rank[j]));
            ms
        } else {
            budget.spend(2);
            self.just
                .double_justify(self.inst, &mut self.sgs, &mut self.starts, ms, &mut list)
        };
        if ms < best.makespan {
            best.makespan = ms;
            best.starts.copy_from_slice(&self.starts);
        }
        let mut hash = 0xcbf2_9ce4_8422_2325u64;
        for &s in &self.starts {
            hash = (hash ^ u64::from(s)).wrapping_mul(0x0100_0000_01b3);
        }
        Individual {
            list,
            makespan: ms,
            hash,
        }
    }
}

/// Genetic-algorithm parameters.
#[derive(Debug, Clone)]
pub struct GaParams {
    pub population: usize,
    /// Probability of swapping each adjacent, unrelated pair of a child.
    pub mutation_rate: f64,
    /// Generations without a new best before the population is refreshed.
    pub stall_generations: usize,
}

impl GaParams {
    /// Parameters that suit `n` activities and a budget of `schedules`.
    pub fn for_size(n: usize, schedules: u64) -> Self {
        let by_budget = (schedules / 3 / 60).clamp(8, 150) as usize;
        GaParams {
            population: by_budget.min(if n > 500 { 20 } else { 150 }),
            mutation_rate: 0.05,
            stall_generations: 40,
        }
    }
}

fn tournament<'p>(pop: &'p [Individual], rng: &mut ChaCha8Rng) -> &'p Individual {
    let a = &pop[rng.random_range(0..pop.len())];
    let b = &pop[rng.random_range(0..pop.len())];
    if b.makespan < a.makespan { b } else { a }
}

/// Two-point crossover: positions `[0, q1)` from `mother`, then `[q1, q2)`
/// from `father` in his order, then the rest in `mother`'s order. The child
/// is precedence-feasible when both parents are.
fn crossover(
    mother: &[usize],
    father: &[usize],
    taken: &mut [bool],
    rng: &mut ChaCha8Rng,
) -> Vec<usize> {
    let n = mother.len();
    let mut q1 = rng.random_range(0..=n);
    let mut q2 = rng.random_range(0..=n);
    if q1 > q2 {
        std::mem::swap(&mut q1, &mut q2);
    }
    taken.fill(false);
    let mut child = Vec::with_capacity(n);
    for &j in &mother[..q1] {
        child.push(j);
        taken[j] = true;
    }
    for &j in father {
        if child.len() >= q2 {
            break;
        }
        if !taken[j] {
            child.push(j);
            taken[j] = true;
        }
    }
    for &j in mother {
        if !taken[j] {
            child.push(j);
            taken[j] = true;
        }
    }
    child
}

fn mutate(inst: &Instance, list: &mut [usize], rate: f64, rng: &mut ChaCha8Rng) {
    for i in 1..list.len() {
        if rng.random::<f64>() < rate {
            let (a, b) = (list[i - 1], list[i]);
            if inst.succ[a].binary_search(&b).is_err() {
                list.swap(i - 1, i);
            }
        }
    }
}

/// Keep the best `size` distinct individuals (stable: earlier wins ties).
fn select_survivors(pop: &mut Vec<Individual>, size: usize) {
    pop.sort_by_key(|ind| ind.makespan);
    let mut seen = std::collections::HashSet::with_capacity(pop.len());
    pop.retain(|ind| seen.insert(ind.hash));
    pop.truncate(size);
}

/// Run the GA from `population` until the budget is exhausted or `best`
/// reaches its lower bound.
pub fn run(
    dec: &mut Decoder,
    mut population: Vec<Individual>,
    params: &GaParams,
    budget: &mut Budget,
    rng: &mut ChaCha8Rng,
    best: &mut Best,
    sample_key: &[f64],
) {
    let lower_bound = best.lower_bound;
    let inst = dec.inst;
    let size = params.population.max(2);
    let mut taken = vec![false; inst.n];
    select_survivors(&mut population, size);
    let mut stall = 0;
    let mut last_best = best.makespan;
    while !population.is_empty() && best.makespan > lower_bound && !budget.exhausted() {
        let mut children: Vec<Individual> = Vec::with_capacity(size);
        while children.len() < size && best.makespan > lower_bound && !budget.exhausted() {
            let mother = tournament(&population, rng);
            let father = tournament(&population, rng);
            let mut child = crossover(&mother.list, &father.list, &mut taken, rng);
            mutate(inst, &mut child, params.mutation_rate, rng);
            children.push(dec.evaluate(child, budget, best));
        }
        // Children first so that they win ties against their parents.
        children.append(&mut population);
        population = children;
        select_survivors(&mut population, size);

        if best.makespan < last_best {
            last_best = best.makespan;
            stall = 0;
        } else {
            stall += 1;
        }
        if stall >= params.stall_generations {
            stall = 0;
            let keep = (size / 10).max(1);
            population.truncate(keep);
            while population.len() < size && !budget.exhausted() {
                let list = priority::sample_list(inst, sample_key, 1.0, rng);
                population.push(dec.evaluate(list, budget, best));
            }
        }
    }
    budget.report();
}
