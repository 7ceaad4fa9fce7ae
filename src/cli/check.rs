//! `claim check`: one case from flags, or many from JSON Lines (`--batch`).

use std::io::{BufRead, Write};

use anyhow::Context as _;
use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::case::{AmountText, CaseInput, EvidenceList, check_case};
use crate::cli::render;
use crate::cli::settings::{FALLBACK_POLICY, Settings};
use crate::cli::{Exit, Ui};
use crate::date::Date;
use crate::draft::CaseLabel;
use crate::engine::evaluate;
use crate::orders::OrderHistory;
use crate::policy::{self, Policy};
use crate::report::{self, Report};
use crate::vocab::{ItemCondition, Problem, Seller, Severity, Status};

/// Check what to ask for, without prompts.
///
/// Facts come from the order history (--order, --item) and from flags, which override it.
/// Prints a summary, or the decision as JSON (--json); the exit code tells the outcome.
#[derive(Debug, Clone, Default, clap::Args)]
#[command(after_help = "Examples:
  claim check --problem damaged --severity major --seller amazon --delivered 2026-11-20 --price 249
  claim check --orders examples/orders.toml --order 402-8765432-1122334 --problem damaged --json
  claim check --batch cases.jsonl > decisions.jsonl")]
pub struct CheckArgs {
    #[command(flatten)]
    pub case: CaseFlags,
    /// Print the decision as JSON (schema_version 1)
    #[arg(long)]
    pub json: bool,
    /// Also print the drafted first message to customer service
    #[arg(long)]
    pub draft: bool,
    /// Evaluate many cases: JSON Lines from FILE, or - for stdin; one decision per line out
    #[arg(long, value_name = "FILE|-", conflicts_with_all = ["order", "problem", "draft"])]
    pub batch: Option<String>,
    /// Show every rule evaluated, with each condition and its value
    #[arg(long)]
    pub trace: bool,
    /// Record the case in your journal (`claim list`, `claim show`)
    #[arg(long, conflicts_with = "batch")]
    pub save: bool,
    /// With --draft: how to print the message, and the evidence to list with it
    #[command(flatten)]
    pub output: super::draft_cmd::Output,
}

fn amount_arg(s: &str) -> Result<Decimal, String> {
    crate::money::parse_price(s)
}

/// The facts of a case, as flags (`claim check`, `claim new`): they override the order
/// history.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct CaseFlags {
    /// Order id in the history (facts are read from it)
    #[arg(long, value_name = "ID")]
    pub order: Option<String>,
    /// Item of the order: its ASIN or its position (1, 2…)
    #[arg(long, value_name = "ASIN|N")]
    pub item: Option<String>,
    /// What went wrong
    #[arg(long, value_name = "KIND", value_parser = super::vocab_arg::<Problem>)]
    pub problem: Option<Problem>,
    /// How bad it is: minor or major
    #[arg(long, value_parser = super::vocab_arg::<Severity>)]
    pub severity: Option<Severity>,
    /// Who sold it: amazon, fba (third party, shipped by Amazon) or third-party
    #[arg(long, value_parser = super::vocab_arg::<Seller>)]
    pub seller: Option<Seller>,
    #[command(flatten)]
    pub prime: super::PrimeArgs,
    /// Order date
    #[arg(long, value_name = "DATE", value_parser = super::parse_date_arg)]
    pub ordered: Option<NaiveDate>,
    /// Latest promised (estimated) delivery date
    #[arg(long, value_name = "DATE", value_parser = super::parse_date_arg)]
    pub promised: Option<NaiveDate>,
    /// Delivery date (absent: not delivered, for late or missing parcels)
    #[arg(long, value_name = "DATE", value_parser = super::parse_date_arg)]
    pub delivered: Option<NaiveDate>,
    /// Unit price, e.g. 12.99 or 12,99
    #[arg(long, value_name = "AMOUNT", value_parser = amount_arg, allow_negative_numbers = true)]
    pub price: Option<Decimal>,
    /// Number of units
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub quantity: Option<u32>,
    /// Currency (ISO code) [default: the order's, else the policy's]
    #[arg(long, value_name = "CODE")]
    pub currency: Option<String>,
    /// Product category
    #[arg(long, value_name = "NAME")]
    pub category: Option<String>,
    /// new or used
    #[arg(long, value_parser = super::vocab_arg::<ItemCondition>)]
    pub condition: Option<ItemCondition>,
    /// Date you contacted the third-party seller
    #[arg(long, value_name = "DATE", value_parser = super::parse_date_arg)]
    pub contacted_seller: Option<NaiveDate>,
    /// Date you sent the item back
    #[arg(long, value_name = "DATE", value_parser = super::parse_date_arg)]
    pub returned: Option<NaiveDate>,
    /// Evidence you have, comma-separated (photos,packaging,unboxing-video…)
    #[arg(long, value_name = "LIST")]
    pub evidence: Option<String>,
    /// Shipping fee paid
    #[arg(long, value_name = "AMOUNT", value_parser = amount_arg, allow_negative_numbers = true)]
    pub shipping: Option<Decimal>,
}

