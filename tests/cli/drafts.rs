//! Drafts: every letter of every level, problem and language (snapshots reviewed by eye),
//! the .eml and mailto: outputs parsed back, and escalation through the journal.

use super::*;
use claim::app::policy_tests;
use claim::draft::CaseLabel;
use claim::lang::Lang;
use claim::policy::{LoadOptions, load_builtin};

/// Every letter a policy's legal test suite checks at `level`, in `code`: the cases of its
/// `[[tests]]` that name the articles of that level's letter, drafted as a real user would
/// sign them.
fn render_all(policy_id: &str, code: &str, level: usize) -> String {
    let lang: Lang = code.parse().expect("a language");
    let loaded = load_builtin(policy_id, &LoadOptions::default())
        .expect("built in")
        .expect("loads");
    let policy = &loaded.policy;
    let label = CaseLabel {
        order_id: Some("171-0000000-0000000".into()),
        title: Some("Cafetière à piston / French press".into()),
        signature: Some("Camille Martin".into()),
        contact: Some("camille@example.org".into()),
        address: Some("12 rue des Lilas\n75011 Paris".into()),
        place: Some("Paris".into()),
        ..CaseLabel::default()
    };
    let mut out = String::new();
    for test in policy.tests.all() {
        if !test.letters.iter().any(|l| l.level == level) {
            continue;
        }
        let decision = claim::engine::policy_tests::decide(policy, test).expect("a valid case");
        let m = policy_tests::letter_for(policy, test, &decision, level, lang, &label)
            .unwrap_or_else(|e| panic!("{policy_id} {lang} {level} {}: {e}", test.name));
        assert!(
            !m.body.contains("{{") && !m.body.contains("{%"),
            "an unfilled placeholder: {}",
            m.body
        );
        out.push_str(&format!(
            "===== {} =====\nSubject: {}\n\n{}\n",
            test.name, m.subject, m.body
        ));
    }
    out
}

#[test]
fn every_letter_of_every_level_problem_and_language() {
    for policy in ["amazon-fr", "amazon-us"] {
        let ladder = load_builtin(policy, &LoadOptions::default())
            .expect("built in")
            .expect("loads")
            .policy
            .ladder;
        for lang in ["fr", "en"] {
            for (level, rung) in ladder.iter().enumerate() {
                let text = render_all(policy, lang, level);
                assert!(
                    !text.is_empty(),
                    "{policy} {lang}: no letter at {}",
                    rung.id
                );
                insta::assert_snapshot!(format!("{policy}-{lang}-{level}-{}", rung.id), text);
            }
        }
    }
}

#[test]
fn first_messages_are_short() {
    for policy in ["amazon-fr", "amazon-us"] {
        for lang in ["fr", "en"] {
            // (A letter to a card issuer is a formal letter, not a message to customer service.)
            for block in render_all(policy, lang, 0).split("===== ").filter(|b| {
                !b.is_empty() && !b.contains("[Card issuer") && !b.contains("[Nom de l'émetteur")
            }) {
                let words = block.split_whitespace().count();
                assert!(words <= 170, "{policy} {lang}: {words} words\n{block}");
            }
        }
    }
}

/// The French delivery ladder as the law runs it: a notice to deliver (L216-6), dated at its
/// head and saying how it is sent, then a letter resolving the contract with the refund due
/// (L216-7); the closed EU ODR platform never suggested.
#[test]
fn the_french_delivery_ladder_runs_as_the_law_does() {
    let section = |letters: &str| {
        letters
            .split("===== ")
            .find(|b| b.starts_with("retard important"))
            .unwrap_or_default()
            .to_owned()
    };
    let notice = section(&render_all("amazon-fr", "fr", 2));
    let head: Vec<&str> = notice.lines().take(16).collect();
    assert!(head.contains(&"Paris, le 12 décembre 2026"), "{notice}");
    assert!(
        head.contains(&"Lettre recommandée avec avis de réception"),
        "{notice}"
    );
    assert!(notice.contains("mets en demeure de me livrer"), "{notice}");
    assert!(
        notice.contains("L216-6") && !notice.contains("rembourser intégral"),
        "{notice}"
    );
    let resolution = section(&render_all("amazon-fr", "fr", 3));
    assert!(
        resolution.contains("résolution du contrat") && resolution.contains("L216-7"),
        "{resolution}"
    );
    for level in 0..6 {
        for lang in ["fr", "en"] {
            let all = render_all("amazon-fr", lang, level);
            assert!(!all.to_lowercase().contains("odr"), "{all}");
        }
    }
}

