//! `claim policy list | show | check | test`.

use comfy_table::Table;
use serde::Serialize;

use crate::app;
use crate::cli::settings::Settings;
use crate::cli::ui::{Style, table};
use crate::cli::{Exit, Ui};
use crate::engine::policy_tests;
use crate::lang::Lang;
use crate::policy;
use crate::policy::load::summary;
use crate::policy::model::{AmountFormula, Policy};
use crate::sanitize::for_terminal as clean;

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
    match cmd {
        PolicyCommand::List { json } => list(ui, settings, *json),
        PolicyCommand::Show { policy, raw } => show(ui, settings, policy, *raw),
        PolicyCommand::Check { policy } => check(ui, settings, policy),
        PolicyCommand::Test { policy } => test(ui, settings, policy),
    }
}

#[derive(Serialize)]
struct PolicySummary {
    id: String,
    name: String,
    version: String,
    marketplaces: Vec<String>,
    jurisdiction: String,
    currency: String,
    languages: Vec<Lang>,
    rules: usize,
    tests: usize,
}

fn list(ui: &mut Ui, settings: &Settings, json: bool) -> anyhow::Result<Exit> {
    let mut rows = Vec::new();
    for id in policy::builtin_ids() {
        let p = settings.load_policy(id)?.policy;
        rows.push(PolicySummary {
            id: p.id.clone(),
            name: p.name.clone(),
            version: p.version.clone(),
            marketplaces: p.marketplaces.clone(),
            jurisdiction: p.jurisdiction.clone(),
            currency: p.currency.code().to_owned(),
            languages: p.languages.clone(),
            rules: p.rules.len(),
            tests: p.tests.len(),
        });
    }
    if json {
        let doc = serde_json::json!({ "schema_version": 1, "policies": rows });
        serde_json::to_writer_pretty(ui.out(), &doc)?;
        ui.print("\n")?;
        return Ok(Exit::Success);
    }
    let mut t = table(
        ui,
        &[
            "id",
            "marketplaces",
            "version",
            "languages",
            "rules",
            "name",
        ],
    );
    for r in &rows {
        t.add_row(vec![
            r.id.clone(),
            r.marketplaces.join(", "),
            r.version.clone(),
            r.languages
                .iter()
                .map(|l| l.code())
                .collect::<Vec<_>>()
                .join(", "),
            r.rules.to_string(),
            r.name.clone(),
        ]);
    }
    ui.print(&format!("{t}\n"))?;
    Ok(Exit::Success)
}

fn show(ui: &mut Ui, settings: &Settings, id: &str, raw: bool) -> anyhow::Result<Exit> {
    let p = settings.load_policy(id)?.policy;
    if raw {
        ui.print(&p.source.text)?;
        return Ok(Exit::Success);
    }
    let lang = p.lang(settings.lang);
    let mut out = format!(
        "{} {}\n{}\nmarketplaces: {} · jurisdiction: {} · currency: {} · languages: {}\n",
        ui.paint(Style::Bold, &clean(&p.id)),
        clean(&p.version),
        clean(&p.name),
        clean(&p.marketplaces.join(", ")),
        clean(&p.jurisdiction),
        p.currency,
        p.languages
            .iter()
            .map(|l| l.code())
            .collect::<Vec<_>>()
            .join(", ")
    );
    let mut t = table(ui, &["source", "confidence", "retrieved", "title"]);
    for s in &p.sources {
        t.add_row(vec![
            clean(&s.id),
            s.confidence.word().to_owned(),
            s.retrieved.to_string(),
            clean(&s.title),
        ]);
    }
    out.push_str(&format!("\n{}\n{t}\n", ui.paint(Style::Bold, "Sources")));
    let mut t = table(ui, &["parameter", "value", "source", "note"]);
    for (name, param) in &p.params {
        let mut source = param.source.clone().unwrap_or_default();
        if let Some(c) = param.confidence {
            source = format!("{source} ({c})");
        }
        let value = if param.overridden {
            format!("{} (your config)", param.value.display())
        } else {
            param.value.display()
        };
        t.add_row(vec![
            clean(name),
            value,
            clean(source.trim()),
            clean(param.note.as_deref().unwrap_or("")),
        ]);
    }
    out.push_str(&format!("\n{}\n{t}\n", ui.paint(Style::Bold, "Parameters")));
    out.push_str(&format!(
        "\n{}\n{}\n",
        ui.paint(Style::Bold, "Rules"),
        rules_table(ui, &p)
    ));
    let mut t = table(ui, &["deadline", "from", "plus", "label"]);
    for d in &p.deadlines {
        let from: Vec<&str> = d.from.iter().map(|a| a.name()).collect();
        t.add_row(vec![
            clean(&d.id),
            from.join(" or "),
            clean(&d.add_param),
            clean(d.label.get(lang)),
        ]);
    }
    out.push_str(&format!("\n{}\n{t}\n", ui.paint(Style::Bold, "Deadlines")));
    let mut t = table(ui, &["reference", "citation"]);
    for l in &p.legal {
        t.add_row(vec![clean(&l.id), clean(&l.citation)]);
    }
    out.push_str(&format!(
        "\n{}\n{t}\n",
        ui.paint(Style::Bold, "Legal references")
    ));
    ui.print(&out)?;
    Ok(Exit::Success)
}

