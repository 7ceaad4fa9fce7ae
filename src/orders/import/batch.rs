//! A batch: the orders, refunds, returns and replacements read from exports, assembled row
//! by row, one source per file, ready to merge into a history. Keeping each file apart is
//! what lets the same purchase seen in two files (a folder and its zip, two exports that
//! overlap, A and D) be merged once instead of summed.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use super::rows::{Line, Record};
use super::{FileOutcome, FileReport, ImportOptions, Native, RowProblem, values};
use crate::money::{Currency, Money};
use crate::orders::{Item, Order, OrderHistory, Rank, RecordedFacts, Refund, Return, Shipment};

/// What one file holds: its orders (assembled from its rows), refunds, returns and
/// replacements, and how complete its view of an order is.
#[derive(Debug, Default)]
pub struct Source {
    pub(super) rank: Rank,
    pub(super) orders: Vec<Order>,
    pub(super) index: HashMap<String, usize>,
    pub(super) refunds: Vec<(String, Refund)>,
    pub(super) returns: Vec<(String, Return)>,
    pub(super) replacements: Vec<(String, String)>,
    /// Refunds and returns an earlier import kept for orders it did not have.
    pub(super) earlier: bool,
    /// The refund and return rows seen: exports repeat them, a repeat is not another one.
    seen: HashSet<String>,
}

impl Source {
    /// Whether this file already had this refund or return row (by its id when it has one).
    fn repeats(&mut self, order_id: &str, id: Option<&str>, row: impl FnOnce() -> String) -> bool {
        let key = match id {
            Some(id) => format!("{order_id}|id:{id}"),
            None => format!("{order_id}|{}", row()),
        };
        !self.seen.insert(key)
    }
}

/// Rows that could not be read (or were read with a doubt): all counted, the first
/// [`MAX_KEPT_PROBLEMS`](crate::limits::MAX_KEPT_PROBLEMS) kept to show — a file of ten
/// million broken rows must not hold ten million messages.
#[derive(Debug, Default, Clone)]
pub struct Problems {
    kept: Vec<RowProblem>,
    count: usize,
}

impl Problems {
    pub fn push(&mut self, problem: RowProblem) {
        self.count += 1;
        if self.kept.len() < crate::limits::MAX_KEPT_PROBLEMS {
            self.kept.push(problem);
        }
    }

    /// How many there were (more than are kept, past the limit).
    pub fn len(&self) -> usize {
        self.count
    }

    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// The problems kept, first found first.
    pub fn iter(&self) -> std::slice::Iter<'_, RowProblem> {
        self.kept.iter()
    }
}

/// Orders, refunds and returns read from exports, file by file, ready to merge.
#[derive(Debug, Default)]
pub struct Batch {
    pub(super) sources: Vec<Source>,
    pub files: Vec<FileReport>,
    pub problems: Problems,
    /// Cancelled (zero-quantity) lines and refunds that were not completed.
    pub ignored_rows: u64,
    /// Refund and return rows an export repeats (they are one refund, one return).
    pub repeated_rows: u64,
    /// The fingerprints of the files read (see [`super::fingerprint`]), with their names and
    /// sizes: the history remembers them, and does not read them again.
    pub fingerprints: Vec<(String, String, u64)>,
    /// Orders the browser extension dated `pending`: not charged yet, not imported.
    pub pending: BTreeSet<String>,
    /// Rows kept with something missing (a report's empty title), to tell the user.
    pub warnings: Problems,
    /// Orders whose file named no marketplace, by currency and the marketplace inferred.
    pub inferred: BTreeMap<(&'static str, &'static str), u64>,
    /// Orders whose marketplace is unknown (no website, a currency several sites share),
    /// by currency.
    pub unknown_marketplace: BTreeMap<&'static str, u64>,
    pub rows: u64,
    /// Facts order files carry (promised, delivered, seller…), by order id: recorded like
    /// the user's answers.
    pub recorded: Vec<(String, RecordedFacts)>,
}

impl Batch {
    /// Starts the source of a new file: its rows are assembled apart from other files'.
    pub(super) fn begin(&mut self, rank: Rank) {
        self.sources.push(Source {
            rank,
            ..Source::default()
        });
    }

