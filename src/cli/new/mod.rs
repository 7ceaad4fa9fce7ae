//! `claim new`: the guided walk-through. Pick the order and the item, say what went wrong,
//! answer only the questions the policy needs for this case (driven by the engine's
//! `missing_facts`), then see the recommendation and the message, and save the case.
//!
//! The questions ([`flow`]) produce a [`Choice`]; only [`finish`] writes anything, once every
//! answer is in. Every prompt has a flag; without a terminal (or with `--no-input`) nothing
//! is asked and a missing answer is an error naming its flag. Esc or Ctrl-C saves nothing
//! and exits 130.

mod finish;
mod flow;
pub mod prompt;

use std::io::IsTerminal;
use std::path::PathBuf;

use crate::app::Settings;
use crate::app::catalogue::Catalogue;
use crate::app::decide::decide;
use crate::app::orders::Orders;
use crate::cli::args::{CaseFlags, flag_of};
use crate::cli::error::{CliError, Hint, Kind};
use crate::cli::render::{decision, message};
use crate::cli::ui::Ui;
use crate::cli::{Exit, settings};
use crate::report;
use crate::vocab::Status;

pub use finish::Choice;
pub use flow::walk;
use prompt::{AskError, TermPrompter};

// The subcommand's help is its variant's doc in `cli::Command` (a doc here would replace it).
#[derive(Debug, Clone, Default, clap::Args)]
#[command(
    after_help = "Without a terminal, or with --no-input, nothing is asked: pass the answers as flags, e.g.
  claim new --orders examples/orders.toml --order 402-8765432-1122334 --problem damaged --severity major --no-input"
)]
pub struct NewArgs {
    #[command(flatten)]
    pub case: CaseFlags,
    /// Also write the message as an .eml file
    #[arg(long, value_name = "PATH")]
    pub eml: Option<PathBuf>,
    /// Do not record the case in the journal
    #[arg(long)]
    pub no_save: bool,
}

pub fn cmd_new(
    ui: &mut Ui,
    settings: &Settings,
    args: &NewArgs,
    no_input: bool,
) -> anyhow::Result<Exit> {
    let interactive =
        !no_input && std::io::stdin().is_terminal() && std::io::stderr().is_terminal();
    if !interactive {
        return without_terminal(ui, settings, args);
    }
    // Ctrl-C at a prompt: put the cursor back, save nothing, exit 130.
    let _ = ctrlc::set_handler(|| {
        let _ = dialoguer::console::Term::stderr().show_cursor();
        std::process::exit(130);
    });
    let mut prompter = TermPrompter::new();
    match walk(ui, settings, &mut prompter, args) {
        Ok(code) => Ok(code),
        Err(e)
            if e.downcast_ref::<AskError>()
                .is_some_and(AskError::is_cancel) =>
        {
            let _ = dialoguer::console::Term::stderr().show_cursor();
            ui.note(asking_lang(settings).phrases().prompts.cancelled);
            Ok(Exit::Cancelled)
        }
        Err(e) => Err(e),
    }
}

/// The language of the questions: `--lang`, the configuration, else the locale.
fn asking_lang(settings: &Settings) -> crate::lang::Lang {
    settings.lang.or(settings::locale()).unwrap_or_default()
}

/// `claim new` in a script: the flags are the answers.
fn without_terminal(ui: &mut Ui, settings: &Settings, args: &NewArgs) -> anyhow::Result<Exit> {
    if args.case.problem.is_none() {
        return Err(CliError::usage(
            "claim new asks its questions on a terminal; without one (or with --no-input) pass the answers as flags",
        )
        .hint(Hint::Flag("--problem"))
        .hint(Hint::Flag("--order"))
        .into());
    }
    let input = args.case.to_input();
    let mut catalogue = Catalogue::new(settings);
    let mut orders = Orders::new(settings);
    let decided = decide(
        settings,
        &mut catalogue,
        &mut orders,
        &input,
        settings.today,
        None,
    )?;
    if decided.decision.status == Status::Undetermined {
        let flags: Vec<String> = decided
            .decision
            .missing
            .iter()
            .map(|i| flag_of(*i))
            .collect();
        return Err(CliError::new(
            Kind::Usage,
            format!("not enough facts to decide: pass {}", flags.join(", ")),
        )
        .into());
    }
    let policy = catalogue.policy(decided.policy);
    let lang = policy.lang(settings.lang);
    let report = report::build(policy, &decided.decision, &decided.label, lang)?;
    decision::summary(ui, &report, false)?;
    if let Some(m) = &report.message {
        ui.text(&format!("\n{}\n", "─".repeat(40)))?;
        let p = message::Printable {
            message: m,
            lang,
            tag: "new",
            extra: serde_json::Value::Null,
        };
        message::print(ui, settings, p, &Default::default())?;
    }
    let choice = Choice {
        message: report.message.clone(),
        status: report.status,
        lang,
        screen: lang,
        input,
        decided,
        eml: args.eml.clone(),
        save: !args.no_save,
        remember: None,
        name: None,
    };
    finish::finish(ui, settings, &catalogue, choice)
}
