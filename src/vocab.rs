//! The closed vocabulary shared by policies, the engine and the CLI: problem kinds, remedy
//! kinds, bases, channels, sellers… Policies choose among these words; they never add to them.
//!
//! Every enum spells itself in kebab-case on the command line and in TOML (`not-received`)
//! and in snake_case in JSON (`not_received`); both spellings are accepted when parsing.

use std::fmt;

use crate::lang::Lang;

/// Declares a vocabulary enum with its canonical kebab-case words.
macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident => $word:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $($(#[$vmeta])* $variant),+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The kebab-case word used on the command line and in policy files.
            pub fn word(self) -> &'static str {
                match self {
                    $($name::$variant => $word),+
                }
            }

            /// The snake_case word used in JSON output (made once per vocabulary).
            pub fn snake(self) -> &'static str {
                static SNAKE: ::std::sync::OnceLock<Vec<String>> = ::std::sync::OnceLock::new();
                let words = SNAKE.get_or_init(|| {
                    Self::ALL.iter().map(|v| v.word().replace('-', "_")).collect()
                });
                // `ALL` lists the variants in declaration order.
                &words[self as usize]
            }

            /// All kebab-case words, for error messages and suggestions.
            pub fn words() -> Vec<&'static str> {
                Self::ALL.iter().map(|v| v.word()).collect()
            }
        }

        impl $name {
            /// The value a word names (either spelling, any case), without explaining a miss.
            pub fn from_word(s: &str) -> Option<Self> {
                let s = s.trim();
                Self::ALL.iter().copied().find(|v| {
                    let w = v.word();
                    w.len() == s.len()
                        && w.bytes().zip(s.bytes()).all(|(a, b)| {
                            a == b.to_ascii_lowercase() || (a == b'-' && b == b'_')
                        })
                })
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = $crate::vocab::UnknownWord;
            fn from_str(s: &str) -> Result<Self, $crate::vocab::UnknownWord> {
                Self::from_word(s)
                    .ok_or_else(|| $crate::vocab::UnknownWord::new(stringify!($name), s, &Self::words()))
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.word())
            }
        }

        impl $crate::words::Closed for $name {
            const ALL: &'static [$name] = $name::ALL;
            fn written(self) -> &'static str {
                self.snake()
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                $crate::words::serialize_closed(*self, s)
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                $crate::words::deserialize_closed(d)
            }
        }
    };
}

pub(crate) use vocabulary;

vocabulary! {
    /// What went wrong with the order.
    Problem {
        LateDelivery => "late-delivery",
        NotReceived => "not-received",
        Damaged => "damaged",
        Defective => "defective",
        NotAsDescribed => "not-as-described",
        MissingParts => "missing-parts",
        ReturnedNotRefunded => "returned-not-refunded",
    }
}

vocabulary! {
    /// What the buyer can ask for.
    RemedyKind {
        FullRefund => "full-refund",
        PartialRefund => "partial-refund",
        AccountCredit => "account-credit",
        Replacement => "replacement",
        Repair => "repair",
        PrimeExtension => "prime-extension",
        RefundWithoutReturn => "refund-without-return",
    }
}

vocabulary! {
    /// Why a remedy is owed: the law, the retailer's published policy, or a favour.
    Basis {
        LegalRight => "legal-right",
        RetailerPolicy => "retailer-policy",
        Goodwill => "goodwill",
    }
}

vocabulary! {
    /// What a channel (where to ask) is, for the engine: each policy names its own channels
    /// and gives each one of these roles.
    ChannelRole {
        /// The retailer's customer service.
        CustomerService => "customer-service",
        /// The seller directly, outside any guarantee of the retailer.
        Seller => "seller",
        /// The seller first, then the retailer's guarantee (Amazon's A-to-z).
        SellerThenGuarantee => "seller-then-guarantee",
        /// A claim under the retailer's guarantee or its own mediation.
        GuaranteeClaim => "guarantee-claim",
        /// A formal notice (mise en demeure, demand letter) on a durable medium.
        FormalNotice => "formal-notice",
        /// A billing dispute with the card issuer.
        CardDispute => "card-dispute",
        /// A mediator, a consumer body, an authority.
        ExternalRecourse => "external-recourse",
        Court => "court",
    }
}

vocabulary! {
    /// Who a seller is, for the engine: each policy names its own seller kinds and gives
    /// each one of these roles.
    SellerRole {
        /// The retailer itself (sold and shipped by Amazon).
        Retailer => "retailer",
        /// A third party whose goods the retailer stores and ships (Amazon's FBA).
        RetailerFulfilled => "retailer-fulfilled",
        /// A professional third-party seller who ships itself.
        ThirdParty => "third-party",
        /// A private individual selling on the marketplace (consumer law does not apply).
        Private => "private",
    }
}

vocabulary! {
    /// How bad the problem is.
    Severity {
        Minor => "minor",
        Major => "major",
    }
}

