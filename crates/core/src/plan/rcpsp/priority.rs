//! Priority rules and regret-based biased random sampling.
//!
//! A rule gives every activity a key; the smallest key has the highest
//! priority. [`list_from_keys`] turns keys into a precedence-feasible
//! activity list (for the serial SGS); [`Sgs::parallel`](super::sgs::Sgs::parallel)
//! uses the keys directly.

use rand::RngExt;

use super::instance::Instance;

/// Classic priority rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// Latest finish time (critical-path based): smallest first.
    Lft,
    /// Latest start time: smallest first.
    Lst,
    /// Most total successors (transitive): largest first.
    Mts,
    /// Greatest rank positional weight (own duration plus durations of the
    /// immediate successors): largest first.
    Grpw,
}

impl Rule {
    pub const ALL: [Rule; 4] = [Rule::Lft, Rule::Lst, Rule::Mts, Rule::Grpw];
}

/// Priority keys of `rule` (smaller = higher priority).
pub fn keys(inst: &Instance, rule: Rule) -> Vec<f64> {
    let n = inst.n;
    match rule {
        Rule::Lft | Rule::Lst => {
            let lf = inst.latest_finishes(inst.critical_path());
            (0..n)
                .map(|j| {
                    let v = if rule == Rule::Lft {
                        lf[j]
                    } else {
                        lf[j].saturating_sub(inst.dur[j])
                    };
                    f64::from(v)
                })
                .collect()
        }
        Rule::Mts => total_successors(inst)
            .into_iter()
            .map(|c| -(c as f64))
            .collect(),
        Rule::Grpw => (0..n)
            .map(|j| {
                let w: u64 = u64::from(inst.dur[j])
                    + inst.succ[j]
                        .iter()
                        .map(|&s| u64::from(inst.dur[s]))
                        .sum::<u64>();
                -(w as f64)
            })
            .collect(),
    }
}

/// Number of transitive successors of each activity. Exact (bit sets) up to
/// 5,000 activities; beyond that the count of immediate successors weighted
/// by their own counts is used as a cheap proxy.
fn total_successors(inst: &Instance) -> Vec<usize> {
    let n = inst.n;
    if n > 5_000 {
        let mut c = vec![0usize; n];
        for &j in inst.topo.iter().rev() {
            c[j] = inst.succ[j]
                .iter()
                .map(|&s| 1 + c[s])
                .fold(0usize, usize::saturating_add)
                .min(n);
        }
        return c;
    }
    let words = n.div_ceil(64);
    let mut bits = vec![0u64; n * words];
    for &j in inst.topo.iter().rev() {
        for &s in &inst.succ[j] {
            bits[j * words + s / 64] |= 1 << (s % 64);
            for w in 0..words {
                let v = bits[s * words + w];
                bits[j * words + w] |= v;
            }
        }
    }
    (0..n)
        .map(|j| {
            bits[j * words..(j + 1) * words]
                .iter()
                .map(|w| w.count_ones() as usize)
                .sum()
        })
        .collect()
}

/// Precedence-feasible activity list: repeatedly take the eligible activity
/// with the smallest key (ties by index).
pub fn list_from_keys(inst: &Instance, key: &[f64]) -> Vec<usize> {
    #[derive(PartialEq)]
    struct Item(f64, usize);
    impl Eq for Item {}
    impl PartialOrd for Item {
        fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
            Some(self.cmp(other))
        }
    }
    impl Ord for Item {
        fn cmp(&self, other: &Self) -> std::cmp::Ordering {
            // Reversed: BinaryHeap is a max-heap.
            other.0.total_cmp(&self.0).then(other.1.cmp(&self.1))
        }
    }
    let n = inst.n;
    let mut missing: Vec<usize> = inst.pred.iter().map(Vec::len).collect();
    let mut heap: std::collections::BinaryHeap<Item> = (0..n)
        .filter(|&j| missing[j] == 0)
        .map(|j| Item(key[j], j))
        .collect();
    let mut list = Vec::with_capacity(n);
    while let Some(Item(_, j)) = heap.pop() {
        list.push(j);
        for &s in &inst.succ[j] {
            missing[s] -= 1;
            if missing[s] == 0 {
                heap.push(Item(key[s], s));
            }
        }
    }
    list
}

/// Regret-based biased random sampling: among the eligible activities, pick
/// `j` with probability proportional to `(max_key - key_j + 1)^alpha`.
pub fn sample_list<R: RngExt + ?Sized>(
    inst: &Instance,
    key: &[f64],
    alpha: f64,
    rng: &mut R,
) -> Vec<usize> {
    let n = inst.n;
    let mut missing: Vec<usize> = inst.pred.iter().map(Vec::len).collect();
    let mut eligible: Vec<usize> = (0..n).filter(|&j| missing[j] == 0).collect();
    let mut weights: Vec<f64> = Vec::new();
    let mut list = Vec::with_capacity(n);
    while !eligible.is_empty() {
        let worst = eligible
            .iter()
            .map(|&j| key[j])
            .fold(f64::NEG_INFINITY, f64::max);
        weights.clear();
        if alpha == 1.0 {
            weights.extend(eligible.iter().map(|&j| worst - key[j] + 1.0));
        } else {
            weights.extend(eligible.iter().map(|&j| (worst - key[j] + 1.0).powf(alpha)));
        }
        let total: f64 = weights.iter().sum();
        let mut x = rng.random::<f64>() * total;
        let mut pick = eligible.len() - 1;
        for (i, w) in weights.iter().enumerate() {
            if x < *w {
                pick = i;
                break;
            }
            x -= w;
        }
        let j = eligible.swap_remove(pick);
        list.push(j);
        for &s in &inst.succ[j] {
            missing[s] -= 1;
            if missing[s] == 0 {
                eligible.push(s);
            }
        }
    }
    list
}

#[cfg(test)]
mod tests {
    use super::super::{Activity, Project};
    use super::*;
    use rand::SeedableRng;

    fn chain_project() -> Project {
        // 0 -> 1 -> 3, 0 -> 2 -> 3, 2 long.
        let a = |duration, successors| Activity {
            duration,
            demands: vec![1],
            successors,
        };
        Project {
            activities: vec![a(1, vec![1, 2]), a(1, vec![3]), a(5, vec![3]), a(1, vec![])],
            capacities: vec![1],
        }
    }

    #[test]
    fn rules_give_feasible_lists_with_expected_order() {
        let inst = Instance::new(&chain_project()).unwrap();
        for rule in Rule::ALL {
            let list = list_from_keys(&inst, &keys(&inst, rule));
            assert_eq!(list.len(), 4);
            assert_eq!(list[0], 0);
            assert_eq!(list[3], 3);
        }
        // 1 and 2 share their latest finish (6); LST puts the long
        // (critical) activity 2 first, LFT falls back to the index.
        assert_eq!(
            list_from_keys(&inst, &keys(&inst, Rule::Lst)),
            vec![0, 2, 1, 3]
        );
        assert_eq!(
            list_from_keys(&inst, &keys(&inst, Rule::Lft)),
            vec![0, 1, 2, 3]
        );
        assert_eq!(total_successors(&inst), vec![3, 1, 1, 0]);
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(1);
        let key = keys(&inst, Rule::Lft);
        for _ in 0..20 {
            let l = sample_list(&inst, &key, 1.0, &mut rng);
            assert_eq!((l[0], l[3]), (0, 3));
        }
    }
}
