//! The use cases: what a command asks for, in the domain's terms. Commands parse their
//! arguments, call one of these, and render the result; these call the domain modules
//! (engine, draft, journal, orders) and never print.

pub mod policy_tests;
