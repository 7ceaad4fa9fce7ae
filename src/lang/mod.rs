//! The languages `claim` speaks, and every phrase of its own in each of them: month names,
//! labels of the vocabulary, headings of every screen, the walk-through's questions, the
//! hints of errors. Policies bring their own texts; these are the program's.
//!
//! A language is offered only when it is complete: adding one is a new file next to `en.rs`
//! and `fr.rs`, and a variant here.

mod en;
mod fr;
mod phrases;

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};

use crate::money::Money;
pub use phrases::*;

/// A language of the program's phrases and of policy texts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum Lang {
    #[default]
    En,
    Fr,
}

impl Lang {
    /// Every language with a complete set of phrases.
    pub const ALL: &'static [Lang] = &[Lang::En, Lang::Fr];

    /// The ISO 639-1 code (`fr`).
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Fr => "fr",
        }
    }

    /// The codes of every language, for help texts and errors.
    pub fn codes() -> Vec<&'static str> {
        Lang::ALL.iter().map(|l| l.code()).collect()
    }

    /// The language of a locale setting (`fr_FR.UTF-8`, `en_US`, `fr`), if it is one we speak.
    pub fn from_locale(locale: &str) -> Option<Lang> {
        let code = locale
            .split(['_', '.', '@', '-'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        code.parse().ok()
    }

    /// The program's phrases in this language.
    pub fn phrases(self) -> &'static Phrases {
        match self {
            Lang::En => &en::PHRASES,
            Lang::Fr => &fr::PHRASES,
        }
    }

    /// A date as people write it: `20 novembre 2026`, `1er mai 2026`, `20 November 2026`.
    pub fn date(self, date: NaiveDate) -> String {
        let p = self.phrases();
        let month = p.months[date.month0() as usize];
        // Pieces pushed rather than `format!`ted: letters and reports print many dates.
        let mut text = String::with_capacity(month.len() + 16);
        match (date.day(), p.first_of_month) {
            (1, Some(first)) => text.push_str(first),
            (day, _) => text.push_str(itoa::Buffer::new().format(day)),
        }
        text.push(' ');
        text.push_str(month);
        text.push(' ');
        text.push_str(itoa::Buffer::new().format(date.year()));
        text
    }

    /// Money as people write it: `249,00 €`, `€249.00`, `12,50 CHF`, `12.50 CHF`.
    pub fn money(self, money: Money) -> String {
        let amount = money.amount_string();
        let symbol = match money.currency.code() {
            "EUR" => Some("€"),
            "USD" => Some("$"),
            "GBP" => Some("£"),
            _ => None,
        };
        let mut text = String::with_capacity(amount.len() + 6);
        match (self, symbol) {
            (Lang::Fr, symbol) => {
                text.extend(amount.chars().map(|c| if c == '.' { ',' } else { c }));
                text.push(' ');
                text.push_str(symbol.unwrap_or(money.currency.code()));
            }
            (Lang::En, Some(s)) => {
                text.push_str(s);
                text.push_str(&amount);
            }
            (Lang::En, None) => {
                text.push_str(&amount);
                text.push(' ');
                text.push_str(money.currency.code());
            }
        }
        text
    }

    /// A whole number with the language's digit grouping: `4 096` (narrow space), `4,096`.
    pub fn count(self, n: u64) -> String {
        let digits = n.to_string();
        let separator = self.phrases().thousands;
        let mut grouped = String::with_capacity(digits.len() + 8);
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                grouped.push(separator);
            }
            grouped.push(c);
        }
        grouped
    }
}

