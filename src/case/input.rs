//! A case as a user describes it: the keys of a batch line, of a policy test, or the flags of
//! `claim check`. Turning it into [`CaseFacts`] validates every value.

use std::fmt;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Deserialize;
use serde::de::{self, Deserializer, Visitor};

use crate::case::CaseFacts;
use crate::date::Date;
use crate::money::{Currency, Money};
use crate::vocab::{Id, ItemCondition, Problem, Severity};

/// One case, every field optional; keys named like `claim check`'s long flags in snake_case.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct CaseInput {
    /// Echoed back in batch output.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<serde_json::Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub problem: Option<Problem>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub order: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub item: Option<String>,
    /// The item's name, for an order that is not in the history (typed by hand).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub severity: Option<Severity>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub seller: Option<Id>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prime: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ordered: Option<Date>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub promised: Option<Date>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delivered: Option<Date>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub price: Option<AmountText>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quantity: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub condition: Option<ItemCondition>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contacted_seller: Option<Date>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub returned: Option<Date>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub evidence: Option<EvidenceList>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shipping: Option<AmountText>,
    /// When the order was shipped (deadlines counted from delivery are estimated from it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shipped: Option<Date>,
    /// What the whole order cost.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub order_total: Option<AmountText>,
    /// `true`: the parcel has not arrived (`delivered` absent and this absent: unknown).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub not_delivered: Option<bool>,
    /// `true`: the order has not been shipped.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub not_shipped: Option<bool>,
    /// `true`: no delivery date was indicated or agreed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub no_promised_date: Option<bool>,
    /// The seller or customer service refused, or did not answer in time.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refused: Option<bool>,
    /// Sending the item back would cost more than it is worth.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub return_costly: Option<bool>,
    /// The item was sent back under the legal right of withdrawal.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub withdrawal: Option<bool>,
}

/// An amount written as a string (`"12.99"`, `"12,99"`); whole numbers are accepted too.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AmountText(pub Decimal);

impl serde::Serialize for AmountText {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0.to_string())
    }
}

impl serde::Serialize for EvidenceList {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(s)
    }
}

impl<'de> Deserialize<'de> for AmountText {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = AmountText;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an amount as a string, e.g. \"12.99\"")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<AmountText, E> {
                crate::money::parse_price(v)
                    .map(AmountText)
                    .map_err(E::custom)
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<AmountText, E> {
                self.visit_str(&v.to_string())
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<AmountText, E> {
                self.visit_str(&v.to_string())
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<AmountText, E> {
                Err(E::custom(format!(
                    "amount {v} is a floating-point number: write it as a string, e.g. \"{v}\""
                )))
            }
        }
        d.deserialize_any(V)
    }
}

/// Evidence the buyer has: `"photos,packaging"` or `["photos", "packaging"]`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EvidenceList(pub Vec<String>);

impl EvidenceList {
    pub fn parse(text: &str) -> Self {
        EvidenceList(
            text.split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect(),
        )
    }
}

impl<'de> Deserialize<'de> for EvidenceList {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Form {
            Text(String),
            List(Vec<String>),
        }
        Ok(match Form::deserialize(d)? {
            Form::Text(t) => EvidenceList::parse(&t),
            Form::List(l) => EvidenceList(l.into_iter().map(|s| s.trim().to_owned()).collect()),
        })
    }
}

/// Why a case cannot be evaluated.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InputError {
    #[error("the problem is missing (one of: {})", Problem::words().join(", "))]
    MissingProblem,
    #[error("an item is picked from an order: name the order too")]
    ItemWithoutOrder,
    #[error("{0}")]
    Currency(String),
    #[error("currency {given} does not match policy {policy} ({expected})")]
    CurrencyMismatch {
        given: Currency,
        expected: Currency,
        policy: String,
    },
    #[error("{later} ({later_date}) is before {earlier} ({earlier_date}): check the dates")]
    DateOrder {
        earlier: &'static str,
        earlier_date: NaiveDate,
        later: &'static str,
        later_date: NaiveDate,
    },
    #[error("{what} ({date}) is after today ({today}): check the date")]
    Future {
        what: &'static str,
        date: NaiveDate,
        today: NaiveDate,
    },
    #[error("{what} ({date}) is too far ahead (the latest year is {max})", max = crate::limits::LAST_YEAR)]
    TooFar { what: &'static str, date: NaiveDate },
    #[error(
        "{what} {amount} has more decimals than {currency} counts: write the amount as it was charged"
    )]
    FinerThanCurrency {
        what: &'static str,
        amount: Decimal,
        currency: Currency,
    },
    #[error("quantity must be at least 1")]
    ZeroQuantity,
    #[error("quantity {0} is more than {max} (the most one order line holds)", max = crate::limits::MAX_QUANTITY)]
    HugeQuantity(u32),
    #[error("the price is zero: give what the item cost (a refund of nothing is not a claim)")]
    ZeroPrice,
    #[error("{0} and {1} contradict each other: give one")]
    Contradiction(&'static str, &'static str),
    #[error("policy {policy} does not cover `{problem}` (it covers: {covered})")]
    ProblemNotCovered {
        problem: Problem,
        policy: String,
        covered: String,
    },
    #[error("unknown evidence `{given}` for policy {policy}{known}")]
    UnknownEvidence {
        given: String,
        policy: String,
        /// A "did you mean", and the evidence the policy knows.
        known: String,
    },
    #[error("unknown seller `{given}` for policy {policy}{hint} (its sellers: {known})")]
    UnknownSeller {
        given: Id,
        policy: String,
        hint: String,
        known: String,
    },
}

