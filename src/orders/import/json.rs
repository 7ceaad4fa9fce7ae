//! Reading the legacy JSON export (format B\'): an array of objects keyed like the CSV.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::io::Read;

use super::lines::Lines;
use super::rows::{self, Row};
use super::{
    Batch, ExportError, FileOutcome, FileReport, ImportOptions, Kind, RowProblem, columns,
};

/// B's JSON variant: an array of objects keyed like the legacy CSV, read element by element.
pub(super) fn read_json(
    name: &str,
    reader: impl Read,
    options: &ImportOptions<'_>,
    batch: &mut Batch,
    lines: &RefCell<Lines>,
) -> Result<(), ExportError> {
    use serde::de::{Deserializer as _, SeqAccess, Visitor};

    struct Elements<'b, 'o> {
        name: &'b str,
        options: &'b ImportOptions<'o>,
        batch: &'b mut Batch,
        lines: &'b RefCell<Lines>,
    }

    impl<'de> Visitor<'de> for Elements<'_, '_> {
        type Value = (u64, Option<Kind>);
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("an array of order rows")
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            let mut rows = 0u64;
            let mut kind = None;
            while let Some(obj) = seq.next_element::<BTreeMap<String, serde_json::Value>>()? {
                rows += 1;
                self.lines.borrow_mut().row_done();
                let keys: Vec<&str> = obj.keys().map(String::as_str).collect();
                let cols = columns::Columns::new(&keys);
                let Some(k) = cols.detect() else {
                    self.batch.problems.push(RowProblem {
                        file: self.name.to_owned(),
                        line: rows,
                        column: "-".to_owned(),
                        value: String::new(),
                        what: "element without the keys of an order row".to_owned(),
                    });
                    continue;
                };
                if kind.is_none() {
                    self.batch.begin(k.rank());
                }
                kind = Some(k);
                let texts: Vec<String> = obj
                    .values()
                    .map(|v| match v {
                        serde_json::Value::String(s) => s.clone(),
                        serde_json::Value::Null => String::new(),
                        other => other.to_string(),
                    })
                    .collect();
                let fields: Vec<&str> = texts.iter().map(String::as_str).collect();
                let cache = rows::Cache::default();
                let row = Row {
                    cols: &cols,
                    fields: &fields,
                    kind: k,
                    zone: &self.options.zone,
                    cache: &cache,
                };
                match rows::parse(&row, self.name, rows) {
                    Ok(rec) => self.batch.add(rec, self.name, rows, self.options),
                    Err(p) => self.batch.problems.push(p),
                }
            }
            Ok((rows, kind))
        }
    }

    let mut de = serde_json::Deserializer::from_reader(reader);
    let visitor = Elements {
        name,
        options,
        batch,
        lines,
    };
    let (rows, kind) = de.deserialize_seq(visitor).map_err(|e| ExportError {
        file: name.to_owned(),
        message: match e.io_error_kind() {
            Some(_) => format!("cannot read: {e}"),
            None => format!("not an Amazon order export (it starts like JSON, but {e})"),
        },
    })?;
    batch.rows += rows;
    batch.end_source();
    let outcome = match kind {
        Some(kind) => FileOutcome::Read { kind, rows },
        None => FileOutcome::Skipped("no order rows in this JSON file".to_owned()),
    };
    batch.files.push(FileReport {
        name: name.to_owned(),
        outcome,
    });
    Ok(())
}
