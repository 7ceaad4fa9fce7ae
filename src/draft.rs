//! Drafted messages: the policy's templates filled with the facts of a case, in a language.
//! Templates render facts only; a placeholder without a value is an error, never a blank.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::engine::facts::{Fact, Value};
use crate::engine::{Decision, fact_value};
use crate::money::Money;
use crate::policy::Policy;
use crate::policy::load::{message_name, text_name};
use crate::policy::template::is_template;
use crate::vocab::{Label, PaidBy};

/// What a draft says about the order beyond the engine's facts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CaseLabel {
    pub order_id: Option<String>,
    /// The item as the user named it (ASIN or position).
    pub item: Option<String>,
    pub asin: Option<String>,
    pub title: Option<String>,
    /// The name to sign with.
    pub signature: Option<String>,
}

/// A drafted message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Message {
    pub subject: String,
    pub body: String,
}

/// A date as people write it in a language: `20 novembre 2026`, `20 November 2026`.
pub fn format_date(date: NaiveDate, lang: &str) -> String {
    const FR: [&str; 12] = [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ];
    const EN: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let month = date.month0() as usize;
    match lang {
        "fr" => format!("{} {} {}", date.day(), FR[month], date.year()),
        _ => format!("{} {} {}", date.day(), EN[month], date.year()),
    }
}

/// Money as people write it in a language: `249,00 €`, `€249.00`, `$19.99`.
pub fn format_money(money: Money, lang: &str) -> String {
    let amount = money.amount_string();
    let symbol = match money.currency.code() {
        "EUR" => Some("€"),
        "USD" => Some("$"),
        "GBP" => Some("£"),
        _ => None,
    };
    match (lang, symbol) {
        ("fr", Some(s)) => format!("{} {s}", amount.replace('.', ",")),
        ("fr", None) => format!("{} {}", amount.replace('.', ","), money.currency),
        (_, Some(s)) => format!("{s}{amount}"),
        (_, None) => format!("{amount} {}", money.currency),
    }
}

#[derive(Debug, Serialize)]
struct OrderCtx {
    id: Option<String>,
    date: Option<String>,
}

#[derive(Debug, Serialize)]
struct ItemCtx {
    title: Option<String>,
    asin: Option<String>,
    value: Option<String>,
    price: Option<String>,
    quantity: u32,
}

#[derive(Debug, Serialize)]
struct ProblemCtx {
    kind: String,
    label: String,
    statement: Option<String>,
}

#[derive(Debug, Serialize)]
struct RemedyCtx {
    kind: Option<String>,
    label: Option<String>,
    phrase: Option<String>,
    amount: Option<String>,
    basis: Option<String>,
    return_required: bool,
    return_paid_by_seller: bool,
}

#[derive(Debug, Serialize)]
struct DatesCtx {
    ordered: Option<String>,
    promised: Option<String>,
    delivered: Option<String>,
    contacted_seller: Option<String>,
    returned: Option<String>,
}

/// Everything a template may read (see `policy::template::PLACEHOLDERS`), converted once
/// into the template engine's values and shared by every text rendered for a case.
/// Parameters are the environment's `params` global, set when the policy is loaded.
#[derive(Debug, Clone)]
pub struct Context(minijinja::Value);

#[derive(Debug, Serialize)]
struct Fields {
    order: OrderCtx,
    item: ItemCtx,
    problem: ProblemCtx,
    remedy: RemedyCtx,
    dates: DatesCtx,
    deadlines: BTreeMap<String, String>,
    days_late: Option<i64>,
    evidence: Vec<String>,
    legal: Vec<String>,
    today: String,
    signature: Option<String>,
}