fn journal_case(sb: &Sandbox) {
    sb.write(
        "config.toml",
        "[profile]\nname = \"Camille Martin\"\nemail = \"camille@example.org\"\n",
    );
    sb.cmd()
        .env("CLAIM_TODAY", "2026-11-26")
        .args([
            "--orders",
            DEMO,
            "check",
            "--order",
            "405-1928374-5566778",
            "--problem",
            "defective",
            "--severity",
            "major",
            "--save",
        ])
        .run()
        .expect_code(0);
    sb.cmd()
        .env("CLAIM_TODAY", "2026-11-27")
        .args(["log", "C1", "--sent"])
        .run()
        .expect_code(0);
    sb.cmd()
        .env("CLAIM_TODAY", "2026-12-04")
        .args([
            "log",
            "C1",
            "--reply",
            "Votre article n'est plus sous garantie.",
        ])
        .run()
        .expect_code(0);
}

#[test]
fn escalation_climbs_the_ladder_and_records_each_step() {
    let sb = Sandbox::new();
    journal_case(&sb);
    let draft0 = sb
        .cmd()
        .env("CLAIM_TODAY", "2026-12-04")
        .args(["--orders", DEMO, "draft", "C1"])
        .run()
        .expect_code(0)
        .stdout();
    assert!(
        draft0.contains("Je vous contacte au sujet de ma commande n° 405-1928374-5566778"),
        "{draft0}"
    );

    let first = sb
        .cmd()
        .env("CLAIM_TODAY", "2026-12-05")
        .args(["--orders", DEMO, "escalate", "C1"])
        .run()
        .expect_code(0);
    assert!(
        first.stdout().contains("Demande de réexamen"),
        "{}",
        first.stdout()
    );
    assert!(
        first.stdout().contains(
            "4 décembre 2026 : réponse reçue : « Votre article n'est plus sous garantie. »"
        ),
        "{}",
        first.stdout()
    );
    assert!(
        first.stdout().contains("12 décembre 2026"),
        "reply deadline = today + 7 days: {}",
        first.stdout()
    );
    let shown: serde_json::Value = serde_json::from_str(
        &sb.cmd()
            .env("CLAIM_TODAY", "2026-12-05")
            .args(["show", "C1", "--json"])
            .run()
            .stdout(),
    )
    .expect("json");
    assert_eq!(
        (shown["level"].as_u64(), shown["status"].as_str()),
        (Some(1), Some("escalated"))
    );
    assert_eq!(shown["next_follow_up"], "2026-12-12");

    let second = sb
        .cmd()
        .env("CLAIM_TODAY", "2026-12-13")
        .args(["--orders", DEMO, "escalate", "C1"])
        .run()
        .expect_code(0);
    let notice = second.stdout();
    // A defect: the seller gets the 30 days the law gives it to bring the item into conformity.
    assert!(
        notice.contains("mets en demeure") && notice.contains("12 janvier 2027"),
        "{notice}"
    );
    assert!(
        notice.contains("L217-3") && !notice.contains("L216-2"),
        "{notice}"
    );
    assert!(
        second.stderr().contains("lettre recommandée"),
        "guidance: {}",
        second.stderr()
    );
    // Thirty days on, nothing done: the letter resolving the contract (L217-14).
    let third = sb
        .cmd()
        .env("CLAIM_TODAY", "2027-01-13")
        .args(["--orders", DEMO, "escalate", "C1"])
        .run()
        .expect_code(0);
    assert!(
        third.stdout().contains("résoudre le contrat") && third.stdout().contains("L217-14"),
        "{}",
        third.stdout()
    );
    let fourth = sb
        .cmd()
        .env("CLAIM_TODAY", "2027-02-04")
        .args(["--orders", DEMO, "escalate", "C1"])
        .run()
        .expect_code(0);
    assert!(
        fourth.stdout().contains("médiateur") && fourth.stderr().contains("SignalConso"),
        "{}",
        fourth.stderr()
    );
    let shown: serde_json::Value = serde_json::from_str(
        &sb.cmd()
            .env("CLAIM_TODAY", "2027-02-04")
            .args(["show", "C1", "--json"])
            .run()
            .stdout(),
    )
    .expect("json");
    assert_eq!(shown["level"], 4);
    let kinds: Vec<&str> = shown["events"]
        .as_array()
        .expect("events")
        .iter()
        .filter_map(|e| e["kind"].as_str())
        .collect();
    assert_eq!(
        kinds.iter().filter(|k| **k == "escalated").count(),
        4,
        "{kinds:?}"
    );
    // --level jumps; beyond the ladder is an error that changes nothing.
    let out = sb
        .cmd()
        .env("CLAIM_TODAY", "2027-02-04")
        .args(["--orders", DEMO, "escalate", "C1", "--level", "9"])
        .run()
        .expect_code(2);
    assert!(out.stderr().contains("no level 9"), "{}", out.stderr());
}

