//! The planning benchmarks: the planners' speed on synthetic workflows
//! ([`planners`]) and the RCPSP solver's quality on PSPLIB instance sets
//! ([`psplib`]). Each takes its options and a progress callback and returns
//! its data; it never prints and never touches a file (the memory gauge and
//! the instances come from the caller).

pub mod planners;
pub mod psplib;

/// How far a benchmark has come: `done` of `total` units of work.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    pub done: u64,
    pub total: u64,
}

/// The middle of `v` after sorting (the upper middle for an even count);
/// 0 when empty.
pub fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v.get(v.len() / 2).copied().unwrap_or(0.0)
}

/// The build the benchmark measures: `debug` or `release`.
pub fn build() -> &'static str {
    if cfg!(debug_assertions) {
        "debug"
    } else {
        "release"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_takes_the_upper_middle() {
        assert_eq!(median(vec![3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(vec![4.0, 1.0, 3.0, 2.0]), 3.0);
        assert_eq!(median(Vec::new()), 0.0);
    }
}
