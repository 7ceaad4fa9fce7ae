//! `check --batch` on several threads and `--brief`: the same bytes whatever the number of
//! workers, in input order, errors in place; briefs that agree with the full documents; a
//! script feeding one line at a time answered at once.

use std::io::{BufRead, BufReader};

use claim::report::Brief;

use super::*;

#[path = "../../examples/support/batch_cases.rs"]
mod batch_cases;

/// A batch of `n` generated cases with a few broken lines among them (and a blank one),
/// more than one block per worker.
fn mixed_batch(n: usize) -> String {
    let mut text = String::new();
    for (i, line) in batch_cases::lines(n).enumerate() {
        match i {
            7 => text.push_str("not json\n"),
            1500 => text.push_str("{\"id\": \"bad\", \"problem\": \"damagd\"}\n"),
            2900 => text.push('\n'),
            _ => {}
        }
        text.push_str(&line);
        text.push('\n');
    }
    text
}

/// The batch `input` read from a regular file (answers written while the next block is
/// decided).
fn batch_file(sb: &Sandbox, input: &str, extra: &[&str]) -> Done {
    let file = sb.path("cases.jsonl");
    std::fs::write(&file, input).expect("write the batch");
    sb.cmd()
        .args(["check", "--batch"])
        .arg(&file)
        .args(extra)
        .within(Duration::from_secs(120))
        .run()
}

fn batch(sb: &Sandbox, input: &str, extra: &[&str]) -> Done {
    sb.cmd()
        .args(["check", "--batch", "-"])
        .args(extra)
        .stdin(input)
        .run()
}

#[test]
fn workers_change_no_byte_nor_the_order_and_errors_stay_in_place() {
    let sb = Sandbox::new();
    let input = mixed_batch(3000);
    for shape in [&[][..], &["--brief"][..]] {
        let one = batch(&sb, &input, &[shape, &["--jobs", "1"]].concat()).expect_code(2);
        let four = batch(&sb, &input, &[shape, &["--jobs", "4"]].concat()).expect_code(2);
        assert!(
            one.0.stdout == four.0.stdout,
            "--jobs 1 and 4 differ ({shape:?})"
        );
        let lines: Vec<serde_json::Value> = four
            .stdout()
            .lines()
            .map(|l| serde_json::from_str(l).expect("json line"))
            .collect();
        // Every non-blank line answered, the broken ones by an error object at their place.
        assert_eq!(lines.len(), 3002, "{shape:?}");
        assert_eq!(lines[7]["line"], 8);
        assert!(lines[7]["error"].is_string());
        assert_eq!(lines[1501]["id"], "bad");
        assert!(
            lines[1501]["error"]
                .as_str()
                .is_some_and(|e| e.contains("did you mean `damaged`")),
            "{}",
            lines[1501]
        );
        let ids: Vec<u64> = lines.iter().filter_map(|l| l["id"].as_u64()).collect();
        assert_eq!(
            ids,
            (0..3000).collect::<Vec<u64>>(),
            "input order ({shape:?})"
        );
        assert!(four.stderr().contains("2 line(s)"), "{}", four.stderr());
        // A regular file's answers are written while the next block is decided: same bytes.
        let from_file = batch_file(&sb, &input, &[shape, &["--jobs", "4"]].concat()).expect_code(2);
        assert!(
            one.0.stdout == from_file.0.stdout,
            "a file and stdin differ ({shape:?})"
        );
    }
}

#[test]
fn a_brief_is_the_full_document_in_short() {
    let sb = Sandbox::new();
    let input: String = batch_cases::lines(300).map(|l| l + "\n").collect();
    let full = batch(&sb, &input, &[]).expect_code(0).stdout();
    let brief = batch(&sb, &input, &["--brief"]).expect_code(0).stdout();
    for (f, b) in full.lines().zip(brief.lines()) {
        let report: Report<'static> = serde_json::from_str(f).expect("report");
        let brief: Brief<'static> = serde_json::from_str(b).expect("a brief parses as a Brief");
        assert_eq!(
            serde_json::to_string(&brief).expect("json"),
            b,
            "a brief round-trips"
        );
        assert_eq!(brief.schema_version, claim::report::BRIEF_SCHEMA_VERSION);
        assert_eq!(brief.id, report.id);
        assert_eq!(brief.status, report.status);
        let best = report.recommendation.as_ref();
        assert_eq!(brief.kind, best.map(|r| r.kind), "{f}");
        assert_eq!(brief.basis, best.map(|r| r.basis));
        assert_eq!(brief.amount, best.and_then(|r| r.amount));
        assert_eq!(brief.channel, best.map(|r| r.channel.clone()));
        assert_eq!(brief.rule, best.map(|r| r.rule.clone()));
        assert_eq!(brief.missing_facts, report.missing_facts);
        let next = report.deadlines.iter().find(|d| d.days_left >= 0);
        assert_eq!(
            brief
                .next_deadline
                .as_ref()
                .map(|d| (&d.id, d.date, d.days_left)),
            next.map(|d| (&d.id, d.date, d.days_left)),
            "{f}"
        );
    }
    // A single check says the same as its batch line.
    let single = sb
        .cmd()
        .args([
            "check",
            "--problem",
            "damaged",
            "--severity",
            "major",
            "--seller",
            "amazon",
        ])
        .args(["--delivered", "2026-11-20", "--price", "49.90", "--brief"])
        .run()
        .expect_code(0)
        .stdout();
    let line = r#"{"problem": "damaged", "severity": "major", "seller": "amazon", "delivered": "2026-11-20", "price": "49.90"}"#;
    let from_batch = batch(&sb, &(line.to_owned() + "\n"), &["--brief"])
        .expect_code(0)
        .stdout();
    assert_eq!(single, from_batch);
    let parsed: Brief<'static> = serde_json::from_str(single.trim()).expect("brief");
    assert_eq!(
        parsed.kind,
        Some(claim::vocab::RemedyKind::Replacement),
        "{single}"
    );
}

