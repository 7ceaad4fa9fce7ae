//! Reading CSV exports (formats A, B, C and D): the header picks the format, every cell is
//! read by its column's name.

use std::io::Read;

use super::lines::Located;
use super::rows::{self, Row};
use super::{Batch, ExportError, FileOutcome, FileReport, ImportOptions, RowProblem, columns};

pub(super) fn read_csv(
    name: &str,
    reader: impl Read,
    explicit: bool,
    options: &ImportOptions<'_>,
    batch: &mut Batch,
    lines: &Located<'_>,
) -> Result<(), ExportError> {
    let err = |message: String| ExportError {
        file: name.to_owned(),
        message,
    };
    let mut csv = csv::ReaderBuilder::new()
        .flexible(true)
        .has_headers(true)
        .from_reader(reader);
    let headers = match csv.byte_headers() {
        Ok(h) => h.clone(),
        Err(e) if is_limit(&e) => {
            let line = lines.current();
            return Err(err(format!("cannot read line {line}: {e}")));
        }
        Err(e) => return Err(err(format!("not a readable CSV file: {e}"))),
    };
    let header_texts: Vec<String> = headers
        .iter()
        .map(|h| String::from_utf8_lossy(h).into_owned())
        .collect();
    let header_refs: Vec<&str> = header_texts.iter().map(String::as_str).collect();
    let cols = columns::Columns::new(&header_refs);
    let Some(kind) = cols.detect() else {
        let shown: String = header_refs.join(",").chars().take(120).collect();
        let message = format!(
            "unknown header `{}`: not an Amazon order export this version reads (formats: Order History.csv, Retail.OrderHistory, Order History Reports, the order history extension)",
            shown
        );
        if explicit {
            return Err(err(message));
        }
        batch.skip(name, "not an order export (unknown header)");
        return Ok(());
    };
    batch.begin(kind.rank());
    let mut record = csv::ByteRecord::new();
    let mut rows = 0u64;
    let width = cols.names.len();
    let used: Vec<bool> = (0..width).map(|i| cols.used(i)).collect();
    let cache = rows::Cache::default();
    loop {
        match csv.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) if is_limit(&e) => {
                let line = lines.current();
                return Err(err(format!("cannot read line {line}: {e}")));
            }
            Err(e) => {
                let line = e.position().map_or(0, |p| lines.line_at(p.byte()));
                batch.problems.push(RowProblem {
                    file: name.to_owned(),
                    line,
                    column: "-".to_owned(),
                    value: String::new(),
                    what: format!("unreadable row: {e}"),
                });
                // A broken quote swallows the rest of the file: stop here.
                break;
            }
        }
        let line = record.position().map_or(0, |p| lines.line_at(p.byte()));
        if rows == 0
            && record.len() == 1
            && record
                .get(0)
                .is_some_and(|f| f.starts_with(b"No data found"))
        {
            batch.skip(name, "empty report (No data found for this time period)");
            return Ok(());
        }
        if repeats_header(&record, &header_texts) {
            // Tables joined end to end, or the extension's footer: the header again.
            continue;
        }
        rows += 1;
        let mut fields: Vec<&str> = Vec::with_capacity(width);
        let mut bad_utf8 = None;
        for (i, f) in record.iter().enumerate() {
            // Only the columns the importer reads are decoded (and must be UTF-8).
            if !used.get(i).copied().unwrap_or(false) {
                fields.push("");
                continue;
            }
            match std::str::from_utf8(f) {
                Ok(t) => fields.push(t),
                Err(_) => {
                    bad_utf8 = Some(i);
                    break;
                }
            }
        }
        if let Some(i) = bad_utf8 {
            batch.problems.push(RowProblem {
                file: name.to_owned(),
                line,
                column: cols.names.get(i).cloned().unwrap_or_default(),
                value: String::from_utf8_lossy(record.get(i).unwrap_or_default()).into_owned(),
                what: "invalid UTF-8".to_owned(),
            });
            continue;
        }
        if fields.len() < cols.names.len() && fields.len() != 1 {
            batch.problems.push(RowProblem {
                file: name.to_owned(),
                line,
                column: "-".to_owned(),
                value: String::new(),
                what: format!(
                    "{} fields where the header has {} (a truncated file?)",
                    fields.len(),
                    cols.names.len()
                ),
            });
            continue;
        }
        let row = Row {
            cols: &cols,
            fields: &fields,
            kind,
            zone: &options.zone,
            cache: &cache,
        };
        match rows::parse(&row, name, line) {
            Ok(rec) => batch.add(rec, name, line, options),
            Err(p) => batch.problems.push(p),
        }
    }
    batch.rows += rows;
    batch.end_source();
    batch.files.push(FileReport {
        name: name.to_owned(),
        outcome: FileOutcome::Read { kind, rows },
    });
    Ok(())
}

/// Whether a row is the header again (a byte-order mark and quotes aside).
fn repeats_header(record: &csv::ByteRecord, header: &[String]) -> bool {
    record.len() == header.len()
        && record.iter().zip(header).all(|(field, name)| {
            let field = field.strip_prefix("\u{feff}".as_bytes()).unwrap_or(field);
            field.trim_ascii() == name.trim().trim_start_matches('\u{feff}').as_bytes()
        })
}

/// Whether reading stopped at one of [`crate::limits`], not at damage in the file.
fn is_limit(e: &csv::Error) -> bool {
    matches!(e.kind(), csv::ErrorKind::Io(io) if io.kind() == std::io::ErrorKind::FileTooLarge)
}
