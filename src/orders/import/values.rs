//! Reading the values Amazon's exports hold: UTC instants, US short dates, amounts with
//! symbols and separators, `Not Available`, `X and Y` multi-values.

use std::borrow::Cow;

use chrono::NaiveDate;

pub use crate::date::LocalZone;
use rust_decimal::Decimal;

/// Whether a cell says "no value" the way Amazon's exports do.
pub fn is_blank(text: &str) -> bool {
    let t = text.trim();
    t.is_empty()
        || t.eq_ignore_ascii_case("Not Available")
        || t.eq_ignore_ascii_case("Not Applicable")
        || t.eq_ignore_ascii_case("N/A")
}

/// Whether a cell says `pending`: the browser extension's word for an order not charged yet.
pub fn is_pending(text: &str) -> bool {
    text.trim().eq_ignore_ascii_case("pending")
}

/// The parts of an `X and Y` multi-value (split shipments).
pub fn parts(text: &str) -> impl Iterator<Item = &str> {
    text.split(" and ").map(str::trim).filter(|p| !p.is_empty())
}

/// How a format writes its dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateStyle {
    /// UTC instants (`2026-06-29T14:30:46Z`, with or without milliseconds), converted to
    /// the local date.
    Instant,
    /// US short dates, already local (`01/03/20`, `01/03/2020`).
    UsShort,
    /// ISO dates (`2026-06-29`), optionally followed by a time.
    Iso,
    /// Day-first dates of the sites outside the US (`29/12/2017`).
    DayFirst,
}

/// A date cell: `None` when blank; the earliest of `X and Y`.
pub fn parse_date_cell(
    text: &str,
    style: DateStyle,
    zone: &LocalZone,
) -> Result<Option<NaiveDate>, String> {
    if is_blank(text) {
        return Ok(None);
    }
    let mut earliest: Option<NaiveDate> = None;
    for part in parts(text) {
        let date = match style {
            DateStyle::Instant => instant_date(part, zone),
            DateStyle::UsShort => us_short_date(part),
            DateStyle::Iso => crate::date::parse_date(part.get(..10).unwrap_or(part)).ok(),
            DateStyle::DayFirst => day_first_date(part),
        }
        .ok_or_else(|| {
            let expected = match style {
                DateStyle::Instant => "a UTC time like 2026-06-29T14:30:46Z",
                DateStyle::UsShort => "a date like 01/03/20",
                DateStyle::Iso => "a date like 2026-06-29",
                DateStyle::DayFirst => "a date like 29/06/2026",
            };
            format!("not a date (expected {expected})")
        })?;
        earliest = Some(earliest.map_or(date, |e| e.min(date)));
    }
    Ok(earliest)
}

fn instant_date(text: &str, zone: &LocalZone) -> Option<NaiveDate> {
    if let Ok(ts) = text.parse::<jiff::Timestamp>() {
        return zone.date_of(ts);
    }
    // Older dumps: `2021-03-04 18:39:12 UTC`.
    let trimmed = text.strip_suffix(" UTC").unwrap_or(text);
    if let (Some(day), Some(time)) = (trimmed.get(..10), trimmed.get(11..19)) {
        let iso = format!("{day}T{time}Z");
        if let Ok(ts) = iso.parse::<jiff::Timestamp>() {
            return zone.date_of(ts);
        }
    }
    // A plain date is already a calendar date.
    crate::date::parse_date(text).ok()
}

fn day_first_date(text: &str) -> Option<NaiveDate> {
    let mut it = text.split('/');
    let (d, m, y) = (it.next()?, it.next()?, it.next()?);
    us_short_date(&format!("{m}/{d}/{y}"))
}

fn us_short_date(text: &str) -> Option<NaiveDate> {
    let mut it = text.split('/');
    let (m, d, y) = (it.next()?, it.next()?, it.next()?);
    if it.next().is_some() {
        return None;
    }
    let (m, d): (u32, u32) = (m.trim().parse().ok()?, d.trim().parse().ok()?);
    let y: i32 = y.trim().parse().ok()?;
    let year = match y {
        0..=69 => 2000 + y,
        70..=99 => 1900 + y,
        _ => y,
    };
    NaiveDate::from_ymd_opt(year, m, d)
}

