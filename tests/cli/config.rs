//! `claim config` and the configuration file: edited without disturbing it, checked before it
//! is saved, and an explicit path that must exist.

use super::*;

const WITH_COMMENTS: &str = "# My settings, by hand.\nlang = \"fr\"   # French screens\n\n[profile]\n# how shops reach me\nemail = \"camille@example.org\"\n";

fn config_text(sb: &Sandbox) -> String {
    std::fs::read_to_string(sb.path("config.toml")).unwrap_or_default()
}

#[test]
fn set_get_unset_keep_the_file_as_the_user_wrote_it() {
    let sb = Sandbox::new();
    sb.write("config.toml", WITH_COMMENTS);
    sb.cmd()
        .args(["config", "set", "profile.name", "Camille Martin"])
        .run()
        .expect_code(0);
    sb.cmd()
        .args(["config", "set", "params.amazon-fr.returnless_max", "20.00"])
        .run()
        .expect_code(0);
    let text = config_text(&sb);
    assert!(
        text.starts_with(WITH_COMMENTS.trim_end()) && text.matches("[profile]").count() == 1,
        "{text}"
    );
    assert!(text.contains("name = \"Camille Martin\"") && text.contains("[params.amazon-fr]"));
    let got = sb
        .cmd()
        .args(["config", "get", "profile.name"])
        .run()
        .expect_code(0);
    assert_eq!(got.stdout(), "Camille Martin\n");
    // The override reaches the policy.
    let shown = sb
        .cmd()
        .args(["policy", "show", "amazon-fr"])
        .run()
        .expect_code(0);
    assert!(
        shown.stdout().contains("20,00 € (votre configuration)"),
        "{}",
        shown.stdout()
    );
    sb.cmd()
        .args(["config", "unset", "params.amazon-fr.returnless_max"])
        .run()
        .expect_code(0);
    assert!(
        !config_text(&sb).contains("amazon-fr"),
        "{}",
        config_text(&sb)
    );
    sb.cmd()
        .args(["config", "get", "timezone"])
        .run()
        .expect_code(1);
    // Every command still runs with it.
    sb.cmd().args(["list"]).run().expect_code(0);
}

#[test]
fn a_bad_value_is_refused_and_nothing_is_written() {
    let sb = Sandbox::new();
    sb.write("config.toml", WITH_COMMENTS);
    for (args, needle) in [
        (
            vec!["config", "set", "lang", "de"],
            "unsupported language `de`",
        ),
        (
            vec!["config", "set", "timezone", "Mars/Olympus"],
            "unknown time zone",
        ),
        (
            vec!["config", "set", "profile.email", "not an address"],
            "not an e-mail address",
        ),
        (
            vec!["config", "set", "profile.name", "Sam\nBcc: x@example.org"],
            "one line",
        ),
        (
            vec!["config", "set", "profile.city", "Paris\nCedex"],
            "a town is one line",
        ),
        (
            vec!["config", "set", "profile.nmae", "Sam"],
            "did you mean `profile.name`",
        ),
        (vec!["config", "set", "lang", "fr", "en"], "takes one value"),
    ] {
        let out = sb.cmd().args(&args).run().expect_code(2);
        assert!(out.stderr().contains(needle), "{args:?}: {}", out.stderr());
        assert_eq!(config_text(&sb), WITH_COMMENTS, "{args:?} wrote the file");
    }
}

#[test]
fn an_explicit_config_that_does_not_exist_is_an_error_naming_it() {
    let sb = Sandbox::new();
    let missing = sb.path("nowhere/config.toml");
    let out = sb
        .cmd()
        .env("CLAIM_CONFIG", &missing)
        .arg("list")
        .run()
        .expect_code(2);
    assert!(
        out.stderr()
            .contains(&format!("{} does not exist", missing.display())),
        "{}",
        out.stderr()
    );
    // `claim config set` creates it, folder included.
    sb.cmd()
        .env("CLAIM_CONFIG", &missing)
        .args(["config", "set", "profile.name", "Sam"])
        .run()
        .expect_code(0);
    let path = sb
        .cmd()
        .env("CLAIM_CONFIG", &missing)
        .args(["config", "path"])
        .run();
    assert_eq!(path.stdout().trim(), missing.display().to_string());
    sb.cmd()
        .env("CLAIM_CONFIG", &missing)
        .arg("list")
        .run()
        .expect_code(0);
}

#[test]
fn edit_saves_a_valid_file_and_refuses_an_invalid_one() {
    let sb = Sandbox::new();
    sb.write("config.toml", WITH_COMMENTS);
    // An "editor" that puts a line at the top of the file it is given.
    let editor = |line: &str| {
        let script = sb.write(
            "editor.sh",
            &format!("#!/bin/sh\n{{ printf '%s\\n' '{line}'; cat \"$1\"; }} > \"$1.new\" && mv \"$1.new\" \"$1\"\n"),
        );
        let mut perms = std::fs::metadata(&script).expect("script").permissions();
        std::os::unix::fs::PermissionsExt::set_mode(&mut perms, 0o755);
        std::fs::set_permissions(&script, perms).expect("chmod");
        script
    };
    let bad = editor("colour = \"blue\"");
    let out = sb
        .cmd()
        .env("EDITOR", &bad)
        .args(["config", "edit"])
        .run()
        .expect_code(2);
    assert!(
        out.stderr().contains("unknown field `colour`")
            && out.stderr().contains("nothing was saved"),
        "{}",
        out.stderr()
    );
    assert_eq!(config_text(&sb), WITH_COMMENTS);
    let good = editor("timezone = \"Europe/Paris\"");
    sb.cmd()
        .env("EDITOR", &good)
        .args(["config", "edit"])
        .run()
        .expect_code(0);
    assert_eq!(
        config_text(&sb),
        format!("timezone = \"Europe/Paris\"\n{WITH_COMMENTS}")
    );
}

#[test]
fn a_parameter_override_is_checked_against_the_policy() {
    let sb = Sandbox::new();
    for (args, needle) in [
        (
            vec!["config", "set", "params.amazon-fr.returnless_max", "abc"],
            "`abc` is not an amount",
        ),
        (
            vec!["config", "set", "params.amazon-fr.returnless_mx", "20"],
            "has no parameter `returnless_mx` (did you mean `returnless_max`?)",
        ),
    ] {
        let out = sb.cmd().args(&args).run().expect_code(2);
        assert!(out.stderr().contains(needle), "{args:?}: {}", out.stderr());
        assert_eq!(config_text(&sb), "", "{args:?} wrote the file");
    }
}
