//! The walk-through's questions: the order and item, the problem, then only what the policy
//! needs to decide (the engine's missing facts), the evidence, the message. It writes
//! nothing: it ends with a [`Choice`] for [`finish`](super::finish::finish).

use std::path::PathBuf;

use chrono::NaiveDate;

use super::NewArgs;
use super::finish::{Choice, finish};
use super::prompt::{Asked, Prompter};
use crate::app::Settings;
use crate::app::catalogue::Catalogue;
use crate::app::decide::decide_order;
use crate::app::orders::{self, Recorded};
use crate::case::{AmountText, CaseFacts, CaseInput, DeliveryMode, EvidenceList, Input};
use crate::cli::Exit;
use crate::cli::render::{decision, message};
use crate::cli::ui::Ui;
use crate::date::Date;
use crate::lang::Lang;
use crate::lang::PromptWords;
use crate::orders::{Order, OrderHistory};
use crate::policy::Policy;
use crate::report;
use crate::vocab::{ItemCondition, Problem, Severity};

/// The demo history shipped with the program, offered on a first run.
const DEMO: &str = include_str!("../../../examples/orders.toml");

fn demo_history() -> OrderHistory {
    crate::orders::parse_native(&crate::source::SourceText::new("demo", DEMO)).unwrap_or_default()
}

/// Where the order comes from: it decides whether answers can be remembered for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum HistoryKind {
    /// The imported history in the data directory: answers can be recorded for the order.
    Imported,
    /// `--orders` files or the demo: read-only here.
    Files,
    /// Typed in by hand.
    Manual,
}