impl CaseFlags {
    /// The case these flags describe.
    pub fn to_input(&self) -> CaseInput {
        CaseInput {
            id: None,
            problem: self.problem,
            order: self.order.clone(),
            item: self.item.clone(),
            severity: self.severity,
            seller: self.seller,
            prime: self.prime.value(),
            ordered: self.ordered.map(Date),
            promised: self.promised.map(Date),
            delivered: self.delivered.map(Date),
            price: self.price.map(AmountText),
            quantity: self.quantity,
            currency: self.currency.clone(),
            category: self.category.clone(),
            condition: self.condition,
            contacted_seller: self.contacted_seller.map(Date),
            returned: self.returned.map(Date),
            evidence: self.evidence.as_deref().map(EvidenceList::parse),
            shipping: self.shipping.map(AmountText),
        }
    }
}

/// Policies loaded so far, by id or path, so a batch loads each once.
#[derive(Debug)]
pub struct PolicyStore<'a> {
    settings: &'a Settings,
    loaded: Vec<(String, Policy)>,
    /// Marketplace → index in `loaded`, once resolved.
    by_marketplace: Vec<(String, usize)>,
}

impl<'a> PolicyStore<'a> {
    pub fn new(settings: &'a Settings) -> Self {
        PolicyStore {
            settings,
            loaded: Vec::new(),
            by_marketplace: Vec::new(),
        }
    }

    /// Loads (once) and returns the index of a policy.
    pub fn index(&mut self, ui: &Ui, id: &str) -> anyhow::Result<usize> {
        if let Some(i) = self.loaded.iter().position(|(k, _)| k == id) {
            return Ok(i);
        }
        let loaded = self.settings.load_policy(id)?;
        for w in loaded.warnings.warnings() {
            ui.note(&w.to_string());
        }
        self.loaded.push((id.to_owned(), loaded.policy));
        Ok(self.loaded.len() - 1)
    }

    /// A policy loaded before, by its id.
    pub fn loaded_by_id(&self, id: &str) -> Option<&Policy> {
        self.loaded.iter().map(|(_, p)| p).find(|p| p.id == id)
    }

    /// A policy loaded before, by its index.
    pub fn get(&self, index: usize) -> &Policy {
        &self.loaded[index].1
    }

    /// The index of the policy for a marketplace (see [`PolicyStore::for_marketplace`]).
    pub fn index_for_marketplace(
        &mut self,
        ui: &Ui,
        marketplace: Option<&str>,
    ) -> anyhow::Result<usize> {
        if let Some(m) = marketplace
            && let Some(&(_, i)) = self.by_marketplace.iter().find(|(x, _)| x == m)
        {
            return Ok(i);
        }
        let id = self.for_marketplace(ui, marketplace)?.id.clone();
        let i = self.index(ui, &id)?;
        if let Some(m) = marketplace {
            self.by_marketplace.push((m.to_owned(), i));
        }
        Ok(i)
    }

    /// The policy for a case: the one asked for, else the one serving the marketplace,
    /// else the fallback.
    pub fn for_marketplace(
        &mut self,
        ui: &Ui,
        marketplace: Option<&str>,
    ) -> anyhow::Result<&Policy> {
        let id = match (&self.settings.policy, marketplace) {
            (Some(p), _) => p.clone(),
            (None, Some(m)) => {
                let mut found = None;
                for id in policy::builtin_ids() {
                    let i = self.index(ui, id)?;
                    if self.loaded[i].1.serves(m) {
                        found = Some(id.to_owned());
                        break;
                    }
                }
                found.unwrap_or_else(|| FALLBACK_POLICY.to_owned())
            }
            (None, None) => FALLBACK_POLICY.to_owned(),
        };
        let i = self.index(ui, &id)?;
        Ok(&self.loaded[i].1)
    }
}

