//! The imported order history: a SQLite database in the data directory (`history.sqlite`,
//! SQLite bundled, nothing to install).
//!
//! - Natural keys and `UNIQUE` constraints: an order by its id, an item by its identity and
//!   ordinal within its order, a refund or a return by its export id when it has one, else by
//!   day, amount and ordinal. Refunds and returns whose order is not imported yet wait in
//!   their tables and belong to it when it comes.
//! - Facts the user recorded (`orders set`, answers in `claim new`) have their own tables:
//!   no import touches them.
//! - `PRAGMA user_version` is the schema version; older databases are migrated forward, a
//!   database from a newer version is refused before anything is written to it.
//! - WAL and a busy timeout: concurrent commands wait for each other. Each import is one
//!   transaction: on any error, or a kill, the previous history is intact.
//! - A `history.jsonl` kept by earlier versions is imported once, and left in place.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, Row, Statement, Transaction, params};

use crate::money::{Currency, Money};
use crate::orders::import::{Batch, Changes, MergeReport, item_key, merge, refund_key, return_key};
use crate::orders::jsonl::{self, JsonlError};
use crate::orders::{
    Item, Order, OrderHistory, OrderStatus, Rank, RecordedFacts, Refund, Return, Shipment,
};
use crate::vocab::{Id, ItemCondition};

/// The database's file name in the data directory.
pub const DATABASE_FILE: &str = "history.sqlite";

/// The mark, among the imported files, of the `history.jsonl` of an earlier version.
const LEGACY_MARK: &str = "legacy history.jsonl";

/// The schema this version writes.
pub const SCHEMA_VERSION: i64 = 1;

/// Each step brings the schema from the version before it.
const MIGRATIONS: &[&str] = &[
    // 0 → 1
    "
    CREATE TABLE orders (
        id TEXT PRIMARY KEY,
        date TEXT NOT NULL,
        marketplace TEXT NOT NULL,
        currency TEXT NOT NULL,
        rank INTEGER NOT NULL,
        status TEXT,
        total TEXT,
        shipped TEXT,
        seller_name TEXT,
        carrier TEXT,
        tracking TEXT,
        shipping TEXT,
        replacement TEXT
    ) WITHOUT ROWID;
    CREATE TABLE items (
        order_id TEXT NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        line TEXT NOT NULL,
        asin TEXT NOT NULL,
        title TEXT NOT NULL,
        unit_price TEXT,
        quantity INTEGER NOT NULL,
        category TEXT,
        condition TEXT,
        shipped TEXT,
        seller TEXT,
        seller_name TEXT,
        PRIMARY KEY (order_id, position),
        UNIQUE (order_id, line)
    ) WITHOUT ROWID;
    CREATE TABLE shipments (
        order_id TEXT NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        date TEXT,
        carrier TEXT,
        tracking TEXT,
        PRIMARY KEY (order_id, position)
    ) WITHOUT ROWID;
    CREATE TABLE refunds (
        order_id TEXT NOT NULL,
        key TEXT NOT NULL,
        date TEXT NOT NULL,
        amount TEXT NOT NULL,
        currency TEXT NOT NULL,
        refund_id TEXT,
        declined INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (order_id, key)
    ) WITHOUT ROWID;
    CREATE TABLE returns (
        order_id TEXT NOT NULL,
        key TEXT NOT NULL,
        date TEXT NOT NULL,
        amount TEXT,
        currency TEXT,
        reason TEXT,
        resolution TEXT,
        return_id TEXT,
        PRIMARY KEY (order_id, key)
    ) WITHOUT ROWID;
    CREATE TABLE recorded (
        order_id TEXT PRIMARY KEY,
        promised TEXT,
        no_promised_date INTEGER NOT NULL DEFAULT 0,
        delivered TEXT,
        not_delivered INTEGER NOT NULL DEFAULT 0,
        seller TEXT,
        prime INTEGER,
        contacted_seller TEXT,
        returned TEXT
    ) WITHOUT ROWID;
    CREATE TABLE imported_files (
        fingerprint TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        size INTEGER NOT NULL,
        imported TEXT NOT NULL
    ) WITHOUT ROWID;
    CREATE TABLE recorded_items (
        order_id TEXT NOT NULL,
        asin TEXT NOT NULL,
        seller TEXT NOT NULL,
        PRIMARY KEY (order_id, asin)
    ) WITHOUT ROWID;
    ",
];

