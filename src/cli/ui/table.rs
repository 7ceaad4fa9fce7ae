//! Tables in the house style: a rule under the header, no other lines; columns that hold
//! identifiers, dates or numbers keep their width, text columns wrap.

use comfy_table::{ColumnConstraint, ContentArrangement};

use super::{sanitize, shorten};

/// The widest a kept (never wrapped) cell may be: an order id is 19 characters, a date 10;
/// a longer value (a hand-written id of 200 characters) is cut with an ellipsis instead of
/// crushing every other column to one character.
const KEPT_CHARS: usize = 32;

/// How a column behaves when the table is too wide.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fit {
    /// Never wrapped: ids, dates, amounts.
    Keep,
    /// Wrapped to fit: titles, labels, explanations.
    Wrap,
}

/// A table to print through [`Ui::table`](super::Ui::table): every cell is made harmless
/// when it is rendered.
#[derive(Debug, Clone, Default)]
pub struct Table {
    columns: Vec<(String, Fit)>,
    rows: Vec<Vec<String>>,
}

impl Table {
    pub fn new() -> Self {
        Table::default()
    }

    pub fn column(mut self, header: &str, fit: Fit) -> Self {
        self.columns.push((header.to_owned(), fit));
        self
    }

    pub fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The table's lines at a width.
    pub(super) fn render(&self, width: u16) -> Vec<String> {
        const HEADER_RULE_ONLY: &str = "     ──            ";
        let mut t = comfy_table::Table::new();
        t.load_preset(HEADER_RULE_ONLY)
            .set_content_arrangement(ContentArrangement::Dynamic)
            .set_width(width)
            .set_header(self.columns.iter().map(|(h, _)| sanitize(h)));
        for (i, (_, fit)) in self.columns.iter().enumerate() {
            if *fit == Fit::Keep
                && let Some(c) = t.column_mut(i)
            {
                c.set_constraint(ColumnConstraint::ContentWidth);
            }
        }
        for row in &self.rows {
            t.add_row(row.iter().enumerate().map(|(i, cell)| {
                let kept = self
                    .columns
                    .get(i)
                    .is_some_and(|(_, fit)| *fit == Fit::Keep);
                if kept {
                    sanitize(&shorten(cell, KEPT_CHARS))
                } else {
                    sanitize(cell)
                }
            }));
        }
        t.lines().collect()
    }
}
