//! What a template can read: the facts of a case, the decision, the sender, the letter's
//! rung of the ladder, as lazily converted objects (see `policy::template::PLACEHOLDERS`).

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::case::Fact;
use crate::draft::Letter;
use crate::engine::{Decision, Value, fact_value};
use crate::lang::Lang;
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
    /// How to reach the sender (an e-mail address), printed under the signature.
    pub contact: Option<String>,
    /// The sender's postal address, for formal letters.
    pub address: Option<String>,
    /// The town formal letters are dated from.
    pub place: Option<String>,
    /// The seller's name as the order gives it.
    pub seller_name: Option<String>,
}

/// A value a template can read.
trait TemplateValue {
    fn to_value(&self) -> minijinja::Value;
}

impl TemplateValue for String {
    fn to_value(&self) -> minijinja::Value {
        minijinja::Value::from(self.as_str())
    }
}

impl<T: TemplateValue> TemplateValue for Option<T> {
    fn to_value(&self) -> minijinja::Value {
        self.as_ref()
            .map_or(minijinja::Value::from(()), TemplateValue::to_value)
    }
}

impl TemplateValue for bool {
    fn to_value(&self) -> minijinja::Value {
        minijinja::Value::from(*self)
    }
}

impl TemplateValue for i64 {
    fn to_value(&self) -> minijinja::Value {
        minijinja::Value::from(*self)
    }
}

impl TemplateValue for u32 {
    fn to_value(&self) -> minijinja::Value {
        minijinja::Value::from(*self)
    }
}

impl TemplateValue for Vec<String> {
    fn to_value(&self) -> minijinja::Value {
        minijinja::Value::from_iter(self.iter().map(String::as_str))
    }
}

impl TemplateValue for BTreeMap<String, String> {
    fn to_value(&self) -> minijinja::Value {
        minijinja::Value::from_iter(self.iter().map(|(k, v)| (k.as_str(), v.as_str())))
    }
}

impl TemplateValue for minijinja::Value {
    fn to_value(&self) -> minijinja::Value {
        self.clone()
    }
}

impl TemplateValue for std::sync::OnceLock<String> {
    fn to_value(&self) -> minijinja::Value {
        self.get().cloned().to_value()
    }
}

/// A date or an amount, formatted for the language only if a template prints it.
#[derive(Debug, Clone, Copy)]
enum Lazy {
    Date(NaiveDate, Lang),
    Money(Money, Lang),
}

impl Lazy {
    fn date(d: Option<NaiveDate>, lang: Lang) -> Option<Lazy> {
        d.map(|d| Lazy::Date(d, lang))
    }

    fn money(m: Option<Money>, lang: Lang) -> Option<Lazy> {
        m.map(|m| Lazy::Money(m, lang))
    }
}

impl TemplateValue for Lazy {
    fn to_value(&self) -> minijinja::Value {
        match *self {
            Lazy::Date(d, lang) => minijinja::Value::from(lang.date(d)),
            Lazy::Money(m, lang) => minijinja::Value::from(lang.money(m)),
        }
    }
}

/// A struct whose fields templates read by name.
trait TemplateFields: std::fmt::Debug + Send + Sync + 'static {
    const NAMES: &'static [&'static str];
    fn field(&self, index: usize) -> minijinja::Value;
}

/// Exposes a struct's fields to templates, each converted the first time a template reads
/// it and kept for the next reads: no map is built per case, no value converted twice.
#[derive(Debug)]
struct Cached<T> {
    inner: T,
    cache: Vec<std::sync::OnceLock<minijinja::Value>>,
}

impl<T: TemplateFields> Cached<T> {
    fn new(inner: T) -> Self {
        Cached {
            inner,
            cache: T::NAMES
                .iter()
                .map(|_| std::sync::OnceLock::new())
                .collect(),
        }
    }

    fn value(inner: T) -> minijinja::Value {
        minijinja::Value::from_object(Cached::new(inner))
    }
}

