//! Values written as a single word in files and JSON (a language code, a currency code, a
//! vocabulary word, an id): read from the string in place, without copying it first.

use std::fmt;
use std::marker::PhantomData;
use std::str::FromStr;

use serde::Deserializer;
use serde::de::{Error, Visitor};

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