/// A money cell: `None` when blank (or `pending`, what the extension leaves in the figures
/// of an order it could not read yet); currency markers, apostrophes and digit groups
/// handled.
pub fn parse_money_cell(text: &str) -> Result<Option<Decimal>, String> {
    if is_blank(text) || is_pending(text) {
        return Ok(None);
    }
    let mut total = Decimal::ZERO;
    for part in parts(text) {
        let (_, number) = split_currency(part);
        let amount = crate::money::parse_amount(&number).map_err(|_| "not an amount".to_owned())?;
        total += amount;
    }
    Ok(Some(total))
}

/// A quantity cell.
pub fn parse_quantity_cell(text: &str) -> Result<Option<u32>, String> {
    if is_blank(text) {
        return Ok(None);
    }
    text.trim()
        .trim_matches('\'')
        .parse::<u32>()
        .map(Some)
        .map_err(|_| "not a whole number".to_owned())
}

/// The currency markers prices carry in exports of the Amazon sites, before or after the
/// number, with or without a space. A longer marker comes before the shorter one it ends
/// with (`CDN$` before `$`). A bare `$` says no currency: it is the dollar of amazon.com,
/// amazon.ca, amazon.com.au and the peso of amazon.com.mx.
const CURRENCY_MARKS: &[(&str, Option<&str>)] = &[
    ("CDN$", Some("CAD")),
    ("CA$", Some("CAD")),
    ("C$", Some("CAD")),
    ("US$", Some("USD")),
    ("AU$", Some("AUD")),
    ("A$", Some("AUD")),
    ("MX$", Some("MXN")),
    ("R$", Some("BRL")),
    ("S$", Some("SGD")),
    ("Rs.", Some("INR")),
    ("Rs", Some("INR")),
    ("₹", Some("INR")),
    ("zł", Some("PLN")),
    ("£", Some("GBP")),
    ("€", Some("EUR")),
    ("EUR", Some("EUR")),
    ("USD", Some("USD")),
    ("CAD", Some("CAD")),
    ("GBP", Some("GBP")),
    ("¥", Some("JPY")),
    ("￥", Some("JPY")),
    ("kr", Some("SEK")),
    ("TL", Some("TRY")),
    ("AED", Some("AED")),
    ("$", None),
];

/// The currency a price's marker names (if it names one), and the number without it.
pub fn split_currency<'a>(text: &'a str) -> (Option<&'static str>, Cow<'a, str>) {
    let t = text.trim();
    // A sign may stand before the marker: `-CDN$ 5.00`.
    let (negative, body) = match t.strip_prefix('-') {
        Some(rest) => (true, rest.trim_start()),
        None => (false, t),
    };
    let number = |n: &'a str| -> Cow<'a, str> {
        if negative {
            Cow::Owned(format!("-{n}"))
        } else {
            Cow::Borrowed(n)
        }
    };
    for (mark, currency) in CURRENCY_MARKS {
        if let Some(rest) = body.strip_prefix(mark).map(str::trim_start)
            && rest.starts_with(|c: char| c.is_ascii_digit() || c == '-' || c == '.')
        {
            return (*currency, number(rest));
        }
        if let Some(rest) = body.strip_suffix(mark).map(str::trim_end)
            && rest.ends_with(|c: char| c.is_ascii_digit())
        {
            return (*currency, number(rest));
        }
    }
    (None, Cow::Borrowed(t))
}

/// The currency a marker in a price stands for, if it names one.
pub fn currency_symbol(text: &str) -> Option<&'static str> {
    split_currency(text).0
}

/// The website values of exports that are not a host name, and the marketplace they stand
/// for: plain `Amazon`, and the store codes of amazon.com's grocery and Fresh orders.
const WEBSITE_ALIASES: &[(&str, &str)] = &[("amazon", "amazon.com"), ("panda01", "amazon.com")];

