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
use crate::vocab::{Id, ItemCondition, Problem, Severity};

/// Declares [`Input`] from one list, so that `Input::ALL` and the names cannot miss a variant
/// (a set of inputs lists what `ALL` lists).
macro_rules! inputs {
    ($($variant:ident => $name:literal,)+) => {
        /// Something a user can tell about a case: a flag of `claim check`, a key of a batch
        /// line.
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize,
            serde::Deserialize,
        )]
        pub enum Input {
            $($variant,)+
        }

        impl Input {
            /// Every input, in declaration order.
            pub const ALL: &'static [Input] = &[$(Input::$variant,)+];

            /// The snake_case name used in JSON (`missing_facts`, batch keys).
            pub fn name(self) -> &'static str {
                match self {
                    $(Input::$variant => $name,)+
                }
            }
        }
    };
}

inputs! {
    Problem => "problem",
    Severity => "severity",
    Seller => "seller",
    Prime => "prime",
    Ordered => "ordered",
    Promised => "promised",
    Delivered => "delivered",
    Price => "price",
    Quantity => "quantity",
    Currency => "currency",
    Category => "category",
    Condition => "condition",
    ContactedSeller => "contacted_seller",
    Returned => "returned",
    Evidence => "evidence",
    Shipping => "shipping",
    OrderTotal => "order_total",
    Shipped => "shipped",
    Refused => "refused",
    ReturnCostly => "return_costly",
    Withdrawal => "withdrawal",
}

impl Input {
    pub fn from_name(name: &str) -> Option<Input> {
        Input::ALL.iter().copied().find(|i| i.name() == name)
    }
}

impl fmt::Display for Input {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A set of inputs, listed in their declared order: what would make a fact, a deadline or a
/// rule known. A bit per input, so that the engine's three-valued logic never allocates.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Inputs(u32);

// One bit per input, in declaration order (what `Input::ALL` lists).
const _: () = assert!(Input::ALL.len() <= u32::BITS as usize);

impl Inputs {
    pub const NONE: Inputs = Inputs(0);

