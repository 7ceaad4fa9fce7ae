//! The case journal: every claim a user starts, what was decided, what was sent and when,
//! what came back, what is due next.
//!
//! It lives in `journal.toml` in the data directory — one readable file to back up and diff.
//! Every change is made under an exclusive lock and written atomically, so concurrent
//! `claim` processes never lose an update and a crash leaves the previous journal whole.

mod case;
mod ics;

pub use case::*;
pub use ics::{CalendarEvent, calendar};

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::fsutil;

/// The journal's file name in the data directory.
pub const JOURNAL_FILE: &str = "journal.toml";
const LOCK_FILE: &str = "journal.lock";
/// The format version this program writes.
pub const SCHEMA_VERSION: u32 = 1;

/// The largest case number: far more cases than anyone keeps, and `next_id + 1` can never
/// wrap around.
const MAX_CASE_ID: u64 = 1 << 40;

/// The highest ladder level a case can be at (policies have a handful).
const MAX_LEVEL: usize = 64;

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
    #[error("{0}")]
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
    #[error("no case `{given}`")]
    UnknownCase {
        given: String,
        /// The most recent ids, to suggest.
        recent: Vec<String>,
    },
    #[error("{0}")]
    Refused(#[from] CaseError),
    #[error("the journal has given its last case id (C{}): start a new journal", .0 - 1)]
    Full(u64),
}

impl Journal {
    /// Reads the journal; a missing file is an empty journal.
    pub fn load(path: &Path) -> Result<Journal, JournalError> {
        let text = match fsutil::read_capped(path) {
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
        Journal::parse(path, &text)
    }

    /// Reads a journal's text (`path` names it in errors): the version first, then the
    /// cases, then what ties them together (unique ids below `next_id`).
    pub fn parse(path: &Path, text: &str) -> Result<Journal, JournalError> {
        // Read the version first: a newer format is refused before anything else is judged.
        #[derive(Deserialize)]
        struct Version {
            schema_version: Option<u32>,
        }
        let damaged = |e: toml::de::Error| {
            let src = crate::source::SourceText::new(path.display().to_string(), text);
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
        let version: Version = toml::from_str(text).map_err(damaged)?;
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
        let journal: Journal = toml::from_str(text).map_err(damaged)?;
        journal.check(text).map_err(|(message, at)| {
            let src = crate::source::SourceText::new(path.display().to_string(), text);
            let span = at.map(|at| at..at + 1);
            JournalError::Damaged {
                path: path.to_owned(),
                message: src
                    .diagnostic(crate::source::Level::Error, span, message)
                    .headline(),
            }
        })?;
        Ok(journal)
    }

    /// What ties the cases together, which a hand edit can break: ids `C1`, `C2`… each once
    /// and below `next_id` (else the next case would get an id already given), and levels
    /// no ladder could reach.
    ///
    /// An error says what is wrong, and where in `text` (the file it was read from).
    fn check(&self, text: &str) -> Result<(), (String, Option<usize>)> {
        let key = |key: &str, nth: usize| {
            text.match_indices(key)
                .filter(|(at, _)| *at == 0 || text.as_bytes()[at - 1] == b'\n')
                .nth(nth)
                .map(|(at, _)| at)
        };
        if !(1..=MAX_CASE_ID).contains(&self.next_id) {
            let message = format!("next_id = {} (expected 1 to {MAX_CASE_ID})", self.next_id);
            return Err((message, key("next_id", 0)));
        }
        let mut seen = std::collections::HashSet::new();
        for case in &self.cases {
            let at = key(&format!("id = \"{}\"", case.id), 0);
            let number = case
                .id
                .strip_prefix('C')
                .filter(|n| !n.starts_with('0') && n.bytes().all(|b| b.is_ascii_digit()))
                .and_then(|n| n.parse::<u64>().ok())
                .ok_or_else(|| (format!("case id `{}` is not C and a number", case.id), at))?;
            if number >= self.next_id {
                let message = format!(
                    "case {} is not below next_id = {}: the next case would take an id already given",
                    case.id, self.next_id
                );
                return Err((message, at));
            }
            if !seen.insert(number) {
                let again = key(&format!("id = \"{}\"", case.id), 1);
                return Err((format!("case id {} is given twice", case.id), again));
            }
            if case.level > MAX_LEVEL {
                let message = format!(
                    "case {}: level = {} (no ladder has more than {MAX_LEVEL} levels)",
                    case.id, case.level
                );
                // The case's own `level` line: the first after its id.
                let level = at.and_then(|from| {
                    text[from..]
                        .find("\nlevel = ")
                        .map(|offset| from + offset + 1)
                });
                return Err((message, level));
            }
        }
        Ok(())
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
        Err(JournalError::UnknownCase {
            given: id.to_owned(),
            recent: self
                .cases
                .iter()
                .rev()
                .take(5)
                .map(|c| c.id.clone())
                .collect(),
        })
    }

    /// The case with this id, to change.
    pub fn case_mut(&mut self, id: &str) -> Result<&mut Case, JournalError> {
        let i = self.find(id)?;
        Ok(&mut self.cases[i])
    }

    /// Adds a case, giving it the next id (none is left past [`MAX_CASE_ID`]).
    pub fn add(&mut self, mut case: Case) -> Result<String, JournalError> {
        if self.next_id >= MAX_CASE_ID {
            return Err(JournalError::Full(MAX_CASE_ID));
        }
        case.id = format!("C{}", self.next_id);
        self.next_id += 1;
        let id = case.id.clone();
        self.cases.push(case);
        Ok(id)
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
pub fn update<T, E: From<JournalError>>(
    data_dir: &Path,
    change: impl FnOnce(&mut Journal) -> Result<T, E>,
) -> Result<T, E> {
    let path = journal_path(data_dir);
    let _lock = fsutil::Lock::acquire(data_dir, LOCK_FILE).map_err(JournalError::from)?;
    fsutil::remove_stale_temps(&path);
    let mut journal = Journal::load(&path)?;
    let result = change(&mut journal)?;
    let text = toml::to_string(&journal).map_err(|e| JournalError::Damaged {
        path: path.clone(),
        message: format!("cannot be written: {e}"),
    })?;
    fsutil::atomic_write(&path, |out| std::io::Write::write_all(out, text.as_bytes()))
        .map_err(JournalError::from)?;
    Ok(result)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_short_to_type() {
        assert_eq!(normalize_id("7"), "C7");
        assert_eq!(normalize_id("c12"), "C12");
    }
}