/// Why the history cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(
        "{}: this order history was written by a newer version of claim (schema {found}, this version reads up to {supported}); it was left untouched",
        path.display()
    )]
    Newer {
        path: PathBuf,
        found: i64,
        supported: i64,
    },
    #[error(
        "{}: the order history cannot be read ({message}); it was not changed. Restore it from a backup, or move it away and import your exports again",
        path.display()
    )]
    Damaged { path: PathBuf, message: String },
    #[error(
        "{}: cannot be written ({message}); claim reads and writes its history. Make the file and its folder writable, or copy them and pass --data-dir",
        path.display()
    )]
    ReadOnly { path: PathBuf, message: String },
    #[error(
        "{}: not an order history of claim (a database with other tables); it was left untouched. Move it away, or pass another --data-dir",
        path.display()
    )]
    NotOurs { path: PathBuf },
    #[error("{0}")]
    Legacy(#[from] JsonlError),
    #[error("{0}")]
    File(#[from] crate::fsutil::FileError),
}

/// What a database error means for the user: a file they cannot write, or a damaged one.
fn db_error(path: &Path, e: rusqlite::Error) -> StoreError {
    use rusqlite::ErrorCode;
    let code = e.sqlite_error_code();
    if matches!(
        code,
        Some(ErrorCode::ReadOnly | ErrorCode::PermissionDenied | ErrorCode::CannotOpen)
    ) {
        return StoreError::ReadOnly {
            path: path.to_owned(),
            message: e.to_string(),
        };
    }
    StoreError::Damaged {
        path: path.to_owned(),
        message: e.to_string(),
    }
}

/// The imported order history.
#[derive(Debug)]
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

impl Store {
    /// The history in a data directory, for reading: `None` when there is none yet. A
    /// history kept by an earlier version is imported on first use.
    pub fn open(data_dir: &Path) -> Result<Option<Store>, StoreError> {
        let path = data_dir.join(DATABASE_FILE);
        if !path.exists() && !data_dir.join(jsonl::LEGACY_FILE).exists() {
            return Ok(None);
        }
        Store::create(data_dir).map(Some)
    }

    /// The history in a data directory, created when there is none.
    pub fn create(data_dir: &Path) -> Result<Store, StoreError> {
        crate::fsutil::create_private_dir(data_dir)
            .map_err(crate::fsutil::FileError::write(data_dir))?;
        let path = data_dir.join(DATABASE_FILE);
        // A new history is private: SQLite would create it (and its WAL, which takes the
        // database's permissions) readable by everyone.
        crate::fsutil::ensure_private(&path).map_err(crate::fsutil::FileError::write(&path))?;
        let conn = Connection::open(&path).map_err(|e| db_error(&path, e))?;
        Store::set_up(conn, path, data_dir, true)
    }

    /// The history of a data directory as it would be, in memory: what a dry run works on
    /// when there is no database yet (nothing is created on disk).
    pub fn in_memory(data_dir: &Path) -> Result<Store, StoreError> {
        let path = data_dir.join(DATABASE_FILE);
        let conn = Connection::open_in_memory().map_err(|e| db_error(&path, e))?;
        Store::set_up(conn, path, data_dir, false)
    }

    fn set_up(
        conn: Connection,
        path: PathBuf,
        data_dir: &Path,
        on_disk: bool,
    ) -> Result<Store, StoreError> {
        let damaged = |e: rusqlite::Error| db_error(&path, e);
        // Nothing is written before the version is known to be one this version reads, and
        // the file to be an order history (or empty).
        let version: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(damaged)?;
        if version > SCHEMA_VERSION {
            return Err(StoreError::Newer {
                path,
                found: version,
                supported: SCHEMA_VERSION,
            });
        }
        let tables: i64 = conn
            .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
            .map_err(damaged)?;
        if version == 0 && tables > 0 {
            return Err(StoreError::NotOurs { path });
        }
        conn.busy_timeout(std::time::Duration::from_secs(30))
            .map_err(damaged)?;
        if on_disk {
            conn.pragma_update(None, "journal_mode", "WAL")
                .map_err(damaged)?;
            conn.pragma_update(None, "synchronous", "NORMAL")
                .map_err(damaged)?;
        }
        conn.pragma_update(None, "foreign_keys", "ON")
            .map_err(damaged)?;
        // 16 MiB of page cache (the default is 2): a large import evicts fewer pages.
        conn.pragma_update(None, "cache_size", -16384)
            .map_err(damaged)?;
        let mut store = Store { conn, path };
        store.migrate(version)?;
        store.import_legacy(data_dir)?;
        Ok(store)
    }

    /// Where the database is.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn damaged(&self) -> impl Fn(rusqlite::Error) -> StoreError + '_ {
        |e| db_error(&self.path, e)
    }

    fn migrate(&mut self, from: i64) -> Result<(), StoreError> {
        let path = self.path.clone();
        let damaged = |e: rusqlite::Error| db_error(&path, e);
        for (version, sql) in MIGRATIONS.iter().enumerate().skip(from as usize) {
            let tx = self
                .conn
                .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
                .map_err(damaged)?;
            // Another command may have migrated it while this one waited.
            let now: i64 = tx
                .query_row("PRAGMA user_version", [], |r| r.get(0))
                .map_err(damaged)?;
            if now > version as i64 {
                continue;
            }
            tx.execute_batch(sql).map_err(damaged)?;
            tx.pragma_update(None, "user_version", version as i64 + 1)
                .map_err(damaged)?;
            tx.commit().map_err(damaged)?;
        }
        Ok(())
    }

    /// Imports the `history.jsonl` of an earlier version, once (a mark in the database says
    /// it was); the file is kept. One that cannot be read is an error each time, until it
    /// is fixed or moved away: its orders are never dropped silently.
    fn import_legacy(&mut self, data_dir: &Path) -> Result<(), StoreError> {
        let legacy = data_dir.join(jsonl::LEGACY_FILE);
        if !legacy.exists() || self.imported_on(LEGACY_MARK).is_some() {
            return Ok(());
        }
        let history = jsonl::load(&legacy)?;
        let damaged = |e: rusqlite::Error| db_error(&legacy, e);
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(damaged)?;
        let count: i64 = tx
            .query_row("SELECT count(*) FROM orders", [], |r| r.get(0))
            .map_err(damaged)?;
        if count == 0 {
            let mut writer = Writer::new(&tx).map_err(damaged)?;
            for mut order in history.orders {
                if order.rank == Rank::Unknown {
                    order.rank = Rank::Reports;
                }
                writer.order(&order, Before::Nothing).map_err(damaged)?;
                write_recorded(&tx, &order.id, &RecordedFacts::of(&order)).map_err(damaged)?;
            }
        }
        tx.execute(
            "INSERT OR REPLACE INTO imported_files (fingerprint, name, size, imported) VALUES (?1, ?2, 0, '')",
            params![LEGACY_MARK, jsonl::LEGACY_FILE],
        )
        .map_err(damaged)?;
        tx.commit().map_err(damaged)
    }

    /// How many orders the history holds.
    pub fn count(&self) -> Result<usize, StoreError> {
        let n: i64 = self
            .conn
            .query_row("SELECT count(*) FROM orders", [], |r| r.get(0))
            .map_err(self.damaged())?;
        Ok(usize::try_from(n).unwrap_or(0))
    }

    /// The order with this id (exactly, else ignoring case), with the facts recorded for it.
    pub fn find(&self, id: &str) -> Result<Option<Order>, StoreError> {
        let found: Option<String> = self
            .conn
            .query_row(
                "SELECT id FROM orders WHERE id = ?1 UNION ALL SELECT id FROM orders WHERE id = ?1 COLLATE NOCASE LIMIT 1",
                [id],
                |r| r.get(0),
            )
            .optional()
            .map_err(self.damaged())?;
        let Some(id) = found else { return Ok(None) };
        self.load_order(&id).map_err(self.damaged())
    }

    /// Order ids within a small edit distance of `id` (closest first), and how many were
    /// searched: what an "unknown order" error suggests.
    pub fn near(&self, id: &str) -> Result<(Vec<String>, usize), StoreError> {
        let mut stmt = self
            .conn
            .prepare("SELECT id FROM orders")
            .map_err(self.damaged())?;
        let mut near: Vec<(usize, String)> = Vec::new();
        let mut searched = 0;
        let rows = stmt
            .query_map([], |r| r.get::<_, String>(0))
            .map_err(self.damaged())?;
        for known in rows {
            let known = known.map_err(self.damaged())?;
            searched += 1;
            let d = strsim::levenshtein(&known, id);
            if d <= 3 {
                near.push((d, known));
            }
        }
        near.sort();
        Ok((near.into_iter().take(3).map(|(_, n)| n).collect(), searched))
    }

    fn load_order(&self, id: &str) -> rusqlite::Result<Option<Order>> {
        let Some(mut order) = read_order(&self.conn, id)? else {
            return Ok(None);
        };
        if let Some(facts) = read_recorded(&self.conn, id)? {
            facts.apply(&mut order);
        }
        Ok(Some(order))
    }

    /// Calls `each` with every order, by id, reading the tables side by side (memory does
    /// not grow with the history); `each` returns `false` to stop.
    pub fn for_each(&self, mut each: impl FnMut(Order) -> bool) -> Result<(), StoreError> {
        stream(&self.conn, true, &mut each).map_err(self.damaged())
    }

    /// Every order, oldest first, in memory.
    pub fn load(&self) -> Result<OrderHistory, StoreError> {
        let mut history = OrderHistory::default();
        self.for_each(|o| {
            history.orders.push(o);
            true
        })?;
        history
            .orders
            .sort_by(|a, b| (a.date, &a.id).cmp(&(b.date, &b.id)));
        Ok(history)
    }

    /// Merges a batch into the history, in one transaction: every order the batch names is
    /// read, merged (see [`merge`]) and written back when it changed; refunds and returns
    /// whose order is not there yet are kept for it. With `dry_run`, nothing is written.
    pub fn import(
        &mut self,
        mut batch: Batch,
        dry_run: bool,
        today: NaiveDate,
    ) -> Result<(MergeReport, usize), StoreError> {
        let path = self.path.clone();
        let damaged = |e: rusqlite::Error| db_error(&path, e);
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(damaged)?;
        let (mut known, waiting) = read_known(&tx, &batch).map_err(damaged)?;
        let fingerprints = std::mem::take(&mut batch.fingerprints);
        let recorded = std::mem::take(&mut batch.recorded);
        let stored: HashSet<String> = known.orders.iter().map(|o| o.id.clone()).collect();
        let waited: HashSet<String> = waiting.iter().map(|(id, _, _)| id.clone()).collect();
        batch.waiting(waiting);
        let (report, changes) = merge(&mut known, batch);
        if !dry_run {
            // Written by id, the first column of every key: the B-trees grow at their end
            // instead of splitting pages all over.
            let mut touched: Vec<&Order> = known
                .orders
                .iter()
                .filter(|o| changes.touched.contains(&o.id))
                .collect();
            touched.sort_unstable_by(|a, b| a.id.cmp(&b.id));
            let mut writer = Writer::new(&tx).map_err(damaged)?;
            for order in touched {
                let before = if stored.contains(&order.id) {
                    Before::Stored
                } else if waited.contains(&order.id) {
                    Before::Waiting
                } else {
                    Before::Nothing
                };
                writer.order(order, before).map_err(damaged)?;
            }
            writer.waiting(&changes).map_err(damaged)?;
            drop(writer);
            // What order files say fills what the user has not recorded; never replaces it.
            for (order_id, facts) in recorded {
                let mut kept = read_recorded(&tx, &order_id)
                    .map_err(damaged)?
                    .unwrap_or_default();
                let before = kept.clone();
                kept.fill_from(facts);
                if kept != before {
                    write_recorded(&tx, &order_id, &kept).map_err(damaged)?;
                }
            }
            let mut files = tx
                .prepare_cached(
                    "INSERT OR REPLACE INTO imported_files (fingerprint, name, size, imported) VALUES (?1, ?2, ?3, ?4)",
                )
                .map_err(damaged)?;
            for (fp, name, size) in &fingerprints {
                files
                    .execute(params![fp, name, *size as i64, crate::date::iso(today)])
                    .map_err(damaged)?;
            }
        }
        let count: i64 = tx
            .query_row("SELECT count(*) FROM orders", [], |r| r.get(0))
            .map_err(damaged)?;
        if dry_run {
            tx.rollback().map_err(damaged)?;
        } else {
            tx.commit().map_err(damaged)?;
        }
        Ok((report, usize::try_from(count).unwrap_or(0)))
    }

    /// The day a file with this fingerprint was imported, if it was (an unreadable history
    /// says no: the import that follows reports it).
    pub fn imported_on(&self, fingerprint: &str) -> Option<String> {
        self.conn
            .query_row(
                "SELECT imported FROM imported_files WHERE fingerprint = ?1",
                [fingerprint],
                |r| r.get(0),
            )
            .optional()
            .ok()
            .flatten()
    }

    /// Records facts for an order (replacing what was recorded before).
    pub fn record(&mut self, order_id: &str, facts: &RecordedFacts) -> Result<(), StoreError> {
        let path = self.path.clone();
        let damaged = |e: rusqlite::Error| db_error(&path, e);
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(damaged)?;
        write_recorded(&tx, order_id, facts).map_err(damaged)?;
        tx.commit().map_err(damaged)
    }
}