/// `Amazon.com`, `www.amazon.fr`, `https://www.amazon.de/gp/…` → `amazon.de`; `Amazon`,
/// `panda01` → `amazon.com`.
pub fn marketplace_of(text: &str) -> Option<String> {
    let t = text.trim();
    if is_blank(t) {
        return None;
    }
    if let Some((_, m)) = WEBSITE_ALIASES
        .iter()
        .find(|(alias, _)| t.eq_ignore_ascii_case(alias))
    {
        return Some((*m).to_owned());
    }
    let host = t
        .split("://")
        .nth(1)
        .unwrap_or(t)
        .split('/')
        .next()
        .unwrap_or(t)
        .to_ascii_lowercase();
    let host = host.trim_start_matches("www.").trim_start_matches("smile.");
    is_amazon_site(host).then(|| host.to_owned())
}

/// `amazon.` and one or two labels of two or three letters: `amazon.fr`, `amazon.com.mx`.
fn is_amazon_site(host: &str) -> bool {
    let Some(rest) = host.strip_prefix("amazon.") else {
        return false;
    };
    let labels: Vec<&str> = rest.split('.').collect();
    labels.len() <= 2
        && labels
            .iter()
            .all(|l| (2..=3).contains(&l.len()) && l.bytes().all(|b| b.is_ascii_lowercase()))
}

/// The Amazon sites whose currency is theirs alone.
const SOLE: &[(&str, &str)] = &[
    ("USD", "amazon.com"),
    ("CAD", "amazon.ca"),
    ("GBP", "amazon.co.uk"),
    ("JPY", "amazon.co.jp"),
    ("INR", "amazon.in"),
    ("MXN", "amazon.com.mx"),
    ("BRL", "amazon.com.br"),
    ("AUD", "amazon.com.au"),
    ("PLN", "amazon.pl"),
    ("SEK", "amazon.se"),
    ("TRY", "amazon.com.tr"),
    ("AED", "amazon.ae"),
    ("SAR", "amazon.sa"),
    ("SGD", "amazon.sg"),
    ("EGP", "amazon.eg"),
];

/// The Amazon sites that share the euro.
const EURO_SITES: &[&str] = &[
    "amazon.fr",
    "amazon.de",
    "amazon.it",
    "amazon.es",
    "amazon.nl",
    "amazon.be",
    "amazon.ie",
];

/// The marketplace an order without a website is from, when its currency is used by one
/// Amazon site only (not the euro: amazon.fr, .de, .it, .es, .nl… share it).
pub fn marketplace_of_currency(currency: &str) -> Option<&'static str> {
    SOLE.iter().find(|(c, _)| *c == currency).map(|(_, m)| *m)
}

