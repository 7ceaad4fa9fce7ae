//! What several commands print the same way: the summary of a decision, a drafted message.

pub mod case;
pub mod decision;
pub mod message;
