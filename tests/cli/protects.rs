//! What `claim` protects (the README's section of that name): files keep their owner's
//! settings, inputs are bounded, hand-edited files are checked, amounts cannot be misread.

use std::io::Write as _;
use std::os::unix::fs::PermissionsExt as _;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::{COFFEE, DEMO, Done, Run, Sandbox, wait_within};

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path)
        .expect("metadata")
        .permissions()
        .mode()
        & 0o777
}

fn chmod(path: &Path, mode: u32) {
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).expect("chmod");
}

/// The `claim` binary under an address-space limit (`ulimit -v`, KiB), so that a reader
/// holding what it must not fails the test with an allocation error.
fn limited(sb: &Sandbox, kib: u64, args: &[&str]) -> Run {
    let mut shell = Command::new("sh");
    shell
        .arg("-c")
        .arg(format!("ulimit -v {kib} && exec \"$0\" \"$@\""))
        .arg(env!("CARGO_BIN_EXE_claim"))
        .args(args);
    Run {
        cmd: sb.pinned(shell),
        stdin: None,
        limit: Duration::from_secs(60),
    }
}

/// Saves the demo's coffee-machine case as C1.
fn save_coffee(sb: &Sandbox) {
    sb.cmd()
        .arg("check")
        .args([COFFEE, &["--save"]].concat())
        .run()
        .expect_code(0);
}

/// 200 MiB of address space: the memory bound, with the binary's own mappings in it.
const MEMORY_KIB: u64 = 200 * 1024;

#[test]
fn private_files_stay_private_after_every_command_that_writes_them() {
    let sb = Sandbox::new();
    let journal = sb.path("data/journal.toml");
    let history = sb.path("data/history.sqlite");
    let config = sb.path("config.toml");
    // New files are created private.
    let save = [COFFEE, &["--save"]].concat();
    sb.cmd().arg("check").args(&save).run().expect_code(0);
    assert_eq!(mode(&journal), 0o600, "a new journal");
    sb.cmd()
        .args(["orders", "import", DEMO])
        .run()
        .expect_code(0);
    assert_eq!(mode(&history), 0o600, "a new history");
    // A mode the owner chose is kept, whichever it is (never widened, never changed).
    for chosen in [0o600, 0o640] {
        for file in [&journal, &history, &config] {
            chmod(file, chosen);
        }
        sb.cmd().args(["log", "C1", "--sent"]).run().expect_code(0);
        sb.cmd()
            .args(["log", "C1", "--note", "called"])
            .run()
            .expect_code(0);
        sb.cmd()
            .args(["orders", "import", "--again", DEMO])
            .run()
            .expect_code(0);
        sb.cmd()
            .args(["config", "set", "profile.name", "Camille Martin"])
            .run()
            .expect_code(0);
        for file in [&journal, &history, &config] {
            assert_eq!(mode(file), chosen, "{}", file.display());
        }
    }
}

