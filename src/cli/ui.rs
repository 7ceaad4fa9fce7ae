//! Where output goes: results on stdout, diagnostics on stderr, colour only when wanted.

use std::io::{self, BufWriter, IsTerminal, Stdout, Write};

use crate::cli::{ColorChoice, GlobalArgs};

/// The terminal (or pipe) the program talks to.
#[derive(Debug)]
pub struct Ui {
    out: BufWriter<Stdout>,
    /// Colour on stdout.
    pub color: bool,
    /// stdout is a terminal.
    pub tty: bool,
    pub quiet: bool,
}

/// ANSI styles used by the renderers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Bold,
    Green,
    Red,
    Yellow,
    Dim,
}

impl Ui {
    pub fn new(args: &GlobalArgs) -> Self {
        let tty = io::stdout().is_terminal();
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let color = match args.color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => tty && !no_color,
        };
        Ui {
            out: BufWriter::with_capacity(64 * 1024, io::stdout()),
            color,
            tty,
            quiet: args.quiet,
        }
    }

    /// A UI with default settings (no colour unless stdout is a terminal): for tests.
    pub fn plain() -> Self {
        Ui::new(&GlobalArgs::default())
    }

    /// The stdout writer, for results.
    pub fn out(&mut self) -> &mut impl Write {
        &mut self.out
    }

    /// Writes text to stdout.
    pub fn print(&mut self, text: &str) -> io::Result<()> {
        self.out.write_all(text.as_bytes())
    }

    pub fn flush(&mut self) -> anyhow::Result<()> {
        self.out.flush()?;
        Ok(())
    }

    /// Text in a style, when colour is on.
    pub fn paint(&self, style: Style, text: &str) -> String {
        if !self.color {
            return text.to_owned();
        }
        let code = match style {
            Style::Bold => "1",
            Style::Green => "1;32",
            Style::Red => "1;31",
            Style::Yellow => "1;33",
            Style::Dim => "2",
        };
        format!("\x1b[{code}m{text}\x1b[0m")
    }

    /// A note on stderr, unless quiet.
    #[allow(clippy::print_stderr)]
    pub fn note(&self, text: &str) {
        if !self.quiet {
            eprintln!("{text}");
        }
    }

    /// A progress line on stderr, rewritten in place (an empty text clears it).
    #[allow(clippy::print_stderr)]
    pub fn progress(&self, text: &str) {
        eprint!("\r{text}\x1b[K");
        if text.is_empty() {
            eprint!("\r");
        }
    }

    /// A warning on stderr (always shown).
    #[allow(clippy::print_stderr)]
    pub fn warn(&self, text: &str) {
        eprintln!("warning: {text}");
    }

    /// An error on stderr.
    #[allow(clippy::print_stderr)]
    pub fn error(&self, e: &anyhow::Error) {
        if let Some(diags) = e.downcast_ref::<crate::source::Diagnostics>() {
            eprintln!("{diags}");
        } else {
            eprintln!("error: {e:#}");
        }
    }

    /// Width available for tables.
    pub fn width(&self) -> u16 {
        std::env::var("COLUMNS")
            .ok()
            .and_then(|c| c.parse().ok())
            .filter(|w| *w >= 40)
            .unwrap_or(100)
    }
}

/// Columns that hold identifiers, dates or numbers: never wrapped.
const NO_WRAP: &[&str] = &[
    "#",
    "case",
    "order",
    "opened",
    "date",
    "ends",
    "days",
    "days left",
    "ASIN",
    "id",
    "rule",
    "Règle",
    "Date",
    "Jours restants",
    "Montant",
    "Days left",
    "Amount",
    "Rule",
    "total",
    "returned",
    "amount",
    "shipped",
    "qty",
];

/// A table in the house style: a rule under the header, no other lines; identifier, date
/// and number columns keep their width, text columns wrap. (Headers are not painted: escape
/// codes would be counted in the column widths.)
pub fn table(ui: &Ui, header: &[&str]) -> comfy_table::Table {
    const HEADER_RULE_ONLY: &str = "     ──            ";
    let mut t = comfy_table::Table::new();
    t.load_preset(HEADER_RULE_ONLY)
        .set_content_arrangement(comfy_table::ContentArrangement::Dynamic)
        .set_width(ui.width())
        .set_header(header.iter().copied());
    for (i, h) in header.iter().enumerate() {
        if NO_WRAP.contains(h)
            && let Some(c) = t.column_mut(i)
        {
            c.set_constraint(comfy_table::ColumnConstraint::ContentWidth);
        }
    }
    t
}