fn rules_table(ui: &Ui, p: &Policy) -> Table {
    let mut t = table(
        ui,
        &[
            "rule",
            "problems",
            "remedy",
            "basis",
            "amount",
            "priority",
            "conditions",
        ],
    );
    for r in &p.rules {
        let problems: Vec<&str> = r.problems.iter().map(|x| x.word()).collect();
        let conditions: Vec<String> = r
            .when
            .iter()
            .map(|c| c.text.clone())
            .chain((!r.any.is_empty()).then(|| {
                let any: Vec<&str> = r.any.iter().map(|c| c.text.as_str()).collect();
                format!("any of ({})", any.join(" | "))
            }))
            .collect();
        let amount = match &r.amount {
            AmountFormula::Full => "full".to_owned(),
            AmountFormula::Order => "order".to_owned(),
            AmountFormula::Shipping => "shipping".to_owned(),
            AmountFormula::None => "—".to_owned(),
            AmountFormula::Fixed(m) => m.display(),
            AmountFormula::Percent { percent, max } => match max {
                Some(m) => format!("{percent} % ≤ {}", m.display()),
                None => format!("{percent} %"),
            },
        };
        t.add_row(vec![
            clean(&r.id),
            problems.join(", "),
            r.remedy.word().to_owned(),
            r.basis.word().to_owned(),
            amount,
            r.priority.to_string(),
            clean(&conditions.join("; ")),
        ]);
    }
    t
}

fn check(ui: &mut Ui, settings: &Settings, target: &str) -> anyhow::Result<Exit> {
    match settings.load_policy(target) {
        Ok(loaded) => {
            for w in loaded.warnings.warnings() {
                ui.note(&w.to_string());
            }
            let p = &loaded.policy;
            ui.print(&format!(
                "{}: valid — policy {} {}, {} rules, {} deadlines, {} tests ({})\n",
                clean(target),
                clean(&p.id),
                clean(&p.version),
                p.rules.len(),
                p.deadlines.len(),
                p.tests.len(),
                summary(&loaded.warnings)
            ))?;
            Ok(Exit::Success)
        }
        Err(e) => {
            if let Some(diags) = e.downcast_ref::<crate::source::Diagnostics>() {
                ui.error(&e);
                ui.note(&format!("{}: invalid ({})", clean(target), summary(diags)));
                Ok(Exit::Error)
            } else {
                Err(e)
            }
        }
    }
}

fn test(ui: &mut Ui, settings: &Settings, target: &str) -> anyhow::Result<Exit> {
    let p = settings.load_policy(target)?.policy;
    let outcomes = app::policy_tests::run(&p);
    let mut out = String::new();
    for o in &outcomes {
        if o.passed() {
            out.push_str(&format!(
                "{} {}\n",
                ui.paint(Style::Green, "ok    "),
                clean(&o.name)
            ));
        } else {
            out.push_str(&format!(
                "{} {} ({}:{})\n",
                ui.paint(Style::Red, "FAILED"),
                clean(&o.name),
                clean(&p.source.name),
                o.line
            ));
            for f in &o.failures {
                out.push_str(&format!("         {}\n", clean(f)));
            }
        }
    }
    let untested = policy_tests::untested_rules(&p, &outcomes);
    if !untested.is_empty() {
        ui.warn(&format!(
            "no test applies these rules: {}",
            untested.join(", ")
        ));
    }
    let failed = outcomes.iter().filter(|o| !o.passed()).count();
    let passed = outcomes.len() - failed;
    out.push_str(&format!(
        "\n{}: {passed} passed, {failed} failed\n",
        clean(&p.id)
    ));
    ui.print(&out)?;
    Ok(if failed == 0 {
        Exit::Success
    } else {
        Exit::Ineligible
    })
}