impl CaseInput {
    /// Writes every field this input sets over `facts` (flags override the order history).
    pub fn apply_to(&self, facts: &mut CaseFacts) {
        debug_assert!(self.contradiction().is_none(), "checked by to_facts");
        let date = |d: Option<Date>| d.map(|d| d.0);
        if let Some(p) = self.problem {
            facts.problem = p;
        }
        set(&mut facts.severity, self.severity);
        set(&mut facts.seller, self.seller.clone());
        set(&mut facts.prime, self.prime);
        set(&mut facts.ordered, date(self.ordered));
        set(&mut facts.shipped, date(self.shipped));
        set(&mut facts.promised, date(self.promised));
        set(&mut facts.delivered, date(self.delivered));
        // An answer replaces the history's other answer to the same question.
        if self.delivered.is_some() {
            facts.not_delivered = false;
        }
        if self.not_delivered == Some(true) {
            facts.not_delivered = true;
            facts.delivered = None;
        }
        if self.shipped.is_some() {
            facts.not_shipped = false;
        }
        if self.not_shipped == Some(true) {
            facts.not_shipped = true;
            facts.shipped = None;
        }
        if self.promised.is_some() {
            facts.no_promised_date = false;
        }
        if self.no_promised_date == Some(true) {
            facts.no_promised_date = true;
            facts.promised = None;
        }
        set(&mut facts.refused, self.refused);
        set(&mut facts.return_costly, self.return_costly);
        set(&mut facts.withdrawal, self.withdrawal);
        set(&mut facts.contacted_seller, date(self.contacted_seller));
        set(&mut facts.returned, date(self.returned));
        set(&mut facts.quantity, self.quantity);
        set(&mut facts.category, self.category.clone());
        set(&mut facts.condition, self.condition);
        if let Some(e) = &self.evidence {
            facts.evidence.clone_from(&e.0);
        }
    }

    /// Two answers to one question (`delivered` and `not_delivered`…).
    pub fn contradiction(&self) -> Option<InputError> {
        let pairs = [
            (
                self.delivered.is_some(),
                self.not_delivered,
                "delivered",
                "not_delivered",
            ),
            (
                self.shipped.is_some(),
                self.not_shipped,
                "shipped",
                "not_shipped",
            ),
            (
                self.promised.is_some(),
                self.no_promised_date,
                "promised",
                "no_promised_date",
            ),
        ];
        pairs
            .into_iter()
            .find(|(given, no, _, _)| *given && *no == Some(true))
            .map(|(_, _, a, b)| InputError::Contradiction(a, b))
    }

    /// The currency this input names, if any.
    pub fn currency(&self) -> Result<Option<Currency>, InputError> {
        self.currency
            .as_deref()
            .map(str::parse)
            .transpose()
            .map_err(InputError::Currency)
    }

    /// Sets the amounts, in `currency` (this input's own currency first); an amount finer
    /// than the currency's smallest unit (`1500.50` yen) is refused, not rounded.
    pub fn apply_amounts(
        &self,
        facts: &mut CaseFacts,
        currency: Currency,
    ) -> Result<(), InputError> {
        for (what, amount, slot) in [
            ("price", self.price, &mut facts.price),
            ("shipping", self.shipping, &mut facts.shipping),
            ("order_total", self.order_total, &mut facts.order_total),
        ] {
            if let Some(amount) = amount {
                let money = Money::exact(amount.0, currency).map_err(|_| {
                    InputError::FinerThanCurrency {
                        what,
                        amount: amount.0,
                        currency,
                    }
                })?;
                *slot = Some(money);
            }
        }
        Ok(())
    }

