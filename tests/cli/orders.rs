//! `claim orders import | list | show | set` and `claim scan`.

use super::*;

const EXPORTS: &str = "examples/exports";

/// A sandbox whose configuration sets the time zone of exported UTC times.
fn sandbox_in(zone: &str) -> Sandbox {
    let sb = Sandbox::new();
    sb.write("config.toml", &format!("timezone = \"{zone}\"\n"));
    sb
}

fn import(sb: &Sandbox, paths: &[&str]) -> Done {
    sb.cmd().args(["orders", "import"]).args(paths).run()
}

fn orders_json(sb: &Sandbox) -> serde_json::Value {
    let out = sb
        .cmd()
        .args(["orders", "list", "--json"])
        .run()
        .expect_code(0);
    serde_json::from_str(&out.stdout()).expect("orders list --json")
}

/// The purchases of a history, independent of the format they came from.
fn purchases(doc: &serde_json::Value) -> Vec<String> {
    let mut out: Vec<String> = doc["orders"]
        .as_array()
        .expect("orders")
        .iter()
        .map(|o| {
            let mut items: Vec<String> = o["items"]
                .as_array()
                .expect("items")
                .iter()
                .map(|i| {
                    format!(
                        "{}|{}|{}|{}",
                        i["asin"], i["title"], i["unit_price"]["amount"], i["quantity"]
                    )
                })
                .collect();
            items.sort();
            format!(
                "{} {} {} {} {} [{}]",
                o["id"],
                o["date"],
                o["marketplace"],
                o["currency"],
                o["total"]["amount"],
                items.join("; ")
            )
        })
        .collect();
    out.sort();
    out
}

/// The history database's bytes (and its write-ahead log's, if a command left one).
fn history_bytes(sb: &Sandbox) -> Vec<u8> {
    let mut bytes = std::fs::read(sb.path("data/history.sqlite")).expect("history database");
    bytes.extend(std::fs::read(sb.path("data/history.sqlite-wal")).unwrap_or_default());
    bytes
}

#[test]
fn every_format_imports_to_the_same_history() {
    let mut seen = Vec::new();
    for format in ["a", "b", "b-json", "c", "d"] {
        let sb = sandbox_in("-08:00");
        import(&sb, &[&format!("{EXPORTS}/{format}")]).expect_code(0);
        let doc = orders_json(&sb);
        assert_eq!(doc["schema_version"], 1);
        seen.push((format, purchases(&doc)));
    }
    let (_, reference) = &seen[0];
    assert_eq!(reference.len(), 3, "{reference:?}");
    for (format, p) in &seen {
        assert_eq!(p, reference, "format {format} differs from format a");
    }
}

#[test]
fn refunds_and_returns_are_imported_and_deduplicated() {
    for format in ["a", "b"] {
        let sb = sandbox_in("-08:00");
        import(&sb, &[&format!("{EXPORTS}/{format}")]).expect_code(0);
        let doc = orders_json(&sb);
        let order = |id: &str| {
            doc["orders"]
                .as_array()
                .and_then(|o| o.iter().find(|x| x["id"] == id))
                .cloned()
                .expect("order")
        };
        let refunds = order("113-1000001-0000001")["refunds"].clone();
        assert_eq!(
            refunds,
            serde_json::json!([{"date": "2026-10-15", "amount": {"amount": "5.00", "currency": "USD"}}]),
            "{format}"
        );
        let returns = order("113-1000003-0000003")["returns"].clone();
        assert_eq!(
            returns,
            serde_json::json!([{"date": "2026-11-10", "resolution": "Refund"}]),
            "{format}"
        );
    }
}