    /// A file is read: its orders hold no more room than their lines need (a large export
    /// has hundreds of thousands).
    pub(super) fn end_source(&mut self) {
        if let Some(source) = self.sources.last_mut() {
            for order in &mut source.orders {
                order.items.shrink_to_fit();
                order.shipments.shrink_to_fit();
            }
            source.orders.shrink_to_fit();
        }
    }

    fn source(&mut self) -> &mut Source {
        if self.sources.is_empty() {
            self.sources.push(Source::default());
        }
        let last = self.sources.len() - 1;
        &mut self.sources[last]
    }

    /// Adds the refunds and returns earlier imports kept for orders this batch may bring
    /// (by order id): they join their order when it comes.
    pub fn waiting(&mut self, waiting: Vec<(String, Vec<Refund>, Vec<Return>)>) {
        if waiting.is_empty() {
            return;
        }
        let mut source = Source {
            earlier: true,
            ..Source::default()
        };
        for (order_id, refunds, returns) in waiting {
            source
                .refunds
                .extend(refunds.into_iter().map(|r| (order_id.clone(), r)));
            source
                .returns
                .extend(returns.into_iter().map(|r| (order_id.clone(), r)));
        }
        self.sources.push(source);
    }

    /// How many orders the batch holds (an order in two files counts twice).
    pub fn order_count(&self) -> usize {
        self.sources.iter().map(|s| s.orders.len()).sum()
    }

    /// The ids of every order, refund, return and replacement the batch names.
    pub fn order_ids(&self) -> BTreeSet<&str> {
        let mut ids = BTreeSet::new();
        for s in &self.sources {
            ids.extend(s.orders.iter().map(|o| o.id.as_str()));
            ids.extend(s.refunds.iter().map(|(id, _)| id.as_str()));
            ids.extend(s.returns.iter().map(|(id, _)| id.as_str()));
            ids.extend(s.replacements.iter().map(|(id, _)| id.as_str()));
        }
        ids
    }

    /// Adds the orders of a native file (an order file, or a history `claim orders export`
    /// wrote) as one source: their refunds and returns are merged like an export's, and the
    /// facts they carry (promised, delivered, seller…) are recorded, filling what the user
    /// has not recorded yet.
    pub(super) fn add_orders(&mut self, name: &str, format: Native, history: OrderHistory) {
        let rank = history
            .orders
            .iter()
            .map(|o| o.rank)
            .max()
            .unwrap_or_default();
        let mut source = Source {
            rank,
            ..Source::default()
        };
        let count = history.orders.len() as u64;
        for mut order in history.orders {
            let facts = RecordedFacts::of(&order);
            if !facts.is_empty() {
                self.recorded.push((order.id.clone(), facts));
            }
            let id = &order.id;
            source
                .refunds
                .extend(order.refunds.drain(..).map(|r| (id.clone(), r)));
            source
                .returns
                .extend(order.returns.drain(..).map(|r| (id.clone(), r)));
            source.orders.push(order);
        }
        self.sources.push(source);
        self.rows += count;
        self.files.push(FileReport {
            name: name.to_owned(),
            outcome: FileOutcome::Orders {
                format,
                orders: count,
            },
        });
    }

    /// Records a file not read again, and why.
    pub(super) fn known(&mut self, name: &str, why: String) {
        self.files.push(FileReport {
            name: name.to_owned(),
            outcome: FileOutcome::Known(why),
        });
    }

    /// Records a file that had nothing to import, and why.
    pub(super) fn skip(&mut self, name: &str, why: &str) {
        self.files.push(FileReport {
            name: name.to_owned(),
            outcome: FileOutcome::Skipped(why.to_owned()),
        });
    }

    fn problem(&mut self, file: &str, line: u64, column: &str, value: &str, what: String) {
        self.problems.push(RowProblem {
            file: file.to_owned(),
            line,
            column: column.to_owned(),
            value: value.to_owned(),
            what,
        });
    }

