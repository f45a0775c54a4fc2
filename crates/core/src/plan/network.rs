//! The activity network every planner works on: activities with a
//! three-point duration and a release time, joined by finish-to-start arcs.
//!
//! A workflow's [`crate::plan::graph::StepGraph`] lowers into one; a program
//! (several workflows joined by handoffs) can append several networks with
//! [`NetworkBuilder::append`] and add the handoff arcs, so critical path,
//! PERT, Monte Carlo and the resource-levelled schedule work on both.
//!
//! Times are working minutes (`f64`). Arcs are stored twice in compressed
//! rows (predecessors and successors) for fast passes over 100,000 nodes.
//! The network is acyclic by construction: [`NetworkBuilder::build`] breaks
//! any cycle it finds (an unchecked input) and records the arcs it dropped,
//! so planners never loop or panic.

use serde::Serialize;

/// A three-point duration in working minutes: optimistic <= likely <= pessimistic.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct Duration3 {
    pub optimistic: f64,
    pub likely: f64,
    pub pessimistic: f64,
}

impl Duration3 {
    /// A duration without spread.
    pub fn fixed(minutes: f64) -> Duration3 {
        Duration3::new(minutes, minutes, minutes)
    }

    /// Three points, sorted and clamped at zero so a careless caller cannot
    /// produce a negative or inverted estimate.
    pub fn new(optimistic: f64, likely: f64, pessimistic: f64) -> Duration3 {
        let clean = |x: f64| if x.is_finite() { x.max(0.0) } else { 0.0 };
        let mut v = [clean(optimistic), clean(likely), clean(pessimistic)];
        v.sort_by(f64::total_cmp);
        Duration3 {
            optimistic: v[0],
            likely: v[1],
            pessimistic: v[2],
        }
    }

    /// PERT mean: (o + 4m + p) / 6.
    pub fn mean(&self) -> f64 {
        (self.optimistic + 4.0 * self.likely + self.pessimistic) / 6.0
    }

    /// PERT standard deviation: (p - o) / 6.
    pub fn sd(&self) -> f64 {
        (self.pessimistic - self.optimistic) / 6.0
    }

    pub fn is_fixed(&self) -> bool {
        self.pessimistic <= self.optimistic
    }
}

/// An acyclic activity network.
#[derive(Debug, Clone, Default)]
pub struct Network {
    durations: Vec<Duration3>,
    release: Vec<f64>,
    pred_start: Vec<u32>,
    pred: Vec<u32>,
    succ_start: Vec<u32>,
    succ: Vec<u32>,
    topo: Vec<u32>,
    dropped: Vec<(usize, usize)>,
}

/// Collects activities and arcs, then builds a [`Network`].
#[derive(Debug, Clone, Default)]
pub struct NetworkBuilder {
    durations: Vec<Duration3>,
    release: Vec<f64>,
    arcs: Vec<(u32, u32)>,
}

impl NetworkBuilder {
    pub fn new() -> NetworkBuilder {
        NetworkBuilder::default()
    }

    pub fn with_capacity(activities: usize, arcs: usize) -> NetworkBuilder {
        NetworkBuilder {
            durations: Vec::with_capacity(activities),
            release: Vec::with_capacity(activities),
            arcs: Vec::with_capacity(arcs),
        }
    }

    /// Add an activity that may not start before `release`; returns its index.
    pub fn activity(&mut self, duration: Duration3, release: f64) -> usize {
        self.durations.push(duration);
        self.release.push(if release.is_finite() {
            release.max(0.0)
        } else {
            0.0
        });
        self.durations.len() - 1
    }

    /// `to` starts when `from` has finished. Arcs naming a missing activity
    /// and self-loops are ignored.
    pub fn arc(&mut self, from: usize, to: usize) {
        let n = self.durations.len();
        if from < n && to < n && from != to {
            self.arcs.push((from as u32, to as u32));
        }
    }

    /// Copy every activity and arc of `other` in; returns the offset of its
    /// first activity (activity `i` of `other` is `offset + i` here).
    pub fn append(&mut self, other: &Network) -> usize {
        let offset = self.durations.len();
        self.durations.extend_from_slice(&other.durations);
        self.release.extend_from_slice(&other.release);
        for i in 0..other.len() {
            for &s in other.succ_slice(i) {
                self.arcs.push(((offset + i) as u32, offset as u32 + s));
            }
        }
        offset
    }

    pub fn len(&self) -> usize {
        self.durations.len()
    }

