//! How some values of a policy are kept in its ready-made form (see `snapshot.rs`), where
//! their usual serde form would lose something or cannot be read back by postcard.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Money kept exactly as loaded, scale included (`0` and `0.00` print differently), which its
/// JSON form (`{"amount": "0.00", …}`, the currency's decimals) does not keep.
pub mod exact_money {
    use super::{Deserialize, Deserializer, Serialize, Serializer};
    use crate::money::{Currency, Money};
    use rust_decimal::Decimal;

    pub fn serialize<S: Serializer>(money: &Money, s: S) -> Result<S::Ok, S::Error> {
        (money.amount, money.currency).serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Money, D::Error> {
        let (amount, currency) = <(Decimal, Currency)>::deserialize(d)?;
        Ok(Money { amount, currency })
    }

    /// The same for an optional amount.
    pub mod option {
        use super::{Deserialize, Deserializer, Serialize, Serializer};
        use crate::money::{Currency, Money};
        use rust_decimal::Decimal;

        pub fn serialize<S: Serializer>(money: &Option<Money>, s: S) -> Result<S::Ok, S::Error> {
            money.map(|m| (m.amount, m.currency)).serialize(s)
        }

        pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Money>, D::Error> {
            let kept = Option::<(Decimal, Currency)>::deserialize(d)?;
            Ok(kept.map(|(amount, currency)| Money { amount, currency }))
        }
    }
}

/// A value kept as JSON text inside the form: for the types whose reading accepts several
/// forms (a date as a TOML date or a string), which postcard, describing nothing, cannot read.
pub mod as_json {
    use super::{Deserialize, DeserializeOwned, Deserializer, Serialize, Serializer};

    pub fn serialize<T: Serialize, S: Serializer>(value: &T, s: S) -> Result<S::Ok, S::Error> {
        let text = serde_json::to_string(value).map_err(serde::ser::Error::custom)?;
        s.serialize_str(&text)
    }

    pub fn deserialize<'de, T: DeserializeOwned, D: Deserializer<'de>>(
        d: D,
    ) -> Result<T, D::Error> {
        let text = String::deserialize(d)?;
        serde_json::from_str(&text).map_err(serde::de::Error::custom)
    }
}
