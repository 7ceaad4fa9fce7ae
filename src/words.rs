//! Values written as a single word in files and JSON (a language code, a currency code, a
//! vocabulary word, an id): read from the string in place, without copying it first.
//!
//! A value from a closed list ([`Closed`]) is a word in the formats people read (TOML, JSON)
//! and its position in the list in binary ones (the built-in policies' ready-made forms):
//! one byte to read instead of a word to look up.

use std::fmt;
use std::marker::PhantomData;
use std::str::FromStr;

use serde::de::{Error, Visitor};
use serde::{Deserialize, Deserializer, Serializer};

/// A value that is one of a fixed list of words.
pub trait Closed: Copy + PartialEq + 'static {
    /// Every value: a value's position here is its binary form.
    const ALL: &'static [Self];

    /// The word written in the formats people read.
    fn written(self) -> &'static str;
}

/// Writes a closed value: its word, or its position in binary formats.
pub fn serialize_closed<T: Closed, S: Serializer>(value: T, s: S) -> Result<S::Ok, S::Error> {
    if s.is_human_readable() {
        return s.serialize_str(value.written());
    }
    let position = T::ALL.iter().position(|v| *v == value);
    match position.and_then(|p| u8::try_from(p).ok()) {
        Some(p) => s.serialize_u8(p),
        None => Err(serde::ser::Error::custom("a value missing from its list")),
    }
}

/// Reads a closed value: a word (with its `FromStr`), or a position in binary formats.
pub fn deserialize_closed<'de, T, D>(d: D) -> Result<T, D::Error>
where
    T: Closed + FromStr,
    T::Err: fmt::Display,
    D: Deserializer<'de>,
{
    if d.is_human_readable() {
        return deserialize(d);
    }
    let position = u8::deserialize(d)?;
    T::ALL.get(usize::from(position)).copied().ok_or_else(|| {
        D::Error::custom(format_args!(
            "position {position} is past the {} values",
            T::ALL.len()
        ))
    })
}

/// Reads a value from a string with its `FromStr`: its error is the deserializer's.
pub fn deserialize<'de, T, D>(d: D) -> Result<T, D::Error>
where
    T: FromStr,
    T::Err: fmt::Display,
    D: Deserializer<'de>,
{
    struct Word<T>(PhantomData<T>);

    impl<T: FromStr> Visitor<'_> for Word<T>
    where
        T::Err: fmt::Display,
    {
        type Value = T;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a string")
        }

        fn visit_str<E: Error>(self, word: &str) -> Result<T, E> {
            word.parse().map_err(E::custom)
        }
    }

    d.deserialize_str(Word(PhantomData))
}

#[cfg(test)]
mod tests {
    use crate::lang::Lang;
    use crate::vocab::{Problem, Severity};

    #[test]
    fn closed_values_are_words_for_people_and_positions_in_binary() {
        for problem in Problem::ALL {
            let json = serde_json::to_string(problem).expect("json");
            assert_eq!(json, format!("\"{}\"", problem.snake()));
            assert_eq!(serde_json::from_str::<Problem>(&json).ok(), Some(*problem));
            let binary = postcard::to_allocvec(problem).expect("binary");
            assert_eq!(binary.len(), 1, "{problem:?}");
            assert_eq!(
                postcard::from_bytes::<Problem>(&binary).ok(),
                Some(*problem)
            );
        }
        for lang in Lang::ALL {
            let binary = postcard::to_allocvec(lang).expect("binary");
            assert_eq!(postcard::from_bytes::<Lang>(&binary).ok(), Some(*lang));
            let json = serde_json::to_string(lang).expect("json");
            assert_eq!(json, format!("\"{}\"", lang.code()));
        }
        let past = postcard::from_bytes::<Severity>(&[200]).expect_err("no 200th severity");
        assert!(!past.to_string().is_empty());
    }
}
