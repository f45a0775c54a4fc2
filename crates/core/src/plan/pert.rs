//! PERT: the expected finish and its spread from three-point estimates.
//!
//! Each activity's mean is (o + 4m + p) / 6 and its standard deviation
//! (p - o) / 6. The project mean is the critical-path finish over the means;
//! its variance is the sum of the variances along that path (the classic
//! PERT assumption: the path stays critical and activities are independent;
//! Monte Carlo drops both assumptions).

use serde::Serialize;

use crate::plan::cpm::{Cpm, cpm};
use crate::plan::network::Network;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Pert {
    /// Expected finish, in working minutes.
    pub mean: f64,
    /// Standard deviation of the finish.
    pub sd: f64,
    /// The critical path over the means.
    pub path: Vec<usize>,
}

impl Pert {
    /// The finish time at probability `p` under the normal approximation.
    pub fn quantile(&self, p: f64) -> f64 {
        (self.mean + self.sd * normal_quantile(p)).max(0.0)
    }

    /// P(finish <= deadline) under the normal approximation.
    pub fn probability(&self, deadline: f64) -> f64 {
        if self.sd <= 0.0 {
            return if deadline + 1e-9 >= self.mean {
                1.0
            } else {
                0.0
            };
        }
        normal_cdf((deadline - self.mean) / self.sd)
    }
}

/// PERT over `net`, with the CPM of its means (reused by callers).
pub fn pert(net: &Network) -> (Pert, Cpm) {
    let means = net.means();
    let c = cpm(net, &means);
    let variance: f64 = c
        .critical_path
        .iter()
        .map(|&i| net.duration(i).sd().powi(2))
        .sum();
    let p = Pert {
        mean: c.finish,
        sd: variance.sqrt(),
        path: c.critical_path.clone(),
    };
    (p, c)
}

/// The standard normal CDF, via an erf approximation with error below 1.5e-7
/// (Abramowitz and Stegun 7.1.26).
pub fn normal_cdf(z: f64) -> f64 {
    let x = z / std::f64::consts::SQRT_2;
    let t = 1.0 / (1.0 + 0.327_591_1 * x.abs());
    let poly = t
        * (0.254_829_592
            + t * (-0.284_496_736
                + t * (1.421_413_741 + t * (-1.453_152_027 + t * 1.061_405_429))));
    let erf = 1.0 - poly * (-x * x).exp();
    let erf = if x >= 0.0 { erf } else { -erf };
    0.5 * (1.0 + erf)
}

/// The standard normal quantile (Acklam's rational approximation, relative
/// error below 1.2e-9), clamped to (1e-12, 1 - 1e-12).
pub fn normal_quantile(p: f64) -> f64 {
    const A: [f64; 6] = [
        -3.969_683_028_665_376e1,
        2.209_460_984_245_205e2,
        -2.759_285_104_469_687e2,
        1.383_577_518_672_69e2,
        -3.066_479_806_614_716e1,
        2.506_628_277_459_239,
    ];
    const B: [f64; 5] = [
        -5.447_609_879_822_406e1,
        1.615_858_368_580_409e2,
        -1.556_989_798_598_866e2,
        6.680_131_188_771_972e1,
        -1.328_068_155_288_572e1,
    ];
    const C: [f64; 6] = [
        -7.784_894_002_430_293e-3,
        -3.223_964_580_411_365e-1,
        -2.400_758_277_161_838,
        -2.549_732_539_343_734,
        4.374_664_141_464_968,
        2.938_163_982_698_783,
    ];
    const D: [f64; 4] = [
        7.784_695_709_041_462e-3,
        3.224_671_290_700_398e-1,
        2.445_134_137_142_996,
        3.754_408_661_907_416,
    ];
    let p = p.clamp(1e-12, 1.0 - 1e-12);
    let tail = |q: f64| {
        (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
            / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1.0)
    };
    if p < 0.02425 {
        tail((-2.0 * p.ln()).sqrt())
    } else if p > 1.0 - 0.02425 {
        -tail((-2.0 * (1.0 - p).ln()).sqrt())
    } else {
        let q = p - 0.5;
        let r = q * q;
        (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q
            / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::network::{Duration3, NetworkBuilder};

    #[test]
    fn hand_computed_pert() {
        // A(1/2/9) -> B(2/4/6); C(1/1/1) beside them.
        // Means: A 3, B 4, C 1. Path A-B: mean 7, variance (8/6)^2 + (4/6)^2 = 80/36.
        let mut b = NetworkBuilder::new();
        b.activity(Duration3::new(1.0, 2.0, 9.0), 0.0);
        b.activity(Duration3::new(2.0, 4.0, 6.0), 0.0);
        b.activity(Duration3::fixed(1.0), 0.0);
        b.arc(0, 1);
        let (p, c) = pert(&b.build());
        assert_eq!(p.mean, 7.0);
        assert!((p.sd - (80.0f64 / 36.0).sqrt()).abs() < 1e-12);
        assert_eq!(p.path, [0, 1]);
        assert_eq!(c.total_slack[2], 6.0);
        assert!((p.probability(7.0) - 0.5).abs() < 1e-7);
        assert!(p.quantile(0.95) > p.quantile(0.8) && p.quantile(0.8) > p.mean);
    }

    #[test]
    fn normal_functions_agree() {
        for &(z, cdf) in &[(0.0, 0.5), (1.0, 0.841_344_746), (-1.96, 0.024_997_895)] {
            assert!((normal_cdf(z) - cdf).abs() < 2e-7, "{z}");
        }
        for &p in &[0.01, 0.2, 0.5, 0.8, 0.95, 0.999] {
            assert!((normal_cdf(normal_quantile(p)) - p).abs() < 1e-6, "{p}");
        }
        assert!((normal_quantile(0.95) - 1.644_853_6).abs() < 1e-6);
    }

    #[test]
    fn fixed_durations_have_no_spread() {
        let mut b = NetworkBuilder::new();
        b.activity(Duration3::fixed(5.0), 0.0);
        let (p, _) = pert(&b.build());
        assert_eq!((p.mean, p.sd), (5.0, 0.0));
        assert_eq!(p.probability(5.0), 1.0);
        assert_eq!(p.probability(4.0), 0.0);
    }
}
