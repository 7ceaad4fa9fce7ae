//! `[messages]`: the templates of every letter, per language, problem and ladder level, and
//! the other texts that use placeholders (explanations, steps).

use std::collections::{BTreeMap, BTreeSet};

use toml::Spanned;

use super::{Builder, letter_name, message_name, text_name};
use crate::lang::Lang;
use crate::policy::model::LadderLevel;
use crate::policy::raw::{Key, RawLetter, RawMessage, RawPolicy};
use crate::policy::template::{self, Templates};
use crate::suggest::did_you_mean;
use crate::vocab::Problem;

impl Builder<'_> {
    pub(super) fn messages(
        &mut self,
        raw: &BTreeMap<Key, BTreeMap<Key, RawMessage>>,
        levels: &[&str],
        rules_and_channels: &[&str],
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
                if levels.contains(&k.as_str()) {
                    self.error(
                        key.span(),
                        format!("the letters of ladder level `{k}` go in [letters.{lang}.{k}.default] (or .PROBLEM)"),
                    );
                    continue;
                }
                if k != "default"
                    && Problem::from_word(k).is_none()
                    && !rules_and_channels.contains(&k.as_str())
                {
                    let names = std::iter::once("default")
                        .chain(Problem::ALL.iter().map(|p| p.word()))
                        .chain(rules_and_channels.iter().copied());
                    self.error(
                        key.span(),
                        format!(
                            "unknown message key `{k}`: use `default`, a problem kind, a rule id or a channel id{}",
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

    /// `[fragments.LANG]`: texts letters include by `LANG/NAME`, the same names in every
    /// language. Compiled first, so letters can include them.
    pub(super) fn fragments(
        &mut self,
        raw: &BTreeMap<Key, BTreeMap<Key, Spanned<String>>>,
        templates: &mut Templates,
        known: &dyn Fn(&str) -> Result<(), String>,
    ) {
        let mut names: BTreeMap<Lang, BTreeSet<String>> = BTreeMap::new();
        for (lang, fragments) in raw {
            let Some(lang) = self.declared_language(lang) else {
                continue;
            };
            for (name, text) in fragments {
                let full = format!("{lang}/{}", name.get_ref());
                if self.checked {
                    self.add_fragment(templates, full, text, known);
                } else {
                    templates.note_deadlines(text.get_ref());
                    templates.add_checked(full, text.get_ref().clone(), true);
                }
                names
                    .entry(lang)
                    .or_default()
                    .insert(name.get_ref().clone());
            }
        }
        let all: BTreeSet<String> = names.values().flatten().cloned().collect();
        for lang in self.languages.clone() {
            let have = names.get(&lang).cloned().unwrap_or_default();
            for missing in all.difference(&have) {
                self.error_in_file(format!(
                    "[fragments.{lang}] has no `{missing}`, which another language has"
                ));
            }
        }
    }

    /// Compiles a fragment and checks its placeholders, with errors at their positions.
    fn add_fragment(
        &mut self,
        templates: &mut Templates,
        full: String,
        text: &Spanned<String>,
        known: &dyn Fn(&str) -> Result<(), String>,
    ) {
        if let Err(e) = templates.add_fragment(full.clone(), text.get_ref().clone()) {
            let inner = e.range().unwrap_or(0..1);
            self.error_in(&text.span(), inner, format!("template error: {e}"));
            return;
        }
        for (placeholder, why) in templates.unknown_placeholders(&full, known) {
            let inner = text
                .get_ref()
                .find(&placeholder)
                .map_or(0..1, |at| at..at + placeholder.len());
            self.error_in(&text.span(), inner, why);
        }
    }

    /// `[letters.LANG.LEVEL.PROBLEM]` or `.default`: the letter of each level beyond the first
    /// message, for every problem the level applies to, in every language.
    pub(super) fn letters(
        &mut self,
        raw: &BTreeMap<Key, BTreeMap<Key, BTreeMap<Key, RawLetter>>>,
        ladder: &[LadderLevel],
        covered: &[Problem],
        rules: &[&str],
        templates: &mut Templates,
        known: &dyn Fn(&str) -> Result<(), String>,
    ) {
        let level_ids: Vec<&str> = ladder.iter().skip(1).map(|l| l.id.as_str()).collect();
        for (lang, levels) in raw {
            let Some(lang) = self.declared_language(lang) else {
                continue;
            };
            for (level, letters) in levels {
                let Some(index) =
                    self.reference(level, &level_ids, "ladder level (beyond the first message)")
                else {
                    continue;
                };
                let rung = &ladder[index + 1];
                for (key, letter) in letters {
                    let k = key.get_ref();
                    if k != "default" && !rules.contains(&k.as_str()) {
                        match Problem::from_word(k) {
                            Some(p) if !covered.contains(&p) => {
                                self.error(
                                    key.span(),
                                    format!("letter for `{p}`, which the policy does not cover"),
                                );
                                continue;
                            }
                            Some(p) if !rung.applies_to(p) => {
                                self.error(key.span(), format!("letter for `{p}`, but level `{}` does not apply to it (see its `problems`)", rung.id));
                                continue;
                            }
                            Some(_) => {}
                            None => {
                                let names = std::iter::once("default")
                                    .chain(covered.iter().map(|p| p.word()))
                                    .chain(rules.iter().copied());
                                self.error(key.span(), format!("unknown letter key `{k}`: use `default`, a problem kind or a rule id{}", did_you_mean(k, names)));
                                continue;
                            }
                        }
                    }
                    for (part, text) in [("subject", &letter.subject), ("body", &letter.body)] {
                        self.add_template(
                            templates,
                            letter_name(lang, &rung.id, k, part),
                            text,
                            known,
                        );
                    }
                }
            }
        }
        for lang in self.languages.clone() {
            for rung in ladder.iter().skip(1) {
                for problem in covered.iter().filter(|p| rung.applies_to(**p)) {
                    let has = |key: &str| templates.has(&letter_name(lang, &rung.id, key, "body"));
                    if !has(problem.word()) && !has("default") {
                        self.error_in_file(format!(
                            "no letter for level `{}` and problem `{problem}` in `{lang}`: add [letters.{lang}.{}.{problem}] or [letters.{lang}.{}.default]",
                            rung.id, rung.id, rung.id
                        ));
                    }
                }
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
