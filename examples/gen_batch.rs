//! Writes N synthetic `claim check --batch` cases (JSON Lines) to stdout, for benchmarks.
//!
//! ```sh
//! cargo run --release --example gen_batch -- 100000 > /tmp/cases.jsonl
//! ```
//!
//! The mix covers every problem kind and seller type on amazon-fr, with known and unknown
//! facts, all valid as of 2026-11-26 (run the batch with `--today 2026-11-26`).

#![allow(clippy::print_stdout)]

use std::io::{BufWriter, Write};

fn main() -> std::io::Result<()> {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(100_000);
    let problems = [
        "late-delivery",
        "not-received",
        "damaged",
        "defective",
        "not-as-described",
        "missing-parts",
        "returned-not-refunded",
    ];
    let sellers = ["amazon", "fba", "third-party"];
    let mut out = BufWriter::new(std::io::stdout().lock());
    // A small linear congruential generator: deterministic, no dependency.
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = |modulo: u64| {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (state >> 33) % modulo
    };
    for i in 0..n {
        let problem = problems[next(7) as usize];
        let seller = sellers[next(3) as usize];
        let day = 1 + next(20);
        let mut line = format!(
            r#"{{"id":{i},"problem":"{problem}","seller":"{seller}","price":"{}.{:02}","ordered":"2026-10-{day:02}","promised":"2026-11-{day:02}""#,
            1 + next(400),
            next(100)
        );
        if next(5) > 0 {
            line.push_str(&format!(
                r#","severity":"{}""#,
                ["minor", "major"][next(2) as usize]
            ));
        }
        match problem {
            "not-received" => {}
            "returned-not-refunded" => {
                line.push_str(&format!(
                    r#","delivered":"2026-11-{day:02}","returned":"2026-11-{:02}""#,
                    day + next(6)
                ));
            }
            _ if next(5) > 0 => {
                line.push_str(&format!(r#","delivered":"2026-11-{:02}""#, day + next(6)))
            }
            _ => {}
        }
        if seller == "third-party" && next(2) == 0 {
            line.push_str(&format!(
                r#","contacted_seller":"2026-11-{:02}""#,
                20 + next(6)
            ));
        }
        line.push_str("}\n");
        out.write_all(line.as_bytes())?;
    }
    out.flush()
}
