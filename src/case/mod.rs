//! The case: what a user can tell about an order gone wrong ([`CaseInput`]), and the
//! vocabulary of facts rules reason about ([`Fact`], [`Input`], [`Anchor`]). Every other part
//! of the program speaks these words; this module depends only on plain values.

mod facts;
mod input;

pub use facts::*;
pub use input::*;
