//! The imported history as a database: overlapping files merged once whatever their order,
//! refunds kept apart by their ids, marketplaces never judged under another country's law,
//! a killed import and a newer database leaving the history untouched, the export.

use super::*;

const EXPORTS: &str = "examples/exports";
const QUIRKS: &str = "tests/fixtures/quirks";

const B_HEADER: &str = "\u{feff}\"Website\",\"Order ID\",\"Order Date\",\"Purchase Order Number\",\"Currency\",\"Unit Price\",\"Unit Price Tax\",\"Shipping Charge\",\"Total Discounts\",\"Total Owed\",\"Shipment Item Subtotal\",\"Shipment Item Subtotal Tax\",\"ASIN\",\"Product Condition\",\"Quantity\",\"Payment Instrument Type\",\"Order Status\",\"Shipment Status\",\"Ship Date\",\"Shipping Option\",\"Shipping Address\",\"Billing Address\",\"Carrier Name & Tracking Number\",\"Product Name\",\"Gift Message\",\"Gift Sender Name\",\"Gift Recipient Contact Details\",\"Item Serial Number\"";

/// One item row of a legacy `Retail.OrderHistory.1.csv`, ordered and shipped on `date`.
fn b_row(website: &str, id: &str, date: &str, currency: &str, asin: &str, price: &str) -> String {
    format!(
        "\"{website}\",\"{id}\",\"{date}T10:00:00Z\",\"Not Applicable\",\"{currency}\",\"{price}\",\"0\",\"0\",\"0\",\"{price}\",\"{price}\",\"0\",\"{asin}\",\"New\",\"1\",\"Visa\",\"Closed\",\"Shipped\",\"{date}T18:00:00Z\",\"std\",\"Not Available\",\"Not Available\",\"Not Available\",\"Test item {asin}\",\"Not Available\",\"Not Available\",\"Not Available\",\"Not Available\""
    )
}

fn b_file(rows: &[String]) -> String {
    let mut text = B_HEADER.to_owned();
    for r in rows {
        text.push_str("\r\n");
        text.push_str(r);
    }
    text.push_str("\r\n");
    text
}

fn import(sb: &Sandbox, paths: &[&str]) -> Done {
    sb.cmd().args(["orders", "import"]).args(paths).run()
}

/// The whole history, as `orders export` writes it.
fn exported(sb: &Sandbox) -> String {
    sb.cmd()
        .args(["orders", "export", "--format", "jsonl"])
        .run()
        .expect_code(0)
        .stdout()
}

fn sandbox() -> Sandbox {
    let sb = Sandbox::new();
    sb.write("config.toml", "timezone = \"-08:00\"\n");
    sb
}

/// Export A imported, and a delivery date recorded for one of its orders.
fn export_a_with_a_recorded_delivery() -> Sandbox {
    let sb = sandbox();
    import(&sb, &[&format!("{EXPORTS}/a")]).expect_code(0);
    sb.cmd()
        .args(["orders", "set", "113-1000002-0000002"])
        .args(["--delivered", "2026-10-28"])
        .run()
        .expect_code(0);
    sb
}

/// The history one import of `paths` gives.
fn history_of(paths: &[&str]) -> String {
    let sb = sandbox();
    import(&sb, paths).expect_code(0);
    exported(&sb)
}

#[test]
fn overlapping_files_in_one_command_are_one_import_whatever_their_order() {
    let a = format!("{EXPORTS}/a");
    let d = format!("{EXPORTS}/d");
    let once = history_of(&[&a]);
    assert!(once.lines().count() == 3, "{once}");
    // The same export twice, and the folder beside its zip: the second copy is known by its
    // fingerprint; read anyway (--again), it merges into the first.
    assert_eq!(history_of(&[&a, &a]), once, "the same folder twice");
    assert_eq!(
        history_of(&["--again", &a, &a]),
        once,
        "the same folder read twice"
    );
    let sb = sandbox();
    let zip = build_zip(&sb, &a);
    import(&sb, &[&a, zip.to_str().expect("path")]).expect_code(0);
    assert_eq!(exported(&sb), once, "a folder and its zip");
    let sb = sandbox();
    let zip = build_zip(&sb, &a);
    import(&sb, &["--again", &a, zip.to_str().expect("path")]).expect_code(0);
    assert_eq!(exported(&sb), once, "a folder and its zip, both read");
    // A (one row per item, with ASINs) and D (the extension, titles only) of the same
    // orders: A's items win, whatever the order, in one command or in two.
    let a_then_d = history_of(&[&a, &d]);
    assert_eq!(
        history_of(&[&d, &a]),
        a_then_d,
        "A + D depends on the order"
    );
    let sb = sandbox();
    import(&sb, &[&d]).expect_code(0);
    import(&sb, &[&a]).expect_code(0);
    assert_eq!(exported(&sb), a_then_d, "D then A in two commands");
    for line in a_then_d.lines() {
        let order: serde_json::Value = serde_json::from_str(line).expect("order");
        let items = order["items"].as_array().expect("items");
        assert!(
            items
                .iter()
                .all(|i| i["asin"].as_str().is_some_and(|a| !a.is_empty())),
            "an item without its ASIN survived: {line}"
        );
    }
    // Totals are never summed across files: the kettle order stays 64.49.
    assert!(a_then_d.contains("\"total\":\"64.49\""), "{a_then_d}");
}

