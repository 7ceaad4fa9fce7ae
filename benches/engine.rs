//! Throughput of the decision engine and of `claim check --batch`'s per-case work.
//!
//! Run with `cargo bench --bench engine`. It evaluates a mix of cases (every problem kind,
//! every seller type, known and unknown facts) and prints cases per second for: the engine
//! alone; engine + report (texts, deadlines, trace, drafted message); and the full batch
//! line (parse the JSON case, evaluate, build the report, serialise it).

#![allow(clippy::print_stdout)]

use std::hint::black_box;
use std::time::Instant;

use claim::case::CaseInput;
use claim::draft::CaseLabel;
use claim::engine::evaluate;
use claim::policy::{LoadOptions, load_builtin};
use claim::report;

#[path = "../examples/support/batch_cases.rs"]
mod batch_cases;

fn rate(label: &str, n: usize, start: Instant) {
    let secs = start.elapsed().as_secs_f64();
    println!(
        "{label:<44} {:>10.0} cases/s  ({n} cases in {secs:.3} s)",
        n as f64 / secs
    );
}

fn main() {
    let loaded = load_builtin("amazon-fr", &LoadOptions::default())
        .expect("built in")
        .expect("loads");
    let policy = &loaded.policy;
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 26).expect("date");
    let lines: Vec<String> = batch_cases::lines(840).collect();
    let inputs: Vec<CaseInput> = lines
        .iter()
        .map(|l| serde_json::from_str(l).expect("case"))
        .collect();
    let facts: Vec<_> = inputs
        .iter()
        .map(|i| i.to_facts(None, policy.currency).expect("facts"))
        .collect();
    let label = CaseLabel::default();
    let rounds = 120;
    let n = facts.len() * rounds;

    let start = Instant::now();
    for _ in 0..rounds {
        for f in &facts {
            black_box(evaluate(policy, f, today));
        }
    }
    rate("engine (evaluate)", n, start);

    let start = Instant::now();
    for _ in 0..rounds {
        for f in &facts {
            let d = evaluate(policy, f, today);
            black_box(report::build(policy, &d, &label, claim::lang::Lang::Fr).expect("report"));
        }
    }
    rate("engine + report (texts, trace, message)", n, start);

    let start = Instant::now();
    let mut out = Vec::with_capacity(1 << 20);
    let mut bytes = 0;
    for _ in 0..rounds {
        for line in &lines {
            let input: CaseInput = serde_json::from_str(line).expect("case");
            let f = input.to_facts(None, policy.currency).expect("facts");
            let d = evaluate(policy, &f, today);
            let r = report::build(policy, &d, &label, claim::lang::Lang::Fr).expect("report");
            out.clear();
            serde_json::to_writer(&mut out, &r).expect("json");
            bytes += out.len();
        }
    }
    rate("batch line (parse, evaluate, report, JSON)", n, start);
    println!("average output line: {} bytes", bytes / n);
}
