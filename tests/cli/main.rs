//! End-to-end tests of the `claim` binary: every outside input pinned (data dir, config,
//! today, colour), JSON parsed back into the library's typed structs.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Child, Command, Output, Stdio};
use std::time::Duration;

use claim::report::Report;

mod batch;
mod config;
mod drafts;
mod fuzzed;
mod history;
mod journal;
mod new;
mod orders;
mod policies;
mod properties;
mod protects;
mod screens;

/// A sandbox with its own data dir and config, never the real home.
struct Sandbox {
    dir: tempfile::TempDir,
}

impl Sandbox {
    fn new() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join("config.toml"), "").expect("config");
        Sandbox { dir }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn write(&self, name: &str, text: &str) -> PathBuf {
        let p = self.path(name);
        std::fs::write(&p, text).expect("write");
        p
    }

    fn cmd(&self) -> Run {
        Run {
            cmd: self.pinned(Command::new(env!("CARGO_BIN_EXE_claim"))),
            stdin: None,
            limit: Duration::from_secs(300),
        }
    }

    /// A command with every outside input pinned to this sandbox (`claim` itself, or a
    /// shell that runs it).
    fn pinned(&self, mut c: Command) -> Command {
        c.env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", self.path("home"))
            .env("CLAIM_DATA_DIR", self.path("data"))
            .env("CLAIM_CONFIG", self.path("config.toml"))
            .env("CLAIM_TODAY", "2026-11-26")
            .env("NO_COLOR", "1")
            .env("COLUMNS", "120")
            .current_dir(env!("CARGO_MANIFEST_DIR"));
        c
    }
}

struct Run {
    cmd: Command,
    stdin: Option<String>,
    /// How long it may run: a command that hangs fails its test instead of hanging it.
    limit: Duration,
}

impl Run {
    fn args<I: IntoIterator<Item = S>, S: AsRef<std::ffi::OsStr>>(mut self, args: I) -> Self {
        self.cmd.args(args);
        self
    }

    fn arg(mut self, a: impl AsRef<std::ffi::OsStr>) -> Self {
        self.cmd.arg(a);
        self
    }

    fn env(mut self, k: &str, v: impl AsRef<std::ffi::OsStr>) -> Self {
        self.cmd.env(k, v);
        self
    }

    fn env_remove(mut self, k: &str) -> Self {
        self.cmd.env_remove(k);
        self
    }

    fn stdin(mut self, text: &str) -> Self {
        self.stdin = Some(text.to_owned());
        self
    }

    /// Fails the test if the command runs longer than `limit` (default: five minutes).
    fn within(mut self, limit: Duration) -> Self {
        self.limit = limit;
        self
    }

    fn run(mut self) -> Done {
        self.cmd
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = self.cmd.spawn().expect("spawn claim");
        // Written from another thread: a command that answers as it reads (a batch) fills
        // its output pipe while its input is still being written.
        let writer = self.stdin.take().map(|text| {
            let mut stdin = child.stdin.take().expect("stdin");
            std::thread::spawn(move || stdin.write_all(text.as_bytes()))
        });
        drop(child.stdin.take());
        let out = wait_within(child, self.limit);
        if let Some(writer) = writer {
            // A command may exit without reading all its input (an error on the first line).
            let _ = writer.join().expect("stdin writer");
        }
        let done = Done(out);
        assert!(
            !done.stderr().contains("panicked"),
            "panic:\n{}",
            done.stderr()
        );
        done
    }
}

/// `wait_with_output`, killing the child and failing the test past `limit`.
fn wait_within(child: Child, limit: Duration) -> Output {
    let id = child.id();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(child.wait_with_output());
    });
    match rx.recv_timeout(limit) {
        Ok(output) => output.expect("wait"),
        Err(_) => {
            let _ = Command::new("kill").arg("-9").arg(id.to_string()).status();
            panic!("still running after {limit:?}");
        }
    }
}

struct Done(Output);

impl Done {
    fn code(&self) -> i32 {
        self.0.status.code().unwrap_or(-1)
    }
    fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.0.stdout).into_owned()
    }
    fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.0.stderr).into_owned()
    }
    fn report(&self) -> Report<'static> {
        serde_json::from_slice(&self.0.stdout)
            .unwrap_or_else(|e| panic!("not a report ({e}):\n{}\n{}", self.stdout(), self.stderr()))
    }
    /// stdout and stderr together, whatever the exit code.
    fn run_ok(&self) -> String {
        self.stdout() + &self.stderr()
    }

    fn expect_code(self, code: i32) -> Self {
        assert_eq!(
            self.code(),
            code,
            "stdout:\n{}\nstderr:\n{}",
            self.stdout(),
            self.stderr()
        );
        self
    }

    /// Asserts that stderr says `what` (an error or warning the command must give).
    fn says(&self, what: &str) {
        let err = self.stderr();
        assert!(err.contains(what), "expected `{what}` on stderr:\n{err}");
    }
}