#[test]
fn refunds_with_distinct_ids_stay_two_and_wait_for_their_order() {
    let sb = sandbox();
    // The refunds come first: their order is not in the history yet.
    let out = import(
        &sb,
        &[&format!("{QUIRKS}/Retail.OrdersReturned.Payments.1.csv")],
    )
    .expect_code(0)
    .stdout();
    assert!(out.contains("kept until their order is imported"), "{out}");
    assert!(out.contains("702-0000003-0000003"), "{out}");
    let orders = b_file(&[b_row(
        "Amazon.ca",
        "702-0000003-0000003",
        "2022-10-20",
        "CAD",
        "B0TEST0003",
        "66.58",
    )]);
    let file = sb.write("Retail.OrderHistory.1.csv", &orders);
    let out = import(&sb, &[file.to_str().expect("path")])
        .expect_code(0)
        .stdout();
    assert!(
        out.contains("2 kept by an earlier import joined their order"),
        "{out}"
    );
    let show = sb
        .cmd()
        .args(["orders", "list", "--json"])
        .run()
        .expect_code(0)
        .stdout();
    let doc: serde_json::Value = serde_json::from_str(&show).expect("json");
    let refunds = &doc["orders"][0]["refunds"];
    assert_eq!(
        refunds,
        &serde_json::json!([
            {"date": "2022-10-29", "amount": {"amount": "33.29", "currency": "CAD"}},
            {"date": "2022-10-29", "amount": {"amount": "33.29", "currency": "CAD"}}
        ]),
        "{show}"
    );
    // Importing both again (read again, not skipped as known) adds nothing.
    let again = import(
        &sb,
        &[
            "--again",
            &format!("{QUIRKS}/Retail.OrdersReturned.Payments.1.csv"),
            file.to_str().expect("path"),
        ],
    )
    .expect_code(0)
    .stdout();
    assert!(
        again.contains("refunds  0 added, 2 already known"),
        "{again}"
    );
}

#[test]
fn declined_refunds_and_no_refund_returns_are_not_money_received() {
    let sb = sandbox();
    let orders = b_file(&[
        b_row(
            "Amazon.ca",
            "702-0000002-0000002",
            "2024-03-30",
            "CAD",
            "B0TEST0002",
            "20.00",
        ),
        b_row(
            "Amazon.com",
            "113-0000001-0000001",
            "2023-12-01",
            "USD",
            "B0TEST0011",
            "15.00",
        ),
    ]);
    let file = sb.write("Retail.OrderHistory.1.csv", &orders);
    import(
        &sb,
        &[
            file.to_str().expect("path"),
            &format!("{QUIRKS}/Retail.OrdersReturned.1.csv"),
            &format!("{QUIRKS}/Retail.OrdersReturned.Payments.1.csv"),
            &format!("{QUIRKS}/Retail.CustomerReturns.1.1.csv"),
        ],
    )
    .expect_code(0);
    let doc: serde_json::Value = serde_json::from_str(
        &sb.cmd()
            .args(["orders", "list", "--json"])
            .run()
            .expect_code(0)
            .stdout(),
    )
    .expect("json");
    let order = |id: &str| {
        doc["orders"]
            .as_array()
            .and_then(|o| o.iter().find(|x| x["id"] == id))
            .cloned()
            .expect("order")
    };
    // Declined: no refund received, the day it was declined kept.
    let ca = order("702-0000002-0000002");
    assert_eq!(ca["refunds"], serde_json::json!([]), "{ca}");
    assert_eq!(ca["declined_refunds"], serde_json::json!(["2024-04-07"]));
    // The exchange's two identical rows are one return, settled without a refund.
    let us = order("113-0000001-0000001");
    assert_eq!(
        us["returns"],
        serde_json::json!([{"date": "2023-12-09", "resolution": "Exchange"}])
    );
    // An exchange is not a refund that never came.
    let list = sb
        .cmd()
        .args(["orders", "list"])
        .run()
        .expect_code(0)
        .stdout();
    assert!(list.contains("(Exchange)"), "{list}");
    assert!(!list.contains("not refunded"), "{list}");
}

