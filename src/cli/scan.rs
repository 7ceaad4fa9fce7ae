//! `claim scan`: every claim window still open across the whole history, most urgent
//! first, and the items returned but never refunded.

use std::borrow::Cow;

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
pub struct WindowJson<'a> {
    pub order_id: Cow<'a, str>,
    pub asin: Cow<'a, str>,
    pub title: Cow<'a, str>,
    /// The deadline's id in the policy (`return_window`, `legal_guarantee`…).
    pub window: Cow<'a, str>,
    pub label: Cow<'a, str>,
    pub ends: Cow<'a, str>,
    pub days_left: i64,
    /// Counted from the ship or order date because the delivery date is unknown.
    pub estimated: bool,
    pub policy: Cow<'a, str>,
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
pub struct ScanJson<'a> {
    pub schema_version: u32,
    pub as_of: String,
    pub windows: Vec<WindowJson<'a>>,
    pub returned_not_refunded: Vec<UnrefundedJson>,
}

/// One open window, kept small while the history streams by.
struct Found {
    order: std::rc::Rc<str>,
    asin: std::rc::Rc<str>,
    title: std::rc::Rc<str>,
    policy: usize,
    deadline: usize,
    ends: chrono::NaiveDate,
    days_left: i64,
    estimated: bool,
}

pub fn cmd_scan(ui: &mut Ui, settings: &Settings, args: &ScanArgs) -> anyhow::Result<Exit> {
    let mut store = PolicyStore::new(settings);
    let today = settings.today;
    let mut found: Vec<Found> = Vec::new();
    let mut unrefunded = Vec::new();
    let mut orders = 0usize;
    let mut failure = None;
    let mut visit = |order: &crate::orders::Order| -> anyhow::Result<()> {
        orders += 1;
        let policy_index = store.index_for_marketplace(ui, Some(&order.marketplace))?;
        let policy = store.get(policy_index);
        let order_id: std::rc::Rc<str> = order.id.as_str().into();
        for item in &order.items {
            let facts = order.facts(item, Problem::Defective);
            let mut shared: Option<(std::rc::Rc<str>, std::rc::Rc<str>)> = None;
            for w in engine::windows(policy, &facts, today) {
                let days_left = (w.date - today).num_days();
                if days_left < 0 || args.within.is_some_and(|d| days_left > d) {
                    continue;
                }
                let (asin, title) = shared
                    .get_or_insert_with(|| (item.asin.as_str().into(), item.title.as_str().into()))
                    .clone();
                found.push(Found {
                    order: order_id.clone(),
                    asin,
                    title,
                    policy: policy_index,
                    deadline: w.index,
                    ends: w.date,
                    days_left,
                    estimated: w.estimated,
                });
            }
        }
        let returned = order
            .returned
            .or_else(|| order.returns.iter().map(|r| r.date).min());
        if let (Some(returned), true, Some(item)) =
            (returned, order.refunds.is_empty(), order.items.first())
        {
            let mut facts = order.facts(item, Problem::ReturnedNotRefunded);
            facts.returned = Some(returned);
            let decision = evaluate(policy, &facts, today);
            if decision.status == Status::Eligible {
                let amount = order
                    .returns
                    .iter()
                    .find_map(|r| r.amount)
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
        Ok(())
    };
    if settings.uses_order_files() {
        for order in &settings.load_history()?.orders {
            visit(order)?;
        }
    } else {
        crate::orders::store::for_each(&settings.history_path(), |order| match visit(&order) {
            Ok(()) => true,
            Err(e) => {
                failure = Some(e);
                false
            }
        })?;
    }
    if let Some(e) = failure {
        return Err(e);
    }
    found.sort_by(|a, b| {
        (a.days_left, &a.order, &a.asin, a.deadline).cmp(&(
            b.days_left,
            &b.order,
            &b.asin,
            b.deadline,
        ))
    });
    let windows: Vec<WindowJson> = found
        .iter()
        .map(|f| {
            let policy = store.get(f.policy);
            let def = &policy.deadlines[f.deadline];
            let lang = policy.lang(settings.lang);
            WindowJson {
                order_id: Cow::Borrowed(&f.order),
                asin: Cow::Borrowed(&f.asin),
                title: Cow::Borrowed(&f.title),
                window: Cow::Borrowed(&def.id),
                label: Cow::Borrowed(def.label.get(lang)),
                ends: Cow::Owned(crate::date::iso(f.ends)),
                days_left: f.days_left,
                estimated: f.estimated,
                policy: Cow::Borrowed(&policy.id),
            }
        })
        .collect();
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
    if orders == 0 {
        ui.note("No orders in your history: import your Amazon data with `claim orders import PATH`, or pass --orders FILE.");
        return Ok(Exit::Success);
    }
    let mut out = String::new();
    if !doc.returned_not_refunded.is_empty() {
        out.push_str(&format!(
            "{}\n",
            ui.paint(Style::Red, "Returned but not refunded")
        ));
        let mut t = table(ui, &["order", "returned", "amount"]);
        for r in &doc.returned_not_refunded {
            let amount = r.amount.as_ref();
            t.add_row(vec![
                clean(&r.order_id),
                r.returned.clone(),
                amount.map_or_else(
                    || "—".to_owned(),
                    |m| format!("{} {}", m.amount, m.currency),
                ),
            ]);
        }
        out.push_str(&format!(
            "{t}\nWhat to ask for: claim check --order ID --problem returned-not-refunded --draft\n\n"
        ));
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
                w.ends.to_string()
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
