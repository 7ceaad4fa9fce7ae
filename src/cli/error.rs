//! Errors as the command line reports them: a kind that decides the exit code, the message,
//! and hints as data — rendered in the user's language, naming the flags to pass. The core's
//! errors never name flags; this is where they get their hints.

use crate::app::cases::DraftError;
use crate::app::catalogue::CatalogueError;
use crate::case::InputError;
use crate::cli::Exit;
use crate::config::ConfigError;
use crate::fsutil::FileError;
use crate::journal::{CaseError, JournalError};
use crate::lang::{Lang, fill};
use crate::orders::store::StoreError;
use crate::orders::{ItemRef, LookupError};
use crate::source::Diagnostics;
use crate::vocab::Problem;

/// What kind of failure: it decides the exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The command line asks for something impossible (a missing flag, two that clash).
    Usage,
    /// A file or value the user gave is unreadable or invalid.
    Input,
    /// An order, case or policy that does not exist.
    NotFound,
    /// The state on disk refuses the change (a closed case, a journal from a newer version).
    Conflict,
    /// Anything else: a bug, or the machine (a full disk).
    Internal,
}

impl Kind {
    /// The documented exit code: every error is 2.
    pub fn exit(self) -> Exit {
        match self {
            Kind::Usage | Kind::Input | Kind::NotFound | Kind::Conflict | Kind::Internal => {
                Exit::Error
            }
        }
    }
}

/// What the user can do about an error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Hint {
    /// Pass this flag.
    Flag(&'static str),
    /// Import an export, or name an order file.
    ImportHistory,
    /// These order ids are close to the one given.
    NearOrders(Vec<String>),
    /// This many orders were searched.
    ListOrders(usize),
    /// Name one of these items.
    PickItem(Vec<ItemRef>),
    /// These cases are the most recent.
    RecentCases(Vec<String>),
    EmptyJournal,
    /// Reopen this case first.
    Reopen(String),
    /// A date after today: check it, or `--today`.
    Today,
    /// Pick the policy of the order's marketplace.
    PickPolicy,
    /// `claim draft CASE` prints the first message.
    DraftFirst(String),
    /// An explicit configuration file that is missing.
    CreateConfig,
}

/// An error raised by the command line itself, with its kind and hints.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct CliError {
    pub kind: Kind,
    pub message: String,
    pub hints: Vec<Hint>,
}

impl CliError {
    pub fn new(kind: Kind, message: impl Into<String>) -> Self {
        CliError {
            kind,
            message: message.into(),
            hints: Vec::new(),
        }
    }

    pub fn usage(message: impl Into<String>) -> Self {
        CliError::new(Kind::Usage, message)
    }

    pub fn hint(mut self, hint: Hint) -> Self {
        self.hints.push(hint);
        self
    }
}

/// An error ready to print: its kind, its message, and its hints in a language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorReport {
    pub kind: Kind,
    /// The whole chain, each cause once.
    pub message: String,
    /// Diagnostics at `file:line:column`, printed as they are.
    pub diagnostics: Option<String>,
    pub hints: Vec<String>,
}

impl ErrorReport {
    pub fn of(error: &anyhow::Error, lang: Lang) -> ErrorReport {
        let (kind, hints) = classify(error);
        let diagnostics = error
            .chain()
            .find_map(|e| e.downcast_ref::<Diagnostics>())
            .map(ToString::to_string);
        ErrorReport {
            kind,
            message: chain_text(error),
            diagnostics,
            hints: hints.iter().map(|h| hint_text(h, lang)).collect(),
        }
    }
}

/// An error's whole message: `outer: inner`, each cause once.
pub fn message(error: &anyhow::Error) -> String {
    chain_text(error)
}

/// `outer: inner`, without repeating a cause that an outer message already quotes.
fn chain_text(error: &anyhow::Error) -> String {
    let mut text = String::new();
    for cause in error.chain() {
        let cause = cause.to_string();
        if text.is_empty() {
            text = cause;
        } else if !text.contains(&cause) {
            text.push_str(": ");
            text.push_str(&cause);
        }
    }
    text
}

/// The kind and hints of an error, from the first cause in its chain that tells.
fn classify(error: &anyhow::Error) -> (Kind, Vec<Hint>) {
    for cause in error.chain() {
        if let Some(found) = classify_one(cause) {
            return found;
        }
    }
    (Kind::Internal, Vec::new())
}