/// Evaluates one case: order lookup, policy choice, facts, decision, report.
/// A case decided: the policy that decided it (its index in the store), the decision, and
/// what drafts say about the order.
#[derive(Debug)]
pub struct Decided {
    pub policy: usize,
    pub decision: crate::engine::Decision,
    pub label: CaseLabel,
}

/// Decides one case as of `today`: order lookup, policy choice, facts, evaluation.
/// `policy` forces a policy (by id or path) instead of the marketplace's.
pub fn decide(
    ui: &Ui,
    settings: &Settings,
    store: &mut PolicyStore<'_>,
    history: &OrderHistory,
    input: &CaseInput,
    today: NaiveDate,
    policy: Option<&str>,
) -> anyhow::Result<Decided> {
    let mut label = CaseLabel {
        order_id: input.order.clone(),
        item: input.item.clone(),
        signature: settings.config.profile.name.clone(),
        contact: settings.config.profile.email.clone(),
        ..CaseLabel::default()
    };
    let (base, marketplace) = match &input.order {
        Some(id) => {
            let order = history.find(id)?;
            let (_, item) = order.item(input.item.as_deref())?;
            let problem = input
                .problem
                .ok_or(crate::case::InputError::MissingProblem)?;
            label.order_id = Some(order.id.clone());
            label.asin = Some(item.asin.clone());
            label.title = Some(item.title.clone());
            label.item = Some(item.asin.clone());
            (
                Some(order.facts(item, problem)),
                Some(order.marketplace.as_str()),
            )
        }
        None => {
            if input.item.is_some() {
                anyhow::bail!("--item picks an item of an order: pass --order too");
            }
            (None, None)
        }
    };
    let index = match policy {
        Some(p) => store.index(ui, p)?,
        None => store.index_for_marketplace(ui, marketplace)?,
    };
    let policy = store.get(index);
    let facts = input.to_facts(base, policy.currency)?;
    check_case(&facts, today, &policy.id, policy.currency)?;
    Ok(Decided {
        policy: index,
        decision: evaluate(policy, &facts, today),
        label,
    })
}

/// Evaluates one case: order lookup, policy choice, facts, decision, report.
pub fn evaluate_input<'s>(
    ui: &Ui,
    settings: &'s Settings,
    store: &'s mut PolicyStore<'_>,
    history: &OrderHistory,
    input: &CaseInput,
) -> anyhow::Result<Report<'s>> {
    let decided = decide(ui, settings, store, history, input, settings.today, None)?;
    let policy = store.get(decided.policy);
    let lang = policy.lang(settings.lang);
    report::build(policy, &decided.decision, &decided.label, lang).with_context(|| {
        format!(
            "policy {}: the message template cannot be filled",
            policy.id
        )
    })
}

