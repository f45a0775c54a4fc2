//! Monte Carlo simulation of a network's finish: sample every duration from
//! its three-point estimate, run the forward pass, repeat.
//!
//! Sampling is Beta-PERT (`o + (p - o) * Beta(a, b)` with
//! `a = 1 + 4(m - o)/(p - o)`, `b = 1 + 4(p - m)/(p - o)`, mean (o+4m+p)/6)
//! or triangular. Runs are split into fixed blocks of iterations, each with
//! its own ChaCha8 stream derived from the seed, so the result depends on the
//! seed only, never on the number of threads.
//!
//! Beta variates are drawn by inverting a per-step quantile table (512
//! equal-probability slices of the exact Beta(a, b) distribution, integrated
//! numerically once per step), one uniform number per draw. A rejection
//! sampler (`rand_distr::Beta`, the reference in the tests) costs about ten
//! times more, and sampling is most of the simulation's time: the table is
//! what keeps 100,000 runs of a 100-step workflow well under 300 ms.

use std::sync::atomic::{AtomicU64, Ordering};

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::Serialize;

use crate::plan::cpm::{epsilon, forward};
use crate::plan::network::{Duration3, Network};

/// How durations are drawn from three-point estimates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Sampling {
    #[default]
    BetaPert,
    Triangular,
}

#[derive(Debug, Clone, PartialEq)]
pub struct MonteCarloOptions {
    pub iterations: u32,
    pub seed: u64,
    pub sampling: Sampling,
    /// A deadline to report the probability of meeting, in working minutes.
    pub deadline: Option<f64>,
    /// Histogram bins.
    pub bins: usize,
    /// Worker threads (at least one); does not change the result.
    pub threads: usize,
}

impl Default for MonteCarloOptions {
    fn default() -> Self {
        MonteCarloOptions {
            iterations: 10_000,
            seed: 0,
            sampling: Sampling::BetaPert,
            deadline: None,
            bins: 20,
            threads: 1,
        }
    }
}

/// Counts of finishes in equal-width bins from `start`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Histogram {
    pub start: f64,
    pub width: f64,
    pub counts: Vec<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MonteCarlo {
    pub iterations: u32,
    pub seed: u64,
    pub sampling: Sampling,
    pub mean: f64,
    pub sd: f64,
    pub min: f64,
    pub max: f64,
    pub p50: f64,
    pub p80: f64,
    pub p95: f64,
    pub deadline: Option<f64>,
    /// Share of runs finishing by the deadline.
    pub deadline_probability: Option<f64>,
    /// Per activity: the share of runs in which it was critical.
    pub criticality: Vec<f64>,
    pub histogram: Histogram,
}

const BLOCK: u32 = 2048;

/// One activity's sampler.
#[derive(Debug, Clone)]
enum Sampler {
    Fixed(f64),
    Beta {
        low: f64,
        range: f64,
        quantiles: Vec<f32>,
    },
    Triangular {
        low: f64,
        high: f64,
        mode: f64,
        split: f64,
    },
}

/// Equal-probability slices of a Beta quantile table.
const SLICES: usize = 512;
/// Grid intervals for integrating the Beta density.
const GRID: usize = 2048;

/// The quantiles of Beta(a, b) (a, b >= 1) at 0, 1/SLICES, ..., 1: the
/// density is integrated with the trapezoid rule on a fine grid and the
/// cumulative distribution inverted by linear interpolation.
fn beta_quantiles(a: f64, b: f64) -> Vec<f32> {
    let density = |x: f64| x.powf(a - 1.0) * (1.0 - x).powf(b - 1.0);
    let h = 1.0 / GRID as f64;
    let mut cdf = Vec::with_capacity(GRID + 1);
    cdf.push(0.0f64);
    let mut prev = density(0.0);
    for j in 1..=GRID {
        let d = density(j as f64 * h);
        cdf.push(cdf[j - 1] + (prev + d) * 0.5 * h);
        prev = d;
    }
    let total = cdf[GRID];
    let mut q = Vec::with_capacity(SLICES + 1);
    let mut j = 0;
    for k in 0..=SLICES {
        let target = total * k as f64 / SLICES as f64;
        while j < GRID - 1 && cdf[j + 1] < target {
            j += 1;
        }
        let span = cdf[j + 1] - cdf[j];
        let frac = if span > 0.0 {
            ((target - cdf[j]) / span).clamp(0.0, 1.0)
        } else {
            0.0
        };
        q.push(((j as f64 + frac) * h) as f32);
    }
    q[0] = 0.0;
    q[SLICES] = 1.0;
    q
}

