//! Time as the engine and the store read it: milliseconds since the Unix
//! epoch, shown as UTC (`2026-03-01 14:05:09Z`).
//!
//! Every reading goes through a [`Clock`], so tests can run months of a
//! workflow in milliseconds: a [`SimClock`] moves only when told (a step
//! "takes" its duration by advancing it), and `SKILL_CHAINS_NOW` starts the
//! process clock at a fixed instant (it then moves with real time, so events
//! of one process stay in order).

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::{Instant, SystemTime, UNIX_EPOCH};

/// The environment variable that fixes when the process clock starts:
/// `2026-01-05T09:00:00Z`, `2026-01-05T09:00` or `2026-01-05` (UTC).
pub const NOW_VAR: &str = "SKILL_CHAINS_NOW";

/// Where the time comes from.
pub trait Clock: Send + Sync {
    /// Now, in milliseconds since the epoch.
    fn now_ms(&self) -> i64;
}

/// The system's wall clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now_ms(&self) -> i64 {
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_millis() as i64)
            .unwrap_or(0)
    }
}

/// A clock that starts at a fixed instant and moves with real time.
#[derive(Debug, Clone, Copy)]
pub struct StartedAt {
    start_ms: i64,
    origin: Instant,
}

impl StartedAt {
    pub fn new(start_ms: i64) -> StartedAt {
        StartedAt {
            start_ms,
            origin: Instant::now(),
        }
    }
}

impl Clock for StartedAt {
    fn now_ms(&self) -> i64 {
        self.start_ms + self.origin.elapsed().as_millis() as i64
    }
}

/// A simulated clock: it stands still until [`SimClock::advance`] moves it.
#[derive(Debug, Default)]
pub struct SimClock(AtomicI64);

impl SimClock {
    pub fn new(start_ms: i64) -> SimClock {
        SimClock(AtomicI64::new(start_ms))
    }
    /// Move forward by `ms` (a step taking its time); the new time.
    pub fn advance(&self, ms: i64) -> i64 {
        self.0.fetch_add(ms, Ordering::SeqCst) + ms
    }
    pub fn set(&self, ms: i64) {
        self.0.store(ms, Ordering::SeqCst);
    }
}

impl Clock for SimClock {
    fn now_ms(&self) -> i64 {
        self.0.load(Ordering::SeqCst)
    }
}

static PROCESS: OnceLock<Arc<dyn Clock>> = OnceLock::new();

/// The process clock: the one installed, else `SKILL_CHAINS_NOW` when it
/// reads as a date, else the system clock.
pub fn shared() -> Arc<dyn Clock> {
    PROCESS
        .get_or_init(|| {
            from_env()
                .ok()
                .flatten()
                .unwrap_or_else(|| Arc::new(SystemClock))
        })
        .clone()
}

/// Make `clock` the process clock; false when one was already in use.
pub fn install(clock: Arc<dyn Clock>) -> bool {
    PROCESS.set(clock).is_ok()
}

/// The clock `SKILL_CHAINS_NOW` asks for, if set; an error says how to write it.
pub fn from_env() -> Result<Option<Arc<dyn Clock>>, String> {
    match std::env::var(NOW_VAR) {
        Ok(text) if !text.trim().is_empty() => {
            let ms = parse_instant(&text).map_err(|e| format!("{NOW_VAR}={text}: {e}"))?;
            Ok(Some(Arc::new(StartedAt::new(ms))))
        }
        _ => Ok(None),
    }
}

/// Now, in milliseconds since the epoch, by the process clock.
pub fn now_ms() -> i64 {
    PROCESS
        .get()
        .map_or_else(|| shared().now_ms(), |c| c.now_ms())
}

