//! Throughput of the decision engine and of `claim check --batch`'s per-case work.
//!
//! Run with `cargo bench --bench engine`. It evaluates a mix of cases (every problem kind,
//! every seller type, known and unknown facts) and prints cases per second for: the engine
//! alone; engine + report (texts, deadlines, trace, drafted message); and the full batch
//! line (parse the JSON case, evaluate, build the report, serialise it).

#![allow(clippy::print_stdout)]

use std::hint::black_box;
use std::time::Instant;

use claim::draft::CaseLabel;
use claim::engine::evaluate;
use claim::engine::input::CaseInput;
use claim::policy::{LoadOptions, load_builtin};
use claim::report;

fn cases() -> Vec<String> {
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
    let mut out = Vec::new();
    for i in 0..840usize {
        let problem = problems[i % problems.len()];
        let seller = sellers[(i / 7) % sellers.len()];
        let day = 1 + i % 25;
        let severity = ["minor", "major"][(i / 21) % 2];
        let mut case = format!(
            r#"{{"id": {i}, "problem": "{problem}", "seller": "{seller}", "severity": "{severity}", "price": "{}.99", "ordered": "2026-10-{day:02}", "promised": "2026-11-{day:02}""#,
            5 + i % 300
        );
        if problem != "not-received" && i % 5 != 0 {
            case.push_str(&format!(
                r#", "delivered": "2026-11-{:02}""#,
                (day + i % 3).min(26)
            ));
        }
        if problem == "returned-not-refunded" {
            case.push_str(r#", "returned": "2026-11-26""#);
        }
        case.push('}');
        out.push(case);
    }
    out
}

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
    let lines = cases();
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
            black_box(report::build(policy, &d, &label, "fr").expect("report"));
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
            let r = report::build(policy, &d, &label, "fr").expect("report");
            out.clear();
            serde_json::to_writer(&mut out, &r).expect("json");
            bytes += out.len();
        }
    }
    rate("batch line (parse, evaluate, report, JSON)", n, start);
    println!("average output line: {} bytes", bytes / n);
}
