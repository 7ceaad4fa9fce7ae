//! One row of an export → one normalized record, or a problem naming the column and value.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::columns::{Col, Columns, Kind};
use super::values::{self, LocalZone};
use crate::orders::OrderStatus;
use crate::vocab::ItemCondition;

/// An item line of an order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub order_id: String,
    pub date: NaiveDate,
    pub marketplace: Option<String>,
    pub currency: Option<String>,
    pub status: Option<OrderStatus>,
    pub asin: String,
    pub title: String,
    pub unit_price: Option<Decimal>,
    pub quantity: u32,
    pub total: Option<Decimal>,
    pub shipped: Option<NaiveDate>,
    /// `(carrier, tracking)` pairs.
    pub tracking: Vec<(String, Option<String>)>,
    pub condition: Option<ItemCondition>,
    pub seller_name: Option<String>,
    pub category: Option<String>,
}

/// One normalized record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Record {
    Line(Line),
    /// A cancelled line (quantity 0): not a purchase, counted and skipped.
    Cancelled,
    Refund {
        order_id: String,
        date: NaiveDate,
        amount: Decimal,
        currency: Option<String>,
        id: Option<String>,
    },
    /// A refund row that is not completed (pending, failed): not money received.
    RefundNotCompleted,
    Return {
        order_id: String,
        date: NaiveDate,
        amount: Option<Decimal>,
        currency: Option<String>,
        reason: Option<String>,
        resolution: Option<String>,
        id: Option<String>,
    },
    Replacement {
        order_id: String,
        replacement_id: String,
    },
    /// Order-level figures (C's shipments report, D's orders table).
    Summary {
        order_id: String,
        date: NaiveDate,
        marketplace: Option<String>,
        currency: Option<String>,
        total: Option<Decimal>,
        shipping: Option<Decimal>,
    },
    /// A row that carries nothing (D's `=SUBTOTAL(…)` footer, an empty line).
    Nothing,
}

/// Why a row was skipped: `file:line: column: value: what is wrong`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowProblem {
    pub file: String,
    pub line: u64,
    pub column: String,
    pub value: String,
    pub what: String,
}

impl std::fmt::Display for RowProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let value: String = self.value.chars().take(60).collect();
        write!(
            f,
            "{}:{}: {}: {:?}: {}",
            self.file, self.line, self.column, value, self.what
        )
    }
}

/// A row with its columns, for reading cells with errors that name them.
pub struct Row<'a> {
    pub cols: &'a Columns,
    pub fields: &'a [&'a str],
    pub kind: Kind,
    pub zone: &'a LocalZone,
    pub cache: &'a Cache,
}

/// Values that repeat on consecutive rows (an order's date on each of its items, its
/// website), parsed once.
#[derive(Debug, Default)]
pub struct Cache {
    dates: std::cell::RefCell<Vec<(String, Option<NaiveDate>)>>,
    marketplace: std::cell::RefCell<(String, Option<String>)>,
}

impl Cache {
    fn date(
        &self,
        text: &str,
        parse: impl FnOnce() -> Result<Option<NaiveDate>, String>,
    ) -> Result<Option<NaiveDate>, String> {
        if let Some((_, d)) = self.dates.borrow().iter().find(|(t, _)| t == text) {
            return Ok(*d);
        }
        let d = parse()?;
        let mut dates = self.dates.borrow_mut();
        if dates.len() >= 4 {
            dates.remove(0);
        }
        dates.push((text.to_owned(), d));
        Ok(d)
    }

    fn marketplace(&self, text: &str) -> Option<String> {
        {
            let last = self.marketplace.borrow();
            if last.0 == text {
                return last.1.clone();
            }
        }
        let m = values::marketplace_of(text);
        *self.marketplace.borrow_mut() = (text.to_owned(), m.clone());
        m
    }
}

type CellError = (Col, String, String);

