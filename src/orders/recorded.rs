//! Facts the user recorded for an order (`orders set`, answers in `claim new`, an order file
//! imported): kept apart from what exports say, so that no re-import overwrites them.

use chrono::NaiveDate;

use crate::orders::Order;
use crate::vocab::Id;

/// Facts the user recorded for an order, beside what exports say.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RecordedFacts {
    pub promised: Option<NaiveDate>,
    pub no_promised_date: bool,
    pub delivered: Option<NaiveDate>,
    pub not_delivered: bool,
    pub seller: Option<Id>,
    pub prime: Option<bool>,
    pub contacted_seller: Option<NaiveDate>,
    pub returned: Option<NaiveDate>,
    /// Per item (by ASIN): who sold it.
    pub item_sellers: Vec<(String, Id)>,
}

impl RecordedFacts {
    /// The facts an order carries that the user recorded.
    pub fn of(order: &Order) -> RecordedFacts {
        RecordedFacts {
            promised: order.promised,
            no_promised_date: order.no_promised_date,
            delivered: order.delivered,
            not_delivered: order.not_delivered,
            seller: order.seller.clone(),
            prime: order.prime,
            contacted_seller: order.contacted_seller,
            returned: order.returned,
            item_sellers: order
                .items
                .iter()
                .filter_map(|i| i.seller.clone().map(|s| (i.asin.clone(), s)))
                .collect(),
        }
    }

    /// Whether nothing is recorded.
    pub fn is_empty(&self) -> bool {
        *self == RecordedFacts::default()
    }

    /// Gives these facts what `other` knows and they do not: what the user recorded before
    /// stays, an imported order file only fills the gaps.
    pub fn fill_from(&mut self, other: RecordedFacts) {
        if self.promised.is_none() && !self.no_promised_date {
            self.promised = other.promised;
            self.no_promised_date = other.no_promised_date;
        }
        if self.delivered.is_none() && !self.not_delivered {
            self.delivered = other.delivered;
            self.not_delivered = other.not_delivered;
        }
        self.seller = self.seller.take().or(other.seller);
        self.prime = self.prime.or(other.prime);
        self.contacted_seller = self.contacted_seller.or(other.contacted_seller);
        self.returned = self.returned.or(other.returned);
        for (asin, seller) in other.item_sellers {
            if !self
                .item_sellers
                .iter()
                .any(|(a, _)| a.eq_ignore_ascii_case(&asin))
            {
                self.item_sellers.push((asin, seller));
            }
        }
    }

    /// Puts the recorded facts on an order: they win over what exports say.
    pub fn apply(&self, order: &mut Order) {
        // Recorded answers win over what the exports say.
        if self.promised.is_some() || self.no_promised_date {
            order.promised = self.promised;
            order.no_promised_date = self.no_promised_date;
        }
        if self.delivered.is_some() || self.not_delivered {
            order.delivered = self.delivered;
            order.not_delivered = self.not_delivered;
        }
        order.seller = self.seller.clone().or(order.seller.take());
        order.prime = self.prime.or(order.prime);
        order.contacted_seller = self.contacted_seller.or(order.contacted_seller);
        order.returned = self.returned.or(order.returned);
        for (asin, seller) in &self.item_sellers {
            for item in order
                .items
                .iter_mut()
                .filter(|i| i.asin.eq_ignore_ascii_case(asin))
            {
                item.seller = Some(seller.clone());
            }
        }
    }
}
