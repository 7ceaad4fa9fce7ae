//! Asking the user: the [`Prompter`] the walk-through talks to, on the terminal (dialoguer,
//! on stderr so stdout stays clean) or scripted (tests).

use std::collections::VecDeque;

use dialoguer::console::Term;
use dialoguer::theme::ColorfulTheme;

use crate::cli::ui::sanitize;

/// The user pressed Esc (or the script said so): stop, save nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("cancelled")]
pub struct Cancelled;

/// What can go wrong while asking.
#[derive(Debug, thiserror::Error)]
pub enum AskError {
    #[error(transparent)]
    Cancelled(#[from] Cancelled),
    #[error("terminal: {0}")]
    Io(#[from] std::io::Error),
}

impl AskError {
    /// The user stopped the walk-through.
    pub fn is_cancel(&self) -> bool {
        matches!(self, AskError::Cancelled(_))
    }
}

impl From<dialoguer::Error> for AskError {
    fn from(e: dialoguer::Error) -> Self {
        match e {
            dialoguer::Error::IO(io) => AskError::Io(io),
        }
    }
}

pub type Asked<T> = Result<T, AskError>;

/// A validator for free text: `Err(message)` asks again.
pub type Check<'a> = &'a dyn Fn(&str) -> Result<(), String>;

/// The questions the walk-through can ask.
pub trait Prompter {
    /// One of `items`; `default` is chosen by Enter.
    fn select(&mut self, prompt: &str, items: &[String], default: usize) -> Asked<usize>;
    /// One of many `items`, filtered as the user types.
    fn search(&mut self, prompt: &str, items: &[String], default: usize) -> Asked<usize>;
    /// Free text; Enter alone gives `default`, or an empty answer when there is none.
    fn text(&mut self, prompt: &str, default: Option<&str>, check: Check<'_>) -> Asked<String>;
    fn confirm(&mut self, prompt: &str, default: bool) -> Asked<bool>;
    /// Several of `items`.
    fn several(&mut self, prompt: &str, items: &[String], checked: &[bool]) -> Asked<Vec<usize>>;
    /// The text edited in `$EDITOR`; `None` when the editor was closed without saving.
    fn edit(&mut self, text: &str) -> Asked<Option<String>>;
}

/// The real terminal. Prompts and choices can hold untrusted text (an imported order's id or
/// title): they are made harmless like everything else printed.
pub struct TermPrompter {
    term: Term,
    theme: ColorfulTheme,
}

impl std::fmt::Debug for TermPrompter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TermPrompter").finish_non_exhaustive()
    }
}

impl TermPrompter {
    pub fn new() -> Self {
        TermPrompter {
            term: Term::stderr(),
            theme: ColorfulTheme::default(),
        }
    }
}

impl Default for TermPrompter {
    fn default() -> Self {
        Self::new()
    }
}

fn clean(items: &[String]) -> Vec<String> {
    items.iter().map(|i| sanitize(i)).collect()
}

impl Prompter for TermPrompter {
    fn select(&mut self, prompt: &str, items: &[String], default: usize) -> Asked<usize> {
        dialoguer::Select::with_theme(&self.theme)
            .with_prompt(sanitize(prompt))
            .items(clean(items))
            .default(default)
            .interact_on_opt(&self.term)?
            .ok_or(AskError::Cancelled(Cancelled))
    }

    fn search(&mut self, prompt: &str, items: &[String], default: usize) -> Asked<usize> {
        dialoguer::FuzzySelect::with_theme(&self.theme)
            .with_prompt(sanitize(prompt))
            .items(clean(items))
            .default(default)
            .interact_on_opt(&self.term)?
            .ok_or(AskError::Cancelled(Cancelled))
    }

