//! Reading the values Amazon's exports hold: UTC instants, US short dates, amounts with
//! symbols and separators, `Not Available`, `X and Y` multi-values.

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
        }
        .ok_or_else(|| {
            let expected = match style {
                DateStyle::Instant => "a UTC time like 2026-06-29T14:30:46Z",
                DateStyle::UsShort => "a date like 01/03/20",
                DateStyle::Iso => "a date like 2026-06-29",
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
    if trimmed.len() >= 19 {
        let iso = format!("{}T{}Z", &trimmed[..10], &trimmed[11..19]);
        if let Ok(ts) = iso.parse::<jiff::Timestamp>() {
            return zone.date_of(ts);
        }
    }
    // A plain date is already a calendar date.
    crate::date::parse_date(text).ok()
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

/// A money cell: `None` when blank; symbols, apostrophes and digit groups handled.
pub fn parse_money_cell(text: &str) -> Result<Option<Decimal>, String> {
    if is_blank(text) {
        return Ok(None);
    }
    let mut total = Decimal::ZERO;
    for part in parts(text) {
        let amount = crate::money::parse_amount(part).map_err(|_| "not an amount".to_owned())?;
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

/// The currency a symbol in a price stands for, if any.
pub fn currency_symbol(text: &str) -> Option<&'static str> {
    if text.contains('€') {
        Some("EUR")
    } else if text.contains('£') {
        Some("GBP")
    } else if text.contains('¥') || text.contains('￥') {
        Some("JPY")
    } else {
        None
    }
}

/// `Amazon.com`, `www.amazon.fr`, `https://www.amazon.de/gp/…` → `amazon.de`.
pub fn marketplace_of(text: &str) -> Option<String> {
    let t = text.trim();
    if is_blank(t) {
        return None;
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
    host.starts_with("amazon.").then(|| host.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Option<NaiveDate> {
        crate::date::parse_date(s).ok()
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
    }
}
