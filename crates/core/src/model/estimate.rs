//! Step estimates: one duration, or three points (PERT).

use serde::Serialize;

use crate::duration::{Calendar, DurationError, WorkTime, parse_duration};

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Estimate {
    Single {
        likely: WorkTime,
    },
    ThreePoint {
        optimistic: WorkTime,
        likely: WorkTime,
        pessimistic: WorkTime,
    },
}

impl Estimate {
    /// Every point divided by `n` (exactly): one person's effort shared by
    /// `n` people.
    pub fn shared_by(&self, n: u32) -> Estimate {
        let n = f64::from(n.max(1));
        let d = |t: WorkTime| WorkTime(t.0 / n);
        match *self {
            Estimate::Single { likely } => Estimate::Single { likely: d(likely) },
            Estimate::ThreePoint {
                optimistic,
                likely,
                pessimistic,
            } => Estimate::ThreePoint {
                optimistic: d(optimistic),
                likely: d(likely),
                pessimistic: d(pessimistic),
            },
        }
    }

    /// Parse `2w` or `1w / 2w / 4w`.
    pub fn parse(text: &str, calendar: Calendar) -> Result<Estimate, EstimateError> {
        let parts: Vec<&str> = text.split('/').collect();
        match parts.as_slice() {
            [one] => Ok(Estimate::Single {
                likely: parse_duration(one, calendar)?,
            }),
            [o, m, p] => Estimate::three(o, m, p, calendar),
            _ => Err(EstimateError::Shape),
        }
    }

    pub fn three(o: &str, m: &str, p: &str, calendar: Calendar) -> Result<Estimate, EstimateError> {
        let (o, m, p) = (
            parse_duration(o, calendar)?,
            parse_duration(m, calendar)?,
            parse_duration(p, calendar)?,
        );
        if !(o.0 <= m.0 && m.0 <= p.0) {
            return Err(EstimateError::Order);
        }
        Ok(Estimate::ThreePoint {
            optimistic: o,
            likely: m,
            pessimistic: p,
        })
    }

    pub fn optimistic(&self) -> WorkTime {
        match *self {
            Estimate::Single { likely } => likely,
            Estimate::ThreePoint { optimistic, .. } => optimistic,
        }
    }
    pub fn likely(&self) -> WorkTime {
        match *self {
            Estimate::Single { likely } | Estimate::ThreePoint { likely, .. } => likely,
        }
    }
    pub fn pessimistic(&self) -> WorkTime {
        match *self {
            Estimate::Single { likely } => likely,
            Estimate::ThreePoint { pessimistic, .. } => pessimistic,
        }
    }

    /// PERT mean: (o + 4m + p) / 6.
    pub fn pert_mean(&self) -> WorkTime {
        WorkTime((self.optimistic().0 + 4.0 * self.likely().0 + self.pessimistic().0) / 6.0)
    }

    /// PERT standard deviation: (p - o) / 6.
    pub fn pert_sd(&self) -> f64 {
        (self.pessimistic().0 - self.optimistic().0) / 6.0
    }

    /// The text form `o / m / p` (or a single duration).
    pub fn display(&self, calendar: Calendar) -> String {
        match self {
            Estimate::Single { likely } => likely.display(calendar),
            Estimate::ThreePoint {
                optimistic,
                likely,
                pessimistic,
            } => format!(
                "{} / {} / {}",
                optimistic.display(calendar),
                likely.display(calendar),
                pessimistic.display(calendar)
            ),
        }
    }
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum EstimateError {
    #[error(transparent)]
    Duration(#[from] DurationError),
    #[error("an estimate is one duration (`2w`) or three (`1w / 2w / 4w`)")]
    Shape,
    #[error("three-point estimates must be ordered: optimistic <= likely <= pessimistic")]
    Order,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pert_of_three_points() {
        let e = Estimate::parse("1w / 2w / 9w", Calendar::Business).unwrap();
        let week = 2400.0;
        assert_eq!(e.pert_mean().0, (1.0 + 8.0 + 9.0) / 6.0 * week);
        assert_eq!(e.pert_sd(), 8.0 / 6.0 * week);
        assert!(Estimate::parse("3w / 2w / 4w", Calendar::Business).is_err());
        assert!(Estimate::parse("1w/2w", Calendar::Business).is_err());
        assert_eq!(
            Estimate::parse("2d", Calendar::Business).unwrap().pert_sd(),
            0.0
        );
    }
}
