//! `[messages]`: the templates of every letter, per language, problem and ladder level, and
//! the other texts that use placeholders (explanations, steps).

use std::collections::{BTreeMap, BTreeSet};

use toml::Spanned;

use super::{Builder, message_name, text_name};
use crate::lang::Lang;
use crate::policy::raw::{Key, RawMessage, RawPolicy};
use crate::policy::template::{self, Templates};
use crate::suggest::did_you_mean;
use crate::vocab::Problem;

impl Builder<'_> {
    pub(super) fn messages(
        &mut self,
        raw: &BTreeMap<Key, BTreeMap<Key, RawMessage>>,
        levels: &[&str],
        covered: &[Problem],
        templates: &mut Templates,
        known: &dyn Fn(&str) -> Result<(), String>,
    ) {
        let mut keys_by_lang: BTreeMap<Lang, BTreeSet<String>> = BTreeMap::new();
        for (lang, entries) in raw {
            let Some(lang) = self.declared_language(lang) else {
                continue;
            };
            for (key, m) in entries {
                let k = key.get_ref();
                if let Some(problem) = Problem::from_word(k)
                    && !covered.contains(&problem)
                {
                    self.error(
                        key.span(),
                        format!("message for `{problem}`, which the policy does not cover"),
                    );
                    continue;
                }
                if k != "default"
                    && Problem::from_word(k).is_none()
                    && !levels.contains(&k.as_str())
                {
                    let names = std::iter::once("default")
                        .chain(Problem::ALL.iter().map(|p| p.word()))
                        .chain(levels.iter().copied());
                    self.error(
                        key.span(),
                        format!(
                            "unknown message key `{k}`: use `default`, a problem kind or a ladder level{}",
                            did_you_mean(k, names)
                        ),
                    );
                    continue;
                }
                let mut parts = BTreeSet::new();
                for (part, text) in [
                    ("subject", &m.subject),
                    ("body", &m.body),
                    ("statement", &m.statement),
                ] {
                    if let Some(text) = text {
                        self.add_template(templates, message_name(lang, k, part), text, known);
                        parts.insert(format!("{k}.{part}"));
                    }
                }
                if k == "default" && (m.subject.is_none() || m.body.is_none()) {
                    self.error(
                        key.span(),
                        "the `default` message needs a subject and a body",
                    );
                }
                keys_by_lang.entry(lang).or_default().extend(parts);
            }
        }
        let all: BTreeSet<String> = keys_by_lang.values().flatten().cloned().collect();
        for lang in self.languages.clone() {
            let have = keys_by_lang.get(&lang).cloned().unwrap_or_default();
            for missing in all.difference(&have) {
                self.error_in_file(format!(
                    "[messages.{lang}] has no `{missing}`, which another language has"
                ));
            }
            if !have.contains("default.body") && !all.contains("default.body") {
                self.error_in_file(format!("[messages.{lang}.default] is missing: it holds the subject and body of first messages"));
            }
        }
    }

    /// Explanations, steps and labels may use placeholders too: compile those that do.
    pub(super) fn text_templates(
        &mut self,
        raw: &RawPolicy,
        templates: &mut Templates,
        known: &dyn Fn(&str) -> Result<(), String>,
    ) {
        let mut add = |b: &mut Self, name: String, text: &Spanned<String>| {
            if template::is_template(text.get_ref()) {
                b.add_template(templates, name, text, known);
            }
        };
        // Unknown language keys were reported with the texts.
        let lang = |key: &Key| key.get_ref().parse::<Lang>().ok();
        for rule in &raw.rules {
            for (key, text) in &rule.get_ref().explanation {
                if let Some(lang) = lang(key) {
                    add(
                        self,
                        text_name("rule", rule.get_ref().id.get_ref(), lang),
                        text,
                    );
                }
            }
        }
        for (id, texts) in &raw.steps {
            for (key, text) in texts {
                if let Some(lang) = lang(key) {
                    add(self, text_name("step", id.get_ref(), lang), text);
                }
            }
        }
    }
}
