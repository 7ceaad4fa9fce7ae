//! Entry points for the fuzz targets in `fuzz/` (one per untrusted input): each takes the
//! bytes libFuzzer makes up and runs the parser the program runs on such input, ignoring
//! its verdict. A panic, an abort or a hang is the finding; an error is the expected answer.
//!
//! Kept in the library so the targets stay one line each and a crash found by the fuzzer
//! becomes a regression test calling the same function on stable (`tests/cli/fuzzed.rs`).

use std::path::Path;

use chrono::NaiveDate;

use crate::app::Settings;
use crate::app::catalogue::Catalogue;
use crate::app::decide::decide_with;
use crate::app::orders::Orders;
use crate::case::CaseInput;
use crate::config::Config;
use crate::engine::Detail;
use crate::orders::import::{ImportOptions, LocalZone};
use crate::policy::condition::{self, Scope};
use crate::policy::load::LoadOptions;
use crate::policy::template::Templates;
use crate::source::SourceText;

/// The day every target decides as of.
fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 26).unwrap_or_default()
}

fn text(data: &[u8]) -> Option<&str> {
    std::str::from_utf8(data).ok()
}

/// A policy file (TOML): parsed, validated, its conditions and templates compiled.
pub fn policy(data: &[u8]) {
    if let Some(text) = text(data) {
        let options = LoadOptions {
            today: Some(today()),
            ..LoadOptions::default()
        };
        let _ = crate::policy::load::load(SourceText::new("fuzz.toml", text), &options);
    }
}

/// One rule condition (`days_late >= 3 and …`), in a policy with one deadline and one
/// piece of evidence.
pub fn condition(data: &[u8]) {
    if let Some(text) = text(data) {
        let params = std::collections::BTreeMap::new();
        let deadlines = ["return_window".to_owned()];
        let evidence = ["photos".to_owned()];
        let scope = Scope {
            params: &params,
            deadlines: &deadlines,
            evidence: &evidence,
            sellers: &["amazon", "third-party"],
            membership: true,
            currency: crate::money::Currency::USD,
        };
        let _ = condition::parse(text, &scope);
    }
}

/// A message or letter template: compiled, checked and rendered with a case's context.
pub fn template(data: &[u8]) {
    if let Some(text) = text(data) {
        let mut templates = Templates::default();
        if templates.add("fuzz".to_owned(), text.to_owned()).is_ok() {
            let context = minijinja::context! {
                order => minijinja::context! { id => "171-0000000-0000000", total => "12.00 EUR" },
                item => minijinja::context! { title => "A \"quoted\" title {{ x }}" },
                deadlines => minijinja::context! { return_window => "2026-12-26" },
                days_late => 4,
            };
            let _ = templates.render("fuzz", context);
        }
    }
}

/// A hand-written order file (TOML).
pub fn order_file(data: &[u8]) {
    if let Some(text) = text(data) {
        let _ = crate::orders::parse_native(&SourceText::new("fuzz.toml", text));
    }
}

/// A history `claim orders export --format jsonl` wrote, line by line.
pub fn order_lines(data: &[u8]) {
    if let Some(text) = text(data) {
        for line in text.lines() {
            let _ = crate::orders::jsonl::parse_line(line);
        }
    }
}

/// An Amazon export: a CSV or JSON file recognised by its header, or a zip of them.
pub fn export(data: &[u8]) {
    let currency_for = |site: &str| (site == "amazon.fr").then_some(crate::money::Currency::EUR);
    let options = ImportOptions {
        zone: LocalZone::utc(),
        currency_for: &currency_for,
        marketplace: None,
        today: today(),
        progress: None,
        imported_on: None,
    };
    if let Ok(batch) = crate::orders::import::read_bytes("fuzz", data, &options) {
        let mut history = crate::orders::OrderHistory::default();
        crate::orders::import::merge(&mut history, batch);
    }
}

/// One line of `claim check --batch`: read, decided with the built-in policies, reported in
/// full and in brief.
pub fn batch_line(data: &[u8]) {
    let Some(line) = text(data) else { return };
    let Ok(input) = serde_json::from_str::<CaseInput>(line) else {
        return;
    };
    let settings = Settings {
        today: today(),
        lang: None,
        locale: None,
        policy: None,
        config: Config::default(),
        config_file: None,
        data_dir: Path::new("/nonexistent/claim-fuzz").to_owned(),
        orders: Vec::new(),
    };
    let mut catalogue = Catalogue::new(&settings);
    let mut orders = Orders::new(&settings);
    let Ok(decided) = decide_with(
        &settings,
        &mut catalogue,
        &mut orders,
        &input,
        today(),
        None,
        Detail::Full,
    ) else {
        return;
    };
    let policy = catalogue.policy(decided.policy);
    let lang = policy.lang(None);
    if let Ok(report) = crate::report::build(policy, &decided.decision, &decided.label, lang) {
        let _ = crate::json::to_string(&report);
    }
    let _ = crate::json::to_string(&crate::report::brief(policy, &decided.decision));
}

/// The case journal (`journal.toml`).
pub fn journal(data: &[u8]) {
    if let Some(text) = text(data) {
        let _ = crate::journal::Journal::parse(Path::new("journal.toml"), text);
    }
}

/// The configuration file (`config.toml`).
pub fn config(data: &[u8]) {
    if let Some(text) = text(data) {
        let _ = Config::parse(&SourceText::new("config.toml", text));
    }
}
