//! The order history a command reads: the `--orders` files when there are some, else the
//! history imported into the data directory. One order is found without reading the whole
//! history; a command that looks up many loads it once.

use crate::app::Settings;
use crate::orders::RecordedFacts;
use crate::orders::store::{Store, StoreError};
use crate::orders::{self, LookupError, Order, OrderHistory, jsonl};

/// Why the history cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum HistoryError {
    #[error("{0}")]
    Store(#[from] StoreError),
    #[error("{0}")]
    File(#[from] orders::OrderFileError),
    #[error("{0}")]
    Lookup(#[from] LookupError),
}

/// Every order of the history.
pub fn load_all(settings: &Settings) -> Result<OrderHistory, HistoryError> {
    if !settings.uses_order_files() {
        return Ok(match Store::open(&settings.data_dir)? {
            Some(store) => store.load()?,
            None => OrderHistory::default(),
        });
    }
    let mut history = OrderHistory::default();
    for path in &settings.orders {
        let file = if path.extension().is_some_and(|e| e == "jsonl") {
            jsonl::load(path).map_err(StoreError::from)?
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
    let Some(store) = Store::open(&settings.data_dir).map_err(HistoryError::from)? else {
        return Ok(());
    };
    let mut failure = None;
    store
        .for_each(|order| match each(&order) {
            Ok(()) => true,
            Err(e) => {
                failure = Some(e);
                false
            }
        })
        .map_err(HistoryError::from)?;
    failure.map_or(Ok(()), Err)
}

/// Orders looked up by id: in the database one query each, in order files the files loaded
/// once.
#[derive(Debug)]
pub struct Orders<'s> {
    settings: &'s Settings,
    loaded: Option<OrderHistory>,
    store: Option<Store>,
}

impl<'s> Orders<'s> {
    pub fn new(settings: &'s Settings) -> Self {
        Orders {
            settings,
            loaded: None,
            store: None,
        }
    }

    /// Orders from a history already in memory (the demo, a test).
    pub fn of(settings: &'s Settings, history: OrderHistory) -> Self {
        Orders {
            settings,
            loaded: Some(history),
            store: None,
        }
    }

    /// The order with this id, or an error naming near ids.
    pub fn find(&mut self, id: &str) -> Result<Order, HistoryError> {
        let id = id.trim();
        if self.loaded.is_none() && !self.settings.uses_order_files() {
            return find_in_store(&mut self.store, &self.settings.data_dir, id);
        }
        let history = match &mut self.loaded {
            Some(history) => history,
            None => self.loaded.insert(load_all(self.settings)?),
        };
        Ok(history.find(id)?.clone())
    }
}

/// The order with this id in the imported history (opened on first use).
fn find_in_store(
    store: &mut Option<Store>,
    data_dir: &std::path::Path,
    id: &str,
) -> Result<Order, HistoryError> {
    let store = match store {
        Some(store) => store,
        None => match Store::open(data_dir)? {
            Some(opened) => store.insert(opened),
            None => return Err(LookupError::NoHistory.into()),
        },
    };
    if let Some(order) = store.find(id)? {
        return Ok(order);
    }
    let (near, searched) = store.near(id)?;
    if searched == 0 {
        return Err(LookupError::NoHistory.into());
    }
    Err(LookupError::UnknownOrder {
        given: id.to_owned(),
        near,
        searched,
    }
    .into())
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
    #[error("{what} date {date} is after today ({today}): record what has happened")]
    Future {
        what: &'static str,
        date: chrono::NaiveDate,
        today: chrono::NaiveDate,
    },
    #[error("{0}: nothing recorded")]
    Contradiction(String),
    #[error("facts are recorded in the imported history; order files are edited by hand")]
    OrderFiles,
    #[error("{0}")]
    Seller(#[from] crate::case::InputError),
    #[error("{0}")]
    Policy(#[from] crate::app::catalogue::CatalogueError),
}

impl From<StoreError> for RecordError {
    fn from(e: StoreError) -> Self {
        RecordError::History(e.into())
    }
}

impl From<LookupError> for RecordError {
    fn from(e: LookupError) -> Self {
        RecordError::History(e.into())
    }
}

/// Records facts for an order of the imported history; they survive re-imports. Returns the order's id as the history spells it.
pub fn record(
    settings: &Settings,
    catalogue: &mut crate::app::catalogue::Catalogue<'_>,
    id: &str,
    facts: &Recorded,
) -> Result<String, RecordError> {
    if settings.uses_order_files() {
        return Err(RecordError::OrderFiles);
    }
    let mut store = None;
    let mut order = find_in_store(&mut store, &settings.data_dir, id)?;
    let Some(mut store) = store else {
        return Err(LookupError::NoHistory.into());
    };
    let id = order.id.clone();
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
    // A promised date may lie ahead; the others are things that happened.
    if let Some((what, date)) = order.event_after(settings.today) {
        return Err(RecordError::Future {
            what,
            date,
            today: settings.today,
        });
    }
    // The facts recorded must agree with each other and with what the exports say.
    let shipped = order
        .items
        .iter()
        .filter_map(|i| i.shipped)
        .chain(order.shipped)
        .min();
    for (earlier, earlier_date, later, later_date) in [
        ("shipped", shipped, "delivered", order.delivered),
        ("delivered", order.delivered, "returned", order.returned),
    ] {
        if let (Some(e), Some(l)) = (earlier_date, later_date)
            && l < e
        {
            return Err(RecordError::Contradiction(format!(
                "{later} date {l} is before the {earlier} date {e}"
            )));
        }
    }
    if let Some(why) = order.impossibility() {
        return Err(RecordError::Contradiction(why));
    }
    store.record(&id, &RecordedFacts::of(&order))?;
    Ok(id)
}