    fn currency(
        &mut self,
        text: Option<&str>,
        marketplace: Option<&str>,
        options: &ImportOptions<'_>,
        at: (&str, u64),
    ) -> Option<Currency> {
        if let Some(t) = text {
            match t.parse::<Currency>() {
                Ok(c) => return Some(c),
                Err(e) => {
                    self.problem(at.0, at.1, "Currency", t, e);
                    return None;
                }
            }
        }
        let found = marketplace.and_then(|m| {
            (options.currency_for)(m).or_else(|| {
                values::currency_of_marketplace(m).and_then(|c| c.parse::<Currency>().ok())
            })
        });
        if found.is_none() {
            self.problem(
                at.0,
                at.1,
                "Currency",
                "",
                "the currency is unknown (no currency column, no currency marker on the price and no known marketplace): pass --marketplace with the Amazon site of this file".to_owned(),
            );
        }
        found
    }

    fn order_mut(
        &mut self,
        id: &str,
        date: chrono::NaiveDate,
        marketplace: Option<String>,
        currency: Currency,
    ) -> &mut Order {
        let marketplace = match marketplace {
            Some(m) => Some(m),
            None => self.infer_marketplace(id, currency),
        };
        let source = self.source();
        let i = match source.index.get(id) {
            Some(&i) => i,
            None => {
                let market = marketplace.clone().unwrap_or_default();
                let mut order = Order::new(id.to_owned(), date, market, currency);
                order.rank = source.rank;
                source.orders.push(order);
                source.index.insert(id.to_owned(), source.orders.len() - 1);
                source.orders.len() - 1
            }
        };
        let order = &mut source.orders[i];
        if order.marketplace.is_empty()
            && let Some(m) = marketplace
        {
            order.marketplace = m;
        }
        order.date = order.date.min(date);
        order
    }

    /// The marketplace of an order whose file does not name one: from its currency when one
    /// Amazon site alone uses it (counted, so the summary says so), else unknown.
    fn infer_marketplace(&mut self, id: &str, currency: Currency) -> Option<String> {
        let known = self
            .sources
            .last()
            .is_some_and(|s| s.index.contains_key(id));
        let inferred = values::marketplace_of_currency(currency.code());
        if !known {
            match inferred {
                Some(m) => {
                    *self.inferred.entry((currency.code(), m)).or_default() += 1;
                }
                None => *self.unknown_marketplace.entry(currency.code()).or_default() += 1,
            }
        }
        inferred.map(str::to_owned)
    }

    pub(super) fn add(
        &mut self,
        record: Record,
        file: &str,
        line: u64,
        options: &ImportOptions<'_>,
    ) {
        match record {
            Record::Line(l) => self.add_line(l, file, line, options),
            Record::Cancelled | Record::RefundNotCompleted => self.ignored_rows += 1,
            Record::Pending { order_id } => {
                self.pending.insert(order_id);
            }
            Record::RefundDeclined {
                order_id,
                date,
                currency,
                id,
            } => {
                let currency =
                    self.currency_of_order(&order_id, currency.as_deref(), options, (file, line));
                let source = self.source();
                let repeated =
                    source.repeats(&order_id, id.as_deref(), || format!("declined|{date}"));
                if repeated {
                    self.repeated_rows += 1;
                } else if let Some(currency) = currency {
                    self.source().refunds.push((
                        order_id,
                        Refund {
                            date,
                            amount: Money::new(rust_decimal::Decimal::ZERO, currency),
                            id,
                            declined: true,
                        },
                    ));
                }
            }
            Record::Nothing => {}
            Record::Refund {
                order_id,
                date,
                amount,
                currency,
                id,
            } => {
                let currency =
                    self.currency_of_order(&order_id, currency.as_deref(), options, (file, line));
                let source = self.source();
                let repeated = source.repeats(&order_id, id.as_deref(), || {
                    format!("refund|{date}|{amount}")
                });
                if repeated {
                    self.repeated_rows += 1;
                } else if let Some(currency) = currency {
                    self.source().refunds.push((
                        order_id,
                        Refund {
                            date,
                            amount: Money::new(amount, currency),
                            id,
                            declined: false,
                        },
                    ));
                }
            }
            Record::Return {
                order_id,
                date,
                amount,
                currency,
                reason,
                resolution,
                id,
            } => {
                let currency =
                    self.currency_of_order(&order_id, currency.as_deref(), options, (file, line));
                let source = self.source();
                let repeated = source.repeats(&order_id, id.as_deref(), || {
                    format!("return|{date}|{amount:?}|{resolution:?}")
                });
                if repeated {
                    self.repeated_rows += 1;
                    return;
                }
                self.source().returns.push((
                    order_id,
                    Return {
                        date,
                        amount: amount.zip(currency).map(|(a, c)| Money::new(a, c)),
                        reason,
                        resolution,
                        id,
                    },
                ));
            }
            Record::Replacement {
                order_id,
                replacement_id,
            } => self.source().replacements.push((order_id, replacement_id)),
            Record::Summary {
                order_id,
                date,
                marketplace,
                currency,
                total,
                shipping,
                items,
            } => {
                let marketplace = marketplace.or_else(|| options.marketplace.clone());
                let Some(currency) = self.currency(
                    currency.as_deref(),
                    marketplace.as_deref(),
                    options,
                    (file, line),
                ) else {
                    return;
                };
                let order = self.order_mut(&order_id, date, marketplace, currency);
                if let Some(t) = total {
                    order.recorded_total = Some(Money::new(t, currency));
                }
                if let Some(s) = shipping {
                    order.shipping = Some(Money::new(s, currency));
                }
                if order.items.is_empty() {
                    order.items = items
                        .into_iter()
                        .map(|(quantity, title)| Item {
                            asin: String::new(),
                            title,
                            unit_price: None,
                            quantity,
                            category: None,
                            condition: None,
                            shipped: None,
                            seller: None,
                            seller_name: None,
                        })
                        .collect();
                }
            }
        }
    }