impl<T: TemplateFields> minijinja::value::Object for Cached<T> {
    fn get_value(self: &std::sync::Arc<Self>, key: &minijinja::Value) -> Option<minijinja::Value> {
        let name = key.as_str()?;
        let i = T::NAMES.iter().position(|n| *n == name)?;
        Some(self.cache[i].get_or_init(|| self.inner.field(i)).clone())
    }

    fn enumerate(self: &std::sync::Arc<Self>) -> minijinja::value::Enumerator {
        minijinja::value::Enumerator::Str(T::NAMES)
    }
}

/// Declares the fields templates may read of a struct.
macro_rules! template_object {
    ($ty:ident { $($field:ident),* $(,)? }) => {
        impl TemplateFields for $ty {
            const NAMES: &'static [&'static str] = &[$(stringify!($field)),*];

            fn field(&self, index: usize) -> minijinja::Value {
                let name = Self::NAMES[index];
                $(if name == stringify!($field) {
                    return self.$field.to_value();
                })*
                minijinja::Value::UNDEFINED
            }
        }
    };
}

#[derive(Debug)]
struct OrderCtx {
    id: Option<String>,
    date: Option<Lazy>,
    total: Option<Lazy>,
}
template_object!(OrderCtx { id, date, total });

#[derive(Debug)]
struct ItemCtx {
    title: Option<String>,
    asin: Option<String>,
    value: Option<Lazy>,
    price: Option<Lazy>,
    quantity: u32,
}
template_object!(ItemCtx {
    title,
    asin,
    value,
    price,
    quantity
});

#[derive(Debug)]
struct ProblemCtx {
    kind: String,
    label: String,
    /// Rendered from the problem's own template, once the rest of the context exists.
    statement: std::sync::OnceLock<String>,
}
template_object!(ProblemCtx {
    kind,
    label,
    statement
});

#[derive(Debug)]
struct PreviousCtx {
    date: Lazy,
    deadline: Option<Lazy>,
    /// The deadline has passed as of the letter's date.
    expired: bool,
}
template_object!(PreviousCtx {
    date,
    deadline,
    expired
});

#[derive(Debug)]
struct RemedyCtx {
    rule: Option<String>,
    kind: Option<String>,
    label: Option<String>,
    phrase: Option<String>,
    amount: Option<Lazy>,
    basis: Option<String>,
    return_required: bool,
    return_paid_by_seller: bool,
}
template_object!(RemedyCtx {
    rule,
    kind,
    label,
    phrase,
    amount,
    basis,
    return_required,
    return_paid_by_seller
});

#[derive(Debug)]
struct DatesCtx {
    ordered: Option<Lazy>,
    promised: Option<Lazy>,
    delivered: Option<Lazy>,
    contacted_seller: Option<Lazy>,
    returned: Option<Lazy>,
}
template_object!(DatesCtx {
    ordered,
    promised,
    delivered,
    contacted_seller,
    returned
});

#[derive(Debug)]
struct LevelCtx {
    number: u32,
    id: String,
    label: String,
}
template_object!(LevelCtx { number, id, label });

#[derive(Debug)]
struct Fields {
    order: minijinja::Value,
    item: minijinja::Value,
    problem: minijinja::Value,
    remedy: minijinja::Value,
    dates: minijinja::Value,
    deadlines: BTreeMap<String, String>,
    days_late: Option<i64>,
    evidence: Vec<String>,
    legal: Vec<String>,
    today: Lazy,
    signature: Option<String>,
    contact: Option<String>,
    address: Option<String>,
    seller: Option<String>,
    laws: minijinja::Value,
    level: minijinja::Value,
    timeline: Vec<String>,
    reply_deadline: Option<Lazy>,
    enclosures: Vec<String>,
    recipient: Option<String>,
    place: Option<String>,
    seller_role: Option<String>,
    arrived: Option<bool>,
    shipped: Option<bool>,
    withdrawal: Option<bool>,
    previous: minijinja::Value,
    terminated: bool,
}
template_object!(Fields {
    order,
    item,
    problem,
    remedy,
    dates,
    deadlines,
    days_late,
    evidence,
    legal,
    today,
    signature,
    contact,
    address,
    seller,
    laws,
    level,
    timeline,
    reply_deadline,
    enclosures,
    recipient,
    place,
    seller_role,
    arrived,
    shipped,
    withdrawal,
    previous,
    terminated
});

