//! What happened so far, as later letters recap it: one line per step, in the letter's
//! language (`21 novembre 2026 : envoi de ma réclamation`).

use chrono::NaiveDate;

use crate::lang::{Lang, fill};

/// A step of the claim that a letter recaps.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TimelineEntry {
    /// The buyer sent the claim.
    Sent,
    /// The seller answered this.
    Reply(String),
    /// The buyer climbed to this level of the ladder.
    FollowUp(String),
}

/// The longest part of a reply a letter quotes.
const QUOTE_CHARS: usize = 160;

/// One line per step, oldest first.
pub fn lines(steps: &[(NaiveDate, TimelineEntry)], lang: Lang) -> Vec<String> {
    let words = &lang.phrases().letters;
    steps
        .iter()
        .map(|(date, step)| {
            let what = match step {
                TimelineEntry::Sent => words.sent.to_owned(),
                TimelineEntry::Reply(text) => fill(words.reply, &[("text", &quote(text))]),
                TimelineEntry::FollowUp(label) => fill(words.follow_up, &[("label", label)]),
            };
            fill(
                words.timeline_line,
                &[("date", &lang.date(*date)), ("what", &what)],
            )
        })
        .collect()
}

/// A reply on one line, shortened with an ellipsis.
fn quote(text: &str) -> String {
    crate::text::shorten(&crate::text::one_line(text), QUOTE_CHARS + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_step_reads_in_the_letter_language() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 21).unwrap_or_default();
        let steps = [
            (d, TimelineEntry::Sent),
            (d, TimelineEntry::Reply("Nous ne\n pouvons pas.".into())),
            (d, TimelineEntry::FollowUp("mise en demeure envoyée".into())),
        ];
        assert_eq!(
            lines(&steps, Lang::Fr),
            [
                "21 novembre 2026 : envoi de ma réclamation",
                "21 novembre 2026 : réponse reçue : « Nous ne pouvons pas. »",
                "21 novembre 2026 : mise en demeure envoyée",
            ]
        );
        let long = "x".repeat(200);
        assert!(lines(&[(d, TimelineEntry::Reply(long))], Lang::En)[0].ends_with("x…\""));
    }
}
