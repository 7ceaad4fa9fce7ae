//! The facts the engine reasons about, computed from what is known of a case and `today`.
//!
//! A case's *inputs* are what a user, an order file or a flag can tell (`promised`,
//! `delivered`, `price`…). *Facts* are what rules test (`days_late`, `item_value`…). A fact
//! whose inputs nobody supplied is unknown, and knows which inputs would make it known: that is
//! how `missing_facts` names flags the user can pass.

use std::fmt;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::money::Money;
use crate::vocab::{ItemCondition, Problem, Seller, Severity};

/// Something a user can tell about a case: a flag of `claim check`, a key of a batch line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Input {
    Problem,
    Severity,
    Seller,
    Prime,
    Ordered,
    Promised,
    Delivered,
    Price,
    Quantity,
    Currency,
    Category,
    Condition,
    ContactedSeller,
    Returned,
    Evidence,
    Shipping,
    OrderTotal,
}

impl Input {
    pub const ALL: &'static [Input] = &[
        Input::Problem,
        Input::Severity,
        Input::Seller,
        Input::Prime,
        Input::Ordered,
        Input::Promised,
        Input::Delivered,
        Input::Price,
        Input::Quantity,
        Input::Currency,
        Input::Category,
        Input::Condition,
        Input::ContactedSeller,
        Input::Returned,
        Input::Evidence,
        Input::Shipping,
        Input::OrderTotal,
    ];

    /// The snake_case name used in JSON (`missing_facts`, batch keys).
    pub fn name(self) -> &'static str {
        match self {
            Input::Problem => "problem",
            Input::Severity => "severity",
            Input::Seller => "seller",
            Input::Prime => "prime",
            Input::Ordered => "ordered",
            Input::Promised => "promised",
            Input::Delivered => "delivered",
            Input::Price => "price",
            Input::Quantity => "quantity",
            Input::Currency => "currency",
            Input::Category => "category",
            Input::Condition => "condition",
            Input::ContactedSeller => "contacted_seller",
            Input::Returned => "returned",
            Input::Evidence => "evidence",
            Input::Shipping => "shipping",
            Input::OrderTotal => "order_total",
        }
    }

    /// The command-line flag that supplies it.
    pub fn flag(self) -> String {
        format!("--{}", self.name().replace('_', "-"))
    }

    pub fn from_name(name: &str) -> Option<Input> {
        Input::ALL.iter().copied().find(|i| i.name() == name)
    }
}

impl fmt::Display for Input {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The type of a fact, which decides the tests a condition may apply to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FactType {
    /// A number of days since a date (comparable with day, hour and month durations).
    Days,
    Money,
    Bool,
    Count,
    /// One word of a closed vocabulary.
    Word(&'static [&'static str]),
    /// Free text (a category name).
    Text,
    /// A set of words (the evidence the buyer has).
    Set,
}

/// A fact rules may test.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Fact {
    Problem,
    Severity,
    Seller,
    Prime,
    Category,
    Condition,
    ItemValue,
    OrderTotal,
    ShippingFee,
    Quantity,
    Delivered,
    SellerContacted,
    Returned,
    DaysSinceOrder,
    DaysSinceDelivery,
    DaysLate,
    DaysSincePromised,
    DaysSinceSellerContact,
    DaysSinceReturn,
    Evidence,
}

const PROBLEM_WORDS: &[&str] = &[
    "late-delivery",
    "not-received",
    "damaged",
    "defective",
    "not-as-described",
    "missing-parts",
    "returned-not-refunded",
];
const SEVERITY_WORDS: &[&str] = &["minor", "major"];
const SELLER_WORDS: &[&str] = &["amazon", "fba", "third-party"];
const CONDITION_WORDS: &[&str] = &["new", "used"];

