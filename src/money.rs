//! Money: a decimal amount with its ISO 4217 currency. Never a float.

use std::fmt;
use std::str::FromStr;

use rust_decimal::{Decimal, RoundingStrategy};
use serde::ser::SerializeStruct;
use serde::{Serialize, Serializer};

/// The currencies the program knows, with their number of minor-unit digits.
const CURRENCIES: &[(&str, u32)] = &[
    ("EUR", 2),
    ("USD", 2),
    ("GBP", 2),
    ("CAD", 2),
    ("AUD", 2),
    ("CHF", 2),
    ("SEK", 2),
    ("PLN", 2),
    ("MXN", 2),
    ("BRL", 2),
    ("INR", 2),
    ("SGD", 2),
    ("AED", 2),
    ("SAR", 2),
    ("TRY", 2),
    ("EGP", 2),
    ("ZAR", 2),
    ("JPY", 0),
];

/// An ISO 4217 currency code the program knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Currency(&'static str);

impl Currency {
    pub const USD: Currency = Currency("USD");
    pub const EUR: Currency = Currency("EUR");

    pub fn code(self) -> &'static str {
        self.0
    }

    /// Digits after the decimal point in this currency (2 for EUR, 0 for JPY).
    pub fn minor_digits(self) -> u32 {
        CURRENCIES
            .iter()
            .find(|(c, _)| *c == self.0)
            .map_or(2, |(_, d)| *d)
    }
}

impl FromStr for Currency {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let upper = s.trim().to_ascii_uppercase();
        CURRENCIES
            .iter()
            .find(|(c, _)| *c == upper)
            .map(|(c, _)| Currency(c))
            .ok_or_else(|| {
                let codes: Vec<&str> = CURRENCIES.iter().map(|(c, _)| *c).collect();
                format!(
                    "unknown currency `{s}`{} (known: {})",
                    crate::suggest::did_you_mean(&upper, codes.iter().copied()),
                    codes.join(", ")
                )
            })
    }
}

impl Serialize for Currency {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.0)
    }
}

impl<'de> serde::Deserialize<'de> for Currency {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        crate::words::deserialize(d)
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

/// An amount of money in a currency.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Money {
    pub amount: Decimal,
    pub currency: Currency,
}

impl Money {
    pub fn new(amount: Decimal, currency: Currency) -> Self {
        Money { amount, currency }.rounded()
    }

    /// The amount in `currency`, refused when it is finer than the currency's smallest unit
    /// (`1500.50` yen): rounding it would change what was written.
    pub fn exact(amount: Decimal, currency: Currency) -> Result<Money, String> {
        let money = Money::new(amount, currency);
        if money.amount == amount {
            Ok(money)
        } else {
            Err(format!(
                "{amount} has more decimals than {currency} counts ({})",
                currency.minor_digits()
            ))
        }
    }

    /// Rounded to the currency's minor unit, half away from zero.
    pub fn rounded(self) -> Self {
        let amount = self.amount.round_dp_with_strategy(
            self.currency.minor_digits(),
            RoundingStrategy::MidpointAwayFromZero,
        );
        Money { amount, ..self }
    }

    /// The amount as a plain decimal string with the currency's minor digits (`12.90`).
    pub fn amount_string(&self) -> String {
        let mut digits = Vec::with_capacity(24);
        self.write_amount(&mut digits);
        digits.into_iter().map(char::from).collect()
    }

    /// Appends [`Money::amount_string`] to `out`, without the formatting machinery (hot in
    /// batches).
    pub fn write_amount(&self, out: &mut Vec<u8>) {
        let amount = self.amount_in_minor_digits();
        let mut digits = itoa::Buffer::new();
        let digits = digits.format(amount.mantissa().unsigned_abs()).as_bytes();
        let scale = amount.scale() as usize;
        if amount.is_sign_negative() {
            out.push(b'-');
        }
        match digits.len().checked_sub(scale) {
            Some(0) | None => out.push(b'0'),
            Some(whole) => out.extend_from_slice(&digits[..whole]),
        }
        if scale > 0 {
            out.push(b'.');
            out.extend(std::iter::repeat_n(
                b'0',
                scale.saturating_sub(digits.len()),
            ));
            out.extend_from_slice(&digits[digits.len().saturating_sub(scale)..]);
        }
    }

