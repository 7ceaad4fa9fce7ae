//! `claim new`: the guided walk-through. Pick the order and the item, say what went wrong,
//! answer only the questions the policy needs for this case (driven by the engine's
//! `missing_facts`), then see the recommendation and the message, and save the case.
//!
//! Every prompt has a flag; without a terminal (or with `--no-input`) nothing is asked and a
//! missing answer is an error naming its flag. Esc or Ctrl-C saves nothing and exits 130.

pub mod prompt;

use std::io::IsTerminal;
use std::path::PathBuf;

use anyhow::Context as _;
use chrono::NaiveDate;

use crate::case::Input;
use crate::case::{AmountText, CaseInput, EvidenceList};
use crate::cli::check::{CaseFlags, PolicyStore, decide};
use crate::cli::settings::Settings;
use crate::cli::{Exit, Ui, journal_cmd, render};
use crate::date::Date;
use crate::lang::{Lang, Prompts};
use crate::orders::{Order, OrderHistory};
use crate::report;
use crate::sanitize::for_terminal as clean;
use crate::vocab::{ItemCondition, Problem, Seller, Severity, Status};
use prompt::{AskError, Asked, Prompter, TermPrompter};

/// Walk through a claim, step by step (needs a terminal; every answer also has a flag)
#[derive(Debug, Clone, Default, clap::Args)]
#[command(
    after_help = "Without a terminal, or with --no-input, nothing is asked: pass the answers as flags, e.g.
  claim new --orders examples/orders.toml --order 402-8765432-1122334 --problem damaged --severity major --no-input"
)]
pub struct NewArgs {
    #[command(flatten)]
    pub case: CaseFlags,
    /// Also write the message as an .eml file
    #[arg(long, value_name = "PATH")]
    pub eml: Option<PathBuf>,
    /// Do not record the case in the journal
    #[arg(long)]
    pub no_save: bool,
}

/// The demo history shipped with the program, offered on a first run.
const DEMO: &str = include_str!("../../../examples/orders.toml");

fn demo_history() -> OrderHistory {
    crate::orders::parse_native(&crate::source::SourceText::new("demo", DEMO)).unwrap_or_default()
}

/// The language of the prompts: --lang, the configuration, else the environment's `LANG`.
fn prompt_lang(settings: &Settings) -> Lang {
    let env = std::env::var("LC_ALL")
        .ok()
        .filter(|v| !v.is_empty())
        .or_else(|| std::env::var("LANG").ok())
        .unwrap_or_default();
    settings
        .lang
        .or_else(|| Lang::from_locale(&env))
        .unwrap_or_default()
}

pub fn cmd_new(ui: &mut Ui, settings: &Settings, args: &NewArgs) -> anyhow::Result<Exit> {
    let interactive =
        !settings.no_input && std::io::stdin().is_terminal() && std::io::stderr().is_terminal();
    if !interactive {
        return without_terminal(ui, settings, args);
    }
    // Ctrl-C at a prompt: put the cursor back, save nothing, exit 130.
    let _ = ctrlc::set_handler(|| {
        let _ = dialoguer::console::Term::stderr().show_cursor();
        std::process::exit(130);
    });
    let mut prompter = TermPrompter::new();
    match walk(ui, settings, &mut prompter, args) {
        Ok(code) => Ok(code),
        Err(e)
            if e.downcast_ref::<AskError>()
                .is_some_and(|a| matches!(a, AskError::Cancelled(_))) =>
        {
            let _ = dialoguer::console::Term::stderr().show_cursor();
            ui.note(prompt_lang(settings).phrases().prompts.cancelled);
            Ok(Exit::Cancelled)
        }
        Err(e) => Err(e),
    }
}