#[test]
fn importing_the_same_export_twice_adds_nothing() {
    let sb = sandbox_in("UTC");
    let first = import(&sb, &[&format!("{EXPORTS}/a")]).expect_code(0);
    assert!(
        first.stdout().contains("orders   3 added"),
        "{}",
        first.stdout()
    );
    let before = history_bytes(&sb);
    // The files are known by their fingerprints: not read again.
    let second = import(&sb, &[&format!("{EXPORTS}/a")]).expect_code(0);
    assert!(
        second.stdout().contains(
            "Order History.csv — skipped: already imported on 2026-11-26 (--again reads it anyway)"
        ) && second.stdout().contains("orders   0 added"),
        "{}",
        second.stdout()
    );
    assert!(
        history_bytes(&sb) == before,
        "a known export changed the history"
    );
    // Read again, they merge into what is there: nothing new.
    let again = sb
        .cmd()
        .args(["orders", "import", "--again", &format!("{EXPORTS}/a")])
        .run()
        .expect_code(0);
    assert!(
        again.stdout().contains("orders   0 added, 3 already known")
            && again.stdout().contains("items    0 added, 4 already known"),
        "{}",
        again.stdout()
    );
    assert!(history_bytes(&sb) == before, "--again changed the history");
    // The zip Amazon delivers holds the same files: known too, and the same when read.
    let zip = build_zip(&sb, &format!("{EXPORTS}/a"));
    let third = import(&sb, &[zip.to_str().expect("path")]).expect_code(0);
    assert!(
        third.stdout().contains("already imported") && third.stdout().contains("orders   0 added"),
        "{}",
        third.stdout()
    );
    let fourth = sb
        .cmd()
        .args(["orders", "import", "--again", zip.to_str().expect("path")])
        .run()
        .expect_code(0);
    assert!(
        fourth
            .stdout()
            .contains("orders   0 added, 3 already known"),
        "{}",
        fourth.stdout()
    );
}

#[test]
fn a_zip_imports_like_the_folder() {
    let sb = sandbox_in("-08:00");
    let zip = build_zip(&sb, &format!("{EXPORTS}/a"));
    import(&sb, &[zip.to_str().expect("path")]).expect_code(0);
    let from_zip = purchases(&orders_json(&sb));
    let sb2 = sandbox_in("-08:00");
    import(&sb2, &[&format!("{EXPORTS}/a")]).expect_code(0);
    assert_eq!(from_zip, purchases(&orders_json(&sb2)));
}

#[test]
fn stdin_reads_one_csv() {
    let sb = sandbox_in("-08:00");
    let csv = std::fs::read_to_string(format!("{EXPORTS}/c/01-Jan-2026_to_26-Nov-2026.csv"))
        .expect("csv");
    sb.cmd()
        .args(["orders", "import", "-"])
        .stdin(&csv)
        .run()
        .expect_code(0);
    assert_eq!(purchases(&orders_json(&sb)).len(), 3);
}

#[test]
fn export_pitfalls_are_read_right() {
    let sb = sandbox_in("+01:00");
    let out = import(&sb, &["tests/fixtures/pitfalls"]).expect_code(0);
    assert!(
        out.stdout()
            .contains("2 cancelled line(s) or uncompleted refund(s)"),
        "{}",
        out.stdout()
    );
    let doc = orders_json(&sb);
    let order = |id: &str| {
        doc["orders"]
            .as_array()
            .and_then(|o| o.iter().find(|x| x["id"] == id))
            .cloned()
            .expect("order")
    };

    // 23:30Z on January 31st is February 1st in UTC+1.
    let o1 = order("402-0000001-0000001");
    assert_eq!(o1["date"], "2026-02-01");
    // Doubled quotes and commas in a product name; the gift message's newline did not split the row.
    assert_eq!(o1["items"][0]["title"], "Lampe \"Arc\", laiton, 40 cm");
    // The shipment subtotal (69.80) repeats on both rows and is not summed: total = Σ Total Amount.
    assert_eq!(o1["total"]["amount"], "69.80");

    // 1,099.77 with a thousands separator; '-0.6' wrapped in apostrophes; milliseconds.
    let o2 = order("402-0000002-0000002");
    assert_eq!(o2["date"], "2026-06-30");
    assert_eq!(o2["items"][0]["unit_price"]["amount"], "1099.77");
    assert_eq!(o2["total"]["amount"], "1099.17");

    // The cancelled zero-quantity line is not a purchase; Not Available ship date is no date.
    let o3 = order("402-0000003-0000003");
    assert_eq!(o3["items"].as_array().map(Vec::len), Some(1));
    assert_eq!(o3["status"], "ordered");

    // Two identical rows are two purchases; three identical refund rows are one refund,
    // and the pending refund is not money received.
    let o4 = order("402-0000004-0000004");
    assert_eq!(o4["items"].as_array().map(Vec::len), Some(2));
    assert_eq!(o4["refunds"].as_array().map(Vec::len), Some(1));

    // The split shipment "X and Y" gives two shipments, each with its own date, and the
    // order's ship date is the earliest.
    let show = sb
        .cmd()
        .args(["orders", "show", "402-0000002-0000002"])
        .run()
        .expect_code(0)
        .stdout();
    let line_of = |needle: &str| {
        show.lines()
            .find(|l| l.contains(needle))
            .unwrap_or_default()
            .to_owned()
    };
    assert!(line_of("FR000001").contains("2026-06-30"), "{show}");
    assert!(line_of("1Z0000000002").contains("2026-07-02"), "{show}");
}

