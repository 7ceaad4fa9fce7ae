//! One claim in the journal: what was decided when it was opened, and everything that
//! happened since. Its transitions (`open`, `record_sent`, `record_reply`, `escalate`,
//! `close`…) are the only way commands change it, so `claim escalate`, `claim log --status
//! escalated` and `claim new` cannot diverge.

use std::collections::BTreeMap;
use std::path::PathBuf;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::case::CaseInput;
use crate::date::Date;
use crate::lang::Lang;
use crate::money::{Currency, Money};
use crate::vocab::{Basis, Problem, RemedyKind, Status};

crate::vocab::vocabulary! {
    /// Where a case stands.
    CaseStatus {
        /// Created, nothing sent yet.
        Open => "open",
        /// Sent, no reply expected (a letter, a report).
        Sent => "sent",
        /// Sent, waiting for the answer.
        AwaitingReply => "awaiting-reply",
        /// Climbed the escalation ladder (see the case's level).
        Escalated => "escalated",
        Resolved => "resolved",
        Abandoned => "abandoned",
    }
}

crate::vocab::vocabulary! {
    /// What happened on a day.
    EventKind {
        Created => "created",
        Draft => "draft",
        Sent => "sent",
        Reply => "reply",
        Status => "status",
        Escalated => "escalated",
        Note => "note",
        Closed => "closed",
    }
}

crate::vocab::vocabulary! {
    /// What a closed case obtained.
    Outcome {
        FullRefund => "full-refund",
        PartialRefund => "partial-refund",
        AccountCredit => "account-credit",
        Replacement => "replacement",
        Repair => "repair",
        PrimeExtension => "prime-extension",
        RefundWithoutReturn => "refund-without-return",
        /// The claim was refused, or dropped.
        Nothing => "nothing",
    }
}

crate::vocab::labelled! {
    CaseStatus => case_statuses,
    EventKind => events,
    Outcome => outcomes,
}

/// A text kept in every language of the policy that wrote it (older journals kept one).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum SavedText {
    Each(BTreeMap<Lang, String>),
    One(String),
}

impl SavedText {
    /// The text in `lang`, else in any language it has.
    pub fn get(&self, lang: Lang) -> &str {
        match self {
            SavedText::One(text) => text,
            SavedText::Each(texts) => texts
                .get(&lang)
                .or_else(|| texts.values().next())
                .map_or("", String::as_str),
        }
    }
}

/// An amount as the journal writes it: `249.00 EUR` (a bare number when the currency was
/// not known).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Amount {
    pub amount: Decimal,
    pub currency: Option<Currency>,
}

impl Amount {
    pub fn money(self) -> Option<Money> {
        self.currency.map(|c| Money::new(self.amount, c))
    }
}

impl Serialize for Amount {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.money() {
            Some(m) => s.serialize_str(&format!("{} {}", m.amount_string(), m.currency)),
            None => s.serialize_str(&self.amount.to_string()),
        }
    }
}

impl<'de> Deserialize<'de> for Amount {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        let text = String::deserialize(d)?;
        let (number, code) = match text.trim().rsplit_once(' ') {
            Some((n, c)) => (n, Some(c)),
            None => (text.trim(), None),
        };
        Ok(Amount {
            amount: crate::money::parse_amount(number).map_err(D::Error::custom)?,
            currency: code.map(str::parse).transpose().map_err(D::Error::custom)?,
        })
    }
}

/// One entry of a case's timeline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Event {
    pub date: Date,
    pub kind: EventKind,
    /// What was written, as given (replies are stored exactly, made harmless only on display).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// For `closed`: the amount obtained.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<Amount>,
}

/// A dated deadline of the decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SavedDeadline {
    pub id: String,
    pub label: SavedText,
    pub date: Date,
}

/// A rung of the policy's escalation ladder, as the case keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SavedLevel {
    pub id: String,
    pub label: SavedText,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wait_days: Option<i64>,
    /// How later letters recap the step ("mise en demeure envoyée"), when the policy says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub step: Option<SavedText>,
}

/// What the tool recommended when the case was opened.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Snapshot {
    pub policy: String,
    pub policy_version: String,
    /// The policy file the case was decided with, when it is not built in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policy_path: Option<PathBuf>,
    /// The language of its letters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<Lang>,
    pub status: Status,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remedy: Option<RemedyKind>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub basis: Option<Basis>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
    /// The amount asked for, in `currency`.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "decimal_text"
    )]
    pub amount: Option<Decimal>,
    /// The policy's currency.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<Currency>,
    #[serde(default)]
    pub deadlines: Vec<SavedDeadline>,
    /// The policy's escalation ladder: each level's name and the days to wait after it.
    #[serde(default)]
    pub ladder: Vec<SavedLevel>,
}