/// The walk-through on a prompter. Returns the exit code; writes nothing before the user
/// has answered the last question.
pub fn walk(
    ui: &mut Ui,
    settings: &Settings,
    prompter: &mut dyn Prompter,
    args: &NewArgs,
) -> anyhow::Result<Exit> {
    let asking = super::asking_lang(settings);
    let w = &asking.phrases().prompts;
    let today = settings.today;
    let name = first_run_name(settings, prompter, w)?;

    // The order history: the user's, else the demo or manual entry.
    let mut history = orders::load_all(settings)?;
    let mut history_kind = if settings.uses_order_files() {
        HistoryKind::Files
    } else {
        HistoryKind::Imported
    };
    if history.is_empty() && args.case.order.is_none() {
        let choices = [
            w.use_demo.to_owned(),
            w.import_data.to_owned(),
            w.manual.to_owned(),
        ];
        match prompter.select(w.no_history, &choices, 0)? {
            0 => {
                history = demo_history();
                history_kind = HistoryKind::Files;
            }
            1 if !settings.uses_order_files() => {
                import_data(ui, settings, prompter, w)?;
                history = orders::load_all(settings)?;
                if history.is_empty() {
                    history_kind = HistoryKind::Manual;
                }
            }
            _ => history_kind = HistoryKind::Manual,
        }
    }

    let mut input = args.case.to_input();
    let mut catalogue = Catalogue::new(settings);
    let order: Option<Order> = match &input.order {
        Some(id) => Some(history.find(id)?.clone()),
        None if history_kind == HistoryKind::Manual => None,
        None => pick_order(prompter, &history, w)?,
    };
    let policy_index = match &order {
        Some(o) => {
            input.order = Some(o.id.clone());
            if input.item.is_none() && o.items.len() > 1 {
                let items: Vec<String> = o
                    .items
                    .iter()
                    .map(|i| {
                        let price = i.unit_price.map_or_else(|| "—".to_owned(), |p| p.display());
                        format!("{} — {price}", i.title)
                    })
                    .collect();
                let pick = prompter.select(w.which_item, &items, 0)?;
                input.item = Some((pick + 1).to_string());
            }
            catalogue.for_marketplace(Some(&o.marketplace))?
        }
        None => {
            history_kind = HistoryKind::Manual;
            manual_order(prompter, &mut catalogue, &mut input, w, today)?
        }
    };

    // The problem.
    if input.problem.is_none() {
        let policy = catalogue.policy(policy_index);
        let lang = policy.lang(Some(asking));
        let covered: Vec<(&Problem, _)> = policy.problems.iter().collect();
        let items: Vec<String> = covered
            .iter()
            .map(|(_, info)| {
                let label = info.label.get(lang);
                fit(&format!("{label} — {}", info.description.get(lang)))
            })
            .collect();
        let pick = prompter.select(w.what_happened, &items, 0)?;
        input.problem = covered.get(pick).map(|(p, _)| **p);
    }

    // Only the questions the policy needs, until the decision is made.
    let mut asked: Vec<Input> = Vec::new();
    let mut remembered: Vec<Input> = Vec::new();
    let mut decided = loop {
        let decided = decide_order(
            settings,
            &mut catalogue,
            order.as_ref(),
            &input,
            today,
            Some(policy_index),
        )?;
        let next = decided
            .decision
            .missing
            .iter()
            .copied()
            .find(|i| !asked.contains(i));
        let Some(next) = next else { break decided };
        asked.push(next);
        let policy = catalogue.policy(policy_index);
        let words = (w, policy.lang(Some(asking)));
        let facts = &decided.decision.case;
        if ask(prompter, words, policy, next, &mut input, facts, today)? && is_order_fact(next) {
            remembered.push(next);
        }
    };

    // The evidence the user has.
    let policy = catalogue.policy(policy_index);
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
                    .map_or(e.clone(), |t| t.get(policy.lang(Some(asking))).to_owned())
            })
            .collect();
        if !items.is_empty() {
            let have = prompter.several(w.evidence_have, &items, &vec![false; items.len()])?;
            input.evidence = Some(EvidenceList(
                have.iter().map(|&i| rule.evidence[i].clone()).collect(),
            ));
            // Rules may test the evidence: decide again with it.
            decided = decide_order(
                settings,
                &mut catalogue,
                order.as_ref(),
                &input,
                today,
                Some(policy_index),
            )?;
        }
    }
    let policy = catalogue.policy(policy_index);
    if let Some(n) = name.as_deref().filter(|n| !n.is_empty()) {
        decided.label.signature = Some(n.to_owned());
    }
    // Explanations in the user's language; the message in the policy's (unless --lang).
    let explained = report::build(
        policy,
        &decided.decision,
        &decided.label,
        policy.lang(Some(asking)),
    )?;
    decision::summary(ui, &explained, false)?;

    let lang = policy.lang(settings.lang);
    let report = report::build(policy, &decided.decision, &decided.label, lang)?;
    let mut message = report.message.clone();
    if let Some(m) = &mut message {
        ui.text(&format!("\n{}\n", "─".repeat(40)))?;
        let p = message::Printable {
            message: m,
            lang,
            tag: "new",
            extra: serde_json::Value::Null,
        };
        message::print(ui, settings, p, &Default::default())?;
        ui.flush()?;
        if prompter.confirm(w.edit_message, false)? {
            let text = format!("{}\n\n{}", m.subject, m.body);
            if let Some(edited) = prompter.edit(&text)? {
                let (subject, body) = edited.split_once("\n\n").unwrap_or((edited.as_str(), ""));
                m.subject = subject.trim().to_owned();
                m.body = body.trim_start().to_owned();
            }
        }
    }
    ui.flush()?;
    let eml = match (&args.eml, &message) {
        (Some(path), _) => Some(path.clone()),
        (None, Some(_)) if prompter.confirm(w.save_eml, false)? => {
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
            Some(PathBuf::from(path))
        }
        _ => None,
    };
    let save = !args.no_save && prompter.confirm(w.save_case, true)?;
    let remember = match (&order, history_kind) {
        (Some(o), HistoryKind::Imported) if !remembered.is_empty() => {
            let question = crate::lang::fill(w.remember, &[("order", &o.id)]);
            prompter
                .confirm(&question, true)?
                .then(|| (o.id.clone(), recorded(&input, &remembered)))
        }
        _ => None,
    };
    let choice = Choice {
        status: report.status,
        message,
        lang,
        screen: asking,
        input,
        decided,
        eml,
        save,
        remember,
        name,
    };
    finish(ui, settings, &catalogue, choice)
}

