//! `[params]`: named durations, amounts, percentages and seasons, each with its source, and
//! the values the user's configuration overrides.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use toml::Spanned;

use super::Builder;
use crate::money::{Currency, Money};
use crate::policy::model::{Duration, Param, ParamValue, Season};
use crate::policy::raw::{Key, RawParam};
use crate::source::{Level, SourceText};
use crate::suggest::did_you_mean;

impl Builder<'_> {
    pub(super) fn params(
        &mut self,
        raw: &BTreeMap<Key, Spanned<RawParam>>,
        sources: &[String],
        currency: Currency,
        overrides: &BTreeMap<String, String>,
        overrides_source: Option<(&SourceText, &str)>,
    ) -> BTreeMap<String, Param> {
        let mut out = BTreeMap::new();
        for (name, p) in raw {
            let span = p.span();
            let p = p.get_ref();
            let season = (p.ordered_from, p.ordered_to, p.until);
            let kinds = [
                p.days.is_some(),
                p.hours.is_some(),
                p.months.is_some(),
                p.amount.is_some(),
                p.percent.is_some(),
                season != (None, None, None),
            ];
            if kinds.iter().filter(|k| **k).count() != 1 {
                self.error(
                    span,
                    format!(
                        "parameter `{}` needs exactly one of: days, hours, months, amount, percent, or a season (ordered_from, ordered_to, until)",
                        name.get_ref()
                    ),
                );
                continue;
            }
            let duration = if let Some(d) = p.days {
                Some(Duration::Days(d))
            } else if let Some(h) = p.hours {
                Some(Duration::Hours(h))
            } else {
                p.months.map(Duration::Months)
            };
            let value = if let Some(duration) = duration {
                match bounded(duration) {
                    Ok(d) => ParamValue::Duration(d),
                    Err(e) => {
                        self.error(span, format!("parameter `{}`: {e}", name.get_ref()));
                        continue;
                    }
                }
            } else if let Some(a) = &p.amount {
                match crate::money::parse_price(a.get_ref())
                    .and_then(|amount| Money::exact(amount, currency))
                {
                    Ok(money) => ParamValue::Amount(money),
                    Err(e) => {
                        self.error(a.span(), e);
                        continue;
                    }
                }
            } else if let Some(pct) = &p.percent {
                match percent_value(pct.get_ref()) {
                    Some(v) => ParamValue::Percent(v),
                    None => {
                        self.error(
                            pct.span(),
                            "a percentage is a number from 0 to 100, e.g. 20 or \"12.5\"",
                        );
                        continue;
                    }
                }
            } else if let (Some(ordered_from), Some(ordered_to), Some(until)) = season {
                ParamValue::Season(Season {
                    ordered_from,
                    ordered_to,
                    until,
                })
            } else {
                self.error(span, "a season needs ordered_from, ordered_to and until");
                continue;
            };
            let source = self.source_ref(p.source.as_ref(), sources);
            if source.is_none() && p.confidence.is_none() {
                self.warn(
                    Some(name.span()),
                    format!(
                        "parameter `{}` has no source and no confidence label",
                        name.get_ref()
                    ),
                );
            }
            out.insert(
                name.get_ref().clone(),
                Param {
                    name: name.get_ref().clone(),
                    value,
                    source,
                    confidence: p.confidence,
                    note: p.note.clone(),
                    overridden: false,
                },
            );
        }
        for (name, text) in overrides {
            match out.get_mut(name) {
                Some(param) => match override_value(param.value, text) {
                    Ok(v) => {
                        param.value = v;
                        param.overridden = true;
                    }
                    Err(e) => match overrides_source {
                        // At its line in the configuration, when it can be found there.
                        Some((src, policy)) => {
                            let span = crate::config::override_span(&src.text, policy, name);
                            let message = format!("`params.{policy}.{name}`: {e}");
                            self.diags.push(src.diagnostic(Level::Error, span, message));
                        }
                        None => {
                            self.error_in_file(format!("configuration override of `{name}`: {e}"))
                        }
                    },
                },
                None => {
                    let message = format!(
                        "configuration overrides unknown parameter `{name}`{}",
                        did_you_mean(name, out.keys().map(String::as_str))
                    );
                    match overrides_source {
                        Some((src, policy)) => {
                            let span = crate::config::override_span(&src.text, policy, name);
                            self.diags
                                .push(src.diagnostic(Level::Warning, span, message));
                        }
                        None => self.warn(None, message),
                    }
                }
            }
        }
        out
    }
}

/// A duration a deadline can be computed with: not negative (a window that closes before
/// it opens), and at most a century (dates stay within the calendar every format writes).
fn bounded(duration: Duration) -> Result<Duration, String> {
    const MAX_DAYS: i64 = 36_500;
    let (value, max, unit) = match duration {
        Duration::Days(d) => (d, MAX_DAYS, "days"),
        Duration::Hours(h) => (h, MAX_DAYS * 24, "hours"),
        Duration::Months(m) => (i64::from(m), 1_200, "months"),
    };
    if (0..=max).contains(&value) {
        Ok(duration)
    } else {
        Err(format!(
            "{value} {unit} is not a duration (expected 0 to {max})"
        ))
    }
}

pub(super) fn percent_value(v: &toml::Value) -> Option<Decimal> {
    let d = match v {
        toml::Value::Integer(i) => Decimal::from(*i),
        toml::Value::String(s) => s.trim().parse().ok()?,
        _ => return None,
    };
    (Decimal::ZERO..=Decimal::ONE_HUNDRED)
        .contains(&d)
        .then_some(d)
}

fn override_value(current: ParamValue, text: &str) -> Result<ParamValue, String> {
    let whole = || -> Result<i64, String> {
        text.trim()
            .parse::<i64>()
            .map_err(|_| format!("`{text}` is not a whole number"))
    };
    Ok(match current {
        ParamValue::Duration(Duration::Days(_)) => {
            ParamValue::Duration(bounded(Duration::Days(whole()?))?)
        }
        ParamValue::Duration(Duration::Hours(_)) => {
            ParamValue::Duration(bounded(Duration::Hours(whole()?))?)
        }
        ParamValue::Duration(Duration::Months(_)) => {
            ParamValue::Duration(bounded(Duration::Months(
                u32::try_from(whole()?)
                    .map_err(|_| format!("`{text}` is not a number of months"))?,
            ))?)
        }
        ParamValue::Amount(m) => {
            ParamValue::Amount(Money::exact(crate::money::parse_price(text)?, m.currency)?)
        }
        ParamValue::Percent(_) => ParamValue::Percent(
            percent_value(&toml::Value::String(text.to_owned()))
                .ok_or_else(|| format!("`{text}` is not a percentage from 0 to 100"))?,
        ),
        ParamValue::Season(_) => {
            return Err("seasons cannot be overridden from the configuration".to_owned());
        }
    })
}
