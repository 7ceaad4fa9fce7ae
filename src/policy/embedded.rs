//! Built-in policies in a ready-to-read form: the build script (`build.rs`) turns each
//! `policies/*.toml` into JSON, which reads several times faster than TOML at every start.
//! The TOML stays the source of truth (and what `policy show` prints).
//!
//! The raw policy keeps the position of values in `toml::Spanned` for its diagnostics. A
//! built-in policy has none at run time (its checks ran when it was built and tested), so
//! [`Unspanned`] reads a JSON value as a TOML document would be read, every span empty.

use serde::Deserialize as _;
use serde::de::value::{
    BorrowedStrDeserializer, MapDeserializer, SeqDeserializer, StrDeserializer,
};
use serde::de::{self, DeserializeSeed, Deserializer, IntoDeserializer, MapAccess, Visitor};
use serde_json::Value;

use super::raw::RawPolicy;

/// The names `toml::Spanned` asks a deserializer for (serde_spanned's private protocol).
const SPANNED: &str = "$__serde_spanned_private_Spanned";
const SPANNED_START: &str = "$__serde_spanned_private_start";
const SPANNED_END: &str = "$__serde_spanned_private_end";
const SPANNED_VALUE: &str = "$__serde_spanned_private_value";

/// The JSON form of the built-in policies, by id.
const JSON: &[(&str, &str)] = &[
    (
        "amazon-fr",
        include_str!(concat!(env!("OUT_DIR"), "/amazon-fr.json")),
    ),
    (
        "amazon-us",
        include_str!(concat!(env!("OUT_DIR"), "/amazon-us.json")),
    ),
];

/// The raw form of a built-in policy, read from its JSON form.
pub fn raw(id: &str) -> Option<Result<RawPolicy, String>> {
    let (_, json) = JSON.iter().find(|(b, _)| *b == id)?;
    Some(
        serde_json::from_str::<Value>(json)
            .map_err(|e| e.to_string())
            .and_then(|v| RawPolicy::deserialize(Unspanned(&v)).map_err(|e| e.to_string())),
    )
}

/// A JSON value read as the TOML deserializer reads a document: `Spanned` values get an
/// empty span, everything else reads as `serde_json` reads it.
#[derive(Debug, Clone, Copy)]
pub struct Unspanned<'v>(pub &'v Value);

type Error = serde_json::Error;

impl<'de, 'v> Deserializer<'de> for Unspanned<'v> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            Value::Array(items) => {
                visitor.visit_seq(SeqDeserializer::new(items.iter().map(Unspanned)))
            }
            Value::Object(map) => visitor.visit_map(MapDeserializer::new(
                map.iter().map(|(k, v)| (Key(k), Unspanned(v))),
            )),
            Value::String(s) => visitor.visit_str(s),
            Value::Bool(b) => visitor.visit_bool(*b),
            Value::Number(n) => {
                if let Some(i) = n.as_i64() {
                    visitor.visit_i64(i)
                } else if let Some(u) = n.as_u64() {
                    visitor.visit_u64(u)
                } else {
                    visitor.visit_f64(n.as_f64().unwrap_or_default())
                }
            }
            Value::Null => visitor.visit_unit(),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            Value::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        spanned_or_any(self, name, visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        match self.0 {
            Value::String(s) => visitor.visit_enum(s.as_str().into_deserializer()),
            Value::Object(map) if map.len() == 1 => visitor.visit_map(MapDeserializer::new(
                map.iter().map(|(k, v)| (Key(k), Unspanned(v))),
            )),
            _ => Err(de::Error::custom("expected an enum variant")),
        }
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct seq tuple tuple_struct map identifier ignored_any
    }
}

impl<'de, 'v> IntoDeserializer<'de, Error> for Unspanned<'v> {
    type Deserializer = Self;

    fn into_deserializer(self) -> Self {
        self
    }
}

/// A map key: a string, possibly read as a `Spanned<String>`.
#[derive(Debug, Clone, Copy)]
struct Key<'v>(&'v str);

impl<'de, 'v> Deserializer<'de> for Key<'v> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_str(self.0)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        spanned_or_any(self, name, visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_enum(StrDeserializer::<Error>::new(self.0))
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct seq tuple tuple_struct map identifier ignored_any
    }
}

impl<'de, 'v> IntoDeserializer<'de, Error> for Key<'v> {
    type Deserializer = Self;

    fn into_deserializer(self) -> Self {
        self
    }
}

/// A struct asked for: `toml::Spanned`'s private one gets an empty span around the value;
/// any other reads the value as it is.
fn spanned_or_any<'de, D, V>(value: D, name: &str, visitor: V) -> Result<V::Value, Error>
where
    D: Deserializer<'de, Error = Error>,
    V: Visitor<'de>,
{
    if name == SPANNED {
        visitor.visit_map(SpannedAccess {
            value: Some(value),
            step: 0,
        })
    } else {
        value.deserialize_any(visitor)
    }
}

/// The three entries `toml::Spanned` reads: an empty span, then the value.
struct SpannedAccess<D> {
    value: Option<D>,
    step: u8,
}

impl<'de, D: Deserializer<'de, Error = Error>> MapAccess<'de> for SpannedAccess<D> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        let key = match self.step {
            0 => SPANNED_START,
            1 => SPANNED_END,
            2 => SPANNED_VALUE,
            _ => return Ok(None),
        };
        seed.deserialize(BorrowedStrDeserializer::<Error>::new(key))
            .map(Some)
    }

    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<S::Value, Error> {
        self.step += 1;
        match self.step {
            1 | 2 => seed.deserialize(0usize.into_deserializer()),
            _ => match self.value.take() {
                Some(value) => seed.deserialize(value),
                None => Err(de::Error::custom("a spanned value read twice")),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::{builtin_ids, builtin_source};

    #[test]
    fn the_json_form_reads_as_the_toml_does() {
        for id in builtin_ids() {
            let from_json = raw(id).expect("built in").expect("reads");
            let src = builtin_source(id).expect("built in");
            let from_toml: RawPolicy = toml::from_str(&src.text).expect("parses");
            // Spans aside (empty in the JSON form), the two read the same document.
            let (json, toml) = (format!("{from_json:?}"), format!("{from_toml:?}"));
            assert!(json.contains("span: 0..0"), "{id}: no span read");
            assert!(
                strip_spans(&json) == strip_spans(&toml),
                "{id}: the JSON form differs"
            );
        }
    }

    /// Debug output with every `span: a..b` made `span: 0..0`.
    fn strip_spans(text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        while let Some(at) = rest.find("span: ") {
            out.push_str(&rest[..at + 6]);
            rest = &rest[at + 6..];
            let end = rest
                .find(|c: char| !(c.is_ascii_digit() || c == '.'))
                .unwrap_or(rest.len());
            out.push_str("0..0");
            rest = &rest[end..];
        }
        out.push_str(rest);
        out
    }
}