impl Snapshot {
    /// The amount asked for, when there is one.
    pub fn amount(&self) -> Option<Money> {
        self.amount
            .zip(self.currency)
            .map(|(a, c)| Money::new(a, c))
    }
}

/// Amounts written as decimal strings (`"249.00"`), never floats.
mod decimal_text {
    use rust_decimal::Decimal;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(d: &Option<Decimal>, s: S) -> Result<S::Ok, S::Error> {
        match d {
            Some(d) => s.serialize_str(&d.to_string()),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Decimal>, D::Error> {
        let text = String::deserialize(d)?;
        crate::money::parse_amount(&text)
            .map(Some)
            .map_err(serde::de::Error::custom)
    }
}

/// One claim.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Case {
    /// Short and easy to type: `C7`.
    pub id: String,
    pub opened: Date,
    pub problem: Problem,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    pub status: CaseStatus,
    /// The escalation level reached: 0 is the first contact.
    #[serde(default)]
    pub level: usize,
    /// The facts as given (flags, batch keys, answers).
    pub facts: CaseInput,
    pub decision: Snapshot,
    #[serde(default)]
    pub events: Vec<Event>,
}

/// What a case is opened with.
#[derive(Debug, Clone, PartialEq)]
pub struct Opening {
    pub problem: Problem,
    pub order_id: Option<String>,
    pub item: Option<String>,
    pub title: Option<String>,
    pub facts: CaseInput,
    pub decision: Snapshot,
    /// The first message drafted, as it will be sent.
    pub message: Option<String>,
}

/// A change the case refuses.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CaseError {
    #[error("{date} is before case {case} was opened ({opened})")]
    BeforeOpened {
        date: NaiveDate,
        case: String,
        opened: NaiveDate,
    },
    #[error("{date} is after today ({today})")]
    AfterToday { date: NaiveDate, today: NaiveDate },
    #[error("case {0} is closed")]
    Closed(String),
    #[error("an empty {0} records nothing")]
    Empty(&'static str),
    #[error("nothing was obtained: an amount goes with a refund or a gesture, not with `nothing`")]
    AmountWithNothing,
    #[error("an amount of zero: say `--outcome nothing`, or give the amount obtained")]
    ZeroAmount,
}

impl Case {
    /// A new case, opened `today` (its id is given when the journal records it).
    pub fn open(o: Opening, today: NaiveDate) -> Case {
        let d = &o.decision;
        let summary = match (d.remedy, d.basis, &d.rule) {
            (Some(remedy), Some(basis), Some(rule)) => {
                format!("{}: {remedy} ({basis}, rule {rule})", d.status.word())
            }
            _ => d.status.word().to_owned(),
        };
        let mut events = vec![Event {
            date: Date(today),
            kind: EventKind::Created,
            text: Some(summary),
            amount: None,
        }];
        if let Some(message) = o.message {
            events.push(Event {
                date: Date(today),
                kind: EventKind::Draft,
                text: Some(message),
                amount: None,
            });
        }
        Case {
            id: String::new(),
            opened: Date(today),
            problem: o.problem,
            order_id: o.order_id,
            item: o.item,
            title: o.title,
            status: CaseStatus::Open,
            level: 0,
            facts: CaseInput {
                id: None,
                ..o.facts
            },
            decision: o.decision,
            events,
        }
    }

    /// Whether the case is over (resolved or abandoned).
    pub fn is_closed(&self) -> bool {
        matches!(self.status, CaseStatus::Resolved | CaseStatus::Abandoned)
    }

    /// The message was sent on `date`; an answer is awaited.
    pub fn record_sent(&mut self, date: NaiveDate, today: NaiveDate) -> Result<(), CaseError> {
        self.check(date, today, true)?;
        self.push(date, EventKind::Sent, None);
        self.status = CaseStatus::AwaitingReply;
        Ok(())
    }

    /// An answer came on `date`: the case is open again, to answer it.
    pub fn record_reply(
        &mut self,
        text: String,
        date: NaiveDate,
        today: NaiveDate,
    ) -> Result<(), CaseError> {
        self.check(date, today, true)?;
        if crate::text::is_blank(&text) {
            return Err(CaseError::Empty("reply"));
        }
        self.push(date, EventKind::Reply, Some(text));
        self.status = CaseStatus::Open;
        Ok(())
    }

