//! `claim policy list | show | check | test`.

use crate::app::Settings;
use crate::app::catalogue::{Catalogue, CatalogueError};
use crate::app::policy_tests;
use crate::cli::Exit;
use crate::cli::error::ErrorReport;
use crate::cli::ui::{Fit, Style, Table, Ui, bold, plain, styled};
use crate::engine::policy_tests::untested_rules;
use crate::lang::{Lang, fill};
use crate::policy::model::{AmountFormula, Duration, ParamValue, Policy};
use crate::policy::{self};
use crate::source::Diagnostics;
use crate::vocab::Label;

#[derive(Debug, clap::Subcommand)]
pub enum PolicyCommand {
    /// List the built-in policies
    List {
        /// Print as JSON
        #[arg(long)]
        json: bool,
    },
    /// Show a policy: sources, parameters, rules, deadlines, legal references
    Show {
        /// A built-in id or a path
        #[arg(value_name = "ID|PATH")]
        policy: String,
        /// Print the policy file itself
        #[arg(long)]
        raw: bool,
    },
    /// Validate a policy file: every error at file:line:column (exit 0 valid, 2 invalid)
    Check {
        #[arg(value_name = "PATH|ID")]
        policy: String,
    },
    /// Run the test cases a policy carries (exit 0 all pass, 1 some fail, 2 invalid policy)
    Test {
        #[arg(value_name = "PATH|ID")]
        policy: String,
    },
}

pub fn cmd_policy(ui: &mut Ui, settings: &Settings, cmd: &PolicyCommand) -> anyhow::Result<Exit> {
    let mut catalogue = Catalogue::new(settings);
    match cmd {
        PolicyCommand::List { json } => list(ui, settings, &mut catalogue, *json),
        PolicyCommand::Show { policy, raw } => show(ui, settings, &mut catalogue, policy, *raw),
        PolicyCommand::Check { policy } => check(ui, settings, &mut catalogue, policy),
        PolicyCommand::Test { policy } => test(ui, settings, &mut catalogue, policy),
    }
}

/// `1 error, 2 warnings`.
fn summary(diags: &Diagnostics, lang: Lang) -> String {
    let w = &lang.phrases().policy;
    let count =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    format!(
        "{}, {}",
        count(diags.errors().count(), w.error_one, w.error_many),
        count(diags.warnings().count(), w.warning_one, w.warning_many)
    )
}

fn codes(langs: &[Lang]) -> String {
    langs
        .iter()
        .map(|l| l.code())
        .collect::<Vec<_>>()
        .join(", ")
}

fn list(
    ui: &mut Ui,
    settings: &Settings,
    catalogue: &mut Catalogue<'_>,
    json: bool,
) -> anyhow::Result<Exit> {
    let mut loaded = Vec::new();
    for id in policy::builtin_ids() {
        loaded.push(catalogue.load(id)?);
    }
    if json {
        let rows: Vec<serde_json::Value> = loaded
            .iter()
            .map(|&i| {
                let p = catalogue.policy(i);
                serde_json::json!({
                    "id": p.id, "name": p.name, "version": p.version,
                    "marketplaces": p.marketplaces, "jurisdiction": p.jurisdiction,
                    "currency": p.currency, "languages": p.languages,
                    "rules": p.rules.len(), "tests": p.tests.all().len(),
                })
            })
            .collect();
        ui.json(&serde_json::json!({ "schema_version": 1, "policies": rows }))?;
        return Ok(Exit::Success);
    }
    let w = &settings.screen_lang(None).phrases().policy;
    let mut t = Table::new()
        .column("id", Fit::Keep)
        .column(w.marketplaces, Fit::Wrap)
        .column(w.version, Fit::Keep)
        .column(w.languages, Fit::Keep)
        .column(w.rules_count, Fit::Keep)
        .column(w.name, Fit::Wrap);
    for &i in &loaded {
        let p = catalogue.policy(i);
        t.row(vec![
            p.id.clone(),
            p.marketplaces.join(", "),
            p.version.clone(),
            codes(&p.languages),
            p.rules.len().to_string(),
            p.name.clone(),
        ]);
    }
    ui.table(&t, 0)?;
    Ok(Exit::Success)
}

/// A parameter's value in words.
fn param_value(value: &ParamValue, lang: Lang) -> String {
    let w = &lang.phrases().policy;
    let n = |n: i64| n.to_string();
    match value {
        ParamValue::Duration(Duration::Days(d)) => fill(w.days, &[("n", &n(*d))]),
        ParamValue::Duration(Duration::Hours(h)) => fill(w.hours, &[("n", &n(*h))]),
        ParamValue::Duration(Duration::Months(m)) => fill(w.months, &[("n", &m.to_string())]),
        ParamValue::Amount(m) => lang.money(*m),
        ParamValue::Percent(p) => format!("{p} %"),
        ParamValue::Season(s) => {
            let md = |d: crate::date::MonthDay| format!("{:02}-{:02}", d.month, d.day);
            fill(
                w.season,
                &[
                    ("from", &md(s.ordered_from)),
                    ("to", &md(s.ordered_to)),
                    ("until", &md(s.until)),
                ],
            )
        }
    }
}