#[test]
fn orders_of_a_marketplace_without_policy_are_counted_never_judged() {
    let sb = sandbox();
    let orders = b_file(&[
        b_row(
            "Amazon.ca",
            "702-0000001-0000001",
            "2026-11-10",
            "CAD",
            "B0TESTCA01",
            "40.00",
        ),
        b_row(
            "Amazon.it",
            "403-0000001-0000001",
            "2026-11-10",
            "EUR",
            "B0TESTIT01",
            "30.00",
        ),
        b_row(
            "Amazon.com.mx",
            "701-0000001-0000001",
            "2026-11-10",
            "MXN",
            "B0TESTMX01",
            "300.00",
        ),
        b_row(
            "panda01",
            "113-0000009-0000009",
            "2026-11-10",
            "USD",
            "B0TESTWF01",
            "3.49",
        ),
        b_row(
            "Amazon.fr",
            "402-0000009-0000009",
            "2026-11-10",
            "EUR",
            "B0TESTFR01",
            "25.00",
        ),
    ]);
    let file = sb.write("Retail.OrderHistory.1.csv", &orders);
    import(&sb, &[file.to_str().expect("path")]).expect_code(0);
    let doc: serde_json::Value = serde_json::from_str(
        &sb.cmd()
            .args(["scan", "--json", "--all"])
            .run()
            .expect_code(0)
            .stdout(),
    )
    .expect("json");
    let windows = doc["windows"].as_array().expect("windows");
    let policy_of = |order: &str| -> Vec<String> {
        let mut p: Vec<String> = windows
            .iter()
            .filter(|w| w["order_id"] == order)
            .filter_map(|w| w["policy"].as_str().map(str::to_owned))
            .collect();
        p.dedup();
        p
    };
    for foreign in [
        "702-0000001-0000001",
        "403-0000001-0000001",
        "701-0000001-0000001",
    ] {
        assert_eq!(
            policy_of(foreign),
            Vec::<String>::new(),
            "{foreign} was judged"
        );
    }
    assert_eq!(
        policy_of("113-0000009-0000009"),
        ["amazon-us"],
        "panda01 is amazon.com"
    );
    assert_eq!(policy_of("402-0000009-0000009"), ["amazon-fr"]);
    assert_eq!(
        doc["no_policy"],
        serde_json::json!([
            {"marketplace": "amazon.ca", "orders": 1},
            {"marketplace": "amazon.com.mx", "orders": 1},
            {"marketplace": "amazon.it", "orders": 1}
        ])
    );
    // The person reading the scan is told why.
    let human = sb.cmd().args(["scan"]).run().expect_code(0).stdout();
    assert!(
        human.contains("1 order(s) on amazon.ca: no policy serves it"),
        "{human}"
    );
    // check refuses to judge it, and says how.
    let out = sb
        .cmd()
        .args([
            "check",
            "--order",
            "702-0000001-0000001",
            "--problem",
            "damaged",
        ])
        .run()
        .expect_code(2);
    assert!(
        out.stderr()
            .contains("no policy for marketplace `amazon.ca`")
            && out.stderr().contains("--policy"),
        "{}",
        out.stderr()
    );
}