    pub fn one(input: Input) -> Self {
        Inputs(1 << input as u32)
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    pub fn contains(self, input: Input) -> bool {
        self.0 & Inputs::one(input).0 != 0
    }

    pub fn union(self, other: Inputs) -> Inputs {
        Inputs(self.0 | other.0)
    }

    /// The inputs of the set, in declared order.
    pub fn iter(self) -> impl Iterator<Item = Input> {
        Input::ALL
            .iter()
            .copied()
            .filter(move |i| self.contains(*i))
    }
}

impl FromIterator<Input> for Inputs {
    fn from_iter<I: IntoIterator<Item = Input>>(inputs: I) -> Self {
        inputs
            .into_iter()
            .fold(Inputs::NONE, |set, i| set.union(Inputs::one(i)))
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
    /// One of the seller kinds the policy declares.
    SellerKind,
    /// Free text (a category name).
    Text,
    /// A set of words (the evidence the buyer has).
    Set,
}

/// A fact rules may test.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Fact {
    Problem,
    Severity,
    Seller,
    SellerRole,
    Prime,
    Category,
    Condition,
    ItemValue,
    OrderTotal,
    ShippingFee,
    Quantity,
    Delivered,
    Shipped,
    DateAgreed,
    SellerContacted,
    Refused,
    ReturnCostly,
    Withdrawal,
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
const SELLER_ROLE_WORDS: &[&str] = &["retailer", "retailer-fulfilled", "third-party", "private"];
const CONDITION_WORDS: &[&str] = &["new", "used"];

impl Fact {
    pub const ALL: &'static [Fact] = &[
        Fact::Problem,
        Fact::Severity,
        Fact::Seller,
        Fact::SellerRole,
        Fact::Prime,
        Fact::Category,
        Fact::Condition,
        Fact::ItemValue,
        Fact::OrderTotal,
        Fact::ShippingFee,
        Fact::Quantity,
        Fact::Delivered,
        Fact::Shipped,
        Fact::DateAgreed,
        Fact::SellerContacted,
        Fact::Refused,
        Fact::ReturnCostly,
        Fact::Withdrawal,
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
            Fact::SellerRole => "seller_role",
            Fact::Prime => "prime",
            Fact::Category => "category",
            Fact::Condition => "condition",
            Fact::ItemValue => "item_value",
            Fact::OrderTotal => "order_total",
            Fact::ShippingFee => "shipping_fee",
            Fact::Quantity => "quantity",
            Fact::Delivered => "delivered",
            Fact::Shipped => "shipped",
            Fact::DateAgreed => "date_agreed",
            Fact::SellerContacted => "seller_contacted",
            Fact::Refused => "refused",
            Fact::ReturnCostly => "return_costly",
            Fact::Withdrawal => "withdrawal",
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
            Fact::Seller => FactType::SellerKind,
            Fact::SellerRole => FactType::Word(SELLER_ROLE_WORDS),
            Fact::Condition => FactType::Word(CONDITION_WORDS),
            Fact::Prime
            | Fact::Delivered
            | Fact::Shipped
            | Fact::DateAgreed
            | Fact::SellerContacted
            | Fact::Refused
            | Fact::ReturnCostly
            | Fact::Withdrawal
            | Fact::Returned => FactType::Bool,
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum DeliveryMode {
    /// The problem implies delivery (a damaged item was received): no date means "unknown date".
    Implied,
    /// Delivery is a question: delivered on a date, not delivered, or unknown until the buyer
    /// says.
    Asked,
}

/// Everything known about one case: the engine's input. `None` means nobody said.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseFacts {
    pub problem: Problem,
    pub severity: Option<Severity>,
    /// A seller kind of the policy (checked when the case is decided).
    pub seller: Option<Id>,
    pub prime: Option<bool>,
    pub ordered: Option<NaiveDate>,
    pub shipped: Option<NaiveDate>,
    pub promised: Option<NaiveDate>,
    pub delivered: Option<NaiveDate>,
    /// The buyer said the parcel has not arrived (without it, no delivery date is unknown).
    pub not_delivered: bool,
    /// The buyer said the order has not been shipped.
    pub not_shipped: bool,
    /// The buyer said no delivery date was indicated or agreed (the legal default applies).
    pub no_promised_date: bool,
    /// The seller or customer service refused, or let the reply deadline pass: what a
    /// last-resort remedy needs to be advised.
    pub refused: Option<bool>,
    /// Sending the item back would cost more than it is worth (bulky, heavy, far away).
    pub return_costly: Option<bool>,
    /// The item was sent back under the legal right of withdrawal, declared in time.
    pub withdrawal: Option<bool>,
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
            not_delivered: false,
            not_shipped: false,
            no_promised_date: false,
            refused: None,
            return_costly: None,
            withdrawal: None,
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

/// A date a deadline can be counted from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
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
            Anchor::Ordered => Some(Input::Ordered),
            Anchor::Shipped => Some(Input::Shipped),
            Anchor::Promised => Some(Input::Promised),
            Anchor::Delivered => Some(Input::Delivered),
            Anchor::ContactedSeller => Some(Input::ContactedSeller),
            Anchor::Returned => Some(Input::Returned),
            Anchor::Today => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vocab::SellerRole;

    #[test]
    fn seller_role_words_are_the_vocabulary() {
        let words: Vec<&str> = SellerRole::ALL.iter().map(|r| r.word()).collect();
        assert_eq!(words, SELLER_ROLE_WORDS);
    }

    #[test]
    fn a_set_of_inputs_lists_each_once_in_declared_order() {
        for (position, input) in Input::ALL.iter().enumerate() {
            assert_eq!(
                *input as usize, position,
                "Input::ALL follows the declaration"
            );
        }
        let set: Inputs = [
            Input::Price,
            Input::Problem,
            Input::Withdrawal,
            Input::Price,
        ]
        .into_iter()
        .collect();
        let listed: Vec<Input> = set.iter().collect();
        assert_eq!(listed, [Input::Problem, Input::Price, Input::Withdrawal]);
        assert!(set.contains(Input::Withdrawal) && !set.contains(Input::Seller));
        assert!(Inputs::NONE.is_empty() && !set.is_empty());
    }
}
