//! The case journal: `check --save`, `list`, `show`, `log`, `close`, `due`, and what must
//! hold whatever happens (concurrent writers, crashes, a journal from the future).

use super::*;

const SAVE: &[&str] = &[
    "--orders",
    DEMO,
    "check",
    "--order",
    "402-8765432-1122334",
    "--problem",
    "damaged",
    "--severity",
    "major",
    "--save",
];

fn cases(sb: &Sandbox, today: &str) -> serde_json::Value {
    let out = sb
        .cmd()
        .env("CLAIM_TODAY", today)
        .args(["list", "--json"])
        .run()
        .expect_code(0);
    serde_json::from_str(&out.stdout()).expect("list --json")
}

fn show(sb: &Sandbox, id: &str, today: &str) -> serde_json::Value {
    let out = sb
        .cmd()
        .env("CLAIM_TODAY", today)
        .args(["show", id, "--json"])
        .run()
        .expect_code(0);
    serde_json::from_str(&out.stdout()).expect("show --json")
}

fn journal_text(sb: &Sandbox) -> String {
    std::fs::read_to_string(sb.path("data/journal.toml")).unwrap_or_default()
}

#[test]
fn a_claim_lives_from_check_to_close() {
    let sb = Sandbox::new();
    let out = sb.cmd().args(SAVE).run().expect_code(0);
    assert!(
        out.stderr().contains("Dossier enregistré : C1"),
        "{}",
        out.stderr()
    );
    let list = cases(&sb, "2026-11-26");
    assert_eq!(list["schema_version"], 1);
    let c = &list["cases"][0];
    assert_eq!(
        (
            c["id"].as_str(),
            c["order_id"].as_str(),
            c["problem"].as_str(),
            c["remedy"].as_str(),
            c["status"].as_str()
        ),
        (
            Some("C1"),
            Some("402-8765432-1122334"),
            Some("damaged"),
            Some("replacement"),
            Some("open")
        )
    );
    // Nothing sent yet: the follow-up is now.
    assert_eq!(c["next_follow_up"], "2026-11-26");

    // Sent on the 27th: amazon-fr waits 7 days (reply_wait) at the first contact.
    sb.cmd()
        .env("CLAIM_TODAY", "2026-11-27")
        .args(["log", "C1", "--sent"])
        .run()
        .expect_code(0);
    let c = cases(&sb, "2026-11-27")["cases"][0].clone();
    assert_eq!(
        (c["status"].as_str(), c["next_follow_up"].as_str()),
        (Some("awaiting_reply"), Some("2026-12-04"))
    );
    let due = sb
        .cmd()
        .env("CLAIM_TODAY", "2026-12-03")
        .args(["list", "--due", "--json"])
        .run()
        .stdout();
    assert!(!due.contains("C1"), "not due yet: {due}");
    let due = sb
        .cmd()
        .env("CLAIM_TODAY", "2026-12-04")
        .args(["list", "--due", "--json"])
        .run()
        .stdout();
    assert!(due.contains("\"C1\""), "due: {due}");

    // A refusal comes back: the case is ours to move again.
    sb.cmd()
        .env("CLAIM_TODAY", "2026-12-02")
        .args([
            "log",
            "1",
            "--reply",
            "Nous ne pouvons pas donner suite.",
            "--date",
            "2026-12-02",
        ])
        .run()
        .expect_code(0);
    let c = cases(&sb, "2026-12-02")["cases"][0].clone();
    assert_eq!(
        (c["status"].as_str(), c["next_follow_up"].as_str()),
        (Some("open"), Some("2026-12-02"))
    );

    // Escalated on the 3rd: level 1 also waits 7 days.
    sb.cmd()
        .env("CLAIM_TODAY", "2026-12-03")
        .args(["log", "C1", "--status", "escalated"])
        .run()
        .expect_code(0);
    let c = cases(&sb, "2026-12-03")["cases"][0].clone();
    assert_eq!(
        (
            c["status"].as_str(),
            c["level"].as_u64(),
            c["next_follow_up"].as_str()
        ),
        (Some("escalated"), Some(1), Some("2026-12-10"))
    );
    // Level 2, the formal notice about a damaged item, waits the 30 days the law gives the
    // seller to bring it into conformity (conformity_delay), not the 15 of a delivery notice.
    sb.cmd()
        .env("CLAIM_TODAY", "2026-12-10")
        .args(["log", "C1", "--status", "escalated"])
        .run()
        .expect_code(0);
    let c = cases(&sb, "2026-12-10")["cases"][0].clone();
    assert_eq!(
        (c["level"].as_u64(), c["next_follow_up"].as_str()),
        (Some(2), Some("2027-01-09"))
    );

    sb.cmd()
        .env("CLAIM_TODAY", "2026-12-12")
        .args(["log", "C1", "--note", "Appel au 0800, dossier 1234"])
        .run()
        .expect_code(0);
    sb.cmd()
        .env("CLAIM_TODAY", "2026-12-15")
        .args(["close", "C1", "--outcome", "replacement", "--amount", "249"])
        .run()
        .expect_code(0);
    let shown = show(&sb, "C1", "2026-12-15");
    assert_eq!(shown["status"], "resolved");
    assert_eq!(shown["next_follow_up"], serde_json::Value::Null);
    let kinds: Vec<&str> = shown["events"]
        .as_array()
        .expect("events")
        .iter()
        .filter_map(|e| e["kind"].as_str())
        .collect();
    assert_eq!(
        kinds,
        [
            "created",
            "draft",
            "sent",
            "reply",
            "escalated",
            "escalated",
            "note",
            "closed"
        ]
    );
    let closed = shown["events"]
        .as_array()
        .and_then(|e| e.last())
        .cloned()
        .expect("closed");
    assert_eq!(
        (
            closed["text"].as_str(),
            closed["amount"]["amount"].as_str(),
            closed["amount"]["currency"].as_str()
        ),
        (Some("replacement"), Some("249.00"), Some("EUR"))
    );
    assert_eq!(shown["facts"]["severity"], "major");
    // The human views show each step.
    let human = sb
        .cmd()
        .env("CLAIM_TODAY", "2026-12-15")
        .args(["show", "C1"])
        .run()
        .expect_code(0)
        .stdout();
    assert!(
        human.contains("Nous ne pouvons pas donner suite.") && human.contains("Mise en demeure"),
        "{human}"
    );
    let table = sb
        .cmd()
        .env("CLAIM_TODAY", "2026-12-15")
        .arg("list")
        .run()
        .expect_code(0)
        .stdout();
    assert!(table.contains("resolved"), "{table}");
}

