//! Loading a policy file: TOML → raw structs → a validated [`Policy`], or every problem found,
//! each at `file:line:column` with a suggestion where a close name exists.
//!
//! One file per section of the policy (`identity`, `params`, `marketplace`, `texts`,
//! `deadlines`, `rules`, `ladder`, `messages`, `policy_tests`); this one holds what they share
//! — the diagnostics, texts per language, references by id, parameters by kind — and puts the
//! sections together.

mod deadlines;
mod identity;
mod ladder;
mod legal;
mod marketplace;
mod messages;
mod params;
mod policy_tests;
mod rules;
mod texts;

use std::collections::BTreeMap;
use std::ops::Range;

use chrono::NaiveDate;
use toml::Spanned;

use crate::lang::Lang;
use crate::policy::condition::Scope;
use crate::policy::model::{self, Policy, Texts};
use crate::policy::raw::{Key, RawPolicy, RawTexts};
use crate::policy::template::{self, Templates};
use crate::source::{Diagnostics, Level, SourceText};
use crate::suggest::did_you_mean;
use crate::vocab::Problem;

/// Options for loading.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// Parameter overrides from the user's configuration, per policy id: name → value as
    /// text. Those of the loaded policy's id apply.
    pub overrides: BTreeMap<String, BTreeMap<String, String>>,
    /// Warn about sources older than 18 months as of this date.
    pub today: Option<NaiveDate>,
    pub builtin: bool,
    /// The configuration the overrides come from: an override the policy refuses is
    /// reported at its line there.
    pub overrides_source: Option<SourceText>,
}

/// A loaded policy and the warnings found while loading it.
#[derive(Debug)]
pub struct Loaded {
    pub policy: Policy,
    pub warnings: Diagnostics,
}

/// Loads and validates a policy. On failure, every error found (and the warnings).
pub fn load(src: SourceText, options: &LoadOptions) -> Result<Loaded, Diagnostics> {
    let raw: RawPolicy = match toml::from_str(&src.text) {
        Ok(raw) => raw,
        Err(e) => {
            let mut d = Diagnostics::default();
            d.push(src.diagnostic(Level::Error, e.span(), e.message().trim_end().to_owned()));
            return Err(d);
        }
    };
    load_raw(src, raw, options)
}

/// Builds a policy from its raw sections; `src` is its text, for what quotes it.
fn load_raw(src: SourceText, raw: RawPolicy, options: &LoadOptions) -> Result<Loaded, Diagnostics> {
    let mut cx = Builder::new(&src);
    // A built-in policy passed every check when it was built (its tests load it as a file):
    // at run time, only what answers need is done.
    cx.checked = !options.builtin;
    let policy = cx.build(raw, options);
    let diags = cx.diags.sorted();
    match policy {
        Some(mut policy) if !diags.has_errors() => {
            policy.source = src;
            policy.builtin = options.builtin;
            Ok(Loaded {
                policy,
                warnings: diags,
            })
        }
        _ => Err(diags),
    }
}

/// Builds a policy from its raw sections, collecting every diagnostic.
struct Builder<'a> {
    src: &'a SourceText,
    diags: Diagnostics,
    /// The policy's languages: every text must exist in each.
    languages: Vec<Lang>,
    /// Run the checks that cannot fail for a built-in policy (placeholders, repealed
    /// citations); off for built-ins at run time.
    checked: bool,
}

/// Where the characters of a TOML string start, given the span of the whole string value.
fn content_start(text: &str, span: &Range<usize>) -> usize {
    let rest = text.get(span.start..).unwrap_or("");
    if rest.starts_with("\"\"\"") || rest.starts_with("'''") {
        let after = span.start + 3;
        let tail = text.get(after..).unwrap_or("");
        if tail.starts_with("\r\n") {
            after + 2
        } else if tail.starts_with('\n') {
            after + 1
        } else {
            after
        }
    } else if rest.starts_with('"') || rest.starts_with('\'') {
        span.start + 1
    } else {
        span.start
    }
}

impl<'a> Builder<'a> {
    fn new(src: &'a SourceText) -> Self {
        Builder {
            src,
            diags: Diagnostics::default(),
            languages: Vec::new(),
            checked: true,
        }
    }