    pub fn is_empty(&self) -> bool {
        self.durations.is_empty()
    }

    pub fn build(mut self) -> Network {
        self.arcs.sort_unstable();
        self.arcs.dedup();
        let n = self.durations.len();
        let (topo, dropped) = order(n, &mut self.arcs);
        let (succ_start, succ) = rows(n, self.arcs.iter().copied());
        let (pred_start, pred) = rows(n, self.arcs.iter().map(|&(a, b)| (b, a)));
        Network {
            durations: self.durations,
            release: self.release,
            pred_start,
            pred,
            succ_start,
            succ,
            topo,
            dropped,
        }
    }
}

/// Compressed rows of `arcs` grouped by their first element.
fn rows(n: usize, arcs: impl Iterator<Item = (u32, u32)> + Clone) -> (Vec<u32>, Vec<u32>) {
    let mut start = vec![0u32; n + 1];
    for (a, _) in arcs.clone() {
        start[a as usize + 1] += 1;
    }
    for i in 0..n {
        start[i + 1] += start[i];
    }
    let mut fill = start.clone();
    let mut items = vec![0u32; start[n] as usize];
    for (a, b) in arcs {
        let slot = &mut fill[a as usize];
        items[*slot as usize] = b;
        *slot += 1;
    }
    (start, items)
}

/// A topological order (Kahn, smallest index first among the ready, so the
/// order is stable). When a cycle blocks progress, the smallest blocked
/// activity is released by dropping its arcs from other blocked activities;
/// those arcs are removed from `arcs` and returned.
fn order(n: usize, arcs: &mut Vec<(u32, u32)>) -> (Vec<u32>, Vec<(usize, usize)>) {
    let (succ_start, succ) = rows(n, arcs.iter().copied());
    let mut indegree = vec![0u32; n];
    for &(_, b) in arcs.iter() {
        indegree[b as usize] += 1;
    }
    let mut ready: std::collections::BinaryHeap<std::cmp::Reverse<u32>> = (0..n as u32)
        .filter(|&i| indegree[i as usize] == 0)
        .map(std::cmp::Reverse)
        .collect();
    let mut placed = vec![false; n];
    let mut topo = Vec::with_capacity(n);
    let mut dropped = Vec::new();
    let mut next_blocked = 0usize;
    while topo.len() < n {
        let Some(std::cmp::Reverse(i)) = ready.pop() else {
            // A cycle: release the smallest activity not yet placed.
            while placed[next_blocked] {
                next_blocked += 1;
            }
            let v = next_blocked as u32;
            for &(a, b) in arcs.iter() {
                if b == v && !placed[a as usize] {
                    dropped.push((a as usize, b as usize));
                }
            }
            indegree[v as usize] = 0;
            ready.push(std::cmp::Reverse(v));
            continue;
        };
        if placed[i as usize] {
            continue;
        }
        placed[i as usize] = true;
        topo.push(i);
        for &s in &succ[succ_start[i as usize] as usize..succ_start[i as usize + 1] as usize] {
            let d = &mut indegree[s as usize];
            if *d > 0 {
                *d -= 1;
                if *d == 0 && !placed[s as usize] {
                    ready.push(std::cmp::Reverse(s));
                }
            }
        }
    }
    if !dropped.is_empty() {
        arcs.retain(|&(a, b)| !dropped.contains(&(a as usize, b as usize)));
    }
    (topo, dropped)
}

impl Network {
    pub fn len(&self) -> usize {
        self.durations.len()
    }

    pub fn is_empty(&self) -> bool {
        self.durations.is_empty()
    }

    pub fn duration(&self, i: usize) -> Duration3 {
        self.durations[i]
    }

    pub fn durations(&self) -> &[Duration3] {
        &self.durations
    }

    /// PERT means of every activity.
    pub fn means(&self) -> Vec<f64> {
        self.durations.iter().map(Duration3::mean).collect()
    }

    /// The time before which activity `i` may not start.
    pub fn release(&self, i: usize) -> f64 {
        self.release[i]
    }

    pub fn releases(&self) -> &[f64] {
        &self.release
    }

