//! One module per subcommand.

mod apdu;
mod emulate;
mod personalize;
mod pin;
mod pki;
mod read;
mod readers;
mod verify;

use cccd_reader::{CardChannel, Trace};
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
    }
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