    fn build(&mut self, raw: RawPolicy, options: &LoadOptions) -> Option<Policy> {
        let identity = self.identity(&raw.policy)?;
        let sources = self.sources(&raw.sources, options.today);
        let source_ids: Vec<String> = sources.iter().map(|s| s.id.clone()).collect();
        let no_overrides = BTreeMap::new();
        let overrides = options.overrides.get(&identity.id).unwrap_or(&no_overrides);
        let params = self.params(
            &raw.params,
            &source_ids,
            identity.currency,
            overrides,
            options
                .overrides_source
                .as_ref()
                .map(|src| (src, identity.id.as_str())),
        );
        let sellers = self.sellers(&raw.sellers);
        let channels = self.channels(&raw.channels);
        let membership = raw.membership.as_ref().map(|m| model::Membership {
            label: self.texts(&m.label, "[membership] label", None),
        });
        let evidence = self.texts_by_id(&raw.evidence, "evidence");
        let steps = self.texts_by_id(&raw.steps, "step");
        let evidence_ids: Vec<String> = evidence.keys().cloned().collect();
        let problems = self.problems(&raw.problems);
        let deadline_ids: Vec<String> = raw.deadlines.keys().map(|k| k.get_ref().clone()).collect();
        let seller_ids: Vec<&str> = sellers.iter().map(|s| s.id.as_str()).collect();
        let scope = Scope {
            params: &params,
            deadlines: &deadline_ids,
            evidence: &evidence_ids,
            sellers: &seller_ids,
            membership: membership.is_some(),
            currency: identity.currency,
        };
        // Deadlines may not test other deadlines.
        let deadlines = self.deadlines(
            &raw.deadlines,
            &Scope {
                deadlines: &[],
                ..scope
            },
        );
        let ladder = self.ladder(&raw.ladder, &params);
        let legal = self.legal(&raw.legal, &source_ids, &scope, &ladder);
        let repealed = self.repealed(&raw.repealed);
        let routes = self.routes(&raw.routes, &scope, &steps, &channels);
        let rules = self.rules(&raw.rules, &scope, &legal, &steps, &source_ids, &channels);
        self.covered(&rules, &problems, &raw);
        let rule_names: Vec<&str> = rules.iter().map(|r| r.id.as_str()).collect();
        self.skipped_rules(&raw.ladder, &rule_names);
        let remedies = self.remedies(&raw.remedies, &rules, membership.is_some());

        let mut templates = Templates::default();
        add_params(&mut templates, &params);
        let param_names: Vec<&str> = params.keys().map(String::as_str).collect();
        let deadline_names: Vec<&str> = deadline_ids.iter().map(String::as_str).collect();
        let known = |path: &str| template::check_placeholder(path, &deadline_names, &param_names);
        let level_ids: Vec<&str> = ladder.iter().map(|l| l.id.as_str()).collect();
        let covered: Vec<Problem> = problems.keys().copied().collect();
        self.fragments(&raw.fragments, &mut templates, &known);
        let rule_ids: Vec<&str> = rules
            .iter()
            .map(|r| r.id.as_str())
            .chain(channels.iter().map(|c| c.id.as_str()))
            .collect();
        self.messages(
            &raw.messages,
            &level_ids,
            &rule_ids,
            &covered,
            &mut templates,
            &known,
        );
        self.letters(
            &raw.letters,
            &ladder,
            &covered,
            &rule_names,
            &mut templates,
            &known,
        );
        self.text_templates(&raw, &mut templates, &known);

        let tests = self.tests(
            &raw.tests,
            &rules,
            &routes,
            &channels,
            &deadline_ids,
            &ladder,
        );
        Some(Policy {
            id: identity.id,
            name: raw.policy.name,
            version: raw.policy.version,
            marketplaces: raw.policy.marketplaces,
            jurisdiction: raw.policy.jurisdiction,
            currency: identity.currency,
            language: identity.language,
            languages: self.languages.clone(),
            sources,
            params,
            assume: model::Assumptions {
                prime: raw.assume.prime,
                condition: raw.assume.condition,
            },
            problems,
            sellers,
            channels,
            membership,
            deadlines,
            legal,
            repealed,
            evidence,
            steps,
            remedies,
            routes,
            rules,
            ladder,
            templates,
            tests: model::Tests::new(tests),
            source: SourceText::new("", ""),
            builtin: false,
        })
    }