    /// Every fact of a case, as an input that gives them all back: what a saved case keeps,
    /// so it can be decided again without its order history.
    pub fn from_facts(facts: &CaseFacts) -> CaseInput {
        let date = |d: Option<NaiveDate>| d.map(Date);
        let amount = |m: Option<Money>| m.map(|m| AmountText(m.amount));
        CaseInput {
            id: None,
            problem: Some(facts.problem),
            order: None,
            item: None,
            title: None,
            severity: facts.severity,
            seller: facts.seller.clone(),
            prime: facts.prime,
            ordered: date(facts.ordered),
            promised: date(facts.promised),
            delivered: date(facts.delivered),
            price: amount(facts.price),
            quantity: facts.quantity,
            currency: [facts.price, facts.shipping, facts.order_total]
                .into_iter()
                .flatten()
                .next()
                .map(|m| m.currency.code().to_owned()),
            category: facts.category.clone(),
            condition: facts.condition,
            contacted_seller: date(facts.contacted_seller),
            returned: date(facts.returned),
            evidence: (!facts.evidence.is_empty()).then(|| EvidenceList(facts.evidence.clone())),
            shipping: amount(facts.shipping),
            shipped: date(facts.shipped),
            order_total: amount(facts.order_total),
            not_delivered: facts.not_delivered.then_some(true),
            not_shipped: facts.not_shipped.then_some(true),
            no_promised_date: facts.no_promised_date.then_some(true),
            refused: facts.refused,
            return_costly: facts.return_costly,
            withdrawal: facts.withdrawal,
        }
    }
}

fn set<T>(slot: &mut Option<T>, value: Option<T>) {
    if value.is_some() {
        *slot = value;
    }
}

/// Checks what a case says for impossibilities: dates out of order or in the future, a zero
/// quantity. (What depends on the policy — its currency, its sellers, the problems it
/// covers — the policy checks.)
pub fn check_case(facts: &CaseFacts, today: NaiveDate) -> Result<(), InputError> {
    match facts.quantity {
        Some(0) => return Err(InputError::ZeroQuantity),
        Some(q) if q > crate::limits::MAX_QUANTITY => return Err(InputError::HugeQuantity(q)),
        _ => {}
    }
    if facts.price.is_some_and(|p| p.amount.is_zero()) {
        return Err(InputError::ZeroPrice);
    }
    // A promised date may be ahead; not past the years deadlines can be counted in.
    if let Some(promised) = facts.promised.filter(|d| crate::date::too_far_ahead(*d)) {
        return Err(InputError::TooFar {
            what: "promised",
            date: promised,
        });
    }
    let dated = [
        ("delivered", facts.delivered),
        ("contacted_seller", facts.contacted_seller),
        ("returned", facts.returned),
        ("ordered", facts.ordered),
        ("shipped", facts.shipped),
    ];
    for (what, date) in dated {
        if let Some(date) = date.filter(|d| *d > today) {
            return Err(InputError::Future { what, date, today });
        }
    }
    if let Some(ordered) = facts.ordered {
        for (later, date) in [
            ("delivered", facts.delivered),
            ("promised", facts.promised),
            ("returned", facts.returned),
        ] {
            if let Some(later_date) = date.filter(|d| *d < ordered) {
                return Err(InputError::DateOrder {
                    earlier: "ordered",
                    earlier_date: ordered,
                    later,
                    later_date,
                });
            }
        }
    }
    if let (Some(delivered), Some(returned)) = (facts.delivered, facts.returned)
        && returned < delivered
    {
        return Err(InputError::DateOrder {
            earlier: "delivered",
            earlier_date: delivered,
            later: "returned",
            later_date: returned,
        });
    }
    Ok(())
}

impl CaseInput {
    /// The facts of this case, starting from `base` (facts read from the order history)
    /// when there is one; amounts without a currency are in `default_currency`.
    pub fn to_facts(
        &self,
        base: Option<CaseFacts>,
        default_currency: Currency,
    ) -> Result<CaseFacts, InputError> {
        if let Some(e) = self.contradiction() {
            return Err(e);
        }
        let mut facts = match (base, self.problem) {
            (Some(base), _) => base,
            (None, Some(problem)) => CaseFacts::new(problem),
            (None, None) => return Err(InputError::MissingProblem),
        };
        self.apply_to(&mut facts);
        let currency = match self.currency()? {
            Some(c) => c,
            None => facts.price.map_or(default_currency, |p| p.currency),
        };
        self.apply_amounts(&mut facts, currency)?;
        Ok(facts)
    }
}
