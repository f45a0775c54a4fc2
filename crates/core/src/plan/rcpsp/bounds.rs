//! Lower bounds on the makespan.

use super::instance::Instance;
use super::{Project, RcpspError};

/// Critical-path length: the longest path through the precedence graph with
/// the given durations and no resource limits.
pub fn critical_path_bound(project: &Project) -> Result<u32, RcpspError> {
    Ok(Instance::new(project)?.critical_path())
}

/// Resource bound: the largest, over resources, of
/// `ceil(sum of duration * demand / capacity)`.
pub fn resource_bound(project: &Project) -> Result<u32, RcpspError> {
    Ok(instance_resource_bound(&Instance::new(project)?))
}

/// The larger of [`critical_path_bound`] and [`resource_bound`].
pub fn lower_bound(project: &Project) -> Result<u32, RcpspError> {
    let inst = Instance::new(project)?;
    Ok(inst.critical_path().max(instance_resource_bound(&inst)))
}

pub(crate) fn instance_resource_bound(inst: &Instance) -> u32 {
    (0..inst.k)
        .map(|r| {
            let work: u64 = (0..inst.n)
                .map(|j| u64::from(inst.dur[j]) * u64::from(inst.dem[j * inst.k + r]))
                .sum();
            // Validation guarantees capacity > 0 for a used resource.
            let cap = u64::from(inst.cap[r].max(1));
            u32::try_from(work.div_ceil(cap)).unwrap_or(u32::MAX)
        })
        .max()
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::super::Activity;
    use super::*;

    #[test]
    fn bounds_of_a_small_project() {
        let a = |duration, demand, successors| Activity {
            duration,
            demands: vec![demand, 0],
            successors,
        };
        // Chain 0 -> 1 (length 5); 2 and 3 independent, all on a resource of
        // capacity 2: work 2*2 + 3*2 + 4*2 + 4*2 = 26 -> 13.
        let p = Project {
            activities: vec![
                a(2, 2, vec![1]),
                a(3, 2, vec![]),
                a(4, 2, vec![]),
                a(4, 2, vec![]),
            ],
            capacities: vec![2, 0],
        };
        assert_eq!(critical_path_bound(&p), Ok(5));
        assert_eq!(resource_bound(&p), Ok(13));
        assert_eq!(lower_bound(&p), Ok(13));
    }
}
