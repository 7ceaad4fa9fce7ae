//! Small things several commands do alike.

use crate::app::catalogue::Catalogue;
use crate::cli::{Exit, Ui};
use crate::vocab::Status;

/// The exit code of a decision.
pub fn exit_for(status: Status) -> Exit {
    match status {
        Status::Eligible => Exit::Success,
        Status::Ineligible => Exit::Ineligible,
        Status::Undetermined => Exit::Undetermined,
    }
}

/// Prints what loading a policy found worth a warning, once per policy and run.
pub fn note_policy_warnings(
    ui: &Ui,
    catalogue: &Catalogue<'_>,
    index: usize,
    shown: &mut Vec<usize>,
) {
    if shown.contains(&index) {
        return;
    }
    shown.push(index);
    for w in catalogue.warnings(index).warnings() {
        ui.note(&w.to_string());
    }
}