fn show(
    ui: &mut Ui,
    settings: &Settings,
    catalogue: &mut Catalogue<'_>,
    id: &str,
    raw: bool,
) -> anyhow::Result<Exit> {
    let index = catalogue.load(id)?;
    let p = catalogue.policy(index);
    if raw {
        ui.raw(p.source.text.as_bytes())?;
        return Ok(Exit::Success);
    }
    let lang = settings.screen_lang(Some(p.language));
    let texts = p.lang(Some(lang));
    let w = &lang.phrases().policy;
    ui.line(&[bold(&p.id), plain(" "), plain(&p.version)])?;
    ui.line(&[plain(&p.name)])?;
    ui.line(&[plain(&fill(
        w.identity,
        &[
            ("marketplaces", &p.marketplaces.join(", ")),
            ("jurisdiction", &p.jurisdiction),
            ("currency", p.currency.code()),
            ("languages", &codes(&p.languages)),
        ],
    ))])?;
    let mut t = Table::new()
        .column(w.source, Fit::Keep)
        .column(w.confidence, Fit::Keep)
        .column(w.retrieved, Fit::Keep)
        .column(w.title, Fit::Wrap);
    for s in &p.sources {
        t.row(vec![
            s.id.clone(),
            s.confidence.word().to_owned(),
            s.retrieved.to_string(),
            s.title.clone(),
        ]);
    }
    ui.heading(w.sources)?;
    ui.table(&t, 0)?;
    let mut t = Table::new()
        .column(w.parameter, Fit::Keep)
        .column(w.value, Fit::Wrap)
        .column(w.source, Fit::Wrap)
        .column(w.note, Fit::Wrap);
    for (name, param) in &p.params {
        let mut source = param.source.clone().unwrap_or_default();
        if let Some(c) = param.confidence {
            source = format!("{source} ({c})");
        }
        let mut value = param_value(&param.value, lang);
        if param.overridden {
            value = format!("{value} ({})", w.your_config);
        }
        t.row(vec![
            name.clone(),
            value,
            source.trim().to_owned(),
            param.note.clone().unwrap_or_default(),
        ]);
    }
    ui.heading(w.parameters)?;
    ui.table(&t, 0)?;
    ui.heading(w.rules)?;
    ui.table(&rules_table(p, lang), 0)?;
    let mut t = Table::new()
        .column(w.deadline, Fit::Keep)
        .column(w.from, Fit::Wrap)
        .column(w.plus, Fit::Keep)
        .column(w.label, Fit::Wrap);
    for d in &p.deadlines {
        let from: Vec<&str> = d.from.iter().map(|a| a.name()).collect();
        t.row(vec![
            d.id.clone(),
            from.join(w.or),
            d.add_param.clone(),
            d.label.get(texts).to_owned(),
        ]);
    }
    ui.heading(w.deadlines)?;
    ui.table(&t, 0)?;
    ui.heading(w.legal)?;
    for l in &p.legal {
        let mut about = Vec::new();
        if let Some(d) = l.in_force {
            about.push(fill(w.in_force, &[("date", &crate::date::iso(d))]));
        }
        if let Some(c) = l.confidence {
            about.push(c.word().to_owned());
        }
        let about = if about.is_empty() {
            String::new()
        } else {
            format!("  ({})", about.join(", "))
        };
        ui.line(&[
            bold(&l.id),
            plain("  "),
            plain(&l.citation),
            styled(Style::Dim, &about),
        ])?;
        for line in [&l.url, &l.excerpt, &l.note].into_iter().flatten() {
            ui.line(&[plain("    "), plain(line)])?;
        }
    }
    if !p.repealed.is_empty() {
        ui.heading(w.repealed)?;
        for r in &p.repealed {
            let by =
                r.by.as_deref()
                    .map(|b| format!(" → {b}"))
                    .unwrap_or_default();
            let line = fill(
                w.repealed_line,
                &[
                    ("citation", &r.citation),
                    ("since", &crate::date::iso(r.since)),
                    ("by", &by),
                ],
            );
            ui.line(&[plain("  "), plain(&line)])?;
        }
    }
    Ok(Exit::Success)
}

