//! Importing Amazon's order-history exports: formats A (new "Request your data" layout),
//! B (legacy layout, CSV and JSON), C (old Order History Reports) and D (the azad browser
//! extension), from a file, a folder, the `.zip` Amazon delivers, or stdin.
//!
//! Files are recognised by their header and read as streams: nothing holds a whole file in
//! memory. Rows that cannot be read are reported (`file:line: column: value: what is wrong`)
//! and skipped. The result is a batch of orders to [`merge`] into a history.

mod columns;
mod rows;
mod values;

use std::collections::{BTreeMap, HashMap};
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

pub use crate::date::LocalZone;
pub use columns::Kind;
pub use rows::RowProblem;

use rows::{Line, Record, Row};

use crate::money::{Currency, Money};
use crate::orders::{Item, Order, OrderHistory, Refund, Return, Shipment};

/// What the importer needs to know besides the files.
pub struct ImportOptions<'a> {
    /// The buyer's time zone, to turn UTC instants into calendar dates.
    pub zone: LocalZone,
    /// The currency of a marketplace (`amazon.fr` → EUR), when a file does not say.
    pub currency_for: &'a dyn Fn(&str) -> Option<Currency>,
    /// Called with the number of bytes read so far, for a progress display.
    pub progress: Option<&'a dyn Fn(u64)>,
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
    /// Nothing to import, and why (an empty report, an unrelated file in a folder…).
    Skipped(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileReport {
    pub name: String,
    pub outcome: FileOutcome,
}

/// A file that cannot be imported at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}: {message}")]
pub struct FileError {
    pub file: String,
    pub message: String,
}

/// Orders, refunds and returns read from exports, ready to merge.
#[derive(Debug, Default)]
pub struct Batch {
    orders: Vec<Order>,
    index: HashMap<String, usize>,
    refunds: Vec<(String, Refund)>,
    returns: Vec<(String, Return)>,
    replacements: Vec<(String, String)>,
    pub files: Vec<FileReport>,
    pub problems: Vec<RowProblem>,
    /// Cancelled (zero-quantity) lines and refunds that were not completed.
    pub ignored_rows: u64,
    pub rows: u64,
}

/// A readable input: a name for messages and a stream.
struct Source {
    name: String,
    reader: Box<dyn Read>,
    /// Given explicitly (an unknown header is an error) or found in a folder or zip
    /// (an unknown header is skipped).
    explicit: bool,
}

/// Reads every input (files, folders, `.zip` archives, `-` for stdin) into a batch.
pub fn read_inputs(inputs: &[PathBuf], options: &ImportOptions<'_>) -> Result<Batch, FileError> {
    let mut batch = Batch::default();
    let mut bytes = 0u64;
    for input in inputs {
        if input.as_os_str() == "-" {
            let source = Source {
                name: "<stdin>".to_owned(),
                reader: Box::new(std::io::stdin()),
                explicit: true,
            };
            read_source(source, options, &mut batch, &mut bytes)?;
        } else if input.is_dir() {
            let mut files = Vec::new();
            walk(input, &mut files).map_err(|e| FileError {
                file: input.display().to_string(),
                message: format!("cannot read the folder: {e}"),
            })?;
            files.sort();
            let before = batch.files.len();
            for path in files {
                let reader = open(&path)?;
                let source = Source {
                    name: path.display().to_string(),
                    reader,
                    explicit: false,
                };
                read_source(source, options, &mut batch, &mut bytes)?;
            }
            if !batch.files[before..]
                .iter()
                .any(|f| matches!(f.outcome, FileOutcome::Read { .. }))
            {
                return Err(FileError {
                    file: input.display().to_string(),
                    message: "no Amazon order export found in this folder (looked for CSV and JSON files by their header)".to_owned(),
                });
            }
        } else if is_zip(input) {
            read_zip(input, options, &mut batch, &mut bytes)?;
        } else {
            let source = Source {
                name: input.display().to_string(),
                reader: open(input)?,
                explicit: true,
            };
            read_source(source, options, &mut batch, &mut bytes)?;
        }
    }
    for (order_id, replacement) in std::mem::take(&mut batch.replacements) {
        if let Some(&i) = batch.index.get(&order_id) {
            batch.orders[i].replacement = Some(replacement);
        } else {
            batch.replacements.push((order_id, replacement));
        }
    }
    Ok(batch)
}

fn open(path: &Path) -> Result<Box<dyn Read>, FileError> {
    std::fs::File::open(path)
        .map(|f| Box::new(f) as Box<dyn Read>)
        .map_err(|e| FileError {
            file: path.display().to_string(),
            message: format!("cannot open: {e}"),
        })
}

fn is_zip(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("zip"))
}

