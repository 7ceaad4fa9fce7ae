//! `claim scan`: every claim window still open across the whole history, most urgent
//! first, and the items returned but never refunded.

use serde::{Deserialize, Serialize};

use crate::cli::check::PolicyStore;
use crate::cli::settings::Settings;
use crate::cli::ui::{Style, table};
use crate::cli::{Exit, Ui};
use crate::engine::{self, evaluate};
use crate::report::MoneyJson;
use crate::sanitize::for_terminal as clean;
use crate::vocab::{Problem, Status};

#[derive(Debug, clap::Args)]
pub struct ScanArgs {
    /// Only windows that close within this many days
    #[arg(long, value_name = "DAYS")]
    pub within: Option<i64>,
    /// Print as JSON
    #[arg(long)]
    pub json: bool,
}

/// One open window of one item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WindowJson {
    pub order_id: String,
    pub asin: String,
    pub title: String,
    /// The deadline's id in the policy (`return_window`, `legal_guarantee`…).
    pub window: String,
    pub label: String,
    pub ends: String,
    pub days_left: i64,
    /// Counted from the ship or order date because the delivery date is unknown.
    pub estimated: bool,
    pub policy: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnrefundedJson {
    pub order_id: String,
    pub returned: String,
    pub amount: Option<MoneyJson<'static>>,
    /// The rule of the policy that says the refund is overdue.
    pub rule: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScanJson {
    pub schema_version: u32,
    pub as_of: String,
    pub windows: Vec<WindowJson>,
    pub returned_not_refunded: Vec<UnrefundedJson>,
}

pub fn cmd_scan(ui: &mut Ui, settings: &Settings, args: &ScanArgs) -> anyhow::Result<Exit> {
    let history = settings.load_history()?;
    let mut store = PolicyStore::new(settings);
    let today = settings.today;
    let mut windows = Vec::new();
    let mut unrefunded = Vec::new();
    for order in &history.orders {
        let policy = store.for_marketplace(ui, Some(&order.marketplace))?;
        let lang = policy.lang(settings.lang.as_deref()).to_owned();
        for item in &order.items {
            let facts = order.facts(item, Problem::Defective);
            for w in engine::windows(policy, &facts, today) {
                let days_left = (w.date - today).num_days();
                if days_left < 0 || args.within.is_some_and(|d| days_left > d) {
                    continue;
                }
                let def = &policy.deadlines[w.index];
                windows.push(WindowJson {
                    order_id: order.id.clone(),
                    asin: item.asin.clone(),
                    title: item.title.clone(),
                    window: def.id.clone(),
                    label: def.label.get(&lang, &policy.language).to_owned(),
                    ends: crate::date::iso(w.date),
                    days_left,
                    estimated: w.estimated,
                    policy: policy.id.clone(),
                });
            }
        }
        let returned = order
            .returned
            .or_else(|| order.returns.iter().map(|r| r.date).min());
        if let (Some(returned), true) = (returned, order.refunds.is_empty()) {
            let Some(item) = order.items.first() else {
                continue;
            };
            let mut facts = order.facts(item, Problem::ReturnedNotRefunded);
            facts.returned = Some(returned);
            let decision = evaluate(policy, &facts, today);
            if decision.status == Status::Eligible {
                let amount = order
                    .returns
                    .iter()
                    .filter_map(|r| r.amount)
                    .next()
                    .or_else(|| order.total());
                unrefunded.push(UnrefundedJson {
                    order_id: order.id.clone(),
                    returned: crate::date::iso(returned),
                    amount: amount.map(MoneyJson::from),
                    rule: decision
                        .recommendation()
                        .map(|o| policy.rules[o.rule].id.clone())
                        .unwrap_or_default(),
                });
            }
        }
    }
    windows.sort_by(|a, b| {
        (a.days_left, &a.order_id, &a.asin, &a.window).cmp(&(
            b.days_left,
            &b.order_id,
            &b.asin,
            &b.window,
        ))
    });
    unrefunded.sort_by(|a, b| (&a.returned, &a.order_id).cmp(&(&b.returned, &b.order_id)));
    let doc = ScanJson {
        schema_version: 1,
        as_of: crate::date::iso(today),
        windows,
        returned_not_refunded: unrefunded,
    };
    if args.json {
        serde_json::to_writer_pretty(ui.out(), &doc)?;
        ui.print("\n")?;
        return Ok(Exit::Success);
    }
    if history.is_empty() {
        ui.note("No orders in your history: import your Amazon data with `claim orders import PATH`, or pass --orders FILE.");
        return Ok(Exit::Success);
    }
    let mut out = String::new();
    if !doc.returned_not_refunded.is_empty() {
        out.push_str(&format!(
            "{}\n",
            ui.paint(Style::Red, "Returned but not refunded")
        ));
        let mut t = table(ui, &["order", "returned", "amount", "check with"]);
        for r in &doc.returned_not_refunded {
            t.add_row(vec![
                clean(&r.order_id),
                r.returned.clone(),
                r.amount.as_ref().map_or_else(
                    || "—".to_owned(),
                    |m| format!("{} {}", m.amount, m.currency),
                ),
                format!(
                    "claim check --order {} --problem returned-not-refunded",
                    r.order_id
                ),
            ]);
        }
        out.push_str(&format!("{t}\n\n"));
    }
    if doc.windows.is_empty() {
        out.push_str("No claim window is open");
        out.push_str(
            &args
                .within
                .map(|d| format!(" closing within {d} days"))
                .unwrap_or_default(),
        );
        out.push_str(".\n");
    } else {
        out.push_str(&format!(
            "{}\n",
            ui.paint(Style::Bold, "Open claim windows, most urgent first")
        ));
        let mut t = table(ui, &["days left", "ends", "window", "order", "item"]);
        for w in &doc.windows {
            let title: String = w.title.chars().take(40).collect();
            let ends = if w.estimated {
                format!("{} (est.)", w.ends)
            } else {
                w.ends.clone()
            };
            t.add_row(vec![
                w.days_left.to_string(),
                ends,
                clean(&w.label),
                clean(&w.order_id),
                clean(&title),
            ]);
        }
        out.push_str(&format!("{t}\n{} open window(s)", doc.windows.len()));
        if doc.windows.iter().any(|w| w.estimated) {
            out.push_str("; (est.) = counted from the ship or order date: record the delivery date with `claim orders set ID --delivered DATE`");
        }
        out.push('\n');
    }
    ui.print(&out)?;
    Ok(Exit::Success)
}