    /// The amount with the currency's minor digits, `12.9` → `12.90` (shown by `Display`).
    pub fn amount_in_minor_digits(&self) -> Decimal {
        let mut a = self.amount;
        a.rescale(self.currency.minor_digits());
        a
    }

    /// For people: `249.00 EUR`.
    pub fn display(&self) -> String {
        format!("{} {}", self.amount_string(), self.currency)
    }
}

impl Serialize for Money {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("Money", 2)?;
        st.serialize_field("amount", &self.amount_string())?;
        st.serialize_field("currency", self.currency.code())?;
        st.end()
    }
}

impl<'de> serde::Deserialize<'de> for Money {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Written {
            amount: String,
            currency: Currency,
        }
        let w = Written::deserialize(d)?;
        let amount = parse_amount(&w.amount).map_err(serde::de::Error::custom)?;
        Ok(Money::new(amount, w.currency))
    }
}

/// Parses an amount a person typed: `12.99`, `12,99`, `1,099.77`, `1 099,77`, `€12.99`.
///
/// A comma followed by exactly three digits (and no dot after it) is a thousands separator
/// only when a dot also appears; a lone comma is a decimal comma.
pub fn parse_amount(text: &str) -> Result<Decimal, String> {
    // Fast path: a plain `-12.34` needs no cleaning.
    let plain = text.trim();
    if !plain.is_empty()
        && plain.len() < 28
        && plain
            .bytes()
            .enumerate()
            .all(|(i, b)| b.is_ascii_digit() || b == b'.' || (b == b'-' && i == 0))
        && plain.bytes().any(|b| b.is_ascii_digit())
        && let Ok(d) = Decimal::from_str(plain)
    {
        return Ok(d);
    }
    let cleaned: String = text
        .trim()
        .trim_matches('\'')
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '€' | '$' | '£' | '¥'))
        .collect();
    let normalized = match (cleaned.rfind(','), cleaned.rfind('.')) {
        (Some(comma), Some(dot)) if comma < dot => cleaned.replace(',', ""),
        (Some(_), Some(_)) => cleaned.replace('.', "").replace(',', "."),
        // Commas alone: digit groups (`1,099`, JPY `1,811`) when every group after the
        // first has three digits, else one decimal comma (`12,99`).
        (Some(_), None) if thousands_grouped(&cleaned) => cleaned.replace(',', ""),
        (Some(_), None) => cleaned.replace(',', "."),
        _ => cleaned.clone(),
    };
    let valid = !normalized.is_empty()
        && normalized
            .strip_prefix('-')
            .unwrap_or(&normalized)
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.')
        && normalized.matches('.').count() <= 1;
    let not_amount = || {
        let shown = crate::text::shorten(text, crate::limits::MAX_QUOTED_CHARS);
        format!("`{shown}` is not an amount (expected e.g. 12.99)")
    };
    if !valid {
        return Err(not_amount());
    }
    Decimal::from_str(&normalized).map_err(|_| not_amount())
}

/// `1,099` or `-12,345,678`: commas that only group thousands.
fn thousands_grouped(text: &str) -> bool {
    let mut groups = text.trim_start_matches('-').split(',');
    let first = groups.next().unwrap_or("");
    (1..=3).contains(&first.len())
        && groups.all(|g| g.len() == 3 && g.bytes().all(|b| b.is_ascii_digit()))
}

