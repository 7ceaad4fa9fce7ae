//! Importing Amazon's order-history exports: formats A (new "Request your data" layout),
//! B (legacy layout, CSV and JSON), C (old Order History Reports) and D (the azad browser
//! extension), from a file, a folder, the `.zip` Amazon delivers, or stdin.
//!
//! Files are recognised by their header and read as streams: nothing holds a whole file in
//! memory. Rows that cannot be read are reported (`file:line: column: value: what is wrong`)
//! and skipped. The result is a batch of orders to [`merge`] into a history.

//!
//! `discover` finds the files (folders, zips, stdin), `sniff` tells CSV from JSON and
//! binaries, `csv` and `json` read the rows, `batch` assembles them into orders, and `merge`
//! adds a batch to a history.

mod batch;
mod columns;
mod csv;
mod discover;
mod json;
mod lines;
mod merge;
mod rows;
mod sniff;
mod values;

use crate::money::Currency;

pub use crate::date::LocalZone;
pub use batch::{Batch, Problems};
pub use columns::Kind;
pub use discover::{read_bytes, read_inputs};
pub use merge::{Changes, Counts, MergeReport, item_key, merge, refund_key, return_key};
pub use rows::RowProblem;
pub use values::marketplace_of;

/// What the importer needs to know besides the files.
pub struct ImportOptions<'a> {
    /// The buyer's time zone, to turn UTC instants into calendar dates.
    pub zone: LocalZone,
    /// The currency of a marketplace (`amazon.fr` → EUR), when a file does not say.
    pub currency_for: &'a dyn Fn(&str) -> Option<Currency>,
    /// The marketplace of the orders of files that do not name one (`--marketplace`).
    pub marketplace: Option<String>,
    /// Today: what an order file says happened cannot have happened later.
    pub today: chrono::NaiveDate,
    /// Told what is read, for a progress display.
    pub progress: Option<&'a dyn Progress>,
    /// When a file with this fingerprint was imported before (a day), if it was: it is not
    /// read again. `None` reads everything (`--again`).
    pub imported_on: Option<&'a ImportedOn<'a>>,
}

/// What a progress display is told while files are read.
pub trait Progress {
    /// A file starts: its name, and its size when it is known (not for stdin).
    fn file(&self, name: &str, size: Option<u64>);
    /// Bytes of the current file read so far, and the line reached.
    fn read(&self, bytes: u64, line: u64);
}

/// When a file with a fingerprint was imported (a day), if it was.
pub type ImportedOn<'a> = dyn Fn(&str) -> Option<String> + 'a;

/// A file's fingerprint: its name (without folders), size and CRC-32. The same file in a
/// folder or in the zip Amazon sent has the same one; the zip's directory holds the CRC, so
/// an entry is recognised without being decompressed.
pub fn fingerprint(name: &str, size: u64, crc32: u32) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    format!("{base}|{size}|{crc32:08x}")
}

impl std::fmt::Debug for ImportOptions<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ImportOptions")
            .field("zone", &self.zone)
            .finish_non_exhaustive()
    }
}

/// What happened to one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileOutcome {
    Read {
        kind: Kind,
        rows: u64,
    },
    /// A native file: an order file (TOML) or a history `claim orders export` wrote.
    Orders {
        format: Native,
        orders: u64,
    },
    /// Nothing to import, and why (an empty report, an unrelated file in a folder…).
    Skipped(String),
    /// Not read: the same file was read before (in this command, or imported earlier).
    Known(String),
}

/// The files `claim` itself reads and writes, beside Amazon's exports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Native {
    /// A hand-written order file (`.toml`).
    OrderFile,
    /// A history written by `claim orders export --format jsonl`.
    OrderLines,
}

impl std::fmt::Display for Native {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Native::OrderFile => "order file",
            Native::OrderLines => "exported history (JSON Lines)",
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileReport {
    pub name: String,
    pub outcome: FileOutcome,
}

/// A file that cannot be imported at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}: {message}")]
pub struct ExportError {
    pub file: String,
    pub message: String,
}