fn check_json(sb: &Sandbox, args: &[&str]) -> Done {
    sb.cmd().args(["check", "--json"]).args(args).run()
}

const DEMO: &str = "examples/orders.toml";

/// The demo's coffee machine, damaged in transit: the case many tests start from.
const COFFEE: &[&str] = &[
    "--orders",
    DEMO,
    "--order",
    "402-8765432-1122334",
    "--problem",
    "damaged",
    "--severity",
    "major",
];

// --- The decisions the core must get right (amazon-fr, --today 2026-11-26) -------------------

#[test]
fn lost_parcel_sold_by_amazon_is_refunded_or_replaced_without_return() {
    let sb = Sandbox::new();
    let r = check_json(
        &sb,
        &[
            "--problem",
            "not-received",
            "--seller",
            "amazon",
            "--promised",
            "2026-11-12",
            "--price",
            "59.99",
        ],
    )
    .expect_code(0)
    .report();
    let rec = r.recommendation.expect("recommendation");
    assert_eq!(rec.kind.word(), "full-refund");
    assert!(!rec.return_required);
    assert_eq!(
        rec.amount.map(|m| (m.amount_string(), m.currency.code())),
        Some(("59.99".into(), "EUR"))
    );
    assert!(
        r.alternatives
            .iter()
            .any(|a| a.kind.word() == "replacement" && !a.return_required)
    );
    // The carrier is the seller's business (L221-15); the repealed numbering is never cited.
    assert!(r.legal.iter().any(|l| l.citation.contains("L221-15")));
    assert!(!r.legal.iter().any(|l| l.citation.contains("L216-2")));
}

#[test]
fn major_transport_damage_gets_replacement_or_refund_with_seller_paid_return() {
    let sb = Sandbox::new();
    let r = check_json(&sb, COFFEE).expect_code(0).report();
    let rec = r.recommendation.expect("recommendation");
    assert_eq!(rec.kind.word(), "replacement");
    assert_eq!(
        rec.return_shipping_paid_by.map(|p| p.word()),
        Some("seller")
    );
    let refund = r
        .alternatives
        .iter()
        .find(|a| a.kind.word() == "full-refund")
        .expect("refund alternative");
    assert_eq!(
        refund.return_shipping_paid_by.map(|p| p.word()),
        Some("seller")
    );
    assert_eq!(r.order.id.as_deref(), Some("402-8765432-1122334"));
    assert_eq!(r.order.item.as_deref(), Some("B08KTZ8249"));
    let message = r.message.expect("message");
    assert!(
        message.body.contains("402-8765432-1122334"),
        "{}",
        message.body
    );
    assert!(message.body.contains("Machine à café"), "{}", message.body);
}

#[test]
fn a_small_defect_gets_a_partial_refund() {
    let sb = Sandbox::new();
    let r = check_json(
        &sb,
        &[
            "--problem",
            "defective",
            "--severity",
            "minor",
            "--seller",
            "amazon",
            "--delivered",
            "2026-11-15",
            "--price",
            "59.99",
        ],
    )
    .expect_code(0)
    .report();
    let rec = r.recommendation.expect("recommendation");
    assert_eq!(rec.kind.word(), "partial-refund");
    assert_eq!(
        rec.amount.map(|m| m.amount_string()).as_deref(),
        Some("12.00")
    );
}

#[test]
fn a_few_days_late_with_prime_is_a_goodwill_credit_not_a_right() {
    let sb = Sandbox::new();
    let r = check_json(
        &sb,
        &[
            "--orders",
            DEMO,
            "--order",
            "403-5550123-9876543",
            "--problem",
            "late-delivery",
        ],
    )
    .expect_code(0)
    .report();
    let rec = r.recommendation.expect("recommendation");
    assert_eq!(rec.kind.word(), "account-credit");
    assert_eq!(rec.basis.word(), "goodwill");
    assert!(r.alternatives.iter().all(|a| a.basis.word() == "goodwill"));
}

