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
    /// `(carrier, tracking, ship date)`: a split shipment (`X and Y`) pairs its carriers with
    /// its ship dates in order.
    pub tracking: Vec<(String, Option<String>, Option<NaiveDate>)>,
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
    /// A refund row that is not completed (pending, failed, or completed at zero): not money
    /// received.
    RefundNotCompleted,
    /// A refund asked for and declined.
    RefundDeclined {
        order_id: String,
        date: NaiveDate,
        currency: Option<String>,
        id: Option<String>,
    },
    /// An order the extension dated `pending` (not charged yet when the table was made).
    Pending {
        order_id: String,
    },
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
        /// The items the extension's orders table names in one cell: (quantity, title).
        items: Vec<(u32, String)>,
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
        // The rows of a JSON export are the elements of its array, numbered as such (its
        // lines say nothing: a whole export may be one line).
        let is_json = self
            .file
            .get(self.file.len().saturating_sub(5)..)
            .is_some_and(|end| end.eq_ignore_ascii_case(".json"));
        if is_json {
            write!(f, "{}: element {}", self.file, self.line)?;
        } else {
            write!(f, "{}:{}", self.file, self.line)?;
        }
        write!(f, ": {}: {:?}: {}", self.column, value, self.what)
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
                let style = self.date_style(raw);
                values::parse_date_cell(raw, style, self.zone).or_else(|e| {
                    // A slash date the site's order cannot read (`13/01` month-first) is
                    // read in the other order.
                    let other = match style {
                        values::DateStyle::DayFirst => values::DateStyle::UsShort,
                        values::DateStyle::UsShort if self.kind.is_extension() => {
                            values::DateStyle::DayFirst
                        }
                        _ => return Err(e),
                    };
                    values::parse_date_cell(raw, other, self.zone).map_err(|_| e)
                })
            })
            .map_err(|e| (col, raw.to_owned(), e))
    }

    /// How a date cell is written: the format's way, except the extension's slash dates,
    /// which follow the site (month first on amazon.com, day first elsewhere).
    fn date_style(&self, raw: &str) -> values::DateStyle {
        let style = self.kind.date_style();
        if !self.kind.is_extension() || !raw.contains('/') {
            return style;
        }
        let us = match self.marketplace() {
            Some(m) => m == "amazon.com",
            None => {
                let price = self.raw(Col::OrderTotal).or(self.raw(Col::UnitPrice));
                price.is_some_and(|p| {
                    p.contains('$') && values::currency_symbol(p).is_none_or(|c| c == "USD")
                })
            }
        };
        if us {
            values::DateStyle::UsShort
        } else {
            values::DateStyle::DayFirst
        }
    }

    /// An id the export gives a refund or return; some are wrapped in apostrophes (a
    /// spreadsheet's way to keep a leading `+`).
    fn export_id(&self, col: Col) -> Option<String> {
        self.text(col)
            .map(|t| t.trim_matches('\'').to_owned())
            .filter(|t| !t.is_empty())
    }

    /// Each date of an `X and Y` cell, in order (none when a part is not a date: the cell's
    /// earliest date, read by [`Row::date`], reports it).
    fn dates(&self, col: Col) -> Vec<NaiveDate> {
        let raw = self.raw(col).unwrap_or("");
        let style = self.date_style(raw);
        values::parts(raw)
            .map_while(|part| {
                values::parse_date_cell(part, style, self.zone)
                    .ok()
                    .flatten()
            })
            .collect()
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
            // `No Refund` in the amount: the return was settled without one (an exchange, a
            // replacement), whatever the resolution column says.
            let no_refund = row
                .raw(Col::ReturnAmount)
                .is_some_and(|a| a.trim().eq_ignore_ascii_case("no refund"));
            let (amount, currency, resolution) = if no_refund {
                let resolution = row
                    .text(Col::Resolution)
                    .filter(|r| !r.eq_ignore_ascii_case("refund"))
                    .unwrap_or_else(|| "No Refund".to_owned());
                (None, None, Some(resolution))
            } else {
                (
                    row.money(Col::ReturnAmount)?,
                    row.currency(Col::ReturnCurrency, Col::ReturnAmount),
                    row.text(Col::Resolution),
                )
            };
            Ok(Record::Return {
                order_id,
                date: row.required_date(Col::ReturnDate)?,
                amount,
                currency,
                reason: row.text(Col::ReturnReason),
                resolution,
                id: row.export_id(Col::ContractId),
            })
        }
        Kind::Reversals => {
            let order_id = row.required_text(Col::OrderId)?;
            let status = row.required_text(Col::RefundStatus)?;
            if !status.eq_ignore_ascii_case("declined") {
                // A completed one's amount is in Retail.OrdersReturned.Payments.1.csv.
                return Ok(Record::Nothing);
            }
            Ok(Record::RefundDeclined {
                order_id,
                date: row.required_date(Col::CreationDate)?,
                currency: row.text(Col::Currency),
                id: row.export_id(Col::ReversalId),
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
            let order_id = row.required_text(Col::OrderId)?;
            let date = match order_date(row, &order_id)? {
                Ok(d) => d,
                Err(pending) => return Ok(pending),
            };
            Ok(Record::Summary {
                order_id,
                date,
                marketplace: row.marketplace(),
                currency: row.currency(Col::Currency, Col::OrderTotal),
                total: row.money(Col::OrderTotal)?,
                shipping: row.money(Col::Shipping)?,
                items: row.raw(Col::Items).map(items_of_cell).unwrap_or_default(),
            })
        }
    }
}