#[test]
fn a_killed_import_leaves_the_previous_history_intact() {
    let sb = sandbox();
    import(&sb, &[&format!("{EXPORTS}/a")]).expect_code(0);
    let before = exported(&sb);
    // A large export, so the import is still writing when it is killed.
    let mut big = String::from(B_HEADER);
    for i in 0..60_000u32 {
        big.push_str("\r\n");
        big.push_str(&b_row(
            "Amazon.com",
            &format!("114-{:07}-{:07}", i, i),
            "2026-06-01",
            "USD",
            &format!("B0BIG{i:05}"),
            "9.99",
        ));
    }
    let file = sb.write("big.csv", &big);
    let wal = sb.path("data/history.sqlite-wal");
    let mut child = Command::new(env!("CARGO_BIN_EXE_claim"))
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", sb.path("home"))
        .env("CLAIM_DATA_DIR", sb.path("data"))
        .env("CLAIM_CONFIG", sb.path("config.toml"))
        .env("CLAIM_TODAY", "2026-11-26")
        .args(["orders", "import"])
        .arg(&file)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    // Kill it once the transaction has started writing (or, at worst, after a while).
    let started = std::time::Instant::now();
    let mut writing = false;
    while started.elapsed() < Duration::from_secs(120) {
        if std::fs::metadata(&wal).is_ok_and(|m| m.len() > 256 * 1024) {
            writing = true;
            break;
        }
        if child.try_wait().expect("try_wait").is_some() {
            panic!("the import finished before it could be killed: make the export larger");
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    child.kill().expect("kill -9");
    child.wait().expect("wait");
    assert!(writing, "the import never started writing");
    assert_eq!(
        exported(&sb),
        before,
        "the killed import changed the history"
    );
    // And the history still takes imports.
    import(&sb, &[&format!("{EXPORTS}/b")]).expect_code(0);
}

#[test]
fn a_database_from_a_newer_version_is_refused_and_left_as_it_is() {
    let sb = sandbox();
    std::fs::create_dir_all(sb.path("data")).expect("data dir");
    let db = sb.path("data/history.sqlite");
    {
        let conn = rusqlite::Connection::open(&db).expect("open");
        conn.execute_batch("CREATE TABLE future (x); PRAGMA user_version = 99;")
            .expect("newer schema");
    }
    let bytes = std::fs::read(&db).expect("bytes");
    for args in [
        vec!["orders", "list"],
        vec!["orders", "import", "examples/exports/a"],
        vec!["scan"],
    ] {
        let out = sb.cmd().args(&args).run().expect_code(2);
        assert!(
            out.stderr()
                .contains("written by a newer version of claim (schema 99"),
            "{args:?}: {}",
            out.stderr()
        );
        assert_eq!(
            std::fs::read(&db).expect("bytes"),
            bytes,
            "{args:?} changed it"
        );
    }
}

#[test]
fn the_history_of_an_earlier_version_is_imported_once_and_kept() {
    let sb = sandbox();
    std::fs::create_dir_all(sb.path("data")).expect("data dir");
    let legacy = r#"{"id":"402-1111111-2222222","date":"2026-11-01","marketplace":"amazon.fr","currency":"EUR","promised":"2026-11-05","items":[{"asin":"B0OLD00001","title":"Lampe","unit_price":"30.00","quantity":1}]}"#;
    sb.write("data/history.jsonl", &format!("{legacy}\n"));
    let out = sb
        .cmd()
        .args(["orders", "show", "402-1111111-2222222"])
        .run()
        .expect_code(0)
        .stdout();
    assert!(out.contains("Lampe") && out.contains("2026-11-05"), "{out}");
    assert!(
        sb.path("data/history.jsonl").exists(),
        "the old file is kept"
    );
    // Imported once: a later change to the old file is not read again.
    sb.write("data/history.jsonl", "");
    let out = sb
        .cmd()
        .args(["orders", "show", "402-1111111-2222222"])
        .run()
        .expect_code(0)
        .stdout();
    assert!(out.contains("Lampe"), "{out}");
}

#[test]
fn the_export_round_trips_and_opens_in_a_spreadsheet() {
    let sb = export_a_with_a_recorded_delivery();
    let list = |extra: &[&str]| {
        sb.cmd()
            .args(extra)
            .args(["orders", "list", "--json"])
            .run()
            .expect_code(0)
            .stdout()
    };
    let file = sb.path("history.jsonl");
    sb.cmd()
        .args(["orders", "export", "--output"])
        .arg(&file)
        .run()
        .expect_code(0);
    let from_file = list(&["--orders", file.to_str().expect("path")]);
    assert_eq!(from_file, list(&[]), "the JSON Lines export lost something");
    assert!(
        from_file.contains("2026-10-28"),
        "the recorded delivery date"
    );
    let csv = sb
        .cmd()
        .args(["orders", "export", "--format", "csv"])
        .run()
        .expect_code(0)
        .stdout();
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some(
            "order_id,order_date,marketplace,currency,status,order_total,asin,title,unit_price,quantity,shipped,promised,delivered,seller,order_refunded,order_returned,carrier,tracking"
        )
    );
    // One row per item: the kettle order has two.
    assert_eq!(csv.matches("113-1000001-0000001").count(), 2, "{csv}");
    assert!(
        csv.contains("\"Electric kettle, 1.7 L, \"\"Quiet Boil\"\"\""),
        "{csv}"
    );
}

#[test]
fn real_export_quirks_are_read_right() {
    let sb = sandbox();
    // A blank order id is a bad row, reported; --strict refuses the file.
    let blank = format!("{QUIRKS}/Order History blank id.csv");
    let out = import(&sb, &["--strict", &blank]).expect_code(2);
    assert!(
        out.stderr()
            .contains("Order History blank id.csv:3: Order ID: \"\": empty"),
        "{}",
        out.stderr()
    );
    // The extension's older table: no order url, day-first dates, £ with a trailing space,
    // the header repeated as its last line; the site inferred from the currency, and said.
    let out = import(&sb, &[&format!("{QUIRKS}/azad-old-no-url.csv")]).expect_code(0);
    assert!(
        out.stdout().contains(
            "6 order(s) name no Amazon site: amazon.co.uk inferred from their currency (GBP)"
        ),
        "{}",
        out.run_ok()
    );
    let show = sb
        .cmd()
        .args(["orders", "show", "202-0000001-0000001", "--json"])
        .run()
        .expect_code(0)
        .stdout();
    let o: serde_json::Value = serde_json::from_str(&show).expect("json");
    assert_eq!(o["date"], "2017-12-29");
    assert_eq!(
        o["total"],
        serde_json::json!({"amount": "27.34", "currency": "GBP"})
    );
    assert_eq!(o["items"][0]["quantity"], 2, "`2 of …` in the items cell");
    // CDN$ prices; the =SUBTOTAL footer is not an order.
    let out = import(&sb, &[&format!("{QUIRKS}/azad-ca-prices.csv")]).expect_code(0);
    assert!(
        out.stdout().contains("amazon.ca inferred"),
        "{}",
        out.run_ok()
    );
    // Orders dated `pending` are counted, not dropped silently.
    let out = import(&sb, &[&format!("{QUIRKS}/azad-new-us-pending.csv")]).expect_code(0);
    assert!(
        out.stdout().contains("1 order(s) dated `pending`"),
        "{}",
        out.run_ok()
    );
    // An old report's item without a title is kept, with a warning.
    let out = import(&sb, &[&format!("{QUIRKS}/c-items-empty-title.csv")]).expect_code(0);
    assert!(
        out.stderr()
            .contains("no title: the item is kept without one")
            && out.stdout().contains("orders   4 added"),
        "{}",
        out.run_ok()
    );
}

#[test]
fn an_older_and_a_newer_export_of_an_order_give_the_newer_whatever_the_order() {
    let older = "tests/fixtures/snapshots/older Order History.csv";
    let newer = "tests/fixtures/snapshots/newer Order History.csv";
    // Ordered: 2 × 30.00, not shipped; later: shipped as two parcels of 1.
    let alone = history_of(&[newer]);
    assert_eq!(history_of(&[older, newer]), alone, "older then newer");
    assert_eq!(history_of(&[newer, older]), alone, "newer then older");
    let sb = sandbox();
    import(&sb, &[older]).expect_code(0);
    import(&sb, &[newer]).expect_code(0);
    assert_eq!(exported(&sb), alone, "in two commands");
    let order: serde_json::Value = serde_json::from_str(alone.trim()).expect("order");
    let units: u64 = order["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|i| i["quantity"].as_u64())
        .sum();
    assert_eq!(units, 2, "lines were added up: {alone}");
    assert_eq!(order["status"], "shipped");
}

#[test]
fn what_only_a_worse_source_knew_of_an_item_stays() {
    // The old reports (C) say who sold each item; the data request (A) does not.
    for paths in [["c", "a"], ["a", "c"]] {
        let sb = sandbox();
        for p in paths {
            import(&sb, &[&format!("{EXPORTS}/{p}")]).expect_code(0);
        }
        let show = sb
            .cmd()
            .args(["orders", "show", "113-1000002-0000002", "--json"])
            .run()
            .expect_code(0)
            .stdout();
        let o: serde_json::Value = serde_json::from_str(&show).expect("json");
        assert_eq!(o["items"][0]["seller"], "amazon", "{paths:?}: {show}");
        assert_eq!(o["items"][0]["asin"], "B0BATTERY8", "{paths:?}: A's items");
    }
}

#[test]
fn a_history_that_cannot_be_used_is_said_and_left_alone() {
    // A legacy history with a broken line: an error naming it, each time, until it is fixed;
    // then its orders come in.
    let sb = sandbox();
    std::fs::create_dir_all(sb.path("data")).expect("data dir");
    let good = r#"{"id":"402-1111111-2222222","date":"2026-11-01","marketplace":"amazon.fr","currency":"EUR","items":[{"asin":"B0OLD00001","title":"Lampe","unit_price":"30.00","quantity":1}]}"#;
    sb.write("data/history.jsonl", &format!("{good}\n{{not json\n"));
    for _ in 0..2 {
        let out = sb.cmd().args(["orders", "list"]).run().expect_code(2);
        assert!(out.stderr().contains("history.jsonl:2"), "{}", out.stderr());
    }
    sb.write("data/history.jsonl", &format!("{good}\n"));
    let out = sb
        .cmd()
        .args(["orders", "list"])
        .run()
        .expect_code(0)
        .stdout();
    assert!(out.contains("402-1111111-2222222"), "{out}");

    // Another program's database is not taken over.
    let other = sandbox();
    std::fs::create_dir_all(other.path("data")).expect("data dir");
    let db = other.path("data/history.sqlite");
    rusqlite::Connection::open(&db)
        .and_then(|c| c.execute_batch("CREATE TABLE notes (text TEXT);"))
        .expect("foreign database");
    let bytes = std::fs::read(&db).expect("bytes");
    let out = other.cmd().args(["orders", "list"]).run().expect_code(2);
    assert!(
        out.stderr().contains("not an order history of claim"),
        "{}",
        out.stderr()
    );
    assert!(
        std::fs::read(&db).expect("bytes") == bytes,
        "the foreign database changed"
    );

    // An export is never written over the history it comes from.
    let sb = sandbox();
    import(&sb, &[&format!("{EXPORTS}/a")]).expect_code(0);
    let before = exported(&sb);
    let out = sb
        .cmd()
        .args(["orders", "export", "-o"])
        .arg(sb.path("data/history.sqlite"))
        .run()
        .expect_code(2);
    assert!(
        out.stderr().contains("is the order history itself"),
        "{}",
        out.stderr()
    );
    assert_eq!(exported(&sb), before);
}

#[test]
fn a_dry_run_creates_nothing() {
    let sb = sandbox();
    let out = import(&sb, &["--dry-run", &format!("{EXPORTS}/a")])
        .expect_code(0)
        .stdout();
    assert!(
        out.contains("orders   3 added") && out.contains("Dry run"),
        "{out}"
    );
    assert!(
        !sb.path("data/history.sqlite").exists(),
        "a dry run created the history"
    );
}

#[test]
fn orders_of_an_unknown_site_or_currency_are_not_judged() {
    let sb = sandbox();
    let orders = b_file(&[
        b_row(
            "Ebay.com",
            "402-5555555-0000003",
            "2026-11-10",
            "EUR",
            "B0TESTEB01",
            "20.00",
        ),
        b_row(
            "Amazon.com",
            "113-5555555-0000004",
            "2026-11-10",
            "EUR",
            "B0TESTUS01",
            "20.00",
        ),
    ]);
    let file = sb.write("Retail.OrderHistory.1.csv", &orders);
    import(&sb, &[file.to_str().expect("path")]).expect_code(0);
    let out = sb
        .cmd()
        .args([
            "check",
            "--order",
            "402-5555555-0000003",
            "--problem",
            "damaged",
        ])
        .run()
        .expect_code(2);
    assert!(
        out.stderr().contains("no policy for marketplace `unknown`"),
        "{}",
        out.stderr()
    );
    let doc: serde_json::Value = serde_json::from_str(
        &sb.cmd()
            .args(["scan", "--all", "--json"])
            .run()
            .expect_code(0)
            .stdout(),
    )
    .expect("json");
    assert_eq!(doc["windows"], serde_json::json!([]), "{doc}");
    assert_eq!(
        doc["no_policy"],
        serde_json::json!([{"marketplace": null, "orders": 1}])
    );
    assert_eq!(
        doc["wrong_currency"],
        serde_json::json!([{"marketplace": "amazon.com", "currency": "EUR", "orders": 1}])
    );
    let list: serde_json::Value = serde_json::from_str(
        &sb.cmd()
            .args(["orders", "list", "--json"])
            .run()
            .expect_code(0)
            .stdout(),
    )
    .expect("json");
    assert!(
        list["orders"]
            .as_array()
            .expect("orders")
            .iter()
            .any(|o| o["marketplace"].is_null()),
        "{list}"
    );
}

#[test]
fn a_refund_in_another_currency_keeps_it() {
    let sb = sandbox();
    let orders = b_file(&[b_row(
        "Amazon.fr",
        "402-7777777-0000001",
        "2026-11-01",
        "EUR",
        "B0TESTFR09",
        "40.00",
    )]);
    let file = sb.write("Retail.OrderHistory.1.csv", &orders);
    let refunds = sb.write(
        "Retail.OrdersReturned.Payments.1.csv",
        "\u{feff}\"OrderID\",\"ReversalID\",\"RefundCompletionDate\",\"Currency\",\"AmountRefunded\",\"Status\",\"DisbursementType\"\r\n\"402-7777777-0000001\",\"R1\",\"2026-11-05T10:00:00Z\",\"USD\",\"12.00\",\"Completed\",\"Refund\"\r\n",
    );
    import(
        &sb,
        &[
            file.to_str().expect("path"),
            refunds.to_str().expect("path"),
        ],
    )
    .expect_code(0);
    let jsonl = sb.path("export.jsonl");
    sb.cmd()
        .args(["orders", "export", "-o"])
        .arg(&jsonl)
        .run()
        .expect_code(0);
    let from_file = sb
        .cmd()
        .args([
            "--orders",
            jsonl.to_str().expect("path"),
            "orders",
            "list",
            "--json",
        ])
        .run()
        .expect_code(0)
        .stdout();
    assert!(
        from_file.contains(r#""amount":{"amount":"12.00","currency":"USD"}"#)
            || from_file.contains("\"currency\": \"USD\""),
        "{from_file}"
    );
    // Dollars are not added to euros.
    let list = sb
        .cmd()
        .args(["orders", "list"])
        .run()
        .expect_code(0)
        .stdout();
    assert!(
        !list.contains("€12.00") && !list.contains("12,00 €"),
        "{list}"
    );
}

#[test]
fn order_files_and_exported_histories_import_without_overwriting_recorded_facts() {
    let sb = export_a_with_a_recorded_delivery();
    let before = exported(&sb);
    // The JSON Lines export is a history: imported elsewhere, it gives the same history,
    // refunds and returns included; imported again here, it adds nothing.
    let lines = sb.path("export.jsonl");
    sb.cmd()
        .args(["orders", "export", "--output"])
        .arg(&lines)
        .run()
        .expect_code(0);
    let elsewhere = sandbox();
    let done = import(&elsewhere, &[lines.to_str().expect("path")]).expect_code(0);
    assert!(
        done.stdout()
            .contains("exported history (JSON Lines), 3 orders"),
        "{}",
        done.stdout()
    );
    assert_eq!(exported(&elsewhere), before);
    import(&sb, &[lines.to_str().expect("path")]).expect_code(0);
    assert_eq!(exported(&sb), before, "a history imported twice");
    // An order file: its new orders are added; what it says of a known order fills what is
    // missing and never replaces what the user recorded.
    let file = sb.write(
        "more.toml",
        r#"
[[orders]]
id = "113-1000002-0000002"
date = 2026-10-20
marketplace = "amazon.com"
currency = "USD"
delivered = 2026-10-30
promised = 2026-10-27

[[orders]]
id = "114-0000009-0000009"
date = 2026-11-01
marketplace = "amazon.com"
currency = "USD"
delivered = 2026-11-04

[[orders.items]]
asin = "B0FORMULA1"
title = "=HYPERLINK(\"http://example.org\")"
unit_price = "9.99"
"#,
    );
    import(&sb, &[file.to_str().expect("path")]).expect_code(0);
    let show = |id: &str| -> serde_json::Value {
        serde_json::from_str(
            &sb.cmd()
                .args(["orders", "show", id, "--json"])
                .run()
                .expect_code(0)
                .stdout(),
        )
        .expect("json")
    };
    let known = show("113-1000002-0000002");
    assert_eq!(known["delivered"], "2026-10-28", "{known}");
    assert_eq!(known["promised"], "2026-10-27", "{known}");
    assert_eq!(show("114-0000009-0000009")["delivered"], "2026-11-04");
    // A spreadsheet shows a cell that starts like a formula as text.
    let csv = sb
        .cmd()
        .args(["orders", "export", "--format", "csv"])
        .run()
        .expect_code(0)
        .stdout();
    assert!(
        csv.contains(r#""'=HYPERLINK(""http://example.org"")""#),
        "{csv}"
    );
    // A file with a mistake is refused whole, at its place, and the history is untouched.
    let before = exported(&sb);
    let bad = sb.write(
        "bad.toml",
        "[[orders]]\nid = \"x\"\ndate = 2026-13-01\nmarketplace = \"amazon.com\"\ncurrency = \"USD\"\n",
    );
    let done = import(&sb, &[bad.to_str().expect("path")]).expect_code(2);
    assert!(done.stderr().contains("bad.toml:3:8"), "{}", done.stderr());
    assert_eq!(exported(&sb), before);
    // So is a history file holding an order twice, or a fact dated before its order.
    let order = r#"{"id":"115-0000001-0000001","date":"2026-11-01","marketplace":"amazon.com","currency":"USD","items":[]}"#;
    let twice = sb.write("twice.jsonl", &format!("{order}\n{order}\n"));
    let done = import(&sb, &[twice.to_str().expect("path")]).expect_code(2);
    assert!(
        done.stderr()
            .contains("twice.jsonl:2: not an order (duplicate order id"),
        "{}",
        done.stderr()
    );
    let early = sb.write(
        "early.jsonl",
        &order.replace(r#""items""#, r#""delivered":"2026-10-30","items""#),
    );
    let done = import(&sb, &[early.to_str().expect("path")]).expect_code(2);
    assert!(
        done.stderr().contains("before the order date"),
        "{}",
        done.stderr()
    );
    // And what a file says happened after today (2026-11-26) has not happened yet.
    let ahead = sb.write(
        "ahead.toml",
        "[[orders]]\nid = \"171-0000001-0000001\"\ndate = 2026-11-01\nmarketplace = \"amazon.fr\"\ncurrency = \"EUR\"\ndelivered = 2026-12-01\n",
    );
    let done = import(&sb, &[ahead.to_str().expect("path")]).expect_code(2);
    assert!(
        done.stderr()
            .contains("delivered date 2026-12-01 is after today"),
        "{}",
        done.stderr()
    );
    assert_eq!(exported(&sb), before);
}

#[test]
fn recorded_facts_and_marketplaces_are_checked_before_they_are_kept() {
    let sb = sandbox();
    import(&sb, &[&format!("{EXPORTS}/a")]).expect_code(0);
    let set = |args: &[&str]| {
        sb.cmd()
            .args(["orders", "set", "113-1000002-0000002"])
            .args(args)
            .run()
    };
    // Facts that contradict each other or the export are refused, nothing recorded.
    let done = set(&["--delivered", "2026-11-20", "--returned", "2026-11-19"]).expect_code(2);
    assert!(
        done.stderr().contains("before the delivered date"),
        "{}",
        done.stderr()
    );
    let done = set(&["--prime", "--no-prime"]).expect_code(2);
    assert!(
        done.stderr().contains("cannot be used with"),
        "{}",
        done.stderr()
    );
    // A delivery is something that happened: not after today (2026-11-26).
    let done = set(&["--delivered", "2026-12-01"]).expect_code(2);
    assert!(done.stderr().contains("after today"), "{}", done.stderr());
    // A promised date may lie ahead.
    set(&["--promised", "2026-12-01"]).expect_code(0);
    for bad in ["amazon.fr evil", "amazon.", "ebay.fr"] {
        let done = sb
            .cmd()
            .args(["orders", "import", "--marketplace", bad, "-"])
            .run()
            .expect_code(2);
        assert!(
            done.stderr().contains("not an Amazon site"),
            "{bad}: {}",
            done.stderr()
        );
    }
}