#[test]
fn a_symlinked_journal_and_config_are_written_through() {
    let sb = Sandbox::new();
    save_coffee(&sb);
    // The journal and the configuration live in a synced folder, linked from where claim
    // looks for them.
    std::fs::create_dir_all(sb.path("synced")).expect("dir");
    for (link, target) in [
        ("data/journal.toml", "synced/journal.toml"),
        ("config.toml", "synced/config.toml"),
    ] {
        std::fs::rename(sb.path(link), sb.path(target)).expect("move");
        std::os::unix::fs::symlink(sb.path(target), sb.path(link)).expect("link");
    }
    sb.cmd()
        .args(["log", "C1", "--note", "through the link"])
        .run()
        .expect_code(0);
    sb.cmd()
        .args(["config", "set", "profile.city", "Lyon"])
        .run()
        .expect_code(0);
    for (link, target, written) in [
        (
            "data/journal.toml",
            "synced/journal.toml",
            "through the link",
        ),
        ("config.toml", "synced/config.toml", "Lyon"),
    ] {
        let meta = std::fs::symlink_metadata(sb.path(link)).expect("link");
        assert!(meta.file_type().is_symlink(), "{link} is still a link");
        let text = std::fs::read_to_string(sb.path(target)).expect("target");
        assert!(text.contains(written), "{target}: {text}");
    }
    let names: Vec<String> = std::fs::read_dir(sb.path("synced"))
        .expect("dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 2, "no temporary file left: {names:?}");
}

#[test]
fn a_folder_with_loops_and_a_fifo_imports_each_file_once_promptly() {
    let sb = Sandbox::new();
    let dir = sb.path("export");
    std::fs::create_dir_all(dir.join("sub")).expect("dir");
    std::fs::copy(
        "tests/fixtures/pitfalls/Order History.csv",
        dir.join("sub/Order History.csv"),
    )
    .expect("copy");
    std::os::unix::fs::symlink(".", dir.join("self")).expect("self");
    std::os::unix::fs::symlink("..", dir.join("sub/up")).expect("up");
    std::os::unix::fs::symlink("sub/Order History.csv", dir.join("again.csv")).expect("file");
    let fifo = Command::new("mkfifo")
        .arg(dir.join("pipe.csv"))
        .status()
        .expect("mkfifo");
    assert!(fifo.success());
    let shown = sb
        .cmd()
        .args(["orders", "import"])
        .arg(&dir)
        .within(Duration::from_secs(30))
        .run()
        .expect_code(0)
        .stdout();
    assert!(
        shown.contains("pipe.csv") && shown.contains("not a regular file"),
        "{shown}"
    );
    assert_eq!(shown.matches("rows").count(), 1, "one file read: {shown}");
    // The history holds what importing the file alone gives.
    let alone = Sandbox::new();
    alone
        .cmd()
        .args([
            "orders",
            "import",
            "tests/fixtures/pitfalls/Order History.csv",
        ])
        .run()
        .expect_code(0);
    let list = |sb: &Sandbox| {
        sb.cmd()
            .args(["orders", "list", "--json"])
            .run()
            .expect_code(0)
            .stdout()
    };
    assert_eq!(list(&sb), list(&alone));
}

#[test]
fn a_zip_bomb_field_fails_with_one_line_in_little_memory() {
    let sb = Sandbox::new();
    let path = sb.path("bomb.zip");
    {
        let file = std::fs::File::create(&path).expect("zip");
        let mut zip = zip::ZipWriter::new(file);
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        zip.start_file("Your Orders/Order History.csv", options)
            .expect("entry");
        let export =
            std::fs::read_to_string("tests/fixtures/pitfalls/Order History.csv").expect("fixture");
        let header = export.lines().next().expect("header");
        zip.write_all(format!("{header}\n\"B0LAMP0001").as_bytes())
            .expect("row");
        // 256 MiB of one quoted field: a few hundred kilobytes once compressed.
        let block = vec![b'a'; 1 << 20];
        for _ in 0..256 {
            zip.write_all(&block).expect("field");
        }
        zip.finish().expect("finish");
    }
    assert!(std::fs::metadata(&path).expect("size").len() < 2 << 20);
    let out = limited(&sb, MEMORY_KIB, &["orders", "import"])
        .arg(&path)
        .run()
        .expect_code(2);
    out.says("a row over 4 MiB");
    assert_eq!(
        out.stderr().trim().lines().count(),
        1,
        "one line: {}",
        out.stderr()
    );
}

#[test]
fn a_gigabyte_single_line_csv_fails_with_one_line_in_little_memory() {
    let sb = Sandbox::new();
    let mut child = limited(&sb, MEMORY_KIB, &["orders", "import", "-"])
        .cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut stdin = child.stdin.take().expect("stdin");
    let writer = std::thread::spawn(move || {
        let block = vec![b'x'; 1 << 20];
        let mut written = 0u64;
        for _ in 0..1024 {
            if stdin.write_all(&block).is_err() {
                break;
            }
            written += block.len() as u64;
        }
        written
    });
    let out = Done(wait_within(child, Duration::from_secs(60)));
    let written = writer.join().expect("writer");
    let out = out.expect_code(2);
    out.says("a row over 4 MiB");
    assert_eq!(
        out.stderr().trim().lines().count(),
        1,
        "one line: {}",
        out.stderr()
    );
    assert!(
        written < 64 << 20,
        "stopped reading early: {written} bytes taken"
    );
}

#[test]
fn a_journal_whose_ids_could_collide_is_refused_untouched() {
    let sb = Sandbox::new();
    let save = [COFFEE, &["--save"]].concat();
    for _ in 0..2 {
        sb.cmd().arg("check").args(&save).run().expect_code(0);
    }
    let journal = sb.path("data/journal.toml");
    let good = std::fs::read_to_string(&journal).expect("journal");
    assert!(good.contains("next_id = 3") && good.contains("id = \"C2\""));
    for (damage, why) in [
        (
            good.replace("next_id = 3", "next_id = 1"),
            "not below next_id = 1",
        ),
        (good.replace("id = \"C2\"", "id = \"C1\""), "given twice"),
        (
            good.replace("next_id = 3", "next_id = 18446744073709551615"),
            "next_id",
        ),
        (
            good.replacen("level = 0", "level = 18446744073709551615", 1),
            "level",
        ),
    ] {
        std::fs::write(&journal, &damage).expect("write");
        for args in [vec!["list"], [&["check"], save.as_slice()].concat()] {
            let out = sb.cmd().args(&args).run();
            assert_ne!(out.code(), 0, "{args:?} with {why}");
            out.says(why);
            assert_eq!(std::fs::read_to_string(&journal).expect("journal"), damage);
        }
    }
}

#[test]
fn amounts_that_could_be_misread_are_refused() {
    let sb = Sandbox::new();
    let check = |price: &str| {
        sb.cmd()
            .args([
                "check",
                "--problem",
                "damaged",
                "--seller",
                "amazon",
                "--ordered",
                "2026-11-10",
                "--delivered",
                "2026-11-20",
                "--price",
                price,
                "--json",
            ])
            .run()
    };
    for (price, why) in [
        ("1.500", "ambiguous"),
        ("1,500", "ambiguous"),
        ("12.345", "ambiguous"),
        ("1.2345", "more than two decimals"),
        ("0.001", "more than two decimals"),
        ("0", "price is zero"),
    ] {
        let out = check(price).expect_code(2);
        assert!(out.stderr().contains(why), "{price}: {}", out.stderr());
    }
    for (price, amount) in [
        ("1.234,56", "1234.56"),
        ("1,234.56", "1234.56"),
        ("12,5", "12.50"),
    ] {
        let report = check(price).expect_code(0).report();
        let text = serde_json::to_string(&report).expect("json");
        assert!(text.contains(amount), "{price}: {text}");
    }
}

#[test]
fn a_profile_name_on_two_lines_is_refused_when_the_config_is_read() {
    let sb = Sandbox::new();
    sb.write(
        "config.toml",
        "[profile]\nname = \"Sam\\nBcc: x@example.org\"\n",
    );
    let out = sb.cmd().args(["check"]).args(COFFEE).run().expect_code(2);
    out.says("config.toml:2:");
}

#[test]
fn hidden_characters_are_escaped_in_json_and_dropped_from_calendars() {
    let sb = Sandbox::new();
    let demo = std::fs::read_to_string(DEMO).expect("demo");
    let flipped = demo.replacen(
        "title = \"",
        "title = \"\u{202e}gpj.exe\u{202c} \u{85}\\nBcc: x ",
        usize::MAX,
    );
    sb.write("orders.toml", &flipped);
    let orders = sb.path("orders.toml");
    let mut args: Vec<&str> = COFFEE.to_vec();
    args[1] = orders.to_str().expect("path");
    let out = sb
        .cmd()
        .arg("check")
        .args(&args)
        .args(["--json", "--save"])
        .run()
        .expect_code(0);
    // A title names one thing, on one line: what hides text is gone from it.
    let json = out.stdout();
    assert!(json.contains("gpj.exe Bcc: x Machine"), "{json}");
    assert!(!json.contains('\u{202e}') && !json.contains('\u{85}') && !json.contains("\\u202e"));
    // A reply is kept as written, and escaped in JSON.
    sb.cmd()
        .args(["log", "C1", "--reply", "Refus\u{202e}lufituoc\u{85}"])
        .run()
        .expect_code(0);
    let json = sb
        .cmd()
        .args(["show", "C1", "--json"])
        .run()
        .expect_code(0)
        .stdout();
    assert!(
        json.contains("\\u202e") && json.contains("\\u0085"),
        "{json}"
    );
    assert!(!json.contains('\u{202e}') && !json.contains('\u{85}'));
    let ics = sb
        .cmd()
        .args(["due", "--ics"])
        .run()
        .expect_code(0)
        .stdout();
    assert!(ics.contains("BEGIN:VEVENT"), "{ics}");
    assert!(
        !ics.contains('\u{202e}') && !ics.contains('\u{85}'),
        "{ics}"
    );
}

#[test]
fn an_attachment_must_be_a_regular_file_of_reasonable_size() {
    let sb = Sandbox::new();
    sb.cmd()
        .arg("check")
        .args(COFFEE)
        .args(["--draft", "--attach", "/dev/zero"])
        .within(Duration::from_secs(30))
        .run()
        .expect_code(2)
        .says("not a regular file");
}

#[test]
fn a_reply_from_stdin_is_bounded() {
    let sb = Sandbox::new();
    save_coffee(&sb);
    let long = "x".repeat(2 << 20);
    let out = sb
        .cmd()
        .args(["log", "C1", "--reply", "-"])
        .stdin(&long)
        .run();
    assert_ne!(out.code(), 0);
    out.says("longer than 1 MiB");
    let out = sb
        .cmd()
        .args(["close", "C1", "--outcome", "nothing", "--amount", "5"])
        .run()
        .expect_code(2);
    out.says("nothing was obtained");
}

#[test]
fn values_from_hand_edited_files_have_the_limits_of_the_command_line() {
    let sb = Sandbox::new();
    let out = sb
        .cmd()
        .arg("check")
        .args(COFFEE)
        .args(["--evidence", "photos,bogus"])
        .run()
        .expect_code(2);
    out.says("unknown evidence `bogus`");
    sb.write("config.toml", "[params.amazon-fr]\nreturn_window = -5\n");
    let out = sb.cmd().arg("check").args(COFFEE).run().expect_code(2);
    assert!(
        out.stderr().contains("config.toml:2:1:")
            && out.stderr().contains("-5 days is not a duration"),
        "{}",
        out.stderr()
    );
    sb.write("config.toml", "");
    let demo = std::fs::read_to_string(DEMO).expect("demo");
    for (quantity, shown) in [
        ("4294967295", "quantity = 4294967295"),
        ("0", "quantity = 0"),
    ] {
        let edited = demo.replacen("quantity = 2", &format!("quantity = {quantity}"), 1);
        let line = edited
            .lines()
            .position(|l| l.starts_with("quantity = "))
            .expect("line")
            + 1;
        sb.write("orders.toml", &edited);
        let out = sb
            .cmd()
            .args(["orders", "import"])
            .arg(sb.path("orders.toml"))
            .run()
            .expect_code(2);
        let place = format!("orders.toml:{line}:");
        assert!(
            out.stderr().contains(&place) && out.stderr().contains(shown),
            "{place}: {}",
            out.stderr()
        );
    }
}

#[test]
fn a_template_that_never_ends_stops_within_a_second() {
    let sb = Sandbox::new();
    std::fs::create_dir_all(sb.path("templates/amazon-fr/fr")).expect("dir");
    // Nested loops over a long text: 10^10 steps.
    let long = "x".repeat(100_000);
    sb.write(
        "templates/amazon-fr/fr/default.subject",
        &format!("{{% for a in \"{long}\" %}}{{% for b in \"{long}\" %}}{{{{ order.id }}}}{{% endfor %}}{{% endfor %}}"),
    );
    let start = Instant::now();
    let out = sb.cmd().arg("check").args(COFFEE).args(["--draft"]).run();
    assert!(
        start.elapsed() < Duration::from_secs(1),
        "{:?}",
        start.elapsed()
    );
    assert_eq!(out.code(), 2, "{}", out.stderr());
    assert!(
        out.stderr().contains("steps") || out.stderr().contains("writes more than"),
        "{}",
        out.stderr()
    );
}

#[test]
fn an_export_never_replaces_a_file_claim_keeps_even_through_a_link() {
    let sb = Sandbox::new();
    save_coffee(&sb);
    sb.cmd()
        .args(["orders", "import", DEMO])
        .run()
        .expect_code(0);
    sb.write("config.toml", "lang = \"fr\"\n");
    let mine = sb.write("mine.toml", &std::fs::read_to_string(DEMO).expect("demo"));
    for (target, what) in [
        ("data/journal.toml", "the case journal"),
        ("data/history.sqlite", "the order history"),
        ("config.toml", "the configuration"),
        ("mine.toml", "an order file in use"),
    ] {
        let before = std::fs::read(sb.path(target)).expect("before");
        let link = sb.path("out.csv");
        let _ = std::fs::remove_file(&link);
        std::os::unix::fs::symlink(sb.path(target), &link).expect("link");
        for output in [sb.path(target), link] {
            let out = sb
                .cmd()
                .arg("--orders")
                .arg(&mine)
                .args(["orders", "export", "--format", "csv", "-o"])
                .arg(&output)
                .run()
                .expect_code(2);
            out.says(what);
        }
        assert_eq!(
            std::fs::read(sb.path(target)).expect("after"),
            before,
            "{target}"
        );
    }
    // A link to a journal not written yet, and a lock file.
    let fresh = Sandbox::new();
    fresh
        .cmd()
        .args(["orders", "import", DEMO])
        .run()
        .expect_code(0);
    let dangling = fresh.path("dangling.csv");
    std::os::unix::fs::symlink(fresh.path("data/journal.toml"), &dangling).expect("link");
    for (output, what) in [
        (dangling, "the case journal"),
        (fresh.path("data/journal.lock"), "lock file"),
    ] {
        let out = fresh
            .cmd()
            .args(["orders", "export", "-o"])
            .arg(&output)
            .run()
            .expect_code(2);
        out.says(what);
    }
    assert!(!fresh.path("data/journal.toml").exists());
    // A device is written to, never replaced.
    let out = sb
        .cmd()
        .args(["orders", "export", "--format", "jsonl", "-o", "/dev/stdout"])
        .run()
        .expect_code(0);
    assert!(
        out.stdout().contains("402-8765432-1122334"),
        "{}",
        out.stdout()
    );
}

#[test]
fn a_read_only_journal_is_not_rewritten() {
    let sb = Sandbox::new();
    save_coffee(&sb);
    let journal = sb.path("data/journal.toml");
    let before = std::fs::read(&journal).expect("journal");
    chmod(&journal, 0o444);
    let out = sb.cmd().args(["log", "C1", "--note", "x"]).run();
    assert_ne!(out.code(), 0);
    out.says("read-only");
    assert_eq!(std::fs::read(&journal).expect("journal"), before);
    assert_eq!(mode(&journal), 0o444);
}

#[test]
fn a_case_decided_on_the_last_day_allowed_can_be_read_back() {
    let sb = Sandbox::new();
    let args = ["check", "--problem", "defective", "--seller", "amazon"];
    let dates = ["--delivered", "9899-12-30", "--price", "10", "--save"];
    sb.cmd()
        .env("CLAIM_TODAY", "9899-12-31")
        .args(args)
        .args(dates)
        .run()
        .expect_code(0);
    sb.cmd()
        .env("CLAIM_TODAY", "9899-12-31")
        .args(["show", "C1"])
        .run()
        .expect_code(0);
    let out = sb
        .cmd()
        .env("CLAIM_TODAY", "9900-01-01")
        .arg("list")
        .run()
        .expect_code(2);
    out.says("too far ahead");
}

#[test]
fn an_export_from_a_pipe_is_read_not_drained() {
    let sb = Sandbox::new();
    let fifo = sb.path("export.csv");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .expect("mkfifo")
            .success()
    );
    let writer = {
        let fifo = fifo.clone();
        std::thread::spawn(move || {
            let export =
                std::fs::read("tests/fixtures/pitfalls/Order History.csv").expect("fixture");
            std::fs::write(fifo, export).expect("write");
        })
    };
    let out = sb
        .cmd()
        .args(["orders", "import"])
        .arg(&fifo)
        .within(Duration::from_secs(30))
        .run();
    writer.join().expect("writer");
    let shown = out.expect_code(0).stdout();
    assert!(
        shown.contains("rows") && !shown.contains("empty file"),
        "{shown}"
    );
}

