//! Finding what to read: files, folders (walked), the `.zip` Amazon delivers, or stdin.

use std::io::{BufReader, Read, Seek};
use std::path::{Path, PathBuf};

use super::sniff::read_stream;
use super::{Batch, ExportError, FileOutcome, ImportOptions, Native};

/// A readable input: a name for messages and its bytes.
struct Stream {
    name: String,
    reader: Box<dyn Read>,
    /// Given explicitly (an unknown header is an error) or found in a folder or zip
    /// (an unknown header is skipped).
    explicit: bool,
    size: Option<u64>,
    /// See [`super::fingerprint`]; none for stdin.
    fingerprint: Option<String>,
}

/// Reads one export held in memory (`name` for messages): a zip archive, or a CSV or JSON
/// file recognised by its header. For tests and fuzzing.
pub fn read_bytes(
    name: &str,
    bytes: &[u8],
    options: &ImportOptions<'_>,
) -> Result<Batch, ExportError> {
    let mut batch = Batch::default();
    if bytes.starts_with(b"PK\x03\x04") {
        read_archive(name, std::io::Cursor::new(bytes), options, &mut batch)?;
    } else {
        read_stream(
            name,
            bytes,
            true,
            Some(bytes.len() as u64),
            options,
            &mut batch,
        )?;
    }
    Ok(batch)
}

/// Reads every input (files, folders, `.zip` archives, `-` for stdin) into a batch.
pub fn read_inputs(inputs: &[PathBuf], options: &ImportOptions<'_>) -> Result<Batch, ExportError> {
    let mut batch = Batch::default();
    for input in inputs {
        if input.as_os_str() == "-" {
            let stream = Stream {
                name: "<stdin>".to_owned(),
                reader: Box::new(std::io::stdin()),
                explicit: true,
                size: None,
                fingerprint: None,
            };
            read_one(stream, options, &mut batch)?;
        } else if input.is_dir() {
            let mut found = Found::default();
            walk(input, &mut found).map_err(|e| ExportError {
                file: input.display().to_string(),
                message: format!("cannot read the folder: {e}"),
            })?;
            found.files.sort();
            found.skipped.sort();
            let before = batch.files.len();
            for (path, why) in &found.skipped {
                batch.skip(&path.display().to_string(), why);
            }
            for path in found.files {
                let reader = match open(&path) {
                    Ok(reader) => reader,
                    Err(e) => {
                        batch.skip(&e.file, &e.message);
                        continue;
                    }
                };
                let stream = Stream {
                    name: path.display().to_string(),
                    reader,
                    explicit: false,
                    size: size_of(&path),
                    fingerprint: file_fingerprint(&path, options),
                };
                read_one(stream, options, &mut batch)?;
            }
            if !batch.files[before..]
                .iter()
                .any(|f| matches!(f.outcome, FileOutcome::Read { .. } | FileOutcome::Known(_)))
            {
                return Err(ExportError {
                    file: input.display().to_string(),
                    message: "no Amazon order export found in this folder (looked for CSV and JSON files by their header)".to_owned(),
                });
            }
        } else if is_zip(input) {
            read_zip(input, options, &mut batch)?;
        } else if let Some(format) = native_format(input) {
            read_native(input, format, options.today, &mut batch)?;
        } else {
            let stream = Stream {
                name: input.display().to_string(),
                reader: open(input)?,
                explicit: true,
                size: size_of(input),
                fingerprint: file_fingerprint(input, options),
            };
            read_one(stream, options, &mut batch)?;
        }
    }
    Ok(batch)
}

fn open(path: &Path) -> Result<Box<dyn Read>, ExportError> {
    std::fs::File::open(path)
        .map(|f| Box::new(f) as Box<dyn Read>)
        .map_err(|e| ExportError {
            file: path.display().to_string(),
            message: format!("cannot open: {e}"),
        })
}

/// The fingerprint of a file on disk (read once for its CRC: fast, and from the cache when
/// it is read next); none when imports do not look for known files.
///
/// Only a regular file has one: reading a pipe (`<(cat export.csv)`) for its CRC would
/// drain it, and `/dev/zero` never ends.
fn file_fingerprint(path: &Path, options: &ImportOptions<'_>) -> Option<String> {
    options.imported_on?;
    if !std::fs::metadata(path).ok()?.is_file() {
        return None;
    }
    let mut file = std::fs::File::open(path).ok()?;
    let mut hasher = crc32fast::Hasher::new();
    let mut buf = vec![0u8; 1 << 20];
    let mut size = 0u64;
    loop {
        let n = file.read(&mut buf).ok()?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
        size += n as u64;
    }
    let name = path.file_name()?.to_string_lossy();
    Some(super::fingerprint(&name, size, hasher.finalize()))
}

