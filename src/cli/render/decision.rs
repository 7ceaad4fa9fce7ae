//! The human summary of a decision (`claim check`, `claim new`): compact, readable, tables
//! where they help, entirely in the report's language.

use crate::cli::ui::{Fit, Span, Style, Table, Ui, bold, plain, styled};
use crate::lang::Lang;
use crate::money::Money;
use crate::report::Report;
use crate::vocab::{Label, Status};

fn amount(m: Option<Money>, lang: Lang) -> String {
    m.map_or_else(|| "—".to_owned(), |m| lang.money(m))
}

/// Prints the summary of a report; `with_trace` adds every rule and condition evaluated.
pub fn summary(ui: &mut Ui, r: &Report, with_trace: bool) -> std::io::Result<()> {
    let lang = r.lang;
    let w = &lang.phrases().summary;
    let colon = lang.phrases().colon;
    let (style, mark) = match r.status {
        Status::Eligible => (Style::Green, "✔"),
        Status::Ineligible => (Style::Red, "✘"),
        Status::Undetermined => (Style::Yellow, "?"),
    };
    let status = format!("{mark} {}", r.status.label(lang).to_uppercase());
    let about = format!(
        "{} {} · {} {}",
        r.policy.id,
        r.policy.version,
        w.as_of,
        crate::date::iso(r.as_of.0)
    );
    ui.line(&[
        styled(style, &status),
        plain("  "),
        styled(Style::Dim, &about),
    ])?;
    let mut what = vec![problem_label(r)];
    if let Some(id) = &r.order.id {
        what.push(format!("{} {id}", w.order));
    }
    if let Some(item) = &r.order.item {
        what.push(item.to_string());
    }
    ui.line(&[plain(&what.join(" · "))])?;

    if let Some(rec) = &r.recommendation {
        let amount = rec
            .amount
            .map(|m| format!(" — {}", lang.money(m)))
            .unwrap_or_default();
        ui.text("\n")?;
        ui.line(&[
            bold(w.recommended),
            plain(colon),
            bold(&rec.label),
            plain(&amount),
        ])?;
        let ret = match (rec.return_required, rec.return_shipping_paid_by) {
            (true, Some(p)) => format!("{}, {}", w.return_required, p.label(lang)),
            (true, None) => w.return_required.to_owned(),
            (false, _) => w.no_return.to_owned(),
        };
        ui.line(&[plain(&format!(
            "  {} · {ret} · {}",
            rec.basis.label(lang),
            rec.channel_label
        ))])?;
        ui.line(&[plain("  "), plain(&rec.explanation)])?;
    } else if r.status == Status::Ineligible {
        ui.text("\n")?;
        ui.line(&[plain(w.nothing)])?;
    }

    if !r.missing_facts.is_empty() {
        let heading = match r.status {
            Status::Undetermined => w.missing_undetermined,
            _ => w.missing_eligible,
        };
        let flags: Vec<String> = r
            .missing_facts
            .iter()
            .map(|m| match crate::case::Input::from_name(m) {
                Some(input) => crate::cli::args::flag_of(input),
                None => format!("--{}", m.replace('_', "-")),
            })
            .collect();
        ui.text("\n")?;
        ui.line(&[
            styled(Style::Yellow, heading),
            plain(colon),
            plain(&flags.join(", ")),
        ])?;
    }

    if !r.alternatives.is_empty() {
        let mut t = Table::new()
            .column(w.remedy, Fit::Wrap)
            .column(w.basis, Fit::Wrap)
            .column(w.amount, Fit::Keep)
            .column(w.rule, Fit::Keep);
        for a in &r.alternatives {
            t.row(vec![
                a.label.to_string(),
                a.basis.label(lang).to_owned(),
                amount(a.amount, lang),
                a.rule.to_string(),
            ]);
        }
        ui.heading(w.alternatives)?;
        ui.table(&t, 2)?;
    }

    if !r.rejected.is_empty() && (r.status != Status::Eligible || with_trace) {
        let mut t = Table::new()
            .column(w.remedy, Fit::Wrap)
            .column(w.rule, Fit::Keep)
            .column(w.why, Fit::Wrap);
        for x in &r.rejected {
            t.row(vec![
                x.label.to_string(),
                x.rule.to_string(),
                x.why.to_string(),
            ]);
        }
        ui.heading(w.rejected)?;
        ui.table(&t, 2)?;
    }

    if !r.deadlines.is_empty() {
        let mut t = Table::new()
            .column(w.deadline, Fit::Wrap)
            .column(w.date, Fit::Keep)
            .column(w.days_left, Fit::Keep);
        for d in &r.deadlines {
            let label = if d.estimated {
                format!("{} ({})", d.label, w.estimated)
            } else {
                d.label.to_string()
            };
            t.row(vec![
                label,
                crate::date::iso(d.date.0),
                super::days_left(d.days_left, lang),
            ]);
        }
        ui.heading(w.deadlines)?;
        ui.table(&t, 2)?;
    }

    list(ui, w.evidence, &r.evidence, false)?;
    list(ui, w.steps, &r.steps, true)?;
    let legal: Vec<String> = r
        .legal
        .iter()
        .map(|l| format!("{} — {}", l.citation, l.summary))
        .collect();
    list(ui, w.legal, &legal, false)?;
    if !r.assumed.is_empty() {
        ui.text("\n")?;
        ui.line(&[
            styled(Style::Dim, w.assumed),
            plain(colon),
            plain(&r.assumed.join(", ")),
        ])?;
    }
    if with_trace {
        trace(ui, r, w.trace)?;
    }
    Ok(())
}

/// Every rule evaluated, each condition with the value it saw.
fn trace(ui: &mut Ui, r: &Report, heading: &str) -> std::io::Result<()> {
    ui.heading(heading)?;
    for t in &r.trace {
        let mark: Span<'_> = match (t.matched, t.pending) {
            (true, _) => styled(Style::Green, "✔"),
            (false, false) => styled(Style::Red, "✘"),
            (false, true) => styled(Style::Yellow, "?"),
        };
        ui.line(&[plain("  "), mark, plain(" "), plain(&t.rule)])?;
        for c in &t.conditions {
            let m = match (c.holds, &c.actual) {
                (true, _) => "✔",
                (false, Some(_)) => "✘",
                (false, None) => "?",
            };
            let actual = c.actual.as_deref().unwrap_or("?");
            ui.line(&[plain(&format!(
                "      {m} {} {}  [{actual}]",
                c.fact, c.test
            ))])?;
        }
    }
    Ok(())
}

fn problem_label(r: &Report) -> String {
    if r.problem_label.is_empty() {
        r.problem.word().to_owned()
    } else {
        r.problem_label.to_string()
    }
}

fn list<S: AsRef<str>>(
    ui: &mut Ui,
    heading: &str,
    items: &[S],
    numbered: bool,
) -> std::io::Result<()> {
    if items.is_empty() {
        return Ok(());
    }
    ui.heading(heading)?;
    for (i, item) in items.iter().enumerate() {
        let bullet = if numbered {
            format!("  {}. ", i + 1)
        } else {
            "  • ".to_owned()
        };
        ui.line(&[plain(&bullet), plain(item.as_ref())])?;
    }
    Ok(())
}