/// `claim new` in a script: the flags are the answers.
fn without_terminal(ui: &mut Ui, settings: &Settings, args: &NewArgs) -> anyhow::Result<Exit> {
    let Some(_) = args.case.problem else {
        anyhow::bail!(
            "claim new asks its questions on a terminal; without one (or with --no-input) pass the answers as flags: \
             --problem KIND (and --order ID --item ASIN|N, or --price, --delivered…)"
        );
    };
    let input = args.case.to_input();
    let history = history_for(settings, &input)?;
    let mut store = PolicyStore::new(settings);
    let decided = decide(
        ui,
        settings,
        &mut store,
        &history,
        &input,
        settings.today,
        None,
    )?;
    let policy = store.get(decided.policy);
    if decided.decision.status == Status::Undetermined {
        let flags: Vec<String> = decided.decision.missing.iter().map(|i| i.flag()).collect();
        anyhow::bail!("not enough facts to decide: pass {}", flags.join(", "));
    }
    let lang = policy.lang(settings.lang);
    let report = report::build(policy, &decided.decision, &decided.label, lang)?;
    finish(
        ui,
        settings,
        &store,
        decided.policy,
        &report,
        &input,
        args,
        None,
    )
}

fn history_for(settings: &Settings, input: &CaseInput) -> anyhow::Result<OrderHistory> {
    Ok(match &input.order {
        Some(id) => match settings.find_order(id)? {
            Some(order) => OrderHistory {
                orders: vec![order],
            },
            None => settings.load_history()?,
        },
        None => OrderHistory::default(),
    })
}

/// Where the order comes from: it decides whether answers can be remembered for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Source {
    /// The imported history in the data directory: answers can be recorded for the order.
    Imported,
    /// `--orders` files or the demo: read-only here.
    Files,
    /// Typed in by hand.
    Manual,
}

