//! Schedule-generation schemes (SGS).
//!
//! Both schemes keep a resource profile indexed by time (`avail[t * k + r]`
//! is the free capacity of resource `r` in period `t`). The serial scheme
//! places the activities of a precedence-feasible list one by one at their
//! earliest precedence- and resource-feasible start; its fit search never
//! re-reads a period, so one activity costs O((shift + duration) * k). The
//! parallel scheme advances a decision time and starts, in priority order,
//! every eligible activity that fits.
//!
//! Both schemes work forwards or, on the reversed precedence graph,
//! backwards (used by forward-backward improvement).

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use super::instance::Instance;

/// Which way precedence arcs are followed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Ordinary schedule: an activity waits for its predecessors.
    Forward,
    /// Reversed time: an activity waits for its successors. Start times are
    /// measured from the end of the project.
    Backward,
}

/// Reusable workspace for the schedule-generation schemes of one instance.
#[derive(Debug, Clone)]
pub struct Sgs {
    k: usize,
    cap: Vec<u32>,
    /// Free capacity, time-major; grows on demand.
    avail: Vec<u32>,
    /// Periods that may differ from full capacity.
    touched: usize,
    finish: Vec<u32>,
    /// Compact demands: `req[req_at[j]..req_at[j + 1]]` holds the
    /// `(resource, units)` pairs of activity `j` with positive units.
    req: Vec<(usize, u32)>,
    req_at: Vec<usize>,
}

impl Sgs {
    pub fn new(inst: &Instance) -> Sgs {
        let mut req = Vec::new();
        let mut req_at = Vec::with_capacity(inst.n + 1);
        req_at.push(0);
        for j in 0..inst.n {
            req.extend(
                inst.demands(j)
                    .iter()
                    .enumerate()
                    .filter(|&(_, &q)| q > 0)
                    .map(|(r, &q)| (r, q)),
            );
            req_at.push(req.len());
        }
        Sgs {
            k: inst.k,
            cap: inst.cap.clone(),
            avail: Vec::new(),
            touched: 0,
            finish: vec![0; inst.n],
            req,
            req_at,
        }
    }

    fn reset(&mut self) {
        let k = self.k;
        if k > 0 {
            for row in self.avail[..self.touched * k].chunks_exact_mut(k) {
                row.copy_from_slice(&self.cap);
            }
        }
        self.touched = 0;
    }

    #[inline]
    fn ensure(&mut self, periods: usize) {
        let need = periods * self.k;
        if self.avail.len() < need {
            let periods_now = self.avail.len() / self.k.max(1);
            let target = periods.max(periods_now * 2).max(64);
            self.avail.reserve(target * self.k - self.avail.len());
            while self.avail.len() < target * self.k {
                self.avail.extend_from_slice(&self.cap);
            }
        }
    }

    /// Earliest `t >= from` such that `dem` fits in every period of
    /// `[t, t + dur)`.
    #[inline]
    fn earliest_fit(&mut self, j: usize, dur: u32, from: u32) -> u32 {
        let k = self.k;
        let d = dur as usize;
        let mut t = from as usize;
        let mut tau = t;
        let (lo, hi) = (self.req_at[j], self.req_at[j + 1]);
        loop {
            if tau == t + d {
                return t as u32;
            }
            self.ensure(tau + 1);
            let row = &self.avail[tau * k..tau * k + k];
            if self.req[lo..hi].iter().any(|&(r, q)| row[r] < q) {
                t = tau + 1;
            }
            tau += 1;
        }
    }

    #[inline]
    fn fits_at(&mut self, dem: &[u32], dur: u32, t: u32) -> bool {
        let k = self.k;
        let (t, d) = (t as usize, dur as usize);
        self.ensure(t + d);
        (t..t + d).all(|tau| {
            let row = &self.avail[tau * k..tau * k + k];
            row.iter().zip(dem).all(|(&a, &q)| a >= q)
        })
    }

    #[inline]
    fn reserve(&mut self, dem: &[u32], dur: u32, t: u32) {
        let k = self.k;
        let (t, d) = (t as usize, dur as usize);
        self.ensure(t + d);
        for row in self.avail[t * k..(t + d) * k].chunks_exact_mut(k) {
            for (a, &q) in row.iter_mut().zip(dem) {
                *a -= q;
            }
        }
        self.touched = self.touched.max(t + d);
    }

    /// Serial SGS: schedule the activities in `list` order, each at its
    /// earliest feasible start. `list` must hold every activity once in an
    /// order compatible with the precedences of `dir` (predecessors first
    /// for [`Direction::Forward`], successors first for
    /// [`Direction::Backward`]). Writes `starts` and returns the makespan.
    pub fn serial(
        &mut self,
        inst: &Instance,
        list: &[usize],
        dir: Direction,
        starts: &mut [u32],
    ) -> u32 {
        self.reset();
        let preds = match dir {
            Direction::Forward => &inst.pred,
            Direction::Backward => &inst.succ,
        };
        let mut makespan = 0;
        for &j in list {
            let mut es = 0;
            for &p in &preds[j] {
                es = es.max(self.finish[p]);
            }
            let d = inst.dur[j];
            let s = if inst.uses_resources[j] {
                let s = self.earliest_fit(j, d, es);
                self.reserve(inst.demands(j), d, s);
                s
            } else {
                es
            };
            starts[j] = s;
            self.finish[j] = s + d;
            makespan = makespan.max(s + d);
        }
        makespan
    }