fn is_data_file(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.ends_with(".csv") || lower.ends_with(".json")
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            walk(&path, out)?;
        } else if path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(is_data_file)
        {
            out.push(path);
        }
    }
    Ok(())
}

fn read_zip(
    path: &Path,
    options: &ImportOptions<'_>,
    batch: &mut Batch,
    bytes: &mut u64,
) -> Result<(), FileError> {
    let name = path.display().to_string();
    let file = std::fs::File::open(path).map_err(|e| FileError {
        file: name.clone(),
        message: format!("cannot open: {e}"),
    })?;
    let mut archive = zip::ZipArchive::new(BufReader::new(file)).map_err(|e| FileError {
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
    for (entry, i) in entries {
        let file = archive.by_index(i).map_err(|e| FileError {
            file: format!("{name}/{entry}"),
            message: format!("cannot read from the archive: {e}"),
        })?;
        // The entry borrows the archive, so it is read here rather than boxed.
        let source_name = format!("{name}/{entry}");
        read_stream(&source_name, file, false, options, batch, bytes)?;
    }
    if !batch.files[before..]
        .iter()
        .any(|f| matches!(f.outcome, FileOutcome::Read { .. }))
    {
        return Err(FileError {
            file: name,
            message: "no Amazon order export found in this archive".to_owned(),
        });
    }
    Ok(())
}

fn read_source(
    source: Source,
    options: &ImportOptions<'_>,
    batch: &mut Batch,
    bytes: &mut u64,
) -> Result<(), FileError> {
    read_stream(
        &source.name,
        source.reader,
        source.explicit,
        options,
        batch,
        bytes,
    )
}

/// Counts bytes as they are read, for the progress display.
struct Counting<'a, R> {
    inner: R,
    total: &'a mut u64,
    progress: Option<&'a dyn Fn(u64)>,
}

impl<R: Read> Read for Counting<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        *self.total += n as u64;
        if let Some(p) = self.progress {
            p(*self.total);
        }
        Ok(n)
    }
}

fn skip(batch: &mut Batch, name: &str, why: &str) {
    batch.files.push(FileReport {
        name: name.to_owned(),
        outcome: FileOutcome::Skipped(why.to_owned()),
    });
}

fn read_stream(
    name: &str,
    reader: impl Read,
    explicit: bool,
    options: &ImportOptions<'_>,
    batch: &mut Batch,
    bytes: &mut u64,
) -> Result<(), FileError> {
    let err = |message: String| FileError {
        file: name.to_owned(),
        message,
    };
    let counting = Counting {
        inner: reader,
        total: bytes,
        progress: options.progress,
    };
    let mut reader = BufReader::with_capacity(256 * 1024, counting);
    let head = reader
        .fill_buf()
        .map_err(|e| err(format!("cannot read: {e}")))?;
    if head.is_empty() {
        skip(batch, name, "empty file (0 bytes): nothing to import");
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
        skip(batch, name, &message);
        return Ok(());
    }
    if head.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'[') {
        return read_json(name, reader, options, batch);
    }
    read_csv(name, reader, explicit, options, batch)
}

