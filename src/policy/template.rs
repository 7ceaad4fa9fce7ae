//! The texts of a policy that hold placeholders (`{{ order.id }}`), compiled once with
//! minijinja in strict mode: an unknown placeholder is a load error, and a placeholder with no
//! value fails the render instead of printing an empty string or `none`.

use std::collections::BTreeSet;
use std::fmt;

use minijinja::{Environment, Error, ErrorKind, UndefinedBehavior, Value};
use serde::Serialize;

use crate::limits::{MAX_RENDERED_BYTES, TEMPLATE_FUEL};

/// The placeholders a template may use: a root, and for structured roots their fields.
/// `deadlines.*` and `params.*` take the policy's own deadline and parameter names.
pub const PLACEHOLDERS: &[(&str, &[&str])] = &[
    ("order", &["id", "date", "total"]),
    ("item", &["title", "asin", "value", "price", "quantity"]),
    ("problem", &["kind", "label", "statement"]),
    (
        "remedy",
        &[
            "rule",
            "kind",
            "label",
            "phrase",
            "amount",
            "basis",
            "return_required",
            "return_paid_by_seller",
        ],
    ),
    (
        "dates",
        &[
            "ordered",
            "promised",
            "delivered",
            "contacted_seller",
            "returned",
        ],
    ),
    ("deadlines", &[]),
    ("params", &[]),
    ("days_late", &[]),
    ("evidence", &[]),
    ("legal", &[]),
    ("today", &[]),
    ("signature", &[]),
    ("contact", &[]),
    ("address", &[]),
    ("seller", &[]),
    ("laws", &[]),
    ("level", &["number", "id", "label"]),
    ("timeline", &[]),
    ("reply_deadline", &[]),
    ("enclosures", &[]),
    ("recipient", &[]),
    ("place", &[]),
    ("seller_role", &[]),
    ("arrived", &[]),
    ("shipped", &[]),
    ("withdrawal", &[]),
    ("previous", &["date", "deadline", "expired"]),
    ("terminated", &[]),
];

/// What a template writes, refused past [`MAX_RENDERED_BYTES`].
#[derive(Default)]
struct Bounded {
    bytes: Vec<u8>,
    full: bool,
}

impl std::io::Write for Bounded {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.bytes.len() + buf.len() > MAX_RENDERED_BYTES {
            self.full = true;
            return Err(std::io::Error::from(std::io::ErrorKind::FileTooLarge));
        }
        self.bytes.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A policy's templates as sources: texts without placeholders, templates compiled on first
/// use (each sorted by name, so that the same policy always gives the same bytes), and the
/// deadlines they read.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(crate) struct TemplateSources {
    pub plain: Vec<(String, String)>,
    pub lazy: Vec<(String, String)>,
    pub used_deadlines: BTreeSet<String>,
}

/// Sources compiled on first use, by name (shared with the engine's loader).
type Lazy = std::sync::Arc<std::sync::RwLock<std::collections::HashMap<String, String>>>;

/// Compiled templates, by name. Those of a policy already checked (a built-in) are compiled
/// on first use: a command renders a handful of a policy's hundreds.
pub struct Templates {
    env: Environment<'static>,
    lazy: Lazy,
    /// The deadlines some template reads: the only ones worth formatting per case.
    used_deadlines: BTreeSet<String>,
    /// Texts without placeholders, returned as they are.
    plain: std::collections::HashMap<String, String>,
    /// The names of the templates compiled when they were added (not on first use).
    compiled: std::collections::HashSet<String>,
}

impl fmt::Debug for Templates {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Templates").finish_non_exhaustive()
    }
}

impl Default for Templates {
    fn default() -> Self {
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::SemiStrict);
        env.set_keep_trailing_newline(false);
        env.set_formatter(|out, state, value| {
            if value.is_none() || value.is_undefined() {
                return Err(Error::new(
                    ErrorKind::UndefinedError,
                    "a placeholder has no value here: guard it with {% if … %}",
                ));
            }
            minijinja::escape_formatter(out, state, value)
        });
        env.add_filter("lowerfirst", lower_first);
        env.add_filter("cite", cite);
        env.set_fuel(Some(TEMPLATE_FUEL));
        let lazy = Lazy::default();
        let sources = lazy.clone();
        env.set_loader(move |name| {
            let sources = sources
                .read()
                .map_err(|_| Error::new(ErrorKind::InvalidOperation, "template store poisoned"))?;
            Ok(sources.get(name).cloned())
        });
        Templates {
            env,
            lazy,
            used_deadlines: BTreeSet::new(),
            plain: std::collections::HashMap::new(),
            compiled: std::collections::HashSet::new(),
        }
    }
}

