//! Loading a policy file: TOML → raw structs → a validated [`Policy`], or every problem found,
//! each at `file:line:column` with a suggestion where a close name exists.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use toml::Spanned;

use crate::case::{Anchor, DeliveryMode, Input};
use crate::lang::Lang;
use crate::money::{Currency, Money};
use crate::policy::condition::{self, Scope};
use crate::policy::model::{self, *};
use crate::policy::raw::*;
use crate::policy::template::{self, Templates};
use crate::source::{Diagnostics, Level, SourceText};
use crate::suggest::did_you_mean;
use crate::vocab::{Problem, RemedyKind};

/// How old a source may be before `policy check` warns, in months.
const STALE_SOURCE_MONTHS: u32 = 18;

/// Options for loading.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// Parameter overrides from the user's configuration, per policy id: name → value as
    /// text. Those of the loaded policy's id apply.
    pub overrides: BTreeMap<String, BTreeMap<String, String>>,
    /// Warn about sources older than 18 months as of this date.
    pub today: Option<NaiveDate>,
    pub builtin: bool,
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
    let mut cx = Builder {
        src: &src,
        diags: Diagnostics::default(),
    };
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

struct Builder<'a> {
    src: &'a SourceText,
    diags: Diagnostics,
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

impl Builder<'_> {
    fn error(&mut self, span: Range<usize>, msg: impl Into<String>) {
        let d = self.src.diagnostic(Level::Error, Some(span), msg);
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

    fn build(&mut self, raw: RawPolicy, options: &LoadOptions) -> Option<Policy> {
        let currency = match raw.policy.currency.get_ref().parse::<Currency>() {
            Ok(c) => Some(c),
            Err(e) => {
                self.error(raw.policy.currency.span(), e);
                None
            }
        };
        let language = self.language(&raw.policy.language);
        let mut languages: Vec<Lang> = raw
            .policy
            .languages
            .iter()
            .filter_map(|l| self.language(l))
            .collect();
        let language = language?;
        if languages.is_empty() {
            languages.push(language);
        } else if !languages.contains(&language) {
            self.error(
                raw.policy.language.span(),
                format!("the default language `{language}` is not in `languages`"),
            );
        }
        let currency = currency?;
        let policy_id = raw.policy.id.get_ref().clone();
        if policy_id.is_empty()
            || !policy_id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-')
        {
            self.error(
                raw.policy.id.span(),
                "a policy id uses letters, digits and dashes, e.g. `amazon-fr`",
            );
        }

        let sources = self.sources(&raw.sources, options.today);
        let source_ids: Vec<String> = sources.iter().map(|s| s.id.clone()).collect();
        let no_overrides = BTreeMap::new();
        let overrides = options.overrides.get(&policy_id).unwrap_or(&no_overrides);
        let params = self.params(&raw.params, &source_ids, currency, overrides);
        let evidence = self.catalogue(&raw.evidence, &languages, "evidence");
        let steps = self.catalogue(&raw.steps, &languages, "step");
        let evidence_ids: Vec<String> = evidence.keys().cloned().collect();
        let problems = self.problems(&raw.problems, &languages);
        let deadline_ids: Vec<String> = raw.deadlines.keys().map(|k| k.get_ref().clone()).collect();
        let scope = Scope {
            params: &params,
            deadlines: &deadline_ids,
            evidence: &evidence_ids,
            currency,
        };
        let no_deadlines: Vec<String> = Vec::new();
        let deadline_scope = Scope {
            deadlines: &no_deadlines,
            ..scope
        };
        let deadlines = self.deadlines(&raw.deadlines, &deadline_scope, &languages);
        let legal = self.legal(&raw.legal, &source_ids, &languages);
        let legal_ids: Vec<&str> = legal.iter().map(|l| l.id.as_str()).collect();
        let routes = self.routes(&raw.routes, &scope, &steps);
        let rules = self.rules(
            &raw.rules,
            &scope,
            &legal_ids,
            &steps,
            &source_ids,
            &languages,
        );
        let remedies = self.remedies(&raw.remedies, &languages, &rules);
        let ladder = self.ladder(&raw.ladder, &params, &languages);
        for problem in Problem::ALL {
            if !rules.iter().any(|r| r.problems.contains(problem)) {
                self.warn_or_error_missing_problem(*problem);
            }
        }
        let assume = Assumptions {
            prime: raw.assume.prime,
            condition: raw.assume.condition,
        };

        let mut templates = Templates::default();
        let param_values: BTreeMap<&str, String> = params
            .iter()
            .map(|(n, p)| (n.as_str(), p.value.number()))
            .collect();
        templates.add_global("params", &param_values);
        let param_names: Vec<&str> = params.keys().map(String::as_str).collect();
        let deadline_names: Vec<&str> = deadline_ids.iter().map(String::as_str).collect();
        let known = |path: &str| template::check_placeholder(path, &deadline_names, &param_names);
        let level_ids: Vec<&str> = ladder.iter().map(|l| l.id.as_str()).collect();
        self.messages(
            &raw.messages,
            &languages,
            &level_ids,
            &mut templates,
            &known,
        );
        self.text_templates(&raw, &mut templates, &known);

        let tests = self.tests(&raw.tests, &rules, &routes, &deadline_ids);

        Some(Policy {
            id: policy_id,
            name: raw.policy.name,
            version: raw.policy.version,
            marketplaces: raw.policy.marketplaces,
            jurisdiction: raw.policy.jurisdiction,
            currency,
            language,
            languages,
            sources,
            params,
            assume,
            problems,
            deadlines,
            laws: Problem::ALL
                .iter()
                .map(|p| {
                    let citations = legal
                        .iter()
                        .filter(|l| l.problems.contains(p))
                        .map(|l| l.citation.clone());
                    (*p, minijinja::Value::from_iter(citations))
                })
                .collect(),
            legal,
            evidence,
            steps,
            remedies,
            routes,
            rules,
            ladder,
            templates,
            tests,
            source: SourceText::new("", ""),
            builtin: false,
        })
    }

    fn warn_or_error_missing_problem(&mut self, problem: Problem) {
        let d = self.src.diagnostic(
            Level::Error,
            None,
            format!("problem kind `{problem}` has no rule: add a [[rules]] entry covering it"),
        );
        self.diags.push(d);
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
    fn declared_language(&mut self, code: &Spanned<String>, languages: &[Lang]) -> Option<Lang> {
        let lang = self.language(code)?;
        if languages.contains(&lang) {
            return Some(lang);
        }
        let codes: Vec<&str> = languages.iter().map(|l| l.code()).collect();
        self.error(
            code.span(),
            format!(
                "language `{lang}` is not declared in [policy] languages{}",
                did_you_mean(lang.code(), codes)
            ),
        );
        None
    }

    fn texts(
        &mut self,
        raw: &RawTexts,
        languages: &[Lang],
        what: &str,
        at: Option<Range<usize>>,
    ) -> Texts {
        let mut texts = BTreeMap::new();
        for (lang, text) in raw {
            if let Some(lang) = self.declared_language(lang, languages) {
                texts.insert(lang, text.get_ref().clone());
            }
        }
        let span = at.or_else(|| raw.keys().next().map(Spanned::span));
        for lang in languages {
            if !texts.contains_key(lang) {
                let d = self.src.diagnostic(
                    Level::Error,
                    span.clone(),
                    format!("{what} has no `{lang}` text"),
                );
                self.diags.push(d);
            }
        }
        Texts(texts)
    }

    fn sources(&mut self, raw: &BTreeMap<Key, RawSource>, today: Option<NaiveDate>) -> Vec<Source> {
        let mut out = Vec::new();
        for (id, s) in raw {
            let retrieved = s.retrieved.get_ref().0;
            if let Some(today) = today
                && crate::date::add_months(retrieved, STALE_SOURCE_MONTHS) < today
            {
                self.warn(
                        Some(s.retrieved.span()),
                        format!("source `{}` was retrieved on {retrieved}, more than {STALE_SOURCE_MONTHS} months ago: check it is still current", id.get_ref()),
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

    fn params(
        &mut self,
        raw: &BTreeMap<Key, Spanned<RawParam>>,
        sources: &[String],
        currency: Currency,
        overrides: &BTreeMap<String, String>,
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
            let value = if let Some(d) = p.days {
                ParamValue::Duration(Duration::Days(d))
            } else if let Some(h) = p.hours {
                ParamValue::Duration(Duration::Hours(h))
            } else if let Some(m) = p.months {
                ParamValue::Duration(Duration::Months(m))
            } else if let Some(a) = &p.amount {
                match crate::money::parse_amount(a.get_ref()) {
                    Ok(amount) => ParamValue::Amount(Money::new(amount, currency)),
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
                    Err(e) => {
                        let d = self.src.diagnostic(
                            Level::Error,
                            None,
                            format!("configuration override of `{name}`: {e}"),
                        );
                        self.diags.push(d);
                    }
                },
                None => {
                    let d = self.src.diagnostic(
                        Level::Warning,
                        None,
                        format!(
                            "configuration overrides unknown parameter `{name}`{}",
                            did_you_mean(name, out.keys().map(String::as_str))
                        ),
                    );
                    self.diags.push(d);
                }
            }
        }
        out
    }

    fn catalogue(
        &mut self,
        raw: &BTreeMap<Key, RawTexts>,
        languages: &[Lang],
        what: &str,
    ) -> BTreeMap<String, Texts> {
        raw.iter()
            .map(|(id, texts)| {
                let t = self.texts(
                    texts,
                    languages,
                    &format!("{what} `{}`", id.get_ref()),
                    Some(id.span()),
                );
                (id.get_ref().clone(), t)
            })
            .collect()
    }

    fn problems(
        &mut self,
        raw: &BTreeMap<Spanned<Problem>, RawProblem>,
        languages: &[Lang],
    ) -> BTreeMap<Problem, ProblemInfo> {
        let mut out = BTreeMap::new();
        for (problem, p) in raw {
            let what = format!("problem `{}`", problem.get_ref());
            let info = ProblemInfo {
                delivery: match p.delivered {
                    RawDelivery::Implied => DeliveryMode::Implied,
                    RawDelivery::Asked => DeliveryMode::Asked,
                },
                label: self.texts(
                    &p.label,
                    languages,
                    &format!("{what} label"),
                    Some(problem.span()),
                ),
                description: self.texts(
                    &p.description,
                    languages,
                    &format!("{what} description"),
                    Some(problem.span()),
                ),
            };
            out.insert(*problem.get_ref(), info);
        }
        for problem in Problem::ALL {
            if !out.contains_key(problem) {
                let d = self.src.diagnostic(
                    Level::Error,
                    None,
                    format!("[problems.{problem}] is missing: every problem kind needs a label and a description"),
                );
                self.diags.push(d);
            }
        }
        out
    }

    fn conditions(&mut self, raw: &[Spanned<String>], scope: &Scope<'_>) -> Vec<Condition> {
        let mut out = Vec::new();
        for c in raw {
            match condition::parse(c.get_ref(), scope) {
                Ok(cond) => out.push(cond),
                Err((range, msg)) => self.error_in(&c.span(), range, msg),
            }
        }
        out
    }

    fn deadlines(
        &mut self,
        raw: &BTreeMap<Key, RawDeadline>,
        scope: &Scope<'_>,
        languages: &[Lang],
    ) -> Vec<Deadline> {
        let mut out = Vec::new();
        for (id, d) in raw {
            let mut from = Vec::new();
            for a in &d.from {
                match Anchor::from_name(a.get_ref()) {
                    Some(anchor) => from.push(anchor),
                    None => self.error(
                        a.span(),
                        format!(
                            "unknown date `{}`{} (expected one of: {})",
                            a.get_ref(),
                            did_you_mean(a.get_ref(), Anchor::ALL.iter().map(|a| a.name())),
                            Anchor::ALL
                                .iter()
                                .map(|a| a.name())
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    ),
                }
            }
            if d.from.is_empty() {
                self.error(
                    id.span(),
                    format!(
                        "deadline `{}` needs at least one date in `from`",
                        id.get_ref()
                    ),
                );
            }
            let add = match scope.params.get(d.add.get_ref()).map(|p| p.value) {
                Some(ParamValue::Duration(dur)) => Some(dur),
                Some(other) => {
                    self.error(
                        d.add.span(),
                        format!(
                            "parameter `{}` is a {}, not a duration",
                            d.add.get_ref(),
                            other.kind()
                        ),
                    );
                    None
                }
                None => {
                    self.error(
                        d.add.span(),
                        format!(
                            "unknown parameter `{}`{}",
                            d.add.get_ref(),
                            did_you_mean(d.add.get_ref(), scope.params.keys().map(String::as_str))
                        ),
                    );
                    None
                }
            };
            let extend = d.extend.as_ref().and_then(|e| {
                match scope.params.get(e.get_ref()).map(|p| p.value) {
                    Some(ParamValue::Season(s)) => Some(s),
                    _ => {
                        self.error(
                            e.span(),
                            format!(
                                "`extend` names a season parameter; `{}` is not one",
                                e.get_ref()
                            ),
                        );
                        None
                    }
                }
            });
            let when = self.conditions(&d.when, scope);
            let label = self.texts(
                &d.label,
                languages,
                &format!("deadline `{}` label", id.get_ref()),
                Some(id.span()),
            );
            if let Some(add) = add {
                out.push(Deadline {
                    id: id.get_ref().clone(),
                    kind: match d.kind {
                        RawDeadlineKind::Window => DeadlineKind::Window,
                        RawDeadlineKind::Milestone => DeadlineKind::Milestone,
                    },
                    label,
                    from,
                    add,
                    add_param: d.add.get_ref().clone(),
                    extend,
                    when,
                    problems: d.problems.clone(),
                });
            }
        }
        out
    }

    fn ladder(
        &mut self,
        raw: &[RawLevel],
        params: &BTreeMap<String, Param>,
        languages: &[Lang],
    ) -> Vec<model::Level> {
        let mut out: Vec<model::Level> = Vec::new();
        for level in raw {
            let id = level.id.get_ref().clone();
            if out.iter().any(|l| l.id == id) {
                self.error(level.id.span(), format!("duplicate ladder level `{id}`"));
            }
            let wait =
                level
                    .wait
                    .as_ref()
                    .and_then(|w| match params.get(w.get_ref()).map(|p| p.value) {
                        Some(ParamValue::Duration(d)) => Some(d),
                        _ => {
                            self.error(
                                w.span(),
                                format!(
                                    "`wait` names a duration parameter; `{}` is not one{}",
                                    w.get_ref(),
                                    did_you_mean(w.get_ref(), params.keys().map(String::as_str))
                                ),
                            );
                            None
                        }
                    });
            let label = self.texts(
                &level.label,
                languages,
                &format!("ladder level `{id}` label"),
                Some(level.id.span()),
            );
            let guidance = level.guidance.as_ref().map(|g| {
                self.texts(
                    g,
                    languages,
                    &format!("ladder level `{id}` guidance"),
                    Some(level.id.span()),
                )
            });
            out.push(model::Level {
                id,
                label,
                wait,
                guidance,
            });
        }
        out
    }

    fn legal(
        &mut self,
        raw: &BTreeMap<Key, RawLegal>,
        sources: &[String],
        languages: &[Lang],
    ) -> Vec<LegalRef> {
        let mut out = Vec::new();
        for (id, l) in raw {
            let summary = self.texts(
                &l.summary,
                languages,
                &format!("legal reference `{}`", id.get_ref()),
                Some(id.span()),
            );
            let source = self.source_ref(l.source.as_ref(), sources);
            out.push(LegalRef {
                id: id.get_ref().clone(),
                citation: l.citation.clone(),
                summary,
                problems: l.problems.clone(),
                source,
            });
        }
        out
    }

    fn refs(&mut self, keys: &[Key], known: &[&str], what: &str) -> Vec<String> {
        let mut out = Vec::new();
        for k in keys {
            if known.contains(&k.get_ref().as_str()) {
                out.push(k.get_ref().clone());
            } else {
                self.error(
                    k.span(),
                    format!(
                        "unknown {what} `{}`{}",
                        k.get_ref(),
                        did_you_mean(k.get_ref(), known.iter().copied())
                    ),
                );
            }
        }
        out
    }

    fn routes(
        &mut self,
        raw: &[RawRoute],
        scope: &Scope<'_>,
        steps: &BTreeMap<String, Texts>,
    ) -> Vec<Route> {
        let step_ids: Vec<&str> = steps.keys().map(String::as_str).collect();
        let mut out: Vec<Route> = Vec::new();
        for r in raw {
            if out.iter().any(|x| x.id == *r.id.get_ref()) {
                self.error(
                    r.id.span(),
                    format!("duplicate route id `{}`", r.id.get_ref()),
                );
            }
            let when = self.conditions(&r.when, scope);
            let steps = self.refs(&r.steps, &step_ids, "step");
            out.push(Route {
                id: r.id.get_ref().clone(),
                when,
                channel: r.channel,
                steps,
            });
        }
        match raw.last() {
            Some(last) if !last.when.is_empty() => self.error(
                last.id.span(),
                "the last route must have no conditions (`when = []`): it is the channel when no other route applies",
            ),
            None => {
                let d = self.src.diagnostic(Level::Error, None, "the policy has no [[routes]]: at least one route (the default channel) is needed");
                self.diags.push(d);
            }
            _ => {}
        }
        out
    }

    fn rules(
        &mut self,
        raw: &[Spanned<RawRule>],
        scope: &Scope<'_>,
        legal_ids: &[&str],
        steps: &BTreeMap<String, Texts>,
        sources: &[String],
        languages: &[Lang],
    ) -> Vec<Rule> {
        let step_ids: Vec<&str> = steps.keys().map(String::as_str).collect();
        let evidence_ids: Vec<&str> = scope.evidence.iter().map(String::as_str).collect();
        let mut out: Vec<Rule> = Vec::new();
        for spanned in raw {
            let r = spanned.get_ref();
            let id = r.id.get_ref().clone();
            if out.iter().any(|x| x.id == id) {
                self.error(r.id.span(), format!("duplicate rule id `{id}`"));
            }
            if r.problems.get_ref().is_empty() {
                self.error(r.problems.span(), format!("rule `{id}` covers no problem"));
            }
            let when = self.conditions(&r.when, scope);
            let any = self.conditions(&r.any, scope);
            let amount = self.amount(&r.amount, scope);
            match (r.return_required, &r.return_paid_by) {
                (true, None) => self.error(
                    r.id.span(),
                    format!("rule `{id}` requires a return: say who pays it with `return_paid_by`"),
                ),
                (false, Some(p)) => self.error(
                    p.span(),
                    "`return_paid_by` without `return_required = true`",
                ),
                _ => {}
            }
            let legal = self
                .refs(&r.legal, legal_ids, "legal reference")
                .iter()
                .filter_map(|l| legal_ids.iter().position(|x| x == l))
                .collect();
            let evidence = self.refs(&r.evidence, &evidence_ids, "evidence");
            let steps = self.refs(&r.steps, &step_ids, "step");
            let source = self.source_ref(r.source.as_ref(), sources);
            let explanation = self.texts(
                &r.explanation,
                languages,
                &format!("rule `{id}` explanation"),
                Some(r.id.span()),
            );
            out.push(Rule {
                id,
                problems: r.problems.get_ref().clone(),
                when,
                any,
                remedy: r.remedy,
                basis: r.basis,
                amount: amount.unwrap_or(AmountFormula::None),
                return_required: r.return_required,
                return_paid_by: r.return_paid_by.as_ref().map(|p| *p.get_ref()),
                channel: r.channel,
                priority: r.priority,
                legal,
                evidence,
                steps,
                source,
                explanation,
            });
        }
        out
    }

    fn amount(&mut self, raw: &Spanned<toml::Value>, scope: &Scope<'_>) -> Option<AmountFormula> {
        const HELP: &str = "an amount is \"full\", \"order\", \"shipping\", \"none\", { percent = N or \"param\", max = \"param\" } or { fixed = \"param\" }";
        let span = raw.span();
        match raw.get_ref() {
            toml::Value::String(s) => match s.as_str() {
                "full" => Some(AmountFormula::Full),
                "order" => Some(AmountFormula::Order),
                "shipping" => Some(AmountFormula::Shipping),
                "none" => Some(AmountFormula::None),
                other => {
                    self.error(
                        span,
                        format!(
                            "unknown amount `{other}`{}; {HELP}",
                            did_you_mean(other, ["full", "order", "shipping", "none"])
                        ),
                    );
                    None
                }
            },
            toml::Value::Table(t) => {
                if let Some(unknown) = t
                    .keys()
                    .find(|k| !["percent", "max", "fixed"].contains(&k.as_str()))
                {
                    self.error(span, format!("unknown key `{unknown}` in amount; {HELP}"));
                    return None;
                }
                let param_money = |b: &mut Self, v: &toml::Value| -> Option<Money> {
                    match v {
                        toml::Value::String(name) => {
                            match scope.params.get(name).map(|p| p.value) {
                                Some(ParamValue::Amount(m)) => Some(m),
                                _ => {
                                    b.error(
                                        span.clone(),
                                        format!(
                                            "`{name}` is not an amount parameter{}",
                                            did_you_mean(
                                                name,
                                                scope.params.keys().map(String::as_str)
                                            )
                                        ),
                                    );
                                    None
                                }
                            }
                        }
                        _ => {
                            b.error(
                                span.clone(),
                                "name an amount parameter, e.g. \"goodwill_credit\"",
                            );
                            None
                        }
                    }
                };
                match (t.get("percent"), t.get("max"), t.get("fixed")) {
                    (Some(p), max, None) => {
                        let percent = match p {
                            toml::Value::String(name) => {
                                match scope.params.get(name).map(|p| p.value) {
                                    Some(ParamValue::Percent(v)) => Some(v),
                                    _ => {
                                        self.error(
                                            span.clone(),
                                            format!(
                                                "`{name}` is not a percent parameter{}",
                                                did_you_mean(
                                                    name,
                                                    scope.params.keys().map(String::as_str)
                                                )
                                            ),
                                        );
                                        None
                                    }
                                }
                            }
                            other => percent_value(other).or_else(|| {
                                self.error(span.clone(), "a percentage is a number from 0 to 100");
                                None
                            }),
                        }?;
                        let max = match max {
                            Some(m) => Some(param_money(self, m)?),
                            None => None,
                        };
                        Some(AmountFormula::Percent { percent, max })
                    }
                    (None, None, Some(f)) => param_money(self, f).map(AmountFormula::Fixed),
                    _ => {
                        self.error(span, HELP);
                        None
                    }
                }
            }
            _ => {
                self.error(span, HELP);
                None
            }
        }
    }

    fn remedies(
        &mut self,
        raw: &BTreeMap<Spanned<RemedyKind>, RawTexts>,
        languages: &[Lang],
        rules: &[Rule],
    ) -> BTreeMap<RemedyKind, Texts> {
        let mut out = BTreeMap::new();
        for (kind, texts) in raw {
            let t = self.texts(
                texts,
                languages,
                &format!("remedy `{}` phrase", kind.get_ref()),
                Some(kind.span()),
            );
            out.insert(*kind.get_ref(), t);
        }
        let used: BTreeSet<RemedyKind> = rules.iter().map(|r| r.remedy).collect();
        for kind in used {
            if !out.contains_key(&kind) {
                let d = self.src.diagnostic(
                    Level::Error,
                    None,
                    format!("[remedies] has no phrase for `{kind}`, which a rule offers: messages need it"),
                );
                self.diags.push(d);
            }
        }
        out
    }

    fn add_template(
        &mut self,
        templates: &mut Templates,
        name: String,
        text: &Spanned<String>,
        known: &dyn Fn(&str) -> Result<(), String>,
    ) {
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

    fn messages(
        &mut self,
        raw: &BTreeMap<Key, BTreeMap<Key, RawMessage>>,
        languages: &[Lang],
        levels: &[&str],
        templates: &mut Templates,
        known: &dyn Fn(&str) -> Result<(), String>,
    ) {
        let mut keys_by_lang: BTreeMap<Lang, BTreeSet<String>> = BTreeMap::new();
        for (lang, entries) in raw {
            let Some(lang) = self.declared_language(lang, languages) else {
                continue;
            };
            for (key, m) in entries {
                let k = key.get_ref();
                if k != "default" && k.parse::<Problem>().is_err() && !levels.contains(&k.as_str())
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
        for lang in languages {
            let have = keys_by_lang.get(lang).cloned().unwrap_or_default();
            for missing in all.difference(&have) {
                let d = self.src.diagnostic(
                    Level::Error,
                    None,
                    format!("[messages.{lang}] has no `{missing}`, which another language has"),
                );
                self.diags.push(d);
            }
            if !have.contains("default.body") && !all.contains("default.body") {
                let d = self.src.diagnostic(Level::Error, None, format!("[messages.{lang}.default] is missing: it holds the subject and body of first messages"));
                self.diags.push(d);
            }
        }
    }

    /// Explanations, steps and labels may use placeholders too: compile those that do.
    fn text_templates(
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

    fn tests(
        &mut self,
        raw: &[Spanned<RawTest>],
        rules: &[Rule],
        routes: &[Route],
        deadlines: &[String],
    ) -> Vec<PolicyTest> {
        let rule_ids: Vec<&str> = rules.iter().map(|r| r.id.as_str()).collect();
        let route_ids: Vec<&str> = routes.iter().map(|r| r.id.as_str()).collect();
        let mut out = Vec::new();
        for spanned in raw {
            let t = spanned.get_ref();
            let e = &t.expect;
            let check_id =
                |b: &mut Self, id: &Option<Spanned<String>>, known: &[&str], what: &str| {
                    if let Some(id) = id
                        && !known.contains(&id.get_ref().as_str())
                    {
                        b.error(
                            id.span(),
                            format!(
                                "unknown {what} `{}`{}",
                                id.get_ref(),
                                did_you_mean(id.get_ref(), known.iter().copied())
                            ),
                        );
                    }
                };
            check_id(self, &e.rule, &rule_ids, "rule");
            check_id(self, &e.route, &route_ids, "route");
            let mut missing = Vec::new();
            for m in &e.missing {
                match Input::from_name(m.get_ref()) {
                    Some(i) => missing.push(i),
                    None => self.error(
                        m.span(),
                        format!(
                            "unknown fact `{}`{}",
                            m.get_ref(),
                            did_you_mean(m.get_ref(), Input::ALL.iter().map(|i| i.name()))
                        ),
                    ),
                }
            }
            let mut expected_deadlines = BTreeMap::new();
            for (id, date) in &e.deadline {
                if !deadlines.contains(id.get_ref()) {
                    self.error(
                        id.span(),
                        format!(
                            "unknown deadline `{}`{}",
                            id.get_ref(),
                            did_you_mean(id.get_ref(), deadlines.iter().map(String::as_str))
                        ),
                    );
                }
                expected_deadlines.insert(id.get_ref().clone(), date.0);
            }
            let amount =
                e.amount
                    .as_ref()
                    .and_then(|a| match crate::money::parse_amount(a.get_ref()) {
                        Ok(v) => Some(v),
                        Err(msg) => {
                            self.error(a.span(), msg);
                            None
                        }
                    });
            out.push(PolicyTest {
                name: t.name.clone(),
                line: self.src.line_col(spanned.span().start).0,
                today: t.today.0,
                case: t.case.clone(),
                expect: Expectation {
                    status: e.status,
                    remedy: e.remedy,
                    basis: e.basis,
                    rule: e.rule.as_ref().map(|r| r.get_ref().clone()),
                    route: e.route.as_ref().map(|r| r.get_ref().clone()),
                    channel: e.channel,
                    alternatives: e.alternatives.clone(),
                    missing,
                    return_required: e.return_required,
                    return_paid_by: e.return_paid_by,
                    amount,
                    deadlines: expected_deadlines,
                },
            });
        }
        out
    }
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
    let lang = lang
        .parse::<Lang>()
        .map_err(|e| Diagnostics(vec![src.diagnostic(Level::Error, None, e.to_string())]))?;
    let name = message_name(lang, key, part);
    let mut b = Builder {
        src,
        diags: Diagnostics::default(),
    };
    if !policy.templates.has(&name) {
        let d = src.diagnostic(
            Level::Error,
            None,
            format!(
                "policy {} has no `{key}.{part}` message in `{lang}` to override",
                policy.id
            ),
        );
        return Err(Diagnostics(vec![d]));
    }
    let deadline_names: Vec<&str> = policy.deadlines.iter().map(|d| d.id.as_str()).collect();
    let param_names: Vec<&str> = policy.params.keys().map(String::as_str).collect();
    let known = |path: &str| template::check_placeholder(path, &deadline_names, &param_names);
    // The whole file is the template: a span covering it, with no quotes to skip.
    let whole = Spanned::new(
        0..src.text.len(),
        src.text.trim_end_matches('\n').to_owned(),
    );
    b.add_template(&mut policy.templates, name, &whole, &known);
    if b.diags.has_errors() {
        Err(b.diags)
    } else {
        Ok(())
    }
}

/// The template name of a message part.
pub fn message_name(lang: Lang, key: &str, part: &str) -> String {
    format!("message:{lang}:{key}:{part}")
}

/// The template name of a rule explanation or a step text.
pub fn text_name(kind: &str, id: &str, lang: Lang) -> String {
    format!("{kind}:{id}:{lang}")
}

fn percent_value(v: &toml::Value) -> Option<Decimal> {
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
        ParamValue::Duration(Duration::Days(_)) => ParamValue::Duration(Duration::Days(whole()?)),
        ParamValue::Duration(Duration::Hours(_)) => ParamValue::Duration(Duration::Hours(whole()?)),
        ParamValue::Duration(Duration::Months(_)) => ParamValue::Duration(Duration::Months(
            u32::try_from(whole()?).map_err(|_| format!("`{text}` is not a number of months"))?,
        )),
        ParamValue::Amount(m) => {
            ParamValue::Amount(Money::new(crate::money::parse_price(text)?, m.currency))
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