/// An instant as people write it, in UTC unless an offset says otherwise:
/// `2026-03-01`, `2026-03-01T14:00`, `2026-03-01 14:00:30`, RFC 3339
/// (`2026-03-01T14:00:00Z`, `2026-03-01T14:00:00+02:00`).
pub fn parse_instant(text: &str) -> Result<i64, String> {
    const HINT: &str = "write a date like 2026-03-01, 2026-03-01T14:00 or 2026-03-01T14:00:00Z";
    let t = text.trim();
    let bad = |what: &str| format!("{what} in `{t}`; {HINT}");
    let (date, rest) = t.split_at(t.find(['T', 't', ' ']).unwrap_or(t.len()));
    let parts: Vec<&str> = date.split('-').collect();
    let [y, m, d] = parts.as_slice() else {
        return Err(bad("no YYYY-MM-DD date"));
    };
    let num = |s: &str, what: &str| -> Result<i64, String> {
        if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad(what));
        }
        s.parse::<i64>().map_err(|_| bad(what))
    };
    let (y, m, d) = (
        num(y, "a bad year")?,
        num(m, "a bad month")?,
        num(d, "a bad day")?,
    );
    if y.to_string().len() != 4 || !(1..=12).contains(&m) || d < 1 || d > days_in_month(y, m) {
        return Err(bad("no such date"));
    }
    let mut ms = days_from_civil(y, m as u32, d as u32) * 86_400_000;
    let time = rest.get(1..).unwrap_or("");
    if time.is_empty() {
        return Ok(ms);
    }
    // The offset: `Z`, `+hh:mm` or `-hh:mm` after the time.
    let (clock, offset_ms) = match time.find(['Z', 'z', '+', '-']) {
        Some(i) => {
            let (c, o) = time.split_at(i);
            let off = match o {
                "Z" | "z" => 0,
                _ => {
                    let sign = if o.starts_with('-') { -1 } else { 1 };
                    let (h, mi) = o[1..].split_once(':').unwrap_or((&o[1..], "0"));
                    let (h, mi) = (num(h, "a bad offset")?, num(mi, "a bad offset")?);
                    sign * (h * 60 + mi) * 60_000
                }
            };
            (c, off)
        }
        None => (time, 0),
    };
    let fields: Vec<&str> = clock.split(':').collect();
    let (h, mi, s) = match fields.as_slice() {
        [h, mi] => (num(h, "a bad hour")?, num(mi, "a bad minute")?, 0.0),
        [h, mi, s] => (
            num(h, "a bad hour")?,
            num(mi, "a bad minute")?,
            s.parse::<f64>().map_err(|_| bad("bad seconds"))?,
        ),
        _ => return Err(bad("a time that is not HH:MM or HH:MM:SS")),
    };
    if h > 23 || mi > 59 || !(0.0..61.0).contains(&s) {
        return Err(bad("no such time of day"));
    }
    ms += (h * 3600 + mi * 60) * 1000 + (s * 1000.0).round() as i64 - offset_ms;
    Ok(ms)
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Howard Hinnant's civil-to-days algorithm.
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = (m as i64 + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// `YYYY-MM-DD HH:MM:SSZ` for a time in milliseconds since the epoch.
pub fn format_utc(ms: i64) -> String {
    let secs = ms.div_euclid(1000);
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// A duration as people read it: `850 ms`, `12.4 s`, `3 min 05 s`, `2 h 10 min`.
pub fn format_duration(ms: u64) -> String {
    match ms {
        0..1_000 => format!("{ms} ms"),
        1_000..60_000 => format!("{:.1} s", ms as f64 / 1000.0),
        60_000..3_600_000 => format!("{} min {:02} s", ms / 60_000, ms % 60_000 / 1000),
        _ => format!("{} h {:02} min", ms / 3_600_000, ms % 3_600_000 / 60_000),
    }
}

/// Howard Hinnant's days-to-civil algorithm.
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_known_instants() {
        assert_eq!(format_utc(0), "1970-01-01 00:00:00Z");
        assert_eq!(format_utc(951_782_400_000), "2000-02-29 00:00:00Z");
        assert_eq!(format_utc(1_700_000_000_123), "2023-11-14 22:13:20Z");
        assert_eq!(format_duration(850), "850 ms");
        assert_eq!(format_duration(12_400), "12.4 s");
        assert_eq!(format_duration(185_000), "3 min 05 s");
        assert_eq!(format_duration(7_800_000), "2 h 10 min");
    }

    #[test]
    fn parses_dates_as_people_write_them() {
        let day = parse_instant("2026-03-01").unwrap();
        assert_eq!(format_utc(day), "2026-03-01 00:00:00Z");
        assert_eq!(
            format_utc(parse_instant("2026-03-01T14:00").unwrap()),
            "2026-03-01 14:00:00Z"
        );
        assert_eq!(
            parse_instant("2026-03-01T14:00:00Z").unwrap(),
            parse_instant("2026-03-01T16:00:00+02:00").unwrap()
        );
        assert_eq!(
            format_utc(parse_instant("2024-02-29 23:59:59.5Z").unwrap()),
            "2024-02-29 23:59:59Z"
        );
        for bad in [
            "2026-02-30",
            "2026-13-01",
            "yesterday",
            "2026-03-01T25:00",
            "26-03-01",
        ] {
            let e = parse_instant(bad).unwrap_err();
            assert!(e.contains("2026-03-01T14:00"), "{bad}: {e}");
        }
    }

    #[test]
    fn a_simulated_clock_moves_only_when_told() {
        let c = SimClock::new(1_000);
        assert_eq!(c.now_ms(), 1_000);
        assert_eq!(c.advance(86_400_000), 86_401_000);
        assert_eq!(c.now_ms(), 86_401_000);
        let s = StartedAt::new(5_000);
        assert!(s.now_ms() >= 5_000 && s.now_ms() < 65_000);
    }
}