    /// A note for the record; it changes nothing else (closed cases take notes too).
    pub fn record_note(
        &mut self,
        text: String,
        date: NaiveDate,
        today: NaiveDate,
    ) -> Result<(), CaseError> {
        self.check(date, today, false)?;
        if crate::text::is_blank(&text) {
            return Err(CaseError::Empty("note"));
        }
        self.push(date, EventKind::Note, Some(text));
        Ok(())
    }

    /// Sets the status by hand; `escalated` climbs one level of the ladder. A closed case
    /// can be reopened this way.
    pub fn set_status(
        &mut self,
        status: CaseStatus,
        date: NaiveDate,
        today: NaiveDate,
    ) -> Result<(), CaseError> {
        self.check(date, today, false)?;
        if status == CaseStatus::Escalated {
            return self.escalate(self.level + 1, None, date, today);
        }
        self.push(date, EventKind::Status, Some(status.word().to_owned()));
        self.status = status;
        Ok(())
    }

    /// Climbs to a level of the ladder on `date`, with the letter drafted for it.
    pub fn escalate(
        &mut self,
        level: usize,
        letter: Option<String>,
        date: NaiveDate,
        today: NaiveDate,
    ) -> Result<(), CaseError> {
        self.check(date, today, false)?;
        self.level = level;
        self.status = CaseStatus::Escalated;
        let label = self
            .level_label(self.decision.lang.unwrap_or_default())
            .map(str::to_owned);
        self.push(date, EventKind::Escalated, label);
        if let Some(letter) = letter {
            self.push(date, EventKind::Draft, Some(letter));
        }
        Ok(())
    }

    /// Closes the case with what was obtained (`nothing` abandons it).
    pub fn close(
        &mut self,
        outcome: Outcome,
        amount: Option<Decimal>,
        date: NaiveDate,
        today: NaiveDate,
    ) -> Result<(), CaseError> {
        self.check(date, today, true)?;
        if outcome == Outcome::Nothing && amount.is_some() {
            return Err(CaseError::AmountWithNothing);
        }
        if amount.is_some_and(|a| a.is_zero()) {
            return Err(CaseError::ZeroAmount);
        }
        let amount = amount.map(|amount| Amount {
            amount,
            currency: self.decision.currency,
        });
        self.events.push(Event {
            date: Date(date),
            kind: EventKind::Closed,
            text: Some(outcome.word().to_owned()),
            amount,
        });
        self.status = if outcome == Outcome::Nothing {
            CaseStatus::Abandoned
        } else {
            CaseStatus::Resolved
        };
        Ok(())
    }

    /// When to chase next: `None` once resolved or abandoned.
    ///
    /// An open case (nothing sent, or a reply to answer) is due at once; a sent or escalated
    /// one is due when the wait of its ladder level has passed since it was sent.
    pub fn next_follow_up(&self) -> Option<NaiveDate> {
        let last = |kinds: &[EventKind]| {
            self.events
                .iter()
                .rev()
                .find(|e| kinds.contains(&e.kind))
                .map(|e| e.date.0)
        };
        match self.status {
            CaseStatus::Resolved | CaseStatus::Abandoned => None,
            CaseStatus::Open => last(&[EventKind::Created, EventKind::Reply, EventKind::Status])
                .or(Some(self.opened.0)),
            CaseStatus::Sent | CaseStatus::AwaitingReply | CaseStatus::Escalated => {
                let sent = last(&[EventKind::Sent, EventKind::Escalated, EventKind::Status])
                    .unwrap_or(self.opened.0);
                let ladder = &self.decision.ladder;
                let level = ladder.get(self.level).or(ladder.last())?;
                level.wait_days.map(|d| crate::date::add_days(sent, d))
            }
        }
    }

    /// The name, in `lang`, of the level an `escalated` event records (its text is the name
    /// in the case's language when it was written).
    pub fn escalation_label<'e>(&'e self, event: &'e Event, lang: Lang) -> Option<&'e str> {
        let text = event.text.as_deref()?;
        let level = self
            .decision
            .ladder
            .iter()
            .find(|l| Lang::ALL.iter().any(|x| l.label.get(*x) == text));
        Some(level.map_or(text, |l| l.label.get(lang)))
    }

    /// How a letter recaps an escalation: the level's step ("mise en demeure envoyée"), else
    /// its label.
    pub fn escalation_step<'e>(&'e self, event: &'e Event, lang: Lang) -> Option<&'e str> {
        let text = event.text.as_deref()?;
        let level = self
            .decision
            .ladder
            .iter()
            .find(|l| Lang::ALL.iter().any(|x| l.label.get(*x) == text));
        Some(match level {
            Some(l) => l.step.as_ref().unwrap_or(&l.label).get(lang),
            None => text,
        })
    }