#[test]
fn ten_million_broken_rows_are_counted_not_kept() {
    let sb = Sandbox::new();
    // Elements that are not order rows: each a problem, all counted, a thousand kept.
    let rows = vec!["{}"; 200_000].join(",");
    sb.write("broken.json", &format!("[{rows}]"));
    let out = sb
        .cmd()
        .args(["orders", "import", "--strict"])
        .arg(sb.path("broken.json"))
        .run();
    assert_ne!(out.code(), 0);
    assert!(
        out.stderr().contains("200000") || out.stderr().contains("200,000"),
        "{}",
        out.stderr()
    );
    // Elements are numbered as elements, not as lines (the file is one line).
    out.says("broken.json: element 2: ");
}

#[test]
fn config_changes_made_at_once_are_all_kept() {
    let sb = Sandbox::new();
    let keys = ["name", "email", "city", "address"];
    std::thread::scope(|scope| {
        for key in keys {
            let value = if key == "email" {
                "sam@example.org"
            } else {
                "Sam"
            };
            let set = sb
                .cmd()
                .args(["config", "set", &format!("profile.{key}"), value])
                .within(Duration::from_secs(30));
            scope.spawn(move || set.run().expect_code(0));
        }
    });
    let config = std::fs::read_to_string(sb.path("config.toml")).expect("config");
    for key in keys {
        assert!(config.contains(&format!("{key} = ")), "{key}: {config}");
    }
}

