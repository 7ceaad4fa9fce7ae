//! Synthetic `claim check --batch` cases, shared by `examples/gen_batch.rs` and
//! `benches/engine.rs` so that the benchmark and the end-to-end script measure the same mix.
//!
//! The mix covers every problem kind and seller type on amazon-fr, with known and unknown
//! facts, all valid as of 2026-11-26. A small linear congruential generator keeps it
//! deterministic without a dependency.

const PROBLEMS: [&str; 7] = [
    "late-delivery",
    "not-received",
    "damaged",
    "defective",
    "not-as-described",
    "missing-parts",
    "returned-not-refunded",
];
const SELLERS: [&str; 3] = ["amazon", "fba", "third-party"];

/// The first `n` cases, one JSON object per string (no trailing newline).
pub fn lines(n: usize) -> impl Iterator<Item = String> {
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move |modulo: u64| {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (state >> 33) % modulo
    };
    (0..n).map(move |i| {
        let problem = PROBLEMS[next(7) as usize];
        let seller = SELLERS[next(3) as usize];
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
        line.push('}');
        line
    })
}