#[test]
fn the_eml_parses_back_with_a_real_mail_parser() {
    let sb = Sandbox::new();
    journal_case(&sb);
    let photo = sb.write("photo du colis.jpg", "not really a jpeg");
    let out = sb
        .cmd()
        .env("CLAIM_TODAY", "2026-12-05")
        .args([
            "--orders", DEMO, "escalate", "C1", "--format", "eml", "--attach",
        ])
        .arg(&photo)
        .run()
        .expect_code(0);
    let raw = out.0.stdout.clone();
    let parsed = mail_parser::MessageParser::default()
        .parse(&raw)
        .expect("a parseable e-mail");
    assert_eq!(
        parsed.subject(),
        Some("Demande de réexamen – article défectueux – commande 405-1928374-5566778")
    );
    assert_eq!(
        parsed
            .from()
            .and_then(|f| f.first())
            .and_then(|a| a.address()),
        Some("camille@example.org")
    );
    let date = parsed.date().expect("a Date header");
    assert_eq!((date.year, date.month, date.day), (2026, 12, 5));
    let body = parsed.body_text(0).expect("a text body");
    assert!(
        body.contains("« Aspirateur robot avec station de vidage »"),
        "{body}"
    );
    assert!(
        body.contains("photo du colis.jpg (17 octets, SHA-256 "),
        "{body}"
    );
    use mail_parser::MimeHeaders as _;
    let attachment = parsed.attachments().next().expect("an attachment");
    assert_eq!(attachment.attachment_name(), Some("photo du colis.jpg"));
    assert_eq!(attachment.contents(), b"not really a jpeg");
    // Reproducible: the same inputs give the same bytes.
    let draft = || {
        sb.cmd()
            .env("CLAIM_TODAY", "2026-12-06")
            .args([
                "--orders", DEMO, "draft", "C1", "--format", "eml", "--attach",
            ])
            .arg(&photo)
            .run()
            .expect_code(0)
            .stdout()
    };
    assert_eq!(draft(), draft());
}

#[test]
fn the_mailto_link_round_trips_through_a_url_decoder() {
    let sb = Sandbox::new();
    let args = [["check"].as_slice(), COFFEE, &["--draft"]].concat();
    let json = sb
        .cmd()
        .args(&args)
        .args(["--format", "json"])
        .run()
        .expect_code(0)
        .stdout();
    let doc: serde_json::Value = serde_json::from_str(&json).expect("json");
    let link = sb
        .cmd()
        .args(&args)
        .args(["--format", "mailto"])
        .run()
        .expect_code(0)
        .stdout();
    let link = link.trim();
    assert!(
        link.starts_with("mailto:?subject=") && !link.contains(' ') && link.contains("%0D%0A"),
        "{link}"
    );
    let query = link.trim_start_matches("mailto:?");
    let mut fields = std::collections::BTreeMap::new();
    for pair in query.split('&') {
        let (k, v) = pair.split_once('=').expect("key=value");
        let decoded = percent_encoding::percent_decode_str(v)
            .decode_utf8()
            .expect("utf-8")
            .into_owned();
        fields.insert(k.to_owned(), decoded);
    }
    assert_eq!(
        fields.get("subject").map(String::as_str),
        doc["subject"].as_str()
    );
    assert_eq!(
        fields.get("body").map(|b| b.replace("\r\n", "\n")),
        doc["body"].as_str().map(str::to_owned)
    );
}

#[test]
fn a_user_template_overrides_the_policy_and_is_checked() {
    let sb = Sandbox::new();
    std::fs::create_dir_all(sb.path("templates/amazon-fr/fr")).expect("dir");
    sb.write(
        "templates/amazon-fr/fr/default.subject",
        "Réclamation {{ order.id }}",
    );
    let args = [
        ["check"].as_slice(),
        COFFEE,
        &["--draft", "--format", "json"],
    ]
    .concat();
    let doc: serde_json::Value =
        serde_json::from_str(&sb.cmd().args(&args).run().expect_code(0).stdout()).expect("json");
    assert_eq!(doc["subject"], "Réclamation 402-8765432-1122334");
    sb.write(
        "templates/amazon-fr/fr/default.subject",
        "Réclamation {{ order.idd }}",
    );
    let out = sb.cmd().args(&args).run().expect_code(2);
    assert!(
        out.stderr().contains("default.subject:1:") && out.stderr().contains("did you mean `id`"),
        "{}",
        out.stderr()
    );
}

