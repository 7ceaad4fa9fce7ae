//! `claim new` in a real pseudo-terminal, keys typed as a person would.

use super::*;

const DOWN: &str = "\x1b[B";
const ENTER: &str = "\r";
const ESC: &str = "\x1b";

fn spawn(sb: &Sandbox, extra: &[&str]) -> rexpect::session::PtySession {
    let mut cmd = sb.cmd().args(["new"]).args(extra).cmd;
    cmd.env("TERM", "xterm-256color").env("LANG", "en_US.UTF-8");
    rexpect::session::spawn_command(cmd, Some(15_000)).expect("spawn in a pty")
}

fn key(p: &mut rexpect::session::PtySession, keys: &str) {
    p.send(keys).expect("send");
    p.flush().expect("flush");
    std::thread::sleep(Duration::from_millis(150));
}

/// The exit code, read from the wait status (`Exited(Pid(…), CODE)`).
fn exit_code(p: &rexpect::session::PtySession) -> i32 {
    let status = format!("{:?}", p.process().wait().expect("wait"));
    assert!(status.starts_with("Exited"), "{status}");
    status
        .trim_end_matches(')')
        .rsplit(", ")
        .next()
        .and_then(|c| c.parse().ok())
        .unwrap_or_else(|| panic!("{status}"))
}

fn named(sb: &Sandbox) {
    sb.write("config.toml", "[profile]\nname = \"Sam Doe\"\n");
}

#[test]
fn a_damaged_item_from_the_demo_history() {
    let sb = Sandbox::new();
    named(&sb);
    let mut p = spawn(&sb, &[]);
    p.exp_string("No order history yet")
        .expect("history question");
    key(&mut p, ENTER);
    p.exp_string("Which order?").expect("order list");
    key(&mut p, "caf");
    key(&mut p, ENTER);
    p.exp_string("What went wrong?").expect("problem");
    key(&mut p, &format!("{DOWN}{DOWN}"));
    key(&mut p, ENTER);
    p.exp_string("How bad is it?").expect("severity");
    key(&mut p, ENTER);
    // Worth knowing: a return that costs more than the item gets a refund without return.
    p.exp_string("cost more than it is worth")
        .expect("return cost");
    key(&mut p, ENTER);
    p.exp_string("Which evidence").expect("evidence");
    key(&mut p, " ");
    key(&mut p, ENTER);
    p.exp_string("Recommended").expect("the decision");
    // (rexpect reads bytes as Latin-1: match ASCII.) The draft is in the policy's language.
    p.exp_string("Objet").expect("the draft, in French");
    p.exp_string("Machine ").expect("the draft names the item");
    p.exp_string("Edit the message").expect("edit?");
    key(&mut p, ENTER);
    p.exp_string("Save the message as an .eml").expect("eml?");
    key(&mut p, ENTER);
    p.exp_string("Save this case").expect("save?");
    key(&mut p, ENTER);
    p.exp_string("Saved as case C1").expect("saved");
    p.exp_eof().expect("end");
    assert_eq!(exit_code(&p), 0);
    let list = sb
        .cmd()
        .args(["list", "--json"])
        .run()
        .expect_code(0)
        .stdout();
    assert!(
        list.contains("402-8765432-1122334") && list.contains("replacement"),
        "{list}"
    );
}

