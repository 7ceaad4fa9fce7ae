//! Policies given by path: applied as they are, whatever their id, everywhere a policy is
//! chosen (`check`, `new`, `draft`, `escalate`, `CLAIM_POLICY`); and a policy for another
//! retailer, in its own words, with no Amazon word in what it prints.

use super::*;

const BOUTIQUE: &str = "tests/fixtures/policies/boutique-fr.toml";

/// The words of Amazon's policies that no other retailer's output may show.
const AMAZON_WORDS: &[&str] = &["amazon", "a-to-z", "prime", "asin", "fba"];

fn assert_no_amazon_word(what: &str, text: &str) {
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric() && c != '-')
        .collect();
    for word in AMAZON_WORDS {
        assert!(!words.contains(word), "{what} says `{word}`:\n{text}");
    }
    assert!(!lower.contains("a à z"), "{what} says `A à Z`:\n{text}");
}

/// A damaged item sold by the retailer itself, five days after delivery.
const DAMAGED: &[&str] = &[
    "--problem",
    "damaged",
    "--seller",
    "boutique",
    "--delivered",
    "2026-11-21",
    "--price",
    "89",
];

#[test]
fn another_retailer_runs_through_check_draft_and_escalate_in_its_own_words() {
    let sb = Sandbox::new();
    let r = sb
        .cmd()
        .args(["--policy", BOUTIQUE, "check", "--json"])
        .args(DAMAGED)
        .run()
        .expect_code(0)
        .report();
    assert_eq!(r.policy.id, "boutique-fr");
    let rec = r.recommendation.expect("recommendation");
    assert_eq!(
        (rec.rule.as_ref(), rec.channel.as_ref()),
        ("return-in-store", "service_client")
    );
    assert_eq!(rec.channel_label, "service client Boutique Exemple");
    assert_eq!(
        r.deadlines[0].date.0.to_string(),
        "2026-12-06",
        "15-day returns"
    );

    let mut seen = String::new();
    for lang in ["fr", "en"] {
        let out = sb
            .cmd()
            .args([
                "--policy", BOUTIQUE, "--lang", lang, "check", "--draft", "--trace",
            ])
            .args(DAMAGED)
            .run()
            .expect_code(0);
        seen.push_str(&out.run_ok());
    }
    // A partner seller goes through the retailer's own channels.
    let out = sb
        .cmd()
        .args(["--policy", BOUTIQUE, "check", "--save", "--draft"])
        .args(["--problem", "defective", "--seller", "partenaire"])
        .args(["--delivered", "2026-11-21", "--price", "40"])
        .run()
        .expect_code(0);
    assert!(
        out.stdout().contains("vendeur partenaire"),
        "{}",
        out.stdout()
    );
    seen.push_str(&out.run_ok());
    for (today, args) in [
        ("2026-11-27", vec!["log", "C1", "--sent"]),
        ("2026-12-04", vec!["draft", "C1"]),
        ("2026-12-04", vec!["escalate", "C1"]),
        ("2026-12-05", vec!["escalate", "C1", "--format", "eml"]),
        ("2026-12-05", vec!["show", "C1"]),
        ("2026-12-05", vec!["due"]),
    ] {
        let out = sb
            .cmd()
            .env("CLAIM_TODAY", today)
            .args(&args)
            .run()
            .expect_code(0);
        seen.push_str(&out.run_ok());
    }
    assert!(seen.contains("Mise en demeure") && seen.contains("Relance au service client"));
    assert_no_amazon_word("boutique-fr", &seen);
}

#[test]
fn another_retailer_refuses_what_it_does_not_know() {
    let sb = Sandbox::new();
    let out = sb
        .cmd()
        .args(["--policy", BOUTIQUE, "check", "--problem", "late-delivery"])
        .run()
        .expect_code(2);
    assert!(
        out.stderr()
            .contains("policy boutique-fr does not cover `late-delivery`"),
        "{}",
        out.stderr()
    );
    let out = sb
        .cmd()
        .args([
            "--policy",
            BOUTIQUE,
            "check",
            "--problem",
            "damaged",
            "--seller",
            "boutiqe",
        ])
        .run()
        .expect_code(2);
    assert!(
        out.stderr()
            .contains("unknown seller `boutiqe` for policy boutique-fr (did you mean `boutique`?)"),
        "{}",
        out.stderr()
    );
}