#[test]
fn a_formal_notice_is_headed_by_the_sender_and_recaps_only_what_came_before() {
    let sb = Sandbox::new();
    sb.write(
        "config.toml",
        "[profile]\nname = \"Camille Martin\"\naddress = \"12 rue des Lilas\\n75011 Paris\"\n",
    );
    sb.cmd()
        .args(["check", "--save"])
        .args(COFFEE)
        .run()
        .expect_code(0);
    sb.cmd()
        .env("CLAIM_TODAY", "2026-11-27")
        .args(["log", "C1", "--sent"])
        .run()
        .expect_code(0);
    let notice = sb
        .cmd()
        .env("CLAIM_TODAY", "2026-12-05")
        .args(["escalate", "C1", "--level", "2"])
        .run()
        .expect_code(0)
        .stdout();
    // Sender, recipient (Amazon EU for an item Amazon sold), place and date, how it is sent.
    assert!(
        notice.contains(
            "Camille Martin\n12 rue des Lilas\n75011 Paris\n\nAmazon EU S.à r.l.\n38 avenue John F. Kennedy\nL-1855 Luxembourg\n\n[Ville], le 5 décembre 2026\n\nLettre recommandée avec avis de réception\n"
        ),
        "{notice}"
    );
    // A damaged item: a notice to bring it into conformity within the 30 days the law gives.
    assert!(
        notice.contains("mettre ce bien en conformité") && notice.contains("4 janvier 2027"),
        "{notice}"
    );
    // Drafting the same level again does not list its own escalation among the steps taken.
    let again = sb
        .cmd()
        .env("CLAIM_TODAY", "2026-12-06")
        .args(["draft", "C1"])
        .run()
        .expect_code(0)
        .stdout();
    assert!(again.contains("envoi de ma réclamation"), "{again}");
    assert!(!again.contains("relance : Mise en demeure"), "{again}");
}

/// Escalating before the last letter's reply deadline is allowed (a refusal may justify
/// it) but said; once the seller has answered, its deadline no longer runs.
#[test]
fn escalating_before_the_reply_deadline_is_said() {
    let sb = Sandbox::new();
    sb.cmd()
        .args(["check", "--save"])
        .args(COFFEE)
        .run()
        .expect_code(0);
    sb.cmd()
        .env("CLAIM_TODAY", "2026-11-27")
        .args(["log", "C1", "--sent"])
        .run()
        .expect_code(0);
    let early = sb
        .cmd()
        .env("CLAIM_TODAY", "2026-11-30")
        .args(["escalate", "C1"])
        .run()
        .expect_code(0);
    assert!(
        early.stderr().contains("4 décembre 2026") && early.stderr().contains("trop tôt"),
        "{}",
        early.stderr()
    );
    sb.cmd()
        .env("CLAIM_TODAY", "2026-12-01")
        .args(["log", "C1", "--reply", "Non."])
        .run()
        .expect_code(0);
    let answered = sb
        .cmd()
        .env("CLAIM_TODAY", "2026-12-02")
        .args(["escalate", "C1"])
        .run()
        .expect_code(0);
    assert!(
        !answered.stderr().contains("trop tôt"),
        "{}",
        answered.stderr()
    );
}

/// Found by the property tests: the card-issuer letter for missing parts named the item's
/// value even when it was unknown, and could not be drafted.
#[test]
fn the_card_issuer_letter_for_missing_parts_needs_no_price() {
    let sb = Sandbox::new();
    sb.cmd()
        .args([
            "--policy",
            "amazon-us",
            "check",
            "--problem",
            "missing-parts",
        ])
        .args([
            "--ordered",
            "2026-10-27",
            "--delivered",
            "2026-10-27",
            "--save",
        ])
        .run()
        .expect_code(0);
    for lang in ["en", "fr"] {
        let out = sb
            .cmd()
            .args([
                "--lang",
                lang,
                "escalate",
                "C1",
                "--level",
                "billing-dispute",
            ])
            .run()
            .expect_code(0);
        assert!(
            out.stdout().contains("[") && !out.stdout().contains("{{"),
            "{}",
            out.stdout()
        );
    }
}
