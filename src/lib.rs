//! `claim`: a local-first claim assistant for online shoppers.
//!
//! Data flows one way: inputs (flags, order files) → [`case::CaseFacts`] →
//! [`engine::evaluate`] with a [`policy::Policy`] → [`engine::Decision`] → renderers
//! ([`report`] for JSON and terminal output, [`draft`] for messages).

pub mod app;
pub mod case;
pub mod cli;
pub mod config;
pub mod date;
pub mod draft;

pub mod engine;
pub mod fsutil;
#[doc(hidden)]
pub mod fuzzing;
pub mod journal;
pub mod json;
pub mod lang;
pub mod limits;
pub mod money;
pub mod orders;

pub mod policy;
pub mod report;

pub mod source;
pub mod suggest;
pub mod text;
pub mod vocab;
pub mod words;
