//! The buyer's order history: the native, hand-editable TOML file, and finding an order and
//! an item in it. The facts exports lack (promised date, delivery date, seller…) live here.

pub mod import;
pub mod jsonl;
mod native;
mod recorded;
pub mod store;

pub use native::{OrderFileError, load_file, parse_native};
pub use recorded::RecordedFacts;

use chrono::NaiveDate;

use crate::case::CaseFacts;
use crate::money::{Currency, Money};
use crate::vocab::{Id, ItemCondition, Problem};

crate::vocab::vocabulary! {
    /// Where an order stands.
    OrderStatus {
        Ordered => "ordered",
        Shipped => "shipped",
        Delivered => "delivered",
        Cancelled => "cancelled",
        Returned => "returned",
    }
}

crate::vocab::labelled! {
    OrderStatus => order_statuses,
}

/// One line of an order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// The item's identifier: Amazon's ASIN, or another retailer's SKU.
    pub asin: String,
    pub title: String,
    pub unit_price: Option<Money>,
    pub quantity: u32,
    pub category: Option<String>,
    pub condition: Option<ItemCondition>,
    /// When the item's shipment left.
    pub shipped: Option<NaiveDate>,
    /// Overrides the order's seller (a seller kind of the marketplace's policy).
    pub seller: Option<Id>,
    pub seller_name: Option<String>,
}

/// A refund received.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refund {
    pub date: NaiveDate,
    pub amount: Money,
    /// The export's own id for it (`ReversalID`), when it gives one: two refunds of the same
    /// amount on the same day are two refunds.
    pub id: Option<String>,
    /// Asked for and declined: no money came (its amount is zero).
    pub declined: bool,
}

/// A return sent back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Return {
    pub date: NaiveDate,
    pub amount: Option<Money>,
    pub reason: Option<String>,
    /// `Refund`, `Exchange`, `No Refund`…
    pub resolution: Option<String>,
    /// The export's own id for it (`ContractId`), when it gives one.
    pub id: Option<String>,
}

impl Return {
    /// Whether it was sent back for a refund: a return settled by an exchange or without a
    /// refund (`No Refund`) asks for none. No resolution: a refund, the usual case.
    pub fn asks_refund(&self) -> bool {
        self.resolution
            .as_deref()
            .is_none_or(|x| x.eq_ignore_ascii_case("refund"))
    }
}

/// How complete a source's view of an order is. An order's items come from its best source:
/// a better one replaces a worse one's, a worse one only fills what is missing.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Rank {
    /// A hand-written file: not merged with exports.
    #[default]
    Unknown = 0,
    /// D: the browser extension's orders table (items named in one cell, no prices).
    ExtensionOrders = 1,
    /// D: the browser extension's items table (no ASIN, titles and prices).
    Extension = 2,
    /// C: the old Order History Reports (and histories kept by earlier versions).
    Reports = 3,
    /// A and B: the data-request exports, one row per item with its ASIN.
    OrderHistory = 4,
}

impl Rank {
    pub fn from_number(n: i64) -> Rank {
        match n {
            1 => Rank::ExtensionOrders,
            2 => Rank::Extension,
            3 => Rank::Reports,
            4 => Rank::OrderHistory,
            _ => Rank::Unknown,
        }
    }
}

/// A parcel of the order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shipment {
    pub date: Option<NaiveDate>,
    pub carrier: Option<String>,
    pub tracking: Option<String>,
}

/// One order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Order {
    pub id: String,
    pub date: NaiveDate,
    pub marketplace: String,
    pub currency: Currency,
    pub status: Option<OrderStatus>,
    /// The total the export states (Σ of its rows' totals), when there is one.
    pub recorded_total: Option<Money>,
    pub shipped: Option<NaiveDate>,
    pub promised: Option<NaiveDate>,
    pub delivered: Option<NaiveDate>,
    /// Known not to have arrived (no `delivered` date and this false: unknown).
    pub not_delivered: bool,
    /// Known to have been sold without a delivery date.
    pub no_promised_date: bool,
    /// A seller kind of the marketplace's policy (`amazon`, `third-party`…).
    pub seller: Option<Id>,
    pub seller_name: Option<String>,
    pub prime: Option<bool>,
    pub carrier: Option<String>,
    pub tracking: Option<String>,
    pub shipping: Option<Money>,
    pub contacted_seller: Option<NaiveDate>,
    pub returned: Option<NaiveDate>,
    /// The id of the replacement order Amazon sent for this one.
    pub replacement: Option<String>,
    /// The kind of source its items came from.
    pub rank: Rank,
    pub items: Vec<Item>,
    pub shipments: Vec<Shipment>,
    pub refunds: Vec<Refund>,
    pub returns: Vec<Return>,
}