    pub fn predecessors(&self, i: usize) -> impl ExactSizeIterator<Item = usize> + '_ {
        self.pred_slice(i).iter().map(|&p| p as usize)
    }

    pub fn successors(&self, i: usize) -> impl ExactSizeIterator<Item = usize> + '_ {
        self.succ_slice(i).iter().map(|&s| s as usize)
    }

    pub(crate) fn pred_slice(&self, i: usize) -> &[u32] {
        &self.pred[self.pred_start[i] as usize..self.pred_start[i + 1] as usize]
    }

    pub(crate) fn succ_slice(&self, i: usize) -> &[u32] {
        &self.succ[self.succ_start[i] as usize..self.succ_start[i + 1] as usize]
    }

    /// Every activity, each after all of its predecessors.
    pub fn topological_order(&self) -> impl ExactSizeIterator<Item = usize> + '_ {
        self.topo.iter().map(|&i| i as usize)
    }

    pub(crate) fn topo_slice(&self) -> &[u32] {
        &self.topo
    }

    /// Number of arcs.
    pub fn arc_count(&self) -> usize {
        self.succ.len()
    }

    /// Arcs removed to break cycles (empty for a checked workflow).
    pub fn dropped_arcs(&self) -> &[(usize, usize)] {
        &self.dropped
    }

    /// Activities whose predecessors are all `done` and which are not done
    /// themselves: what can start now.
    pub fn ready(&self, done: &[bool]) -> Vec<usize> {
        (0..self.len())
            .filter(|&i| !done.get(i).copied().unwrap_or(false))
            .filter(|&i| {
                self.pred_slice(i)
                    .iter()
                    .all(|&p| done.get(p as usize).copied().unwrap_or(false))
            })
            .collect()
    }

    /// The same structure with other durations (e.g. a calibrated or
    /// quantised copy). `durations` must have one entry per activity.
    pub fn with_durations(&self, durations: Vec<Duration3>) -> Network {
        assert_eq!(durations.len(), self.len(), "one duration per activity");
        Network {
            durations,
            ..self.clone()
        }
    }

    /// The same network with other release times.
    pub fn with_releases(&self, release: Vec<f64>) -> Network {
        assert_eq!(release.len(), self.len(), "one release per activity");
        Network {
            release,
            ..self.clone()
        }
    }

    pub(crate) fn set_durations(&mut self, durations: Vec<Duration3>) {
        debug_assert_eq!(durations.len(), self.len());
        self.durations = durations;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn net(n: usize, arcs: &[(usize, usize)]) -> Network {
        let mut b = NetworkBuilder::new();
        for _ in 0..n {
            b.activity(Duration3::fixed(1.0), 0.0);
        }
        for &(a, c) in arcs {
            b.arc(a, c);
        }
        b.build()
    }

    #[test]
    fn order_respects_arcs_and_rows_match() {
        let n = net(4, &[(2, 0), (0, 1), (3, 1), (2, 0)]);
        let pos: Vec<usize> = {
            let mut p = vec![0; 4];
            for (k, i) in n.topological_order().enumerate() {
                p[i] = k;
            }
            p
        };
        assert!(pos[2] < pos[0] && pos[0] < pos[1] && pos[3] < pos[1]);
        assert_eq!(n.arc_count(), 3, "duplicates removed");
        assert_eq!(n.predecessors(1).collect::<Vec<_>>(), [0, 3]);
        assert_eq!(n.successors(2).collect::<Vec<_>>(), [0]);
        assert_eq!(n.ready(&[false; 4]), [2, 3]);
        assert_eq!(n.ready(&[true, false, true, true]), [1]);
        assert!(n.dropped_arcs().is_empty());
    }

    #[test]
    fn cycles_are_broken_not_fatal() {
        let n = net(3, &[(0, 1), (1, 2), (2, 0)]);
        assert_eq!(n.topological_order().count(), 3);
        assert_eq!(n.dropped_arcs(), [(2, 0)]);
        assert_eq!(n.arc_count(), 2);
    }

    #[test]
    fn append_offsets_arcs() {
        let a = net(2, &[(0, 1)]);
        let mut b = NetworkBuilder::new();
        b.activity(Duration3::fixed(5.0), 0.0);
        let off = b.append(&a);
        b.arc(0, off);
        let n = b.build();
        assert_eq!(n.len(), 3);
        assert_eq!(n.successors(0).collect::<Vec<_>>(), [1]);
        assert_eq!(n.successors(1).collect::<Vec<_>>(), [2]);
    }

    #[test]
    fn three_points_are_cleaned() {
        let d = Duration3::new(5.0, -1.0, f64::NAN);
        assert_eq!((d.optimistic, d.likely, d.pessimistic), (0.0, 0.0, 5.0));
        let d = Duration3::new(1.0, 2.0, 9.0);
        assert_eq!(d.mean(), 3.0);
        assert!((d.sd() - 8.0 / 6.0).abs() < 1e-12);
    }
}