#[test]
fn bad_files_give_a_clear_message_and_leave_the_history_untouched() {
    let sb = sandbox_in("+01:00");
    import(&sb, &["tests/fixtures/pitfalls"]).expect_code(0);
    let before = history_bytes(&sb);
    let cases = [
        (
            "tests/fixtures/bad/truncated.csv",
            0,
            "fields where the header has",
        ),
        (
            "tests/fixtures/bad/not-csv.csv",
            2,
            "not a CSV or JSON export",
        ),
        (
            "tests/fixtures/bad/unknown-header.csv",
            2,
            "unknown header `Name,Email,Phone`",
        ),
        ("tests/fixtures/bad/empty-report.csv", 0, "empty report"),
        ("tests/fixtures/bad/empty.csv", 0, "empty file"),
        ("tests/fixtures/bad/invalid-utf8.csv", 0, "invalid UTF-8"),
        ("tests/fixtures/bad/missing.csv", 2, "cannot open"),
        // A character of several bytes where a date's digits should be.
        ("tests/fixtures/bad/multibyte-date.csv", 0, "not a date"),
    ];
    for (file, code, needle) in cases {
        let out = import(&sb, &[file]).expect_code(code);
        let all = out.stdout() + &out.stderr();
        assert!(
            all.contains(needle),
            "{file}: expected `{needle}` in\n{all}"
        );
        assert!(history_bytes(&sb) == before, "{file} changed the history");
    }
    // Bad rows name the file, the line, the column and the value.
    let out = import(&sb, &["tests/fixtures/bad/invalid-utf8.csv"]).run_ok();
    let _ = &out;
    assert!(out.contains("invalid-utf8.csv:4: Product Name:"), "{out}");
    // --strict imports nothing when a row is bad.
    let fresh = sandbox_in("+01:00");
    let out = fresh
        .cmd()
        .args([
            "orders",
            "import",
            "--strict",
            "tests/fixtures/bad/truncated.csv",
        ])
        .run()
        .expect_code(2);
    assert!(
        out.stderr().contains("nothing was imported"),
        "{}",
        out.stderr()
    );
    assert!(!fresh.path("data/history.sqlite").exists());
}