#[test]
fn an_editor_that_fails_changes_nothing() {
    let sb = Sandbox::new();
    let config = "[profile]\nname = \"Camille Martin\"\n";
    sb.write("config.toml", config);
    for (name, exit) in [("fails.sh", "exit 1"), ("killed.sh", "kill -9 $$")] {
        let script = sb.write(
            name,
            &format!("#!/bin/sh\necho 'lang = \"fr\"' > \"$1\"\n{exit}\n"),
        );
        chmod(&script, 0o755);
        let out = sb
            .cmd()
            .env("VISUAL", "")
            .env("EDITOR", &script)
            .args(["config", "edit"])
            .run();
        assert_ne!(out.code(), 0, "{name}");
        assert!(
            out.stderr().contains("nothing was saved"),
            "{name}: {}",
            out.stderr()
        );
        assert_eq!(
            std::fs::read_to_string(sb.path("config.toml")).expect("config"),
            config
        );
    }
    let script = sb.write(
        "works.sh",
        "#!/bin/sh\n{ echo 'lang = \"fr\"'; cat \"$1\"; } > \"$1.new\" && mv \"$1.new\" \"$1\"\n",
    );
    chmod(&script, 0o755);
    sb.cmd()
        .env("VISUAL", "   ")
        .env("EDITOR", &script)
        .args(["config", "edit"])
        .run()
        .expect_code(0);
    let edited = std::fs::read_to_string(sb.path("config.toml")).expect("config");
    assert_eq!(edited, format!("lang = \"fr\"\n{config}"));
}

