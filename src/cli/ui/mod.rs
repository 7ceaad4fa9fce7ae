//! The one gate to the terminal. Every string and table cell printed goes through [`Ui`],
//! which makes untrusted text harmless (escape sequences, C0/C1 controls and bidirectional
//! overrides are shown as visible escapes) and adds colour only when wanted. JSON and file
//! formats (`.eml`, `.ics`) are written exactly. Results go to stdout, everything else to
//! stderr.

mod editor;
mod progress;
mod sanitize;
mod table;

use std::io::{self, BufWriter, IsTerminal, Stdout, Write};

pub use crate::text::shorten;
pub use editor::edit;
pub use progress::ImportBar;
pub use sanitize::for_terminal as sanitize;
pub use table::{Fit, Table};

use crate::cli::ColorChoice;
use crate::cli::error::ErrorReport;

/// Text styles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Bold,
    Green,
    Red,
    Yellow,
    Dim,
}

impl Style {
    fn code(self) -> &'static str {
        match self {
            Style::Bold => "1",
            Style::Green => "1;32",
            Style::Red => "1;31",
            Style::Yellow => "1;33",
            Style::Dim => "2",
        }
    }
}

/// A piece of a line, in a style or plain.
#[derive(Debug, Clone, Copy)]
pub struct Span<'a>(Option<Style>, &'a str);

pub fn plain(text: &str) -> Span<'_> {
    Span(None, text)
}

pub fn styled(style: Style, text: &str) -> Span<'_> {
    Span(Some(style), text)
}

pub fn bold(text: &str) -> Span<'_> {
    Span(Some(Style::Bold), text)
}

/// The terminal (or pipe) the program talks to.
#[derive(Debug)]
pub struct Ui {
    out: BufWriter<Stdout>,
    color: bool,
    quiet: bool,
    width: u16,
}

impl Ui {
    pub fn new(color: ColorChoice, quiet: bool) -> Self {
        let tty = io::stdout().is_terminal();
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let color = match color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => tty && !no_color,
        };
        let terminal_width = || {
            tty.then(|| dialoguer::console::Term::stdout().size().1)
                .filter(|w| *w >= 40)
        };
        let width = std::env::var("COLUMNS")
            .ok()
            .and_then(|c| c.parse().ok())
            .filter(|w| *w >= 40)
            .or_else(terminal_width)
            .unwrap_or(100);
        Ui {
            out: BufWriter::with_capacity(64 * 1024, io::stdout()),
            color,
            quiet,
            width,
        }
    }

    /// A UI with default settings (colour only on a terminal): for tests.
    pub fn plain() -> Self {
        Ui::new(ColorChoice::Auto, false)
    }

    /// Writes spans, each made harmless, then a line break.
    pub fn line(&mut self, spans: &[Span<'_>]) -> io::Result<()> {
        for Span(style, text) in spans {
            self.span(*style, text)?;
        }
        self.out.write_all(b"\n")
    }

    /// Writes text made harmless, as it is (line breaks kept).
    pub fn text(&mut self, text: &str) -> io::Result<()> {
        self.span(None, text)
    }

    /// A blank line, then a heading in bold.
    pub fn heading(&mut self, text: &str) -> io::Result<()> {
        self.out.write_all(b"\n")?;
        self.line(&[bold(text)])
    }

    /// A table, each line indented by `indent` spaces.
    pub fn table(&mut self, table: &Table, indent: usize) -> io::Result<()> {
        for line in table.render(self.width.saturating_sub(indent as u16)) {
            writeln!(self.out, "{:indent$}{}", "", line.trim_end())?;
        }
        Ok(())
    }

    /// A JSON document, exactly, pretty-printed.
    pub fn json<T: serde::Serialize>(&mut self, value: &T) -> io::Result<()> {
        crate::json::to_writer_pretty(&mut self.out, value)?;
        self.out.write_all(b"\n")
    }

    /// One JSON value on one line (JSON Lines), exactly.
    pub fn json_line<T: serde::Serialize>(&mut self, value: &T) -> io::Result<()> {
        crate::json::to_writer(&mut self.out, value)?;
        self.out.write_all(b"\n")
    }

    /// Bytes of a file format (`.eml`, `.ics`, a policy file), exactly.
    pub fn raw(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.out.write_all(bytes)
    }

    pub fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }

    /// A note on stderr, unless quiet.
    #[allow(clippy::print_stderr)]
    pub fn note(&self, text: &str) {
        if !self.quiet {
            eprintln!("{}", sanitize(text));
        }
    }

    /// A warning on stderr (always shown).
    #[allow(clippy::print_stderr)]
    pub fn warn(&self, text: &str) {
        eprintln!(
            "{} {}",
            self.paint_err(Style::Yellow, "warning:"),
            sanitize(text)
        );
    }

    /// A progress line on stderr, rewritten in place (an empty text clears it).
    #[allow(clippy::print_stderr)]
    pub fn progress(&self, text: &str) {
        eprint!("\r{}\x1b[K", sanitize(text));
        if text.is_empty() {
            eprint!("\r");
        }
    }

    /// An error on stderr, with its hints.
    #[allow(clippy::print_stderr)]
    pub fn error(&self, report: &ErrorReport) {
        match &report.diagnostics {
            Some(text) => eprintln!("{}", sanitize(text)),
            None => eprintln!(
                "{} {}",
                self.paint_err(Style::Red, "error:"),
                sanitize(&report.message)
            ),
        }
        for hint in &report.hints {
            eprintln!("{} {}", self.paint_err(Style::Dim, "hint:"), sanitize(hint));
        }
    }

    /// Whether notes are silenced (`--quiet`).
    pub fn is_quiet(&self) -> bool {
        self.quiet
    }

    /// Whether stdout is coloured (a renderer may pick symbols by it).
    pub fn colored(&self) -> bool {
        self.color
    }

    fn span(&mut self, style: Option<Style>, text: &str) -> io::Result<()> {
        let clean = sanitize(text);
        match style.filter(|_| self.color) {
            Some(style) => write!(self.out, "\x1b[{}m{clean}\x1b[0m", style.code()),
            None => self.out.write_all(clean.as_bytes()),
        }
    }

    fn paint_err(&self, style: Style, text: &str) -> String {
        if self.color && io::stderr().is_terminal() {
            format!("\x1b[{}m{text}\x1b[0m", style.code())
        } else {
            text.to_owned()
        }
    }
}
