//! Which export a file is, told by its header, and where each column is: columns are matched
//! by name through an alias table, never by position, and extra columns are ignored.

use std::fmt;

use super::values::DateStyle;

/// A column the importers read, whatever each format calls it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Col {
    OrderId,
    OrderDate,
    Website,
    OrderUrl,
    Items,
    Currency,
    Status,
    Asin,
    Title,
    UnitPrice,
    Quantity,
    TotalAmount,
    ShipDate,
    Carrier,
    Condition,
    Seller,
    Category,
    RefundAmount,
    RefundDate,
    RefundStatus,
    ReversalId,
    CreationDate,
    ContractId,
    ReturnDate,
    ReturnAmount,
    ReturnCurrency,
    ReturnReason,
    Resolution,
    ReplacementId,
    OrderTotal,
    Shipping,
}

/// Header names per column, compared without case. The first is the new layout's.
const ALIASES: &[(Col, &[&str])] = &[
    (
        Col::OrderId,
        &["Order ID", "OrderID", "OrderId", "order id"],
    ),
    (Col::OrderDate, &["Order Date", "order date", "date"]),
    (Col::CreationDate, &["CreationDate"]),
    (Col::Website, &["Website"]),
    (Col::OrderUrl, &["order url"]),
    (Col::Items, &["items"]),
    (Col::Currency, &["Currency"]),
    (Col::Status, &["Order Status"]),
    (Col::Asin, &["ASIN", "ASIN/ISBN"]),
    (Col::Title, &["Product Name", "Title", "description"]),
    (
        Col::UnitPrice,
        &["Unit Price", "Purchase Price Per Unit", "price"],
    ),
    (
        Col::Quantity,
        &["Original Quantity", "Quantity", "quantity"],
    ),
    (
        Col::TotalAmount,
        &["Total Amount", "Total Owed", "Item Total"],
    ),
    (Col::ShipDate, &["Ship Date", "Shipment Date"]),
    (Col::Carrier, &["Carrier Name & Tracking Number"]),
    (Col::Condition, &["Product Condition", "Condition"]),
    (Col::Seller, &["Seller"]),
    (Col::Category, &["Category", "category"]),
    (Col::RefundAmount, &["Refund Amount", "AmountRefunded"]),
    (
        Col::RefundDate,
        &["Refund Date", "RefundCompletionDate", "Creation Date"],
    ),
    (
        Col::RefundStatus,
        &[
            "Reversal Status",
            "ReversalStatus",
            "Status",
            "Payment Status",
        ],
    ),
    (Col::ReversalId, &["ReversalID", "Reversal ID"]),
    (Col::ContractId, &["ContractId", "Contract ID"]),
    (
        Col::ReturnDate,
        &["Date of Return", "DateOfReturn", "Return Creation Date"],
    ),
    (Col::ReturnAmount, &["Return Amount", "ReturnAmount"]),
    (
        Col::ReturnCurrency,
        &["Return Amount Currency", "ReturnAmountCurrency"],
    ),
    (Col::ReturnReason, &["Return Reason", "ReturnReason"]),
    (Col::Resolution, &["Return Resolution", "Resolution"]),
    (Col::ReplacementId, &["Replacement Order ID"]),
    (Col::OrderTotal, &["total", "Total Charged"]),
    (Col::Shipping, &["shipping", "postage", "Shipping Charge"]),
];

/// What a file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A: `Order History.csv` (new layout) and B: `Retail.OrderHistory.N.csv` — item rows.
    OrderHistory,
    /// C: the old "Items" report.
    ItemsReport,
    /// C: the old "Orders and shipments" report.
    ShipmentsReport,
    /// C: the old "Refunds" report.
    RefundsReport,
    /// D: the azad extension's items table.
    AzadItems,
    /// D: the azad extension's orders table.
    AzadOrders,
    /// A: `Refund Details.csv`; B: `Retail.OrdersReturned.Payments.1.csv`.
    Refunds,
    /// A: `Returns Status.csv`; B: `Retail.CustomerReturns.1.1.csv`.
    Returns,
    /// A: `Replacement Orders.csv`.
    Replacements,
    /// B: `Retail.OrdersReturned.1.csv`, the refunds asked for and their status (no amount).
    Reversals,
}

impl Kind {
    /// How complete this source's view of an order is (see [`crate::orders::Rank`]).
    pub fn rank(self) -> crate::orders::Rank {
        use crate::orders::Rank;
        match self {
            Kind::OrderHistory
            | Kind::Refunds
            | Kind::Returns
            | Kind::Replacements
            | Kind::Reversals => Rank::OrderHistory,
            Kind::ItemsReport | Kind::ShipmentsReport | Kind::RefundsReport => Rank::Reports,
            Kind::AzadItems => Rank::Extension,
            Kind::AzadOrders => Rank::ExtensionOrders,
        }
    }