#[test]
fn order_files_hold_amounts_and_dates_as_the_command_line_does() {
    let sb = Sandbox::new();
    let demo = std::fs::read_to_string(DEMO).expect("demo");
    for (from, to, why) in [
        (
            "currency = \"EUR\"",
            "currency = \"JPY\"",
            "more decimals than JPY counts",
        ),
        (
            "promised = 2026-11-12",
            "promised = 9950-01-01",
            "too far ahead",
        ),
    ] {
        sb.write("orders.toml", &demo.replacen(from, to, 1));
        let out = sb
            .cmd()
            .args(["orders", "import"])
            .arg(sb.path("orders.toml"))
            .run()
            .expect_code(2);
        assert!(
            out.stderr().contains("orders.toml:") && out.stderr().contains(why),
            "{}",
            out.stderr()
        );
    }
    let lines = "{\"id\":\"1\",\"date\":\"2026-11-01\",\"marketplace\":\"amazon.com\",\"currency\":\"USD\",\"items\":[{\"asin\":\"B1\",\"title\":\"T\",\"unit_price\":\"-5\",\"quantity\":1}]}\n";
    sb.write("history.jsonl", lines);
    let out = sb
        .cmd()
        .args(["orders", "import"])
        .arg(sb.path("history.jsonl"))
        .run()
        .expect_code(2);
    out.says("negative");
    let out = sb
        .cmd()
        .args(["orders", "set", "X", "--promised", "9950-01-01"])
        .run()
        .expect_code(2);
    out.says("too far ahead");
}