#[test]
fn the_delay_in_the_message_agrees_in_number_in_both_languages() {
    let sb = Sandbox::new();
    let message = |delivered: &str, lang: &str| {
        let r = check_json(
            &sb,
            &[
                "--problem",
                "late-delivery",
                "--seller",
                "amazon",
                "--price",
                "35",
                "--ordered",
                "2026-11-18",
                "--promised",
                "2026-11-20",
                "--delivered",
                delivered,
                "--lang",
                lang,
            ],
        )
        .expect_code(0)
        .report();
        r.message.expect("an eligible case has a message").body
    };
    assert!(message("2026-11-21", "fr").contains("avec 1 jour de retard."));
    assert!(message("2026-11-23", "fr").contains("avec 3 jours de retard."));
    assert!(message("2026-11-21", "en").contains(", 1 day late."));
    assert!(message("2026-11-23", "en").contains(", 3 days late."));
}

#[test]
fn a_cheap_defective_item_is_refunded_without_return_below_a_configurable_threshold() {
    let sb = Sandbox::new();
    let args = [
        "--orders",
        DEMO,
        "--order",
        "409-9090909-1010101",
        "--problem",
        "defective",
    ];
    let r = check_json(&sb, &args).expect_code(0).report();
    let rec = r.recommendation.expect("recommendation");
    assert_eq!(
        (rec.kind.word(), rec.basis.word()),
        ("refund-without-return", "goodwill")
    );
    assert!(!rec.return_required);

    // The threshold is a policy parameter the user can lower in their config.
    sb.write(
        "config.toml",
        "[params.amazon-fr]\nreturnless_max = \"5.00\"\n",
    );
    let r = check_json(&sb, &args).expect_code(0).report();
    assert_ne!(
        r.recommendation.map(|x| x.kind.word()),
        Some("refund-without-return")
    );
}

#[test]
fn a_defect_eight_months_after_delivery_is_covered_by_the_legal_guarantee() {
    let sb = Sandbox::new();
    let r = check_json(
        &sb,
        &[
            "--orders",
            DEMO,
            "--order",
            "405-1928374-5566778",
            "--problem",
            "defective",
            "--severity",
            "major",
        ],
    )
    .expect_code(0)
    .report();
    let rec = r.recommendation.expect("recommendation");
    assert_eq!(rec.basis.word(), "legal-right");
    assert!(["repair", "replacement"].contains(&rec.kind.word()));
    assert!(r.alternatives.iter().any(|a| a.kind.word() == "repair"));
    let window = r
        .deadlines
        .iter()
        .find(|d| d.id == "return_window")
        .expect("return window");
    assert!(window.days_left < 0, "the return window is closed");
    assert!(
        r.rejected
            .iter()
            .any(|x| x.rule == "defective-replacement" && x.why.contains("return_window is open"))
    );
}

#[test]
fn three_years_after_delivery_only_hidden_defects_remain() {
    let sb = Sandbox::new();
    let args = |problem: &'static str| {
        [
            "--problem",
            problem,
            "--severity",
            "major",
            "--seller",
            "amazon",
            "--delivered",
            "2023-09-01",
            "--price",
            "189",
        ]
    };
    // Transport damage three years on: every window is closed.
    let r = check_json(&sb, &args("damaged")).expect_code(1).report();
    assert_eq!(r.status.word(), "ineligible");
    assert!(r.recommendation.is_none() && r.message.is_none());
    assert!(!r.rejected.is_empty());
    // A defect: the legal guarantee has expired, the hidden-defects warranty has not.
    let r = check_json(&sb, &args("defective")).expect_code(0).report();
    let rec = r.recommendation.expect("recommendation");
    assert_eq!(rec.rule, "hidden-defect");
    assert!(r.legal.iter().any(|l| l.citation.contains("1641")));
    assert!(!r.legal.iter().any(|l| l.citation.contains("L217-3")));
}

#[test]
fn late_delivery_with_unknown_promised_date_is_undetermined_and_names_it() {
    let sb = Sandbox::new();
    let r = check_json(
        &sb,
        &[
            "--problem",
            "late-delivery",
            "--seller",
            "amazon",
            "--delivered",
            "2026-11-23",
            "--price",
            "35",
        ],
    )
    .expect_code(3)
    .report();
    assert_eq!(r.status.word(), "undetermined");
    assert!(
        r.missing_facts.iter().any(|m| m == "promised"),
        "{:?}",
        r.missing_facts
    );
    assert!(r.recommendation.is_none() && r.message.is_none());
}

