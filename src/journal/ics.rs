//! An iCalendar (RFC 5545) file of deadlines and follow-ups: all-day events, one UID each,
//! an alarm the day before; CRLF line ends and lines folded at 75 octets.

use chrono::{Datelike, NaiveDate};

/// One all-day event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalendarEvent {
    /// Stable across runs, so calendars update the event instead of duplicating it.
    pub uid: String,
    pub date: NaiveDate,
    pub summary: String,
    pub description: String,
}

fn ymd(d: NaiveDate) -> String {
    format!("{:04}{:02}{:02}", d.year(), d.month(), d.day())
}

/// TEXT escaping: backslash, semicolon, comma, newline; other controls, and characters
/// that disguise text (bidirectional overrides), dropped.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            c if crate::text::is_hidden(c) => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends a content line, folded so that no line exceeds 75 octets (never inside a
/// UTF-8 sequence), ended by CRLF.
fn line(out: &mut String, content: &str) {
    let mut width = 0;
    for c in content.chars() {
        let len = c.len_utf8();
        if width + len > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += len;
    }
    out.push_str("\r\n");
}

/// The calendar; `stamp` (the `--today` date) makes the output reproducible.
pub fn calendar(events: &[CalendarEvent], stamp: NaiveDate) -> String {
    let mut out = String::new();
    line(&mut out, "BEGIN:VCALENDAR");
    line(&mut out, "VERSION:2.0");
    line(
        &mut out,
        concat!("PRODID:-//claim//claim ", env!("CARGO_PKG_VERSION"), "//EN"),
    );
    line(&mut out, "CALSCALE:GREGORIAN");
    line(&mut out, "METHOD:PUBLISH");
    for e in events {
        line(&mut out, "BEGIN:VEVENT");
        line(&mut out, &format!("UID:{}", escape(&e.uid)));
        line(&mut out, &format!("DTSTAMP:{}T000000Z", ymd(stamp)));
        line(&mut out, &format!("DTSTART;VALUE=DATE:{}", ymd(e.date)));
        line(
            &mut out,
            &format!("DTEND;VALUE=DATE:{}", ymd(crate::date::add_days(e.date, 1))),
        );
        line(&mut out, &format!("SUMMARY:{}", escape(&e.summary)));
        line(&mut out, &format!("DESCRIPTION:{}", escape(&e.description)));
        line(&mut out, "TRANSP:TRANSPARENT");
        line(&mut out, "BEGIN:VALARM");
        line(&mut out, "ACTION:DISPLAY");
        line(&mut out, &format!("DESCRIPTION:{}", escape(&e.summary)));
        line(&mut out, "TRIGGER:-P1D");
        line(&mut out, "END:VALARM");
        line(&mut out, "END:VEVENT");
    }
    line(&mut out, "END:VCALENDAR");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn calendar_event(date: NaiveDate) -> CalendarEvent {
        CalendarEvent {
            uid: "C1-x@claim".into(),
            date,
            summary: String::new(),
            description: String::new(),
        }
    }

    #[test]
    fn lines_fold_and_end_in_crlf() {
        let d = crate::date::parse_date("2026-12-04").unwrap_or_default();
        let e = CalendarEvent {
            uid: "C1-return_window@claim".into(),
            date: d,
            summary: "Fin du délai de retour, commande 402-8765432-1122334 ; « Machine à café à grain avec broyeur »".into(),
            description: "a\nb, c".into(),
        };
        let ics = calendar(&[e], d);
        assert!(ics.split("\r\n").all(|l| l.len() <= 75), "{ics}");
        assert!(!ics.replace("\r\n", "").contains('\n'));
        assert!(ics.contains("DTSTART;VALUE=DATE:20261204\r\n"));
        assert!(ics.contains("DESCRIPTION:a\\nb\\, c"));
        let hidden = CalendarEvent {
            summary: "Casque \u{202e}gpj.exe\u{85}\u{1b}[2J".into(),
            ..CalendarEvent::clone(&calendar_event(d))
        };
        let ics = calendar(&[hidden], d);
        assert!(ics.contains("SUMMARY:Casque gpj.exe[2J\r\n"), "{ics}");
        assert!(ics.ends_with("END:VCALENDAR\r\n"));
    }
}
