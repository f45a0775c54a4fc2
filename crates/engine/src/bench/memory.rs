//! The process's peak resident set, for the planners' benchmark: Linux
//! resets it through `/proc/self/clear_refs` and reports it as `VmHWM` in
//! `/proc/self/status`. Elsewhere the reset fails and the memory row is
//! left out.

use skill_chains_core::plan::bench::planners::PeakMemory;

/// The peak resident set as Linux's procfs reports it.
pub struct ProcPeakMemory;

impl PeakMemory for ProcPeakMemory {
    fn reset(&mut self) -> bool {
        std::fs::write("/proc/self/clear_refs", "5").is_ok()
    }

    fn peak_mb(&mut self) -> Option<f64> {
        let status = std::fs::read_to_string("/proc/self/status").ok()?;
        peak_of_status(&status)
    }
}

/// `VmHWM` of a `/proc/<pid>/status` text, in megabytes.
fn peak_of_status(status: &str) -> Option<f64> {
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_peak_is_read_from_vmhwm() {
        let status = "Name:\tx\nVmPeak:\t 9000 kB\nVmHWM:\t    2048 kB\nVmRSS:\t 1024 kB\n";
        assert_eq!(peak_of_status(status), Some(2.0));
        assert_eq!(peak_of_status("Name:\tx\n"), None);
    }
}
