//! A floor for import benchmarks: the same `csv` pass as `csv_count`, writing one SQLite row
//! per record (its order id, ASIN, title, price and ship date, under an `(order id, line)`
//! key) and one row per order, sorted by order id, in one transaction — no parsing, no
//! merging, no checks.
//! Whatever an importer that keeps a normalized history does, it cannot beat this.
//!
//! ```sh
//! cargo run --release --example sqlite_floor -- "/tmp/Order History.csv" /tmp/floor.sqlite
//! ```

#![allow(clippy::print_stdout)]

use rusqlite::{Connection, params};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let (Some(csv_path), Some(db_path)) = (args.next(), args.next()) else {
        return Err("usage: sqlite_floor FILE.csv DATABASE".into());
    };
    let _ = std::fs::remove_file(&db_path);
    let mut conn = Connection::open(&db_path)?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.execute_batch(
        "CREATE TABLE orders (id TEXT PRIMARY KEY, date TEXT NOT NULL) WITHOUT ROWID;
         CREATE TABLE items (order_id TEXT NOT NULL, line TEXT NOT NULL, title TEXT NOT NULL,
             unit_price TEXT, shipped TEXT, PRIMARY KEY (order_id, line)) WITHOUT ROWID;",
    )?;
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_path(csv_path)?;
    let headers = reader.headers()?.clone();
    let col = |name: &str| {
        headers
            .iter()
            .position(|h| h.trim_start_matches('\u{feff}') == name)
    };
    let (Some(id), Some(date), Some(asin), Some(title), Some(price), Some(shipped)) = (
        col("Order ID"),
        col("Order Date"),
        col("ASIN"),
        col("Product Name"),
        col("Unit Price"),
        col("Ship Date"),
    ) else {
        return Err("not an Order History.csv".into());
    };
    // Sorted by order id, as the importer writes: the B-trees grow at their end.
    let mut records = Vec::new();
    let mut record = csv::StringRecord::new();
    while reader.read_record(&mut record)? {
        let get = |i: usize| record.get(i).unwrap_or_default().to_owned();
        records.push([
            get(id),
            get(date),
            get(asin),
            get(title),
            get(price),
            get(shipped),
        ]);
    }
    records.sort_unstable_by(|a, b| a[0].cmp(&b[0]));
    let tx = conn.transaction()?;
    let mut rows = 0u64;
    {
        let mut order = tx.prepare("INSERT OR IGNORE INTO orders (id, date) VALUES (?1, ?2)")?;
        let mut item = tx.prepare(
            "INSERT OR IGNORE INTO items (order_id, line, title, unit_price, shipped) VALUES (?1, ?2, ?3, ?4, ?5)",
        )?;
        for [id, date, asin, title, price, shipped] in &records {
            order.execute(params![id, date])?;
            let line = format!("{asin}|{rows}");
            item.execute(params![id, line, title, price, shipped])?;
            rows += 1;
        }
    }
    tx.commit()?;
    println!("{rows} records written");
    Ok(())
}
