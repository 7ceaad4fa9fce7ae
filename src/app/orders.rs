//! The order history a command reads: the `--orders` files when there are some, else the
//! history imported into the data directory. One order is found without reading the whole
//! history; a command that looks up many loads it once.

use crate::app::Settings;
use crate::orders::{self, LookupError, Order, OrderHistory, store};

/// Why the history cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum HistoryError {
    #[error("{0}")]
    Store(#[from] store::StoreError),
    #[error("{0}")]
    File(#[from] orders::OrderFileError),
    #[error("{0}")]
    Lookup(#[from] LookupError),
}

/// Every order of the history.
pub fn load_all(settings: &Settings) -> Result<OrderHistory, HistoryError> {
    if !settings.uses_order_files() {
        return Ok(store::load(&settings.history_path())?);
    }
    let mut history = OrderHistory::default();
    for path in &settings.orders {
        let file = if path.extension().is_some_and(|e| e == "jsonl") {
            store::load(path)?
        } else {
            orders::load_file(path)?
        };
        history.merge(file);
    }
    Ok(history)
}

/// Calls `each` with every order, streaming the imported history; `each` may fail.
pub fn for_each<E: From<HistoryError>>(
    settings: &Settings,
    mut each: impl FnMut(&Order) -> Result<(), E>,
) -> Result<(), E> {
    if settings.uses_order_files() {
        for order in &load_all(settings)?.orders {
            each(order)?;
        }
        return Ok(());
    }
    let mut failure = None;
    store::for_each(&settings.history_path(), |order| match each(&order) {
        Ok(()) => true,
        Err(e) => {
            failure = Some(e);
            false
        }
    })
    .map_err(HistoryError::from)?;
    failure.map_or(Ok(()), Err)
}

/// Orders looked up by id: the first without reading the whole history, the next ones in
/// the history loaded once.
#[derive(Debug)]
pub struct Orders<'s> {
    settings: &'s Settings,
    loaded: Option<OrderHistory>,
}

impl<'s> Orders<'s> {
    pub fn new(settings: &'s Settings) -> Self {
        Orders {
            settings,
            loaded: None,
        }
    }

    /// Orders from a history already in memory (the demo, a test).
    pub fn of(settings: &'s Settings, history: OrderHistory) -> Self {
        Orders {
            settings,
            loaded: Some(history),
        }
    }

    /// The order with this id, or an error naming near ids.
    pub fn find(&mut self, id: &str) -> Result<Order, HistoryError> {
        if self.loaded.is_none() && !self.settings.uses_order_files() {
            // Most commands look up one order: find it without parsing the others.
            self.loaded = Some(OrderHistory::default());
            if let Some(order) = store::find(&self.settings.history_path(), id.trim())? {
                return Ok(order);
            }
        }
        if self.loaded.as_ref().is_none_or(OrderHistory::is_empty) {
            self.loaded = Some(load_all(self.settings)?);
        }
        let history = self.loaded.get_or_insert_with(OrderHistory::default);
        Ok(history.find(id)?.clone())
    }
}

/// Facts the exports lack, recorded for an order of the imported history.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Recorded {
    pub promised: Option<chrono::NaiveDate>,
    pub delivered: Option<chrono::NaiveDate>,
    /// The parcel has not arrived (a delivery date recorded later replaces it).
    pub not_delivered: bool,
    /// No delivery date was given.
    pub no_promised_date: bool,
    /// Who sold it, for one item (ASIN or position) or the whole order.
    pub seller: Option<(Option<String>, crate::vocab::Id)>,
    pub prime: Option<bool>,
    pub contacted_seller: Option<chrono::NaiveDate>,
    pub returned: Option<chrono::NaiveDate>,
}

impl Recorded {
    pub fn is_empty(&self) -> bool {
        *self == Recorded::default()
    }
}

/// Why facts cannot be recorded.
#[derive(Debug, thiserror::Error)]
pub enum RecordError {
    #[error("{0}")]
    History(#[from] HistoryError),
    #[error("{what} date {date} is before the order date {ordered}")]
    BeforeOrder {
        what: &'static str,
        date: chrono::NaiveDate,
        ordered: chrono::NaiveDate,
    },
    #[error("facts are recorded in the imported history; order files are edited by hand")]
    OrderFiles,
    #[error("{0}")]
    Seller(#[from] crate::case::InputError),
    #[error("{0}")]
    Policy(#[from] crate::app::catalogue::CatalogueError),
}

impl From<store::StoreError> for RecordError {
    fn from(e: store::StoreError) -> Self {
        RecordError::History(e.into())
    }
}

impl From<LookupError> for RecordError {
    fn from(e: LookupError) -> Self {
        RecordError::History(e.into())
    }
}

/// Records facts for an order of the imported history, under its lock; they survive
/// re-imports. Returns the order's id as the history spells it.
pub fn record(
    settings: &Settings,
    catalogue: &mut crate::app::catalogue::Catalogue<'_>,
    id: &str,
    facts: &Recorded,
) -> Result<String, RecordError> {
    if settings.uses_order_files() {
        return Err(RecordError::OrderFiles);
    }
    let path = settings.history_path();
    let lock = store::HistoryLock::acquire(&settings.data_dir)?;
    let mut history = store::load(&path)?;
    let id = history.find(id)?.id.clone();
    let Some(order) = history.orders.iter_mut().find(|o| o.id == id) else {
        return Err(LookupError::NoHistory.into());
    };
    for (what, date) in [
        ("promised", facts.promised),
        ("delivered", facts.delivered),
        ("contacted seller", facts.contacted_seller),
        ("returned", facts.returned),
    ] {
        if let Some(date) = date.filter(|d| *d < order.date) {
            return Err(RecordError::BeforeOrder {
                what,
                date,
                ordered: order.date,
            });
        }
    }
    if let Some((_, seller)) = &facts.seller {
        // A seller kind the order's policy knows, or nothing is recorded.
        let index = catalogue.for_marketplace(Some(&order.marketplace))?;
        let policy = catalogue.policy(index);
        policy.check_seller(seller)?;
    }
    order.promised = facts.promised.or(order.promised);
    order.delivered = facts.delivered.or(order.delivered);
    // Each answer replaces the other answer to its question.
    if facts.delivered.is_some() || facts.not_delivered {
        order.not_delivered = facts.not_delivered;
    }
    if facts.not_delivered {
        order.delivered = None;
    }
    if facts.promised.is_some() || facts.no_promised_date {
        order.no_promised_date = facts.no_promised_date;
    }
    if facts.no_promised_date {
        order.promised = None;
    }
    order.contacted_seller = facts.contacted_seller.or(order.contacted_seller);
    order.returned = facts.returned.or(order.returned);
    order.prime = facts.prime.or(order.prime);
    match &facts.seller {
        Some((Some(which), seller)) => {
            let (index, _) = order.item(Some(which))?;
            order.items[index].seller = Some(seller.clone());
        }
        Some((None, seller)) => order.seller = Some(seller.clone()),
        None => {}
    }
    store::save(&path, &history, &lock)?;
    Ok(id)
}
