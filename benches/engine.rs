//! Throughput of the decision engine and of `claim check --batch`'s per-case work.
//!
//! Run with `cargo bench --bench engine`. It evaluates a mix of cases (every problem kind,
//! every seller type, known and unknown facts) and prints cases per second for: loading the
//! built-in policy; the engine alone, full and brief; engine + report (texts, deadlines,
//! trace, drafted message); the escalation letter of every level; and the batch line, full
//! and `--brief` (parse the JSON case, evaluate, build the document, serialise it).

#![allow(clippy::print_stdout)]

use std::hint::black_box;
use std::time::Instant;

use claim::case::CaseInput;
use claim::draft;
use claim::draft::CaseLabel;
use claim::engine::{Detail, evaluate, evaluate_with};
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
    let start = Instant::now();
    let loads = 40;
    for _ in 0..loads {
        black_box(load_builtin("amazon-fr", &LoadOptions::default()));
    }
    rate("policy load (built-in amazon-fr)", loads, start);
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
            black_box(evaluate_with(policy, f, today, Detail::Brief));
        }
    }
    rate("engine (evaluate, brief)", n, start);

    let start = Instant::now();
    for _ in 0..rounds {
        for f in &facts {
            let d = evaluate(policy, f, today);
            black_box(report::build(policy, &d, &label, claim::lang::Lang::Fr).expect("report"));
        }
    }
    rate("engine + report (texts, trace, message)", n, start);

    // Every level's letter for the eligible cases (the ladder's texts, the longest).
    let eligible: Vec<_> = facts
        .iter()
        .map(|f| evaluate(policy, f, today))
        .filter(|d| d.status == claim::vocab::Status::Eligible)
        .collect();
    let start = Instant::now();
    let mut letters = 0;
    for _ in 0..(rounds / 10).max(1) {
        for d in &eligible {
            let ctx = draft::context(policy, d, &label, claim::lang::Lang::Fr);
            for level in 1..policy.ladder.len() {
                black_box(draft::letter(policy, &ctx, d, claim::lang::Lang::Fr, level).ok());
                letters += 1;
            }
        }
    }
    rate("letter (context and one escalation letter)", letters, start);

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

    let start = Instant::now();
    for _ in 0..rounds {
        for line in &lines {
            let input: CaseInput = serde_json::from_str(line).expect("case");
            let f = input.to_facts(None, policy.currency).expect("facts");
            let d = evaluate_with(policy, &f, today, Detail::Brief);
            out.clear();
            serde_json::to_writer(&mut out, &report::brief(policy, &d)).expect("json");
        }
    }
    rate("batch line, --brief (parse, evaluate, JSON)", n, start);
}
