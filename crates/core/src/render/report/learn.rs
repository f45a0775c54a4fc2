//! The learning reports as text for a terminal: `timeline --calibrated`
//! (its data is `learn::calibrate::CalibratedTimeline`). Layout only.

use std::fmt::{self, Write};

use crate::learn::calibrate::CalibratedTimeline;
use crate::render::text::{Human, Out};

impl Human for CalibratedTimeline {
    fn human(&self, out: &mut Out) -> fmt::Result {
        writeln!(
            out,
            "{} (calibrated): {}",
            out.bold(&self.workflow),
            self.note
        )?;
        if let Some(c) = &self.calibration.overall {
            writeln!(
                out,
                "  actual / PERT mean: median {:.2}x (90% interval {:.2}-{:.2}), mean {:.2}x, from {} steps",
                c.median_ratio, c.interval[0], c.interval[1], c.mean_ratio, c.samples
            )?;
        }
        for (p, c) in &self.calibration.personas {
            writeln!(
                out,
                "  {p}: median {:.2}x ({:.2}-{:.2}), {} steps",
                c.median_ratio, c.interval[0], c.interval[1], c.samples
            )?;
        }
        let h = |m: f64| format!("{:.1} h", m / 60.0);
        writeln!(
            out,
            "  {:<12} {:>10} {:>10} {:>10}",
            "", "P50", "P80", "P95"
        )?;
        let e = &self.estimates;
        writeln!(
            out,
            "  {:<12} {:>10} {:>10} {:>10}",
            "estimates",
            h(e.p50),
            h(e.p80),
            h(e.p95)
        )?;
        if let Some(c) = &self.calibrated {
            writeln!(
                out,
                "  {:<12} {:>10} {:>10} {:>10}",
                "calibrated",
                h(c.p50),
                h(c.p80),
                h(c.p95)
            )?;
        }
        Ok(())
    }
}