fn rules_table(p: &Policy, lang: Lang) -> Table {
    let w = &lang.phrases().policy;
    let mut t = Table::new()
        .column(w.rule, Fit::Keep)
        .column(w.problems, Fit::Wrap)
        .column(w.remedy, Fit::Wrap)
        .column(w.basis, Fit::Wrap)
        .column(w.amount, Fit::Keep)
        .column(w.priority, Fit::Keep)
        .column(w.conditions, Fit::Wrap);
    for r in &p.rules {
        let problems: Vec<&str> = r.problems.iter().map(|x| x.word()).collect();
        let mut conditions: Vec<String> = r.when.iter().map(|c| c.text.clone()).collect();
        if !r.any.is_empty() {
            let any: Vec<&str> = r.any.iter().map(|c| c.text.as_str()).collect();
            conditions.push(fill(w.any_of, &[("conditions", &any.join(" | "))]));
        }
        let amount = match &r.amount {
            AmountFormula::Full => "full".to_owned(),
            AmountFormula::Order => "order".to_owned(),
            AmountFormula::Shipping => "shipping".to_owned(),
            AmountFormula::None => "—".to_owned(),
            AmountFormula::Fixed(m) => lang.money(*m),
            AmountFormula::Percent { percent, max } => match max {
                Some(m) => format!("{percent} % ≤ {}", lang.money(*m)),
                None => format!("{percent} %"),
            },
        };
        t.row(vec![
            r.id.clone(),
            problems.join(", "),
            r.remedy.label(lang).to_owned(),
            r.basis.label(lang).to_owned(),
            amount,
            r.priority.to_string(),
            conditions.join("; "),
        ]);
    }
    t
}

fn check(
    ui: &mut Ui,
    settings: &Settings,
    catalogue: &mut Catalogue<'_>,
    target: &str,
) -> anyhow::Result<Exit> {
    let lang = settings.screen_lang(None);
    let w = &lang.phrases().policy;
    match catalogue.load(target) {
        Ok(i) => {
            for d in catalogue.warnings(i).warnings() {
                ui.note(&d.to_string());
            }
            let p = catalogue.policy(i);
            let line = fill(
                w.valid,
                &[
                    ("target", target),
                    ("id", &p.id),
                    ("version", &p.version),
                    ("rules", &p.rules.len().to_string()),
                    ("deadlines", &p.deadlines.len().to_string()),
                    ("tests", &p.tests.all().len().to_string()),
                    ("summary", &summary(catalogue.warnings(i), lang)),
                ],
            );
            ui.line(&[plain(&line)])?;
            Ok(Exit::Success)
        }
        Err(CatalogueError::Invalid(diags)) => {
            let error = anyhow::Error::new(diags.clone());
            ui.error(&ErrorReport::of(&error, lang));
            ui.note(&fill(
                w.invalid,
                &[("target", target), ("summary", &summary(&diags, lang))],
            ));
            Ok(Exit::Error)
        }
        Err(e) => Err(e.into()),
    }
}

fn test(
    ui: &mut Ui,
    settings: &Settings,
    catalogue: &mut Catalogue<'_>,
    target: &str,
) -> anyhow::Result<Exit> {
    let index = catalogue.load(target)?;
    let p = catalogue.policy(index);
    let lang = settings.screen_lang(None);
    let w = &lang.phrases().policy;
    let outcomes = policy_tests::run(p);
    for o in &outcomes {
        if o.passed() {
            ui.line(&[styled(Style::Green, w.test_ok), plain(" "), plain(&o.name)])?;
        } else {
            let at = format!(" ({}:{})", p.source.name, o.line);
            ui.line(&[
                styled(Style::Red, w.test_failed),
                plain(" "),
                plain(&o.name),
                plain(&at),
            ])?;
            for f in &o.failures {
                ui.line(&[plain("         "), plain(f)])?;
            }
        }
    }
    let untested = untested_rules(p, &outcomes);
    if !untested.is_empty() {
        ui.warn(&fill(w.untested, &[("rules", &untested.join(", "))]));
    }
    let unchecked: Vec<String> = policy_tests::unchecked_letters(p)
        .iter()
        .map(|(problem, level)| format!("{problem} × {level}"))
        .collect();
    if !unchecked.is_empty() {
        ui.warn(&fill(
            w.unchecked_letters,
            &[("letters", &unchecked.join(", "))],
        ));
    }
    let failed = outcomes.iter().filter(|o| !o.passed()).count();
    let passed = outcomes.len() - failed;
    ui.text("\n")?;
    ui.line(&[plain(&fill(
        w.tested,
        &[
            ("id", &p.id),
            ("passed", &passed.to_string()),
            ("failed", &failed.to_string()),
        ],
    ))])?;
    Ok(if failed == 0 {
        Exit::Success
    } else {
        Exit::Ineligible
    })
}