    /// The currency of a refund or return: its own, else its order's (in any file of this
    /// batch).
    fn currency_of_order(
        &mut self,
        order_id: &str,
        text: Option<&str>,
        options: &ImportOptions<'_>,
        at: (&str, u64),
    ) -> Option<Currency> {
        if let Some(t) = text {
            return self.currency(Some(t), None, options, at);
        }
        self.sources
            .iter()
            .find_map(|s| s.index.get(order_id).map(|&i| s.orders[i].currency))
    }

    fn add_line(&mut self, mut l: Line, file: &str, line: u64, options: &ImportOptions<'_>) {
        if l.marketplace.is_none() {
            l.marketplace.clone_from(&options.marketplace);
        }
        let Some(currency) = self.currency(
            l.currency.as_deref(),
            l.marketplace.as_deref(),
            options,
            (file, line),
        ) else {
            return;
        };
        if l.title.is_empty() {
            self.warnings.push(RowProblem {
                file: file.to_owned(),
                line,
                column: "Title".to_owned(),
                value: String::new(),
                what: "no title: the item is kept without one".to_owned(),
            });
        }
        let order = self.order_mut(&l.order_id, l.date, l.marketplace, currency);
        if l.status.is_some() {
            order.status = l.status;
        }
        if let Some(t) = l.total {
            let sum = order.recorded_total.map_or(t, |m| m.amount + t);
            order.recorded_total = Some(Money::new(sum, currency));
        }
        for (carrier, tracking, date) in l.tracking {
            let shipment = Shipment {
                date,
                carrier: Some(carrier),
                tracking,
            };
            if !order.shipments.contains(&shipment) {
                if order.carrier.is_none() {
                    order.carrier.clone_from(&shipment.carrier);
                    order.tracking.clone_from(&shipment.tracking);
                }
                order.shipments.push(shipment);
            }
        }
        if let Some(s) = l.shipped {
            order.shipped = Some(order.shipped.map_or(s, |x| x.min(s)));
        }
        // The old reports name the seller: "Amazon.com" is the marketplace itself.
        let seller = l
            .seller_name
            .as_deref()
            .filter(|n| n.to_ascii_lowercase().starts_with("amazon"))
            .map(|_| crate::vocab::Id::new("amazon"));
        order.items.push(Item {
            asin: l.asin,
            title: l.title,
            unit_price: l.unit_price.map(|p| Money::new(p, currency)),
            quantity: l.quantity,
            category: l.category,
            condition: l.condition,
            shipped: l.shipped,
            seller,
            seller_name: l.seller_name,
        });
    }
}
