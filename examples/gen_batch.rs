//! Writes N synthetic `claim check --batch` cases (JSON Lines) to stdout, for benchmarks.
//!
//! ```sh
//! cargo run --release --example gen_batch -- 100000 > /tmp/cases.jsonl
//! ```
//!
//! The cases come from `examples/support/batch_cases.rs` (the same mix `cargo bench` uses),
//! all valid as of 2026-11-26 (run the batch with `--today 2026-11-26`).

#![allow(clippy::print_stdout)]

use std::io::{BufWriter, Write};

#[path = "support/batch_cases.rs"]
mod batch_cases;

fn main() -> std::io::Result<()> {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(100_000);
    let mut out = BufWriter::new(std::io::stdout().lock());
    for line in batch_cases::lines(n) {
        out.write_all(line.as_bytes())?;
        out.write_all(b"\n")?;
    }
    out.flush()
}