/// The walk-through on a prompter. Returns the exit code; saves nothing before the end.
pub fn walk(
    ui: &mut Ui,
    settings: &Settings,
    prompter: &mut dyn Prompter,
    args: &NewArgs,
) -> anyhow::Result<Exit> {
    let asking = prompt_lang(settings);
    let w = &asking.phrases().prompts;
    let today = settings.today;
    let name = first_run_name(settings, prompter, w)?;

    // The order history: the user's, else the demo or manual entry.
    let mut history = settings.load_history()?;
    let mut source = if settings.uses_order_files() {
        Source::Files
    } else {
        Source::Imported
    };
    if history.is_empty() && args.case.order.is_none() {
        let choice = prompter.select(
            w.no_history,
            &[w.use_demo.to_owned(), w.manual.to_owned()],
            0,
        )?;
        if choice == 0 {
            history = demo_history();
            source = Source::Files;
        } else {
            source = Source::Manual;
        }
    }

    let mut input = args.case.to_input();
    let mut store = PolicyStore::new(settings);
    // Order and item.
    let order: Option<Order> = match &input.order {
        Some(id) => Some(history.find(id)?.clone()),
        None if source == Source::Manual => None,
        None => pick_order(prompter, &history, w)?,
    };
    let manual_marketplace = if order.is_none() {
        source = Source::Manual;
        Some(manual_order(
            prompter, &mut store, ui, &mut input, w, today,
        )?)
    } else {
        None
    };
    if let Some(o) = &order {
        input.order = Some(o.id.clone());
        if input.item.is_none() && o.items.len() > 1 {
            let items: Vec<String> = o
                .items
                .iter()
                .map(|i| {
                    format!(
                        "{} — {}",
                        clean(&i.title),
                        i.unit_price.map_or_else(|| "—".to_owned(), |p| p.display())
                    )
                })
                .collect();
            let pick = prompter.select(w.which_item, &items, 0)?;
            input.item = Some((pick + 1).to_string());
        }
    }
    let marketplace = order
        .as_ref()
        .map(|o| o.marketplace.clone())
        .or(manual_marketplace);
    let policy_index = store.index_for_marketplace(ui, marketplace.as_deref())?;

    // The problem.
    if input.problem.is_none() {
        let policy = store.get(policy_index);
        let lang = policy.lang(Some(asking));
        let items: Vec<String> = Problem::ALL
            .iter()
            .map(|p| {
                let info = policy.problem_info(*p);
                let label = info.map_or(p.word(), |i| i.label.get(lang));
                let description = info.map_or("", |i| i.description.get(lang));
                fit(&format!("{label} — {description}"))
            })
            .collect();
        let pick = prompter.select(w.what_happened, &items, 0)?;
        input.problem = Some(Problem::ALL[pick]);
    }

    // Only the questions the policy needs, until the decision is made.
    let history_now = match &order {
        Some(o) => OrderHistory {
            orders: vec![o.clone()],
        },
        None => OrderHistory::default(),
    };
    let mut asked: Vec<Input> = Vec::new();
    let mut remembered: Vec<Input> = Vec::new();
    let policy_id = store.get(policy_index).id.clone();
    let decided = loop {
        let decided = decide(
            ui,
            settings,
            &mut store,
            &history_now,
            &input,
            today,
            Some(&policy_id),
        )?;
        let next = decided
            .decision
            .missing
            .iter()
            .copied()
            .find(|i| !asked.contains(i));
        let Some(next) = next else { break decided };
        asked.push(next);
        let facts = &decided.decision.case;
        if ask(prompter, w, next, &mut input, facts, today)? && is_order_fact(next) {
            remembered.push(next);
        }
    };

    // The evidence the user has.
    let policy = store.get(policy_index);
    let lang = policy.lang(settings.lang);
    if input.evidence.is_none()
        && let Some(rule) = decided
            .decision
            .recommendation()
            .map(|o| &policy.rules[o.rule])
    {
        let items: Vec<String> = rule
            .evidence
            .iter()
            .map(|e| {
                policy
                    .evidence
                    .get(e)
                    .map_or(e.clone(), |t| t.get(asking).to_owned())
            })
            .collect();
        if !items.is_empty() {
            let have = prompter.several(w.evidence_have, &items, &vec![false; items.len()])?;
            input.evidence = Some(EvidenceList(
                have.iter().map(|&i| rule.evidence[i].clone()).collect(),
            ));
        }
    }
    let mut label = decided.label;
    if name.is_some() {
        label.signature = name;
    }
    // Explanations in the user's language; the message in the policy's (unless --lang).
    let explained = report::build(policy, &decided.decision, &label, policy.lang(Some(asking)))?;
    ui.print(&render::summary(ui, &explained, false))?;

    // The message: shown, editable.
    let mut report = report::build(policy, &decided.decision, &label, lang)?;
    if let Some(message) = &mut report.message {
        ui.print(&format!("\n{}\n", "─".repeat(40)))?;
        crate::cli::draft_cmd::print(
            ui,
            settings,
            message,
            lang,
            &Default::default(),
            "new",
            serde_json::Value::Null,
        )?;
        ui.flush()?;
        if prompter.confirm(w.edit_message, false)? {
            let text = format!("{}\n\n{}", message.subject, message.body);
            if let Some(edited) = prompter.edit(&text)? {
                let (subject, body) = edited.split_once("\n\n").unwrap_or((edited.as_str(), ""));
                message.subject = subject.trim().to_owned();
                message.body = body.trim_start().to_owned();
            }
        }
    }
    ui.flush()?;
    let mut eml = args.eml.clone();
    if eml.is_none() && report.message.is_some() && prompter.confirm(w.save_eml, false)? {
        let default = format!(
            "claim-{}.eml",
            report.order.id.as_deref().unwrap_or("message")
        );
        let path = prompter.text(w.eml_path, Some(&default), &|t| {
            if t.is_empty() {
                Err(w.need_path.to_owned())
            } else {
                Ok(())
            }
        })?;
        eml = Some(PathBuf::from(path));
    }
    let save = !args.no_save && prompter.confirm(w.save_case, true)?;
    let remember = source == Source::Imported
        && !remembered.is_empty()
        && prompter.confirm(
            &format!(
                "{} {}?",
                w.remember,
                report.order.id.as_deref().unwrap_or("")
            ),
            true,
        )?;

    // Only now is anything written.
    let args = NewArgs {
        eml,
        no_save: !save,
        ..args.clone()
    };
    if remember {
        remember_facts(settings, &input, &remembered)?;
    }
    finish(
        ui,
        settings,
        &store,
        policy_index,
        &report,
        &input,
        &args,
        Some(w),
    )
}