/// D's last row may hold spreadsheet formulas instead of an order; a row may be empty. A
/// row with data but no order id is not one: it is reported.
fn is_footer(row: &Row<'_>) -> bool {
    let formula = |col| {
        row.raw(col)
            .is_some_and(|f| f.trim_start().starts_with('='))
    };
    formula(Col::OrderId)
        || formula(Col::UnitPrice)
        || formula(Col::OrderTotal)
        || row.fields.iter().all(|f| f.trim().is_empty())
}

/// An order's date, or `Pending` when the extension wrote `pending` instead.
fn order_date(row: &Row<'_>, order_id: &str) -> Result<Result<NaiveDate, Record>, CellError> {
    if row.kind.is_extension() && row.raw(Col::OrderDate).is_some_and(values::is_pending) {
        return Ok(Err(Record::Pending {
            order_id: order_id.to_owned(),
        }));
    }
    row.required_date(Col::OrderDate).map(Ok)
}

fn line(row: &Row<'_>) -> Result<Record, CellError> {
    if is_footer(row) {
        return Ok(Record::Nothing);
    }
    let order_id = row.required_text(Col::OrderId)?;
    let date = match order_date(row, &order_id)? {
        Ok(d) => d,
        Err(pending) => return Ok(pending),
    };
    let quantity = match row.quantity(Col::Quantity)? {
        Some(0) => return Ok(Record::Cancelled),
        Some(q) => q,
        None => 1,
    };
    let unit_price = row.money(Col::UnitPrice)?;
    let status = row.text(Col::Status).map(|s| status_of(&s));
    let shipped = row.date(Col::ShipDate)?;
    let ship_dates = row.dates(Col::ShipDate);
    let tracking = row
        .text(Col::Carrier)
        .map(|t| {
            values::parts(&t)
                .enumerate()
                .map(|(i, part)| {
                    let (carrier, number) = carrier_tracking(part);
                    let date = ship_dates.get(i).copied().or(shipped);
                    (carrier, number, date)
                })
                .collect()
        })
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
        // The old reports leave some titles empty: the item is kept without one.
        title: crate::text::one_line(&match row.kind {
            Kind::ItemsReport => row.text(Col::Title).unwrap_or_default(),
            _ => row.required_text(Col::Title)?,
        }),
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
    if amount.is_zero() {
        // How the legacy export shows a declined refund: completed, at zero.
        return Ok(Record::RefundNotCompleted);
    }
    Ok(Record::Refund {
        order_id,
        date,
        amount: amount.abs(),
        currency: row.currency(Col::Currency, Col::RefundAmount),
        id: row.export_id(Col::ReversalId),
    })
}

/// The extension's items cell: `2 of Lithium Cells; Novel: Book 1; ` → (2, Lithium Cells),
/// (1, Novel: Book 1).
fn items_of_cell(text: &str) -> Vec<(u32, String)> {
    text.split("; ")
        .map(|part| part.trim().trim_end_matches(';').trim())
        .filter(|part| !part.is_empty() && !values::is_blank(part) && !values::is_pending(part))
        .map(|part| {
            let counted = part
                .split_once(" of ")
                .and_then(|(n, title)| Some((n.trim().parse::<u32>().ok()?, title.trim())));
            match counted {
                Some((n, title)) if n > 0 => (n, title.to_owned()),
                _ => (1, part.to_owned()),
            }
        })
        .collect()
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

    #[test]
    fn the_extension_items_cell_names_items_and_quantities() {
        assert_eq!(
            items_of_cell("2 of Lithium Cells CR123 (Pack of 10); Novel: Book 1; "),
            vec![
                (2, "Lithium Cells CR123 (Pack of 10)".to_owned()),
                (1, "Novel: Book 1".to_owned())
            ]
        );
        assert_eq!(items_of_cell("pending"), Vec::<(u32, String)>::new());
    }
}