/// Every order, by id, read side by side from each table; with `recorded_facts`, the facts
/// recorded for it applied. `each` returns `false` to stop.
fn stream(
    conn: &Connection,
    recorded_facts: bool,
    each: &mut dyn FnMut(Order) -> bool,
) -> rusqlite::Result<()> {
    // Every table is read in the order of its key, which starts with the order id: one
    // sequential pass each, side by side, no sort and no lookup, whatever the size.
    let mut orders = conn.prepare(ORDER_SELECT_ALL)?;
    let mut items = conn.prepare(
        "SELECT order_id, asin, title, unit_price, quantity, category, condition, shipped, seller, seller_name FROM items ORDER BY order_id, position",
    )?;
    let mut shipments = conn.prepare(
        "SELECT order_id, date, carrier, tracking FROM shipments ORDER BY order_id, position",
    )?;
    let mut refunds = conn.prepare(
        "SELECT order_id, date, amount, currency, refund_id, declined FROM refunds ORDER BY order_id, key",
    )?;
    let mut returns = conn.prepare(
        "SELECT order_id, date, amount, currency, reason, resolution, return_id FROM returns ORDER BY order_id, key",
    )?;
    let mut recorded = conn.prepare(
        "SELECT order_id, promised, no_promised_date, delivered, not_delivered, seller, prime, contacted_seller, returned FROM recorded ORDER BY order_id",
    )?;
    let mut recorded_items =
        conn.prepare("SELECT order_id, asin, seller FROM recorded_items ORDER BY order_id, asin")?;
    // Prices are read in a stand-in currency, then given their order's (stored amounts are
    // already rounded to it): no join with the orders.
    let mut items = items
        .query_map([], |r| item_row(r, Currency::USD))?
        .peekable();
    let mut shipments = shipments.query_map([], shipment_row)?.peekable();
    let mut refunds = refunds.query_map([], refund_row)?.peekable();
    let mut returns = returns.query_map([], return_row)?.peekable();
    let mut recorded = recorded.query_map([], recorded_row)?.peekable();
    let mut recorded_items = recorded_items
        .query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                (r.get::<_, String>(1)?, Id::new(&r.get::<_, String>(2)?)),
            ))
        })?
        .peekable();
    for order in orders.query_map([], order_row)? {
        let mut order = order?;
        let id = order.id.clone();
        order.items = take_for(&mut items, &id)?;
        for item in &mut order.items {
            item.unit_price = item
                .unit_price
                .map(|p| Money::new(p.amount, order.currency));
        }
        order.shipments = take_for(&mut shipments, &id)?;
        order.refunds = take_for(&mut refunds, &id)?;
        order.returns = take_for(&mut returns, &id)?;
        let facts = take_for(&mut recorded, &id)?.into_iter().next();
        let item_sellers = take_for(&mut recorded_items, &id)?;
        if recorded_facts && (facts.is_some() || !item_sellers.is_empty()) {
            let mut facts = facts.unwrap_or_default();
            facts.item_sellers = item_sellers;
            facts.apply(&mut order);
        }
        if !each(order) {
            break;
        }
    }
    Ok(())
}