    fn error(&mut self, span: Range<usize>, msg: impl Into<String>) {
        let d = self.src.diagnostic(Level::Error, Some(span), msg);
        self.diags.push(d);
    }

    /// An error about the file as a whole (a section that is missing).
    fn error_in_file(&mut self, msg: impl Into<String>) {
        let d = self.src.diagnostic(Level::Error, None, msg);
        self.diags.push(d);
    }

    fn warn(&mut self, span: Option<Range<usize>>, msg: impl Into<String>) {
        let d = self.src.diagnostic(Level::Warning, span, msg);
        self.diags.push(d);
    }

    /// An error inside a string value, at an offset range of its content.
    fn error_in(&mut self, value_span: &Range<usize>, inner: Range<usize>, msg: impl Into<String>) {
        let start = content_start(&self.src.text, value_span) + inner.start;
        self.error(start..start + inner.len().max(1), msg);
    }

    /// The parameter a key names, of the type the key needs, or an error at the key.
    fn param<T: model::ParamType>(
        &mut self,
        params: &BTreeMap<String, model::Param>,
        name: &Spanned<String>,
    ) -> Option<T> {
        match model::param::<T>(params, name.get_ref()) {
            Ok(value) => Some(value),
            Err(why) => {
                self.error(name.span(), why);
                None
            }
        }
    }

    /// A language code, or an error at its position.
    fn language(&mut self, code: &Spanned<String>) -> Option<Lang> {
        match code.get_ref().parse::<Lang>() {
            Ok(lang) => Some(lang),
            Err(e) => {
                self.error(code.span(), e.to_string());
                None
            }
        }
    }

    /// A language of the policy, or an error at its position.
    fn declared_language(&mut self, code: &Spanned<String>) -> Option<Lang> {
        let lang = self.language(code)?;
        if self.languages.contains(&lang) {
            return Some(lang);
        }
        let codes: Vec<&str> = self.languages.iter().map(|l| l.code()).collect();
        self.error(
            code.span(),
            format!(
                "language `{lang}` is not declared in [policy] languages{}",
                did_you_mean(lang.code(), codes)
            ),
        );
        None
    }

    /// A text in every language of the policy; `what` names it in errors.
    fn texts(&mut self, raw: &RawTexts, what: &str, at: Option<Range<usize>>) -> Texts {
        let mut texts = BTreeMap::new();
        for (lang, text) in raw {
            if let Some(lang) = self.declared_language(lang) {
                texts.insert(lang, text.get_ref().clone());
            }
        }
        let span = at.or_else(|| raw.keys().next().map(Spanned::span));
        for lang in self.languages.clone() {
            if !texts.contains_key(&lang) {
                let d = self.src.diagnostic(
                    Level::Error,
                    span.clone(),
                    format!("{what} has no `{lang}` text"),
                );
                self.diags.push(d);
            }
        }
        Texts::from(texts)
    }

    /// A reference to a source, checked.
    fn source_ref(&mut self, key: Option<&Key>, sources: &[String]) -> Option<String> {
        let key = key?;
        if !sources.contains(key.get_ref()) {
            self.error(
                key.span(),
                format!(
                    "unknown source `{}`{}",
                    key.get_ref(),
                    did_you_mean(key.get_ref(), sources.iter().map(String::as_str))
                ),
            );
        }
        Some(key.get_ref().clone())
    }

    /// The position in `known` of each id, or an error at the ones that are not there.
    fn refs(&mut self, keys: &[Key], known: &[&str], what: &str) -> Vec<usize> {
        keys.iter()
            .filter_map(|k| self.reference(k, known, what))
            .collect()
    }