vocabulary! {
    /// The state the item was sold in.
    ItemCondition {
        New => "new",
        Used => "used",
    }
}

vocabulary! {
    /// Who pays for sending the item back.
    PaidBy {
        Seller => "seller",
        Buyer => "buyer",
    }
}

vocabulary! {
    /// How sure a source is.
    Confidence {
        Official => "official",
        Secondary => "secondary",
        Anecdotal => "anecdotal",
        Uncertain => "uncertain",
        Goodwill => "goodwill",
        /// Our own rule of thumb: no source fixes it.
        Heuristic => "heuristic",
    }
}

vocabulary! {
    /// The outcome of a decision.
    Status {
        Eligible => "eligible",
        Ineligible => "ineligible",
        Undetermined => "undetermined",
    }
}

/// An identifier a policy declares (a seller kind, a channel): kebab-case in policy files and
/// on the command line, snake_case in JSON; both spellings are read.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Id(String);

impl Id {
    pub fn new(text: &str) -> Id {
        let kebab = |c: char| {
            if c == '_' {
                '-'
            } else {
                c.to_ascii_lowercase()
            }
        };
        Id(text.trim().chars().map(kebab).collect())
    }

    /// The kebab-case spelling.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The snake_case spelling of JSON.
    pub fn snake(&self) -> String {
        self.0.replace('-', "_")
    }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl ::std::str::FromStr for Id {
    type Err = std::convert::Infallible;
    fn from_str(s: &str) -> Result<Id, Self::Err> {
        Ok(Id::new(s))
    }
}

impl ::serde::Serialize for Id {
    fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.snake())
    }
}

impl<'de> ::serde::Deserialize<'de> for Id {
    fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        crate::words::deserialize(d)
    }
}

/// A word that is not part of a vocabulary, with the closest valid word when one is near.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownWord {
    pub what: &'static str,
    pub given: String,
    pub suggestion: Option<String>,
    pub valid: Vec<&'static str>,
}

impl UnknownWord {
    pub fn new(what: &'static str, given: &str, valid: &[&'static str]) -> Self {
        let suggestion = crate::suggest::closest(given, valid.iter().copied()).map(str::to_owned);
        UnknownWord {
            what,
            given: given.to_owned(),
            suggestion,
            valid: valid.to_vec(),
        }
    }
}

impl fmt::Display for UnknownWord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = human_name(self.what);
        write!(f, "unknown {what} `{}`", self.given)?;
        match &self.suggestion {
            Some(s) => write!(f, " (did you mean `{s}`?)"),
            None => write!(f, " (expected one of: {})", self.valid.join(", ")),
        }
    }
}

impl std::error::Error for UnknownWord {}

fn human_name(type_name: &str) -> &'static str {
    match type_name {
        "Problem" => "problem kind",
        "RemedyKind" => "remedy kind",
        "Basis" => "basis",
        "ChannelRole" => "channel role",
        "SellerRole" => "seller role",
        "Severity" => "severity",
        "ItemCondition" => "item condition",
        "PaidBy" => "payer",
        "Confidence" => "confidence",
        "Status" => "status",
        "OrderStatus" => "order status",
        _ => "value",
    }
}

/// The words of a vocabulary as people read them, in a language (see [`crate::lang`]).
pub trait Label {
    fn label(&self, lang: Lang) -> &'static str;
}

/// Labels a vocabulary with a table of [`crate::lang::Labels`], in declaration order.
macro_rules! labelled {
    ($($ty:ty => $field:ident),+ $(,)?) => {
        $(impl $crate::vocab::Label for $ty {
            fn label(&self, lang: $crate::lang::Lang) -> &'static str {
                lang.phrases().labels.$field[*self as usize]
            }
        })+
    };
}

pub(crate) use labelled;

labelled! {
    Problem => problems,
    RemedyKind => remedies,
    Basis => bases,
    Status => statuses,
    PaidBy => paid_by,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_round_trip_in_both_spellings() {
        for p in Problem::ALL {
            assert_eq!(p.word().parse::<Problem>(), Ok(*p));
            assert_eq!(p.snake().parse::<Problem>(), Ok(*p));
        }
        for r in RemedyKind::ALL {
            assert_eq!(r.snake(), r.word().replace('-', "_"));
        }
        assert_eq!(
            serde_json::to_string(&ChannelRole::SellerThenGuarantee).ok(),
            Some("\"seller_then_guarantee\"".into())
        );
        assert_eq!(Id::new("Third_Party").as_str(), "third-party");
        assert_eq!(
            serde_json::to_string(&Id::new("third-party"))
                .ok()
                .as_deref(),
            Some("\"third_party\"")
        );
    }

    #[test]
    fn unknown_word_suggests_the_closest() {
        let err = "damagd".parse::<Problem>().err().map(|e| e.to_string());
        assert_eq!(
            err.as_deref(),
            Some("unknown problem kind `damagd` (did you mean `damaged`?)")
        );
    }
}