#[test]
fn third_party_seller_not_contacted_yet_means_contact_the_seller_first() {
    let sb = Sandbox::new();
    let r = check_json(
        &sb,
        &[
            "--orders",
            DEMO,
            "--order",
            "407-3344556-7788990",
            "--problem",
            "damaged",
            "--severity",
            "major",
        ],
    )
    .expect_code(0)
    .report();
    let rec = r.recommendation.expect("recommendation");
    assert_eq!(rec.channel, "seller_then_a_to_z");
    let earliest = r
        .deadlines
        .iter()
        .find(|d| d.id == "a_to_z_earliest")
        .expect("A-to-z date");
    assert_eq!(earliest.date.0.to_string(), "2026-11-28");
    let last = r
        .deadlines
        .iter()
        .find(|d| d.id == "a_to_z_last")
        .expect("A-to-z last day");
    assert_eq!(last.date.0.to_string(), "2027-02-17");
    assert!(
        r.steps.iter().any(|s| s.contains("28 novembre 2026")),
        "{:?}",
        r.steps
    );
}

#[test]
fn amazon_us_speaks_english_and_keeps_the_card_dispute_for_a_refusal() {
    let sb = Sandbox::new();
    let args = [
        "--orders",
        DEMO,
        "--order",
        "111-9876543-2109876",
        "--problem",
        "not-received",
        "--not-delivered",
    ];
    let r = check_json(&sb, &args).expect_code(0).report();
    assert_eq!(r.policy.id, "amazon-us");
    assert_eq!(r.lang, claim::lang::Lang::En);
    assert!(
        r.steps.iter().any(|s| s.contains("dispute the charge")),
        "{:?}",
        r.steps
    );
    // Nobody refused yet: a chargeback is not even an alternative.
    assert!(!r.alternatives.iter().any(|a| a.channel == "card_dispute"));
    assert!(r.message.expect("message").body.starts_with("Hello"));

    let r = check_json(&sb, &[&args[..], &["--refused"]].concat())
        .expect_code(0)
        .report();
    let rec = r.recommendation.expect("recommendation");
    assert_ne!(rec.channel, "card_dispute", "a last resort is never first");
    let dispute = r
        .alternatives
        .iter()
        .find(|a| a.channel == "card_dispute")
        .expect("card dispute");
    assert!(dispute.explanation.contains("A-to-z"));
}

#[test]
fn lang_switches_the_texts() {
    let sb = Sandbox::new();
    let r = check_json(&sb, &[COFFEE, &["--lang", "en"]].concat())
        .expect_code(0)
        .report();
    assert_eq!(r.lang, claim::lang::Lang::En);
    assert!(r.message.expect("message").body.starts_with("Hello"));
    let done = sb
        .cmd()
        .args([
            "--lang",
            "de",
            "check",
            "--problem",
            "damaged",
            "--severity",
            "major",
            "--seller",
            "amazon",
            "--delivered",
            "2026-11-20",
        ])
        .run();
    // Only complete languages are offered: German has no phrases yet.
    assert_eq!(done.code(), 2);
    assert!(
        done.stderr().contains("invalid value 'de'")
            && done.stderr().contains("[possible values: en, fr]"),
        "{}",
        done.stderr()
    );
}

// --- Batch ---------------------------------------------------------------------------------

#[test]
fn batch_gives_the_same_decisions_as_single_checks() {
    let sb = Sandbox::new();
    let cases: &[&[&str]] = &[
        &[
            "--problem",
            "not-received",
            "--seller",
            "amazon",
            "--promised",
            "2026-11-12",
            "--price",
            "59.99",
        ],
        &[
            "--problem",
            "defective",
            "--severity",
            "minor",
            "--seller",
            "amazon",
            "--delivered",
            "2026-11-15",
            "--price",
            "59.99",
        ],
        &[
            "--problem",
            "defective",
            "--severity",
            "major",
            "--seller",
            "amazon",
            "--delivered",
            "2023-09-01",
            "--price",
            "189",
        ],
        &[
            "--problem",
            "late-delivery",
            "--seller",
            "amazon",
            "--delivered",
            "2026-11-23",
            "--price",
            "35",
        ],
        &[
            "--orders",
            DEMO,
            "--order",
            "407-3344556-7788990",
            "--problem",
            "damaged",
            "--severity",
            "major",
        ],
    ];
    let lines = [
        r#"{"id": 1, "problem": "not-received", "seller": "amazon", "promised": "2026-11-12", "price": "59.99"}"#,
        r#"{"id": "two", "problem": "defective", "severity": "minor", "seller": "amazon", "delivered": "2026-11-15", "price": "59.99"}"#,
        r#"{"id": 3, "problem": "defective", "severity": "major", "seller": "amazon", "delivered": "2023-09-01", "price": "189"}"#,
        r#"{"id": 4, "problem": "late_delivery", "seller": "amazon", "delivered": "2026-11-23", "price": "35"}"#,
        r#"{"id": 5, "order": "407-3344556-7788990", "problem": "damaged", "severity": "major"}"#,
    ];
    let out = sb
        .cmd()
        .args(["--orders", DEMO, "check", "--batch", "-"])
        .stdin(&(lines.join("\n") + "\n"))
        .run()
        .expect_code(0);
    let batch: Vec<Report<'static>> = out
        .stdout()
        .lines()
        .map(|l| serde_json::from_str(l).expect("report line"))
        .collect();
    assert_eq!(batch.len(), cases.len());
    for (args, mut from_batch) in cases.iter().zip(batch) {
        let single = check_json(&sb, args).report();
        assert!(from_batch.id.take().is_some(), "the id is echoed back");
        assert_eq!(from_batch, single, "{args:?}");
    }
}