pub fn cmd_check(ui: &mut Ui, settings: &Settings, args: &CheckArgs) -> anyhow::Result<Exit> {
    let history = match (&args.case.order, &args.batch) {
        (_, Some(_)) => settings.load_history()?,
        (None, None) => OrderHistory::default(),
        (Some(id), None) => match settings.find_order(id)? {
            Some(order) => OrderHistory {
                orders: vec![order],
            },
            None => settings.load_history()?,
        },
    };
    let mut store = PolicyStore::new(settings);
    if let Some(batch) = &args.batch {
        return run_batch(ui, settings, &mut store, &history, batch);
    }
    if args.case.problem.is_none() {
        anyhow::bail!(
            "the problem is missing: pass --problem (one of: {})",
            Problem::words().join(", ")
        );
    }
    let input = args.case.to_input();
    let report = evaluate_input(ui, settings, &mut store, &history, &input)?;
    if let Some(wanted) = settings.lang
        && report.lang != wanted
    {
        ui.warn(&format!(
            "policy {} has no `{wanted}` texts; using `{}`",
            report.policy.id, report.lang
        ));
    }
    let status = report.status;
    let saved = args
        .save
        .then(|| super::journal_cmd::case_from_report(&report, &input, settings.today));
    let lang = report.lang;
    let draft_only = args.draft && args.output.format != super::draft_cmd::Format::Text;
    if draft_only {
        let Some(message) = &report.message else {
            anyhow::bail!("no message to draft: the case is {}", report.status.word());
        };
        let extra = serde_json::json!({"problem": report.problem, "order": report.order.id});
        super::draft_cmd::print(ui, settings, message, lang, &args.output, "check", extra)?;
    } else if args.json {
        serde_json::to_writer_pretty(ui.out(), &report)?;
        ui.print("\n")?;
    } else {
        let text = render::summary(ui, &report, args.trace);
        ui.print(&text)?;
        if let (true, Some(message)) = (args.draft, &report.message) {
            ui.print(&format!(
                "\n{}\n",
                ui.paint(super::ui::Style::Dim, &"─".repeat(40))
            ))?;
            super::draft_cmd::print(
                ui,
                settings,
                message,
                lang,
                &args.output,
                "check",
                serde_json::Value::Null,
            )?;
        }
    }
    if let Some(mut case) = saved {
        if let Some(policy) = store.loaded_by_id(&case.decision.policy) {
            case.decision.ladder = super::journal_cmd::saved_ladder(policy, lang, settings.today);
        }
        let id = super::journal_cmd::save_case(settings, case)?;
        ui.note(&format!("Saved as case {id} (claim show {id})."));
    }
    Ok(exit_for(status))
}

/// The exit code for a decision.
pub fn exit_for(status: Status) -> Exit {
    match status {
        Status::Eligible => Exit::Success,
        Status::Ineligible => Exit::Ineligible,
        Status::Undetermined => Exit::Undetermined,
    }
}

fn run_batch(
    ui: &mut Ui,
    settings: &Settings,
    store: &mut PolicyStore<'_>,
    history: &OrderHistory,
    source: &str,
) -> anyhow::Result<Exit> {
    let reader: Box<dyn BufRead> = if source == "-" {
        Box::new(std::io::stdin().lock())
    } else {
        let file = std::fs::File::open(source)
            .with_context(|| format!("cannot open batch file {source}"))?;
        Box::new(std::io::BufReader::with_capacity(64 * 1024, file))
    };
    let mut malformed = 0usize;
    let mut line_text = String::new();
    let mut reader = reader;
    let mut number = 0usize;
    loop {
        line_text.clear();
        let read = reader.read_line(&mut line_text).with_context(|| {
            format!(
                "{source}:{}: cannot read the line (is it UTF-8?)",
                number + 1
            )
        })?;
        if read == 0 {
            break;
        }
        number += 1;
        let line = line_text.trim();
        if line.is_empty() {
            continue;
        }
        // Each line is serialised straight into the buffered stdout.
        match serde_json::from_str::<CaseInput>(line) {
            Ok(input) => match evaluate_input(ui, settings, store, history, &input) {
                Ok(mut report) => {
                    report.id = input.id.clone();
                    serde_json::to_writer(ui.out(), &report)?;
                }
                Err(e) => {
                    malformed += 1;
                    write_error(ui.out(), number, input.id.as_ref(), &format!("{e:#}"))?;
                }
            },
            Err(e) => {
                malformed += 1;
                let id = serde_json::from_str::<serde_json::Value>(line)
                    .ok()
                    .and_then(|v| v.get("id").cloned());
                write_error(ui.out(), number, id.as_ref(), &e.to_string())?;
            }
        }
        ui.out().write_all(b"\n")?;
    }
    if malformed > 0 {
        ui.note(&format!(
            "{source}: {malformed} line(s) could not be evaluated (see their \"error\" objects)"
        ));
        Ok(Exit::Error)
    } else {
        Ok(Exit::Success)
    }
}

fn write_error(
    out: &mut impl Write,
    line: usize,
    id: Option<&serde_json::Value>,
    message: &str,
) -> anyhow::Result<()> {
    let mut obj = serde_json::Map::new();
    if let Some(id) = id {
        obj.insert("id".to_owned(), id.clone());
    }
    obj.insert("line".to_owned(), line.into());
    obj.insert("error".to_owned(), message.into());
    serde_json::to_writer(out, &obj)?;
    Ok(())
}