/// Refunds and returns kept for an order not imported yet: (order id, refunds, returns).
type Waiting = Vec<(String, Vec<Refund>, Vec<Return>)>;

/// The orders of the history a batch names, as imported (without the facts recorded for
/// them), and the refunds and returns kept for those it names that are not there yet. A
/// batch that names a large part of the history reads it in one pass; a small one looks its
/// orders up one by one.
fn read_known(conn: &Connection, batch: &Batch) -> rusqlite::Result<(OrderHistory, Waiting)> {
    let ids = batch.order_ids();
    let stored: i64 = conn.query_row("SELECT count(*) FROM orders", [], |r| r.get(0))?;
    let mut known = OrderHistory::default();
    if stored > 0 && (ids.len() as i64) * 8 >= stored {
        stream(conn, false, &mut |mut order| {
            if ids.contains(order.id.as_str()) {
                order.items.shrink_to_fit();
                order.shipments.shrink_to_fit();
                known.orders.push(order);
            }
            true
        })?;
    } else if stored > 0 {
        for id in &ids {
            if let Some(order) = read_order(conn, id)? {
                known.orders.push(order);
            }
        }
    }
    // Refunds and returns whose order is not imported: few, read in one query each.
    let mut waiting: BTreeMap<String, (Vec<Refund>, Vec<Return>)> = BTreeMap::new();
    let mut refunds = conn.prepare(
        "SELECT order_id, date, amount, currency, refund_id, declined FROM refunds r
         WHERE NOT EXISTS (SELECT 1 FROM orders o WHERE o.id = r.order_id) ORDER BY order_id, key",
    )?;
    for row in refunds.query_map([], refund_row)? {
        let (order_id, refund) = row?;
        if ids.contains(order_id.as_str()) {
            waiting.entry(order_id).or_default().0.push(refund);
        }
    }
    let mut returns = conn.prepare(
        "SELECT order_id, date, amount, currency, reason, resolution, return_id FROM returns r
         WHERE NOT EXISTS (SELECT 1 FROM orders o WHERE o.id = r.order_id) ORDER BY order_id, key",
    )?;
    for row in returns.query_map([], return_row)? {
        let (order_id, ret) = row?;
        if ids.contains(order_id.as_str()) {
            waiting.entry(order_id).or_default().1.push(ret);
        }
    }
    let waiting = waiting
        .into_iter()
        .map(|(id, (refunds, returns))| (id, refunds, returns))
        .collect();
    Ok((known, waiting))
}