#[test]
fn a_script_feeding_one_line_at_a_time_is_answered_at_once() {
    answered_at_once(None);
}

#[test]
fn a_script_feeding_a_fifo_one_line_at_a_time_is_answered_at_once() {
    answered_at_once(Some("cases.fifo"));
}

/// Writes three lines one at a time, to stdin or to a FIFO, each after the previous answer.
fn answered_at_once(fifo: Option<&str>) {
    let sb = Sandbox::new();
    let source = match fifo {
        Some(name) => {
            let path = sb.path(name);
            let made = Command::new("mkfifo").arg(&path).status().expect("mkfifo");
            assert!(made.success());
            path.display().to_string()
        }
        None => "-".to_owned(),
    };
    let mut child = sb
        .cmd()
        .args(["check", "--batch", &source, "--brief"])
        .cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn claim");
    let mut stdin: Box<dyn Write> = match fifo {
        // Opening blocks until claim opens it to read: on another thread, so that a claim
        // that fails first fails the test instead of hanging it.
        Some(_) => {
            let (opened, fifo) = std::sync::mpsc::channel();
            let path = source.clone();
            std::thread::spawn(move || opened.send(std::fs::File::create(path)));
            let file = fifo
                .recv_timeout(Duration::from_secs(20))
                .expect("claim opens the fifo")
                .expect("open the fifo");
            Box::new(file)
        }
        None => Box::new(child.stdin.take().expect("stdin")),
    };
    let stdout = child.stdout.take().expect("stdout");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    for (i, line) in batch_cases::lines(3).enumerate() {
        writeln!(stdin, "{line}").expect("write a line");
        stdin.flush().expect("flush");
        // The answer comes before the next line is written (or the input closed).
        let answer = rx
            .recv_timeout(Duration::from_secs(20))
            .expect("an answer to the line just written")
            .expect("utf-8");
        let brief: Brief<'static> = serde_json::from_str(&answer).expect("brief");
        assert_eq!(brief.id, Some(serde_json::json!(i)));
    }
    drop(stdin);
    assert!(child.wait().expect("exit").success());
}

#[test]
fn a_line_that_is_not_a_case_is_answered_in_its_place() {
    let sb = Sandbox::new();
    let mut input = b"{\"id\":1,\"problem\":\"damaged\"}\n{\"id\":2,\"problem\":\"dam".to_vec();
    input.extend_from_slice(
        b"\xffaged\"}\n[7,\"damaged\"]\n\xef\xbb\xbf{\"id\":4,\"problem\":\"damaged\"}\n",
    );
    let path = sb.path("cases.jsonl");
    std::fs::write(&path, &input).expect("write");
    for jobs in ["1", "3"] {
        let out = sb
            .cmd()
            .args(["check", "--brief", "--jobs", jobs, "--batch"])
            .arg(&path)
            .run()
            .expect_code(2);
        let lines: Vec<serde_json::Value> = out
            .stdout()
            .lines()
            .map(|l| serde_json::from_str(l).expect("json line"))
            .collect();
        assert_eq!(lines.len(), 4, "{}", out.stdout());
        assert_eq!(lines[0]["id"], 1);
        assert_eq!(lines[1]["line"], 2);
        assert!(
            lines[1]["error"]
                .as_str()
                .is_some_and(|e| e.contains("not UTF-8"))
        );
        assert_eq!(lines[2]["line"], 3);
        assert!(
            lines[2]["error"]
                .as_str()
                .is_some_and(|e| e.contains("JSON object"))
        );
        assert_eq!(
            lines[3]["id"], 4,
            "a byte-order mark is not part of the case"
        );
    }
    let out = sb
        .cmd()
        .args(["check", "--jobs", "2", "--problem", "damaged"])
        .run()
        .expect_code(2);
    assert!(out.stderr().contains("add --batch"), "{}", out.stderr());
    let out = sb
        .cmd()
        .args(["check", "--batch"])
        .arg(sb.path(""))
        .run()
        .expect_code(2);
    assert!(out.stderr().contains("is a folder"), "{}", out.stderr());
}

#[test]
fn every_line_before_an_unreadable_one_is_answered_from_a_file_as_from_stdin() {
    let sb = Sandbox::new();
    // 3,000 cases (more than a block per worker), then a line that never ends within the
    // 64 MiB a line may take to be skipped.
    let mut input = String::new();
    for line in batch_cases::lines(3000) {
        input.push_str(&line);
        input.push('\n');
    }
    input.push_str(&"x".repeat(65 << 20));
    let from_file = batch_file(&sb, &input, &["--brief", "--jobs", "2"]).expect_code(2);
    from_file.says("a line over 64 MiB");
    let from_stdin = batch(&sb, &input, &["--brief", "--jobs", "2"]).expect_code(2);
    from_stdin.says("a line over 64 MiB");
    assert_eq!(from_file.stdout().lines().count(), 3000);
    assert!(from_file.0.stdout == from_stdin.0.stdout);
    // Stdin redirected from the file is read as a regular file: the same answers.
    let redirected = sb
        .cmd()
        .args(["check", "--batch", "-", "--brief", "--jobs", "2"])
        .cmd
        .stdin(Stdio::from(
            std::fs::File::open(sb.path("cases.jsonl")).expect("open the batch"),
        ))
        .output()
        .expect("run claim");
    assert_eq!(redirected.status.code(), Some(2));
    assert!(redirected.stdout == from_file.0.stdout);
}
