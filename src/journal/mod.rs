//! The case journal: every claim a user starts, what was decided, what was sent and when,
//! what came back, what is due next.
//!
//! It lives in `journal.toml` in the data directory — one readable file to back up and diff.
//! Every change is made under an exclusive lock and written atomically, so concurrent
//! `claim` processes never lose an update and a crash leaves the previous journal whole.

mod ics;

pub use ics::{CalendarEvent, calendar};

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::case::CaseInput;
pub use crate::date::Date;
use crate::fsutil;
use crate::vocab::{Basis, Problem, RemedyKind};

/// The journal's file name in the data directory.
pub const JOURNAL_FILE: &str = "journal.toml";
const LOCK_FILE: &str = "journal.lock";
/// The format version this program writes.
pub const SCHEMA_VERSION: u32 = 1;

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

/// One entry of a case's timeline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Event {
    pub date: Date,
    pub kind: EventKind,
    /// What was written, as given (replies are stored exactly, sanitised only on display).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// For `closed`: the amount obtained.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<String>,
}

/// A dated deadline copied from the decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SavedDeadline {
    pub id: String,
    pub label: String,
    pub date: Date,
}

/// What the tool recommended when the case was opened.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Snapshot {
    pub policy: String,
    pub policy_version: String,
    pub status: crate::vocab::Status,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remedy: Option<RemedyKind>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub basis: Option<Basis>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    #[serde(default)]
    pub deadlines: Vec<SavedDeadline>,
    /// The policy's escalation ladder: each level's name and the days to wait after it.
    #[serde(default)]
    pub ladder: Vec<SavedLevel>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SavedLevel {
    pub id: String,
    pub label: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wait_days: Option<i64>,
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
    /// The facts as given (flags, batch keys).
    pub facts: CaseInput,
    pub decision: Snapshot,
    #[serde(default)]
    pub events: Vec<Event>,
}

impl Case {
    /// When to chase next: `None` once resolved or abandoned.
    ///
    /// An open case (nothing sent, or a reply to answer) is due at once; a sent or escalated
    /// one is due when the wait of its ladder level has passed since it was sent.
    pub fn next_follow_up(&self) -> Option<NaiveDate> {
        match self.status {
            CaseStatus::Resolved | CaseStatus::Abandoned => None,
            CaseStatus::Open => self
                .events
                .iter()
                .rev()
                .find(|e| {
                    matches!(
                        e.kind,
                        EventKind::Created | EventKind::Reply | EventKind::Status
                    )
                })
                .map(|e| e.date.0)
                .or(Some(self.opened.0)),
            CaseStatus::Sent | CaseStatus::AwaitingReply | CaseStatus::Escalated => {
                let sent = self
                    .events
                    .iter()
                    .rev()
                    .find(|e| {
                        matches!(
                            e.kind,
                            EventKind::Sent | EventKind::Escalated | EventKind::Status
                        )
                    })
                    .map_or(self.opened.0, |e| e.date.0);
                let level = self
                    .decision
                    .ladder
                    .get(self.level)
                    .or(self.decision.ladder.last())?;
                level.wait_days.map(|d| crate::date::add_days(sent, d))
            }
        }
    }

    /// The ladder level's name, if the policy has a ladder.
    pub fn level_label(&self) -> Option<&str> {
        self.decision
            .ladder
            .get(self.level)
            .map(|l| l.label.as_str())
    }

    pub fn remedy_word(&self) -> &'static str {
        self.decision.remedy.map_or("—", RemedyKind::word)
    }
}

/// The whole journal file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Journal {
    pub schema_version: u32,
    /// The number of the next case id.
    pub next_id: u64,
    #[serde(default)]
    pub cases: Vec<Case>,
}

impl Default for Journal {
    fn default() -> Self {
        Journal {
            schema_version: SCHEMA_VERSION,
            next_id: 1,
            cases: Vec::new(),
        }
    }
}

/// Why the journal cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum JournalError {
    #[error(transparent)]
    File(#[from] fsutil::FileError),
    #[error(
        "{path} was written by a newer version of claim (journal format {found}, this version reads {SCHEMA_VERSION}); \
         it was left untouched: upgrade claim to use it"
    )]
    Newer { path: PathBuf, found: u32 },
    #[error(
        "{path} is damaged: {message}\nIt was left untouched. Fix it by hand (it is TOML), restore it from a backup, \
         or move it away to start a new journal"
    )]
    Damaged { path: PathBuf, message: String },
    #[error("no case `{given}`{hint}")]
    UnknownCase { given: String, hint: String },
}