impl Fact {
    pub const ALL: &'static [Fact] = &[
        Fact::Problem,
        Fact::Severity,
        Fact::Seller,
        Fact::Prime,
        Fact::Category,
        Fact::Condition,
        Fact::ItemValue,
        Fact::OrderTotal,
        Fact::ShippingFee,
        Fact::Quantity,
        Fact::Delivered,
        Fact::SellerContacted,
        Fact::Returned,
        Fact::DaysSinceOrder,
        Fact::DaysSinceDelivery,
        Fact::DaysLate,
        Fact::DaysSincePromised,
        Fact::DaysSinceSellerContact,
        Fact::DaysSinceReturn,
        Fact::Evidence,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Fact::Problem => "problem",
            Fact::Severity => "severity",
            Fact::Seller => "seller",
            Fact::Prime => "prime",
            Fact::Category => "category",
            Fact::Condition => "condition",
            Fact::ItemValue => "item_value",
            Fact::OrderTotal => "order_total",
            Fact::ShippingFee => "shipping_fee",
            Fact::Quantity => "quantity",
            Fact::Delivered => "delivered",
            Fact::SellerContacted => "seller_contacted",
            Fact::Returned => "returned",
            Fact::DaysSinceOrder => "days_since_order",
            Fact::DaysSinceDelivery => "days_since_delivery",
            Fact::DaysLate => "days_late",
            Fact::DaysSincePromised => "days_since_promised",
            Fact::DaysSinceSellerContact => "days_since_seller_contact",
            Fact::DaysSinceReturn => "days_since_return",
            Fact::Evidence => "evidence",
        }
    }

    pub fn from_name(name: &str) -> Option<Fact> {
        Fact::ALL.iter().copied().find(|f| f.name() == name)
    }

    pub fn names() -> impl Iterator<Item = &'static str> {
        Fact::ALL.iter().map(|f| f.name())
    }

    pub fn ty(self) -> FactType {
        match self {
            Fact::Problem => FactType::Word(PROBLEM_WORDS),
            Fact::Severity => FactType::Word(SEVERITY_WORDS),
            Fact::Seller => FactType::Word(SELLER_WORDS),
            Fact::Condition => FactType::Word(CONDITION_WORDS),
            Fact::Prime | Fact::Delivered | Fact::SellerContacted | Fact::Returned => {
                FactType::Bool
            }
            Fact::Category => FactType::Text,
            Fact::ItemValue | Fact::OrderTotal | Fact::ShippingFee => FactType::Money,
            Fact::Quantity => FactType::Count,
            Fact::DaysSinceOrder
            | Fact::DaysSinceDelivery
            | Fact::DaysLate
            | Fact::DaysSincePromised
            | Fact::DaysSinceSellerContact
            | Fact::DaysSinceReturn => FactType::Days,
            Fact::Evidence => FactType::Set,
        }
    }
}

/// How the problem kind says whether the item was delivered (from the policy's `[problems]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeliveryMode {
    /// The problem implies delivery (a damaged item was received): no date means "unknown date".
    Implied,
    /// Delivery is a question: no date means "not delivered".
    Asked,
}

/// Everything known about one case: the engine's input. `None` means nobody said.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseFacts {
    pub problem: Problem,
    pub severity: Option<Severity>,
    pub seller: Option<Seller>,
    pub prime: Option<bool>,
    pub ordered: Option<NaiveDate>,
    pub shipped: Option<NaiveDate>,
    pub promised: Option<NaiveDate>,
    pub delivered: Option<NaiveDate>,
    pub price: Option<Money>,
    pub quantity: Option<u32>,
    pub category: Option<String>,
    pub condition: Option<ItemCondition>,
    pub contacted_seller: Option<NaiveDate>,
    pub returned: Option<NaiveDate>,
    pub evidence: Vec<String>,
    pub shipping: Option<Money>,
    pub order_total: Option<Money>,
}

impl CaseFacts {
    pub fn new(problem: Problem) -> Self {
        CaseFacts {
            problem,
            severity: None,
            seller: None,
            prime: None,
            ordered: None,
            shipped: None,
            promised: None,
            delivered: None,
            price: None,
            quantity: None,
            category: None,
            condition: None,
            contacted_seller: None,
            returned: None,
            evidence: Vec::new(),
            shipping: None,
            order_total: None,
        }
    }

    /// Unit price × quantity (quantity 1 when unknown).
    pub fn item_value(&self) -> Option<Money> {
        self.price.map(|p| {
            Money::new(
                p.amount * Decimal::from(self.quantity.unwrap_or(1)),
                p.currency,
            )
        })
    }
}

/// The value of a fact for one case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// `days` since the date `since` (negative when `since` is in the future).
    Days {
        days: i64,
        since: NaiveDate,
    },
    Money(Money),
    Bool(bool),
    Count(i64),
    Word(&'static str),
    Text(String),
    Set(Vec<String>),
    /// The fact does not apply (days since delivery of an undelivered parcel).
    NotApplicable,
    /// Nobody said; knowing these inputs would tell.
    Unknown(Vec<Input>),
}

impl Value {
    /// How the value reads in a trace.
    pub fn display(&self) -> Option<String> {
        match self {
            Value::Days { days, .. } => Some(days.to_string()),
            Value::Money(m) => Some(m.display()),
            Value::Bool(b) => Some(b.to_string()),
            Value::Count(n) => Some(n.to_string()),
            Value::Word(w) => Some((*w).to_owned()),
            Value::Text(t) => Some(t.clone()),
            Value::Set(items) => Some(format!("[{}]", items.join(", "))),
            Value::NotApplicable => Some("n/a".to_owned()),
            Value::Unknown(_) => None,
        }
    }
}

/// The facts of a case evaluated as of a date.
#[derive(Debug, Clone)]
pub struct FactSheet<'a> {
    pub case: &'a CaseFacts,
    pub today: NaiveDate,
    pub delivery: DeliveryMode,
}