#[test]
fn batch_reports_malformed_lines_and_still_evaluates_the_others() {
    let sb = Sandbox::new();
    let input = "{\"id\": 1, \"problem\": \"damaged\", \"severity\": \"major\", \"seller\": \"amazon\", \"delivered\": \"2026-11-20\"}\nnot json\n{\"id\": 3, \"problem\": \"damagd\"}\n{\"id\": 4, \"problem\": \"damaged\", \"price\": 12.5}\n\n{\"id\": 5, \"problem\": \"defective\", \"delivered\": \"2026-13-01\"}\n";
    let out = sb
        .cmd()
        .args(["check", "--batch", "-"])
        .stdin(input)
        .run()
        .expect_code(2);
    let lines: Vec<serde_json::Value> = out
        .stdout()
        .lines()
        .map(|l| serde_json::from_str(l).expect("json line"))
        .collect();
    assert_eq!(lines.len(), 5);
    assert_eq!(lines[0]["status"], "eligible");
    assert_eq!(lines[1]["line"], 2);
    assert!(
        lines[2]["error"]
            .as_str()
            .unwrap_or("")
            .contains("did you mean `damaged`"),
        "{}",
        lines[2]
    );
    assert_eq!(lines[2]["id"], 3);
    assert!(
        lines[3]["error"].as_str().unwrap_or("").contains("string"),
        "{}",
        lines[3]
    );
    assert!(
        lines[4]["error"]
            .as_str()
            .unwrap_or("")
            .contains("not a date"),
        "{}",
        lines[4]
    );
    assert!(out.stderr().contains("4 line(s)"), "{}", out.stderr());
}

// --- Policies ---------------------------------------------------------------------------------

#[test]
fn builtin_policies_pass_their_own_tests() {
    let sb = Sandbox::new();
    for id in ["amazon-fr", "amazon-us"] {
        let out = sb.cmd().args(["policy", "test", id]).run().expect_code(0);
        assert!(out.stdout().contains(" 0 failed"), "{}", out.stdout());
        assert!(!out.stdout().contains("FAILED"));
    }
}

#[test]
fn policy_check_points_at_a_typo_and_suggests_the_fact() {
    let sb = Sandbox::new();
    let text = std::fs::read_to_string("policies/amazon-fr.toml").expect("policy");
    let broken = text.replacen("days_late >= 1\"]", "days_lat >= 1\"]", 1);
    assert_ne!(text, broken);
    let path = sb.write("broken.toml", &broken);
    let line = broken
        .lines()
        .position(|l| l.contains("days_lat >="))
        .expect("line")
        + 1;
    let column = broken
        .lines()
        .nth(line - 1)
        .and_then(|l| l.find("days_lat"))
        .expect("col")
        + 1;
    let out = sb
        .cmd()
        .args(["policy", "check"])
        .arg(&path)
        .run()
        .expect_code(2);
    let expected = format!(
        "{}:{line}:{column}: error: unknown fact `days_lat` (did you mean `days_late`?)",
        path.display()
    );
    assert!(
        out.stderr().contains(&expected),
        "expected {expected}\n{}",
        out.stderr()
    );
    assert!(
        out.stderr().contains("^^^^^^^^"),
        "a caret under the name:\n{}",
        out.stderr()
    );
}

