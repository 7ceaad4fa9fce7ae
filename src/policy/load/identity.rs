//! `[policy]` and `[sources]`: what the policy is, in which languages and currency, and where
//! its values come from.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::Builder;
use crate::lang::Lang;
use crate::money::Currency;
use crate::policy::model::Source;
use crate::policy::raw::{Key, RawIdentity, RawSource};

/// How old a source may be before `policy check` warns, in months.
const STALE_SOURCE_MONTHS: u32 = 18;

/// What the other sections need of `[policy]`.
#[derive(Debug)]
pub(super) struct Identity {
    pub id: String,
    pub currency: Currency,
    pub language: Lang,
}

impl Builder<'_> {
    /// Reads `[policy]`; sets the policy's languages. `None` when the rest cannot be read
    /// without it (no currency, no language).
    pub(super) fn identity(&mut self, raw: &RawIdentity) -> Option<Identity> {
        let currency = match raw.currency.get_ref().parse::<Currency>() {
            Ok(c) => Some(c),
            Err(e) => {
                self.error(raw.currency.span(), e);
                None
            }
        };
        let language = self.language(&raw.language);
        self.languages = raw
            .languages
            .iter()
            .filter_map(|l| self.language(l))
            .collect();
        let language = language?;
        if self.languages.is_empty() {
            self.languages.push(language);
        } else if !self.languages.contains(&language) {
            self.error(
                raw.language.span(),
                format!("the default language `{language}` is not in `languages`"),
            );
        }
        let id = raw.id.get_ref().clone();
        if id.is_empty() || !id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
            self.error(
                raw.id.span(),
                "a policy id uses letters, digits and dashes, e.g. `amazon-fr`",
            );
        }
        Some(Identity {
            id,
            currency: currency?,
            language,
        })
    }

    /// Reads `[sources]`; warns about those older than 18 months as of `today`.
    pub(super) fn sources(
        &mut self,
        raw: &BTreeMap<Key, RawSource>,
        today: Option<NaiveDate>,
    ) -> Vec<Source> {
        let mut out = Vec::new();
        for (id, s) in raw {
            let retrieved = s.retrieved.get_ref().0;
            if let Some(today) = today
                && crate::date::add_months(retrieved, STALE_SOURCE_MONTHS) < today
            {
                self.warn(
                    Some(s.retrieved.span()),
                    format!(
                        "source `{}` was retrieved on {retrieved}, more than {STALE_SOURCE_MONTHS} months ago: check it is still current",
                        id.get_ref()
                    ),
                );
            }
            out.push(Source {
                id: id.get_ref().clone(),
                title: s.title.clone(),
                url: s.url.clone(),
                retrieved,
                confidence: s.confidence,
            });
        }
        out
    }
}
