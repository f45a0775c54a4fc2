//! Critical path method over an activity network: earliest and latest start
//! and finish, total and free slack, and the critical path.
//!
//! Releases (phase window starts) hold activities back in the forward pass;
//! the backward pass runs from the project finish. An activity is critical
//! when its total slack is zero (within a rounding tolerance).

use serde::Serialize;

use crate::plan::network::Network;

/// The result of a CPM pass. All vectors are indexed by activity.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cpm {
    pub early_start: Vec<f64>,
    pub early_finish: Vec<f64>,
    pub late_start: Vec<f64>,
    pub late_finish: Vec<f64>,
    pub total_slack: Vec<f64>,
    pub free_slack: Vec<f64>,
    pub critical: Vec<bool>,
    /// One longest chain, first activity first: it ends at the finish and
    /// walks back through tight predecessors until an activity that starts
    /// at time 0 or at its release.
    pub critical_path: Vec<usize>,
    /// The project finish (latest early finish).
    pub finish: f64,
}

impl Cpm {
    /// Whether the activity is held back by its release rather than by a
    /// predecessor (it waits for its window to open).
    pub fn waits_for_release(&self, net: &Network, i: usize) -> bool {
        let from_preds = net
            .pred_slice(i)
            .iter()
            .map(|&p| self.early_finish[p as usize])
            .fold(0.0, f64::max);
        net.release(i) > from_preds && self.early_start[i] == net.release(i)
    }
}

/// Tolerance for "zero slack" on a project of length `finish`.
pub(crate) fn epsilon(finish: f64) -> f64 {
    1e-9 * finish.abs().max(1.0)
}

/// Earliest starts and finishes; returns the finish. `durations`, `es` and
/// `ef` have one entry per activity. This is the inner loop of Monte Carlo.
pub(crate) fn forward(net: &Network, durations: &[f64], es: &mut [f64], ef: &mut [f64]) -> f64 {
    let release = net.releases();
    let mut finish = 0.0f64;
    for &i in net.topo_slice() {
        let i = i as usize;
        let mut start = release[i];
        for &p in net.pred_slice(i) {
            let f = ef[p as usize];
            if f > start {
                start = f;
            }
        }
        es[i] = start;
        let end = start + durations[i];
        ef[i] = end;
        if end > finish {
            finish = end;
        }
    }
    finish
}

/// Run CPM with the given duration of every activity.
pub fn cpm(net: &Network, durations: &[f64]) -> Cpm {
    let n = net.len();
    assert_eq!(durations.len(), n, "one duration per activity");
    let mut es = vec![0.0; n];
    let mut ef = vec![0.0; n];
    let finish = forward(net, durations, &mut es, &mut ef);
    let mut ls = vec![0.0; n];
    let mut lf = vec![0.0; n];
    let mut free = vec![0.0; n];
    for &i in net.topo_slice().iter().rev() {
        let i = i as usize;
        let succ = net.succ_slice(i);
        let mut late = finish;
        let mut next_early = finish;
        for &s in succ {
            late = late.min(ls[s as usize]);
            next_early = next_early.min(es[s as usize]);
        }
        lf[i] = late;
        ls[i] = late - durations[i];
        free[i] = (next_early - ef[i]).max(0.0);
    }
    let eps = epsilon(finish);
    let total: Vec<f64> = (0..n).map(|i| (ls[i] - es[i]).max(0.0)).collect();
    let critical: Vec<bool> = total.iter().map(|&s| s <= eps).collect();
    let critical_path = trace_path(net, durations, &es, &ef, finish, eps);
    Cpm {
        early_start: es,
        early_finish: ef,
        late_start: ls,
        late_finish: lf,
        total_slack: total,
        free_slack: free,
        critical,
        critical_path,
        finish,
    }
}