/// Writes what the walk-through produced: the .eml, the case.
#[allow(clippy::too_many_arguments)]
fn finish(
    ui: &mut Ui,
    settings: &Settings,
    store: &PolicyStore<'_>,
    policy_index: usize,
    report: &report::Report<'_>,
    input: &CaseInput,
    args: &NewArgs,
    words: Option<&Prompts>,
) -> anyhow::Result<Exit> {
    if words.is_none() {
        ui.print(&render::summary(ui, report, false))?;
        if let Some(message) = &report.message {
            ui.print(&format!("\n{}\n", "─".repeat(40)))?;
            crate::cli::draft_cmd::print(
                ui,
                settings,
                message,
                report.lang,
                &Default::default(),
                "new",
                serde_json::Value::Null,
            )?;
        }
    }
    if let (Some(path), Some(message)) = (&args.eml, &report.message) {
        let eml = crate::cli::draft_cmd::eml_bytes(settings, message, "new")?;
        crate::fsutil::atomic_write(path, |out| std::io::Write::write_all(out, &eml))?;
        ui.note(&format!(
            "{} {}",
            words.map_or("Message written to", |w| w.written),
            path.display()
        ));
    }
    if !args.no_save {
        let mut case = journal_cmd::case_from_report(report, input, settings.today);
        case.decision.ladder =
            journal_cmd::saved_ladder(store.get(policy_index), report.lang, settings.today);
        if let (Some(message), Some(event)) = (
            &report.message,
            case.events
                .iter_mut()
                .find(|e| e.kind == crate::journal::EventKind::Draft),
        ) {
            event.text = Some(format!("{}\n\n{}", message.subject, message.body));
        }
        let id = journal_cmd::save_case(settings, case)?;
        let saved = words.map_or("Saved as case", |w| w.saved);
        ui.note(&format!("{saved} {id} (claim show {id})."));
    }
    ui.flush()?;
    Ok(crate::cli::check::exit_for(report.status))
}

/// Asks, once, the name to sign drafts with, and keeps it in the configuration.
fn first_run_name(
    settings: &Settings,
    prompter: &mut dyn Prompter,
    w: &Prompts,
) -> anyhow::Result<Option<String>> {
    if settings.config.profile.name.is_some() {
        return Ok(None);
    }
    let Some(path) = settings.config_path() else {
        return Ok(None);
    };
    let name = prompter.text(w.your_name, None, &|_| Ok(()))?;
    // Skipping is remembered too (an empty name), so the question comes once.
    let mut text = std::fs::read_to_string(&path).unwrap_or_default();
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    text.push_str(&format!(
        "\n[profile]\nname = {}\n",
        toml::Value::String(name.clone())
    ));
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    crate::fsutil::atomic_write(&path, |out| std::io::Write::write_all(out, text.as_bytes()))?;
    Ok(Some(name).filter(|n| !n.is_empty()))
}

/// A choice kept on one line of the terminal, so the menu redraws cleanly.
fn fit(text: &str) -> String {
    let width = dialoguer::console::Term::stderr()
        .size()
        .1
        .saturating_sub(6)
        .max(40) as usize;
    if text.chars().count() <= width {
        text.to_owned()
    } else {
        let mut short: String = text.chars().take(width - 1).collect();
        short.push('…');
        short
    }
}

fn pick_order(
    prompter: &mut dyn Prompter,
    history: &OrderHistory,
    w: &Prompts,
) -> Asked<Option<Order>> {
    let mut orders: Vec<&Order> = history.orders.iter().collect();
    orders.sort_by(|a, b| (b.date, &b.id).cmp(&(a.date, &a.id)));
    let mut items: Vec<String> = orders
        .iter()
        .map(|o| {
            let title = o.items.first().map_or("—", |i| i.title.as_str());
            let title: String = title.chars().take(50).collect();
            let more = if o.items.len() > 1 {
                format!(" (+{})", o.items.len() - 1)
            } else {
                String::new()
            };
            let total = o
                .total()
                .map_or_else(String::new, |t| format!(" · {}", t.display()));
            fit(&format!(
                "{} · {} · {}{}{}",
                o.date,
                o.id,
                clean(&title),
                more,
                total
            ))
        })
        .collect();
    items.push(w.manual.to_owned());
    let pick = prompter.search(w.which_order, &items, 0)?;
    Ok(orders.get(pick).map(|o| (*o).clone()))
}