#[test]
fn log_and_close_refuse_what_cannot_be() {
    let sb = Sandbox::new();
    sb.cmd().args(SAVE).run().expect_code(0);
    let before = journal_text(&sb);
    let cases = [
        (vec!["log", "C9", "--sent"], "no case `C9`"),
        (
            vec!["log", "C1", "--sent", "--date", "2026-11-01"],
            "before case C1 was opened",
        ),
        (
            vec!["log", "C1", "--sent", "--date", "2027-01-01"],
            "after today",
        ),
        (vec!["log", "C1", "--status", "lost"], "unknown"),
        (vec!["log", "C1"], "required"),
        (vec!["close", "C1", "--outcome", "cash"], "unknown"),
    ];
    for (args, needle) in cases {
        let out = sb.cmd().args(&args).run().expect_code(2);
        assert!(out.stderr().contains(needle), "{args:?}: {}", out.stderr());
        assert_eq!(journal_text(&sb), before, "{args:?} changed the journal");
    }
}

#[test]
fn replies_are_stored_exactly_and_shown_harmlessly() {
    let sb = Sandbox::new();
    sb.cmd().args(SAVE).run().expect_code(0);
    let evil = "Refusé.\u{1b}[2J\u{1b}[31mVotre compte est bloqué\u{1b}[0m \u{202e}txt.exe";
    sb.cmd()
        .args(["log", "C1", "--reply", "-"])
        .stdin(evil)
        .run()
        .expect_code(0);
    let human = sb.cmd().args(["show", "C1"]).run().expect_code(0).stdout();
    assert!(
        !human.contains('\u{1b}') && !human.contains('\u{202e}'),
        "{human}"
    );
    assert!(human.contains("\\u{1b}[2J"), "{human}");
    let json = show(&sb, "C1", "2026-11-26");
    let reply = json["events"]
        .as_array()
        .and_then(|e| e.iter().find(|e| e["kind"] == "reply"))
        .cloned()
        .expect("reply");
    assert_eq!(reply["text"], evil);
}