    /// The name of the ladder level reached, if the policy has a ladder.
    pub fn level_label(&self, lang: Lang) -> Option<&str> {
        self.decision
            .ladder
            .get(self.level)
            .map(|l| l.label.get(lang))
    }

    fn check(&self, date: NaiveDate, today: NaiveDate, open: bool) -> Result<(), CaseError> {
        if open && self.is_closed() {
            return Err(CaseError::Closed(self.id.clone()));
        }
        if date < self.opened.0 {
            return Err(CaseError::BeforeOpened {
                date,
                case: self.id.clone(),
                opened: self.opened.0,
            });
        }
        if date > today {
            return Err(CaseError::AfterToday { date, today });
        }
        Ok(())
    }

    fn push(&mut self, date: NaiveDate, kind: EventKind, text: Option<String>) {
        self.events.push(Event {
            date: Date(date),
            kind,
            text,
            amount: None,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> NaiveDate {
        crate::date::parse_date(s).unwrap_or_default()
    }

    fn level(id: &str, wait: i64) -> SavedLevel {
        SavedLevel {
            id: id.into(),
            label: SavedText::One(id.to_uppercase()),
            wait_days: Some(wait),
            step: None,
        }
    }

    fn opened() -> Case {
        let decision = Snapshot {
            policy: "amazon-fr".into(),
            policy_version: "1".into(),
            policy_path: None,
            lang: Some(Lang::Fr),
            status: Status::Eligible,
            remedy: Some(RemedyKind::Replacement),
            basis: Some(Basis::RetailerPolicy),
            rule: Some("damaged".into()),
            amount: Some(Decimal::new(24900, 2)),
            currency: "EUR".parse().ok(),
            deadlines: Vec::new(),
            ladder: vec![level("a", 7), level("b", 15)],
        };
        let opening = Opening {
            problem: Problem::Damaged,
            order_id: None,
            item: None,
            title: None,
            facts: CaseInput::default(),
            decision,
            message: Some("Subject\n\nBody".into()),
        };
        Case::open(opening, date("2026-11-20"))
    }

    #[test]
    fn follow_ups_follow_the_ladder() {
        let today = date("2026-12-31");
        let mut case = opened();
        assert_eq!(case.next_follow_up(), Some(date("2026-11-20")));
        assert!(case.record_sent(date("2026-11-21"), today).is_ok());
        assert_eq!(case.next_follow_up(), Some(date("2026-11-28")));
        assert!(
            case.set_status(CaseStatus::Escalated, date("2026-12-01"), today)
                .is_ok()
        );
        assert_eq!(case.level, 1);
        assert_eq!(case.next_follow_up(), Some(date("2026-12-16")));
        assert!(
            case.close(Outcome::Replacement, None, date("2026-12-02"), today)
                .is_ok()
        );
        assert_eq!(case.next_follow_up(), None);
    }

    #[test]
    fn transitions_refuse_what_cannot_be() {
        let today = date("2026-11-30");
        let mut case = opened();
        assert!(matches!(
            case.record_sent(date("2026-11-01"), today),
            Err(CaseError::BeforeOpened { .. })
        ));
        assert!(matches!(
            case.record_sent(date("2026-12-01"), today),
            Err(CaseError::AfterToday { .. })
        ));
        assert_eq!(
            case.record_reply("  ".into(), today, today),
            Err(CaseError::Empty("reply"))
        );
        assert!(case.close(Outcome::Nothing, None, today, today).is_ok());
        assert_eq!(case.status, CaseStatus::Abandoned);
        assert!(matches!(
            case.record_sent(today, today),
            Err(CaseError::Closed(_))
        ));
        assert!(case.record_note("called".into(), today, today).is_ok());
    }

    #[test]
    fn amounts_keep_their_currency_on_disk() {
        let text = "\"249.00 EUR\"";
        let amount: Amount = serde_json::from_str(text).unwrap_or(Amount {
            amount: Decimal::ZERO,
            currency: None,
        });
        assert_eq!(
            amount.money().map(|m| m.amount_string()).as_deref(),
            Some("249.00")
        );
        assert_eq!(serde_json::to_string(&amount).ok().as_deref(), Some(text));
        let bare: Result<Amount, _> = serde_json::from_str("\"12\"");
        assert!(bare.is_ok_and(|a| a.currency.is_none()));
    }
}