/// The facts of an order typed by hand; returns its marketplace.
fn manual_order(
    prompter: &mut dyn Prompter,
    store: &mut PolicyStore<'_>,
    ui: &Ui,
    input: &mut CaseInput,
    w: &Prompts,
    today: NaiveDate,
) -> anyhow::Result<String> {
    let mut markets: Vec<String> = Vec::new();
    for id in crate::policy::builtin_ids() {
        let i = store.index(ui, id)?;
        markets.extend(store.get(i).marketplaces.iter().cloned());
    }
    let pick = prompter.select(w.marketplace, &markets, 0)?;
    let market = markets[pick].clone();
    if input.ordered.is_none() {
        input.ordered = Some(Date(
            ask_date(prompter, w.ordered_on, Some(today), today)?.unwrap_or(today),
        ));
    }
    if input.price.is_none() {
        let text = prompter.text(w.price, None, &|t| {
            if t.is_empty() {
                Ok(())
            } else {
                crate::money::parse_price(t).map(|_| ())
            }
        })?;
        input.price = crate::money::parse_price(&text).ok().map(AmountText);
    }
    Ok(market)
}

fn check_date(today: NaiveDate) -> impl Fn(&str) -> Result<(), String> {
    move |t: &str| {
        if t.is_empty() {
            return Ok(());
        }
        let d = crate::date::parse_date(t)?;
        if d > today {
            Err(format!("{d} is after today ({today})"))
        } else {
            Ok(())
        }
    }
}

/// A date, `None` when left empty (unknown).
fn ask_date(
    prompter: &mut dyn Prompter,
    prompt: &str,
    default: Option<NaiveDate>,
    today: NaiveDate,
) -> Asked<Option<NaiveDate>> {
    let default = default.map(crate::date::iso);
    let text = prompter.text(prompt, default.as_deref(), &check_date(today))?;
    Ok(crate::date::parse_date(&text).ok())
}

fn is_order_fact(input: Input) -> bool {
    matches!(
        input,
        Input::Promised
            | Input::Delivered
            | Input::Seller
            | Input::Prime
            | Input::ContactedSeller
            | Input::Returned
    )
}

/// Asks for one missing input; returns whether the user gave a value.
fn ask(
    prompter: &mut dyn Prompter,
    w: &Prompts,
    missing: Input,
    input: &mut CaseInput,
    facts: &crate::case::CaseFacts,
    today: NaiveDate,
) -> Asked<bool> {
    Ok(match missing {
        Input::Severity => {
            let pick = prompter.select(w.how_bad, &[w.major.to_owned(), w.minor.to_owned()], 0)?;
            input.severity = Some(if pick == 0 {
                Severity::Major
            } else {
                Severity::Minor
            });
            true
        }
        Input::Seller => {
            let items: Vec<String> = w.sellers.iter().map(|s| (*s).to_owned()).collect();
            let pick = prompter.select(w.who_sold, &items, 0)?;
            input.seller = Some([Seller::Amazon, Seller::Fba, Seller::ThirdParty][pick.min(2)]);
            true
        }
        Input::Prime => {
            input.prime = Some(prompter.confirm(w.prime, false)?);
            true
        }
        Input::Condition => {
            let pick = prompter.select(w.condition, &[w.new.to_owned(), w.used.to_owned()], 0)?;
            input.condition = Some(if pick == 0 {
                ItemCondition::New
            } else {
                ItemCondition::Used
            });
            true
        }
        Input::Promised => {
            let d = ask_date(
                prompter,
                w.promised,
                facts.promised,
                today.max(facts.promised.unwrap_or(today)),
            )?;
            input.promised = d.map(Date);
            d.is_some()
        }
        Input::Delivered => {
            let d = ask_date(prompter, w.delivered, Some(today), today)?;
            input.delivered = d.map(Date);
            d.is_some()
        }
        Input::Ordered => {
            let d = ask_date(prompter, w.ordered_on, Some(today), today)?;
            input.ordered = d.map(Date);
            d.is_some()
        }
        Input::ContactedSeller => {
            if prompter.confirm(w.contacted, false)? {
                let d = ask_date(prompter, w.contacted_on, Some(today), today)?;
                input.contacted_seller = d.map(Date);
                d.is_some()
            } else {
                false
            }
        }
        Input::Returned => {
            let d = ask_date(prompter, w.returned, Some(today), today)?;
            input.returned = d.map(Date);
            d.is_some()
        }
        Input::Price | Input::Shipping | Input::OrderTotal => {
            let prompt = if missing == Input::Shipping {
                w.shipping
            } else {
                w.price
            };
            let text = prompter.text(prompt, None, &|t| {
                if t.is_empty() {
                    Ok(())
                } else {
                    crate::money::parse_price(t).map(|_| ())
                }
            })?;
            let amount = crate::money::parse_price(&text).ok().map(AmountText);
            if missing == Input::Shipping {
                input.shipping = amount;
            } else {
                input.price = amount;
            }
            amount.is_some()
        }
        Input::Category => {
            let text = prompter.text(w.category, None, &|_| Ok(()))?;
            input.category = Some(text).filter(|t| !t.is_empty());
            input.category.is_some()
        }
        Input::Quantity | Input::Currency | Input::Evidence | Input::Problem => false,
    })
}