/// Whether a file need not be read: the same file was read earlier in this command, or
/// imported before. Says why in the batch.
fn already_read(
    name: &str,
    fingerprint: Option<&str>,
    options: &ImportOptions<'_>,
    batch: &mut Batch,
) -> bool {
    let (Some(fp), Some(imported_on)) = (fingerprint, options.imported_on) else {
        return false;
    };
    if let Some((_, first, _)) = batch.fingerprints.iter().find(|(f, _, _)| f == fp) {
        let why = format!("the same file as {first}");
        batch.known(name, why);
        return true;
    }
    if let Some(day) = imported_on(fp) {
        let why = format!("already imported on {day} (--again reads it anyway)");
        batch.known(name, why);
        return true;
    }
    false
}

/// Notes the fingerprint of a file just read, when it was read as an export without a bad
/// row (`problems`: how many the batch had before it): a file with some is read again next
/// time, so its problems are shown again.
fn remember(
    name: &str,
    fingerprint: Option<String>,
    size: Option<u64>,
    problems: usize,
    batch: &mut Batch,
) {
    let read = batch
        .files
        .last()
        .is_some_and(|f| f.name == name && matches!(f.outcome, FileOutcome::Read { .. }));
    if let (true, true, Some(fp)) = (read, batch.problems.len() == problems, fingerprint) {
        batch
            .fingerprints
            .push((fp, name.to_owned(), size.unwrap_or(0)));
    }
}

fn size_of(path: &Path) -> Option<u64> {
    std::fs::metadata(path).ok().map(|m| m.len())
}

fn is_zip(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("zip"))
}

/// An order file (`.toml`) or a history `claim orders export` wrote (`.jsonl`), by its
/// extension.
fn native_format(path: &Path) -> Option<Native> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    match ext.as_str() {
        "toml" => Some(Native::OrderFile),
        "jsonl" | "ndjson" => Some(Native::OrderLines),
        _ => None,
    }
}

/// Reads a native file whole (it is checked whole: one bad order refuses the file, with
/// the place of each problem; so does an event dated after `today`).
fn read_native(
    path: &Path,
    format: Native,
    today: chrono::NaiveDate,
    batch: &mut Batch,
) -> Result<(), ExportError> {
    let name = path.display().to_string();
    let history = match format {
        Native::OrderFile => crate::orders::load_file(path).map_err(|e| e.to_string()),
        Native::OrderLines => crate::orders::jsonl::load(path).map_err(|e| e.to_string()),
    }
    .map_err(|message| ExportError {
        file: name.clone(),
        message: format!("not a readable {format}:\n{message}"),
    })?;
    let today_problem = history
        .orders
        .iter()
        .find_map(|o| o.event_after(today).map(|(what, date)| (&o.id, what, date)));
    if let Some((id, what, date)) = today_problem {
        return Err(ExportError {
            message: format!(
                "order `{id}`: its {what} date {date} is after today ({today}); nothing imported"
            ),
            file: name,
        });
    }
    batch.add_orders(&name, format, history);
    Ok(())
}

fn is_data_file(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.ends_with(".csv") || lower.ends_with(".json")
}

/// What a folder holds to read: its data files, and those it will not read with why.
#[derive(Default)]
struct Found {
    files: Vec<PathBuf>,
    skipped: Vec<(PathBuf, String)>,
    /// Files and folders seen, by device and inode: a file linked twice is read once.
    seen: std::collections::HashSet<(u64, u64)>,
}

/// Collects the data files (`.csv`, `.json`) under `dir`. Symbolic links to folders are not
/// followed (`ln -s . self` would loop, `ln -s .. up` would read what was not asked); a
/// link to a file is read once, however many names it has; what is not a regular file
/// (a FIFO would block forever, a device never ends) is skipped.
fn walk(dir: &Path, found: &mut Found) -> std::io::Result<()> {
    if !found.seen.insert(identity(&std::fs::metadata(dir)?)) {
        return Ok(());
    }
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        let kind = entry.file_type()?;
        if kind.is_dir() {
            // A folder inside that cannot be read is said, not a reason to read nothing.
            if let Err(e) = walk(&path, found) {
                found
                    .skipped
                    .push((path, format!("cannot read the folder: {e}")));
            }
            continue;
        }
        let named_as_data = path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(is_data_file);
        if !named_as_data {
            continue;
        }
        // `metadata` follows a link to what it names; a broken link is skipped.
        match std::fs::metadata(&path) {
            Ok(meta) if meta.is_file() => {
                if found.seen.insert(identity(&meta)) {
                    found.files.push(path);
                }
            }
            Ok(meta) if meta.is_dir() => found
                .skipped
                .push((path, "a link to a folder: not followed".to_owned())),
            Ok(_) => found.skipped.push((
                path,
                "not a regular file (a FIFO, socket or device): not read".to_owned(),
            )),
            Err(_) => found
                .skipped
                .push((path, "a broken link: not read".to_owned())),
        }
    }
    Ok(())
}

/// A file's identity on its file system.
#[cfg(unix)]
fn identity(meta: &std::fs::Metadata) -> (u64, u64) {
    use std::os::unix::fs::MetadataExt as _;
    (meta.dev(), meta.ino())
}

/// Without inodes, every file is its own (links are rare where there are none).
#[cfg(not(unix))]
fn identity(_: &std::fs::Metadata) -> (u64, u64) {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    (0, NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed))
}

