//! The command line: clap definitions, one file per command, the rendering they share, and
//! the mapping from outcomes to exit codes. A command parses its arguments, calls a use case
//! (`crate::app`) and renders the result through [`Ui`]; no command file imports another.

mod args;
mod batch;
mod check;
mod close;
mod common;
mod config;
mod draft;
mod due;
pub mod error;
mod escalate;
mod list;
mod log;
pub mod new;
pub mod orders;
mod policy;
mod render;
mod scan;
pub mod settings;
mod show;
pub mod ui;

use std::ffi::OsString;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::lang::Lang;
pub use error::CliError;
pub use ui::Ui;

/// Exit codes, as documented in `--help` and the README.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// Success; for `check`, a remedy is recommended.
    Success = 0,
    /// `check`: not eligible; `policy test`: a test failed; `config get`: not set.
    Ineligible = 1,
    /// Bad usage, unreadable or invalid input, unknown order or case.
    Error = 2,
    /// `check`: facts are missing.
    Undetermined = 3,
    /// `new`: cancelled at a prompt (Esc, Ctrl-C); nothing was saved.
    Cancelled = 130,
}

impl From<Exit> for ExitCode {
    fn from(e: Exit) -> Self {
        ExitCode::from(e as u8)
    }
}

const EXIT_CODES: &str = "\
Exit codes:
  0    success; for `check`: a remedy is recommended (eligible)
  1    `check`: not eligible (no remedy applies, or every window is closed);
       `policy test`: a test failed; `config get`: the key is not set
  2    error: bad usage, unreadable or invalid input, unknown order or case
  3    `check`: undetermined — facts are missing (listed in `missing_facts`)
  130  `new`: cancelled at a prompt; nothing was saved";

/// Know what you are owed when an online order goes wrong, and how to ask for it.
///
/// `claim` reads a marketplace's compensation policy and your statutory rights from a TOML
/// policy file, looks up your order, and tells you which remedy to ask for (and whether it
/// is a legal right, the retailer's policy or a goodwill gesture), the deadlines, the
/// evidence to gather, and drafts the message to send. Nothing leaves your machine.
#[derive(Debug, Parser)]
#[command(name = "claim", version, after_help = EXIT_CODES, max_term_width = 100)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

/// When to colour the output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum ColorChoice {
    #[default]
    Auto,
    Always,
    Never,
}

/// Options every command takes.
#[derive(Debug, Clone, Default, clap::Args)]
#[command(next_help_heading = "Global options")]
pub struct GlobalArgs {
    /// Policy to apply: a built-in id (amazon-fr, amazon-us) or a path to a policy file
    /// [default: the one matching the order's marketplace, else the config's, else amazon-fr]
    #[arg(long, global = true, env = "CLAIM_POLICY", value_name = "ID|PATH")]
    pub policy: Option<String>,
    /// Order history file (native TOML); repeat for several
    #[arg(long, global = true, env = "CLAIM_ORDERS", value_name = "PATH")]
    pub orders: Vec<PathBuf>,
    /// Where claim keeps its data [default: the platform's data directory]
    #[arg(long, global = true, env = "CLAIM_DATA_DIR", value_name = "PATH")]
    pub data_dir: Option<PathBuf>,
    /// Configuration file, which must exist [default: config.toml in the platform's
    /// configuration directory]
    #[arg(long, global = true, env = "CLAIM_CONFIG", value_name = "PATH")]
    pub config: Option<PathBuf>,
    /// Evaluate as of this date instead of the clock (YYYY-MM-DD)
    #[arg(long, global = true, env = "CLAIM_TODAY", value_name = "DATE", value_parser = args::parse_bounded_date)]
    pub today: Option<chrono::NaiveDate>,
    /// Language of the screens and messages [default: the policy's, else the locale's]
    #[arg(long, global = true, env = "CLAIM_LANG", value_parser = args::lang_parser())]
    pub lang: Option<Lang>,
    /// Colour the output
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Never prompt (a missing answer is an error naming its flag)
    #[arg(long, global = true)]
    pub no_input: bool,
    /// Print less: only results and errors
    #[arg(short, long, global = true)]
    pub quiet: bool,
}