#[test]
fn recorded_facts_survive_reimports_and_feed_check() {
    let sb = sandbox_in("-08:00");
    import(&sb, &[&format!("{EXPORTS}/a")]).expect_code(0);
    let id = "113-1000002-0000002";
    sb.cmd()
        .args([
            "orders",
            "set",
            id,
            "--promised",
            "2026-10-24",
            "--delivered",
            "2026-10-28",
            "--seller",
            "amazon",
            "--prime",
        ])
        .run()
        .expect_code(0);
    import(&sb, &[&format!("{EXPORTS}/a")]).expect_code(0);
    let shown = sb
        .cmd()
        .args(["orders", "show", id, "--json"])
        .run()
        .expect_code(0)
        .stdout();
    let o: serde_json::Value = serde_json::from_str(&shown).expect("json");
    assert_eq!(
        (o["promised"].as_str(), o["delivered"].as_str()),
        (Some("2026-10-24"), Some("2026-10-28"))
    );
    let r = sb
        .cmd()
        .args([
            "check",
            "--json",
            "--order",
            id,
            "--problem",
            "late-delivery",
        ])
        .run()
        .expect_code(0)
        .report();
    assert_eq!(r.policy.id, "amazon-us");
    assert_eq!(
        r.recommendation.map(|x| x.kind.word()),
        Some("account-credit")
    );
    // Impossible dates are refused.
    let out = sb
        .cmd()
        .args(["orders", "set", id, "--delivered", "2020-01-01"])
        .run()
        .expect_code(2);
    assert!(
        out.stderr().contains("before the order date"),
        "{}",
        out.stderr()
    );
    let out = sb
        .cmd()
        .args(["orders", "set", "113-1000002-000000", "--prime"])
        .run()
        .expect_code(2);
    assert!(
        out.stderr().contains("did you mean 113-1000002-0000002"),
        "{}",
        out.stderr()
    );
}

#[test]
fn orders_list_filters_and_show() {
    let sb = sandbox_in("-08:00");
    import(&sb, &[&format!("{EXPORTS}/a")]).expect_code(0);
    let out = sb
        .cmd()
        .args(["orders", "list", "--since", "2026-10-15"])
        .run()
        .expect_code(0)
        .stdout();
    assert!(
        out.contains("113-1000002-0000002") && !out.contains("113-1000001-0000001"),
        "{out}"
    );
    let out = sb
        .cmd()
        .args(["orders", "list", "--marketplace", "amazon.fr"])
        .run()
        .expect_code(0);
    assert!(out.stderr().contains("No orders match"), "{}", out.stderr());
    let out = sb
        .cmd()
        .args(["orders", "show", "113-1000001-0000001"])
        .run()
        .expect_code(0)
        .stdout();
    assert!(
        out.contains("TBA100000000001") && out.contains("refunded $5.00"),
        "{out}"
    );
}

#[test]
fn scan_finds_open_windows_and_the_unrefunded_return() {
    let sb = sandbox_in("-08:00");
    import(&sb, &[&format!("{EXPORTS}/a")]).expect_code(0);
    let out = sb
        .cmd()
        .args(["scan", "--json", "--all"])
        .run()
        .expect_code(0)
        .stdout();
    let doc: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(doc["as_of"], "2026-11-26");
    assert_eq!(
        doc["returned_not_refunded"],
        serde_json::json!([{"order_id": "113-1000003-0000003", "returned": "2026-11-10", "amount": {"amount": "129.00", "currency": "USD"}, "rule": "refund-overdue"}])
    );
    let windows = doc["windows"].as_array().expect("windows");
    let days: Vec<i64> = windows
        .iter()
        .map(|w| w["days_left"].as_i64().unwrap_or(-1))
        .collect();
    assert!(
        days.windows(2).all(|w| w[0] <= w[1]),
        "sorted by days left: {days:?}"
    );
    assert!(days.iter().all(|d| *d >= 0));
    // Computed by hand: the headphones shipped 2026-11-03, an order of the holiday season:
    // the return window runs to January 31 (estimated, no delivery date), 66 days.
    let find = |order: &str, window: &str| {
        windows
            .iter()
            .find(|w| w["order_id"] == order && w["window"] == window)
            .cloned()
    };
    let w = find("113-1000003-0000003", "return_window").expect("return window");
    assert_eq!(
        (
            w["ends"].as_str(),
            w["days_left"].as_i64(),
            w["estimated"].as_bool()
        ),
        (Some("2027-01-31"), Some(66), Some(true))
    );
    // The card-dispute window: 60 days after the order date, 2026-10-05 → 2026-12-04, 8 days.
    let w = find("113-1000001-0000001", "card_dispute_last").expect("card dispute");
    assert_eq!(
        (w["ends"].as_str(), w["days_left"].as_i64()),
        (Some("2026-12-04"), Some(8))
    );
    // The kettle's return window (shipped 2026-10-06, + 30 days) is closed: not listed.
    assert!(find("113-1000001-0000001", "return_window").is_none());
    // --within keeps the urgent ones.
    let out = sb
        .cmd()
        .args(["scan", "--json", "--within", "10"])
        .run()
        .expect_code(0)
        .stdout();
    let doc: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert!(
        doc["windows"]
            .as_array()
            .expect("windows")
            .iter()
            .all(|w| w["days_left"].as_i64().unwrap_or(99) <= 10)
    );
}