/// Everything a template may read (see `policy::template::PLACEHOLDERS`), shared by every
/// text rendered for a case. Parameters are the environment's `params` global, set when
/// the policy is loaded.
#[derive(Debug, Clone)]
pub struct Context(pub(super) minijinja::Value);

/// Builds the template context for a decision (the recommendation, if any, is the remedy).
pub fn context(policy: &Policy, decision: &Decision, label: &CaseLabel, lang: Lang) -> Context {
    context_for(policy, decision, label, lang, None)
}

/// The context of a letter at a level of the ladder.
pub fn context_for(
    policy: &Policy,
    decision: &Decision,
    label: &CaseLabel,
    lang: Lang,
    letter: Option<&Letter>,
) -> Context {
    use minijinja::Value as V;
    let case = &decision.case;
    let date = |d: Option<NaiveDate>| Lazy::date(d, lang);
    let offer = decision.recommendation();
    let rule = offer.map(|o| &policy.rules[o.rule]);
    let days_late = match fact_value(policy, case, decision.today, Fact::DaysLate) {
        Value::Days { days, .. } => Some(days),
        _ => None,
    };
    let deadlines = decision
        .deadlines
        .iter()
        .map(|d| &policy.deadlines[d.index].id)
        .zip(&decision.deadlines)
        .filter(|(id, _)| policy.templates.uses_deadline(id))
        .map(|(id, d)| (id.clone(), lang.date(d.date)))
        .collect();
    let problem = std::sync::Arc::new(Cached::new(ProblemCtx {
        kind: case.problem.word().to_owned(),
        label: policy
            .problem_info(case.problem)
            .map(|p| p.label.get(lang).to_owned())
            .unwrap_or_default(),
        statement: std::sync::OnceLock::new(),
    }));
    let fields = Fields {
        order: Cached::value(OrderCtx {
            id: label.order_id.clone(),
            date: date(case.ordered),
            total: Lazy::money(case.order_total, lang),
        }),
        item: Cached::value(ItemCtx {
            title: label.title.as_deref().map(crate::text::one_line),
            asin: label.asin.clone(),
            value: Lazy::money(case.item_value(), lang),
            price: Lazy::money(case.price, lang),
            quantity: case.quantity.unwrap_or(1),
        }),
        problem: V::from_dyn_object(problem.clone()),
        remedy: Cached::value(RemedyCtx {
            rule: rule.map(|r| r.id.clone()),
            kind: rule.map(|r| r.remedy.word().to_owned()),
            label: rule.map(|r| policy.remedy_label(r.remedy, lang).into_owned()),
            phrase: rule
                .and_then(|r| policy.remedies.get(&r.remedy))
                .map(|t| t.get(lang).to_owned()),
            amount: Lazy::money(offer.and_then(|o| o.amount), lang),
            basis: rule.map(|r| r.basis.label(lang).to_owned()),
            return_required: rule.is_some_and(|r| r.return_required),
            return_paid_by_seller: rule.is_some_and(|r| r.return_paid_by == Some(PaidBy::Seller)),
        }),
        dates: Cached::value(DatesCtx {
            ordered: date(case.ordered),
            promised: date(case.promised),
            delivered: date(case.delivered),
            contacted_seller: date(case.contacted_seller),
            returned: date(case.returned),
        }),
        deadlines,
        days_late,
        evidence: rule
            .map(|r| {
                r.evidence
                    .iter()
                    .filter_map(|e| policy.evidence.get(e))
                    .map(|t| t.get(lang).to_owned())
                    .collect()
            })
            .unwrap_or_default(),
        legal: rule
            .map(|r| {
                in_article_order(
                    r.legal
                        .iter()
                        .filter(|i| decision.legal.contains(i))
                        .map(|&i| policy.legal[i].citation.clone()),
                )
            })
            .unwrap_or_default(),
        today: Lazy::Date(decision.today, lang),
        signature: label.signature.clone(),
        contact: label.contact.clone(),
        address: label.address.clone(),
        seller: case.seller.as_ref().map(ToString::to_string),
        laws: {
            let level = letter.map_or(0, |l| l.level);
            V::from(in_article_order(
                decision
                    .legal
                    .iter()
                    .map(|&i| &policy.legal[i])
                    .filter(|l| l.levels.contains(&level))
                    .map(|l| l.citation.clone()),
            ))
        },
        level: match letter.and_then(|l| policy.ladder.get(l.level).map(|rung| (l.level, rung))) {
            Some((n, rung)) => Cached::value(LevelCtx {
                number: u32::try_from(n).unwrap_or(u32::MAX),
                id: rung.id.clone(),
                label: rung.label.get(lang).to_owned(),
            }),
            None => V::from(()),
        },
        timeline: letter
            .map(|l| super::timeline::lines(&l.timeline, lang))
            .unwrap_or_default(),
        // A first message asks for an answer within the first level's wait.
        reply_deadline: match letter {
            Some(l) => Lazy::date(l.reply_deadline, lang),
            None => Lazy::date(
                policy
                    .wait_days(0, case.problem, decision.today)
                    .map(|d| crate::date::add_days(decision.today, d)),
                lang,
            ),
        },
        // What the buyer has, never the checklist of what to gather.
        enclosures: case
            .evidence
            .iter()
            .filter_map(|e| policy.evidence.get(e))
            .map(|t| t.get(lang).to_owned())
            .collect(),
        recipient: case
            .seller
            .as_ref()
            .and_then(|s| policy.seller(s))
            .and_then(|s| s.recipient.clone())
            .or_else(|| label.seller_name.clone()),
        place: label.place.clone(),
        seller_role: case
            .seller
            .as_ref()
            .and_then(|s| policy.seller(s))
            .map(|s| s.role.word().to_owned()),
        arrived: match fact_value(policy, case, decision.today, Fact::Delivered) {
            Value::Bool(b) => Some(b),
            _ => None,
        },
        shipped: match fact_value(policy, case, decision.today, Fact::Shipped) {
            Value::Bool(b) => Some(b),
            _ => None,
        },
        withdrawal: case.withdrawal,
        previous: match letter.and_then(|l| l.previous) {
            Some((date, deadline)) => Cached::value(PreviousCtx {
                date: Lazy::Date(date, lang),
                deadline: Lazy::date(deadline, lang),
                expired: deadline.is_some_and(|d| decision.today > d),
            }),
            None => V::from(()),
        },
        terminated: letter.is_some_and(|l| l.terminated),
    };
    let ctx = Cached::value(fields);
    let statement = message_name(lang, case.problem.word(), "statement");
    if policy.templates.has(&statement)
        && let Ok(text) = policy.templates.render(&statement, ctx.clone())
    {
        let _ = problem.inner.statement.set(text);
    }
    Context(ctx)
}

/// Citations once each, in the order a lawyer lists them: by code, then article number
/// (`L217-3` before `L217-10`).
fn in_article_order(citations: impl Iterator<Item = String>) -> Vec<String> {
    let mut out: Vec<String> = citations.collect();
    out.sort_by_key(|c| natural(c));
    out.dedup();
    out
}

/// A text cut into runs of digits (compared as numbers) and of other characters.
fn natural(text: &str) -> Vec<(String, u64)> {
    let mut parts = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        let digits = rest
            .find(|c: char| c.is_ascii_digit())
            .unwrap_or(rest.len());
        let (word, tail) = rest.split_at(digits);
        let end = tail
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(tail.len());
        let (number, tail) = tail.split_at(end);
        parts.push((word.to_owned(), number.parse().unwrap_or(0)));
        rest = tail;
    }
    parts
}

/// A text of the policy that may hold placeholders (an explanation, a step), rendered.
pub fn render_text<'a, 'c>(
    policy: &Policy,
    kind: &str,
    id: &str,
    text: &'a str,
    lang: Lang,
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
