//! One module per subcommand.

mod apdu;
mod doc;
mod emulate;
mod personalize;
mod pin;
mod pki;
mod read;
mod readers;
mod secrets;
mod sign;
mod verify;

use cccd_apdu::StatusWord;
use cccd_reader::{CardChannel, ChannelError, Trace};
use cccd_transport::{PcscTransport, ReaderSelector};

use crate::args::{Cli, Commands};
use crate::exit::{Failure, Outcome};

pub fn run(cli: &Cli) -> Outcome {
    match &cli.command {
        Commands::Readers => readers::run(cli),
        Commands::Apdu(args) => apdu::run(cli, args),
        Commands::Emulate(args) => emulate::run(cli, args),
        Commands::Personalize(args) => personalize::run(cli, args),
        Commands::Read(args) => read::run(cli, args),
        Commands::Verify(args) => verify::run(cli, args),
        Commands::Pki(command) => pki::run(cli, command),
        Commands::Pin(command) => pin::run(cli, command),
        Commands::Doc(command) => doc::run(cli, command),
        Commands::Sign(args) => sign::run(cli, args),
    }
}

/// A card error for the user; a refusal for want of access control says how to give the access key.
pub fn card_failure(e: ChannelError) -> Failure {
    match &e {
        ChannelError::Status { sw: StatusWord::SECURITY_STATUS_NOT_SATISFIED, what } => Failure::Card(anyhow::anyhow!(
            "the card refused {what} (6982, security status not satisfied): reading needs Basic Access Control (the \
             access key: --mrz, --doc-number/--birth/--expiry or --personal-number/--birth/--expiry); signing and \
             document writes also need the PIN"
        )),
        _ => Failure::Card(e.into()),
    }
}

/// Connect, and run Basic Access Control with `mrz_information` (from [`AccessKeyArgs`]) when there is one.
pub fn open_with_access(cli: &Cli, mrz_information: Option<&str>) -> Result<CardChannel<PcscTransport>, Failure> {
    let mut ch = open_channel(cli)?;
    if let Some(info) = mrz_information {
        cccd_reader::access::basic_access_control(&mut ch, &emrtd_aid(), info).map_err(|e| match e {
            // Wrong keys are wrong input, not a reader fault.
            ChannelError::Access(why) => Failure::usage(why),
            e => card_failure(e),
        })?;
    }
    Ok(ch)
}

/// A file the user named, read whole; the error names it.
pub fn read_file(path: &std::path::Path) -> Result<Vec<u8>, Failure> {
    std::fs::read(path).map_err(|e| Failure::usage(format!("cannot read {}: {e}", path.display())))
}

/// A text file the user named; the error names it.
pub fn read_text(path: &std::path::Path) -> Result<String, Failure> {
    std::fs::read_to_string(path).map_err(|e| Failure::usage(format!("cannot read {}: {e}", path.display())))
}

/// Write a file the user named; the error names it.
pub fn write_file(path: &std::path::Path, bytes: &[u8]) -> Result<(), Failure> {
    std::fs::write(path, bytes).map_err(|e| Failure::usage(format!("cannot write {}: {e}", path.display())))
}

/// The eMRTD application's AID, from the applet spec.
pub fn emrtd_aid() -> Vec<u8> {
    cccd_image::layout().application("emrtd").and_then(|a| a.aid.clone()).unwrap_or_default()
}

/// Connect to the chosen reader's card, with the trace the user asked for.
pub fn open_channel(cli: &Cli) -> Result<CardChannel<PcscTransport>, Failure> {
    let trace = match &cli.trace {
        Some(path) => Some(
            Trace::create(path)
                .map_err(|e| Failure::usage(format!("cannot create trace file {}: {e}", path.display())))?,
        ),
        None => None,
    };
    let selector = cli.reader.clone().unwrap_or(ReaderSelector::Auto);
    let transport = PcscTransport::connect(&selector).map_err(|e| Failure::Card(e.into()))?;
    Ok(CardChannel::new(transport).with_trace(trace))
}