/// The answers about the order worth keeping for it.
fn recorded(input: &CaseInput, which: &[Input]) -> Recorded {
    let date = |d: Option<Date>, i: Input| d.filter(|_| which.contains(&i)).map(|d| d.0);
    Recorded {
        promised: date(input.promised, Input::Promised),
        delivered: date(input.delivered, Input::Delivered),
        not_delivered: input.not_delivered == Some(true) && which.contains(&Input::Delivered),
        no_promised_date: input.no_promised_date == Some(true) && which.contains(&Input::Promised),
        seller: input
            .seller
            .clone()
            .filter(|_| which.contains(&Input::Seller))
            .map(|s| (None, s)),
        prime: input.prime.filter(|_| which.contains(&Input::Prime)),
        contacted_seller: date(input.contacted_seller, Input::ContactedSeller),
        returned: date(input.returned, Input::Returned),
    }
}

/// Asks, once, the name to sign drafts with; it is kept in the configuration when the
/// walk-through ends (an empty answer too, so the question comes once).
fn first_run_name(
    settings: &Settings,
    prompter: &mut dyn Prompter,
    w: &PromptWords,
) -> Asked<Option<String>> {
    if settings.profile().name.is_some() || settings.config_file.is_none() {
        return Ok(None);
    }
    prompter.text(w.your_name, None, &|_| Ok(())).map(Some)
}

/// A choice kept on one line of the terminal, so the menu redraws cleanly.
fn fit(text: &str) -> String {
    let width = dialoguer::console::Term::stderr()
        .size()
        .1
        .saturating_sub(6)
        .max(40) as usize;
    crate::cli::ui::shorten(text, width)
}

fn pick_order(
    prompter: &mut dyn Prompter,
    history: &OrderHistory,
    w: &PromptWords,
) -> Asked<Option<Order>> {
    let mut sorted: Vec<&Order> = history.orders.iter().collect();
    sorted.sort_by(|a, b| (b.date, &b.id).cmp(&(a.date, &a.id)));
    let mut items: Vec<String> = sorted
        .iter()
        .map(|o| {
            let title: String = o
                .items
                .first()
                .map_or("—", |i| i.title.as_str())
                .chars()
                .take(50)
                .collect();
            let more = match o.items.len() {
                0 | 1 => String::new(),
                n => format!(" (+{})", n - 1),
            };
            let total = o
                .total()
                .map_or_else(String::new, |t| format!(" · {}", t.display()));
            fit(&format!("{} · {} · {title}{more}{total}", o.date, o.id))
        })
        .collect();
    items.push(w.manual.to_owned());
    let pick = prompter.search(w.which_order, &items, 0)?;
    Ok(sorted.get(pick).map(|o| (*o).clone()))
}

/// Asks where the user's Amazon export is and imports it, with the summary `orders import`
/// prints; a file that cannot be imported is said, and the question asked again.
fn import_data(
    ui: &mut Ui,
    settings: &Settings,
    prompter: &mut dyn Prompter,
    w: &PromptWords,
) -> anyhow::Result<()> {
    loop {
        let path = prompter.text(w.export_path, None, &|t| {
            let t = t.trim();
            if t.is_empty() {
                Err(w.need_path.to_owned())
            } else if !std::path::Path::new(t).exists() {
                Err(w.no_such_path.to_owned())
            } else {
                Ok(())
            }
        })?;
        let args = crate::cli::orders::import::ImportArgs {
            paths: vec![PathBuf::from(path.trim())],
            strict: false,
            dry_run: false,
            again: false,
            marketplace: None,
        };
        match crate::cli::orders::import::import_and_report(ui, settings, &args) {
            Ok(_) => {
                ui.flush()?;
                return Ok(());
            }
            Err(e) => {
                ui.warn(&e.to_string());
                ui.flush()?;
            }
        }
    }
}

/// The facts of an order typed by hand; returns the policy of its marketplace.
fn manual_order(
    prompter: &mut dyn Prompter,
    catalogue: &mut Catalogue<'_>,
    input: &mut CaseInput,
    w: &PromptWords,
    today: NaiveDate,
) -> anyhow::Result<usize> {
    let markets = catalogue.marketplaces()?;
    let names: Vec<String> = markets.iter().map(|(m, _)| m.clone()).collect();
    let pick = prompter.select(w.marketplace, &names, 0)?;
    if input.ordered.is_none() {
        input.ordered = Some(Date(
            ask_date(prompter, w.ordered_on, Some(today), today)?.unwrap_or(today),
        ));
    }
    if input.price.is_none() {
        input.price = ask_amount(prompter, w.price)?;
    }
    // What the messages name the order and the item by; both optional.
    if input.order.is_none() {
        let number = prompter.text(w.order_number, None, &|_| Ok(()))?;
        input.order = Some(number.trim().to_owned()).filter(|n| !n.is_empty());
    }
    if input.title.is_none() {
        let title = prompter.text(w.item_title, None, &|_| Ok(()))?;
        input.title = Some(title.trim().to_owned()).filter(|t| !t.is_empty());
    }
    Ok(markets[pick].1)
}

