//! The use cases: what a command asks for, in the domain's terms. Commands parse their
//! arguments, call one of these, and render the result; these call the domain modules
//! (engine, draft, journal, orders) and never print.

pub mod attachments;
pub mod cases;
pub mod catalogue;
pub mod decide;
pub mod import;
pub mod orders;
pub mod policy_tests;
pub mod scan;
mod settings;

pub use settings::Settings;