    fn text(&mut self, prompt: &str, default: Option<&str>, check: Check<'_>) -> Asked<String> {
        let mut input = dialoguer::Input::<String>::with_theme(&self.theme)
            .with_prompt(sanitize(prompt))
            .allow_empty(true)
            .validate_with(|t: &String| check(t.trim()));
        if let Some(d) = default {
            input = input.default(d.to_owned());
        }
        Ok(input.interact_text_on(&self.term)?.trim().to_owned())
    }

    fn confirm(&mut self, prompt: &str, default: bool) -> Asked<bool> {
        dialoguer::Confirm::with_theme(&self.theme)
            .with_prompt(sanitize(prompt))
            .default(default)
            .interact_on_opt(&self.term)?
            .ok_or(AskError::Cancelled(Cancelled))
    }

    fn several(&mut self, prompt: &str, items: &[String], checked: &[bool]) -> Asked<Vec<usize>> {
        dialoguer::MultiSelect::with_theme(&self.theme)
            .with_prompt(sanitize(prompt))
            .items(clean(items))
            .defaults(checked)
            .interact_on_opt(&self.term)?
            .ok_or(AskError::Cancelled(Cancelled))
    }

    fn edit(&mut self, text: &str) -> Asked<Option<String>> {
        Ok(crate::cli::ui::edit(text, ".txt")?)
    }
}

/// One scripted answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// Enter: the default.
    Enter,
    /// The item at this position.
    Pick(usize),
    /// These items.
    Picks(Vec<usize>),
    Text(String),
    Yes,
    No,
    /// Esc.
    Esc,
}

/// Answers from a script, recording every prompt: the walk-through's tests.
#[derive(Debug, Default)]
pub struct ScriptedPrompter {
    pub answers: VecDeque<Answer>,
    pub asked: Vec<String>,
}

impl ScriptedPrompter {
    pub fn new(answers: impl IntoIterator<Item = Answer>) -> Self {
        ScriptedPrompter {
            answers: answers.into_iter().collect(),
            asked: Vec::new(),
        }
    }

    fn next(&mut self, prompt: &str) -> Asked<Answer> {
        self.asked.push(prompt.to_owned());
        match self.answers.pop_front() {
            Some(Answer::Esc) | None => Err(AskError::Cancelled(Cancelled)),
            Some(a) => Ok(a),
        }
    }
}

impl Prompter for ScriptedPrompter {
    fn select(&mut self, prompt: &str, items: &[String], default: usize) -> Asked<usize> {
        match self.next(prompt)? {
            Answer::Pick(i) if i < items.len() => Ok(i),
            _ => Ok(default),
        }
    }

    fn search(&mut self, prompt: &str, items: &[String], default: usize) -> Asked<usize> {
        self.select(prompt, items, default)
    }

    fn text(&mut self, prompt: &str, default: Option<&str>, check: Check<'_>) -> Asked<String> {
        let text = match self.next(prompt)? {
            Answer::Text(t) => t,
            _ => default.unwrap_or("").to_owned(),
        };
        match check(&text) {
            Ok(()) => Ok(text),
            // A real prompt would ask again; a script that gives a bad answer is a bug.
            Err(why) => Err(AskError::Io(std::io::Error::other(format!(
                "{prompt}: {why}"
            )))),
        }
    }

    fn confirm(&mut self, prompt: &str, default: bool) -> Asked<bool> {
        Ok(match self.next(prompt)? {
            Answer::Yes => true,
            Answer::No => false,
            _ => default,
        })
    }

    fn several(&mut self, prompt: &str, _items: &[String], checked: &[bool]) -> Asked<Vec<usize>> {
        Ok(match self.next(prompt)? {
            Answer::Picks(p) => p,
            _ => checked
                .iter()
                .enumerate()
                .filter(|(_, c)| **c)
                .map(|(i, _)| i)
                .collect(),
        })
    }

    fn edit(&mut self, text: &str) -> Asked<Option<String>> {
        Ok(match self.next("editor")? {
            Answer::Text(t) => Some(t),
            _ => Some(text.to_owned()),
        })
    }
}
