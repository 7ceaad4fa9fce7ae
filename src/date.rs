//! Calendar dates: parsing from flags, TOML and JSON, and calendar arithmetic.

use chrono::{Datelike, Months, NaiveDate};
use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use std::fmt;

/// Parses `YYYY-MM-DD`, rejecting impossible dates with a clear message.
pub fn parse_date(text: &str) -> Result<NaiveDate, String> {
    let invalid = || format!("`{text}` is not a date (expected YYYY-MM-DD, e.g. 2026-11-26)");
    let b = text.trim().as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return Err(invalid());
    }
    let number = |range: std::ops::Range<usize>| {
        b[range].iter().try_fold(0u32, |n, c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    let (Some(y), Some(m), Some(d)) = (number(0..4), number(5..7), number(8..10)) else {
        return Err(invalid());
    };
    i32::try_from(y)
        .ok()
        .and_then(|y| NaiveDate::from_ymd_opt(y, m, d))
        .ok_or_else(invalid)
}

/// Whether a date is past [`LAST_YEAR`](crate::limits::LAST_YEAR): deadlines counted from
/// it might not fit the four-digit years every file `claim` writes can hold.
pub fn too_far_ahead(date: NaiveDate) -> bool {
    date.year() > crate::limits::LAST_YEAR
}

/// `YYYY-MM-DD`, without going through the general formatting machinery (hot in batches).
pub fn iso(date: NaiveDate) -> String {
    match iso_digits(date) {
        Some(digits) => digits.iter().copied().map(char::from).collect(),
        None => date.to_string(),
    }
}

/// `YYYY-MM-DD` as bytes, for a year of four digits (others: `None`, see [`iso`]).
pub fn iso_digits(date: NaiveDate) -> Option<[u8; 10]> {
    let (y, m, d) = (date.year(), date.month(), date.day());
    let y = u32::try_from(y).ok().filter(|y| *y <= 9999)?;
    let digit = |n: u32| b'0' + (n % 10) as u8;
    Some([
        digit(y / 1000),
        digit(y / 100),
        digit(y / 10),
        digit(y),
        b'-',
        digit(m / 10),
        digit(m),
        b'-',
        digit(d / 10),
        digit(d),
    ])
}

/// Adds whole months, clamping to the end of shorter months (Jan 31 + 1 month = Feb 28).
pub fn add_months(date: NaiveDate, months: u32) -> NaiveDate {
    date.checked_add_months(Months::new(months))
        .unwrap_or(NaiveDate::MAX)
}

/// Adds days (negative allowed), saturating at the calendar's ends.
pub fn add_days(date: NaiveDate, days: i64) -> NaiveDate {
    date.checked_add_signed(chrono::TimeDelta::days(days))
        .unwrap_or(if days < 0 {
            NaiveDate::MIN
        } else {
            NaiveDate::MAX
        })
}

/// The date of a given month and day in a given year, clamped to the month's last day.
pub fn month_day_in(year: i32, month: u32, day: u32) -> Option<NaiveDate> {
    (0..4).find_map(|back| NaiveDate::from_ymd_opt(year, month, day.saturating_sub(back)))
}

/// A `NaiveDate` that deserializes from a TOML date (`2026-11-26`) or a string (`"2026-11-26"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(pub NaiveDate);

impl serde::Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match iso_digits(self.0).as_ref().map(|d| std::str::from_utf8(d)) {
            Some(Ok(text)) => s.serialize_str(text),
            _ => s.collect_str(&self.0),
        }
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(DateVisitor)
    }
}

struct DateVisitor;

impl<'de> Visitor<'de> for DateVisitor {
    type Value = Date;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a date YYYY-MM-DD")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Date, E> {
        parse_date(v).map(Date).map_err(E::custom)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Date, A::Error> {
        let dt = toml::value::Datetime::deserialize(de::value::MapAccessDeserializer::new(map))?;
        match (dt.date, dt.time) {
            (Some(d), None) => {
                NaiveDate::from_ymd_opt(i32::from(d.year), u32::from(d.month), u32::from(d.day))
                    .map(Date)
                    .ok_or_else(|| de::Error::custom(format!("`{dt}` is not a valid date")))
            }
            _ => Err(de::Error::custom(format!(
                "`{dt}` is not a plain date (expected YYYY-MM-DD without a time)"
            ))),
        }
    }
}

/// A date, or `false` for "it has not happened" (`delivered = false` in an order file).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateOrNo {
    On(Date),
    No,
}

impl<'de> Deserialize<'de> for DateOrNo {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = DateOrNo;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a date YYYY-MM-DD, or false")
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<DateOrNo, E> {
                if v {
                    Err(E::custom("`true` says nothing: give the date, or `false`"))
                } else {
                    Ok(DateOrNo::No)
                }
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<DateOrNo, E> {
                DateVisitor.visit_str(v).map(DateOrNo::On)
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<DateOrNo, A::Error> {
                DateVisitor.visit_map(map).map(DateOrNo::On)
            }
        }
        d.deserialize_any(V)
    }
}

impl DateOrNo {
    pub fn date(self) -> Option<NaiveDate> {
        match self {
            DateOrNo::On(d) => Some(d.0),
            DateOrNo::No => None,
        }
    }
}