impl Sampler {
    fn new(d: Duration3, sampling: Sampling) -> Sampler {
        let (o, m, p) = (d.optimistic, d.likely, d.pessimistic);
        let range = p - o;
        if range <= 0.0 {
            return Sampler::Fixed(d.likely);
        }
        match sampling {
            Sampling::BetaPert => {
                let a = 1.0 + 4.0 * (m - o) / range;
                let b = 1.0 + 4.0 * (p - m) / range;
                Sampler::Beta {
                    low: o,
                    range,
                    quantiles: beta_quantiles(a, b),
                }
            }
            Sampling::Triangular => Sampler::Triangular {
                low: o,
                high: p,
                mode: m,
                split: (m - o) / range,
            },
        }
    }

    #[inline]
    fn sample(&self, rng: &mut ChaCha8Rng) -> f64 {
        match self {
            Sampler::Fixed(x) => *x,
            Sampler::Beta {
                low,
                range,
                quantiles,
            } => {
                let u: f64 = rng.random();
                let pos = u * SLICES as f64;
                let i = (pos as usize).min(SLICES - 1);
                let (a, b) = (f64::from(quantiles[i]), f64::from(quantiles[i + 1]));
                low + range * (a + (pos - i as f64) * (b - a))
            }
            Sampler::Triangular {
                low,
                high,
                mode,
                split,
            } => {
                let u: f64 = rng.random();
                let range = high - low;
                if u < *split {
                    low + (u * range * (mode - low)).sqrt()
                } else {
                    high - ((1.0 - u) * range * (high - mode)).sqrt()
                }
            }
        }
    }
}

/// Scratch space and tallies of one worker.
struct Worker {
    durations: Vec<f64>,
    es: Vec<f64>,
    ef: Vec<f64>,
    critical: Vec<bool>,
    stack: Vec<u32>,
    counts: Vec<u32>,
}

impl Worker {
    fn new(n: usize) -> Worker {
        Worker {
            durations: vec![0.0; n],
            es: vec![0.0; n],
            ef: vec![0.0; n],
            critical: vec![false; n],
            stack: Vec::with_capacity(n),
            counts: vec![0; n],
        }
    }

    /// Run iterations `first..first + out.len()` (one block), writing finishes to `out`.
    fn block(
        &mut self,
        net: &Network,
        samplers: &[Sampler],
        seed: u64,
        index: u64,
        out: &mut [f64],
    ) {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        rng.set_stream(index);
        for slot in out.iter_mut() {
            for (d, s) in self.durations.iter_mut().zip(samplers) {
                *d = s.sample(&mut rng);
            }
            let finish = forward(net, &self.durations, &mut self.es, &mut self.ef);
            *slot = finish;
            self.mark_critical(net, finish);
        }
    }

    /// Walk back from the activities that end the run through predecessors
    /// that finish exactly when a critical activity starts: those are the
    /// critical ones (the same set as a full backward pass, but the walk
    /// only touches the critical chains and their predecessors).
    fn mark_critical(&mut self, net: &Network, finish: f64) {
        let eps = epsilon(finish);
        self.stack.clear();
        for (i, &end) in self.ef.iter().enumerate() {
            if (finish - end).abs() <= eps {
                self.critical[i] = true;
                self.stack.push(i as u32);
            }
        }
        let mut k = 0;
        while k < self.stack.len() {
            let i = self.stack[k] as usize;
            k += 1;
            let start = self.es[i];
            for &p in net.pred_slice(i) {
                let p = p as usize;
                if !self.critical[p] && self.ef[p] == start {
                    self.critical[p] = true;
                    self.stack.push(p as u32);
                }
            }
        }
        for &i in &self.stack {
            self.counts[i as usize] += 1;
            self.critical[i as usize] = false;
        }
    }
}