#[test]
fn a_manual_entry() {
    let sb = Sandbox::new();
    named(&sb);
    let mut p = spawn(&sb, &[]);
    p.exp_string("No order history yet")
        .expect("history question");
    key(&mut p, &format!("{DOWN}{DOWN}{ENTER}"));
    p.exp_string("Which marketplace?").expect("marketplace");
    key(&mut p, ENTER);
    p.exp_string("Order date").expect("order date");
    key(&mut p, &format!("2026-11-10{ENTER}"));
    p.exp_string("Item price").expect("price");
    key(&mut p, &format!("6,99{ENTER}"));
    p.exp_string("Order number").expect("order number");
    key(&mut p, &format!("402-1234567-7654321{ENTER}"));
    p.exp_string("Item name").expect("item name");
    key(&mut p, &format!("Câble HDMI{ENTER}"));
    p.exp_string("What went wrong?").expect("problem");
    key(&mut p, &format!("{DOWN}{DOWN}{DOWN}{ENTER}"));
    // A cheap defective item: the questions are the ones the policy needs.
    p.exp_string("How bad is it?").expect("severity");
    key(&mut p, ENTER);
    p.exp_string("Who sold the item?").expect("seller");
    key(&mut p, ENTER);
    p.exp_string("Delivery date").expect("delivery date");
    key(&mut p, &format!("2026-11-20{ENTER}"));
    p.exp_string("Which evidence").expect("evidence");
    key(&mut p, ENTER);
    p.exp_string("refund without return").expect("the decision");
    p.exp_string("Edit the message").expect("edit?");
    key(&mut p, ENTER);
    key(&mut p, ENTER);
    p.exp_string("Save this case").expect("save?");
    key(&mut p, ENTER);
    p.exp_string("Saved as case C1").expect("saved");
    p.exp_eof().expect("end");
    assert_eq!(exit_code(&p), 0);
}

#[test]
fn cancelling_half_way_saves_nothing() {
    let sb = Sandbox::new();
    named(&sb);
    let mut p = spawn(&sb, &["--orders", DEMO]);
    p.exp_string("Which order?").expect("order list");
    key(&mut p, ENTER);
    p.exp_string("What went wrong?").expect("problem");
    key(&mut p, ESC);
    p.exp_string("Cancelled: nothing was saved.")
        .expect("cancelled");
    p.exp_eof().expect("end");
    assert_eq!(exit_code(&p), 130);
    assert!(!sb.path("data/journal.toml").exists());
}

#[test]
fn a_late_delivery_asks_the_promised_date() {
    let sb = Sandbox::new();
    named(&sb);
    let mut p = spawn(&sb, &["--orders", DEMO]);
    p.exp_string("Which order?").expect("order list");
    key(&mut p, "406-77");
    key(&mut p, ENTER);
    p.exp_string("Which item?").expect("item");
    key(&mut p, ENTER);
    p.exp_string("What went wrong?").expect("problem");
    key(&mut p, ENTER);
    p.exp_string("Was a delivery date given")
        .expect("whether a date was promised");
    key(&mut p, ENTER);
    p.exp_string("Latest promised delivery date")
        .expect("the promised date is asked");
    key(&mut p, &format!("2026-11-08{ENTER}"));
    p.exp_string("Which evidence").expect("evidence");
    key(&mut p, ENTER);
    p.exp_string("account credit").expect("the decision");
    p.exp_string("Edit the message").expect("edit?");
    key(&mut p, ENTER);
    key(&mut p, ENTER);
    p.exp_string("Save this case").expect("save?");
    key(&mut p, &format!("n{ENTER}"));
    p.exp_eof().expect("end");
    assert_eq!(exit_code(&p), 0);
    assert!(
        !sb.path("data/journal.toml").exists(),
        "not saved when the user says no"
    );
}

#[test]
fn without_a_terminal_it_fails_at_once_naming_the_flags() {
    let sb = Sandbox::new();
    let out = sb.cmd().arg("new").run().expect_code(2);
    assert!(
        out.stderr().contains("--problem") && out.stderr().contains("--order"),
        "{}",
        out.stderr()
    );
    // With every answer as a flag, it runs without prompts and saves the case.
    let out = sb
        .cmd()
        .args([["new"].as_slice(), COFFEE, &["--no-input"]].concat())
        .run()
        .expect_code(0);
    assert!(
        out.stdout().contains("Objet") && out.stderr().contains("Dossier enregistré : C1"),
        "{}",
        out.stderr()
    );
    // A missing answer names its flag.
    let out = sb
        .cmd()
        .args([
            "--orders",
            DEMO,
            "new",
            "--order",
            "406-7788990-1122334",
            "--item",
            "1",
            "--problem",
            "late-delivery",
            "--no-input",
        ])
        .run()
        .expect_code(2);
    assert!(out.stderr().contains("--promised"), "{}", out.stderr());
}