/// Walk back from an activity finishing last through predecessors that
/// finish exactly when it starts. Among ties the longest activity wins, then
/// the lowest index, so the path is deterministic.
fn trace_path(
    net: &Network,
    durations: &[f64],
    es: &[f64],
    ef: &[f64],
    finish: f64,
    eps: f64,
) -> Vec<usize> {
    let pick = |candidates: &mut dyn Iterator<Item = usize>| {
        candidates.fold(None::<usize>, |best, c| match best {
            Some(b) if durations[b] >= durations[c] => Some(b),
            _ => Some(c),
        })
    };
    let mut ends = (0..net.len()).filter(|&i| (ef[i] - finish).abs() <= eps);
    let Some(mut at) = pick(&mut ends) else {
        return Vec::new();
    };
    let mut path = vec![at];
    loop {
        let start = es[at];
        let mut tight = net
            .pred_slice(at)
            .iter()
            .map(|&p| p as usize)
            .filter(|&p| (ef[p] - start).abs() <= eps);
        match pick(&mut tight) {
            Some(p) => {
                path.push(p);
                at = p;
            }
            None => break,
        }
    }
    path.reverse();
    path
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::network::{Duration3, NetworkBuilder};

    /// The textbook example: A(3) -> B(4) -> D(2); A -> C(2) -> D; E(1) alone.
    fn textbook() -> (Network, Vec<f64>) {
        let d = [3.0, 4.0, 2.0, 2.0, 1.0];
        let mut b = NetworkBuilder::new();
        for &x in &d {
            b.activity(Duration3::fixed(x), 0.0);
        }
        for (a, c) in [(0, 1), (1, 3), (0, 2), (2, 3)] {
            b.arc(a, c);
        }
        let net = b.build();
        let means = net.means();
        (net, means)
    }

    #[test]
    fn hand_computed_cpm() {
        let (net, d) = textbook();
        let c = cpm(&net, &d);
        assert_eq!(c.finish, 9.0);
        assert_eq!(c.early_start, [0.0, 3.0, 3.0, 7.0, 0.0]);
        assert_eq!(c.early_finish, [3.0, 7.0, 5.0, 9.0, 1.0]);
        assert_eq!(c.late_start, [0.0, 3.0, 5.0, 7.0, 8.0]);
        assert_eq!(c.late_finish, [3.0, 7.0, 7.0, 9.0, 9.0]);
        assert_eq!(c.total_slack, [0.0, 0.0, 2.0, 0.0, 8.0]);
        assert_eq!(c.free_slack, [0.0, 0.0, 2.0, 0.0, 8.0]);
        assert_eq!(c.critical, [true, true, false, true, false]);
        assert_eq!(c.critical_path, [0, 1, 3]);
    }

    #[test]
    fn free_slack_differs_from_total_slack() {
        // X(1) -> Y(1) -> Z(1) beside a long W(10): X has total slack 7 but
        // free slack 0 (Y starts right after it); Y likewise; Z has free 7.
        let mut b = NetworkBuilder::new();
        for d in [1.0, 1.0, 1.0, 10.0] {
            b.activity(Duration3::fixed(d), 0.0);
        }
        b.arc(0, 1);
        b.arc(1, 2);
        let net = b.build();
        let c = cpm(&net, &net.means());
        assert_eq!(c.total_slack, [7.0, 7.0, 7.0, 0.0]);
        assert_eq!(c.free_slack, [0.0, 0.0, 7.0, 0.0]);
        assert_eq!(c.critical_path, [3]);
    }

    #[test]
    fn releases_delay_and_start_the_path() {
        // A(2) then B(1) released at 5: B starts at 5 and the path begins at B.
        let mut b = NetworkBuilder::new();
        b.activity(Duration3::fixed(2.0), 0.0);
        b.activity(Duration3::fixed(1.0), 5.0);
        b.arc(0, 1);
        let net = b.build();
        let c = cpm(&net, &net.means());
        assert_eq!(c.finish, 6.0);
        assert_eq!(c.early_start[1], 5.0);
        assert_eq!(c.total_slack[0], 3.0);
        assert_eq!(c.critical_path, [1]);
        assert!(c.waits_for_release(&net, 1));
        assert!(!c.waits_for_release(&net, 0));
    }

    #[test]
    fn empty_network() {
        let net = NetworkBuilder::new().build();
        let c = cpm(&net, &[]);
        assert_eq!(c.finish, 0.0);
        assert!(c.critical_path.is_empty());
    }
}
