//! What a user sees: the human output of `check`, `scan`, `orders show`, `show`, `due` and
//! `--help`, in French and in English, snapshot-tested (review changes with
//! `INSTA_UPDATE=always cargo test` and `git diff tests/cli/snapshots/`), and each screen
//! entirely in its language.

use super::*;

/// The program's own English words on the journal and scan screens.
const ENGLISH: &[&str] = &[
    "case",
    "opened",
    "order",
    "problem",
    "remedy",
    "asked",
    "status",
    "next",
    "follow",
    "due",
    "deadline",
    "deadlines",
    "days",
    "left",
    "timeline",
    "policy",
    "ladder",
    "level",
    "closed",
    "what",
    "details",
    "open",
    "window",
    "windows",
    "ends",
    "item",
    "returned",
    "refunded",
    "amount",
    "created",
    "draft",
    "sent",
    "reply",
    "eligible",
    "replacement",
    "retailer",
    "awaiting",
    "most",
    "urgent",
    "first",
    "est",
    "damaged",
    "nothing",
];

/// The program's own French words on the same screens.
const FRENCH: &[&str] = &[
    "dossier",
    "ouvert",
    "commande",
    "problème",
    "solution",
    "demandé",
    "statut",
    "relance",
    "échue",
    "délai",
    "délais",
    "jours",
    "restants",
    "chronologie",
    "politique",
    "échelle",
    "niveau",
    "clos",
    "quoi",
    "détails",
    "fin",
    "article",
    "retourné",
    "remboursé",
    "montant",
    "créé",
    "brouillon",
    "envoyé",
    "réponse",
    "éligible",
    "remplacement",
    "vendeur",
    "attente",
    "urgents",
    "estimé",
    "endommagé",
    "rien",
];

/// The words of a text, lower-case.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric() && c != '-')
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

fn assert_only(lang: &str, what: &str, text: &str) {
    let foreign = if lang == "fr" { ENGLISH } else { FRENCH };
    let found: Vec<String> = words(text)
        .into_iter()
        .filter(|w| foreign.contains(&w.as_str()))
        .collect();
    assert!(found.is_empty(), "{what} in {lang} says {found:?}:\n{text}");
}

/// Drops the lines of a `show` that quote a letter (the policy's text, in its language).
fn without_letters(show: &str) -> String {
    let mut out = String::new();
    let mut in_letter = false;
    for line in show.lines() {
        if line.starts_with("  2") {
            in_letter = line.contains("brouillon") || line.contains("draft");
        } else if in_letter && line.starts_with("      ") {
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// A journal with a case saved in `lang`, sent, answered and escalated.
fn journal_in(lang: &str) -> Sandbox {
    let sb = Sandbox::new();
    let step = |today: &str, args: &[&str]| {
        sb.cmd()
            .env("CLAIM_TODAY", today)
            .args(["--lang", lang])
            .args(args)
            .run()
            .expect_code(0);
    };
    step("2026-11-26", &[&["check", "--save"], COFFEE].concat());
    step("2026-11-27", &["log", "C1", "--sent"]);
    step("2026-12-04", &["log", "C1", "--reply", "Refus / Refused"]);
    step("2026-12-05", &["escalate", "C1"]);
    sb
}

fn human(sb: &Sandbox, lang: &str, today: &str, args: &[&str]) -> String {
    sb.cmd()
        .env("CLAIM_TODAY", today)
        .args(["--lang", lang])
        .args(args)
        .run()
        .expect_code(0)
        .stdout()
}

#[test]
fn journal_screens_speak_one_language() {
    for lang in ["fr", "en"] {
        let sb = journal_in(lang);
        let list = human(&sb, lang, "2026-12-20", &["list"]);
        let due = human(&sb, lang, "2026-12-20", &["due"]);
        let show = human(&sb, lang, "2026-12-20", &["show", "C1"]);
        assert_only(lang, "list", &list);
        assert_only(lang, "due", &due);
        assert_only(lang, "show", &without_letters(&show));
        insta::assert_snapshot!(format!("list-{lang}"), list);
        insta::assert_snapshot!(format!("due-{lang}"), due);
        insta::assert_snapshot!(format!("show-{lang}"), show);
    }
}

#[test]
fn history_screens_speak_one_language() {
    for lang in ["fr", "en"] {
        let sb = Sandbox::new();
        let scan = human(
            &sb,
            lang,
            "2026-11-26",
            &["--orders", DEMO, "scan", "--within", "8"],
        );
        let order = human(
            &sb,
            lang,
            "2026-11-26",
            &["--orders", DEMO, "orders", "show", "402-8765432-1122334"],
        );
        assert_only(lang, "scan", &scan);
        insta::assert_snapshot!(format!("scan-{lang}"), scan);
        insta::assert_snapshot!(format!("orders-show-{lang}"), order);
    }
}

#[test]
fn the_check_summary_in_each_language() {
    for lang in ["fr", "en"] {
        let sb = Sandbox::new();
        let check = human(&sb, lang, "2026-11-26", &[&["check"], COFFEE].concat());
        insta::assert_snapshot!(format!("check-{lang}"), check);
        let undetermined = sb
            .cmd()
            .args([
                "--lang",
                lang,
                "check",
                "--problem",
                "late-delivery",
                "--seller",
                "amazon",
            ])
            .args(["--delivered", "2026-11-23", "--price", "35", "--trace"])
            .run()
            .expect_code(3)
            .stdout();
        insta::assert_snapshot!(format!("check-undetermined-{lang}"), undetermined);
    }
}

#[test]
fn help_is_reviewed() {
    let sb = Sandbox::new();
    for args in [&["--help"][..], &["check", "--help"], &["config", "--help"]] {
        // Without the sandbox's variables, which help would show with their temporary paths.
        let help = sb
            .cmd()
            .env_remove("CLAIM_DATA_DIR")
            .env_remove("CLAIM_CONFIG")
            .env_remove("CLAIM_TODAY")
            .args(args)
            .run()
            .expect_code(0)
            .stdout();
        insta::assert_snapshot!(
            format!("help-{}", args.join("-").trim_start_matches('-')),
            help
        );
    }
}

/// Each subcommand's help opens with the summary its parent lists. Subcommands' arguments are
/// built lazily (`#[command(defer = true)]`), after that summary: a doc comment on an
/// arguments struct would then silently replace it.
#[test]
fn every_subcommand_help_opens_with_its_summary() {
    let sb = Sandbox::new();
    let help = |path: &[&str]| {
        sb.cmd()
            .args(path)
            .arg("--help")
            .run()
            .expect_code(0)
            .stdout()
    };
    let mut parents = vec![Vec::<String>::new()];
    let mut checked = 0;
    while let Some(parent) = parents.pop() {
        let args: Vec<&str> = parent.iter().map(String::as_str).collect();
        let listing = help(&args);
        let commands = listing
            .lines()
            .skip_while(|l| *l != "Commands:")
            .skip(1)
            .take_while(|l| !l.is_empty());
        for line in commands {
            let (name, summary) = line.trim().split_once(' ').expect("a name and a summary");
            if name == "help" {
                continue;
            }
            let mut path = parent.clone();
            path.push(name.to_owned());
            let own: Vec<&str> = path.iter().map(String::as_str).collect();
            let first = help(&own).lines().next().unwrap_or_default().to_owned();
            assert_eq!(first, summary.trim(), "`claim {} --help`", path.join(" "));
            checked += 1;
            parents.push(path);
        }
    }
    assert!(checked > 20, "only {checked} subcommands found");
}