impl Journal {
    /// Reads the journal; a missing file is an empty journal.
    pub fn load(path: &Path) -> Result<Journal, JournalError> {
        let text = match std::fs::read(path) {
            Ok(bytes) => String::from_utf8(bytes).map_err(|e| JournalError::Damaged {
                path: path.to_owned(),
                message: format!(
                    "not UTF-8 text (invalid byte at offset {})",
                    e.utf8_error().valid_up_to()
                ),
            })?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Journal::default()),
            Err(e) => return Err(fsutil::FileError::read(path)(e).into()),
        };
        // Read the version first: a newer format is refused before anything else is judged.
        #[derive(Deserialize)]
        struct Version {
            schema_version: Option<u32>,
        }
        let damaged = |e: toml::de::Error| {
            let src = crate::source::SourceText::new(path.display().to_string(), text.as_str());
            let d = src.diagnostic(
                crate::source::Level::Error,
                e.span(),
                e.message().trim_end().to_owned(),
            );
            JournalError::Damaged {
                path: path.to_owned(),
                message: d.headline(),
            }
        };
        let version: Version = toml::from_str(&text).map_err(damaged)?;
        match version.schema_version {
            Some(v) if v > SCHEMA_VERSION => {
                return Err(JournalError::Newer {
                    path: path.to_owned(),
                    found: v,
                });
            }
            None => {
                return Err(JournalError::Damaged {
                    path: path.to_owned(),
                    message: "no schema_version".to_owned(),
                });
            }
            _ => {}
        }
        toml::from_str(&text).map_err(damaged)
    }

    /// The case with this id (any case, `7` for `C7`), or an error naming near ids.
    pub fn find(&self, id: &str) -> Result<usize, JournalError> {
        let wanted = normalize_id(id);
        if let Some(i) = self
            .cases
            .iter()
            .position(|c| c.id.eq_ignore_ascii_case(&wanted))
        {
            return Ok(i);
        }
        let hint = if self.cases.is_empty() {
            " (the journal is empty: `claim check --save` records a case)".to_owned()
        } else {
            let ids: Vec<&str> = self
                .cases
                .iter()
                .rev()
                .take(5)
                .map(|c| c.id.as_str())
                .collect();
            format!(
                " (recent cases: {}; `claim list` shows them all)",
                ids.join(", ")
            )
        };
        Err(JournalError::UnknownCase {
            given: id.to_owned(),
            hint,
        })
    }

    /// Adds a case, giving it the next id.
    pub fn add(&mut self, mut case: Case) -> String {
        case.id = format!("C{}", self.next_id);
        self.next_id += 1;
        let id = case.id.clone();
        self.cases.push(case);
        id
    }
}

/// `7`, `c7`, `C7` → `C7`.
fn normalize_id(id: &str) -> String {
    let id = id.trim();
    if id.chars().all(|c| c.is_ascii_digit()) && !id.is_empty() {
        format!("C{id}")
    } else {
        id.to_ascii_uppercase()
    }
}

/// The journal file of a data directory.
pub fn journal_path(data_dir: &Path) -> PathBuf {
    data_dir.join(JOURNAL_FILE)
}

/// Reads, changes and writes the journal under the lock: the read-modify-write of every
/// command that records something. Nothing is written if `change` fails.
pub fn update<T>(
    data_dir: &Path,
    change: impl FnOnce(&mut Journal) -> anyhow::Result<T>,
) -> anyhow::Result<T> {
    let path = journal_path(data_dir);
    let _lock = fsutil::Lock::acquire(data_dir, LOCK_FILE)?;
    fsutil::remove_stale_temps(&path);
    let mut journal = Journal::load(&path)?;
    let result = change(&mut journal)?;
    let text =
        toml::to_string(&journal).map_err(|e| anyhow::anyhow!("cannot write the journal: {e}"))?;
    fsutil::atomic_write(&path, |out| std::io::Write::write_all(out, text.as_bytes()))?;
    Ok(result)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn case(status: CaseStatus, level: usize, events: Vec<(&str, EventKind)>) -> Case {
        let d = |s: &str| Date(crate::date::parse_date(s).unwrap_or_default());
        Case {
            id: "C1".into(),
            opened: d("2026-11-20"),
            problem: Problem::Damaged,
            order_id: None,
            item: None,
            title: None,
            status,
            level,
            facts: CaseInput::default(),
            decision: Snapshot {
                policy: "amazon-fr".into(),
                policy_version: "1".into(),
                status: crate::vocab::Status::Eligible,
                remedy: None,
                basis: None,
                rule: None,
                amount: None,
                currency: None,
                deadlines: Vec::new(),
                ladder: vec![
                    SavedLevel {
                        id: "a".into(),
                        label: "A".into(),
                        wait_days: Some(7),
                    },
                    SavedLevel {
                        id: "b".into(),
                        label: "B".into(),
                        wait_days: Some(15),
                    },
                ],
            },
            events: events
                .into_iter()
                .map(|(date, kind)| Event {
                    date: d(date),
                    kind,
                    text: None,
                    amount: None,
                })
                .collect(),
        }
    }

    #[test]
    fn follow_ups_follow_the_ladder() {
        let date = |s: &str| crate::date::parse_date(s).ok();
        let open = case(
            CaseStatus::Open,
            0,
            vec![("2026-11-20", EventKind::Created)],
        );
        assert_eq!(open.next_follow_up(), date("2026-11-20"));
        let sent = case(
            CaseStatus::AwaitingReply,
            0,
            vec![
                ("2026-11-20", EventKind::Created),
                ("2026-11-21", EventKind::Sent),
            ],
        );
        assert_eq!(sent.next_follow_up(), date("2026-11-28"));
        let escalated = case(
            CaseStatus::Escalated,
            1,
            vec![
                ("2026-11-21", EventKind::Sent),
                ("2026-12-01", EventKind::Escalated),
            ],
        );
        assert_eq!(escalated.next_follow_up(), date("2026-12-16"));
        let done = case(CaseStatus::Resolved, 1, vec![]);
        assert_eq!(done.next_follow_up(), None);
        assert_eq!(normalize_id("7"), "C7");
        assert_eq!(normalize_id("c12"), "C12");
    }
}