#[derive(Debug, Subcommand)]
// Each subcommand's arguments are built only when it is the one run (or help needs them).
#[command(defer = true)]
pub enum Command {
    /// Walk through a claim step by step: order, item, problem, the questions that matter
    New(new::NewArgs),
    /// Check what to ask for, without prompts (for scripts: --json, --batch, exit codes)
    Check(check::CheckArgs),
    /// Print the message to send now for a case (the current level of the ladder)
    Draft(draft::DraftArgs),
    /// Draft the next escalation letter for a case and record the step
    Escalate(escalate::EscalateArgs),
    /// List your cases (the journal), or those due for a follow-up
    List(list::ListArgs),
    /// Show a case: the decision, the deadlines, the whole timeline
    Show(show::ShowArgs),
    /// Record what happened on a case: sent, a reply, a status, a note
    Log(log::LogArgs),
    /// Close a case with what you obtained
    Close(close::CloseArgs),
    /// Upcoming follow-ups and deadlines across cases (or an iCalendar file)
    Due(due::DueArgs),
    /// Your order history: import Amazon exports, list, show, record missing facts
    #[command(subcommand)]
    Orders(orders::OrdersCommand),
    /// List every claim window still open across your history, most urgent first
    Scan(scan::ScanArgs),
    /// List, show, validate and test policies
    #[command(subcommand)]
    Policy(policy::PolicyCommand),
    /// Your configuration: where it is, read and change a value, or edit it
    #[command(subcommand)]
    Config(config::ConfigCommand),
    /// Print shell completions (bash, zsh, fish, elvish, powershell)
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff)
    Man,
}

/// Parses the arguments and runs the command; returns the exit code.
pub fn main_with_args(args: impl IntoIterator<Item = impl Into<OsString> + Clone>) -> ExitCode {
    let cli = match parse(args) {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() {
                Exit::Error
            } else {
                Exit::Success
            };
            let _ = e.print();
            return code.into();
        }
    };
    let mut ui = Ui::new(cli.global.color, cli.global.quiet);
    let lang = cli
        .global
        .lang
        .or_else(settings::locale)
        .unwrap_or_default();
    let outcome = run(cli, &mut ui);
    let flushed = ui.flush().map_err(anyhow::Error::from);
    match outcome.and_then(|code| flushed.map(|()| code)) {
        Ok(code) => code.into(),
        Err(e) if is_broken_pipe(&e) => Exit::Success.into(),
        Err(e) => {
            let report = error::ErrorReport::of(&e, lang);
            ui.error(&report);
            report.kind.exit().into()
        }
    }
}

/// `Cli::try_parse_from`, but the command tree and the matches are never freed: the process
/// ends soon after, and freeing them took a twentieth of a whole `claim check`.
fn parse(args: impl IntoIterator<Item = impl Into<OsString> + Clone>) -> Result<Cli, clap::Error> {
    use clap::{CommandFactory, FromArgMatches};
    use std::mem::ManuallyDrop;
    let mut command = ManuallyDrop::new(Cli::command());
    let mut matches = ManuallyDrop::new(command.try_get_matches_from_mut(args)?);
    Cli::from_arg_matches_mut(&mut matches).map_err(|e| e.format(&mut Cli::command()))
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// Runs a parsed command.
pub fn run(cli: Cli, ui: &mut Ui) -> anyhow::Result<Exit> {
    use clap::CommandFactory;
    match &cli.command {
        Command::Completions { shell } => {
            let mut out = Vec::new();
            clap_complete::generate(*shell, &mut Cli::command(), "claim", &mut out);
            ui.raw(&out)?;
            return Ok(Exit::Success);
        }
        Command::Man => {
            let mut out = Vec::new();
            clap_mangen::Man::new(Cli::command()).render(&mut out)?;
            ui.raw(&out)?;
            return Ok(Exit::Success);
        }
        // The configuration commands work on the file itself: they must run when it is
        // missing or invalid (to create or fix it).
        Command::Config(cmd) => {
            let (path, _) = settings::config_file(&cli.global);
            let lang = cli
                .global
                .lang
                .or_else(settings::locale)
                .unwrap_or_default();
            return config::cmd_config(ui, path, lang, cmd);
        }
        _ => {}
    }
    let settings = settings::resolve(&cli.global)?;
    match &cli.command {
        Command::New(args) => new::cmd_new(ui, &settings, args, cli.global.no_input),
        Command::Check(args) => check::cmd_check(ui, &settings, args),
        Command::Policy(cmd) => policy::cmd_policy(ui, &settings, cmd),
        Command::Orders(cmd) => orders::cmd_orders(ui, &settings, cmd),
        Command::Scan(args) => scan::cmd_scan(ui, &settings, args),
        Command::Draft(args) => draft::cmd_draft(ui, &settings, args),
        Command::Escalate(args) => escalate::cmd_escalate(ui, &settings, args),
        Command::List(args) => list::cmd_list(ui, &settings, args),
        Command::Show(args) => show::cmd_show(ui, &settings, args),
        Command::Log(args) => log::cmd_log(ui, &settings, args),
        Command::Close(args) => close::cmd_close(ui, &settings, args),
        Command::Due(args) => due::cmd_due(ui, &settings, args),
        Command::Completions { .. } | Command::Man | Command::Config(_) => Ok(Exit::Success),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_command_line_is_consistent() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }
}