/// Records the answers about the order in the imported history, once the user agreed.
fn remember_facts(settings: &Settings, input: &CaseInput, which: &[Input]) -> anyhow::Result<()> {
    let Some(id) = &input.order else {
        return Ok(());
    };
    let path = settings.history_path();
    let lock = crate::orders::store::Lock::acquire(&settings.data_dir)?;
    let mut history = crate::orders::store::load(&path)?;
    let Some(order) = history.orders.iter_mut().find(|o| &o.id == id) else {
        return Ok(());
    };
    for i in which {
        match i {
            Input::Promised => order.promised = input.promised.map(|d| d.0).or(order.promised),
            Input::Delivered => order.delivered = input.delivered.map(|d| d.0).or(order.delivered),
            Input::Seller => order.seller = input.seller.or(order.seller),
            Input::Prime => order.prime = input.prime.or(order.prime),
            Input::ContactedSeller => {
                order.contacted_seller = input
                    .contacted_seller
                    .map(|d| d.0)
                    .or(order.contacted_seller)
            }
            Input::Returned => order.returned = input.returned.map(|d| d.0).or(order.returned),
            _ => {}
        }
    }
    crate::orders::store::save(&path, &history, &lock)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::prompt::{Answer, ScriptedPrompter};
    use super::*;
    use crate::cli::GlobalArgs;
    use crate::journal::Journal;

    struct Env {
        dir: tempfile::TempDir,
    }

    impl Env {
        fn new(config: &str) -> Env {
            let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
            std::fs::write(dir.path().join("config.toml"), config)
                .unwrap_or_else(|e| panic!("{e}"));
            Env { dir }
        }

        fn settings(&self) -> Settings {
            let args = GlobalArgs {
                data_dir: Some(self.dir.path().join("data")),
                config: Some(self.dir.path().join("config.toml")),
                today: crate::date::parse_date("2026-11-26").ok(),
                lang: Some(Lang::En),
                ..GlobalArgs::default()
            };
            Settings::resolve(&args).unwrap_or_else(|e| panic!("{e}"))
        }

        fn run(&self, answers: Vec<Answer>) -> (anyhow::Result<Exit>, Vec<String>) {
            let settings = self.settings();
            let mut ui = Ui::plain();
            let mut prompter = ScriptedPrompter::new(answers);
            let result = walk(&mut ui, &settings, &mut prompter, &NewArgs::default());
            (result, prompter.asked)
        }

        fn journal(&self) -> Journal {
            Journal::load(&crate::journal::journal_path(&self.dir.path().join("data")))
                .unwrap_or_else(|e| panic!("{e}"))
        }
    }

    const NAMED: &str = "[profile]\nname = \"Sam\"\n";

    #[test]
    fn a_damaged_item_from_the_demo_asks_only_the_severity() {
        let env = Env::new(NAMED);
        use Answer::*;
        // demo history; the coffee machine (2nd most recent); damaged; Enter for every question.
        let (result, asked) = env.run(vec![
            Enter,
            Pick(1),
            Pick(2),
            Enter,
            Picks(vec![0]),
            Enter,
            Enter,
            Enter,
        ]);
        assert_eq!(result.ok(), Some(Exit::Success));
        assert_eq!(
            asked,
            [
                "No order history yet. What now?",
                "Which order? (type to search)",
                "What went wrong?",
                "How bad is it?",
                "Which evidence do you already have? (Space to tick, Enter to confirm)",
                "Edit the message in your editor?",
                "Save the message as an .eml file?",
                "Save this case in your journal?",
            ]
        );
        let journal = env.journal();
        let case = &journal.cases[0];
        assert_eq!(case.order_id.as_deref(), Some("402-8765432-1122334"));
        assert_eq!(
            case.decision.remedy,
            Some(crate::vocab::RemedyKind::Replacement)
        );
        assert_eq!(
            case.facts.evidence.as_ref().map(|e| e.0.clone()),
            Some(vec!["photos".to_owned()])
        );
    }

    #[test]
    fn a_late_delivery_without_a_promised_date_asks_for_it() {
        let env = Env::new(NAMED);
        use Answer::*;
        // The shelf order (no promised date on file), its first item, late delivery.
        let (result, asked) = env.run(vec![
            Enter,
            Pick(9),
            Pick(0),
            Pick(0),
            Text("2026-11-08".into()),
            Enter,
            Enter,
            Enter,
            Enter,
        ]);
        assert_eq!(result.ok(), Some(Exit::Success), "{asked:?}");
        assert!(
            asked.contains(
                &"Latest promised delivery date (YYYY-MM-DD; Enter if unknown)".to_owned()
            ),
            "{asked:?}"
        );
        let case = &env.journal().cases[0];
        assert_eq!(
            case.facts.promised.map(|d| d.0.to_string()).as_deref(),
            Some("2026-11-08")
        );
        assert_eq!(
            case.decision.remedy,
            Some(crate::vocab::RemedyKind::AccountCredit)
        );
    }

    #[test]
    fn pressing_enter_everywhere_completes_a_claim() {
        let env = Env::new("");
        let (result, asked) = env.run(vec![Answer::Enter; 20]);
        assert_eq!(result.ok(), Some(Exit::Success), "{asked:?}");
        assert_eq!(env.journal().cases.len(), 1);
        // The name question came once and was skipped: it is not asked again.
        let (_, asked_again) = env.run(vec![Answer::Enter; 20]);
        assert!(
            !asked_again.iter().any(|a| a.starts_with("Your name")),
            "{asked_again:?}"
        );
    }

    #[test]
    fn a_manual_entry_asks_what_the_policy_needs() {
        let env = Env::new(NAMED);
        use Answer::*;
        // By hand; amazon.fr; ordered 2026-11-10; 30 EUR; defective; then severity, delivery, seller.
        let (result, asked) = env.run(vec![
            Pick(1),
            Pick(0),
            Text("2026-11-10".into()),
            Text("30".into()),
            Pick(3),
            Enter,
            Text("2026-11-14".into()),
            Enter,
            Enter,
            Enter,
            Enter,
            Enter,
        ]);
        assert_eq!(result.ok(), Some(Exit::Success), "{asked:?}");
        let case = &env.journal().cases[0];
        assert_eq!(case.problem, Problem::Defective);
        assert_eq!(case.decision.policy, "amazon-fr");
        assert_eq!(
            case.facts.delivered.map(|d| d.0.to_string()).as_deref(),
            Some("2026-11-14")
        );
        assert!(
            asked.contains(&"Who sold the item?".to_owned()),
            "{asked:?}"
        );
    }

    #[test]
    fn cancelling_half_way_saves_nothing() {
        let env = Env::new(NAMED);
        use Answer::*;
        let (result, _) = env.run(vec![Enter, Pick(1), Esc]);
        let cancelled = result.err().is_some_and(|e| {
            e.downcast_ref::<AskError>()
                .is_some_and(|a| matches!(a, AskError::Cancelled(_)))
        });
        assert!(cancelled);
        assert!(!env.dir.path().join("data/journal.toml").exists());
    }
}