/// The `lowerfirst` filter: the first letter in lower case, the rest untouched
/// ("Photos of the A-to-z form" → "photos of the A-to-z form"). On a list, each item.
fn lower_first(value: Value) -> Value {
    fn one(s: &str) -> String {
        let mut chars = s.chars();
        chars
            .next()
            .map_or_else(String::new, |c| c.to_lowercase().chain(chars).collect())
    }
    match value.as_str() {
        Some(s) => Value::from(one(s)),
        None => match value.try_iter() {
            Ok(items) => Value::from_iter(
                items.map(|v| v.as_str().map_or(v.clone(), |s| Value::from(one(s)))),
            ),
            Err(_) => value,
        },
    }
}

/// The `cite` filter: citations of one code grouped after it, the groups joined by `sep`
/// ("Code de la consommation, art. L216-1, L216-6 ; Code civil, art. 1231-6").
fn cite(value: Value, sep: Option<String>) -> Result<String, Error> {
    let sep = sep.unwrap_or_else(|| "; ".to_owned());
    let mut groups: Vec<(String, Vec<String>)> = Vec::new();
    for item in value.try_iter()? {
        let text = item
            .as_str()
            .map_or_else(|| item.to_string(), str::to_owned);
        let (code, article) = match text.split_once(", art. ") {
            Some((code, article)) => (code.to_owned(), Some(article.to_owned())),
            None => (text.clone(), None),
        };
        match (
            groups.iter_mut().find(|(c, a)| *c == code && !a.is_empty()),
            article,
        ) {
            (Some((_, articles)), Some(article)) => articles.push(article),
            (_, Some(article)) => groups.push((code, vec![article])),
            (_, None) => groups.push((code, Vec::new())),
        }
    }
    Ok(groups
        .iter()
        .map(|(code, articles)| {
            if articles.is_empty() {
                code.clone()
            } else {
                format!("{code}, art. {}", articles.join(", "))
            }
        })
        .collect::<Vec<_>>()
        .join(&sep))
}

/// Whether a text needs the template engine at all.
pub fn is_template(text: &str) -> bool {
    text.as_bytes().contains(&b'{')
        && (text.contains("{{") || text.contains("{%") || text.contains("{#"))
}

impl Templates {
    /// Compiles a template under a name, replacing any template of that name.
    pub fn add(&mut self, name: String, source: String) -> Result<(), Error> {
        self.forget_lazy(&name);
        if is_template(&source) {
            self.plain.remove(&name);
            self.compile(name, source)
        } else {
            self.env.remove_template(&name);
            self.compiled.remove(&name);
            self.plain.insert(name, source);
            Ok(())
        }
    }

    /// Compiles a template now, noting its name (asking the engine for a missing name
    /// would go through the loader and build an error: [`Templates::has`] is asked often).
    fn compile(&mut self, name: String, source: String) -> Result<(), Error> {
        self.env.add_template_owned(name.clone(), source)?;
        self.compiled.insert(name);
        Ok(())
    }

    /// Compiles a text other templates include (`{% include "fr/letterhead" %}`): kept in the
    /// engine even without placeholders.
    pub fn add_fragment(&mut self, name: String, source: String) -> Result<(), Error> {
        self.forget_lazy(&name);
        self.plain.remove(&name);
        self.compile(name, source)
    }

    /// Keeps a template that passed its checks before (a built-in policy's) to compile on
    /// first use; a fragment (`fragment`) stays a template even without placeholders.
    pub fn add_checked(&mut self, name: String, source: String, fragment: bool) {
        if !fragment && !is_template(&source) {
            self.plain.insert(name, source);
            return;
        }
        self.plain.remove(&name);
        self.env.remove_template(&name);
        self.compiled.remove(&name);
        if let Ok(mut lazy) = self.lazy.write() {
            lazy.insert(name, source);
        }
    }

