//! `claim scan`: the claim windows that close soon across the history, grouped by order, most
//! urgent first, and the items returned but never refunded. Output is written as it is
//! produced: no table of the whole history is built.

use serde::Serialize;

use crate::app::Settings;
use crate::app::catalogue::Catalogue;
use crate::app::scan::{Horizon, Scan, Window, scan};
use crate::cli::Exit;
use crate::cli::ui::{Fit, Style, Table, Ui, plain, styled};
use crate::date::Date;
use crate::lang::{Lang, fill};
use crate::money::Money;

/// The windows closing within this many days, unless told otherwise.
const DEFAULT_WITHIN: i64 = 30;

// The subcommand's help is its variant's doc in `cli::Command` (a doc here would replace it).
#[derive(Debug, clap::Args)]
pub struct ScanArgs {
    /// Only windows that close within this many days [default: 30]
    #[arg(long, value_name = "DAYS", conflicts_with = "all")]
    pub within: Option<u32>,
    /// Every open window, however far its end
    #[arg(long)]
    pub all: bool,
    /// Print as JSON
    #[arg(long)]
    pub json: bool,
}

/// One open window of one item.
#[derive(Debug, Serialize)]
struct WindowJson<'a> {
    order_id: &'a str,
    asin: &'a str,
    title: &'a str,
    /// The deadline's id in the policy (`return_window`, `legal_guarantee`…).
    window: &'a str,
    label: &'a str,
    ends: Date,
    days_left: i32,
    /// Counted from the ship or order date because the delivery date is unknown.
    estimated: bool,
    policy: &'a str,
}

#[derive(Debug, Serialize)]
struct UnrefundedJson<'a> {
    order_id: &'a str,
    returned: Date,
    amount: Option<Money>,
    /// The rule of the policy that says the refund is overdue.
    rule: &'a str,
}

#[derive(Debug, Serialize)]
struct WrongCurrencyJson<'a> {
    /// `null` when the export did not say.
    marketplace: Option<&'a str>,
    currency: &'a str,
    orders: usize,
}

#[derive(Debug, Serialize)]
struct NoPolicyJson<'a> {
    /// `null` when the export did not say.
    marketplace: Option<&'a str>,
    orders: usize,
}

pub fn cmd_scan(ui: &mut Ui, settings: &Settings, args: &ScanArgs) -> anyhow::Result<Exit> {
    let horizon = match (args.all, args.within) {
        (true, _) => Horizon::All,
        (false, within) => Horizon::Within(within.map_or(DEFAULT_WITHIN, i64::from)),
    };
    let mut catalogue = Catalogue::new(settings);
    let mut found = scan(settings, &mut catalogue, horizon)?;
    let screen = settings.screen_lang(None);
    if args.json {
        found.sort_by_urgency();
        write_json(ui, settings, &catalogue, &found, screen)?;
        return Ok(Exit::Success);
    }
    let w = &screen.phrases().scan;
    if found.seen == 0 {
        ui.note(w.no_orders);
        return Ok(Exit::Success);
    }
    if !found.unrefunded.is_empty() {
        ui.line(&[styled(Style::Red, w.unrefunded)])?;
        let mut t = Table::new()
            .column(w.order, Fit::Keep)
            .column(w.returned, Fit::Keep)
            .column(w.amount, Fit::Keep);
        for r in &found.unrefunded {
            t.row(vec![
                r.order_id.clone(),
                crate::date::iso(r.returned),
                r.amount.map_or_else(|| "—".to_owned(), |m| screen.money(m)),
            ]);
        }
        ui.table(&t, 0)?;
        ui.line(&[plain(w.what_to_ask)])?;
        ui.text("\n")?;
    }
    found.sort_by_order();
    write_groups(ui, &catalogue, &found, screen, horizon)?;
    write_footer(ui, &found, screen)?;
    Ok(Exit::Success)
}

/// The windows, order by order.
fn write_groups(
    ui: &mut Ui,
    catalogue: &Catalogue<'_>,
    found: &Scan,
    screen: Lang,
    horizon: Horizon,
) -> std::io::Result<()> {
    let w = &screen.phrases().scan;
    if found.windows.is_empty() {
        let line = match horizon {
            Horizon::Within(d) => fill(w.none_within, &[("days", &d.to_string())]),
            Horizon::All => w.none_open.to_owned(),
        };
        return ui.line(&[plain(&line)]);
    }
    let heading = match horizon {
        Horizon::Within(d) => fill(w.open_within, &[("days", &d.to_string())]),
        Horizon::All => w.open_windows.to_owned(),
    };
    ui.line(&[styled(Style::Bold, &heading)])?;
    for group in found.windows.chunk_by(|a, b| a.order == b.order) {
        let order = found.order_of(&group[0]);
        ui.text("\n")?;
        let ordered = fill(w.ordered, &[("date", &crate::date::iso(order.date))]);
        let mut header = vec![styled(Style::Bold, &order.id), plain("  "), plain(&ordered)];
        if !order.marketplace.is_empty() {
            header.extend([plain("  "), plain(&order.marketplace)]);
        }
        ui.line(&header)?;
        for item in group.chunk_by(|a, b| a.item == b.item) {
            let it = found.item_of(&item[0]);
            let title: String = it.title.chars().take(70).collect();
            ui.line(&[
                plain("  "),
                plain(&title),
                styled(Style::Dim, &format!("  {}", it.asin)),
            ])?;
            let cells: Vec<[String; 3]> = item
                .iter()
                .map(|win| window_cells(catalogue, win, screen))
                .collect();
            let width = |k: usize| {
                cells
                    .iter()
                    .map(|c| c[k].chars().count())
                    .max()
                    .unwrap_or(0)
            };
            let (days_w, ends_w) = (width(0).max(4), width(1));
            for (win, [days, ends, label]) in item.iter().zip(&cells) {
                let urgency = if win.days_left <= 7 {
                    Style::Red
                } else {
                    Style::Dim
                };
                ui.line(&[
                    plain("    "),
                    styled(urgency, &format!("{days:>days_w$}")),
                    plain(&format!("  {ends:<ends_w$}  ")),
                    plain(label),
                ])?;
            }
        }
    }
    Ok(())
}