fn ask_amount(prompter: &mut dyn Prompter, prompt: &str) -> Asked<Option<AmountText>> {
    let text = prompter.text(prompt, None, &|t| {
        if t.is_empty() {
            Ok(())
        } else {
            crate::money::parse_price(t).map(|_| ())
        }
    })?;
    Ok(crate::money::parse_price(&text).ok().map(AmountText))
}

/// A date, `None` when left empty (unknown).
fn ask_date(
    prompter: &mut dyn Prompter,
    prompt: &str,
    default: Option<NaiveDate>,
    today: NaiveDate,
) -> Asked<Option<NaiveDate>> {
    let default = default.map(crate::date::iso);
    let check = move |t: &str| {
        if t.is_empty() {
            return Ok(());
        }
        let d = crate::date::parse_date(t)?;
        if d > today {
            Err(format!("{d} is after today ({today})"))
        } else {
            Ok(())
        }
    };
    let text = prompter.text(prompt, default.as_deref(), &check)?;
    Ok(crate::date::parse_date(&text).ok())
}

/// A question answered yes, no or "I don't know" (`None`).
fn three_way(
    prompter: &mut dyn Prompter,
    question: &str,
    [yes, no, unknown]: [&str; 3],
) -> Asked<Option<bool>> {
    let items = [yes.to_owned(), no.to_owned(), unknown.to_owned()];
    Ok(match prompter.select(question, &items, 0)? {
        0 => Some(true),
        1 => Some(false),
        _ => None,
    })
}

/// Answers about the order (rather than the problem), worth keeping for it.
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

