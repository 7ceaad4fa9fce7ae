//! `claim orders set ID`: record facts the exports lack.

use chrono::NaiveDate;

use crate::app::Settings;
use crate::app::catalogue::Catalogue;
use crate::app::orders::{Recorded, record};
use crate::cli::Exit;
use crate::cli::args::{PrimeArgs, parse_date, parse_id};
use crate::cli::error::{CliError, Hint};
use crate::cli::ui::{Ui, plain};
use crate::lang::fill;
use crate::vocab::Id;

#[derive(Debug, clap::Args)]
pub struct SetArgs {
    /// Order id
    pub id: String,
    /// The item the seller applies to (ASIN or position); without it, the whole order
    #[arg(long, value_name = "ASIN|N", requires = "seller")]
    pub item: Option<String>,
    /// Latest promised delivery date
    #[arg(long, value_name = "DATE", value_parser = crate::cli::args::parse_bounded_date)]
    pub promised: Option<NaiveDate>,
    /// No delivery date was given
    #[arg(long, conflicts_with = "promised")]
    pub no_promised_date: bool,
    /// Delivery date
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub delivered: Option<NaiveDate>,
    /// The parcel has not arrived
    #[arg(long, conflicts_with = "delivered")]
    pub not_delivered: bool,
    /// Who sold it: a seller kind of the order's policy (amazon, fba or third-party on Amazon)
    #[arg(long, value_name = "KIND", value_parser = parse_id)]
    pub seller: Option<Id>,
    #[command(flatten)]
    pub prime: PrimeArgs,
    /// Date you contacted the seller
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub contacted_seller: Option<NaiveDate>,
    /// Date you sent the item back
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub returned: Option<NaiveDate>,
}

pub fn cmd_set(ui: &mut Ui, settings: &Settings, args: &SetArgs) -> anyhow::Result<Exit> {
    let facts = Recorded {
        promised: args.promised,
        delivered: args.delivered,
        not_delivered: args.not_delivered,
        no_promised_date: args.no_promised_date,
        seller: args.seller.clone().map(|s| (args.item.clone(), s)),
        prime: args.prime.value(),
        contacted_seller: args.contacted_seller,
        returned: args.returned,
    };
    if facts.is_empty() {
        return Err(CliError::usage(
            "nothing to record: pass --promised, --no-promised-date, --delivered, --not-delivered, --seller, --prime/--no-prime, --contacted-seller or --returned",
        )
        .into());
    }
    if settings.uses_order_files() {
        return Err(CliError::usage(
            "`claim orders set` records facts in your imported history; with --orders files, edit the file instead",
        )
        .hint(Hint::ImportHistory)
        .into());
    }
    let id = record(settings, &mut Catalogue::new(settings), &args.id, &facts)?;
    let lang = settings.screen_lang(None);
    ui.line(&[plain(&fill(lang.phrases().orders.recorded, &[("id", &id)]))])?;
    Ok(Exit::Success)
}