/// Simulate `net`. `progress`, when given, is called with the number of
/// iterations done after each block.
pub fn simulate(
    net: &Network,
    opts: &MonteCarloOptions,
    progress: Option<&(dyn Fn(u64) + Sync)>,
) -> MonteCarlo {
    let iterations = opts.iterations.max(1);
    let samplers: Vec<Sampler> = net
        .durations()
        .iter()
        .map(|&d| Sampler::new(d, opts.sampling))
        .collect();
    let mut finishes = vec![0.0f64; iterations as usize];
    let blocks: Vec<(u64, &mut [f64])> = finishes
        .chunks_mut(BLOCK as usize)
        .enumerate()
        .map(|(b, c)| (b as u64, c))
        .collect();
    let threads = opts.threads.clamp(1, blocks.len().max(1));
    let done = AtomicU64::new(0);
    let run = |mine: Vec<(u64, &mut [f64])>| {
        let mut w = Worker::new(net.len());
        for (index, out) in mine {
            w.block(net, &samplers, opts.seed, index, out);
            let total = done.fetch_add(out.len() as u64, Ordering::Relaxed) + out.len() as u64;
            if let Some(report) = progress {
                report(total);
            }
        }
        w.counts
    };
    let counts: Vec<u32> = if threads == 1 {
        run(blocks)
    } else {
        let mut shares: Vec<Vec<(u64, &mut [f64])>> = (0..threads).map(|_| Vec::new()).collect();
        for (k, b) in blocks.into_iter().enumerate() {
            shares[k % threads].push(b);
        }
        std::thread::scope(|scope| {
            let handles: Vec<_> = shares
                .into_iter()
                .map(|share| scope.spawn(|| run(share)))
                .collect();
            let mut total = vec![0u32; net.len()];
            for h in handles {
                // A worker only panics on a bug; surface it rather than hide it.
                let counts = h.join().unwrap_or_else(|e| std::panic::resume_unwind(e));
                for (t, c) in total.iter_mut().zip(counts) {
                    *t += c;
                }
            }
            total
        })
    };
    summarise(finishes, counts, opts, iterations)
}

fn summarise(
    mut finishes: Vec<f64>,
    counts: Vec<u32>,
    opts: &MonteCarloOptions,
    iterations: u32,
) -> MonteCarlo {
    let n = finishes.len() as f64;
    let mean = finishes.iter().sum::<f64>() / n;
    let var = finishes.iter().map(|f| (f - mean).powi(2)).sum::<f64>() / n;
    let deadline_probability = opts
        .deadline
        .map(|d| finishes.iter().filter(|&&f| f <= d + epsilon(d)).count() as f64 / n);
    finishes.sort_unstable_by(f64::total_cmp);
    let histogram = histogram(&finishes, opts.bins.max(1));
    MonteCarlo {
        iterations,
        seed: opts.seed,
        sampling: opts.sampling,
        mean,
        sd: var.sqrt(),
        min: finishes[0],
        max: finishes[finishes.len() - 1],
        p50: percentile(&finishes, 0.50),
        p80: percentile(&finishes, 0.80),
        p95: percentile(&finishes, 0.95),
        deadline: opts.deadline,
        deadline_probability,
        criticality: counts.iter().map(|&c| f64::from(c) / n).collect(),
        histogram,
    }
}