#[test]
fn policy_check_reports_unknown_keys_placeholders_and_duplicates_with_positions() {
    let sb = Sandbox::new();
    let text = std::fs::read_to_string("policies/amazon-fr.toml").expect("policy");
    let cases = [
        (
            text.replacen("priority = 90", "priorty = 90", 1),
            "unknown field `priorty`",
        ),
        (
            text.replacen("{{ order.id }}", "{{ order.idd }}", 1),
            "unknown placeholder `order.idd` (did you mean `id`?)",
        ),
        (
            text.replacen("id = \"lost-replacement\"", "id = \"lost-refund\"", 1),
            "duplicate rule id `lost-refund`",
        ),
        (
            text.replacen("remedy = \"replacement\"", "remedy = \"replacment\"", 1),
            "did you mean `replacement`?",
        ),
        (
            text.replacen(
                "return_window = { days = 30",
                "return_window = { days = \"30\"",
                1,
            ),
            "invalid type",
        ),
        (
            text.replacen("severity == minor", "severity == huge", 1),
            "`huge` is not a valid severity",
        ),
        (
            text.replacen(
                "citation = \"Code de la consommation, art. L216-6\"",
                "citation = \"Code de la consommation, art. L216-2\"",
                1,
            ),
            "L216-2 was repealed on 2021-10-01 (now L216-6): cite the article in force",
        ),
        (
            text.replacen("priority = 90\n", "priority = 90\nlast_resort = true\n", 1),
            "is a last resort: it applies only once earlier channels failed",
        ),
    ];
    for (broken, needle) in cases {
        let path = sb.write("broken.toml", &broken);
        let out = sb
            .cmd()
            .args(["policy", "check"])
            .arg(&path)
            .run()
            .expect_code(2);
        let first = out.stderr().lines().next().unwrap_or_default().to_owned();
        assert!(
            first.starts_with(&format!("{}:", path.display())),
            "{first}"
        );
        assert!(
            out.stderr().contains(needle),
            "expected `{needle}` in:\n{}",
            out.stderr()
        );
    }
}

#[test]
fn policy_list_and_show() {
    let sb = Sandbox::new();
    let out = sb.cmd().args(["policy", "list"]).run().expect_code(0);
    assert!(out.stdout().contains("amazon-fr") && out.stdout().contains("amazon-us"));
    let out = sb
        .cmd()
        .args(["policy", "show", "amazon-fr"])
        .run()
        .expect_code(0);
    assert!(out.stdout().contains("returnless_max") && out.stdout().contains("goodwill"));
    // Each article with where to read it, what it says and the version quoted; the repealed
    // numbering named as such.
    let shown = out.stdout();
    assert!(
        shown.contains("https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000032226955")
            && shown.contains("en vigueur depuis le 2021-10-01")
            && shown.contains("Résoudre le contrat si, après avoir mis en demeure")
            && shown.contains("L216-2 : abrogé le 2021-10-01 → L216-6"),
        "{shown}"
    );
    let out = sb
        .cmd()
        .args(["policy", "show", "amazon-fr", "--raw"])
        .run()
        .expect_code(0);
    assert_eq!(
        out.stdout(),
        std::fs::read_to_string("policies/amazon-fr.toml").expect("policy")
    );
    let out = sb
        .cmd()
        .args(["policy", "show", "amazon-fz"])
        .run()
        .expect_code(2);
    assert!(
        out.stderr().contains("did you mean `amazon-fr`"),
        "{}",
        out.stderr()
    );
}

// --- Behaviour every command keeps ------------------------------------------------------------

#[test]
fn same_inputs_give_byte_identical_output() {
    let sb = Sandbox::new();
    let args = [["check"].as_slice(), COFFEE, &["--draft"]].concat();
    let a = sb.cmd().args(&args).run().expect_code(0).stdout();
    let b = sb.cmd().args(&args).run().expect_code(0).stdout();
    assert_eq!(a, b);
    let a = sb.cmd().args(&args).arg("--json").run().stdout();
    let b = sb.cmd().args(&args).arg("--json").run().stdout();
    assert_eq!(a, b);
}

