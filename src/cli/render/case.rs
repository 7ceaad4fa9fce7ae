//! How a case of the journal reads: its status, its events, in the screen's language. The
//! texts the program wrote itself (the opening summary, statuses, outcomes) are rendered
//! from what they record, so they follow the language; what the user or the policy wrote
//! is shown as written.

use crate::journal::{Case, CaseStatus, Event, EventKind, Outcome};
use crate::lang::{Lang, fill};
use crate::vocab::Label;

/// `escalated (2)`, `awaiting reply`…
pub fn status(case: &Case, lang: Lang) -> String {
    match case.status {
        CaseStatus::Escalated => format!("{} ({})", case.status.label(lang), case.level),
        s => s.label(lang).to_owned(),
    }
}

/// The remedy asked for, or a dash.
pub fn remedy(case: &Case, lang: Lang) -> String {
    case.decision
        .remedy
        .map_or_else(|| "—".to_owned(), |r| r.label(lang).to_owned())
}

/// What an event says, in `lang` where the program wrote it.
pub fn event_text(case: &Case, event: &Event, lang: Lang) -> Option<String> {
    let d = &case.decision;
    let text = event.text.as_deref();
    Some(match event.kind {
        EventKind::Created => match (d.remedy, d.basis, &d.rule) {
            (Some(remedy), Some(basis), Some(rule)) => fill(
                lang.phrases().cases.created,
                &[
                    ("status", d.status.label(lang)),
                    ("remedy", remedy.label(lang)),
                    ("basis", basis.label(lang)),
                    ("rule", rule),
                ],
            ),
            _ => d.status.label(lang).to_owned(),
        },
        EventKind::Status => match text.and_then(|t| t.parse::<CaseStatus>().ok()) {
            Some(s) => s.label(lang).to_owned(),
            None => text?.to_owned(),
        },
        EventKind::Closed => match text.and_then(|t| t.parse::<Outcome>().ok()) {
            Some(o) => o.label(lang).to_owned(),
            None => text?.to_owned(),
        },
        EventKind::Escalated => case.escalation_label(event, lang)?.to_owned(),
        EventKind::Draft | EventKind::Sent | EventKind::Reply | EventKind::Note => text?.to_owned(),
    })
}

/// `order 402-…, Machine à café` / `damaged`: what a case is about, in a line.
pub fn about(case: &Case, lang: Lang) -> String {
    let w = &lang.phrases().cases;
    match (&case.order_id, &case.title) {
        (Some(o), Some(t)) => fill(w.about_titled, &[("order", o), ("title", t)]),
        (Some(o), None) => fill(w.about, &[("order", o)]),
        _ => case.problem.label(lang).to_owned(),
    }
}
