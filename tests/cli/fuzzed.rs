//! The fuzz targets' inputs, replayed on stable: every seed in `fuzz/seeds/TARGET/` and every
//! input the fuzzer found a crash or hang with, kept in `tests/fixtures/fuzzed/TARGET/` (see
//! `scripts/fuzz.sh`). Each must be answered — an error is an answer — without a panic,
//! quickly.

use std::path::Path;
use std::time::{Duration, Instant};

/// What a fuzz target runs on its input.
type Target = fn(&[u8]);

/// Every target and the function it fuzzes.
const TARGETS: &[(&str, Target)] = &[
    ("policy", claim::fuzzing::policy),
    ("condition", claim::fuzzing::condition),
    ("template", claim::fuzzing::template),
    ("order_file", claim::fuzzing::order_file),
    ("order_lines", claim::fuzzing::order_lines),
    ("export", claim::fuzzing::export),
    ("export_zip", claim::fuzzing::export),
    ("batch_line", claim::fuzzing::batch_line),
    ("journal", claim::fuzzing::journal),
    ("config", claim::fuzzing::config),
];

/// The folders of a target's inputs: its seeds, the project files `scripts/fuzz.sh` seeds
/// it with, and the inputs it broke.
fn folders(target: &str) -> Vec<String> {
    let mut dirs = vec![
        format!("fuzz/seeds/{target}"),
        format!("tests/fixtures/fuzzed/{target}"),
    ];
    let project: &[&str] = match target {
        "policy" => &["policies", "tests/fixtures/policies"],
        "order_file" => &["examples"],
        "export" => &[
            "examples/exports/a/Your Orders/Your Amazon Orders",
            "examples/exports/b/Retail.OrderHistory.1",
            "examples/exports/b-json/Retail.OrderHistory.1.json",
            "examples/exports/c",
            "examples/exports/d",
            "tests/fixtures/bad",
            "tests/fixtures/quirks",
            "tests/fixtures/pitfalls",
        ],
        _ => &[],
    };
    dirs.extend(project.iter().map(|d| (*d).to_owned()));
    dirs
}

/// The files of a folder (not below), in order.
fn inputs(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut found: Vec<(String, Vec<u8>)> = entries
        .map(|e| e.expect("entry").path())
        .filter(|p| p.is_file())
        .map(|p| (p.display().to_string(), std::fs::read(&p).expect("input")))
        .collect();
    found.sort();
    found
}

#[test]
fn every_seed_and_every_input_the_fuzzer_broke_is_answered() {
    let mut replayed = 0;
    for (target, run) in TARGETS {
        for dir in folders(target) {
            for (name, bytes) in inputs(Path::new(&dir)) {
                let start = Instant::now();
                run(&bytes);
                // Debug builds are slow: a hang is minutes, an answer milliseconds.
                assert!(
                    start.elapsed() < Duration::from_secs(10),
                    "{name} took {:?}",
                    start.elapsed()
                );
                replayed += 1;
            }
        }
    }
    assert!(
        replayed > 100,
        "only {replayed} inputs: are the seeds there?"
    );
}