/// A month and day without a year (`"11-01"`), for yearly seasons.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MonthDay {
    pub month: u32,
    pub day: u32,
}

impl MonthDay {
    /// This month-day in the given year (clamped: 02-29 becomes 02-28 in common years).
    pub fn in_year(self, year: i32) -> Option<NaiveDate> {
        month_day_in(year, self.month, self.day)
    }

    /// Ordinal for comparing within a year.
    pub fn key(self) -> u32 {
        self.month * 100 + self.day
    }

    pub fn of(date: NaiveDate) -> MonthDay {
        MonthDay {
            month: date.month(),
            day: date.day(),
        }
    }
}

impl serde::Serialize for MonthDay {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&format_args!("{:02}-{:02}", self.month, self.day))
    }
}

impl<'de> Deserialize<'de> for MonthDay {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        let parsed = s.split_once('-').and_then(|(m, d)| {
            let (month, day) = (m.parse().ok()?, d.parse().ok()?);
            NaiveDate::from_ymd_opt(2024, month, day).map(|_| MonthDay { month, day })
        });
        parsed.ok_or_else(|| {
            de::Error::custom(format!(
                "`{s}` is not a month and day (expected MM-DD, e.g. \"01-31\")"
            ))
        })
    }
}

/// The time zone imported instants are converted to, to get the buyer's calendar date.
#[derive(Debug, Clone)]
pub struct LocalZone(jiff::tz::TimeZone);

impl LocalZone {
    /// The machine's own time zone.
    pub fn system() -> Self {
        LocalZone(jiff::tz::TimeZone::system())
    }

    pub fn utc() -> Self {
        LocalZone(jiff::tz::TimeZone::UTC)
    }

    /// `Europe/Paris`, `UTC`, `local`, or a fixed offset like `+01:00` / `-0800`.
    pub fn parse(name: &str) -> Result<Self, String> {
        let name = name.trim();
        if name.eq_ignore_ascii_case("local") || name.is_empty() {
            return Ok(Self::system());
        }
        if name.eq_ignore_ascii_case("utc") || name == "Z" {
            return Ok(Self::utc());
        }
        if let Some(offset) = parse_offset(name) {
            return jiff::tz::Offset::from_seconds(offset)
                .map(|o| LocalZone(jiff::tz::TimeZone::fixed(o)))
                .map_err(|e| format!("time zone `{name}`: {e}"));
        }
        jiff::tz::TimeZone::get(name)
            .map(LocalZone)
            .map_err(|_| format!("unknown time zone `{name}` (use an IANA name like Europe/Paris, or an offset like +01:00)"))
    }

    /// The local calendar date of a UTC instant.
    pub fn date_of(&self, instant: jiff::Timestamp) -> Option<NaiveDate> {
        let d = self.0.to_datetime(instant).date();
        NaiveDate::from_ymd_opt(
            i32::from(d.year()),
            u32::from(d.month().unsigned_abs()),
            u32::from(d.day().unsigned_abs()),
        )
    }
}

/// `+01:00`, `-0800`, `+1` → seconds east of UTC.
fn parse_offset(text: &str) -> Option<i32> {
    let (sign, rest) = match text.as_bytes().first()? {
        b'+' => (1, &text[1..]),
        b'-' => (-1, &text[1..]),
        _ => return None,
    };
    let digits: String = rest.chars().filter(|c| *c != ':').collect();
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) || digits.len() > 4 {
        return None;
    }
    let (h, m) = if digits.len() <= 2 {
        (digits.parse::<i32>().ok()?, 0)
    } else {
        let split = digits.len() - 2;
        (
            digits[..split].parse::<i32>().ok()?,
            digits[split..].parse::<i32>().ok()?,
        )
    };
    (h <= 18 && m < 60).then_some(sign * (h * 3600 + m * 60))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_rejects_dates() {
        assert!(parse_date("2026-02-30").is_err());
        assert!(parse_date("26/11/2026").is_err());
        assert_eq!(parse_date(" 2026-11-26 ").map(|d| d.day()), Ok(26));
    }

    #[test]
    fn iso_matches_chrono() {
        let far = [
            (-5, 1, 1),
            (0, 12, 31),
            (9999, 12, 31),
            (10000, 1, 1),
            (262_142, 6, 9),
        ]
        .map(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default());
        let near = ["2026-11-26", "0999-01-05", "2028-02-29"]
            .map(|text| parse_date(text).unwrap_or_default());
        for d in near.into_iter().chain(far) {
            assert_eq!(iso(d), d.to_string());
            let json = serde_json::to_string(&Date(d)).unwrap_or_default();
            assert_eq!(json, format!("\"{d}\""));
        }
    }

    #[test]
    fn offsets_are_seconds_east_of_utc() {
        assert_eq!(parse_offset("+05:30"), Some(19800));
        assert_eq!(parse_offset("-0800"), Some(-28800));
        assert_eq!(parse_offset("+25"), None);
    }

    #[test]
    fn month_arithmetic_clamps() {
        let d = parse_date("2026-01-31").unwrap_or_default();
        assert_eq!(add_months(d, 1).to_string(), "2026-02-28");
        assert_eq!(add_days(d, -31).to_string(), "2025-12-31");
    }
}
