//! Validation and preprocessing of a [`Project`] into an [`Instance`], the
//! compact form the schedule generators work on.

use super::{Project, RcpspError};

/// Largest resource profile (periods x resources) the generators may need.
/// Bigger projects are refused with [`RcpspError::HorizonTooLarge`] instead
/// of exhausting memory.
const MAX_PROFILE_CELLS: u64 = 1 << 25;

/// A validated project: acyclic, every demand within capacity, resources
/// that nobody uses dropped, demands stored flat.
#[derive(Debug, Clone)]
pub struct Instance {
    /// Number of activities.
    pub n: usize,
    /// Number of resources kept (those some activity with a positive
    /// duration uses).
    pub k: usize,
    pub dur: Vec<u32>,
    /// `dem[j * k + r]`: demand of activity `j` for kept resource `r`
    /// (all zero for zero-duration activities).
    pub dem: Vec<u32>,
    /// Capacity of each kept resource.
    pub cap: Vec<u32>,
    /// Original index of each kept resource.
    pub resource_index: Vec<usize>,
    /// Deduplicated successors and predecessors.
    pub succ: Vec<Vec<usize>>,
    pub pred: Vec<Vec<usize>>,
    /// A topological order and each activity's position in it.
    pub topo: Vec<usize>,
    pub topo_rank: Vec<usize>,
    /// Whether the activity uses any resource (positive duration and demand).
    pub uses_resources: Vec<bool>,
    /// Sum of all durations: an upper bound on any serial-SGS makespan.
    pub horizon: u32,
}

impl Instance {
    /// Validate `project` and build the compact form.
    pub fn new(project: &Project) -> Result<Instance, RcpspError> {
        let n = project.activities.len();
        let nres = project.capacities.len();
        let mut total: u64 = 0;
        let mut used = vec![false; nres];
        for (j, a) in project.activities.iter().enumerate() {
            if a.demands.len() != nres {
                return Err(RcpspError::DemandCount {
                    activity: j,
                    found: a.demands.len(),
                    expected: nres,
                });
            }
            for &s in &a.successors {
                if s >= n {
                    return Err(RcpspError::UnknownSuccessor {
                        activity: j,
                        successor: s,
                    });
                }
                if s == j {
                    return Err(RcpspError::Cycle { activity: j });
                }
            }
            if a.duration > 0 {
                for (r, (&d, &c)) in a.demands.iter().zip(&project.capacities).enumerate() {
                    if d > c {
                        return Err(RcpspError::DemandAboveCapacity {
                            activity: j,
                            resource: r,
                            demand: d,
                            capacity: c,
                        });
                    }
                    if d > 0 {
                        used[r] = true;
                    }
                }
            }
            total += u64::from(a.duration);
        }
        let resource_index: Vec<usize> = (0..nres).filter(|&r| used[r]).collect();
        let k = resource_index.len();
        if total >= u64::from(u32::MAX / 2)
            || (total + 1).saturating_mul(k.max(1) as u64) > MAX_PROFILE_CELLS
        {
            return Err(RcpspError::HorizonTooLarge {
                total_duration: total,
                resources: k,
            });
        }

        let mut succ: Vec<Vec<usize>> = Vec::with_capacity(n);
        let mut pred: Vec<Vec<usize>> = vec![Vec::new(); n];
        for (j, a) in project.activities.iter().enumerate() {
            let mut s = a.successors.clone();
            s.sort_unstable();
            s.dedup();
            for &t in &s {
                pred[t].push(j);
            }
            succ.push(s);
        }

        // Kahn's algorithm, smallest index first for a stable order.
        let mut indeg: Vec<usize> = pred.iter().map(Vec::len).collect();
        let mut ready: std::collections::BinaryHeap<std::cmp::Reverse<usize>> = (0..n)
            .filter(|&j| indeg[j] == 0)
            .map(std::cmp::Reverse)
            .collect();
        let mut topo = Vec::with_capacity(n);
        while let Some(std::cmp::Reverse(j)) = ready.pop() {
            topo.push(j);
            for &s in &succ[j] {
                indeg[s] -= 1;
                if indeg[s] == 0 {
                    ready.push(std::cmp::Reverse(s));
                }
            }
        }
        if topo.len() < n {
            let activity = (0..n).find(|&j| indeg[j] > 0).unwrap_or(0);
            return Err(RcpspError::Cycle { activity });
        }
        let mut topo_rank = vec![0; n];
        for (i, &j) in topo.iter().enumerate() {
            topo_rank[j] = i;
        }

        let dur: Vec<u32> = project.activities.iter().map(|a| a.duration).collect();
        let mut dem = vec![0u32; n * k];
        let mut uses_resources = vec![false; n];
        for (j, a) in project.activities.iter().enumerate() {
            if a.duration == 0 {
                continue;
            }
            for (ri, &r) in resource_index.iter().enumerate() {
                dem[j * k + ri] = a.demands[r];
                uses_resources[j] |= a.demands[r] > 0;
            }
        }
        let cap = resource_index
            .iter()
            .map(|&r| project.capacities[r])
            .collect();
        Ok(Instance {
            n,
            k,
            dur,
            dem,
            cap,
            resource_index,
            succ,
            pred,
            topo,
            topo_rank,
            uses_resources,
            horizon: total as u32,
        })
    }

    /// Demands of activity `j`, one per kept resource.
    #[inline]
    pub fn demands(&self, j: usize) -> &[u32] {
        &self.dem[j * self.k..(j + 1) * self.k]
    }

    /// Earliest start of every activity without resource limits.
    pub fn earliest_starts(&self) -> Vec<u32> {
        let mut es = vec![0u32; self.n];
        for &j in &self.topo {
            let f = es[j] + self.dur[j];
            for &s in &self.succ[j] {
                es[s] = es[s].max(f);
            }
        }
        es
    }

    /// Critical-path length: the largest earliest finish.
    pub fn critical_path(&self) -> u32 {
        let es = self.earliest_starts();
        (0..self.n).map(|j| es[j] + self.dur[j]).max().unwrap_or(0)
    }

    /// Latest finish of every activity so that the project ends by
    /// `deadline` (which must be at least the critical path).
    pub fn latest_finishes(&self, deadline: u32) -> Vec<u32> {
        let mut lf = vec![deadline; self.n];
        for &j in self.topo.iter().rev() {
            let ls = lf[j].saturating_sub(self.dur[j]);
            for &p in &self.pred[j] {
                lf[p] = lf[p].min(ls);
            }
        }
        lf
    }
}
