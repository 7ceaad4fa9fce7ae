//! The command line: clap definitions, the settings every command shares, one file per
//! command, and the mapping from outcomes to exit codes.

pub mod check;
mod config;
pub mod draft_cmd;
pub mod journal_cmd;
pub mod new;
mod orders_cmd;
mod policy_cmd;
pub mod render;
mod scan;
pub mod settings;
pub mod ui;

use std::ffi::OsString;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::builder::TypedValueParser as _;
use clap::{Parser, Subcommand, ValueEnum};

use crate::lang::Lang;

pub use settings::Settings;
pub use ui::Ui;

/// Exit codes, as documented in `--help` and the README.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// Success; for `check`, a remedy is recommended.
    Success = 0,
    /// `check`: not eligible.
    Ineligible = 1,
    /// Bad usage, unreadable or invalid input, unknown order.
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
  0  success; for `check`: a remedy is recommended (eligible)
  1  `check`: not eligible (no remedy applies, or every window is closed)
  2  error: bad usage, unreadable or invalid input, unknown order
  3  `check`: undetermined — facts are missing (listed in `missing_facts`)";

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
    /// Configuration file [default: config.toml in the platform's config directory]
    #[arg(long, global = true, env = "CLAIM_CONFIG", value_name = "PATH")]
    pub config: Option<PathBuf>,
    /// Evaluate as of this date instead of the clock (YYYY-MM-DD)
    #[arg(long, global = true, env = "CLAIM_TODAY", value_name = "DATE", value_parser = parse_date_arg)]
    pub today: Option<chrono::NaiveDate>,
    /// Language of explanations and messages [default: the policy's]
    #[arg(long, global = true, env = "CLAIM_LANG", value_parser = lang_arg())]
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
pub enum Command {
    /// Walk through a claim step by step: order, item, problem, the questions that matter
    New(new::NewArgs),
    /// Check what to ask for, without prompts (for scripts: --json, --batch, exit codes)
    Check(check::CheckArgs),
    /// Print the message to send now for a case (the current level of the ladder)
    Draft(draft_cmd::DraftArgs),
    /// Draft the next escalation letter for a case and record the step
    Escalate(draft_cmd::EscalateArgs),
    /// List your cases (the journal), or those due for a follow-up
    List(journal_cmd::ListArgs),
    /// Show a case: the decision, the deadlines, the whole timeline
    Show(journal_cmd::ShowArgs),
    /// Record what happened on a case: sent, a reply, a status, a note
    Log(journal_cmd::LogArgs),
    /// Close a case with what you obtained
    Close(journal_cmd::CloseArgs),
    /// Upcoming follow-ups and deadlines across cases (or an iCalendar file)
    Due(journal_cmd::DueArgs),
    /// Your order history: import Amazon exports, list, show, record missing facts
    #[command(subcommand)]
    Orders(orders_cmd::OrdersCommand),
    /// List every claim window still open across your history, most urgent first
    Scan(scan::ScanArgs),
    /// List, show, validate and test policies
    #[command(subcommand)]
    Policy(policy_cmd::PolicyCommand),
    /// Print shell completions (bash, zsh, fish, elvish, powershell)
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff)
    Man,
}

/// `--lang`: only the languages the program speaks completely.
fn lang_arg() -> impl clap::builder::TypedValueParser<Value = Lang> {
    clap::builder::PossibleValuesParser::new(Lang::codes()).try_map(|code| code.parse::<Lang>())
}

pub(crate) fn parse_date_arg(s: &str) -> Result<chrono::NaiveDate, String> {
    crate::date::parse_date(s)
}

/// Parses a vocabulary word (`--seller third-party`) with a "did you mean".
pub(crate) fn vocab_arg<T: std::str::FromStr<Err = crate::vocab::UnknownWord>>(
    s: &str,
) -> Result<T, String> {
    s.parse()
        .map_err(|e: crate::vocab::UnknownWord| e.to_string())
}

/// `--prime` / `--no-prime`.
#[derive(Debug, Clone, Copy, Default, clap::Args)]
pub struct PrimeArgs {
    /// It was a Prime delivery
    #[arg(long, overrides_with = "no_prime")]
    pub prime: bool,
    /// It was not a Prime delivery
    #[arg(long)]
    pub no_prime: bool,
}

impl PrimeArgs {
    /// What the flags say, if anything.
    pub fn value(self) -> Option<bool> {
        if self.prime {
            Some(true)
        } else if self.no_prime {
            Some(false)
        } else {
            None
        }
    }
}

/// Parses the arguments and runs the command; returns the exit code.
pub fn main_with_args(args: impl IntoIterator<Item = impl Into<OsString> + Clone>) -> ExitCode {
    let cli = match Cli::try_parse_from(args) {
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
    let mut ui = Ui::new(&cli.global);
    let outcome = run(cli, &mut ui);
    let flushed = ui.flush();
    match outcome.and_then(|code| flushed.map(|()| code)) {
        Ok(code) => code.into(),
        Err(e) if is_broken_pipe(&e) => Exit::Success.into(),
        Err(e) => {
            ui.error(&e);
            Exit::Error.into()
        }
    }
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
    match cli.command {
        Command::Completions { shell } => {
            clap_complete::generate(shell, &mut Cli::command(), "claim", ui.out());
            return Ok(Exit::Success);
        }
        Command::Man => {
            clap_mangen::Man::new(Cli::command()).render(ui.out())?;
            return Ok(Exit::Success);
        }
        _ => {}
    }
    let settings = Settings::resolve(&cli.global)?;
    match cli.command {
        Command::New(args) => new::cmd_new(ui, &settings, &args),
        Command::Check(args) => check::cmd_check(ui, &settings, &args),
        Command::Policy(cmd) => policy_cmd::cmd_policy(ui, &settings, &cmd),
        Command::Orders(cmd) => orders_cmd::cmd_orders(ui, &settings, &cmd),
        Command::Scan(args) => scan::cmd_scan(ui, &settings, &args),
        Command::Draft(args) => draft_cmd::cmd_draft(ui, &settings, &args),
        Command::Escalate(args) => draft_cmd::cmd_escalate(ui, &settings, &args),
        Command::List(args) => journal_cmd::cmd_list(ui, &settings, &args),
        Command::Show(args) => journal_cmd::cmd_show(ui, &settings, &args),
        Command::Log(args) => journal_cmd::cmd_log(ui, &settings, &args),
        Command::Close(args) => journal_cmd::cmd_close(ui, &settings, &args),
        Command::Due(args) => journal_cmd::cmd_due(ui, &settings, &args),
        Command::Completions { .. } | Command::Man => Ok(Exit::Success),
    }
}
