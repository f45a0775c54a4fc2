//! Parser for the PSPLIB single-mode RCPSP format (`.sm`).
//!
//! Sections are separated by lines of asterisks. The parser reads the job
//! count from the header, the renewable / nonrenewable / doubly constrained
//! resource counts, the `PRECEDENCE RELATIONS`, `REQUESTS/DURATIONS` and
//! `RESOURCEAVAILABILITIES` sections. Jobs keep their file order: job `i`
//! (1-based) becomes activity `i - 1`, dummies included.

use super::{Activity, Project, RcpspError};

/// Upper limit on the job count accepted from a header.
const MAX_JOBS: usize = 1_000_000;
/// Upper limit on each resource count accepted from a header.
const MAX_RESOURCES: u64 = 10_000;

fn err(line: usize, message: impl Into<String>) -> RcpspError {
    RcpspError::Parse {
        line,
        message: message.into(),
    }
}

fn numbers(line_no: usize, text: &str) -> Result<Vec<u64>, RcpspError> {
    text.split_whitespace()
        .map(|t| {
            t.parse::<u64>()
                .map_err(|_| err(line_no, format!("expected a number, found `{t}`")))
        })
        .collect()
}

fn to_u32(line: usize, v: u64, what: &str) -> Result<u32, RcpspError> {
    u32::try_from(v).map_err(|_| err(line, format!("{what} {v} is too large")))
}

/// Value after the colon of a `key : value` header line.
fn resource_count(line_no: usize, line: &str) -> Result<usize, RcpspError> {
    let v = header_value(line_no, line)?;
    if v > MAX_RESOURCES {
        return Err(err(line_no, format!("resource count {v} is too large")));
    }
    Ok(v as usize)
}

fn header_value(line_no: usize, line: &str) -> Result<u64, RcpspError> {
    let after = line.split_once(':').map(|(_, v)| v).unwrap_or("");
    let tok = after
        .split_whitespace()
        .next()
        .ok_or_else(|| err(line_no, "missing value after `:`"))?;
    tok.parse::<u64>()
        .map_err(|_| err(line_no, format!("expected a number, found `{tok}`")))
}

#[derive(PartialEq, Clone, Copy)]
enum Section {
    Other,
    Precedence,
    Requests,
    Availability,
}

/// Parse a PSPLIB `.sm` file.
pub fn parse_psplib(text: &str) -> Result<Project, RcpspError> {
    let mut jobs: Option<(usize, usize)> = None; // (count, line)
    let (mut renewable, mut nonrenewable, mut doubly) = (None, 0usize, 0usize);
    let mut section = Section::Other;
    let mut successors: Vec<Option<Vec<usize>>> = Vec::new();
    let mut requests: Vec<Option<(u32, Vec<u32>)>> = Vec::new();
    let mut capacities: Option<Vec<u32>> = None;
    let mut last_line = 0;

    for (idx, raw) in text.lines().enumerate() {
        let ln = idx + 1;
        last_line = ln;
        let line = raw.trim();
        if line.is_empty()
            || line.starts_with('*')
            || line.starts_with('-') && line.len() > 1 && line.chars().all(|c| c == '-')
        {
            continue;
        }
        let lower = line.to_ascii_lowercase();
        if lower.starts_with("jobs") {
            let n = header_value(ln, line)?;
            let n = usize::try_from(n)
                .ok()
                .filter(|&n| n <= MAX_JOBS)
                .ok_or_else(|| err(ln, format!("job count {n} is too large")))?;
            jobs = Some((n, ln));
            successors = vec![None; n];
            requests = vec![None; n];
            continue;
        }
        if lower.starts_with("- renewable") {
            renewable = Some(resource_count(ln, line)?);
            continue;
        }
        if lower.starts_with("- nonrenewable") {
            nonrenewable = resource_count(ln, line)?;
            continue;
        }
        if lower.starts_with("- doubly constrained") {
            doubly = resource_count(ln, line)?;
            continue;
        }
        if lower.starts_with("precedence relations") {
            section = Section::Precedence;
            continue;
        }
        if lower.starts_with("requests/durations") {
            section = Section::Requests;
            continue;
        }
        if lower.starts_with("resourceavailabilities") {
            section = Section::Availability;
            continue;
        }
        if lower.ends_with(':') || lower.starts_with("pronr") {
            // Another section header (PROJECT INFORMATION, ...).
            section = Section::Other;
            continue;
        }
        // Column headers inside a section start with a letter.
        if !line.starts_with(|c: char| c.is_ascii_digit()) {
            continue;
        }
        match section {
            Section::Other => {}
            Section::Precedence => {
                let (n, _) = jobs.ok_or_else(|| err(ln, "precedence data before the job count"))?;
                let v = numbers(ln, line)?;
                if v.len() < 3 {
                    return Err(err(
                        ln,
                        "expected `jobnr. #modes #successors successors...`",
                    ));
                }
                let job = job_index(ln, v[0], n)?;
                if v[1] != 1 {
                    return Err(err(
                        ln,
                        format!(
                            "job {} has {} modes; only single-mode instances are supported",
                            v[0], v[1]
                        ),
                    ));
                }
                let count = v[2];
                if count != (v.len() - 3) as u64 {
                    return Err(err(
                        ln,
                        format!(
                            "job {} announces {count} successors but lists {}",
                            v[0],
                            v.len() - 3
                        ),
                    ));
                }
                let succ = v[3..]
                    .iter()
                    .map(|&s| job_index(ln, s, n))
                    .collect::<Result<Vec<_>, _>>()?;
                if successors[job].replace(succ).is_some() {
                    return Err(err(ln, format!("job {} listed twice", v[0])));
                }
            }
            Section::Requests => {
                let (n, _) = jobs.ok_or_else(|| err(ln, "request data before the job count"))?;
                let r =
                    renewable.ok_or_else(|| err(ln, "request data before the resource counts"))?;
                let v = numbers(ln, line)?;
                let expected = 3 + r + nonrenewable + doubly;
                if v.len() != expected {
                    return Err(err(
                        ln,
                        format!(
                            "expected {expected} numbers (job, mode, duration, {} requests), found {}",
                            r + nonrenewable + doubly,
                            v.len()
                        ),
                    ));
                }
                let job = job_index(ln, v[0], n)?;
                if v[1] != 1 {
                    return Err(err(
                        ln,
                        format!("job {} uses mode {}; only mode 1 is supported", v[0], v[1]),
                    ));
                }
                if v[3 + r..].iter().any(|&q| q > 0) {
                    return Err(err(
                        ln,
                        "nonrenewable and doubly constrained resources are not supported",
                    ));
                }
                let duration = to_u32(ln, v[2], "duration")?;
                let dem = v[3..3 + r]
                    .iter()
                    .map(|&q| to_u32(ln, q, "request"))
                    .collect::<Result<Vec<_>, _>>()?;
                if requests[job].replace((duration, dem)).is_some() {
                    return Err(err(ln, format!("job {} listed twice", v[0])));
                }
            }
            Section::Availability => {
                let r = renewable
                    .ok_or_else(|| err(ln, "availabilities before the resource counts"))?;
                if capacities.is_some() {
                    return Err(err(ln, "unexpected second line of resource availabilities"));
                }
                let v = numbers(ln, line)?;
                if v.len() != r + nonrenewable + doubly {
                    return Err(err(
                        ln,
                        format!(
                            "expected {} availabilities, found {}",
                            r + nonrenewable + doubly,
                            v.len()
                        ),
                    ));
                }
                capacities = Some(
                    v[..r]
                        .iter()
                        .map(|&c| to_u32(ln, c, "availability"))
                        .collect::<Result<Vec<_>, _>>()?,
                );
            }
        }
    }

    let end = last_line.max(1);
    let (n, _) =
        jobs.ok_or_else(|| err(end, "missing `jobs (incl. supersource/sink ):` header"))?;
    let capacities =
        capacities.ok_or_else(|| err(end, "missing RESOURCEAVAILABILITIES section"))?;
    let mut activities = Vec::with_capacity(n);
    for (j, (succ, req)) in successors.into_iter().zip(requests).enumerate() {
        let succ = succ.ok_or_else(|| err(end, format!("job {} has no precedence line", j + 1)))?;
        let (duration, demands) =
            req.ok_or_else(|| err(end, format!("job {} has no request line", j + 1)))?;
        activities.push(Activity {
            duration,
            demands,
            successors: succ,
        });
    }
    Ok(Project {
        activities,
        capacities,
    })
}