    fn forget_lazy(&mut self, name: &str) {
        if let Ok(mut lazy) = self.lazy.write() {
            lazy.remove(name);
        }
    }

    pub fn has(&self, name: &str) -> bool {
        self.plain.contains_key(name)
            || self.compiled.contains(name)
            || self.lazy.read().is_ok_and(|l| l.contains_key(name))
    }

    /// Records the deadlines a template's text reads (`deadlines.ID`), without analysing it:
    /// for templates already checked.
    pub fn note_deadlines(&mut self, text: &str) {
        for (at, _) in text.match_indices("deadlines.") {
            let rest = &text[at + "deadlines.".len()..];
            let end = rest
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(rest.len());
            if end > 0 {
                self.used_deadlines.insert(rest[..end].to_owned());
            }
        }
    }

    /// The placeholders a template uses that `known` rejects, with the reason.
    pub fn unknown_placeholders(
        &mut self,
        name: &str,
        known: &dyn Fn(&str) -> Result<(), String>,
    ) -> Vec<(String, String)> {
        let Ok(template) = self.env.get_template(name) else {
            return Vec::new();
        };
        let used: BTreeSet<String> = template.undeclared_variables(true).into_iter().collect();
        self.used_deadlines.extend(
            used.iter()
                .filter_map(|v| v.strip_prefix("deadlines."))
                .map(|d| d.split('.').next().unwrap_or(d).to_owned()),
        );
        used.into_iter()
            .filter_map(|v| known(&v).err().map(|why| (v, why)))
            .collect()
    }

    /// Whether some template reads this deadline.
    pub fn uses_deadline(&self, id: &str) -> bool {
        self.used_deadlines.contains(id)
    }

    /// Renders a template with a context.
    ///
    /// A template that runs more than [`TEMPLATE_FUEL`] steps or writes more than
    /// [`MAX_RENDERED_BYTES`] stops with an error saying so.
    pub fn render(&self, name: &str, ctx: Value) -> Result<String, Error> {
        if let Some(text) = self.plain.get(name) {
            return Ok(text.clone());
        }
        let mut out = Bounded::default();
        let rendered = self
            .env
            .get_template(name)?
            .render_captured_to(ctx, &mut out);
        match rendered {
            Err(e) if e.kind() == ErrorKind::OutOfFuel => Err(Error::new(
                ErrorKind::InvalidOperation,
                format!(
                    "the template runs more than {TEMPLATE_FUEL} steps (a loop that never ends?)"
                ),
            )),
            Err(_) if out.full => Err(Error::new(
                ErrorKind::InvalidOperation,
                format!(
                    "the template writes more than {}",
                    crate::limits::size(MAX_RENDERED_BYTES as u64)
                ),
            )),
            Err(e) => Err(e),
            // The engine writes only whole UTF-8 strings.
            Ok(_) => Ok(String::from_utf8(out.bytes)
                .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())),
        }
    }

    /// The sources of a built-in's templates, which it compiles on first use, sorted by name,
    /// with the deadlines they read; `None` when some were compiled as they were added (their
    /// sources live in the engine only). See [`crate::policy::snapshot`].
    pub(crate) fn sources(&self) -> Option<TemplateSources> {
        if !self.compiled.is_empty() {
            return None;
        }
        fn sorted(map: &std::collections::HashMap<String, String>) -> Vec<(String, String)> {
            let mut pairs: Vec<(String, String)> =
                map.iter().map(|(n, t)| (n.clone(), t.clone())).collect();
            pairs.sort_unstable();
            pairs
        }
        Some(TemplateSources {
            plain: sorted(&self.plain),
            lazy: sorted(&*self.lazy.read().ok()?),
            used_deadlines: self.used_deadlines.clone(),
        })
    }

    /// Templates from their sources (see [`Templates::sources`]).
    pub(crate) fn from_sources(sources: TemplateSources) -> Templates {
        let templates = Templates {
            plain: sources.plain.into_iter().collect(),
            used_deadlines: sources.used_deadlines,
            ..Templates::default()
        };
        if let Ok(mut lazy) = templates.lazy.write() {
            lazy.extend(sources.lazy);
        }
        templates
    }

    /// Makes a value visible to every template under a name (the policy's `params`).
    pub fn add_global<S: Serialize>(&mut self, name: &'static str, value: &S) {
        self.env.add_global(name, Value::from_serialize(value));
    }
}