/// Days left, end date and label of a window, in words.
fn window_cells(catalogue: &Catalogue<'_>, win: &Window, screen: Lang) -> [String; 3] {
    let w = &screen.phrases().scan;
    let policy = catalogue.policy(usize::from(win.policy));
    let label = policy.deadlines[usize::from(win.deadline)]
        .label
        .get(policy.lang(Some(screen)));
    let mut ends = crate::date::iso(win.ends);
    if win.estimated {
        ends.push_str(&format!(" ({})", w.estimated));
    }
    [
        fill(w.days, &[("n", &win.days_left.to_string())]),
        ends,
        label.to_owned(),
    ]
}

fn write_footer(ui: &mut Ui, found: &Scan, screen: Lang) -> std::io::Result<()> {
    let w = &screen.phrases().scan;
    let mut lines = Vec::new();
    if !found.windows.is_empty() {
        lines.push(fill(
            w.count,
            &[
                ("n", &found.windows.len().to_string()),
                ("orders", &found.orders.len().to_string()),
            ],
        ));
    }
    if found.later > 0 {
        lines.push(fill(w.later, &[("n", &found.later.to_string())]));
    }
    if found.windows.iter().any(|w| w.estimated) {
        lines.push(w.estimated_note.to_owned());
    }
    for (marketplace, n) in &found.no_policy {
        let name = if marketplace.is_empty() {
            w.unknown_marketplace
        } else {
            marketplace.as_str()
        };
        lines.push(fill(
            w.no_policy,
            &[("n", &n.to_string()), ("marketplace", name)],
        ));
    }
    for ((marketplace, currency), n) in &found.wrong_currency {
        let name = if marketplace.is_empty() {
            w.unknown_marketplace
        } else {
            marketplace.as_str()
        };
        lines.push(fill(
            w.wrong_currency,
            &[
                ("n", &n.to_string()),
                ("marketplace", name),
                ("currency", currency),
            ],
        ));
    }
    if !lines.is_empty() {
        ui.text("\n")?;
    }
    for line in lines {
        ui.line(&[plain(&line)])?;
    }
    Ok(())
}

/// `claim scan --json` (schema_version 1), written window by window.
fn write_json(
    ui: &mut Ui,
    settings: &Settings,
    catalogue: &Catalogue<'_>,
    found: &Scan,
    screen: Lang,
) -> anyhow::Result<()> {
    ui.raw(b"{\n  \"schema_version\": 1,\n  \"as_of\": ")?;
    ui.raw(crate::json::to_string(&Date(settings.today))?.as_bytes())?;
    ui.raw(b",\n  \"windows\": [")?;
    for (i, win) in found.windows.iter().enumerate() {
        let order = found.order_of(win);
        let item = found.item_of(win);
        let policy = catalogue.policy(usize::from(win.policy));
        let def = &policy.deadlines[usize::from(win.deadline)];
        let doc = WindowJson {
            order_id: &order.id,
            asin: &item.asin,
            title: &item.title,
            window: &def.id,
            label: def.label.get(policy.lang(Some(screen))),
            ends: Date(win.ends),
            days_left: win.days_left,
            estimated: win.estimated,
            policy: &policy.id,
        };
        ui.raw(if i == 0 { b"\n    " } else { b",\n    " })?;
        ui.raw(crate::json::to_string(&doc)?.as_bytes())?;
    }
    ui.raw(if found.windows.is_empty() {
        b"],\n"
    } else {
        b"\n  ],\n"
    })?;
    let unrefunded: Vec<UnrefundedJson<'_>> = found
        .unrefunded
        .iter()
        .map(|u| UnrefundedJson {
            order_id: &u.order_id,
            returned: Date(u.returned),
            amount: u.amount,
            rule: &u.rule,
        })
        .collect();
    let no_policy: Vec<NoPolicyJson<'_>> = found
        .no_policy
        .iter()
        .map(|(m, n)| NoPolicyJson {
            marketplace: (!m.is_empty()).then_some(m.as_str()),
            orders: *n,
        })
        .collect();
    ui.raw(b"  \"later\": ")?;
    ui.raw(found.later.to_string().as_bytes())?;
    ui.raw(b",\n  \"no_policy\": ")?;
    ui.raw(crate::json::to_string(&no_policy)?.as_bytes())?;
    let wrong_currency: Vec<WrongCurrencyJson<'_>> = found
        .wrong_currency
        .iter()
        .map(|((m, c), n)| WrongCurrencyJson {
            marketplace: (!m.is_empty()).then_some(m.as_str()),
            currency: c,
            orders: *n,
        })
        .collect();
    ui.raw(b",\n  \"wrong_currency\": ")?;
    ui.raw(crate::json::to_string(&wrong_currency)?.as_bytes())?;
    ui.raw(b",\n  \"returned_not_refunded\": ")?;
    ui.raw(crate::json::to_string(&unrefunded)?.as_bytes())?;
    ui.raw(b"\n}\n")?;
    Ok(())
}