/// Fills the `{name}` slots of a phrase.
pub fn fill(phrase: &str, values: &[(&str, &str)]) -> String {
    let mut out =
        String::with_capacity(phrase.len() + values.iter().map(|(_, v)| v.len()).sum::<usize>());
    let mut rest = phrase;
    // One pass: a value that holds `{name}` itself stays as it is.
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let named = after.find('}').and_then(|close| {
            let name = &after[..close];
            let value = values.iter().find(|(n, _)| *n == name)?.1;
            Some((value, &after[close + 1..]))
        });
        match named {
            Some((value, next)) => {
                out.push_str(value);
                rest = next;
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// A language code we do not speak.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unsupported language `{0}` (claim speaks: {codes})", codes = Lang::codes().join(", "))]
pub struct UnknownLang(pub String);

impl FromStr for Lang {
    type Err = UnknownLang;
    fn from_str(s: &str) -> Result<Lang, UnknownLang> {
        let wanted = s.trim();
        Lang::ALL
            .iter()
            .copied()
            .find(|l| l.code().eq_ignore_ascii_case(wanted))
            .ok_or_else(|| UnknownLang(s.to_owned()))
    }
}

impl crate::words::Closed for Lang {
    const ALL: &'static [Lang] = Lang::ALL;
    fn written(self) -> &'static str {
        self.code()
    }
}

impl serde::Serialize for Lang {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        crate::words::serialize_closed(*self, s)
    }
}

impl<'de> serde::Deserialize<'de> for Lang {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        crate::words::deserialize_closed(d)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_money_read_as_people_write_them() {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default();
        for (lang, date, written) in [
            (Lang::Fr, day(2026, 11, 26), "26 novembre 2026"),
            (Lang::Fr, day(2026, 1, 1), "1er janvier 2026"),
            (Lang::En, day(2026, 1, 1), "1 January 2026"),
            (Lang::En, day(999, 12, 31), "31 December 999"),
        ] {
            assert_eq!(lang.date(date), written);
        }
        let money = |amount: &str, code: &str| {
            let currency = code.parse::<crate::money::Currency>().expect("known");
            Money::new(amount.parse().unwrap_or_default(), currency)
        };
        for (lang, amount, code, written) in [
            (Lang::Fr, "249", "EUR", "249,00 €"),
            (Lang::En, "249", "EUR", "€249.00"),
            (Lang::Fr, "12.5", "CHF", "12,50 CHF"),
            (Lang::En, "12.5", "CHF", "12.50 CHF"),
            (Lang::En, "-3.2", "USD", "$-3.20"),
            (Lang::Fr, "1234.567", "JPY", "1235 JPY"),
        ] {
            assert_eq!(lang.money(money(amount, code)), written, "{amount} {code}");
        }
    }

    #[test]
    fn fill_puts_each_value_in_its_slots_once() {
        let values = [("title", "Lamp {price}"), ("price", "€12")];
        assert_eq!(
            fill("{title} at {price}, {price}; {unknown} {", &values),
            "Lamp {price} at €12, €12; {unknown} {"
        );
        assert_eq!(fill("{{price}}", &values), "{€12}");
    }

    #[test]
    fn dates_money_and_counts_read_naturally() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 20).unwrap_or_default();
        assert_eq!(Lang::Fr.date(d), "20 novembre 2026");
        assert_eq!(Lang::En.date(d), "20 November 2026");
        let first = NaiveDate::from_ymd_opt(2026, 5, 1).unwrap_or_default();
        assert_eq!(Lang::Fr.date(first), "1er mai 2026");
        let eur = "EUR"
            .parse()
            .map(|c| Money::new(rust_decimal::Decimal::new(24900, 2), c));
        assert_eq!(
            eur.map(|m| Lang::Fr.money(m)).ok().as_deref(),
            Some("249,00 €")
        );
        assert_eq!(Lang::En.count(2_097_152), "2,097,152");
        assert_eq!(Lang::Fr.count(512), "512");
    }

    #[test]
    fn locales_and_codes() {
        assert_eq!(Lang::from_locale("fr_FR.UTF-8"), Some(Lang::Fr));
        assert_eq!(Lang::from_locale("C"), None);
        assert!("de".parse::<Lang>().is_err());
    }
}