#[test]
fn scan_on_the_demo_history() {
    let sb = Sandbox::new();
    let out = sb
        .cmd()
        .args(["--orders", DEMO, "scan", "--json", "--all"])
        .run()
        .expect_code(0)
        .stdout();
    let doc: serde_json::Value = serde_json::from_str(&out).expect("json");
    let unrefunded: Vec<&str> = doc["returned_not_refunded"]
        .as_array()
        .expect("list")
        .iter()
        .filter_map(|r| r["order_id"].as_str())
        .collect();
    assert_eq!(unrefunded, ["404-1212121-3434343", "114-7777777-8888888"]);
    let windows = doc["windows"].as_array().expect("windows");
    // The coffee machine, delivered 2026-11-20 and ordered in the holiday season: return
    // window to 2027-01-31 (66 days), legal guarantee to 2028-11-20 (725 days), not estimated.
    let w = |window: &str| {
        windows
            .iter()
            .find(|w| w["order_id"] == "402-8765432-1122334" && w["window"] == window)
            .map(|w| {
                (
                    w["ends"].as_str().unwrap_or("").to_owned(),
                    w["days_left"].as_i64().unwrap_or(0),
                    w["estimated"].as_bool(),
                )
            })
    };
    assert_eq!(
        w("return_window"),
        Some(("2027-01-31".into(), 66, Some(false)))
    );
    assert_eq!(
        w("withdrawal_period"),
        Some(("2026-12-04".into(), 8, Some(false)))
    );
    assert_eq!(
        w("legal_guarantee"),
        Some(("2028-11-20".into(), 725, Some(false)))
    );
    // The third-party lamp: A-to-z claims until 90 days after the promised date (2026-11-19).
    let lamp = windows
        .iter()
        .find(|w| w["order_id"] == "407-3344556-7788990" && w["window"] == "a_to_z_last")
        .expect("A-to-z window");
    assert_eq!(lamp["ends"], "2027-02-17");
}

#[test]
fn row_problems_name_the_right_line_whatever_the_line_ends() {
    let sb = Sandbox::new();
    let header = "Order Date,Order ID,Title,Category,ASIN/ISBN,Website,Purchase Price Per Unit,Quantity,Currency";
    let good = "01/03/20,111-0000001-0000001,Thing,,B000000001,Amazon.com,$5.00,1,USD";
    let bad = "01/04/20,111-0000002-0000002,Other,,B000000002,Amazon.com,$xx,1,USD";
    for (name, end) in [("lf.csv", "\n"), ("crlf.csv", "\r\n")] {
        // The bad row is on line 4, after a blank line.
        let text = [header, good, "", bad, ""].join(end);
        let path = sb.write(name, &format!("\u{feff}{text}"));
        let out = sb
            .cmd()
            .args(["orders", "import", "--dry-run"])
            .arg(&path)
            .run()
            .expect_code(0);
        assert!(
            out.stderr()
                .contains(&format!("{name}:4: Purchase Price Per Unit: \"$xx\"")),
            "{}",
            out.stderr()
        );
    }
}