    /// Parallel SGS (forward): at each decision time, start the eligible
    /// activities that fit, smallest `key` first (ties by index). Writes
    /// `starts` and returns the makespan.
    pub fn parallel(&mut self, inst: &Instance, key: &[f64], starts: &mut [u32]) -> u32 {
        self.reset();
        let n = inst.n;
        let mut missing: Vec<usize> = inst.pred.iter().map(Vec::len).collect();
        let mut es = vec![0u32; n];
        let mut eligible: Vec<usize> = (0..n).filter(|&j| missing[j] == 0).collect();
        let mut events: BinaryHeap<Reverse<u32>> = BinaryHeap::new();
        let mut done = 0;
        let mut t = 0u32;
        let mut makespan = 0;
        let mut cands: Vec<usize> = Vec::new();
        while done < n {
            loop {
                cands.clear();
                cands.extend(eligible.iter().copied().filter(|&j| es[j] <= t));
                if cands.is_empty() {
                    break;
                }
                cands.sort_by(|&a, &b| key[a].total_cmp(&key[b]).then(a.cmp(&b)));
                let mut released_now = false;
                for &j in &cands {
                    let d = inst.dur[j];
                    if inst.uses_resources[j] {
                        let dem = inst.demands(j);
                        if !self.fits_at(dem, d, t) {
                            continue;
                        }
                        self.reserve(dem, d, t);
                    }
                    starts[j] = t;
                    let f = t + d;
                    self.finish[j] = f;
                    makespan = makespan.max(f);
                    done += 1;
                    if let Some(pos) = eligible.iter().position(|&e| e == j) {
                        eligible.swap_remove(pos);
                    }
                    if d > 0 {
                        events.push(Reverse(f));
                    }
                    for &s in &inst.succ[j] {
                        es[s] = es[s].max(f);
                        missing[s] -= 1;
                        if missing[s] == 0 {
                            eligible.push(s);
                            released_now |= es[s] <= t;
                        }
                    }
                }
                if !released_now {
                    break;
                }
            }
            if done == n {
                break;
            }
            while events.peek().is_some_and(|&Reverse(f)| f <= t) {
                events.pop();
            }
            let next_release = eligible.iter().map(|&j| es[j]).filter(|&e| e > t).min();
            let next_finish = events.peek().map(|&Reverse(f)| f);
            t = match (next_release, next_finish) {
                (Some(a), Some(b)) => a.min(b),
                (Some(a), None) | (None, Some(a)) => a,
                // Unreachable for a validated instance: something is always
                // running or waiting for a release time.
                (None, None) => break,
            };
        }
        makespan
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Activity, Project};
    use super::*;

    fn act(duration: u32, demand: u32, successors: Vec<usize>) -> Activity {
        Activity {
            duration,
            demands: vec![demand],
            successors,
        }
    }

    #[test]
    fn serial_fills_holes_and_parallel_does_not_delay() {
        // 0 -> 2; 1 independent. Capacity 2.
        let p = Project {
            activities: vec![act(2, 2, vec![2]), act(3, 1, vec![]), act(1, 1, vec![])],
            capacities: vec![2],
        };
        let inst = Instance::new(&p).unwrap();
        let mut sgs = Sgs::new(&inst);
        let mut starts = vec![0; 3];
        let ms = sgs.serial(&inst, &[0, 1, 2], Direction::Forward, &mut starts);
        assert_eq!(starts, vec![0, 2, 2]);
        assert_eq!(ms, 5);
        let ms = sgs.parallel(&inst, &[0.0, 1.0, 2.0], &mut starts);
        assert_eq!(starts, vec![0, 2, 2]);
        assert_eq!(ms, 5);
        // Backward: activity 2 has no successors, scheduled first in reverse.
        let ms = sgs.serial(&inst, &[2, 1, 0], Direction::Backward, &mut starts);
        assert_eq!(ms, 5);
        assert_eq!(starts, vec![3, 0, 0]);
    }

    #[test]
    fn zero_duration_chains_in_parallel_sgs() {
        let p = Project {
            activities: vec![act(0, 0, vec![1]), act(0, 5, vec![2]), act(2, 1, vec![])],
            capacities: vec![1],
        };
        let inst = Instance::new(&p).unwrap();
        let mut sgs = Sgs::new(&inst);
        let mut starts = vec![9; 3];
        assert_eq!(sgs.parallel(&inst, &[0.0; 3], &mut starts), 2);
        assert_eq!(starts, vec![0, 0, 0]);
    }
}
