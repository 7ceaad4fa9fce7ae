//! Writes a large synthetic `Order History.csv` (format A: BOM, CRLF, 28 columns) to stdout,
//! for import benchmarks.
//!
//! ```sh
//! cargo run --release --example gen_export -- 200000 > "/tmp/Order History.csv"
//! ```
//!
//! Orders have one to three items; some names carry commas and quotes, some amounts
//! thousands separators, some shipments are split (`X and Y`), and a few lines are cancelled.

#![allow(clippy::print_stdout)]

use std::io::{BufWriter, Write};

const HEADER: &str = "ASIN,Billing Address,Carrier Name & Tracking Number,Currency,Gift Message,Gift Recipient Contact,Gift Sender Name,Item Serial Number,Order Date,Order ID,Order Status,Original Quantity,Payment Method Type,Product Condition,Product Name,Purchase Order Number,Ship Date,Shipment Item Subtotal,Shipment Item Subtotal Tax,Shipment Status,Shipping Address,Shipping Charge,Shipping Option,Total Amount,Total Discounts,Unit Price,Unit Price Tax,Website";

fn main() -> std::io::Result<()> {
    let rows: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(200_000);
    let mut out = BufWriter::with_capacity(1 << 20, std::io::stdout().lock());
    out.write_all("\u{feff}".as_bytes())?;
    write!(out, "{HEADER}\r\n")?;
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = |modulo: u64| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state % modulo
    };
    let mut written = 0;
    let mut order = 0u64;
    while written < rows {
        order += 1;
        let items = 1 + next(3) as usize;
        let (month, day, hour) = (1 + next(12), 1 + next(28), next(24));
        let date = format!(
            "2025-{month:02}-{day:02}T{hour:02}:{:02}:{:02}Z",
            next(60),
            next(60)
        );
        let ship = if next(10) == 0 {
            format!(
                "2025-{month:02}-{:02}T10:00:00Z and 2025-{month:02}-{:02}T10:00:00Z",
                day.min(26) + 1,
                day.min(26) + 2
            )
        } else {
            format!("2025-{month:02}-{:02}T10:00:00.123Z", day.min(27) + 1)
        };
        let id = format!(
            "{}-{:07}-{:07}",
            111 + next(3),
            order % 10_000_000,
            next(10_000_000)
        );
        for i in 0..items {
            if written == rows {
                break;
            }
            let cents = 100 + next(300_000);
            let price = if cents >= 100_000 {
                format!(
                    "\"{},{:03}.{:02}\"",
                    cents / 100_000,
                    (cents / 100) % 1000,
                    cents % 100
                )
            } else {
                format!("{}.{:02}", cents / 100, cents % 100)
            };
            let quantity = if next(50) == 0 { 0 } else { 1 + next(2) };
            let name = if next(4) == 0 {
                format!("\"Item {order}-{i}, with \"\"quotes\"\" and commas\"")
            } else {
                format!("Item {order}-{i}")
            };
            write!(
                out,
                "B0{:08},Sam Doe,AMZN_US(TBA{order:012}),USD,Not Available,Not Available,Not Available,Not Available,{date},{id},Closed,{quantity},Visa,New,{name},Not Applicable,{ship},{price},0,Shipped,Sam Doe,0,std-us,{price},'-0.6',{price},0,Amazon.com\r\n",
                next(100_000_000)
            )?;
            written += 1;
        }
    }
    out.flush()
}