    /// The browser extension's tables.
    pub fn is_extension(self) -> bool {
        matches!(self, Kind::AzadItems | Kind::AzadOrders)
    }

    /// How the format writes order dates.
    pub fn date_style(self) -> DateStyle {
        match self {
            Kind::OrderHistory
            | Kind::Refunds
            | Kind::Returns
            | Kind::Replacements
            | Kind::Reversals => DateStyle::Instant,
            Kind::ItemsReport | Kind::ShipmentsReport | Kind::RefundsReport => DateStyle::UsShort,
            Kind::AzadItems | Kind::AzadOrders => DateStyle::Iso,
        }
    }

    /// The columns a row cannot do without.
    pub fn required(self) -> &'static [Col] {
        match self {
            Kind::OrderHistory => &[
                Col::OrderId,
                Col::OrderDate,
                Col::Asin,
                Col::Title,
                Col::UnitPrice,
                Col::Quantity,
            ],
            Kind::ItemsReport => &[
                Col::OrderId,
                Col::OrderDate,
                Col::Asin,
                Col::Title,
                Col::UnitPrice,
                Col::Quantity,
            ],
            Kind::ShipmentsReport => &[Col::OrderId, Col::OrderDate, Col::OrderTotal],
            Kind::RefundsReport => &[Col::OrderId, Col::RefundDate, Col::RefundAmount],
            Kind::AzadItems => &[Col::OrderId, Col::OrderDate, Col::Title, Col::UnitPrice],
            Kind::AzadOrders => &[Col::OrderId, Col::OrderDate, Col::OrderTotal],
            Kind::Refunds => &[Col::OrderId, Col::RefundAmount],
            Kind::Returns => &[Col::OrderId, Col::ReturnDate],
            Kind::Replacements => &[Col::OrderId, Col::ReplacementId],
            Kind::Reversals => &[
                Col::OrderId,
                Col::ReversalId,
                Col::CreationDate,
                Col::RefundStatus,
            ],
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Kind::OrderHistory => "order history",
            Kind::ItemsReport => "items report",
            Kind::ShipmentsReport => "orders and shipments report",
            Kind::RefundsReport => "refunds report",
            Kind::AzadItems => "order history extension (items)",
            Kind::AzadOrders => "order history extension (orders)",
            Kind::Refunds => "refunds",
            Kind::Returns => "returns",
            Kind::Replacements => "replacement orders",
            Kind::Reversals => "refund requests",
        })
    }
}

const COLS: usize = Col::Shipping as usize + 1;

/// Where each column is in a file.
#[derive(Debug, Clone)]
pub struct Columns {
    index: [Option<usize>; COLS],
    pub names: Vec<String>,
}

impl Columns {
    /// Maps a header line to columns.
    pub fn new(headers: &[&str]) -> Self {
        let names: Vec<String> = headers
            .iter()
            .map(|h| {
                h.trim()
                    .trim_start_matches('\u{feff}')
                    .trim_matches('"')
                    .to_owned()
            })
            .collect();
        let mut index = [None; COLS];
        for (col, aliases) in ALIASES {
            index[*col as usize] = aliases
                .iter()
                .find_map(|a| names.iter().position(|n| n.eq_ignore_ascii_case(a)));
        }
        Columns { index, names }
    }

    pub fn get(&self, col: Col) -> Option<usize> {
        self.index[col as usize]
    }

    /// Whether the importer reads the column at this position.
    pub fn used(&self, position: usize) -> bool {
        self.index.contains(&Some(position))
    }

    pub fn has(&self, col: Col) -> bool {
        self.get(col).is_some()
    }

    fn has_name(&self, name: &str) -> bool {
        self.names.iter().any(|n| n.eq_ignore_ascii_case(name))
    }

    /// The header name of a column in this file.
    pub fn name(&self, col: Col) -> &str {
        self.get(col)
            .and_then(|i| self.names.get(i))
            .map_or("?", String::as_str)
    }