/// An order as imported (without the facts recorded for it), with its refunds and returns.
fn read_order(conn: &Connection, id: &str) -> rusqlite::Result<Option<Order>> {
    let mut stmt = conn.prepare_cached(ORDER_SELECT_ONE)?;
    let Some(mut order) = stmt.query_row([id], order_row).optional()? else {
        return Ok(None);
    };
    let currency = order.currency;
    let mut items = conn.prepare_cached(
        "SELECT order_id, asin, title, unit_price, quantity, category, condition, shipped, seller, seller_name FROM items WHERE order_id = ?1 ORDER BY position",
    )?;
    order.items = items
        .query_map([id], |r| item_row(r, currency))?
        .map(|r| r.map(|(_, i)| i))
        .collect::<rusqlite::Result<_>>()?;
    let mut shipments = conn.prepare_cached(
        "SELECT order_id, date, carrier, tracking FROM shipments WHERE order_id = ?1 ORDER BY position",
    )?;
    order.shipments = shipments
        .query_map([id], shipment_row)?
        .map(|r| r.map(|(_, s)| s))
        .collect::<rusqlite::Result<_>>()?;
    (order.refunds, order.returns) = read_refunds_returns(conn, id)?;
    Ok(Some(order))
}

/// The refunds and returns filed under an order id (also those waiting for their order).
fn read_refunds_returns(
    conn: &Connection,
    id: &str,
) -> rusqlite::Result<(Vec<Refund>, Vec<Return>)> {
    let mut refunds = conn.prepare_cached(
        "SELECT order_id, date, amount, currency, refund_id, declined FROM refunds WHERE order_id = ?1 ORDER BY key",
    )?;
    let mut refunds: Vec<Refund> = refunds
        .query_map([id], refund_row)?
        .map(|r| r.map(|(_, x)| x))
        .collect::<rusqlite::Result<_>>()?;
    let mut returns = conn.prepare_cached(
        "SELECT order_id, date, amount, currency, reason, resolution, return_id FROM returns WHERE order_id = ?1 ORDER BY key",
    )?;
    let mut returns: Vec<Return> = returns
        .query_map([id], return_row)?
        .map(|r| r.map(|(_, x)| x))
        .collect::<rusqlite::Result<_>>()?;
    // By date, then key (the sort is stable): the order the streamed history gives.
    refunds.sort_by_key(|r| r.date);
    returns.sort_by_key(|r| r.date);
    Ok((refunds, returns))
}