/// Asks for one missing input; returns whether the user gave a value. The policy's own
/// words (its seller kinds, its membership programme) are in `lang`.
fn ask(
    prompter: &mut dyn Prompter,
    (w, lang): (&PromptWords, Lang),
    policy: &Policy,
    missing: Input,
    input: &mut CaseInput,
    facts: &CaseFacts,
    today: NaiveDate,
) -> Asked<bool> {
    Ok(match missing {
        Input::Severity => {
            let pick = prompter.select(w.how_bad, &[w.major.to_owned(), w.minor.to_owned()], 0)?;
            input.severity = Some([Severity::Major, Severity::Minor][pick.min(1)]);
            true
        }
        Input::Seller => {
            let items: Vec<String> = policy
                .sellers
                .iter()
                .map(|s| s.label.get(lang).to_owned())
                .collect();
            let pick = prompter.select(w.who_sold, &items, 0)?;
            input.seller = policy.sellers.get(pick).map(|s| s.id.clone());
            input.seller.is_some()
        }
        Input::Prime => {
            let membership = policy.membership.as_ref().map_or("", |m| m.label.get(lang));
            let question = crate::lang::fill(w.prime, &[("membership", membership)]);
            input.prime = Some(prompter.confirm(&question, false)?);
            true
        }
        Input::Condition => {
            let pick = prompter.select(w.condition, &[w.new.to_owned(), w.used.to_owned()], 0)?;
            input.condition = Some([ItemCondition::New, ItemCondition::Used][pick.min(1)]);
            true
        }
        Input::Promised => {
            match three_way(prompter, w.date_given, [w.yes, w.no_date, w.dont_know])? {
                Some(true) => {
                    let latest = today.max(facts.promised.unwrap_or(today));
                    let d = ask_date(prompter, w.promised, facts.promised, latest)?;
                    input.promised = d.map(Date);
                    d.is_some()
                }
                Some(false) => {
                    input.no_promised_date = Some(true);
                    true
                }
                None => false,
            }
        }
        // A damaged or defective item arrived: only its date is asked.
        Input::Delivered if policy.delivery_mode(facts.problem) == DeliveryMode::Implied => {
            let d = ask_date(prompter, w.delivered, None, today)?;
            input.delivered = d.map(Date);
            d.is_some()
        }
        Input::Delivered => {
            match three_way(prompter, w.arrived, [w.yes, w.not_yet, w.dont_know])? {
                Some(true) => {
                    let d = ask_date(prompter, w.delivered, None, today)?;
                    input.delivered = d.map(Date);
                    d.is_some()
                }
                Some(false) => {
                    input.not_delivered = Some(true);
                    true
                }
                None => false,
            }
        }
        Input::Shipped => match three_way(prompter, w.shipped, [w.yes, w.not_yet, w.dont_know])? {
            Some(true) => {
                let d = ask_date(prompter, w.shipped_on, None, today)?;
                input.shipped = d.map(Date);
                d.is_some()
            }
            Some(false) => {
                input.not_shipped = Some(true);
                true
            }
            None => false,
        },
        Input::Refused => {
            input.refused = Some(prompter.confirm(w.refused, false)?);
            true
        }
        Input::ReturnCostly => {
            input.return_costly = Some(prompter.confirm(w.return_costly, false)?);
            true
        }
        Input::Withdrawal => {
            input.withdrawal = Some(prompter.confirm(w.withdrawal, false)?);
            true
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
        Input::Shipping => {
            input.shipping = ask_amount(prompter, w.shipping)?;
            input.shipping.is_some()
        }
        Input::Price | Input::OrderTotal => {
            input.price = ask_amount(prompter, w.price)?;
            input.price.is_some()
        }
        Input::Category => {
            let text = prompter.text(w.category, None, &|_| Ok(()))?;
            input.category = Some(text).filter(|t| !t.is_empty());
            input.category.is_some()
        }
        Input::Quantity | Input::Currency | Input::Evidence | Input::Problem => false,
    })
}

#[cfg(test)]
mod tests {
    use super::super::prompt::{Answer, ScriptedPrompter};
    use super::*;
    use crate::journal::Journal;
    use crate::lang::Lang;

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

        fn config(&self) -> String {
            std::fs::read_to_string(self.dir.path().join("config.toml")).unwrap_or_default()
        }

        fn settings(&self) -> Settings {
            let config_file = self.dir.path().join("config.toml");
            let config =
                crate::config::Config::load(&config_file, true).unwrap_or_else(|e| panic!("{e}"));
            Settings {
                today: crate::date::parse_date("2026-11-26").unwrap_or_default(),
                lang: Some(Lang::En),
                locale: None,
                policy: None,
                config,
                config_file: Some(config_file),
                data_dir: self.dir.path().join("data"),
                orders: Vec::new(),
            }
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
    fn a_damaged_item_from_the_demo_asks_the_severity_and_the_cost_of_a_return() {
        let env = Env::new(NAMED);
        use Answer::*;
        // demo history; the coffee machine (2nd most recent); damaged; Enter for every question.
        let (result, asked) = env.run(vec![
            Enter,
            Pick(1),
            Pick(2),
            Enter,
            Enter,
            Picks(vec![0]),
            Enter,
            Enter,
            Enter,
        ]);
        assert_eq!(
            result.as_ref().ok(),
            Some(&Exit::Success),
            "{:?} {asked:?}",
            result.as_ref().err()
        );
        assert_eq!(
            asked,
            [
                "No order history yet. What now?",
                "Which order? (type to search)",
                "What went wrong?",
                "How bad is it?",
                "Would sending it back cost more than it is worth (bulky, heavy, far away)?",
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
            Pick(0),
            Text("2026-11-08".into()),
            Enter,
            Enter,
            Enter,
            Enter,
        ]);
        assert_eq!(
            result.as_ref().ok(),
            Some(&Exit::Success),
            "{:?} {asked:?}",
            result.as_ref().err()
        );
        assert!(
            asked.contains(&"Was a delivery date given when you ordered?".to_owned())
                && asked.contains(&"Latest promised delivery date (YYYY-MM-DD)".to_owned()),
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
        assert_eq!(
            result.as_ref().ok(),
            Some(&Exit::Success),
            "{:?} {asked:?}",
            result.as_ref().err()
        );
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
        // By hand; amazon.fr; ordered 2026-11-10; 30 EUR; its number and name; defective; then
        // severity, seller, delivery, whether a return would cost more than the item.
        let (result, asked) = env.run(vec![
            Pick(2),
            Pick(0),
            Text("2026-11-10".into()),
            Text("30".into()),
            Text("402-1234567-7654321".into()),
            Text("Lampe de bureau".into()),
            Pick(3),
            Enter,
            Enter,
            Text("2026-11-14".into()),
            Enter,
            Enter,
            Enter,
            Enter,
            Enter,
        ]);
        assert_eq!(
            result.as_ref().ok(),
            Some(&Exit::Success),
            "{:?} {asked:?}",
            result.as_ref().err()
        );
        let case = &env.journal().cases[0];
        assert_eq!(case.problem, Problem::Defective, "{asked:?}");
        assert_eq!(case.decision.policy, "amazon-fr");
        // The message names the order and the item typed in.
        assert_eq!(case.order_id.as_deref(), Some("402-1234567-7654321"));
        assert_eq!(case.title.as_deref(), Some("Lampe de bureau"));
        assert_eq!(
            case.facts.delivered.map(|d| d.0.to_string()).as_deref(),
            Some("2026-11-14"),
            "{asked:?}"
        );
        assert!(
            asked.contains(&"Who sold the item?".to_owned()),
            "{asked:?}"
        );
    }

    #[test]
    fn a_first_run_imports_the_users_export_then_picks_from_it() {
        let env = Env::new(NAMED);
        use Answer::*;
        let export = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/exports/a");
        // Import my data; a file that is not an export (said, and asked again), then the
        // export; the most recent order (the headphones); Enter for everything else.
        let not_an_export = concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml");
        let mut answers = vec![
            Pick(1),
            Text(not_an_export.into()),
            Text(export.into()),
            Enter,
            Pick(3),
            Enter,
            Text("2026-11-06".into()),
        ];
        answers.extend(std::iter::repeat_n(Enter, 12));
        let (result, asked) = env.run(answers);
        assert_eq!(
            result.as_ref().ok(),
            Some(&Exit::Success),
            "{:?} {asked:?}",
            result.as_ref().err()
        );
        assert!(env.dir.path().join("data/history.sqlite").exists());
        let case = &env.journal().cases[0];
        assert_eq!(
            case.order_id.as_deref(),
            Some("113-1000003-0000003"),
            "{asked:?}"
        );
    }

    #[test]
    fn cancelling_half_way_saves_nothing() {
        let env = Env::new(NAMED);
        use Answer::*;
        let (result, _) = env.run(vec![Enter, Pick(1), Esc]);
        let cancelled = result.err().is_some_and(|e| {
            e.downcast_ref::<super::super::prompt::AskError>()
                .is_some_and(|a| a.is_cancel())
        });
        assert!(cancelled);
        assert!(!env.dir.path().join("data/journal.toml").exists());
    }

    #[test]
    fn the_first_run_name_is_kept_only_at_the_end_and_in_the_existing_profile() {
        let config = "# my settings\n[profile]\nemail = \"sam@example.org\"\n";
        // Cancelled at each of the first prompts: the configuration is byte-identical.
        for stop in 0..8 {
            let env = Env::new(config);
            let mut answers = vec![
                Answer::Text("Sam Martin".into()),
                Answer::Enter,
                Answer::Pick(1),
                Answer::Pick(2),
            ];
            answers.extend(std::iter::repeat_n(Answer::Enter, 8));
            answers.insert(stop + 1, Answer::Esc);
            let (result, _) = env.run(answers);
            assert!(result.is_err(), "stop {stop}");
            assert_eq!(env.config(), config, "cancelled at prompt {stop}");
        }
        // Completed: one [profile] with both, the comment kept.
        let env = Env::new(config);
        let mut answers = vec![Answer::Text("Sam Martin".into())];
        answers.extend(std::iter::repeat_n(Answer::Enter, 20));
        let (result, asked) = env.run(answers);
        assert_eq!(
            result.as_ref().ok(),
            Some(&Exit::Success),
            "{:?} {asked:?}",
            result.as_ref().err()
        );
        let after = env.config();
        assert!(after.starts_with("# my settings\n"), "{after}");
        assert_eq!(after.matches("[profile]").count(), 1, "{after}");
        assert!(
            after.contains("email = \"sam@example.org\"")
                && after.contains("name = \"Sam Martin\"")
        );
    }
}