#[test]
fn bad_input_gets_a_clear_error_and_never_a_panic() {
    let sb = Sandbox::new();
    let bad_toml = sb.write("bad.toml", "[policy\nid = 1\n");
    let wrong_types = sb.write("orders.toml", "[[orders]]\nid = \"1\"\ndate = \"yesterday\"\nmarketplace = \"amazon.fr\"\ncurrency = \"EUR\"\n");
    let cases: Vec<(Vec<String>, &str)> = vec![
        (
            vec![
                "policy".into(),
                "check".into(),
                bad_toml.display().to_string(),
            ],
            "bad.toml:1:",
        ),
        (
            vec![
                "--orders".into(),
                wrong_types.display().to_string(),
                "check".into(),
                "--order".into(),
                "1".into(),
                "--problem".into(),
                "damaged".into(),
            ],
            "orders.toml:3:8",
        ),
        (
            vec![
                "--orders".into(),
                DEMO.into(),
                "check".into(),
                "--order".into(),
                "999-0000000-0000000".into(),
                "--problem".into(),
                "damaged".into(),
            ],
            "unknown order",
        ),
        (
            vec![
                "--orders".into(),
                DEMO.into(),
                "check".into(),
                "--order".into(),
                "402-8765432-1122334".into(),
                "--item".into(),
                "B000000000".into(),
                "--problem".into(),
                "damaged".into(),
            ],
            "has no item `B000000000`",
        ),
        (
            vec![
                "check".into(),
                "--problem".into(),
                "damaged".into(),
                "--ordered".into(),
                "2026-11-20".into(),
                "--delivered".into(),
                "2026-11-10".into(),
            ],
            "delivered (2026-11-10) is before ordered",
        ),
        (
            vec![
                "check".into(),
                "--problem".into(),
                "damaged".into(),
                "--delivered".into(),
                "2027-01-10".into(),
            ],
            "after today",
        ),
        (
            vec![
                "check".into(),
                "--problem".into(),
                "damaged".into(),
                "--price".into(),
                "-5".into(),
            ],
            "negative",
        ),
        (
            vec![
                "check".into(),
                "--problem".into(),
                "damaged".into(),
                "--price".into(),
                "99999999999".into(),
            ],
            "not plausible",
        ),
        (
            vec![
                "check".into(),
                "--problem".into(),
                "damaged".into(),
                "--price".into(),
                "12".into(),
                "--currency".into(),
                "EUX".into(),
            ],
            "did you mean `EUR`",
        ),
        (
            vec![
                "check".into(),
                "--problem".into(),
                "damaged".into(),
                "--price".into(),
                "12".into(),
                "--currency".into(),
                "USD".into(),
            ],
            "does not match policy amazon-fr",
        ),
        (
            vec!["check".into(), "--problem".into(), "broken".into()],
            "unknown problem kind `broken`",
        ),
        (
            vec![
                "check".into(),
                "--problem".into(),
                "damaged".into(),
                "--delivered".into(),
                "2026-02-30".into(),
            ],
            "not a date",
        ),
        (
            vec!["check".into(), "--severity".into(), "major".into()],
            "pass --problem",
        ),
        (
            vec![
                "check".into(),
                "--problem".into(),
                "damaged".into(),
                "--item".into(),
                "1".into(),
            ],
            "name the order too",
        ),
        (
            vec![
                "check".into(),
                "--problem".into(),
                "damaged".into(),
                "--format".into(),
                "eml".into(),
            ],
            "add --draft",
        ),
        (
            vec![
                "--policy".into(),
                "nope.toml".into(),
                "check".into(),
                "--problem".into(),
                "damaged".into(),
            ],
            "unknown policy",
        ),
    ];
    for (args, needle) in cases {
        let out = sb.cmd().args(&args).run();
        assert_eq!(out.code(), 2, "{args:?}\n{}", out.stderr());
        assert!(
            out.stderr().contains(needle),
            "{args:?}: expected `{needle}` in\n{}",
            out.stderr()
        );
        assert!(
            out.stdout().is_empty(),
            "{args:?}: nothing on stdout on error"
        );
    }
}

#[test]
fn untrusted_titles_are_harmless_on_the_terminal_and_in_json() {
    let sb = Sandbox::new();
    let orders = sb.write(
        "orders.toml",
        "[[orders]]\nid = \"X-1\"\ndate = 2026-11-10\nmarketplace = \"amazon.fr\"\ncurrency = \"EUR\"\ndelivered = 2026-11-20\nseller = \"amazon\"\n[[orders.items]]\nasin = \"B0EVIL\"\ntitle = \"Lampe \\u001b[2J\\u001b[31mEVIL\"\nunit_price = \"20.00\"\n",
    );
    let args = [
        "check",
        "--order",
        "X-1",
        "--problem",
        "damaged",
        "--severity",
        "major",
        "--draft",
    ];
    let human = sb
        .cmd()
        .arg("--orders")
        .arg(&orders)
        .args(args)
        .run()
        .expect_code(0)
        .stdout();
    // A title names one thing on one line: the escape sequences are gone from it.
    assert!(!human.contains('\u{1b}'), "{human}");
    assert!(human.contains("Lampe [2J [31mEVIL"), "{human}");
    let json = sb
        .cmd()
        .arg("--orders")
        .arg(&orders)
        .args(args)
        .arg("--json")
        .run()
        .report();
    let body = json.message.expect("message").body;
    assert!(
        body.contains("Lampe [2J [31mEVIL") && !body.contains('\u{1b}'),
        "{body}"
    );
}

