//! Telling what a stream is before reading it: empty, binary, JSON or CSV (after a BOM).

use std::cell::RefCell;
use std::io::{BufRead, BufReader, Read};

use super::csv::read_csv;
use super::json::read_json;
use super::lines::{Lines, Located};
use super::{Batch, ExportError, ImportOptions, Progress};

/// Counts bytes as they are read, for the progress display, and notes the line ends.
struct Counting<'a, R> {
    inner: R,
    read: u64,
    progress: Option<&'a dyn Progress>,
    lines: &'a RefCell<Lines>,
}

impl<R: Read> Read for Counting<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        let mut lines = self.lines.borrow_mut();
        lines.saw(&buf[..n]);
        lines.check_row()?;
        self.read += n as u64;
        if let Some(p) = self.progress {
            p.read(self.read, lines.current());
        }
        Ok(n)
    }
}

pub(super) fn read_stream(
    name: &str,
    reader: impl Read,
    explicit: bool,
    size: Option<u64>,
    options: &ImportOptions<'_>,
    batch: &mut Batch,
) -> Result<(), ExportError> {
    if let Some(p) = options.progress {
        p.file(name, size);
    }
    let err = |message: String| ExportError {
        file: name.to_owned(),
        message,
    };
    let lines = RefCell::new(Lines::default());
    let counting = Counting {
        inner: reader,
        read: 0,
        progress: options.progress,
        lines: &lines,
    };
    let mut reader = BufReader::with_capacity(256 * 1024, counting);
    let head = reader
        .fill_buf()
        .map_err(|e| err(format!("cannot read: {e}")))?;
    if head.is_empty() {
        batch.skip(name, "empty file (0 bytes): nothing to import");
        return Ok(());
    }
    let bom = head.starts_with(b"\xef\xbb\xbf");
    if bom {
        reader.consume(3);
    }
    let head = reader
        .fill_buf()
        .map_err(|e| err(format!("cannot read: {e}")))?;
    let first_line = head.split(|b| *b == b'\n').next().unwrap_or(head);
    let binary = first_line
        .iter()
        .any(|b| b.is_ascii_control() && !matches!(b, b'\t' | b'\r'));
    let invalid = std::str::from_utf8(first_line).is_err() && first_line.len() < head.len();
    if binary || invalid {
        let message = "not a CSV or JSON export: its first line is not text".to_owned();
        if explicit {
            return Err(err(message));
        }
        batch.skip(name, &message);
        return Ok(());
    }
    if head.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'[') {
        return read_json(name, reader, options, batch, &lines);
    }
    // Record offsets count from after the BOM; line ends from the first byte.
    let lines = Located::new(&lines, if bom { 3 } else { 0 });
    read_csv(name, reader, explicit, options, batch, &lines)
}
