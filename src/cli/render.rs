//! The human summary of a decision: compact, readable, tables where they help. Every text
//! that comes from a file (policy, order) passes through `sanitize::for_terminal`.

use comfy_table::Table;

use crate::cli::ui::{Style, Ui, table};
use crate::lang::Lang;
use crate::money::{Currency, Money};
use crate::report::{MoneyJson, Remedy, Report};
use crate::sanitize::for_terminal as clean;
use crate::vocab::{Label, Status};

/// An amount as people write it in the report's language (`249,00 €`).
fn money(m: &MoneyJson<'_>, lang: Lang) -> String {
    let parsed = m
        .currency
        .parse::<Currency>()
        .ok()
        .zip(m.amount.parse::<rust_decimal::Decimal>().ok());
    match parsed {
        Some((currency, amount)) => lang.money(Money::new(amount, currency)),
        None => format!("{} {}", m.amount, m.currency),
    }
}

fn amount(r: &Remedy<'_>, lang: Lang) -> String {
    r.amount
        .as_ref()
        .map_or_else(|| "—".to_owned(), |m| money(m, lang))
}

fn indent(table: &Table) -> String {
    table.lines().map(|l| format!("  {l}\n")).collect()
}

/// The summary of a report, as printed by `claim check`.
pub fn summary(ui: &Ui, r: &Report, with_trace: bool) -> String {
    let lang = r.lang;
    let w = &lang.phrases().summary;
    let colon = lang.phrases().colon;
    let mut out = String::new();
    let (style, mark) = match r.status {
        Status::Eligible => (Style::Green, "✔"),
        Status::Ineligible => (Style::Red, "✘"),
        Status::Undetermined => (Style::Yellow, "?"),
    };
    let status = format!("{mark} {}", r.status.label(lang).to_uppercase());
    out.push_str(&format!(
        "{}  {}\n",
        ui.paint(style, &status),
        ui.paint(
            Style::Dim,
            &format!(
                "{} {} · {} {}",
                r.policy.id, r.policy.version, w.as_of, r.as_of
            )
        )
    ));
    let mut about = vec![clean(&problem_label(r))];
    if let Some(id) = &r.order.id {
        about.push(format!("{} {}", w.order, clean(id)));
    }
    if let Some(item) = &r.order.item {
        about.push(clean(item));
    }
    out.push_str(&format!("{}\n", about.join(" · ")));

    if let Some(rec) = &r.recommendation {
        out.push('\n');
        let amount = rec
            .amount
            .as_ref()
            .map(|m| format!(" — {}", money(m, lang)))
            .unwrap_or_default();
        out.push_str(&format!(
            "{}{}{}{}\n",
            ui.paint(Style::Bold, w.recommended),
            colon,
            ui.paint(Style::Bold, rec.kind.label(lang)),
            amount
        ));
        let ret = match (rec.return_required, rec.return_shipping_paid_by) {
            (true, Some(p)) => format!("{}, {}", w.return_required, p.label(lang)),
            (true, None) => w.return_required.to_owned(),
            (false, _) => w.no_return.to_owned(),
        };
        out.push_str(&format!(
            "  {} · {} · {}\n",
            rec.basis.label(lang),
            ret,
            rec.channel.label(lang)
        ));
        out.push_str(&format!("  {}\n", clean(&rec.explanation)));
    } else if r.status == Status::Ineligible {
        out.push_str(&format!("\n{}\n", w.nothing));
    }

    if !r.missing_facts.is_empty() {
        let heading = if r.status == Status::Undetermined {
            w.missing_undetermined
        } else {
            w.missing_eligible
        };
        let flags: Vec<String> = r
            .missing_facts
            .iter()
            .map(|m| format!("--{}", m.replace('_', "-")))
            .collect();
        out.push_str(&format!(
            "\n{}{}{}\n",
            ui.paint(Style::Yellow, heading),
            colon,
            flags.join(", ")
        ));
    }

    if !r.alternatives.is_empty() {
        let mut t = table(ui, &[w.remedy, w.basis, w.amount, w.rule]);
        for a in &r.alternatives {
            t.add_row(vec![
                a.kind.label(lang).to_owned(),
                a.basis.label(lang).to_owned(),
                amount(a, lang),
                clean(&a.rule),
            ]);
        }
        out.push_str(&format!(
            "\n{}\n{}",
            ui.paint(Style::Bold, w.alternatives),
            indent(&t)
        ));
    }

    if !r.rejected.is_empty() && r.status != Status::Eligible
        || with_trace && !r.rejected.is_empty()
    {
        let mut t = table(ui, &[w.remedy, w.rule, w.why]);
        for x in &r.rejected {
            t.add_row(vec![
                x.kind.label(lang).to_owned(),
                clean(&x.rule),
                clean(&x.why),
            ]);
        }
        out.push_str(&format!(
            "\n{}\n{}",
            ui.paint(Style::Bold, w.rejected),
            indent(&t)
        ));
    }

    if !r.deadlines.is_empty() {
        let mut t = table(ui, &[w.deadline, w.date, w.days_left]);
        for d in &r.deadlines {
            let label = if d.estimated {
                format!("{} ({})", clean(&d.label), w.estimated)
            } else {
                clean(&d.label)
            };
            let left = if d.days_left < 0 {
                format!("{} ({})", w.closed, -d.days_left)
            } else {
                d.days_left.to_string()
            };
            t.add_row(vec![label, d.date.to_string(), left]);
        }
        out.push_str(&format!(
            "\n{}\n{}",
            ui.paint(Style::Bold, w.deadlines),
            indent(&t)
        ));
    }

    list(&mut out, ui, w.evidence, &r.evidence, false);
    list(&mut out, ui, w.steps, &r.steps, true);
    let legal: Vec<String> = r
        .legal
        .iter()
        .map(|l| format!("{} — {}", l.citation, l.summary))
        .collect();
    list(&mut out, ui, w.legal, &legal, false);
    if !r.assumed.is_empty() {
        out.push_str(&format!(
            "\n{}{}{}\n",
            ui.paint(Style::Dim, w.assumed),
            colon,
            r.assumed.join(", ")
        ));
    }
    if with_trace {
        out.push_str(&format!("\n{}\n", ui.paint(Style::Bold, w.trace)));
        for t in &r.trace {
            let mark = match (t.matched, t.pending) {
                (true, _) => ui.paint(Style::Green, "✔"),
                (false, false) => ui.paint(Style::Red, "✘"),
                (false, true) => ui.paint(Style::Yellow, "?"),
            };
            out.push_str(&format!("  {mark} {}\n", clean(&t.rule)));
            for c in &t.conditions {
                let m = match (c.holds, &c.actual) {
                    (true, _) => "✔",
                    (false, Some(_)) => "✘",
                    (false, None) => "?",
                };
                let actual = c.actual.as_deref().unwrap_or("?");
                out.push_str(&format!(
                    "      {m} {} {}  [{}]\n",
                    clean(&c.fact),
                    clean(&c.test),
                    clean(actual)
                ));
            }
        }
    }
    out
}

fn problem_label(r: &Report) -> String {
    if r.problem_label.is_empty() {
        r.problem.word().to_owned()
    } else {
        r.problem_label.to_string()
    }
}

fn list<S: AsRef<str>>(out: &mut String, ui: &Ui, heading: &str, items: &[S], numbered: bool) {
    if items.is_empty() {
        return;
    }
    out.push_str(&format!("\n{}\n", ui.paint(Style::Bold, heading)));
    for (i, item) in items.iter().enumerate() {
        if numbered {
            out.push_str(&format!("  {}. {}\n", i + 1, clean(item.as_ref())));
        } else {
            out.push_str(&format!("  • {}\n", clean(item.as_ref())));
        }
    }
}
