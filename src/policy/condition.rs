//! The condition language: one typed test per string, checked against the fact vocabulary.
//!
//! ```text
//! days_since_delivery <= return_window     compare a fact with a literal or a parameter
//! seller in [amazon, fba]                  membership (also `not in`)
//! evidence contains photos                 sets (also `lacks`)
//! return_window is open                    deadlines: is open | is closed | is reached | is not reached
//! ```

use std::collections::BTreeMap;
use std::ops::Range;

use crate::case::{Fact, FactType};
use crate::money::{Currency, Money};
use crate::policy::model::{Condition, Duration, Op, Operand, Param, Test, WindowTest, param};

/// What a condition may refer to besides facts.
#[derive(Debug, Clone, Copy)]
pub struct Scope<'a> {
    pub params: &'a BTreeMap<String, Param>,
    pub deadlines: &'a [String],
    pub evidence: &'a [String],
    /// The ids of the policy's seller kinds.
    pub sellers: &'a [&'a str],
    /// Whether the policy has a membership programme (the `prime` fact needs one).
    pub membership: bool,
    pub currency: Currency,
}

/// A parse error: a byte range within the condition text, and a message.
pub type ParseError = (Range<usize>, String);

/// A word of the condition and where it starts.
#[derive(Debug, Clone, Copy)]
struct Token<'a> {
    text: &'a str,
    at: usize,
}

impl Token<'_> {
    fn range(&self) -> Range<usize> {
        self.at..self.at + self.text.len()
    }
}