fn read_zip(
    path: &Path,
    options: &ImportOptions<'_>,
    batch: &mut Batch,
) -> Result<(), ExportError> {
    let name = path.display().to_string();
    let file = std::fs::File::open(path).map_err(|e| ExportError {
        file: name.clone(),
        message: format!("cannot open: {e}"),
    })?;
    read_archive(&name, BufReader::new(file), options, batch)
}

/// Reads the exports in a zip archive (`name` for messages).
fn read_archive(
    name: &str,
    archive: impl Read + Seek,
    options: &ImportOptions<'_>,
    batch: &mut Batch,
) -> Result<(), ExportError> {
    let name = name.to_owned();
    let mut archive = zip::ZipArchive::new(archive).map_err(|e| ExportError {
        file: name.clone(),
        message: format!("not a readable zip archive: {e}"),
    })?;
    let mut entries: Vec<(String, usize)> = (0..archive.len())
        .filter_map(|i| {
            let file = archive.by_index(i).ok()?;
            let entry = file.name().ok()?.into_owned();
            Some((entry, i))
        })
        .filter(|(n, _)| is_data_file(n))
        .collect();
    entries.sort();
    let before = batch.files.len();
    let mut archive_left = crate::limits::MAX_ZIP_TOTAL_BYTES;
    for (entry, i) in entries {
        let file = archive.by_index(i).map_err(|e| ExportError {
            file: format!("{name}/{entry}"),
            message: format!("cannot read from the archive: {e}"),
        })?;
        // The entry borrows the archive, so it is read here rather than boxed.
        let source_name = format!("{name}/{entry}");
        let size = Some(file.size());
        let fingerprint = options
            .imported_on
            .map(|_| super::fingerprint(&entry, file.size(), file.crc32()));
        if already_read(&source_name, fingerprint.as_deref(), options, batch) {
            continue;
        }
        let problems = batch.problems.len();
        let capped = Capped {
            inner: file,
            entry_left: crate::limits::MAX_ZIP_ENTRY_BYTES,
            archive_left: &mut archive_left,
        };
        read_stream(&source_name, capped, false, size, options, batch)?;
        remember(&source_name, fingerprint, size, problems, batch);
    }
    if !batch.files[before..]
        .iter()
        .any(|f| matches!(f.outcome, FileOutcome::Read { .. } | FileOutcome::Known(_)))
    {
        return Err(ExportError {
            file: name,
            message: "no Amazon order export found in this archive".to_owned(),
        });
    }
    Ok(())
}

fn read_one(
    stream: Stream,
    options: &ImportOptions<'_>,
    batch: &mut Batch,
) -> Result<(), ExportError> {
    if already_read(&stream.name, stream.fingerprint.as_deref(), options, batch) {
        return Ok(());
    }
    let problems = batch.problems.len();
    read_stream(
        &stream.name,
        stream.reader,
        stream.explicit,
        stream.size,
        options,
        batch,
    )?;
    remember(
        &stream.name,
        stream.fingerprint,
        stream.size,
        problems,
        batch,
    );
    Ok(())
}

/// A zip entry, read no further than the limits on what an entry, and a whole archive,
/// may inflate to (sizes in the archive's directory can lie).
struct Capped<'a, R> {
    inner: R,
    entry_left: u64,
    archive_left: &'a mut u64,
}

impl<R: Read> Read for Capped<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        use crate::limits::{MAX_ZIP_ENTRY_BYTES, MAX_ZIP_TOTAL_BYTES, too_large};
        let n = self.inner.read(buf)? as u64;
        if n > self.entry_left {
            return Err(too_large("a zip entry inflating", MAX_ZIP_ENTRY_BYTES));
        }
        if n > *self.archive_left {
            return Err(too_large("a zip archive inflating", MAX_ZIP_TOTAL_BYTES));
        }
        self.entry_left -= n;
        *self.archive_left -= n;
        Ok(n as usize)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The caps on what zip entries inflate to, with small numbers: an entry past its own,
    /// then entries together past the archive's.
    #[test]
    fn zip_entries_are_read_no_further_than_the_caps() {
        let read_all = |data: &[u8], entry_left: u64, archive_left: &mut u64| {
            let mut capped = Capped {
                inner: data,
                entry_left,
                archive_left,
            };
            let mut out = Vec::new();
            capped.read_to_end(&mut out).map(|_| out.len())
        };
        let mut archive = 100;
        assert_eq!(read_all(&[b'x'; 40], 50, &mut archive).ok(), Some(40));
        let entry = read_all(&[b'x'; 60], 50, &mut archive).err();
        assert_eq!(
            entry.map(|e| e.kind()),
            Some(std::io::ErrorKind::FileTooLarge)
        );
        assert!(
            read_all(&[b'x'; 40], 50, &mut archive)
                .is_err_and(|e| e.to_string().contains("a zip archive inflating")),
            "the archive's cap: what every entry inflated counts, the refused one too"
        );
    }
}