fn read_csv(
    name: &str,
    reader: impl Read,
    explicit: bool,
    options: &ImportOptions<'_>,
    batch: &mut Batch,
) -> Result<(), FileError> {
    let err = |message: String| FileError {
        file: name.to_owned(),
        message,
    };
    let mut csv = csv::ReaderBuilder::new()
        .flexible(true)
        .has_headers(true)
        .from_reader(reader);
    let headers = match csv.byte_headers() {
        Ok(h) => h.clone(),
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
        skip(batch, name, "not an order export (unknown header)");
        return Ok(());
    };
    let mut record = csv::ByteRecord::new();
    let mut rows = 0u64;
    let width = cols.names.len();
    let used: Vec<bool> = (0..width).map(|i| cols.used(i)).collect();
    let cache = rows::Cache::default();
    loop {
        match csv.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let line = e.position().map_or(0, csv::Position::line);
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
        let line = record.position().map_or(0, csv::Position::line);
        if rows == 0
            && record.len() == 1
            && record
                .get(0)
                .is_some_and(|f| f.starts_with(b"No data found"))
        {
            skip(
                batch,
                name,
                "empty report (No data found for this time period)",
            );
            return Ok(());
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
    batch.files.push(FileReport {
        name: name.to_owned(),
        outcome: FileOutcome::Read { kind, rows },
    });
    Ok(())
}

/// B's JSON variant: an array of objects keyed like the legacy CSV, read element by element.
fn read_json(
    name: &str,
    reader: impl Read,
    options: &ImportOptions<'_>,
    batch: &mut Batch,
) -> Result<(), FileError> {
    use serde::de::{Deserializer as _, SeqAccess, Visitor};

    struct Elements<'b, 'o> {
        name: &'b str,
        options: &'b ImportOptions<'o>,
        batch: &'b mut Batch,
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
    };
    let (rows, kind) = de.deserialize_seq(visitor).map_err(|e| FileError {
        file: name.to_owned(),
        message: format!("not a readable JSON export: {e}"),
    })?;
    batch.rows += rows;
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

impl Batch {
    fn problem(&mut self, file: &str, line: u64, column: &str, value: &str, what: String) {
        self.problems.push(RowProblem {
            file: file.to_owned(),
            line,
            column: column.to_owned(),
            value: value.to_owned(),
            what,
        });
    }

    fn currency(
        &mut self,
        text: Option<&str>,
        marketplace: Option<&str>,
        options: &ImportOptions<'_>,
        at: (&str, u64),
    ) -> Option<Currency> {
        if let Some(t) = text {
            match t.parse::<Currency>() {
                Ok(c) => return Some(c),
                Err(e) => {
                    self.problem(at.0, at.1, "Currency", t, e);
                    return None;
                }
            }
        }
        let found = marketplace.and_then(|m| (options.currency_for)(m));
        if found.is_none() {
            self.problem(
                at.0,
                at.1,
                "Currency",
                "",
                "the currency is unknown (no currency column and no known marketplace)".to_owned(),
            );
        }
        found
    }

    fn order_mut(
        &mut self,
        id: &str,
        date: chrono::NaiveDate,
        marketplace: Option<String>,
        currency: Currency,
    ) -> &mut Order {
        let i = match self.index.get(id) {
            Some(&i) => i,
            None => {
                let market = marketplace.clone().unwrap_or_default();
                self.orders
                    .push(Order::new(id.to_owned(), date, market, currency));
                self.index.insert(id.to_owned(), self.orders.len() - 1);
                self.orders.len() - 1
            }
        };
        let order = &mut self.orders[i];
        if order.marketplace.is_empty()
            && let Some(m) = marketplace
        {
            order.marketplace = m;
        }
        order.date = order.date.min(date);
        order
    }

    fn add(&mut self, record: Record, file: &str, line: u64, options: &ImportOptions<'_>) {
        match record {
            Record::Line(l) => self.add_line(l, file, line, options),
            Record::Cancelled | Record::RefundNotCompleted => self.ignored_rows += 1,
            Record::Nothing => {}
            Record::Refund {
                order_id,
                date,
                amount,
                currency,
            } => {
                let currency =
                    self.currency_of_order(&order_id, currency.as_deref(), options, (file, line));
                if let Some(currency) = currency {
                    self.refunds.push((
                        order_id,
                        Refund {
                            date,
                            amount: Money::new(amount, currency),
                        },
                    ));
                }
            }
            Record::Return {
                order_id,
                date,
                amount,
                currency,
                reason,
                resolution,
            } => {
                let currency =
                    self.currency_of_order(&order_id, currency.as_deref(), options, (file, line));
                self.returns.push((
                    order_id,
                    Return {
                        date,
                        amount: amount.zip(currency).map(|(a, c)| Money::new(a, c)),
                        reason,
                        resolution,
                    },
                ));
            }
            Record::Replacement {
                order_id,
                replacement_id,
            } => self.replacements.push((order_id, replacement_id)),
            Record::Summary {
                order_id,
                date,
                marketplace,
                currency,
                total,
                shipping,
            } => {
                let Some(currency) = self.currency(
                    currency.as_deref(),
                    marketplace.as_deref(),
                    options,
                    (file, line),
                ) else {
                    return;
                };
                let order = self.order_mut(&order_id, date, marketplace, currency);
                if let Some(t) = total {
                    order.recorded_total = Some(Money::new(t, currency));
                }
                if let Some(s) = shipping {
                    order.shipping = Some(Money::new(s, currency));
                }
            }
        }
    }

    /// The currency of a refund or return: its own, else its order's (in this batch).
    fn currency_of_order(
        &mut self,
        order_id: &str,
        text: Option<&str>,
        options: &ImportOptions<'_>,
        at: (&str, u64),
    ) -> Option<Currency> {
        if let Some(t) = text {
            return self.currency(Some(t), None, options, at);
        }
        self.index.get(order_id).map(|&i| self.orders[i].currency)
    }

    fn add_line(&mut self, l: Line, file: &str, line: u64, options: &ImportOptions<'_>) {
        let Some(currency) = self.currency(
            l.currency.as_deref(),
            l.marketplace.as_deref(),
            options,
            (file, line),
        ) else {
            return;
        };
        let order = self.order_mut(&l.order_id, l.date, l.marketplace, currency);
        if l.status.is_some() {
            order.status = l.status;
        }
        if let Some(t) = l.total {
            let sum = order.recorded_total.map_or(t, |m| m.amount + t);
            order.recorded_total = Some(Money::new(sum, currency));
        }
        for (carrier, tracking) in l.tracking {
            let shipment = Shipment {
                date: l.shipped,
                carrier: Some(carrier),
                tracking,
            };
            if !order.shipments.contains(&shipment) {
                if order.carrier.is_none() {
                    order.carrier.clone_from(&shipment.carrier);
                    order.tracking.clone_from(&shipment.tracking);
                }
                order.shipments.push(shipment);
            }
        }
        if let Some(s) = l.shipped {
            order.shipped = Some(order.shipped.map_or(s, |x| x.min(s)));
        }
        // The old reports name the seller: "Amazon.com" is the marketplace itself.
        let seller = l
            .seller_name
            .as_deref()
            .filter(|n| n.to_ascii_lowercase().starts_with("amazon"))
            .map(|_| crate::vocab::Id::new("amazon"));
        order.items.push(Item {
            asin: l.asin,
            title: l.title,
            unit_price: l.unit_price.map(|p| Money::new(p, currency)),
            quantity: l.quantity,
            category: l.category,
            condition: l.condition,
            shipped: l.shipped,
            seller,
            seller_name: l.seller_name,
        });
    }
}

/// How many things a merge added, found already known, or skipped.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub orders: u64,
    pub items: u64,
    pub refunds: u64,
    pub returns: u64,
}

/// The outcome of merging a batch into a history.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MergeReport {
    pub added: Counts,
    pub known: Counts,
    pub skipped: Counts,
    /// Refunds and returns whose order is in neither the batch nor the history.
    pub orphans: Vec<String>,
    /// Known orders whose status, total or shipments the import updated.
    pub updated: u64,
}

impl MergeReport {
    /// Whether the history changed.
    pub fn changed(&self) -> bool {
        let Counts {
            orders,
            items,
            refunds,
            returns,
        } = self.added;
        orders + items + refunds + returns + self.updated > 0
    }
}

/// Merges a batch into a history: the same purchase seen in two exports (or twice in one
/// import) is added once; identical rows within one export (a repeated purchase) are kept;
/// facts the user recorded on an order (promised and delivery dates, seller, Prime) stay.
pub fn merge(history: &mut OrderHistory, batch: Batch) -> MergeReport {
    let mut report = MergeReport::default();
    history.orders.reserve(batch.orders.len());
    let mut index: HashMap<String, usize> = history
        .orders
        .iter()
        .enumerate()
        .map(|(i, o)| (o.id.clone(), i))
        .collect();
    for order in batch.orders {
        match index.get(&order.id) {
            None => {
                report.added.orders += 1;
                report.added.items += order.items.len() as u64;
                index.insert(order.id.clone(), history.orders.len());
                history.orders.push(order);
            }
            Some(&i) => {
                report.known.orders += 1;
                if merge_order(&mut history.orders[i], order, &mut report) {
                    report.updated += 1;
                }
            }
        }
    }
    for (order_id, refund) in batch.refunds {
        let Some(&i) = index.get(&order_id) else {
            report.skipped.refunds += 1;
            report.orphans.push(order_id);
            continue;
        };
        let order = &mut history.orders[i];
        if order.refunds.contains(&refund) {
            report.known.refunds += 1;
        } else {
            report.added.refunds += 1;
            order.refunds.push(refund);
        }
    }
    for (order_id, ret) in batch.returns {
        let Some(&i) = index.get(&order_id) else {
            report.skipped.returns += 1;
            report.orphans.push(order_id);
            continue;
        };
        let order = &mut history.orders[i];
        if order
            .returns
            .iter()
            .any(|r| r.date == ret.date && r.resolution == ret.resolution)
        {
            report.known.returns += 1;
        } else {
            report.added.returns += 1;
            order.returns.push(ret);
        }
    }
    for (order_id, replacement) in batch.replacements {
        if let Some(&i) = index.get(&order_id)
            && history.orders[i].replacement.as_ref() != Some(&replacement)
        {
            history.orders[i].replacement = Some(replacement);
            report.updated += 1;
        }
    }
    report.orphans.sort();
    report.orphans.dedup();
    report
}

/// Merges a known order's new export rows into it; returns whether anything changed.
fn merge_order(existing: &mut Order, new: Order, report: &mut MergeReport) -> bool {
    // A partial export (rows skipped, an older file) must not shrink a known total.
    let complete = new.items.len() >= existing.items.len();
    let before = change_signature(existing);
    // An order has a handful of items: counting by linear scans beats hashing here.
    let known_before = existing.items.len();
    for (i, item) in new.items.iter().enumerate() {
        let same = |other: &Item| same_purchase(other, item);
        let nth = new.items[..i].iter().filter(|o| same(o)).count() + 1;
        let have = existing.items[..known_before]
            .iter()
            .filter(|o| same(o))
            .count();
        if nth > have {
            report.added.items += 1;
            existing.items.push(item.clone());
        } else {
            report.known.items += 1;
        }
    }
    if new.status.is_some() {
        existing.status = new.status;
    }
    if new.recorded_total.is_some() && (complete || existing.recorded_total.is_none()) {
        existing.recorded_total = new.recorded_total;
    }
    if existing.marketplace.is_empty() {
        existing.marketplace = new.marketplace;
    }
    existing.shipped = existing.shipped.or(new.shipped);
    existing.shipping = existing.shipping.or(new.shipping);
    existing.carrier = existing.carrier.take().or(new.carrier);
    existing.tracking = existing.tracking.take().or(new.tracking);
    existing.replacement = existing.replacement.take().or(new.replacement);
    for s in new.shipments {
        if !existing.shipments.contains(&s) {
            existing.shipments.push(s);
        }
    }
    let after = change_signature(existing);
    before != after
}

/// What an import may change in a known order, to tell whether it did.
fn change_signature(o: &Order) -> impl PartialEq + use<> {
    (
        o.status,
        o.recorded_total,
        o.items.len(),
        o.shipments.len(),
        o.shipped,
        o.shipping,
        o.replacement.is_some(),
        o.carrier.is_some(),
    )
}

/// The same purchase line: same ASIN, unit price and ship date.
fn same_purchase(a: &Item, b: &Item) -> bool {
    a.asin.eq_ignore_ascii_case(&b.asin) && a.unit_price == b.unit_price && a.shipped == b.shipped
}