/// The facts recorded for an order, if any.
fn read_recorded(conn: &Connection, id: &str) -> rusqlite::Result<Option<RecordedFacts>> {
    let mut stmt = conn.prepare_cached(
        "SELECT order_id, promised, no_promised_date, delivered, not_delivered, seller, prime, contacted_seller, returned FROM recorded WHERE order_id = ?1",
    )?;
    let facts = stmt.query_row([id], recorded_row).optional()?;
    let mut items =
        conn.prepare_cached("SELECT asin, seller FROM recorded_items WHERE order_id = ?1")?;
    let item_sellers: Vec<(String, Id)> = items
        .query_map([id], |r| {
            Ok((r.get::<_, String>(0)?, Id::new(&r.get::<_, String>(1)?)))
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(match facts {
        Some((_, mut f)) => {
            f.item_sellers = item_sellers;
            Some(f)
        }
        None if !item_sellers.is_empty() => Some(RecordedFacts {
            item_sellers,
            ..RecordedFacts::default()
        }),
        None => None,
    })
}

const ORDER_SELECT_ONE: &str = "SELECT id, date, marketplace, currency, rank, status, total, shipped, seller_name, carrier, tracking, shipping, replacement FROM orders WHERE id = ?1";
const ORDER_SELECT_ALL: &str = "SELECT id, date, marketplace, currency, rank, status, total, shipped, seller_name, carrier, tracking, shipping, replacement FROM orders ORDER BY id";

/// The rows of a side table that belong to order `id` (they come sorted by order id, as the
/// orders do); rows of orders not imported (refunds waiting for theirs) are passed over.
fn take_for<T>(
    rows: &mut std::iter::Peekable<impl Iterator<Item = rusqlite::Result<(String, T)>>>,
    id: &str,
) -> rusqlite::Result<Vec<T>> {
    let mut out = Vec::new();
    loop {
        match rows.peek() {
            Some(Ok((owner, _))) if owner.as_str() < id => {
                rows.next();
            }
            Some(Ok((owner, _))) if owner == id => {
                if let Some(Ok((_, value))) = rows.next() {
                    out.push(value);
                }
            }
            Some(Err(_)) => {
                return Err(rows
                    .next()
                    .and_then(Result::err)
                    .unwrap_or(rusqlite::Error::InvalidQuery));
            }
            _ => return Ok(out),
        }
    }
}

fn text_err(col: usize, message: String) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(col, rusqlite::types::Type::Text, message.into())
}

fn parse_date_col(text: Option<String>, col: usize) -> rusqlite::Result<Option<NaiveDate>> {
    text.map(|t| crate::date::parse_date(&t).map_err(|e| text_err(col, e)))
        .transpose()
}

fn parse_money_col(
    text: Option<String>,
    currency: Currency,
    col: usize,
) -> rusqlite::Result<Option<Money>> {
    text.map(|t| {
        crate::money::parse_amount(&t)
            .map(|a| Money::new(a, currency))
            .map_err(|e| text_err(col, e))
    })
    .transpose()
}

fn parse_currency(text: &str, col: usize) -> rusqlite::Result<Currency> {
    text.parse::<Currency>().map_err(|e| text_err(col, e))
}

fn order_row(r: &Row<'_>) -> rusqlite::Result<Order> {
    let currency = parse_currency(&r.get::<_, String>(3)?, 3)?;
    let date = parse_date_col(Some(r.get(1)?), 1)?.unwrap_or_default();
    let mut order = Order::new(r.get(0)?, date, r.get(2)?, currency);
    order.rank = Rank::from_number(r.get(4)?);
    order.status = r
        .get::<_, Option<String>>(5)?
        .map(|s| {
            s.parse::<OrderStatus>()
                .map_err(|e| text_err(5, e.to_string()))
        })
        .transpose()?;
    order.recorded_total = parse_money_col(r.get(6)?, currency, 6)?;
    order.shipped = parse_date_col(r.get(7)?, 7)?;
    order.seller_name = r.get(8)?;
    order.carrier = r.get(9)?;
    order.tracking = r.get(10)?;
    order.shipping = parse_money_col(r.get(11)?, currency, 11)?;
    order.replacement = r.get(12)?;
    Ok(order)
}

fn item_row(r: &Row<'_>, currency: Currency) -> rusqlite::Result<(String, Item)> {
    let quantity: i64 = r.get(4)?;
    Ok((
        r.get(0)?,
        Item {
            asin: r.get(1)?,
            title: r.get(2)?,
            unit_price: parse_money_col(r.get(3)?, currency, 3)?,
            quantity: u32::try_from(quantity).unwrap_or(1),
            category: r.get(5)?,
            condition: r
                .get::<_, Option<String>>(6)?
                .map(|c| {
                    c.parse::<ItemCondition>()
                        .map_err(|e| text_err(6, e.to_string()))
                })
                .transpose()?,
            shipped: parse_date_col(r.get(7)?, 7)?,
            seller: r.get::<_, Option<String>>(8)?.map(|s| Id::new(&s)),
            seller_name: r.get(9)?,
        },
    ))
}

fn shipment_row(r: &Row<'_>) -> rusqlite::Result<(String, Shipment)> {
    Ok((
        r.get(0)?,
        Shipment {
            date: parse_date_col(r.get(1)?, 1)?,
            carrier: r.get(2)?,
            tracking: r.get(3)?,
        },
    ))
}

fn refund_row(r: &Row<'_>) -> rusqlite::Result<(String, Refund)> {
    let currency = parse_currency(&r.get::<_, String>(3)?, 3)?;
    Ok((
        r.get(0)?,
        Refund {
            date: parse_date_col(Some(r.get(1)?), 1)?.unwrap_or_default(),
            amount: parse_money_col(Some(r.get(2)?), currency, 2)?
                .unwrap_or(Money::new(rust_decimal::Decimal::ZERO, currency)),
            id: r.get(4)?,
            declined: r.get::<_, i64>(5)? != 0,
        },
    ))
}

fn return_row(r: &Row<'_>) -> rusqlite::Result<(String, Return)> {
    let currency = r
        .get::<_, Option<String>>(3)?
        .map(|c| parse_currency(&c, 3))
        .transpose()?;
    let amount = match currency {
        Some(c) => parse_money_col(r.get(2)?, c, 2)?,
        None => None,
    };
    Ok((
        r.get(0)?,
        Return {
            date: parse_date_col(Some(r.get(1)?), 1)?.unwrap_or_default(),
            amount,
            reason: r.get(4)?,
            resolution: r.get(5)?,
            id: r.get(6)?,
        },
    ))
}

fn recorded_row(r: &Row<'_>) -> rusqlite::Result<(String, RecordedFacts)> {
    Ok((
        r.get(0)?,
        RecordedFacts {
            promised: parse_date_col(r.get(1)?, 1)?,
            no_promised_date: r.get::<_, i64>(2)? != 0,
            delivered: parse_date_col(r.get(3)?, 3)?,
            not_delivered: r.get::<_, i64>(4)? != 0,
            seller: r.get::<_, Option<String>>(5)?.map(|s| Id::new(&s)),
            prime: r.get::<_, Option<i64>>(6)?.map(|p| p != 0),
            contacted_seller: parse_date_col(r.get(7)?, 7)?,
            returned: parse_date_col(r.get(8)?, 8)?,
            item_sellers: Vec::new(),
        },
    ))
}

fn date_text(d: Option<NaiveDate>) -> Option<String> {
    d.map(crate::date::iso)
}

fn money_text(m: Option<Money>) -> Option<String> {
    m.map(|m| m.amount_string())
}

/// Writes an order as imported (its refunds and returns included), replacing what the
/// database held for it (`stored`: it had it); the facts recorded for it are not touched.
/// What an order held in the history before it is written again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Before {
    /// Nothing: a new order, nothing waited for it.
    Nothing,
    /// Refunds and returns that waited for it (they are merged into the order written).
    Waiting,
    /// The order itself: everything it held is replaced.
    Stored,
}