#[test]
fn twenty_processes_saving_at_once_make_twenty_cases() {
    let sb = Sandbox::new();
    let children: Vec<_> = (0..20)
        .map(|_| {
            let mut c = sb.cmd().args(SAVE).cmd;
            c.stdout(Stdio::null())
                .stderr(Stdio::piped())
                .stdin(Stdio::null());
            c.spawn().expect("spawn")
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().expect("wait");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let list = cases(&sb, "2026-11-26");
    let mut ids: Vec<String> = list["cases"]
        .as_array()
        .expect("cases")
        .iter()
        .filter_map(|c| c["id"].as_str().map(str::to_owned))
        .collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 20, "{ids:?}");
}

#[test]
fn a_process_killed_while_writing_never_damages_the_journal() {
    let sb = Sandbox::new();
    let mut completed = 0;
    // A fixed pseudo-random sequence of kill delays, from 0 to ~12 ms.
    let mut seed: u64 = 0x5eed;
    for _ in 0..40 {
        seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
        let delay = Duration::from_micros((seed >> 33) % 12_000);
        let mut c = sb.cmd().args(SAVE).cmd;
        c.stdout(Stdio::null())
            .stderr(Stdio::null())
            .stdin(Stdio::null());
        let mut child = c.spawn().expect("spawn");
        std::thread::sleep(delay);
        let _ = child.kill();
        let status = child.wait().expect("wait");
        if status.success() {
            completed += 1;
        }
        let list = sb.cmd().args(["list", "--json"]).run();
        assert_eq!(
            list.code(),
            0,
            "the journal became unreadable:\n{}",
            list.stderr()
        );
        let doc: serde_json::Value = serde_json::from_str(&list.stdout()).expect("json");
        let n = doc["cases"].as_array().map_or(0, Vec::len);
        assert!(n >= completed, "{n} cases, but {completed} saves completed");
    }
    // The next write sweeps the temporary files the killed processes left.
    sb.cmd().args(SAVE).run().expect_code(0);
    let leftovers: Vec<String> = std::fs::read_dir(sb.path("data"))
        .expect("data dir")
        .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn a_journal_from_a_newer_version_is_refused_and_left_untouched() {
    let sb = Sandbox::new();
    std::fs::create_dir_all(sb.path("data")).expect("dir");
    let future = "schema_version = 99\nnext_id = 1\nfuture_field = true\n";
    sb.write("data/journal.toml", future);
    for args in [vec!["list"], SAVE.to_vec()] {
        let out = sb.cmd().args(&args).run();
        assert_eq!(out.code(), 2, "{args:?}");
        assert!(
            out.stderr().contains("newer version of claim"),
            "{}",
            out.stderr()
        );
        assert_eq!(journal_text(&sb), future);
    }
}

#[test]
fn a_data_dir_that_cannot_be_created_is_named_once_with_its_cause() {
    let sb = Sandbox::new();
    // A regular file where the data directory should be.
    sb.write("data", "");
    let out = sb.cmd().args(SAVE).run().expect_code(2);
    let lock = sb.path("data").join("journal.lock");
    let err = out.stderr();
    assert!(
        err.contains(&format!("cannot write {}: ", lock.display())),
        "{err}"
    );
    assert_eq!(err.matches("os error").count(), 1, "{err}");
}

#[test]
fn a_damaged_journal_gives_an_error_naming_the_file() {
    let sb = Sandbox::new();
    std::fs::create_dir_all(sb.path("data")).expect("dir");
    let broken = "schema_version = 1\nnext_id = 2\n[[cases]]\nid = \"C1\"\nopened = \n";
    sb.write("data/journal.toml", broken);
    let out = sb.cmd().arg("list").run().expect_code(2);
    assert!(
        out.stderr().contains("journal.toml") && out.stderr().contains("damaged"),
        "{}",
        out.stderr()
    );
    assert!(
        out.stderr().contains(":5:"),
        "a line number: {}",
        out.stderr()
    );
    let out = sb.cmd().args(SAVE).run().expect_code(2);
    assert!(out.stderr().contains("damaged"), "{}", out.stderr());
    assert_eq!(journal_text(&sb), broken);
}

#[test]
fn due_lists_follow_ups_and_deadlines_and_exports_a_valid_calendar() {
    let sb = Sandbox::new();
    sb.cmd().args(SAVE).run().expect_code(0);
    sb.cmd()
        .args([
            "--orders",
            DEMO,
            "check",
            "--order",
            "407-3344556-7788990",
            "--problem",
            "damaged",
            "--severity",
            "major",
            "--save",
        ])
        .run()
        .expect_code(0);
    let table = sb
        .cmd()
        .args(["due", "--within", "10"])
        .run()
        .expect_code(0)
        .stdout();
    assert!(
        table.contains("claim C1: follow up") && table.contains("2026-12-04"),
        "{table}"
    );
    assert!(!table.contains("2027-01-31"), "beyond 10 days: {table}");

    let ics = sb
        .cmd()
        .args(["due", "--ics"])
        .run()
        .expect_code(0)
        .stdout();
    assert!(ics.contains("\r\n") && ics.split("\r\n").all(|l| l.len() <= 75));
    let unfolded = icalendar::parser::unfold(&ics);
    let calendar = icalendar::parser::read_calendar(&unfolded).expect("a valid iCalendar file");
    let events: Vec<_> = calendar
        .components
        .iter()
        .filter(|c| c.name == "VEVENT")
        .collect();
    assert!(events.len() >= 6, "{}", events.len());
    let prop = |c: &icalendar::parser::Component<'_>, name: &str| {
        c.properties
            .iter()
            .find(|p| p.name == name)
            .map(|p| p.val.as_str().to_owned())
    };
    let mut uids: Vec<String> = events.iter().filter_map(|e| prop(e, "UID")).collect();
    let total = uids.len();
    uids.sort();
    uids.dedup();
    assert_eq!(uids.len(), total, "one UID per event");
    for e in &events {
        assert!(
            e.properties
                .iter()
                .any(|p| p.name == "DTSTART" && p.params.iter().any(|x| x.key == "VALUE")),
            "all-day"
        );
        let alarm = e
            .components
            .iter()
            .find(|c| c.name == "VALARM")
            .expect("an alarm");
        assert_eq!(prop(alarm, "TRIGGER").as_deref(), Some("-P1D"));
    }
    // Reproducible: the stamp is --today, not the clock.
    assert_eq!(ics, sb.cmd().args(["due", "--ics"]).run().stdout());
}
