//! The baseline for import benchmarks: a bare `csv` crate pass that only counts records.
//!
//! ```sh
//! cargo run --release --example csv_count -- "/tmp/Order History.csv"
//! ```

#![allow(clippy::print_stdout)]

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).ok_or("usage: csv_count FILE")?;
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_path(path)?;
    let mut record = csv::ByteRecord::new();
    let mut count = 0u64;
    while reader.read_byte_record(&mut record)? {
        count += 1;
    }
    println!("{count} records");
    Ok(())
}