fn job_index(line: usize, v: u64, n: usize) -> Result<usize, RcpspError> {
    if v == 0 || v > n as u64 {
        return Err(err(line, format!("job number {v} is outside 1..={n}")));
    }
    Ok(v as usize - 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const J301_1: &str = include_str!("../../../tests/fixtures/psplib/j301_1.sm");

    #[test]
    fn parses_j301_1() {
        let p = parse_psplib(J301_1).unwrap();
        assert_eq!(p.activities.len(), 32);
        assert_eq!(p.capacities, vec![12, 13, 4, 12]);
        assert_eq!(p.activities[0].successors, vec![1, 2, 3]);
        assert_eq!(p.activities[1].duration, 8);
        assert_eq!(p.activities[1].demands, vec![4, 0, 0, 0]);
        assert_eq!(p.activities[31].successors, Vec::<usize>::new());
        assert_eq!(super::super::critical_path_bound(&p), Ok(38));
    }

    #[test]
    fn reports_line_numbers() {
        let broken = J301_1.replace(
            "  5        1          1          20",
            "  5        1          2          20",
        );
        match parse_psplib(&broken) {
            Err(RcpspError::Parse { line, message }) => {
                assert_eq!(line, 23);
                assert!(message.contains("announces 2 successors"), "{message}");
            }
            other => panic!("unexpected {other:?}"),
        }
        let broken = J301_1.replace("   12   13    4   12", "   12   13    x   12");
        assert!(matches!(
            parse_psplib(&broken),
            Err(RcpspError::Parse { line: 90, .. })
        ));
        assert!(matches!(
            parse_psplib(""),
            Err(RcpspError::Parse { line: 1, .. })
        ));
        let broken = J301_1.replace("4   R", "18446744073709551615   R");
        assert!(matches!(
            parse_psplib(&broken),
            Err(RcpspError::Parse { line: 9, .. })
        ));
    }

    proptest! {
        #[test]
        fn never_panics_on_arbitrary_text(s in "\\PC*") {
            let _ = parse_psplib(&s);
        }

        #[test]
        fn never_panics_on_mutated_files(
            cuts in proptest::collection::vec((0usize..3000, 0usize..40, "[0-9 :*a-z\n-]{0,6}"), 1..6)
        ) {
            let mut s = J301_1.to_string();
            for (pos, len, ins) in cuts {
                let pos = pos.min(s.len());
                let end = (pos + len).min(s.len());
                s.replace_range(pos..end, &ins);
            }
            if let Ok(p) = parse_psplib(&s) {
                let _ = super::super::solve(&p, &super::super::SolveOptions { max_schedules: 50, time_limit: None, seed: 1 }, None);
            }
        }
    }
}