/// Parses an amount a person typed (a flag, an answer, a batch line, a file they wrote),
/// refusing what a reader could take two ways. Accepted: `12.34`, `12,34`, `1 234,56`,
/// `1,234.56`, `1.234,56`, `1,234,567`. Refused: `1.500` and `1,500` (one thousand five
/// hundred in French, one and a half in English: the decimals must be written), and more
/// than two decimals (`12.345`: no currency `claim` knows has fractions of a cent).
pub fn parse_typed_amount(text: &str) -> Result<Decimal, String> {
    if let Some(amount) = plain_amount(text) {
        return Ok(amount);
    }
    let shown = crate::text::shorten(text, crate::limits::MAX_QUOTED_CHARS);
    if text.contains(['€', '$', '£', '¥']) {
        // The currency is the order's (or `--currency`): a sign could only contradict it.
        return Err(format!(
            "`{shown}`: write the amount without its currency sign (the currency is the order's, or --currency)"
        ));
    }
    // Spaces (plain, no-break, narrow no-break) group thousands like `,` and `.` do.
    let cleaned: String = text
        .trim()
        .chars()
        .map(|c| {
            if matches!(c, '\u{a0}' | '\u{202f}') {
                ' '
            } else {
                c
            }
        })
        .collect();
    let not_amount = || format!("`{shown}` is not an amount (expected e.g. 12.99)");
    let digits = cleaned.strip_prefix('-').unwrap_or(&cleaned).trim_start();
    if digits.is_empty()
        || !digits
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ',' | '.' | ' '))
    {
        return Err(not_amount());
    }
    // The decimal separator is the last separator when both kinds appear, or the only one
    // when it appears once; a separator that appears several times groups thousands.
    let last = digits.rfind([',', '.']);
    let decimal_at = match last {
        None => None,
        Some(at) => {
            let sep = digits.as_bytes()[at];
            let mixed = digits.bytes().any(|b| (b == b',' || b == b'.') && b != sep);
            let once = digits.bytes().filter(|&b| b == sep).count() == 1;
            (mixed || once).then_some(at)
        }
    };
    let (whole, decimals) = match decimal_at {
        Some(at) => (&digits[..at], &digits[at + 1..]),
        None => (digits, ""),
    };
    if decimal_at.is_some()
        && whole != "0"
        && !whole.contains([',', '.', ' '])
        && decimals.len() == 3
    {
        return Err(format!(
            "`{shown}` is ambiguous (a decimal or a thousands separator?): write the decimals, `{whole}{decimals}.00`, or at most two decimals"
        ));
    }
    if decimals.len() > 2 {
        return Err(format!(
            "`{shown}` has more than two decimals (write cents at most, e.g. 12.35)"
        ));
    }
    if decimal_at.is_some() && decimals.is_empty() {
        return Err(not_amount());
    }
    // Thousands groups: one separator (not the decimal one), 1 to 3 digits, then groups of
    // exactly three (`12 34` and `1,234.567.89` are not amounts).
    let separators: Vec<char> = [',', '.', ' ']
        .into_iter()
        .filter(|c| whole.contains(*c))
        .collect();
    let decimal = decimal_at.map(|at| char::from(digits.as_bytes()[at]));
    let mut groups = whole.split([',', '.', ' ']);
    let first = groups.next().unwrap_or("");
    if first.is_empty()
        || separators.len() > 1
        || decimal.is_some_and(|d| separators.contains(&d))
        || (!separators.is_empty() && first.len() > 3)
        || !groups.all(|g| g.len() == 3)
        || !decimals.bytes().all(|b| b.is_ascii_digit())
    {
        return Err(not_amount());
    }
    let plain: String = whole.chars().filter(char::is_ascii_digit).collect();
    let sign = if cleaned.starts_with('-') { "-" } else { "" };
    let number = if decimals.is_empty() {
        format!("{sign}{plain}")
    } else {
        format!("{sign}{plain}.{decimals}")
    };
    Decimal::from_str(&number).map_err(|_| not_amount())
}

/// `1234`, `-12.5`, `12.34`: digits with at most two decimals after a dot, the form most
/// amounts come in, which reads one way only and needs none of [`parse_typed_amount`]'s
/// checks.
fn plain_amount(text: &str) -> Option<Decimal> {
    let text = text.trim();
    let unsigned = text.strip_prefix('-').unwrap_or(text);
    let (whole, decimals) = unsigned.split_once('.').unwrap_or((unsigned, "0"));
    let digits = |s: &str, most: usize| {
        (1..=most).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
    };
    (digits(whole, 18) && digits(decimals, 2))
        .then(|| Decimal::from_str(text).ok())
        .flatten()
}