/// Builds the template context for a decision (the recommendation, if any, is the remedy).
pub fn context(policy: &Policy, decision: &Decision, label: &CaseLabel, lang: &str) -> Context {
    let case = &decision.case;
    let date = |d: Option<NaiveDate>| d.map(|d| format_date(d, lang));
    let offer = decision.recommendation();
    let rule = offer.map(|o| &policy.rules[o.rule]);
    let days_late = match fact_value(policy, case, decision.today, Fact::DaysLate) {
        Value::Days { days, .. } => Some(days),
        _ => None,
    };
    let deadlines = policy
        .deadlines
        .iter()
        .enumerate()
        .filter_map(|(i, d)| {
            decision
                .deadlines
                .iter()
                .find(|x| x.index == i)
                .map(|x| (d.id.clone(), format_date(x.date, lang)))
        })
        .collect();
    let fields = Fields {
        order: OrderCtx {
            id: label.order_id.clone(),
            date: date(case.ordered),
        },
        item: ItemCtx {
            title: label.title.clone(),
            asin: label.asin.clone(),
            value: case.item_value().map(|m| format_money(m, lang)),
            price: case.price.map(|m| format_money(m, lang)),
            quantity: case.quantity.unwrap_or(1),
        },
        problem: ProblemCtx {
            kind: case.problem.word().to_owned(),
            label: policy
                .problem_info(case.problem)
                .map(|p| p.label.get(lang, &policy.language).to_owned())
                .unwrap_or_default(),
            statement: None,
        },
        remedy: RemedyCtx {
            kind: rule.map(|r| r.remedy.word().to_owned()),
            label: rule.map(|r| r.remedy.label(lang).to_owned()),
            phrase: rule
                .and_then(|r| policy.remedies.get(&r.remedy))
                .map(|t| t.get(lang, &policy.language).to_owned()),
            amount: offer.and_then(|o| o.amount).map(|m| format_money(m, lang)),
            basis: rule.map(|r| r.basis.label(lang).to_owned()),
            return_required: rule.is_some_and(|r| r.return_required),
            return_paid_by_seller: rule.is_some_and(|r| r.return_paid_by == Some(PaidBy::Seller)),
        },
        dates: DatesCtx {
            ordered: date(case.ordered),
            promised: date(case.promised),
            delivered: date(case.delivered),
            contacted_seller: date(case.contacted_seller),
            returned: date(case.returned),
        },
        deadlines,
        days_late,
        evidence: rule
            .map(|r| {
                r.evidence
                    .iter()
                    .filter_map(|e| policy.evidence.get(e))
                    .map(|t| t.get(lang, &policy.language).to_owned())
                    .collect()
            })
            .unwrap_or_default(),
        legal: rule
            .map(|r| {
                r.legal
                    .iter()
                    .map(|&i| policy.legal[i].citation.clone())
                    .collect()
            })
            .unwrap_or_default(),
        today: format_date(decision.today, lang),
        signature: label.signature.clone(),
    };
    let base = minijinja::Value::from_serialize(&fields);
    let statement = message_name(lang, case.problem.word(), "statement");
    if !policy.templates.has(&statement) {
        return Context(base);
    }
    let mut problem = fields.problem;
    problem.statement = policy.templates.render(&statement, base.clone()).ok();
    Context(minijinja::context! { problem => minijinja::Value::from_serialize(&problem), ..base })
}

/// A text of the policy that may hold placeholders (an explanation, a step), rendered.
pub fn render_text<'a, 'c>(
    policy: &Policy,
    kind: &str,
    id: &str,
    text: &'a str,
    lang: &str,
    ctx: impl FnOnce() -> &'c Context,
) -> std::borrow::Cow<'a, str> {
    if !is_template(text) {
        return std::borrow::Cow::Borrowed(text);
    }
    let name = text_name(kind, id, lang);
    policy
        .templates
        .render(&name, ctx().0.clone())
        .map_or(std::borrow::Cow::Borrowed(text), std::borrow::Cow::Owned)
}

/// The first message to customer service for an eligible decision, in `lang`.
pub fn first_message(
    policy: &Policy,
    ctx: &Context,
    problem: &str,
    lang: &str,
) -> Result<Message, minijinja::Error> {
    let pick = |part: &str| {
        let specific = message_name(lang, problem, part);
        if policy.templates.has(&specific) {
            specific
        } else {
            message_name(lang, "default", part)
        }
    };
    let subject = policy.templates.render(&pick("subject"), ctx.0.clone())?;
    let body = policy.templates.render(&pick("body"), ctx.0.clone())?;
    Ok(Message {
        subject: subject.trim().to_owned(),
        body: tidy(&body),
    })
}

/// Trims each line's end, collapses runs of blank lines, and ends with one newline.
fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank = 0;
    for line in text.trim().lines() {
        let line = line.trim_end();
        if line.is_empty() {
            blank += 1;
            if blank > 1 {
                continue;
            }
        } else {
            blank = 0;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_money_read_naturally() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 20).unwrap_or_default();
        assert_eq!(format_date(d, "fr"), "20 novembre 2026");
        assert_eq!(format_date(d, "en"), "20 November 2026");
        let eur = "EUR"
            .parse()
            .map(|c| Money::new(rust_decimal::Decimal::new(24900, 2), c));
        assert_eq!(
            eur.map(|m| format_money(m, "fr")).ok().as_deref(),
            Some("249,00 €")
        );
        assert_eq!(tidy("a  \n\n\n\nb\n"), "a\n\nb\n");
    }
}