/// Checks one placeholder path (`order.id`) against the vocabulary and the policy's names.
pub fn check_placeholder(path: &str, deadlines: &[&str], params: &[&str]) -> Result<(), String> {
    let (root, field) = match path.split_once('.') {
        Some((r, f)) => (r, Some(f)),
        None => (path, None),
    };
    let Some((_, fields)) = PLACEHOLDERS.iter().find(|(r, _)| *r == root) else {
        let roots = PLACEHOLDERS.iter().map(|(r, _)| *r);
        return Err(format!(
            "unknown placeholder `{root}`{}",
            crate::suggest::did_you_mean(root, roots)
        ));
    };
    let Some(field) = field else { return Ok(()) };
    let field = field.split('.').next().unwrap_or(field);
    let names: Vec<&str> = match root {
        "deadlines" => deadlines.to_vec(),
        "params" => params.to_vec(),
        _ => fields.to_vec(),
    };
    if names.contains(&field) {
        Ok(())
    } else {
        Err(format!(
            "unknown placeholder `{root}.{field}`{}",
            crate::suggest::did_you_mean(field, names.iter().copied())
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_checked_with_suggestions() {
        assert!(check_placeholder("order.id", &[], &[]).is_ok());
        assert!(check_placeholder("deadlines.return_window", &["return_window"], &[]).is_ok());
        let err = check_placeholder("order.idd", &[], &[])
            .err()
            .unwrap_or_default();
        assert!(err.contains("did you mean `id`"), "{err}");
        let err = check_placeholder("ordr", &[], &[])
            .err()
            .unwrap_or_default();
        assert!(err.contains("did you mean `order`"), "{err}");
    }

    #[test]
    fn cite_groups_the_articles_of_each_code() {
        let laws = Value::from(vec![
            "Code de la consommation, art. L216-1",
            "Code de la consommation, art. L216-6",
            "Code civil, art. 1231-6",
            "UCC § 2-711",
        ]);
        assert_eq!(
            cite(laws, Some(" ; ".into())).ok().as_deref(),
            Some(
                "Code de la consommation, art. L216-1, L216-6 ; Code civil, art. 1231-6 ; UCC § 2-711"
            )
        );
    }

    #[test]
    fn checked_templates_compile_on_first_use_and_include_fragments() {
        let mut t = Templates::default();
        t.add_checked("fr/sig".into(), "Cordialement".into(), true);
        t.add_checked(
            "a".into(),
            "{{ order.id }} — {% include \"fr/sig\" %}".into(),
            false,
        );
        t.add_checked("plain".into(), "no placeholder".into(), false);
        assert!(t.has("a") && t.has("fr/sig") && t.has("plain") && !t.has("b"));
        let ctx = serde_json::json!({ "order": { "id": "123" } });
        assert_eq!(
            t.render("a", Value::from_serialize(&ctx)).ok().as_deref(),
            Some("123 — Cordialement")
        );
        // A user's own template replaces the lazy one.
        assert!(t.add("a".into(), "{{ order.id }}!".into()).is_ok());
        assert_eq!(
            t.render("a", Value::from_serialize(&ctx)).ok().as_deref(),
            Some("123!")
        );
    }

    #[test]
    fn a_none_value_fails_instead_of_printing() {
        let mut t = Templates::default();
        assert!(t.add("a".into(), "x{{ order.id }}y".into()).is_ok());
        let none: Option<String> = None;
        let ctx = serde_json::json!({ "order": { "id": none } });
        assert!(t.render("a", Value::from_serialize(&ctx)).is_err());
        let ctx = serde_json::json!({ "order": { "id": "123" } });
        assert_eq!(
            t.render("a", Value::from_serialize(&ctx)).ok().as_deref(),
            Some("x123y")
        );
    }
}