    /// Which export this header belongs to.
    pub fn detect(&self) -> Option<Kind> {
        let first = self.names.first().map(String::as_str).unwrap_or("");
        // The extension's tables: the newer ones have `order url`, the older ones start with
        // `order id` and list the items in one cell.
        let extension = self.has_name("order url")
            || (first.eq_ignore_ascii_case("order id") && self.has_name("items"));
        let kind = if extension {
            if self.has_name("description") {
                Kind::AzadItems
            } else {
                Kind::AzadOrders
            }
        } else if self.has_name("Total Amount") || self.has_name("Total Owed") {
            Kind::OrderHistory
        } else if first.eq_ignore_ascii_case("Order Date")
            && self.has_name("Purchase Price Per Unit")
        {
            Kind::ItemsReport
        } else if self.has_name("Total Charged") {
            Kind::ShipmentsReport
        } else if self.has_name("Refund Date") && self.has_name("ASIN/ISBN") {
            Kind::RefundsReport
        } else if self.has(Col::ReversalId) && self.has_name("ReversalStatus") {
            Kind::Reversals
        } else if self.has(Col::ReplacementId) {
            Kind::Replacements
        } else if self.has(Col::Resolution) && self.has(Col::ReturnDate) {
            Kind::Returns
        } else if self.has(Col::RefundAmount) {
            Kind::Refunds
        } else {
            return None;
        };
        kind.required().iter().all(|c| self.has(*c)).then_some(kind)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn detect(header: &str) -> Option<Kind> {
        let h: Vec<&str> = header.split(',').collect();
        Columns::new(&h).detect()
    }

    #[test]
    fn every_format_is_told_by_its_header() {
        assert_eq!(
            detect(
                "ASIN,Billing Address,Carrier Name & Tracking Number,Currency,Gift Message,Gift Recipient Contact,Gift Sender Name,Item Serial Number,Order Date,Order ID,Order Status,Original Quantity,Payment Method Type,Product Condition,Product Name,Purchase Order Number,Ship Date,Shipment Item Subtotal,Shipment Item Subtotal Tax,Shipment Status,Shipping Address,Shipping Charge,Shipping Option,Total Amount,Total Discounts,Unit Price,Unit Price Tax,Website"
            ),
            Some(Kind::OrderHistory)
        );
        assert_eq!(
            detect(
                "\"Website\",\"Order ID\",\"Order Date\",\"Purchase Order Number\",\"Currency\",\"Unit Price\",\"Unit Price Tax\",\"Shipping Charge\",\"Total Discounts\",\"Total Owed\",\"Shipment Item Subtotal\",\"Shipment Item Subtotal Tax\",\"ASIN\",\"Product Condition\",\"Quantity\",\"Payment Instrument Type\",\"Order Status\",\"Shipment Status\",\"Ship Date\",\"Shipping Option\",\"Shipping Address\",\"Billing Address\",\"Carrier Name & Tracking Number\",\"Product Name\",\"Gift Message\",\"Gift Sender Name\",\"Gift Recipient Contact Details\""
            ),
            Some(Kind::OrderHistory)
        );
        assert_eq!(
            detect(
                "Creation Date,Currency,Direct Debit Refund Amount,Disbursement Type,Order ID,Payment Status,Quantity,Refund Amount,Refund Date,Reversal Amount State,Reversal Reason,Reversal Status,Website"
            ),
            Some(Kind::Refunds)
        );
        assert_eq!(
            detect(
                "Carrier Package ID,Contract ID,Date of Return,Order ID,Replacement Order,Return Amount,Return Amount Currency,Return Creation Date,Return Reason,Return Resolution"
            ),
            Some(Kind::Returns)
        );
        assert_eq!(
            detect("Order ID,Replacement Order ID"),
            Some(Kind::Replacements)
        );
        assert_eq!(
            detect(
                "OrderID,ReversalID,RefundCompletionDate,Currency,AmountRefunded,Status,DisbursementType"
            ),
            Some(Kind::Refunds)
        );
        assert_eq!(
            detect(
                "OrderId,ContractId,DateOfReturn,ReturnAmount,ReturnAmountCurrency,ReturnReason,Resolution"
            ),
            Some(Kind::Returns)
        );
        assert_eq!(
            detect(
                "Order Date,Order ID,Title,Category,ASIN/ISBN,UNSPSC Code,Website,Release Date,Condition,Seller,Seller Credentials,List Price Per Unit,Purchase Price Per Unit,Quantity,Payment Instrument Type,Purchase Order Number,PO Line Number,Ordering Customer Email,Shipment Date,Shipping Address Name,Shipping Address Street 1,Shipping Address Street 2,Shipping Address City,Shipping Address State,Shipping Address Zip,Order Status,Carrier Name & Tracking Number,Item Subtotal,Item Subtotal Tax,Item Total,Tax Exemption Applied,Tax Exemption Type,Exemption Opt-Out,Buyer Name,Currency,Group Name"
            ),
            Some(Kind::ItemsReport)
        );
        assert_eq!(
            detect(
                "Order ID,Order Date,Title,Category,ASIN/ISBN,Website,Purchase Order Number,Refund Date,Refund Condition,Refund Amount,Refund Tax Amount,Tax Exemption Applied,Refund Reason,Quantity,Seller,Seller Credentials,Buyer Name,Group Name"
            ),
            Some(Kind::RefundsReport)
        );
        assert_eq!(
            detect(
                "order id,order url,order date,quantity,description,item url,price,subscribe & save,ASIN,category"
            ),
            Some(Kind::AzadItems)
        );
        assert_eq!(
            detect(
                "order id,order url,items,to,date,total,shipping,shipping_refund,gift,VAT,subscribe & save,refund,payments,invoice"
            ),
            Some(Kind::AzadOrders)
        );
        assert_eq!(detect("Name,Email,Phone"), None);
    }
}
