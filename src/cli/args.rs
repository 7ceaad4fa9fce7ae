//! Arguments several commands share — the facts of a case, how to print a draft — and the
//! parsers of flag values (dates, amounts, vocabulary words, languages).

use std::path::PathBuf;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::case::{AmountText, CaseInput, EvidenceList};
use crate::date::Date;
use crate::lang::Lang;
use crate::vocab::{Id, ItemCondition, Problem, Severity, UnknownWord};

pub fn parse_date(s: &str) -> Result<NaiveDate, String> {
    crate::date::parse_date(s)
}

/// `--today` and `--promised` (which may be ahead of it): a date, at most in
/// [`LAST_YEAR`](crate::limits::LAST_YEAR), so every deadline counted from a case's dates
/// stays a four-digit year.
pub fn parse_bounded_date(s: &str) -> Result<NaiveDate, String> {
    let day = parse_date(s)?;
    if crate::date::too_far_ahead(day) {
        return Err(format!(
            "`{s}` is too far ahead (the latest year is {})",
            crate::limits::LAST_YEAR
        ));
    }
    Ok(day)
}

pub fn parse_amount(s: &str) -> Result<Decimal, String> {
    crate::money::parse_price(s)
}

/// A vocabulary word (`--seller third-party`), with a "did you mean".
pub fn parse_word<T: std::str::FromStr<Err = UnknownWord>>(s: &str) -> Result<T, String> {
    s.parse().map_err(|e: UnknownWord| e.to_string())
}

/// An id a policy declares (`--seller third-party`): checked against the policy applied.
pub fn parse_id(s: &str) -> Result<Id, String> {
    if s.trim().is_empty() {
        return Err("an empty value".to_owned());
    }
    Ok(Id::new(s))
}

/// `--lang`: only the languages the program speaks completely.
pub fn lang_parser() -> impl clap::builder::TypedValueParser<Value = Lang> {
    use clap::builder::TypedValueParser as _;
    clap::builder::PossibleValuesParser::new(Lang::codes()).try_map(|code| code.parse::<Lang>())
}

// `--prime` / `--no-prime`. (No doc comment: flattened into a subcommand, it would become
// that subcommand's help.)
#[derive(Debug, Clone, Copy, Default, clap::Args)]
pub struct PrimeArgs {
    /// It was delivered under the retailer's membership programme (Prime on Amazon)
    #[arg(long, conflicts_with = "no_prime")]
    pub prime: bool,
    /// It was not delivered under the membership programme
    #[arg(long)]
    pub no_prime: bool,
}

impl PrimeArgs {
    /// What the flags say, if anything.
    pub fn value(self) -> Option<bool> {
        match (self.prime, self.no_prime) {
            (true, _) => Some(true),
            (_, true) => Some(false),
            _ => None,
        }
    }
}