impl Row<'_> {
    fn raw(&self, col: Col) -> Option<&str> {
        self.cols.get(col).and_then(|i| self.fields.get(i)).copied()
    }

    fn text(&self, col: Col) -> Option<String> {
        self.raw(col)
            .filter(|t| !values::is_blank(t))
            .map(|t| t.trim().to_owned())
    }

    fn required_text(&self, col: Col) -> Result<String, CellError> {
        self.text(col).ok_or_else(|| {
            (
                col,
                self.raw(col).unwrap_or("").to_owned(),
                "empty".to_owned(),
            )
        })
    }

    fn date(&self, col: Col) -> Result<Option<NaiveDate>, CellError> {
        let raw = self.raw(col).unwrap_or("");
        self.cache
            .date(raw, || {
                values::parse_date_cell(raw, self.kind.date_style(), self.zone)
            })
            .map_err(|e| (col, raw.to_owned(), e))
    }

    fn required_date(&self, col: Col) -> Result<NaiveDate, CellError> {
        self.date(col)?.ok_or_else(|| {
            (
                col,
                self.raw(col).unwrap_or("").to_owned(),
                "no date".to_owned(),
            )
        })
    }

    fn money(&self, col: Col) -> Result<Option<Decimal>, CellError> {
        let raw = self.raw(col).unwrap_or("");
        values::parse_money_cell(raw).map_err(|e| (col, raw.to_owned(), e))
    }

    fn quantity(&self, col: Col) -> Result<Option<u32>, CellError> {
        let raw = self.raw(col).unwrap_or("");
        values::parse_quantity_cell(raw).map_err(|e| (col, raw.to_owned(), e))
    }

    /// The currency: its column, else the symbol of the price.
    fn currency(&self, col: Col, price: Col) -> Option<String> {
        self.text(col).map(|c| c.to_ascii_uppercase()).or_else(|| {
            self.raw(price)
                .and_then(values::currency_symbol)
                .map(str::to_owned)
        })
    }

    fn marketplace(&self) -> Option<String> {
        self.raw(Col::Website)
            .and_then(|w| self.cache.marketplace(w))
            .or_else(|| self.raw(Col::OrderUrl).and_then(values::marketplace_of))
    }
}

/// Parses one row into a record.
pub fn parse(row: &Row<'_>, file: &str, line: u64) -> Result<Record, RowProblem> {
    parse_cells(row).map_err(|(col, value, what)| RowProblem {
        file: file.to_owned(),
        line,
        column: row.cols.name(col).to_owned(),
        value,
        what,
    })
}

fn parse_cells(row: &Row<'_>) -> Result<Record, CellError> {
    match row.kind {
        Kind::OrderHistory | Kind::ItemsReport | Kind::AzadItems => line(row),
        Kind::Refunds | Kind::RefundsReport => refund(row),
        Kind::Returns => {
            let order_id = row.required_text(Col::OrderId)?;
            Ok(Record::Return {
                order_id,
                date: row.required_date(Col::ReturnDate)?,
                amount: row.money(Col::ReturnAmount)?,
                currency: row.currency(Col::ReturnCurrency, Col::ReturnAmount),
                reason: row.text(Col::ReturnReason),
                resolution: row.text(Col::Resolution),
                id: row.text(Col::ContractId),
            })
        }
        Kind::Replacements => {
            let order_id = row.required_text(Col::OrderId)?;
            match row.text(Col::ReplacementId) {
                Some(id) if !id.to_ascii_lowercase().starts_with("no replacement") => {
                    Ok(Record::Replacement {
                        order_id,
                        replacement_id: id,
                    })
                }
                _ => Ok(Record::Nothing),
            }
        }
        Kind::ShipmentsReport | Kind::AzadOrders => {
            if is_footer(row) {
                return Ok(Record::Nothing);
            }
            Ok(Record::Summary {
                order_id: row.required_text(Col::OrderId)?,
                date: row.required_date(Col::OrderDate)?,
                marketplace: row.marketplace(),
                currency: row.currency(Col::Currency, Col::OrderTotal),
                total: row.money(Col::OrderTotal)?,
                shipping: row.money(Col::Shipping)?,
            })
        }
    }
}