/// The currency of an Amazon site, when a file does not say it.
pub fn currency_of_marketplace(marketplace: &str) -> Option<&'static str> {
    if EURO_SITES.contains(&marketplace) {
        return Some("EUR");
    }
    SOLE.iter()
        .find(|(_, m)| *m == marketplace)
        .map(|(c, _)| *c)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Option<NaiveDate> {
        crate::date::parse_date(s).ok()
    }

    #[test]
    fn only_amazon_sites_are_marketplaces() {
        assert_eq!(
            marketplace_of("Amazon.co.uk").as_deref(),
            Some("amazon.co.uk")
        );
        assert_eq!(
            marketplace_of("https://www.amazon.com.mx/gp/").as_deref(),
            Some("amazon.com.mx")
        );
        assert_eq!(marketplace_of("panda01").as_deref(), Some("amazon.com"));
        for bad in [
            "amazon.",
            "amazon.fr evil",
            "amazon.a.b.c",
            "amazon.français",
            "ebay.fr",
        ] {
            assert_eq!(marketplace_of(bad), None, "{bad}");
        }
    }

    #[test]
    fn instants_become_local_dates() {
        let paris = LocalZone::parse("+01:00").unwrap_or_else(|_| LocalZone::utc());
        // 23:30Z on the last day of a month is already the next month in UTC+1.
        assert_eq!(
            parse_date_cell("2026-01-31T23:30:00Z", DateStyle::Instant, &paris),
            Ok(d("2026-02-01"))
        );
        assert_eq!(
            parse_date_cell(
                "2026-06-30T03:50:57.832Z",
                DateStyle::Instant,
                &LocalZone::utc()
            ),
            Ok(d("2026-06-30"))
        );
        assert_eq!(
            parse_date_cell(
                "2026-06-30T10:00:00Z and 2026-07-02T10:00:00Z",
                DateStyle::Instant,
                &paris
            ),
            Ok(d("2026-06-30"))
        );
        assert_eq!(
            parse_date_cell("Not Available", DateStyle::Instant, &paris),
            Ok(None)
        );
        assert!(parse_date_cell("yesterday", DateStyle::Instant, &paris).is_err());
        assert_eq!(
            parse_date_cell("01/03/20", DateStyle::UsShort, &paris),
            Ok(d("2020-01-03"))
        );
        assert_eq!(
            parse_date_cell("2026-06-29", DateStyle::Iso, &paris),
            Ok(d("2026-06-29"))
        );
    }

    #[test]
    fn a_date_with_a_character_of_several_bytes_is_refused_not_a_crash() {
        let utc = LocalZone::utc();
        for text in [
            "2026-11-€0T10:00:00Z",
            "€€€€€€€€",
            "2026-10-1\u{a0}5T10:00:00Z",
        ] {
            assert!(
                parse_date_cell(text, DateStyle::Instant, &utc).is_err(),
                "{text}"
            );
        }
    }

    #[test]
    fn zones_parse() {
        assert!(LocalZone::parse("+01:00").is_ok());
        assert!(LocalZone::parse("-0800").is_ok());
        assert!(LocalZone::parse("UTC").is_ok());
        assert!(LocalZone::parse("Mars/Olympus").is_err());
    }

    #[test]
    fn money_cells() {
        let dec = |s: &str| s.parse::<Decimal>().ok();
        assert_eq!(parse_money_cell("'-0.6'"), Ok(dec("-0.6")));
        assert_eq!(parse_money_cell("1,099.77"), Ok(dec("1099.77")));
        assert_eq!(parse_money_cell("€10,99"), Ok(dec("10.99")));
        assert_eq!(parse_money_cell("$24.99"), Ok(dec("24.99")));
        assert_eq!(parse_money_cell("Not Applicable"), Ok(None));
        assert!(parse_money_cell("Prices were not recorded for this order").is_err());
        assert_eq!(
            marketplace_of("https://www.amazon.de/gp/css/order-details?orderID=1").as_deref(),
            Some("amazon.de")
        );
        assert_eq!(marketplace_of("Amazon.com").as_deref(), Some("amazon.com"));
        assert_eq!(marketplace_of("panda01").as_deref(), Some("amazon.com"));
        assert_eq!(marketplace_of("Amazon").as_deref(), Some("amazon.com"));
        assert_eq!(
            marketplace_of("Amazon.com.mx").as_deref(),
            Some("amazon.com.mx")
        );
        assert_eq!(marketplace_of("Whole Foods"), None);
    }

    #[test]
    fn currency_markers_before_or_after() {
        let dec = |s: &str| s.parse::<Decimal>().ok();
        for (text, currency, amount) in [
            ("CDN$ 16.44", Some("CAD"), "16.44"),
            ("CDN$16.44", Some("CAD"), "16.44"),
            ("Rs.4,099.00", Some("INR"), "4099.00"),
            ("₹ 1,299.00", Some("INR"), "1299.00"),
            ("R$ 59,90", Some("BRL"), "59.90"),
            ("59,90 zł", Some("PLN"), "59.90"),
            ("1.234,56 €", Some("EUR"), "1234.56"),
            ("£12.99", Some("GBP"), "12.99"),
            ("US$ 5.00", Some("USD"), "5.00"),
            ("¥1,200", Some("JPY"), "1200"),
            ("-CDN$ 5.00", Some("CAD"), "-5.00"),
            ("$24.99", None, "24.99"),
            ("12.50", None, "12.50"),
        ] {
            assert_eq!(currency_symbol(text), currency, "{text}");
            assert_eq!(parse_money_cell(text), Ok(dec(amount)), "{text}");
        }
        assert_eq!(marketplace_of_currency("CAD"), Some("amazon.ca"));
        assert_eq!(marketplace_of_currency("EUR"), None);
    }
}
