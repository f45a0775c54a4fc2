//! Text for a person: a buffer whose styling is a no-op without colour, and
//! the trait every report implements to be shown as text. Reports render
//! where they are built (planning, learning, runs); the front decides only
//! whether there is colour and where the text goes.

use std::fmt;

/// A report that can be shown to a person.
pub trait Human {
    fn human(&self, out: &mut Out) -> fmt::Result;
}

impl<T: Human + ?Sized> Human for &T {
    fn human(&self, out: &mut Out) -> fmt::Result {
        (**self).human(out)
    }
}

/// A text buffer with styling that is a no-op without colour.
pub struct Out {
    pub text: String,
    pub color: bool,
}

impl fmt::Write for Out {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.text.push_str(s);
        Ok(())
    }
}

impl Out {
    pub fn new(color: bool) -> Out {
        Out {
            text: String::new(),
            color,
        }
    }
    fn paint(&self, code: &str, s: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }
    pub fn bold(&self, s: &str) -> String {
        self.paint("1", s)
    }
    pub fn dim(&self, s: &str) -> String {
        self.paint("2", s)
    }
    pub fn heading(&self, s: &str) -> String {
        self.paint("1;36", s)
    }
    pub fn accent(&self, s: &str) -> String {
        self.paint("33", s)
    }
    pub fn good(&self, s: &str) -> String {
        self.paint("32", s)
    }
    pub fn bad(&self, s: &str) -> String {
        self.paint("31", s)
    }
}

/// Pad or cut `s` to `width` characters.
pub fn fit(s: &str, width: usize) -> String {
    let n = s.chars().count();
    if n <= width {
        format!("{s}{}", " ".repeat(width - n))
    } else {
        let cut: String = s.chars().take(width.saturating_sub(1)).collect();
        format!("{cut}…")
    }
}

/// An amount of money in US dollars as people read it: to the cent from a
/// dollar up, to the tenth of a cent below (`$0.005`, a cheap model call),
/// `<$0.001` for less, `$0` for nothing.
pub fn money(usd: f64) -> String {
    let a = usd.abs();
    let sign = if usd < 0.0 { "-" } else { "" };
    if a == 0.0 {
        "$0".into()
    } else if a >= 0.9995 {
        format!("{sign}${a:.2}")
    } else if a >= 0.0005 {
        format!("{sign}${a:.3}")
    } else {
        format!("{sign}<$0.001")
    }
}

#[cfg(test)]
mod tests {
    use super::money;

    #[test]
    fn money_is_told_to_the_cent_or_the_tenth_of_a_cent() {
        assert_eq!(money(0.005), "$0.005");
        assert_eq!(money(0.0123), "$0.012");
        assert_eq!(money(0.5), "$0.500");
        assert_eq!(money(1.0), "$1.00");
        assert_eq!(money(12.345), "$12.35");
        assert_eq!(money(0.9996), "$1.00");
        assert_eq!(money(0.0001), "<$0.001");
        assert_eq!(money(0.0), "$0");
        assert_eq!(money(-2.5), "-$2.50");
    }
}
