//! `[[sellers]]` and `[[channels]]`: the retailer's own words for who sells and where to ask,
//! each with the generic role the engine understands.

use super::Builder;
use crate::policy::model::{Channel, SellerKind};
use crate::policy::raw::{RawChannel, RawSeller};
use crate::vocab::Id;

impl Builder<'_> {
    pub(super) fn sellers(&mut self, raw: &[RawSeller]) -> Vec<SellerKind> {
        let mut out: Vec<SellerKind> = Vec::new();
        for s in raw {
            let Some(id) = self.declared_id(&s.id, out.iter().map(|x| &x.id), "seller") else {
                continue;
            };
            if let Some(other) = out.iter().find(|x| x.role == s.role) {
                self.error(
                    s.id.span(),
                    format!(
                        "seller `{id}` has the role `{}` of seller `{}`: each role is one kind of seller",
                        s.role, other.id
                    ),
                );
            }
            let label = self.texts(&s.label, &format!("seller `{id}` label"), Some(s.id.span()));
            out.push(SellerKind {
                id,
                role: s.role,
                label,
                recipient: s.recipient.clone(),
            });
        }
        out
    }

    pub(super) fn channels(&mut self, raw: &[RawChannel]) -> Vec<Channel> {
        let mut out: Vec<Channel> = Vec::new();
        for c in raw {
            let Some(id) = self.declared_id(&c.id, out.iter().map(|x| &x.id), "channel") else {
                continue;
            };
            let label = self.texts(
                &c.label,
                &format!("channel `{id}` label"),
                Some(c.id.span()),
            );
            out.push(Channel {
                json_id: id.snake(),
                id,
                role: c.role,
                label,
            });
        }
        if out.is_empty() {
            self.error_in_file(
                "the policy has no [[channels]]: declare at least where to ask (e.g. its customer service)",
            );
        }
        out
    }

    /// A new id: kebab-case words, not declared before.
    fn declared_id<'i>(
        &mut self,
        raw: &toml::Spanned<String>,
        mut before: impl Iterator<Item = &'i Id>,
        what: &str,
    ) -> Option<Id> {
        let text = raw.get_ref();
        let valid = !text.is_empty()
            && text
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if !valid {
            self.error(
                raw.span(),
                format!(
                    "a {what} id uses lower-case letters, digits and dashes, e.g. `third-party`"
                ),
            );
            return None;
        }
        let id = Id::new(text);
        if before.any(|x| *x == id) {
            self.error(raw.span(), format!("duplicate {what} id `{id}`"));
            return None;
        }
        Some(id)
    }
}