fn classify_one(e: &(dyn std::error::Error + 'static)) -> Option<(Kind, Vec<Hint>)> {
    use Kind::*;
    if let Some(e) = e.downcast_ref::<CliError>() {
        return Some((e.kind, e.hints.clone()));
    }
    if let Some(e) = e.downcast_ref::<LookupError>() {
        return Some(match e {
            LookupError::NoHistory => (NotFound, vec![Hint::ImportHistory]),
            LookupError::UnknownOrder { near, searched, .. } if near.is_empty() => {
                (NotFound, vec![Hint::ListOrders(*searched)])
            }
            LookupError::UnknownOrder { near, .. } => {
                (NotFound, vec![Hint::NearOrders(near.clone())])
            }
            LookupError::NoItems { .. } => (Input, Vec::new()),
            LookupError::ItemNeeded { items, .. } | LookupError::UnknownItem { items, .. } => {
                (Usage, vec![Hint::PickItem(items.clone())])
            }
        });
    }
    if let Some(e) = e.downcast_ref::<InputError>() {
        return Some(match e {
            InputError::MissingProblem => (Usage, vec![Hint::Flag("--problem")]),
            InputError::ItemWithoutOrder => (Usage, vec![Hint::Flag("--order")]),
            InputError::CurrencyMismatch { .. } => (Input, vec![Hint::PickPolicy]),
            InputError::Future { .. } => (Input, vec![Hint::Today]),
            _ => (Input, Vec::new()),
        });
    }
    if let Some(e) = e.downcast_ref::<JournalError>() {
        return Some(match e {
            JournalError::UnknownCase { recent, .. } if recent.is_empty() => {
                (NotFound, vec![Hint::EmptyJournal])
            }
            JournalError::UnknownCase { recent, .. } => {
                (NotFound, vec![Hint::RecentCases(recent.clone())])
            }
            JournalError::Refused(_) => return None,
            JournalError::Newer { .. } | JournalError::Damaged { .. } | JournalError::Full(_) => {
                (Conflict, Vec::new())
            }
            JournalError::File(_) => return None,
        });
    }
    if let Some(e) = e.downcast_ref::<CaseError>() {
        return Some(match e {
            CaseError::Closed(id) => (Conflict, vec![Hint::Reopen(id.clone())]),
            CaseError::AfterToday { .. } => (Input, vec![Hint::Today]),
            CaseError::BeforeOpened { .. }
            | CaseError::Empty(_)
            | CaseError::AmountWithNothing
            | CaseError::ZeroAmount => (Input, Vec::new()),
        });
    }
    if let Some(e) = e.downcast_ref::<DraftError>() {
        return match e {
            DraftError::NoLevel { .. }
            | DraftError::UnknownLevel { .. }
            | DraftError::LevelNotForProblem { .. } => Some((Usage, Vec::new())),
            DraftError::LastLevel { .. } | DraftError::NotDemandable { .. } => {
                Some((Conflict, Vec::new()))
            }
            DraftError::FirstLevel { case } => Some((Usage, vec![Hint::DraftFirst(case.clone())])),
            DraftError::NothingToAsk { .. } => Some((Conflict, Vec::new())),
            DraftError::Template { .. } => Some((Input, Vec::new())),
            DraftError::Journal(_) | DraftError::Decide { .. } => None,
        };
    }
    if let Some(e) = e.downcast_ref::<CatalogueError>() {
        return match e {
            CatalogueError::Unknown { .. } => Some((NotFound, Vec::new())),
            CatalogueError::NoPolicy { .. } => Some((NotFound, Vec::new())),
            CatalogueError::Invalid(_) => Some((Input, Vec::new())),
            CatalogueError::File(_) => None,
        };
    }
    if let Some(e) = e.downcast_ref::<ConfigError>() {
        return match e {
            ConfigError::Missing(_) => Some((NotFound, vec![Hint::CreateConfig])),
            ConfigError::Invalid(_) => Some((Input, Vec::new())),
            ConfigError::File(_) => None,
        };
    }
    if e.is::<Diagnostics>() || e.is::<crate::vocab::UnknownWord>() {
        return Some((Input, Vec::new()));
    }
    if let Some(e) = e.downcast_ref::<StoreError>() {
        return match e {
            StoreError::Damaged { .. }
            | StoreError::Newer { .. }
            | StoreError::ReadOnly { .. }
            | StoreError::NotOurs { .. } => Some((Conflict, Vec::new())),
            StoreError::Legacy(_) => Some((Input, Vec::new())),
            StoreError::File(_) => None,
        };
    }
    if let Some(e) = e.downcast_ref::<FileError>() {
        return Some(match e {
            FileError::Read { .. } | FileError::NotText { .. } => (Input, Vec::new()),
            FileError::Write { .. } => (Internal, Vec::new()),
        });
    }
    None
}

/// A hint in words.
fn hint_text(hint: &Hint, lang: Lang) -> String {
    let h = &lang.phrases().hints;
    match hint {
        Hint::Flag(flag) => {
            let mut text = fill(h.pass_flag, &[("flag", flag)]);
            if *flag == "--problem" {
                text.push_str(&format!(" ({})", Problem::words().join(", ")));
            }
            text
        }
        Hint::ImportHistory => h.import_history.to_owned(),
        Hint::NearOrders(ids) => fill(h.near_orders, &[("ids", &ids.join(", "))]),
        Hint::ListOrders(n) => fill(h.list_orders, &[("n", &n.to_string())]),
        Hint::PickItem(items) => {
            let mut text = h.pick_item.to_owned();
            for i in items {
                text.push_str(&format!("\n  {}  {}  {}", i.position, i.asin, i.title));
            }
            text
        }
        Hint::RecentCases(ids) => fill(h.recent_cases, &[("ids", &ids.join(", "))]),
        Hint::EmptyJournal => h.empty_journal.to_owned(),
        Hint::Reopen(case) => fill(h.reopen, &[("case", case)]),
        Hint::Today => h.today.to_owned(),
        Hint::PickPolicy => h.pick_policy.to_owned(),
        Hint::DraftFirst(case) => fill(h.draft_first, &[("case", case)]),
        Hint::CreateConfig => h.create_config.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn core_errors_get_their_kind_and_flag_hints_here() {
        let e = anyhow::Error::new(InputError::MissingProblem);
        let report = ErrorReport::of(&e, Lang::En);
        assert_eq!(report.kind, Kind::Usage);
        assert!(
            report.hints[0].starts_with("pass --problem (late-delivery"),
            "{report:?}"
        );
        let e = anyhow::Error::new(LookupError::NoHistory).context("cannot decide");
        let report = ErrorReport::of(&e, Lang::Fr);
        assert_eq!(report.kind, Kind::NotFound);
        assert_eq!(report.message, "cannot decide: no order history");
        assert!(
            report.hints[0].contains("claim orders import"),
            "{report:?}"
        );
    }
}