impl Order {
    /// A new order with nothing but its identity.
    pub fn new(id: String, date: NaiveDate, marketplace: String, currency: Currency) -> Order {
        Order {
            id,
            date,
            marketplace,
            currency,
            status: None,
            recorded_total: None,
            shipped: None,
            promised: None,
            delivered: None,
            not_delivered: false,
            no_promised_date: false,
            seller: None,
            seller_name: None,
            prime: None,
            carrier: None,
            tracking: None,
            shipping: None,
            contacted_seller: None,
            returned: None,
            replacement: None,
            rank: Rank::Unknown,
            items: Vec::new(),
            shipments: Vec::new(),
            refunds: Vec::new(),
            returns: Vec::new(),
        }
    }

    /// What makes the order impossible, if anything: no id, a fact the user records dated
    /// before the order, a fact said both ways, an item without quantity. What exports say
    /// (ship dates, negative amounts of discounts) is kept as they say it.
    pub fn impossibility(&self) -> Option<String> {
        if self.id.trim().is_empty() {
            return Some("an order needs its id".to_owned());
        }
        for (what, date) in [
            ("promised", self.promised),
            ("delivered", self.delivered),
            ("returned", self.returned),
            ("contacted_seller", self.contacted_seller),
        ] {
            if let Some(d) = date.filter(|d| *d < self.date) {
                return Some(format!(
                    "{what} date {d} is before the order date {}",
                    self.date
                ));
            }
        }
        if self.delivered.is_some() && self.not_delivered {
            return Some("delivered on a date and not delivered at once".to_owned());
        }
        if self.promised.is_some() && self.no_promised_date {
            return Some("a promised date and no promised date at once".to_owned());
        }
        if self.items.iter().any(|i| i.quantity == 0) {
            return Some("an item with quantity 0".to_owned());
        }
        None
    }

    /// The first thing the order says happened after `today` (the order itself, its
    /// delivery, its return, a contact with the seller), with its date: none can have.
    pub fn event_after(&self, today: NaiveDate) -> Option<(&'static str, NaiveDate)> {
        [
            ("order", Some(self.date)),
            ("delivered", self.delivered),
            ("returned", self.returned),
            ("contacted_seller", self.contacted_seller),
        ]
        .into_iter()
        .find_map(|(what, date)| date.filter(|d| *d > today).map(|d| (what, d)))
    }

    /// The order's total: the one recorded by the export, else Σ unit price × quantity.
    pub fn total(&self) -> Option<Money> {
        self.recorded_total.or_else(|| self.items_total())
    }

    /// The refunds received (not those declined).
    pub fn refunds_received(&self) -> impl Iterator<Item = &Refund> {
        self.refunds.iter().filter(|r| !r.declined)
    }

    /// Σ refunds received in the order's currency (one in another currency is not added to
    /// them: it is listed on its own).
    pub fn refunded(&self) -> Option<Money> {
        let mut received = self
            .refunds_received()
            .filter(|r| r.amount.currency == self.currency)
            .peekable();
        received.peek()?;
        Some(Money::new(
            received.map(|r| r.amount.amount).sum(),
            self.currency,
        ))
    }

    /// Σ unit price × quantity of the items whose price is known.
    pub fn items_total(&self) -> Option<Money> {
        let mut sum = rust_decimal::Decimal::ZERO;
        let mut any = false;
        for item in &self.items {
            if let Some(p) = item.unit_price {
                sum += p.amount * rust_decimal::Decimal::from(item.quantity);
                any = true;
            }
        }
        any.then(|| Money::new(sum, self.currency))
    }