/// amazon-fr as a user would copy it (`claim policy show amazon-fr --raw`) and edit it.
fn edited_copy(sb: &Sandbox, id: &str) -> PathBuf {
    let text = std::fs::read_to_string("policies/amazon-fr.toml").expect("policy");
    let edited = text
        .replacen("id = \"amazon-fr\"", &format!("id = \"{id}\""), 1)
        .replacen(
            "return_window = { days = 30",
            "return_window = { days = 45",
            1,
        )
        .replacen(
            "Merci de me répondre au plus tard le",
            "Je vous remercie de me répondre au plus tard le",
            1,
        );
    assert_ne!(text, edited);
    sb.write(&format!("{id}.toml"), &edited)
}

#[test]
fn a_policy_file_is_applied_as_it_is_whatever_its_id() {
    let sb = Sandbox::new();
    let return_window = |r: &Report<'_>| {
        r.deadlines
            .iter()
            .find(|d| d.id == "return_window")
            .map(|d| d.date.0.to_string())
    };
    let builtin = check_json(&sb, COFFEE).expect_code(0).report();
    assert_eq!(return_window(&builtin).as_deref(), Some("2027-01-31"));
    for id in ["amazon-fr", "amazon-fr-perso"] {
        let path = edited_copy(&sb, id);
        // By flag, and by environment.
        let by_flag = sb
            .cmd()
            .arg("--policy")
            .arg(&path)
            .args(["check", "--json"])
            .args(COFFEE)
            .run()
            .expect_code(0)
            .report();
        let by_env = sb
            .cmd()
            .env("CLAIM_POLICY", &path)
            .args(["check", "--json"])
            .args(COFFEE)
            .run()
            .expect_code(0)
            .report();
        for r in [&by_flag, &by_env] {
            assert_eq!(r.policy.id, id);
            // Ordered 2026-11-17, delivered 2026-11-20: the holiday extension (31 January)
            // is later than 45 days — so test the letter, and the window of a later order.
            let body = &r.message.as_ref().expect("message").body;
            assert!(
                body.contains("Je vous remercie de me répondre au plus tard le"),
                "{id}: {body}"
            );
        }
        let late = sb
            .cmd()
            .arg("--policy")
            .arg(&path)
            .args([
                "check",
                "--json",
                "--problem",
                "defective",
                "--severity",
                "major",
            ])
            .args([
                "--seller",
                "amazon",
                "--ordered",
                "2026-03-01",
                "--delivered",
                "2026-03-02",
            ])
            .args(["--price", "50"])
            .env("CLAIM_TODAY", "2026-04-01")
            .run()
            .expect_code(0)
            .report();
        assert_eq!(
            return_window(&late).as_deref(),
            Some("2026-04-16"),
            "45 days"
        );
    }
}

#[test]
fn a_case_decided_with_a_policy_file_is_drafted_with_that_file() {
    let sb = Sandbox::new();
    let path = edited_copy(&sb, "amazon-fr-perso");
    sb.cmd()
        .arg("--policy")
        .arg(&path)
        .args([["new"].as_slice(), COFFEE, &["--no-input"]].concat())
        .run()
        .expect_code(0);
    // Neither --policy nor --orders now: the case remembers its file and its facts.
    let out = sb.cmd().args(["draft", "C1"]).run().expect_code(0);
    assert!(
        out.stdout()
            .contains("Je vous remercie de me répondre au plus tard le"),
        "{}",
        out.stdout()
    );
    let shown = sb.cmd().args(["show", "C1", "--json"]).run().stdout();
    let shown: serde_json::Value = serde_json::from_str(&shown).expect("json");
    assert_eq!(shown["policy"]["id"], "amazon-fr-perso");
}