    /// The position in `known` of an id, or an error at it.
    fn reference(&mut self, key: &Key, known: &[&str], what: &str) -> Option<usize> {
        let position = known.iter().position(|k| k == key.get_ref());
        if position.is_none() {
            self.error(
                key.span(),
                format!(
                    "unknown {what} `{}`{}",
                    key.get_ref(),
                    did_you_mean(key.get_ref(), known.iter().copied())
                ),
            );
        }
        position
    }

    /// Compiles a template and checks its placeholders, with errors at their positions.
    fn add_template(
        &mut self,
        templates: &mut Templates,
        name: String,
        text: &Spanned<String>,
        known: &dyn Fn(&str) -> Result<(), String>,
    ) {
        if !self.checked {
            templates.note_deadlines(text.get_ref());
            templates.add_checked(name, text.get_ref().clone(), false);
            return;
        }
        if let Err(e) = templates.add(name.clone(), text.get_ref().clone()) {
            let inner = e.range().unwrap_or(0..1);
            let detail = e
                .detail()
                .map_or_else(|| e.kind().to_string(), str::to_owned);
            self.error_in(&text.span(), inner, format!("template error: {detail}"));
            return;
        }
        for (placeholder, why) in templates.unknown_placeholders(&name, known) {
            let inner = text
                .get_ref()
                .find(&placeholder)
                .map_or(0..1, |at| at..at + placeholder.len());
            self.error_in(&text.span(), inner, why);
        }
    }
}

/// Gives templates the policy's parameters, `{{ params.return_window }}`, as numbers.
pub(super) fn add_params(templates: &mut Templates, params: &BTreeMap<String, model::Param>) {
    let values: BTreeMap<&str, String> = params
        .iter()
        .map(|(n, p)| (n.as_str(), p.value.number()))
        .collect();
    templates.add_global("params", &values);
}

/// Replaces one of a policy's message templates with a user's own (from
/// `templates/<policy>/<lang>/<key>.<part>` in the configuration directory), checked like
/// the policy's: an unknown placeholder is an error at the file's line and column.
pub fn override_template(
    policy: &mut Policy,
    src: &SourceText,
    lang: &str,
    key: &str,
    part: &str,
) -> Result<(), Diagnostics> {
    let one = |message: String| Diagnostics(vec![src.diagnostic(Level::Error, None, message)]);
    let lang = lang.parse::<Lang>().map_err(|e| one(e.to_string()))?;
    let (first, rest) = key.split_once('.').unwrap_or((key, "default"));
    let name = if policy.level_index(first).is_some() {
        letter_name(lang, first, rest, part)
    } else {
        message_name(lang, key, part)
    };
    if !policy.templates.has(&name) {
        return Err(one(format!(
            "policy {} has no `{key}.{part}` message in `{lang}` to override",
            policy.id
        )));
    }
    let deadline_names: Vec<&str> = policy.deadlines.iter().map(|d| d.id.as_str()).collect();
    let param_names: Vec<&str> = policy.params.keys().map(String::as_str).collect();
    let known = |path: &str| template::check_placeholder(path, &deadline_names, &param_names);
    // The whole file is the template: a span covering it, with no quotes to skip.
    let whole = Spanned::new(
        0..src.text.len(),
        src.text.trim_end_matches('\n').to_owned(),
    );
    let mut b = Builder::new(src);
    b.add_template(&mut policy.templates, name, &whole, &known);
    if b.diags.has_errors() {
        Err(b.diags)
    } else {
        Ok(())
    }
}

/// The template name of a message part.
pub fn message_name(lang: Lang, key: &str, part: &str) -> String {
    name(&["message", lang.code(), key, part])
}

/// The template name of a part of a ladder level's letter, for a problem or `default`.
pub fn letter_name(lang: Lang, level: &str, key: &str, part: &str) -> String {
    name(&["letter", lang.code(), level, key, part])
}

/// The template name of a rule explanation or a step text.
pub fn text_name(kind: &str, id: &str, lang: Lang) -> String {
    name(&[kind, id, lang.code()])
}

/// Parts joined by `:` (names are looked up for every case: `format!` is several times
/// slower).
fn name(parts: &[&str]) -> String {
    let mut name = String::with_capacity(parts.iter().map(|p| p.len() + 1).sum());
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            name.push(':');
        }
        name.push_str(part);
    }
    name
}