    /// The item named by an ASIN (any case) or a 1-based position; the only item when
    /// `which` is `None` and there is one.
    pub fn item(&self, which: Option<&str>) -> Result<(usize, &Item), LookupError> {
        let listing = || {
            self.items
                .iter()
                .enumerate()
                .map(|(i, it)| ItemRef {
                    position: i + 1,
                    asin: it.asin.clone(),
                    title: it.title.clone(),
                })
                .collect()
        };
        if self.items.is_empty() {
            return Err(LookupError::NoItems {
                order: self.id.clone(),
            });
        }
        match which {
            None if self.items.len() == 1 => Ok((0, &self.items[0])),
            None => Err(LookupError::ItemNeeded {
                order: self.id.clone(),
                items: listing(),
            }),
            Some(w) => {
                let w = w.trim();
                if let Ok(n) = w.parse::<usize>()
                    && (1..=self.items.len()).contains(&n)
                {
                    return Ok((n - 1, &self.items[n - 1]));
                }
                self.items
                    .iter()
                    .enumerate()
                    .find(|(_, it)| it.asin.eq_ignore_ascii_case(w))
                    .ok_or_else(|| LookupError::UnknownItem {
                        order: self.id.clone(),
                        given: w.to_owned(),
                        items: listing(),
                    })
            }
        }
    }

    /// The engine's facts for one item of this order and a problem.
    pub fn facts(&self, item: &Item, problem: Problem) -> CaseFacts {
        let mut f = CaseFacts::new(problem);
        f.ordered = Some(self.date);
        f.shipped = item.shipped.or(self.shipped);
        f.promised = self.promised;
        f.delivered = self.delivered;
        f.not_delivered = self.not_delivered && self.delivered.is_none();
        f.no_promised_date = self.no_promised_date && self.promised.is_none();
        f.seller = item.seller.clone().or_else(|| self.seller.clone());
        f.prime = self.prime;
        f.price = item.unit_price;
        f.quantity = Some(item.quantity);
        f.category.clone_from(&item.category);
        f.condition = item.condition;
        f.contacted_seller = self.contacted_seller;
        f.returned = self
            .returned
            .or_else(|| self.returns.first().map(|r| r.date));
        f.shipping = self.shipping;
        f.order_total = self.total();
        if f.price.is_some_and(|p| p.currency != self.currency) {
            f.price = None;
        }
        // A negative figure (a discount line, a credit) is not what was paid: unknown.
        let paid = |m: Option<Money>| m.filter(|m| !m.amount.is_sign_negative());
        f.price = paid(f.price);
        f.shipping = paid(f.shipping);
        f.order_total = paid(f.order_total);
        f
    }
}

/// Every order known, from one or more files.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OrderHistory {
    pub orders: Vec<Order>,
}

/// An item of an order, to name it in a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemRef {
    /// 1-based.
    pub position: usize,
    pub asin: String,
    pub title: String,
}

/// An order or item that cannot be found.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LookupError {
    #[error("no order history")]
    NoHistory,
    #[error("unknown order `{given}`")]
    UnknownOrder {
        given: String,
        /// Ids close to the one given, closest first.
        near: Vec<String>,
        /// How many orders were searched.
        searched: usize,
    },
    #[error(
        "order {order} has no item in the history (its export named none): give the item's facts with flags instead of --order (--price, --ordered…)"
    )]
    NoItems { order: String },
    #[error("order {order} has several items")]
    ItemNeeded { order: String, items: Vec<ItemRef> },
    #[error("order {order} has no item `{given}`")]
    UnknownItem {
        order: String,
        given: String,
        items: Vec<ItemRef>,
    },
}

impl OrderHistory {
    pub fn is_empty(&self) -> bool {
        self.orders.is_empty()
    }

    /// Adds orders; an order id seen before is replaced by the later one.
    pub fn merge(&mut self, other: OrderHistory) {
        for order in other.orders {
            match self.orders.iter_mut().find(|o| o.id == order.id) {
                Some(existing) => *existing = order,
                None => self.orders.push(order),
            }
        }
    }

    /// The order with this id, or an error suggesting near matches.
    pub fn find(&self, id: &str) -> Result<&Order, LookupError> {
        if self.orders.is_empty() {
            return Err(LookupError::NoHistory);
        }
        let id = id.trim();
        if let Some(o) = self.orders.iter().find(|o| o.id.eq_ignore_ascii_case(id)) {
            return Ok(o);
        }
        let mut near: Vec<(usize, &str)> = self
            .orders
            .iter()
            .map(|o| (strsim::levenshtein(&o.id, id), o.id.as_str()))
            .filter(|(d, _)| *d <= 3)
            .collect();
        near.sort();
        Err(LookupError::UnknownOrder {
            given: id.to_owned(),
            near: near.iter().take(3).map(|(_, n)| (*n).to_owned()).collect(),
            searched: self.orders.len(),
        })
    }
}