/// The statements an import writes with, prepared once for all its orders.
struct Writer<'t> {
    insert_order: Statement<'t>,
    upsert_order: Statement<'t>,
    clear_items: Statement<'t>,
    clear_shipments: Statement<'t>,
    clear_refunds: Statement<'t>,
    clear_returns: Statement<'t>,
    item: Statement<'t>,
    shipment: Statement<'t>,
    refund: Statement<'t>,
    ret: Statement<'t>,
}

const ORDER_COLUMNS: &str = "INSERT INTO orders (id, date, marketplace, currency, rank, status, total, shipped, seller_name, carrier, tracking, shipping, replacement)
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)";

impl<'t> Writer<'t> {
    fn new(tx: &'t Transaction<'_>) -> rusqlite::Result<Writer<'t>> {
        Ok(Writer {
            insert_order: tx.prepare(ORDER_COLUMNS)?,
            upsert_order: tx.prepare(&format!(
                "{ORDER_COLUMNS}
                 ON CONFLICT (id) DO UPDATE SET date = ?2, marketplace = ?3, currency = ?4, rank = ?5, status = ?6,
                 total = ?7, shipped = ?8, seller_name = ?9, carrier = ?10, tracking = ?11, shipping = ?12, replacement = ?13"
            ))?,
            clear_items: tx.prepare("DELETE FROM items WHERE order_id = ?1")?,
            clear_shipments: tx.prepare("DELETE FROM shipments WHERE order_id = ?1")?,
            clear_refunds: tx.prepare("DELETE FROM refunds WHERE order_id = ?1")?,
            clear_returns: tx.prepare("DELETE FROM returns WHERE order_id = ?1")?,
            item: tx.prepare(
                "INSERT INTO items (order_id, position, line, asin, title, unit_price, quantity, category, condition, shipped, seller, seller_name)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
            )?,
            shipment: tx.prepare(
                "INSERT INTO shipments (order_id, position, date, carrier, tracking) VALUES (?1, ?2, ?3, ?4, ?5)",
            )?,
            refund: tx.prepare(
                "INSERT OR IGNORE INTO refunds (order_id, key, date, amount, currency, refund_id, declined) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?,
            ret: tx.prepare(
                "INSERT OR IGNORE INTO returns (order_id, key, date, amount, currency, reason, resolution, return_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?,
        })
    }

    /// Writes an order whole, replacing what the history held of it.
    fn order(&mut self, o: &Order, before: Before) -> rusqlite::Result<()> {
        let values = params![
            o.id,
            crate::date::iso(o.date),
            o.marketplace,
            o.currency.code(),
            o.rank as i64,
            o.status.map(|s| s.word()),
            money_text(o.recorded_total),
            date_text(o.shipped),
            o.seller_name,
            o.carrier,
            o.tracking,
            money_text(o.shipping),
            o.replacement,
        ];
        if before == Before::Stored {
            self.upsert_order.execute(values)?;
            self.clear_items.execute([&o.id])?;
            self.clear_shipments.execute([&o.id])?;
        } else {
            self.insert_order.execute(values)?;
        }
        if before != Before::Nothing {
            // Refunds and returns are in `o`, merged with what the history had.
            self.clear_refunds.execute([&o.id])?;
            self.clear_returns.execute([&o.id])?;
        }
        for (i, it) in o.items.iter().enumerate() {
            self.item.execute(params![
                o.id,
                i as i64,
                item_key(&o.items, i),
                it.asin,
                it.title,
                money_text(it.unit_price),
                i64::from(it.quantity),
                it.category,
                it.condition.map(|c| c.word()),
                date_text(it.shipped),
                it.seller.as_ref().map(Id::as_str),
                it.seller_name,
            ])?;
        }
        for (i, s) in o.shipments.iter().enumerate() {
            self.shipment.execute(params![
                o.id,
                i as i64,
                date_text(s.date),
                s.carrier,
                s.tracking
            ])?;
        }
        for (i, r) in o.refunds.iter().enumerate() {
            self.refund(&o.id, r, &refund_key(&o.refunds, i))?;
        }
        for (i, r) in o.returns.iter().enumerate() {
            self.ret(&o.id, r, &return_key(&o.returns, i))?;
        }
        Ok(())
    }

    fn refund(&mut self, order_id: &str, r: &Refund, key: &str) -> rusqlite::Result<()> {
        self.refund.execute(params![
            order_id,
            key,
            crate::date::iso(r.date),
            r.amount.amount_string(),
            r.amount.currency.code(),
            r.id,
            i64::from(r.declined),
        ])?;
        Ok(())
    }

    fn ret(&mut self, order_id: &str, r: &Return, key: &str) -> rusqlite::Result<()> {
        self.ret.execute(params![
            order_id,
            key,
            crate::date::iso(r.date),
            money_text(r.amount),
            r.amount.map(|m| m.currency.code()),
            r.reason,
            r.resolution,
            r.id,
        ])?;
        Ok(())
    }

    /// Keeps the refunds and returns whose order is not imported yet, under their natural
    /// keys among those of the same order.
    fn waiting(&mut self, changes: &Changes) -> rusqlite::Result<()> {
        let mut refunds: BTreeMap<&str, Vec<Refund>> = BTreeMap::new();
        for (order_id, refund) in &changes.waiting_refunds {
            refunds.entry(order_id).or_default().push(refund.clone());
        }
        for (order_id, list) in &refunds {
            for (i, refund) in list.iter().enumerate() {
                self.refund(order_id, refund, &refund_key(list, i))?;
            }
        }
        let mut returns: BTreeMap<&str, Vec<Return>> = BTreeMap::new();
        for (order_id, ret) in &changes.waiting_returns {
            returns.entry(order_id).or_default().push(ret.clone());
        }
        for (order_id, list) in &returns {
            for (i, ret) in list.iter().enumerate() {
                self.ret(order_id, ret, &return_key(list, i))?;
            }
        }
        Ok(())
    }
}

fn write_recorded(tx: &Transaction<'_>, order_id: &str, f: &RecordedFacts) -> rusqlite::Result<()> {
    tx.prepare_cached(
        "INSERT INTO recorded (order_id, promised, no_promised_date, delivered, not_delivered, seller, prime, contacted_seller, returned)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
         ON CONFLICT (order_id) DO UPDATE SET promised = ?2, no_promised_date = ?3, delivered = ?4, not_delivered = ?5,
         seller = ?6, prime = ?7, contacted_seller = ?8, returned = ?9",
    )?
    .execute(params![
        order_id,
        date_text(f.promised),
        i64::from(f.no_promised_date),
        date_text(f.delivered),
        i64::from(f.not_delivered),
        f.seller.as_ref().map(|s| s.as_str().to_owned()),
        f.prime.map(i64::from),
        date_text(f.contacted_seller),
        date_text(f.returned),
    ])?;
    tx.prepare_cached("DELETE FROM recorded_items WHERE order_id = ?1")?
        .execute([order_id])?;
    let mut items = tx.prepare_cached(
        "INSERT OR REPLACE INTO recorded_items (order_id, asin, seller) VALUES (?1, ?2, ?3)",
    )?;
    for (asin, seller) in &f.item_sellers {
        items.execute(params![order_id, asin, seller.as_str()])?;
    }
    Ok(())
}