#[test]
fn a_batch_of_one_endless_line_stops() {
    let sb = Sandbox::new();
    sb.cmd()
        .args(["check", "--batch", "/dev/zero"])
        .within(Duration::from_secs(60))
        .run()
        .expect_code(2)
        .says("a line over 64 MiB");
}

#[test]
fn a_link_another_user_left_in_a_shared_folder_is_not_followed() {
    let sb = Sandbox::new();
    sb.cmd()
        .args(["orders", "import", DEMO])
        .run()
        .expect_code(0);
    let shared = sb.path("tmp");
    std::fs::create_dir_all(&shared).expect("dir");
    chmod(&shared, 0o1777);
    let victim = sb.write("victim.txt", "keep me");
    let planted = shared.join("out.csv");
    std::os::unix::fs::symlink(&victim, &planted).expect("link");
    // Another user's link (only root can give it away: elsewhere the test has nothing to do).
    let given = Command::new("chown")
        .args(["-h", "65534"])
        .arg(&planted)
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !given {
        return;
    }
    let out = sb
        .cmd()
        .args(["orders", "export", "-o"])
        .arg(&planted)
        .run()
        .expect_code(2);
    out.says("another user");
    assert_eq!(std::fs::read_to_string(&victim).expect("victim"), "keep me");
}