/// D's last row may hold spreadsheet formulas instead of an order.
fn is_footer(row: &Row<'_>) -> bool {
    let formula = |col| {
        row.raw(col)
            .is_some_and(|f| f.trim_start().starts_with('='))
    };
    formula(Col::OrderId)
        || formula(Col::UnitPrice)
        || formula(Col::OrderTotal)
        || row.raw(Col::OrderId).is_some_and(|f| f.trim().is_empty())
}

fn line(row: &Row<'_>) -> Result<Record, CellError> {
    if is_footer(row) {
        return Ok(Record::Nothing);
    }
    let order_id = row.required_text(Col::OrderId)?;
    let date = row.required_date(Col::OrderDate)?;
    let quantity = match row.quantity(Col::Quantity)? {
        Some(0) => return Ok(Record::Cancelled),
        Some(q) => q,
        None => 1,
    };
    let unit_price = row.money(Col::UnitPrice)?;
    let status = row.text(Col::Status).map(|s| status_of(&s));
    let shipped = row.date(Col::ShipDate)?;
    let tracking = row
        .text(Col::Carrier)
        .map(|t| values::parts(&t).map(carrier_tracking).collect())
        .unwrap_or_default();
    let condition = row.text(Col::Condition).and_then(|c| {
        let c = c.to_ascii_lowercase();
        if c.starts_with("new") {
            Some(ItemCondition::New)
        } else if c.starts_with("used") || c.contains("renewed") || c.contains("refurbished") {
            Some(ItemCondition::Used)
        } else {
            None
        }
    });
    Ok(Record::Line(Line {
        order_id,
        date,
        marketplace: row.marketplace(),
        currency: row.currency(Col::Currency, Col::UnitPrice),
        status,
        asin: row.text(Col::Asin).unwrap_or_default(),
        title: row.required_text(Col::Title)?,
        unit_price,
        quantity,
        total: row.money(Col::TotalAmount)?,
        shipped,
        tracking,
        condition,
        seller_name: row.text(Col::Seller),
        category: row.text(Col::Category),
    }))
}

fn refund(row: &Row<'_>) -> Result<Record, CellError> {
    let order_id = row.required_text(Col::OrderId)?;
    if let Some(status) = row.text(Col::RefundStatus)
        && !status.eq_ignore_ascii_case("completed")
    {
        return Ok(Record::RefundNotCompleted);
    }
    let date = match row.date(Col::RefundDate)? {
        Some(d) => d,
        None => return Ok(Record::RefundNotCompleted),
    };
    let amount = row.money(Col::RefundAmount)?.ok_or_else(|| {
        (
            Col::RefundAmount,
            row.raw(Col::RefundAmount).unwrap_or("").to_owned(),
            "no amount".to_owned(),
        )
    })?;
    Ok(Record::Refund {
        order_id,
        date,
        amount: amount.abs(),
        currency: row.currency(Col::Currency, Col::RefundAmount),
        id: row.text(Col::ReversalId),
    })
}

fn status_of(text: &str) -> OrderStatus {
    let t = text.to_ascii_lowercase();
    if t.contains("cancel") {
        OrderStatus::Cancelled
    } else if t.contains("authori") || t.contains("pending") {
        OrderStatus::Ordered
    } else if t.contains("deliver") {
        OrderStatus::Delivered
    } else if t.contains("return") {
        OrderStatus::Returned
    } else {
        OrderStatus::Shipped
    }
}

/// `AMZN_US(TBA123)` → (`AMZN_US`, `TBA123`); `UPS` → (`UPS`, none).
fn carrier_tracking(text: &str) -> (String, Option<String>) {
    match (text.find('('), text.rfind(')')) {
        (Some(open), Some(close)) if open < close => (
            text[..open].trim().to_owned(),
            Some(text[open + 1..close].trim().to_owned()).filter(|t| !t.is_empty()),
        ),
        _ => (text.trim().to_owned(), None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn carriers_split_into_name_and_tracking() {
        assert_eq!(
            carrier_tracking("AMZN_US(TBA123)"),
            ("AMZN_US".into(), Some("TBA123".into()))
        );
        assert_eq!(carrier_tracking("UPS"), ("UPS".into(), None));
    }
}
