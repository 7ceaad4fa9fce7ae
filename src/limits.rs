//! How much `claim` reads, keeps or produces from one input, at most. Each limit stops a
//! damaged or hostile input with one clear error instead of exhausting memory or time; each
//! is far above what a real input needs (the README's "What claim protects" lists them).

/// One row of an export (a CSV record or a JSON element), with the read-ahead around it.
/// Amazon's rows are a few kilobytes; a larger one is damage (or a zip bomb's one field).
pub const MAX_ROW_BYTES: u64 = 4 << 20;

/// What one entry of a zip archive may decompress to. Amazon's largest files (years of
/// orders) are tens of megabytes; the orders of a file are held in memory while they are
/// merged (about three times the file's size).
pub const MAX_ZIP_ENTRY_BYTES: u64 = 256 << 20;

/// What all the entries of one zip archive may decompress to, together.
pub const MAX_ZIP_TOTAL_BYTES: u64 = 1 << 30;

/// Problems with rows kept to show, per import (all are counted).
pub const MAX_KEPT_PROBLEMS: usize = 1000;

/// A file `claim` reads whole: a policy, the configuration, the journal, an order file.
pub const MAX_TEXT_FILE_BYTES: u64 = 64 << 20;

/// One line of `check --batch`, or of an exported history (JSON Lines).
pub const MAX_LINE_BYTES: usize = 1 << 20;

/// The files attached to one drafted message (`--attach`), together: what mail services
/// accept.
pub const MAX_ATTACHMENT_BYTES: u64 = 25 << 20;

/// A reply recorded in the journal (`log --reply`).
pub const MAX_REPLY_BYTES: u64 = 1 << 20;

/// The steps a template may run (minijinja's fuel): a letter takes a few thousand; nested
/// loops over a large text take billions and would never finish.
pub const TEMPLATE_FUEL: u64 = 2_000_000;

/// What one template may write. A letter is a few kilobytes.
pub const MAX_RENDERED_BYTES: usize = 1 << 20;

/// How much of an offending line an error message quotes (characters).
pub const MAX_QUOTED_CHARS: usize = 120;

/// The latest year `today` may be in (so every date a case holds is too): deadlines counted
/// from it (a century at most) stay within the four-digit years every file can hold.
pub const LAST_YEAR: i32 = 9899;

/// Items of one line of an order: what the command line accepts too.
pub const MAX_QUANTITY: u32 = 100_000;

/// Says a limit was reached (the error kind readers give so callers can tell it from a
/// broken file): "a row over 4 MiB".
pub fn too_large(what: &str, limit: u64) -> std::io::Error {
    std::io::Error::new(
        std::io::ErrorKind::FileTooLarge,
        format!("{what} over {} (the limit)", size(limit)),
    )
}

/// A size for people: `4 MiB`, `1 GiB`, `512 bytes`.
pub fn size(bytes: u64) -> String {
    const UNITS: [(u64, &str); 3] = [(1 << 30, "GiB"), (1 << 20, "MiB"), (1 << 10, "KiB")];
    UNITS
        .iter()
        .find(|(unit, _)| bytes >= *unit && bytes.is_multiple_of(*unit))
        .map_or_else(
            || format!("{bytes} bytes"),
            |(unit, name)| format!("{} {name}", bytes / unit),
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_well() {
        assert_eq!(size(MAX_ROW_BYTES), "4 MiB");
        assert_eq!(size(MAX_ZIP_TOTAL_BYTES), "1 GiB");
        assert_eq!(size(1000), "1000 bytes");
    }
}