/// Nearest-rank percentile of sorted values (`q` in 0..=1).
pub fn percentile(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = (q.clamp(0.0, 1.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn histogram(sorted: &[f64], bins: usize) -> Histogram {
    let (lo, hi) = (sorted[0], sorted[sorted.len() - 1]);
    let width = if hi > lo {
        (hi - lo) / bins as f64
    } else {
        1.0
    };
    let mut counts = vec![0u32; if hi > lo { bins } else { 1 }];
    let last = counts.len() - 1;
    for &f in sorted {
        let b = (((f - lo) / width) as usize).min(last);
        counts[b] += 1;
    }
    Histogram {
        start: lo,
        width,
        counts,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::network::NetworkBuilder;
    use crate::plan::pert::pert;
    use proptest::prelude::*;

    fn chain(durations: &[Duration3]) -> Network {
        let mut b = NetworkBuilder::new();
        for (i, &d) in durations.iter().enumerate() {
            b.activity(d, 0.0);
            if i > 0 {
                b.arc(i - 1, i);
            }
        }
        b.build()
    }

    fn opts(iterations: u32, seed: u64) -> MonteCarloOptions {
        MonteCarloOptions {
            iterations,
            seed,
            ..MonteCarloOptions::default()
        }
    }

    #[test]
    fn deterministic_for_a_seed_and_any_thread_count() {
        let net = chain(&[Duration3::new(1.0, 2.0, 9.0), Duration3::new(2.0, 3.0, 4.0)]);
        let one = simulate(&net, &opts(5000, 7), None);
        let two = simulate(
            &net,
            &MonteCarloOptions {
                threads: 2,
                ..opts(5000, 7)
            },
            None,
        );
        assert_eq!(one, two);
        assert_ne!(one.p50, simulate(&net, &opts(5000, 8), None).p50);
    }

    #[test]
    fn serial_chain_converges_to_pert() {
        let steps: Vec<Duration3> = (0..30)
            .map(|i| Duration3::new(1.0, 2.0 + f64::from(i % 3), 8.0))
            .collect();
        let net = chain(&steps);
        let (p, _) = pert(&net);
        for sampling in [Sampling::BetaPert, Sampling::Triangular] {
            let mc = simulate(
                &net,
                &MonteCarloOptions {
                    sampling,
                    ..opts(40_000, 1)
                },
                None,
            );
            if sampling == Sampling::BetaPert {
                // Beta-PERT has exactly the PERT mean; on a long chain the
                // sum is near normal, so P50 is the mean. Its variance is the
                // Beta's, a(b)/(36 * 7) * (p - o)^2, a little above PERT's
                // ((p - o) / 6)^2.
                let exact_sd = steps
                    .iter()
                    .map(|d| {
                        let r = d.pessimistic - d.optimistic;
                        let a = 1.0 + 4.0 * (d.likely - d.optimistic) / r;
                        let b = 1.0 + 4.0 * (d.pessimistic - d.likely) / r;
                        a * b / (36.0 * 7.0) * r * r
                    })
                    .sum::<f64>()
                    .sqrt();
                assert!(
                    (mc.mean - p.mean).abs() < 0.005 * p.mean,
                    "{} vs {}",
                    mc.mean,
                    p.mean
                );
                assert!(
                    (mc.p50 - p.mean).abs() < 0.01 * p.mean,
                    "{} vs {}",
                    mc.p50,
                    p.mean
                );
                assert!(
                    (mc.sd - exact_sd).abs() < 0.03 * exact_sd,
                    "{} vs {exact_sd}",
                    mc.sd
                );
                let normal_p95 = p.mean + 1.644_853_6 * exact_sd;
                assert!((mc.p95 - normal_p95).abs() < 0.01 * p.mean);
            }
            assert!(mc.criticality.iter().all(|&c| c == 1.0));
        }
    }

    #[test]
    fn criticality_splits_between_parallel_branches() {
        // Two identical parallel steps: each is critical in about half the runs
        // (ties are rare with continuous durations).
        let mut b = NetworkBuilder::new();
        b.activity(Duration3::new(1.0, 2.0, 3.0), 0.0);
        b.activity(Duration3::new(1.0, 2.0, 3.0), 0.0);
        b.activity(Duration3::fixed(0.5), 0.0);
        let mc = simulate(&b.build(), &opts(20_000, 3), None);
        assert!((mc.criticality[0] - 0.5).abs() < 0.02);
        assert!((mc.criticality[0] + mc.criticality[1] - 1.0).abs() < 1e-9);
        assert_eq!(mc.criticality[2], 0.0);
    }

    #[test]
    fn deadline_probability_and_histogram() {
        let net = chain(&[Duration3::new(0.0, 5.0, 10.0)]);
        let mc = simulate(
            &net,
            &MonteCarloOptions {
                deadline: Some(5.0),
                ..opts(20_000, 0)
            },
            None,
        );
        assert!((mc.deadline_probability.unwrap() - 0.5).abs() < 0.02);
        assert_eq!(mc.histogram.counts.iter().sum::<u32>(), 20_000);
        assert_eq!(mc.histogram.counts.len(), 20);
        let fixed = simulate(&chain(&[Duration3::fixed(3.0)]), &opts(10, 0), None);
        assert_eq!((fixed.p50, fixed.p95, fixed.sd), (3.0, 3.0, 0.0));
        assert_eq!(fixed.histogram.counts, [10]);
    }

    #[test]
    fn beta_table_matches_the_rejection_sampler() {
        use rand_distr::{Beta, Distribution};
        // PERT shapes: a + b = 6.
        for (a, b) in [(1.0, 5.0), (3.0, 3.0), (1.8, 4.2), (4.9, 1.1)] {
            let d = Duration3::new(0.0, (a - 1.0) / 4.0, 1.0);
            let table = Sampler::new(d, Sampling::BetaPert);
            let exact = Beta::new(a, b).unwrap();
            let mut rng = ChaCha8Rng::seed_from_u64(9);
            let n = 200_000;
            let mut x: Vec<f64> = (0..n).map(|_| table.sample(&mut rng)).collect();
            let mut y: Vec<f64> = (0..n).map(|_| exact.sample(&mut rng)).collect();
            let mean = a / (a + b);
            let var = a * b / ((a + b) * (a + b) * (a + b + 1.0));
            let m = x.iter().sum::<f64>() / n as f64;
            let v = x.iter().map(|t| (t - m).powi(2)).sum::<f64>() / n as f64;
            assert!((m - mean).abs() < 0.003, "{a},{b}: mean {m} vs {mean}");
            assert!((v - var).abs() < 0.03 * var, "{a},{b}: var {v} vs {var}");
            x.sort_by(f64::total_cmp);
            y.sort_by(f64::total_cmp);
            for q in [0.05, 0.2, 0.5, 0.8, 0.95] {
                let (px, py) = (percentile(&x, q), percentile(&y, q));
                assert!((px - py).abs() < 0.006, "{a},{b} q{q}: {px} vs {py}");
            }
        }
    }

    fn arb_network() -> impl Strategy<Value = Network> {
        (1usize..12).prop_flat_map(|n| {
            (
                prop::collection::vec((0.0f64..10.0, 0.0f64..10.0, 0.0f64..10.0, 0.0f64..5.0), n),
                prop::collection::vec((0..n, 0..n), 0..n * 2),
            )
                .prop_map(|(acts, arcs)| {
                    let mut b = NetworkBuilder::new();
                    for (o, m, p, r) in acts {
                        b.activity(Duration3::new(o, m, p), r);
                    }
                    for (a, c) in arcs {
                        b.arc(a.min(c), a.max(c));
                    }
                    b.build()
                })
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        #[test]
        fn percentiles_are_monotone(net in arb_network(), seed in 0u64..1000, tri in any::<bool>()) {
            let sampling = if tri { Sampling::Triangular } else { Sampling::BetaPert };
            let mc = simulate(&net, &MonteCarloOptions { sampling, ..opts(500, seed) }, None);
            prop_assert!(mc.min <= mc.p50 && mc.p50 <= mc.p80 && mc.p80 <= mc.p95 && mc.p95 <= mc.max);
            let (p, _) = pert(&net);
            // Every run is at least the all-optimistic critical path.
            let optimistic: Vec<f64> = net.durations().iter().map(|d| d.optimistic).collect();
            let floor = crate::plan::cpm::cpm(&net, &optimistic).finish;
            prop_assert!(mc.min + 1e-9 >= floor);
            prop_assert!(p.mean + 1e-9 >= floor);
            prop_assert!(mc.criticality.iter().all(|&c| (0.0..=1.0).contains(&c)));
        }
    }
}