fn tokenize(text: &str) -> Vec<Token<'_>> {
    let mut tokens = Vec::new();
    let mut start = None;
    let is_punct = |c: char| matches!(c, '[' | ']' | ',');
    for (i, c) in text.char_indices() {
        if c.is_whitespace() || is_punct(c) {
            if let Some(s) = start.take() {
                tokens.push(Token {
                    text: &text[s..i],
                    at: s,
                });
            }
            if is_punct(c) {
                tokens.push(Token {
                    text: &text[i..i + 1],
                    at: i,
                });
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(s) = start {
        tokens.push(Token {
            text: &text[s..],
            at: s,
        });
    }
    tokens
}

/// Parses and type-checks one condition.
pub fn parse(text: &str, scope: &Scope<'_>) -> Result<Condition, ParseError> {
    let tokens = tokenize(text);
    let Some(subject) = tokens.first() else {
        return Err((0..text.len(), "empty condition".to_owned()));
    };
    let rest = &tokens[1..];
    let test = if let Some(deadline) = scope.deadlines.iter().position(|d| d == subject.text) {
        parse_window(deadline, subject, rest, text)?
    } else if let Some(fact) = Fact::from_name(subject.text) {
        if fact == Fact::Prime && !scope.membership {
            return Err((
                subject.range(),
                "`prime` is a delivery under the membership programme: declare it in [membership] first".to_owned(),
            ));
        }
        parse_fact_test(fact, subject, rest, text, scope)?
    } else {
        let mut names: Vec<&str> = Fact::names().collect();
        names.extend(scope.deadlines.iter().map(String::as_str));
        return Err((
            subject.range(),
            format!(
                "unknown fact `{}`{}",
                subject.text,
                crate::suggest::did_you_mean(subject.text, names)
            ),
        ));
    };
    let text = text.trim();
    let (subject, test_text) = text.split_once(char::is_whitespace).unwrap_or((text, ""));
    Ok(Condition {
        text: text.to_owned(),
        subject: subject.to_owned(),
        test_text: test_text.trim().to_owned(),
        test,
    })
}

fn end_range(text: &str) -> Range<usize> {
    text.len()..text.len() + 1
}

fn parse_window(
    deadline: usize,
    subject: &Token<'_>,
    rest: &[Token<'_>],
    text: &str,
) -> Result<Test, ParseError> {
    let words: Vec<&str> = rest.iter().map(|t| t.text).collect();
    let test = match words.as_slice() {
        ["is", "open"] => WindowTest::Open,
        ["is", "closed"] => WindowTest::Closed,
        ["is", "reached"] => WindowTest::Reached,
        ["is", "not", "reached"] => WindowTest::NotReached,
        _ => {
            let range = rest
                .first()
                .map_or_else(|| end_range(text), |t| t.at..text.len());
            return Err((
                range,
                format!(
                    "`{}` is a deadline: test it with `is open`, `is closed`, `is reached` or `is not reached`",
                    subject.text
                ),
            ));
        }
    };
    Ok(Test::Window { deadline, test })
}

fn parse_op(token: &Token<'_>) -> Option<Op> {
    Some(match token.text {
        "==" => Op::Eq,
        "!=" => Op::Ne,
        "<" => Op::Lt,
        "<=" => Op::Le,
        ">" => Op::Gt,
        ">=" => Op::Ge,
        _ => return None,
    })
}

fn parse_fact_test(
    fact: Fact,
    subject: &Token<'_>,
    rest: &[Token<'_>],
    text: &str,
    scope: &Scope<'_>,
) -> Result<Test, ParseError> {
    let ty = fact.ty();
    let Some(first) = rest.first() else {
        return Err((
            end_range(text),
            format!("`{}` needs a test, e.g. {}", fact.name(), example(ty)),
        ));
    };
    match first.text {
        "in" => return parse_in(fact, false, &rest[1..], text, scope),
        "not" if rest.get(1).is_some_and(|t| t.text == "in") => {
            return parse_in(fact, true, &rest[2..], text, scope);
        }
        "contains" | "lacks" => {
            if ty != FactType::Set {
                return Err((
                    first.range(),
                    format!(
                        "`{}` only applies to evidence; `{}` is not a set",
                        first.text,
                        fact.name()
                    ),
                ));
            }
            let [word] = &rest[1..] else {
                return Err((
                    first.at..text.len(),
                    format!("`{}` takes one evidence name", first.text),
                ));
            };
            if !scope.evidence.iter().any(|e| e == word.text) {
                return Err((
                    word.range(),
                    format!(
                        "unknown evidence `{}`{}",
                        word.text,
                        crate::suggest::did_you_mean(
                            word.text,
                            scope.evidence.iter().map(String::as_str)
                        )
                    ),
                ));
            }
            return Ok(Test::Contains {
                fact,
                word: word.text.to_owned(),
                negated: first.text == "lacks",
            });
        }
        _ => {}
    }
    let Some(op) = parse_op(first) else {
        return Err((
            first.range(),
            format!(
                "expected an operator (==, !=, <, <=, >, >=, in, not in) after `{}`, found `{}`",
                subject.text, first.text
            ),
        ));
    };
    let [value] = &rest[1..] else {
        let range = rest
            .get(1)
            .map_or_else(|| end_range(text), |t| t.at..text.len());
        return Err((
            range,
            format!(
                "`{} {}` needs one value, e.g. {}",
                fact.name(),
                op.symbol(),
                example(ty)
            ),
        ));
    };
    let ordered = matches!(op, Op::Lt | Op::Le | Op::Gt | Op::Ge);
    let operand = match ty {
        FactType::Days => days_operand(value, scope)?,
        FactType::Money => money_operand(value, scope)?,
        FactType::Count => Operand::Count(value.text.parse().map_err(|_| {
            (
                value.range(),
                format!("`{}` is not a whole number", value.text),
            )
        })?),
        FactType::Bool => match value.text {
            "true" => Operand::Bool(true),
            "false" => Operand::Bool(false),
            _ => {
                return Err((
                    value.range(),
                    format!("`{}` is true or false, not `{}`", fact.name(), value.text),
                ));
            }
        },
        FactType::Word(words) => Operand::Word(vocabulary_word(fact, words, value)?),
        FactType::SellerKind => Operand::Word(vocabulary_word(fact, scope.sellers, value)?),
        FactType::Text => Operand::Word(value.text.to_owned()),
        FactType::Set => {
            return Err((
                first.range(),
                format!("`{}` is a set: use `contains` or `lacks`", fact.name()),
            ));
        }
    };
    let unordered = matches!(
        ty,
        FactType::Bool | FactType::Word(_) | FactType::SellerKind | FactType::Text
    );
    if ordered && unordered {
        return Err((
            first.range(),
            format!(
                "`{}` cannot be compared with `{}`: use == or !=",
                fact.name(),
                op.symbol()
            ),
        ));
    }
    Ok(Test::Compare { fact, op, operand })
}

fn parse_in(
    fact: Fact,
    negated: bool,
    rest: &[Token<'_>],
    text: &str,
    scope: &Scope<'_>,
) -> Result<Test, ParseError> {
    let ty = fact.ty();
    if !matches!(
        ty,
        FactType::Word(_) | FactType::SellerKind | FactType::Text
    ) {
        let range = rest
            .first()
            .map_or_else(|| end_range(text), |t| t.at..text.len());
        return Err((
            range,
            format!("`in` applies to words; `{}` is not one", fact.name()),
        ));
    }
    let (Some(open), Some(close)) = (rest.first(), rest.last()) else {
        return Err((
            end_range(text),
            "expected a list, e.g. [retailer, third-party]".to_owned(),
        ));
    };
    if open.text != "[" || close.text != "]" || rest.len() < 2 {
        return Err((
            open.at..text.len(),
            "expected a list in brackets, e.g. [retailer, third-party]".to_owned(),
        ));
    }
    let mut words = Vec::new();
    for token in rest[1..rest.len() - 1].iter().filter(|t| t.text != ",") {
        let word = match ty {
            FactType::Word(valid) => vocabulary_word(fact, valid, token)?,
            FactType::SellerKind => vocabulary_word(fact, scope.sellers, token)?,
            _ => token.text.to_owned(),
        };
        words.push(word);
    }
    Ok(Test::In {
        fact,
        words,
        negated,
    })
}

fn vocabulary_word(fact: Fact, valid: &[&str], token: &Token<'_>) -> Result<String, ParseError> {
    let word = token.text.replace('_', "-");
    if valid.contains(&word.as_str()) {
        Ok(word)
    } else {
        Err((
            token.range(),
            format!(
                "`{}` is not a valid {}{} (expected one of: {})",
                token.text,
                fact.name(),
                crate::suggest::did_you_mean(&word, valid.iter().copied()),
                valid.join(", ")
            ),
        ))
    }
}

fn days_operand(value: &Token<'_>, scope: &Scope<'_>) -> Result<Operand, ParseError> {
    if let Ok(n) = value.text.parse::<i64>() {
        return Ok(Operand::Days(Duration::Days(n)));
    }
    param::<Duration>(scope.params, value.text)
        .map(Operand::Days)
        .map_err(|e| (value.range(), e))
}

fn money_operand(value: &Token<'_>, scope: &Scope<'_>) -> Result<Operand, ParseError> {
    if value.text.starts_with(|c: char| c.is_ascii_digit()) {
        let amount = crate::money::parse_amount(value.text).map_err(|e| (value.range(), e))?;
        return Ok(Operand::Money(Money::new(amount, scope.currency)));
    }
    param::<Money>(scope.params, value.text)
        .map(Operand::Money)
        .map_err(|e| (value.range(), e))
}

fn example(ty: FactType) -> &'static str {
    match ty {
        FactType::Days => "`>= 30` or `<= return_window`",
        FactType::Money => "`<= 15.00` or `<= returnless_max`",
        FactType::Count => "`>= 2`",
        FactType::Bool => "`== true`",
        FactType::Word(_) => "`== major` or `in [retailer, third-party]`",
        FactType::SellerKind => "`== amazon` or `in [amazon, fba]`",
        FactType::Text => "`== electronics`",
        FactType::Set => "`contains photos`",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::model::{Param, ParamValue};

    fn scope_with<'a>(
        params: &'a BTreeMap<String, Param>,
        deadlines: &'a [String],
        evidence: &'a [String],
    ) -> Scope<'a> {
        Scope {
            params,
            deadlines,
            evidence,
            sellers: &["amazon", "fba", "third-party"],
            membership: true,
            currency: "EUR".parse().unwrap_or_else(|_| unreachable!()),
        }
    }

    fn params() -> BTreeMap<String, Param> {
        let mut m = BTreeMap::new();
        m.insert(
            "return_window".to_owned(),
            Param {
                name: "return_window".into(),
                value: ParamValue::Duration(Duration::Days(30)),
                source: None,
                confidence: None,
                note: None,
                overridden: false,
            },
        );
        m
    }

    #[test]
    fn parses_each_form() {
        let p = params();
        let deadlines = vec!["a_to_z_last".to_owned()];
        let evidence = vec!["photos".to_owned()];
        let scope = scope_with(&p, &deadlines, &evidence);
        for text in [
            "days_since_delivery <= return_window",
            "days_late >= 1",
            "seller in [amazon, fba]",
            "seller not in [third-party]",
            "severity == major",
            "prime == true",
            "item_value <= 15.00",
            "evidence contains photos",
            "a_to_z_last is not reached",
        ] {
            assert!(
                parse(text, &scope).is_ok(),
                "{text}: {:?}",
                parse(text, &scope)
            );
        }
    }

    #[test]
    fn errors_point_at_the_culprit() {
        let p = params();
        let deadlines = vec![];
        let evidence = vec![];
        let scope = scope_with(&p, &deadlines, &evidence);
        let (range, msg) = parse("days_since_delivry <= 30", &scope)
            .err()
            .unwrap_or_default();
        assert_eq!(range, 0..18);
        assert!(msg.contains("did you mean `days_since_delivery`"), "{msg}");
        let (range, msg) = parse("days_late >= retrn_window", &scope)
            .err()
            .unwrap_or_default();
        assert_eq!(range, 13..25);
        assert!(msg.contains("did you mean `return_window`"), "{msg}");
        let (_, msg) = parse("seller == amazn", &scope).err().unwrap_or_default();
        assert!(msg.contains("did you mean `amazon`"), "{msg}");
        let (_, msg) = parse("severity > minor", &scope).err().unwrap_or_default();
        assert!(msg.contains("cannot be compared"), "{msg}");
        let (_, msg) = parse("prime == yes", &scope).err().unwrap_or_default();
        assert!(msg.contains("true or false"), "{msg}");
    }
}