/// Parses an amount a person typed that must be a price or a fee: not negative, not
/// absurd (see [`parse_typed_amount`] for the forms).
pub fn parse_price(text: &str) -> Result<Decimal, String> {
    let amount = parse_typed_amount(text)?;
    if amount.is_sign_negative() && !amount.is_zero() {
        return Err(format!("amount `{text}` is negative"));
    }
    if amount > Decimal::from(10_000_000) {
        return Err(format!(
            "amount `{text}` is not plausible (over 10,000,000)"
        ));
    }
    Ok(amount)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_are_written_as_decimal_displays_them() {
        let currencies = ["EUR", "JPY"].map(|c| c.parse::<Currency>().expect("known"));
        let mut negative_zero = Decimal::new(0, 2);
        negative_zero.set_sign_negative(true);
        let amounts = [
            "0",
            "0.5",
            "0.05",
            "0.005",
            "1",
            "12.9",
            "12.345",
            "-3.2",
            "-0.01",
            "999999.99",
            "1234567890.5",
            "0.000",
        ]
        .map(d)
        .into_iter()
        .chain([negative_zero, Decimal::MAX, Decimal::MIN]);
        for amount in amounts {
            for currency in currencies {
                let money = Money { amount, currency };
                let mut written = Vec::new();
                money.write_amount(&mut written);
                let expected = money.amount_in_minor_digits().to_string();
                assert_eq!(String::from_utf8(written).ok(), Some(expected.clone()));
                assert_eq!(money.amount_string(), expected);
            }
        }
    }

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap_or_default()
    }

    #[test]
    fn parses_the_forms_people_type() {
        assert_eq!(parse_amount("12.99"), Ok(d("12.99")));
        assert_eq!(parse_amount("12,99"), Ok(d("12.99")));
        assert_eq!(parse_amount("1,099.77"), Ok(d("1099.77")));
        assert_eq!(parse_amount("1.099,77"), Ok(d("1099.77")));
        assert_eq!(parse_amount("1,811"), Ok(d("1811")));
        assert_eq!(parse_amount("1,234,567"), Ok(d("1234567")));
        assert_eq!(parse_amount("1,49"), Ok(d("1.49")));
        assert_eq!(parse_amount("'-1.6'"), Ok(d("-1.6")));
        assert_eq!(parse_amount("€ 7"), Ok(d("7")));
        assert_eq!(parse_amount("'-0.6'"), Ok(d("-0.6")));
        assert!(parse_amount("12.3.4").is_err());
        assert!(parse_amount("abc").is_err());
        assert!(parse_amount("").is_err());
        assert!(parse_price("-3").is_err());
        assert!(parse_price("1e9").is_err());
    }

    #[test]
    fn typed_amounts_cannot_be_misread() {
        for (typed, value) in [
            ("12.34", "12.34"),
            ("12,34", "12.34"),
            ("12,5", "12.5"),
            ("1 234,56", "1234.56"),
            ("1\u{202f}234,56", "1234.56"),
            ("12 345 678", "12345678"),
            ("1,234.56", "1234.56"),
            ("1.234,56", "1234.56"),
            ("1,234,567", "1234567"),
            ("1.234.567", "1234567"),
            ("1500", "1500"),
            ("0.5", "0.5"),
            ("-3.10", "-3.10"),
            (" 12.5 ", "12.5"),
            ("007", "7"),
            ("0", "0"),
        ] {
            assert_eq!(parse_typed_amount(typed), Ok(d(value)), "{typed}");
        }
        for ambiguous in ["1.500", "1,500", "12,345", "0.001"] {
            let e = parse_typed_amount(ambiguous).err().unwrap_or_default();
            assert!(
                e.contains("ambiguous") || e.contains("decimals"),
                "{ambiguous}: {e}"
            );
        }
        assert!(parse_typed_amount("1,500").is_err_and(|e| e.contains("ambiguous")));
        assert!(parse_typed_amount("$12.34").is_err_and(|e| e.contains("currency sign")));
        for bad in [
            "12.345",
            "1.2345",
            "1,23,45",
            "12.",
            ",5",
            "1,2345.6",
            "12.3.4",
            "1.234,5,6",
            "1,234.567.89",
            "1.234,567,89",
            "12 34",
            "1 23,45",
            "1 234.567,89",
            "",
            "-",
            "abc",
        ] {
            assert!(parse_typed_amount(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn rounds_to_the_minor_unit() {
        let eur: Currency = "eur".parse().unwrap_or(Currency("EUR"));
        assert_eq!(Money::new(d("10.005"), eur).amount_string(), "10.01");
        assert_eq!(Money::new(d("7"), eur).amount_string(), "7.00");
        let jpy: Currency = "JPY".parse().unwrap_or(Currency("JPY"));
        assert_eq!(Money::new(d("1811.4"), jpy).amount_string(), "1811");
        assert!(
            "EUX"
                .parse::<Currency>()
                .is_err_and(|e| e.contains("did you mean `EUR`"))
        );
    }
}