// The facts of a case, as flags (`claim check`, `claim new`): they override the order
// history. (No doc comment: flattened into a subcommand, it would become that subcommand's
// help.)
#[derive(Debug, Clone, Default, clap::Args)]
pub struct CaseFlags {
    /// Order id in the history (facts are read from it)
    #[arg(long, value_name = "ID")]
    pub order: Option<String>,
    /// Item of the order: its ASIN (or SKU) or its position (1, 2…)
    #[arg(long, value_name = "ASIN|N")]
    pub item: Option<String>,
    /// The item's name, when the order is not in the history (the messages name it)
    #[arg(long, value_name = "TEXT")]
    pub title: Option<String>,
    /// What went wrong: late-delivery, not-received, damaged, defective, not-as-described,
    /// missing-parts or returned-not-refunded (those the policy covers)
    #[arg(long, value_name = "KIND", value_parser = parse_word::<Problem>)]
    pub problem: Option<Problem>,
    /// How bad it is: minor or major
    #[arg(long, value_parser = parse_word::<Severity>)]
    pub severity: Option<Severity>,
    /// Who sold it: a seller kind of the policy (on Amazon: amazon, fba — a third party
    /// shipped by Amazon — or third-party)
    #[arg(long, value_name = "KIND", value_parser = parse_id)]
    pub seller: Option<Id>,
    #[command(flatten)]
    pub prime: PrimeArgs,
    /// Order date
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub ordered: Option<NaiveDate>,
    /// Latest promised (estimated) delivery date
    #[arg(long, value_name = "DATE", value_parser = parse_bounded_date)]
    pub promised: Option<NaiveDate>,
    /// No delivery date was indicated or agreed (the legal default period applies)
    #[arg(long, conflicts_with = "promised")]
    pub no_promised_date: bool,
    /// Delivery date (neither this nor --not-delivered: unknown)
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub delivered: Option<NaiveDate>,
    /// The parcel has not arrived
    #[arg(long, conflicts_with = "delivered")]
    pub not_delivered: bool,
    /// Unit price, e.g. 12.99 or 12,99
    #[arg(long, value_name = "AMOUNT", value_parser = parse_amount, allow_negative_numbers = true)]
    pub price: Option<Decimal>,
    /// Number of units
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=crate::limits::MAX_QUANTITY as i64))]
    pub quantity: Option<u32>,
    /// Currency (ISO code) [default: the order's, else the policy's]
    #[arg(long, value_name = "CODE")]
    pub currency: Option<String>,
    /// Product category
    #[arg(long, value_name = "NAME")]
    pub category: Option<String>,
    /// new or used
    #[arg(long, value_parser = parse_word::<ItemCondition>)]
    pub condition: Option<ItemCondition>,
    /// Date you contacted the third-party seller
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub contacted_seller: Option<NaiveDate>,
    /// Date you sent the item back
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub returned: Option<NaiveDate>,
    /// Evidence you have, comma-separated (photos,packaging,unboxing-video…)
    #[arg(long, value_name = "LIST")]
    pub evidence: Option<String>,
    /// Shipping fee paid
    #[arg(long, value_name = "AMOUNT", value_parser = parse_amount, allow_negative_numbers = true)]
    pub shipping: Option<Decimal>,
    /// Date the order was shipped
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub shipped: Option<NaiveDate>,
    /// The order has not been shipped yet
    #[arg(long, conflicts_with = "shipped")]
    pub not_shipped: bool,
    /// The seller or customer service refused, or let the reply deadline pass (what a last
    /// resort, such as a card dispute, needs)
    #[arg(long)]
    pub refused: bool,
    /// Sending the item back would cost more than it is worth (bulky, heavy, far away)
    #[arg(long)]
    pub return_costly: bool,
    /// You sent it back under the legal right of withdrawal, declared within its period
    /// (not only under the retailer's return policy)
    #[arg(long)]
    pub withdrawal: bool,
    /// What the whole order cost
    #[arg(long, value_name = "AMOUNT", value_parser = parse_amount)]
    pub order_total: Option<Decimal>,
}

impl CaseFlags {
    /// The case these flags describe.
    pub fn to_input(&self) -> CaseInput {
        CaseInput {
            id: None,
            problem: self.problem,
            order: self.order.clone(),
            item: self.item.clone(),
            title: self.title.clone(),
            severity: self.severity,
            seller: self.seller.clone(),
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
            shipped: self.shipped.map(Date),
            order_total: self.order_total.map(AmountText),
            not_delivered: self.not_delivered.then_some(true),
            not_shipped: self.not_shipped.then_some(true),
            no_promised_date: self.no_promised_date.then_some(true),
            refused: self.refused.then_some(true),
            return_costly: self.return_costly.then_some(true),
            withdrawal: self.withdrawal.then_some(true),
        }
    }
}

/// How to print a draft.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    /// Subject and body, ready to paste
    #[default]
    Text,
    /// An e-mail file (RFC 5322) to open in a mail client
    Eml,
    /// A mailto: link (RFC 6068)
    Mailto,
    /// JSON
    Json,
}

// Options of every command that prints a draft. (No doc comment: flattened into a
// subcommand, it would become that subcommand's help.)
#[derive(Debug, Clone, Default, clap::Args)]
pub struct DraftOutput {
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Evidence to attach: each file is listed with its size and SHA-256 (and attached to
    /// the .eml)
    #[arg(long, value_name = "FILE", num_args = 1..)]
    pub attach: Vec<PathBuf>,
}

/// The flags that answer an input of the case (`missing_facts` → `--promised DATE`): the
/// date and its "no" when the question has one.
pub fn flag_of(input: crate::case::Input) -> String {
    use crate::case::Input;
    match input {
        Input::Delivered => "--delivered DATE | --not-delivered".to_owned(),
        Input::Shipped => "--shipped DATE | --not-shipped".to_owned(),
        Input::Promised => "--promised DATE | --no-promised-date".to_owned(),
        _ => format!("--{}", input.name().replace('_', "-")),
    }
}