impl FactSheet<'_> {
    /// The value of a fact.
    pub fn get(&self, fact: Fact) -> Value {
        let c = self.case;
        match fact {
            Fact::Problem => Value::Word(c.problem.word()),
            Fact::Severity => word(c.severity.map(Severity::word), Input::Severity),
            Fact::Seller => word(c.seller.map(Seller::word), Input::Seller),
            Fact::Condition => word(c.condition.map(ItemCondition::word), Input::Condition),
            Fact::Prime => c
                .prime
                .map_or(Value::Unknown(vec![Input::Prime]), Value::Bool),
            Fact::Category => c
                .category
                .clone()
                .map_or(Value::Unknown(vec![Input::Category]), Value::Text),
            Fact::ItemValue => c
                .item_value()
                .map_or(Value::Unknown(vec![Input::Price]), Value::Money),
            Fact::OrderTotal => c
                .order_total
                .map_or(Value::Unknown(vec![Input::OrderTotal]), Value::Money),
            Fact::ShippingFee => c
                .shipping
                .map_or(Value::Unknown(vec![Input::Shipping]), Value::Money),
            Fact::Quantity => Value::Count(i64::from(c.quantity.unwrap_or(1))),
            Fact::Delivered => match (c.delivered, self.delivery) {
                (Some(_), _) | (None, DeliveryMode::Implied) => Value::Bool(true),
                (None, DeliveryMode::Asked) => Value::Bool(false),
            },
            Fact::SellerContacted => Value::Bool(c.contacted_seller.is_some()),
            Fact::Returned => Value::Bool(c.returned.is_some()),
            Fact::DaysSinceOrder => self.since(c.ordered, Input::Ordered),
            Fact::DaysSincePromised => self.since(c.promised, Input::Promised),
            Fact::DaysSinceDelivery => match (c.delivered, self.delivery) {
                (Some(d), _) => self.days_between(d, self.today),
                (None, DeliveryMode::Implied) => Value::Unknown(vec![Input::Delivered]),
                (None, DeliveryMode::Asked) => Value::NotApplicable,
            },
            Fact::DaysSinceSellerContact => c
                .contacted_seller
                .map_or(Value::NotApplicable, |d| self.days_between(d, self.today)),
            Fact::DaysSinceReturn => c
                .returned
                .map_or(Value::NotApplicable, |d| self.days_between(d, self.today)),
            Fact::DaysLate => {
                let Some(promised) = c.promised else {
                    return Value::Unknown(vec![Input::Promised]);
                };
                match (c.delivered, self.delivery) {
                    (Some(d), _) => self.days_between(promised, d),
                    (None, DeliveryMode::Asked) => self.days_between(promised, self.today),
                    (None, DeliveryMode::Implied) => Value::Unknown(vec![Input::Delivered]),
                }
            }
            Fact::Evidence => Value::Set(c.evidence.clone()),
        }
    }

    /// The date an anchor name refers to, if known.
    pub fn anchor(&self, anchor: Anchor) -> Option<NaiveDate> {
        let c = self.case;
        match anchor {
            Anchor::Ordered => c.ordered,
            Anchor::Shipped => c.shipped,
            Anchor::Promised => c.promised,
            Anchor::Delivered => c.delivered,
            Anchor::ContactedSeller => c.contacted_seller,
            Anchor::Returned => c.returned,
            Anchor::Today => Some(self.today),
        }
    }

    fn since(&self, date: Option<NaiveDate>, input: Input) -> Value {
        date.map_or(Value::Unknown(vec![input]), |d| {
            self.days_between(d, self.today)
        })
    }

    fn days_between(&self, from: NaiveDate, to: NaiveDate) -> Value {
        Value::Days {
            days: (to - from).num_days(),
            since: from,
        }
    }
}

fn word(w: Option<&'static str>, input: Input) -> Value {
    w.map_or(Value::Unknown(vec![input]), Value::Word)
}

/// A date a deadline can be counted from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    Ordered,
    Shipped,
    Promised,
    Delivered,
    ContactedSeller,
    Returned,
    Today,
}

impl Anchor {
    pub const ALL: &'static [Anchor] = &[
        Anchor::Ordered,
        Anchor::Shipped,
        Anchor::Promised,
        Anchor::Delivered,
        Anchor::ContactedSeller,
        Anchor::Returned,
        Anchor::Today,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Anchor::Ordered => "ordered",
            Anchor::Shipped => "shipped",
            Anchor::Promised => "promised",
            Anchor::Delivered => "delivered",
            Anchor::ContactedSeller => "contacted_seller",
            Anchor::Returned => "returned",
            Anchor::Today => "today",
        }
    }

    pub fn from_name(name: &str) -> Option<Anchor> {
        Anchor::ALL.iter().copied().find(|a| a.name() == name)
    }

    /// The input that supplies this date, if any (`today` is always known).
    pub fn input(self) -> Option<Input> {
        match self {
            Anchor::Ordered | Anchor::Shipped => Some(Input::Ordered),
            Anchor::Promised => Some(Input::Promised),
            Anchor::Delivered => Some(Input::Delivered),
            Anchor::ContactedSeller => Some(Input::ContactedSeller),
            Anchor::Returned => Some(Input::Returned),
            Anchor::Today => None,
        }
    }
}