#[test]
fn no_colour_when_not_a_terminal_and_colour_when_forced() {
    let sb = Sandbox::new();
    let args = [
        "check",
        "--problem",
        "damaged",
        "--severity",
        "major",
        "--seller",
        "amazon",
        "--delivered",
        "2026-11-20",
    ];
    let plain = sb.cmd().args(args).env("NO_COLOR", "").run().stdout();
    assert!(!plain.contains('\u{1b}'));
    let forced = sb.cmd().args(args).arg("--color=always").run().stdout();
    assert!(forced.contains("\u{1b}["));
}

#[test]
fn help_documents_exit_codes() {
    let sb = Sandbox::new();
    let out = sb.cmd().arg("--help").run().expect_code(0);
    assert!(out.stdout().contains("Exit codes:") && out.stdout().contains("undetermined"));
}

#[test]
fn completions_and_man_page_come_from_the_same_definitions() {
    let sb = Sandbox::new();
    let out = sb.cmd().args(["completions", "bash"]).run().expect_code(0);
    assert!(out.stdout().contains("--problem") && out.stdout().contains("claim"));
    let out = sb.cmd().arg("man").run().expect_code(0);
    assert!(out.stdout().starts_with(".ie") && out.stdout().contains("check"));
}

/// A late delivery with no promised date — the commonest case in real exports — never fails,
/// whatever else is known, on every built-in policy, on screen and in JSON: it says what
/// decides (exit 3) or decides (exit 0/1), and an undetermined case drafts nothing.
#[test]
fn a_late_delivery_without_a_promised_date_never_fails() {
    let sb = Sandbox::new();
    let arrivals: [&[&str]; 4] = [
        &[],
        &["--not-delivered"],
        &[
            "--not-delivered",
            "--no-promised-date",
            "--ordered",
            "2026-10-01",
        ],
        &["--delivered", "2026-11-20"],
    ];
    for policy in ["amazon-fr", "amazon-us"] {
        for arrival in arrivals {
            for json in [true, false] {
                let mut args = vec!["--policy", policy, "check", "--problem", "late-delivery"];
                args.extend_from_slice(arrival);
                if json {
                    args.push("--json");
                }
                let done = sb.cmd().args(&args).args(["--draft"]).run();
                let code = done.code();
                assert!(
                    matches!(code, 0 | 1 | 3),
                    "{args:?}: {code}\n{}",
                    done.stderr()
                );
                assert!(!done.stderr().contains("template"), "{}", done.stderr());
            }
        }
    }
    // No date was agreed and 56 days passed: the 30-day default applies (exit 0), in French
    // the letter says no date had been given.
    let r = sb
        .cmd()
        .args([
            "check",
            "--json",
            "--problem",
            "late-delivery",
            "--seller",
            "amazon",
        ])
        .args([
            "--not-delivered",
            "--no-promised-date",
            "--ordered",
            "2026-10-01",
        ])
        .run()
        .expect_code(0)
        .report();
    assert_eq!(
        r.recommendation.map(|x| x.rule.to_string()).as_deref(),
        Some("late-no-date-30-days")
    );
    assert!(
        r.message
            .expect("a message")
            .body
            .contains("aucune date de livraison ne m'avait été indiquée")
    );
}

/// Zips a folder with the zip crate the importer reads it with.
fn build_zip(sb: &Sandbox, dir: &str) -> PathBuf {
    let path = sb.path("export.zip");
    let file = std::fs::File::create(&path).expect("zip file");
    let mut zip = zip::ZipWriter::new(file);
    let mut stack = vec![PathBuf::from(dir)];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("read dir") {
            let p = entry.expect("entry").path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let name = p
                    .strip_prefix(dir)
                    .expect("prefix")
                    .to_string_lossy()
                    .into_owned();
                zip.start_file(name, zip::write::SimpleFileOptions::default())
                    .expect("start");
                zip.write_all(&std::fs::read(&p).expect("read"))
                    .expect("write");
            }
        }
    }
    zip.finish().expect("finish");
    path
}
