//! `cccd emulate`: the software card in a vpcd reader — blank, persistent, or personalized from a profile.

use cccd_applet::{Lifecycle, SoftwareCard};
use cccd_image::layout;
use cccd_reader::CardChannel;
use cccd_reader::card_ops::execute_plan;
use cccd_transport::InProcessTransport;
use cccd_vcard::{StopHandle, VpcdEvent, VpcdOptions, serve};

use super::personalize::{Image, full_plan};
use crate::args::{Cli, EmulateArgs};
use crate::exit::{Failure, Outcome};

pub fn run(cli: &Cli, args: &EmulateArgs) -> Outcome {
    if cli.trace.is_some() || cli.reader.is_some() {
        // The card side has no reader to choose and keeps no trace: APDU contents may hold PINs and keys.
        return Err(Failure::usage("--trace and --reader apply to host commands (read, apdu, …), not to emulate"));
    }
    let card = prepare_card(cli, args)?;
    let mut options = VpcdOptions::slot(args.slot);
    if let Some(addr) = args.vpcd {
        options.addr = addr;
    }
    let reader = match args.vpcd {
        Some(addr) => format!("vpcd at {addr}"),
        None => format!("Virtual PCD 00 {:02}", args.slot),
    };
    eprintln!(
        "cccd: serving the software card ({:?}) in {reader} ({}); Ctrl-C to stop",
        card.lifecycle(),
        options.addr
    );
    // Link events carry sizes only, never APDU contents.
    let options = options.with_events(|event| match event {
        VpcdEvent::Connected(addr) => eprintln!("cccd: connected to vpcd at {addr}"),
        VpcdEvent::Disconnected(_) => eprintln!("cccd: vpcd went away; reconnecting"),
        VpcdEvent::ResponseRejected(len) => eprintln!("cccd: a {len}-byte response does not fit a vpcd frame"),
        _ => {}
    });
    let stop = StopHandle::new();
    serve(card, &options, &stop);
    Ok(())
}

/// The card to serve: from the state file when given; personalized from a profile or a card image when given
/// (through the same plan `cccd personalize` sends to a reader, in process), locked like an issued card.
fn prepare_card(cli: &Cli, args: &EmulateArgs) -> Result<SoftwareCard, Failure> {
    let perso_key = super::secrets::perso_key(&args.perso)?;
    let card = match &args.state {
        Some(path) => {
            SoftwareCard::with_state_file_and_key(path, perso_key.clone()).map_err(|e| Failure::Usage(e.into()))?
        }
        None => SoftwareCard::with_perso_key(perso_key.clone()),
    };
    let Some(source) = args.profile.as_ref().or(args.from_dump.as_ref()) else { return Ok(card) };
    if card.lifecycle() != Lifecycle::Blank {
        // A restart: the state file already holds the card personalized earlier.
        eprintln!("cccd: the --state file already holds a personalized card; serving it as it is");
        return Ok(card);
    }
    let image = if args.profile.is_some() {
        let mut image = super::personalize::load_profile(cli, source, None)?;
        image.pins = super::secrets::initial_pins(&args.pins)?;
        image
    } else {
        if args.pins.pin_file.is_some() {
            return Err(Failure::usage("--pin-file/--puk-file go with --profile; a dump carries no PIN"));
        }
        let files = super::read::load_dump(source)?.issuer_files(layout());
        Image { files, aa_key: args.aa_key.as_deref().map(load_aa_key).transpose()?, authority_keys: None, pins: None }
    };
    let mut ch = CardChannel::new(InProcessTransport::new(card));
    cccd_reader::access::authenticate_personalization(&mut ch, &perso_key).map_err(|e| Failure::Card(e.into()))?;
    let plan = full_plan(&image, ch.capabilities(), true)?;
    execute_plan(&mut ch, &plan).map_err(|e| Failure::Card(e.into()))?;
    Ok(ch.into_transport().into_card())
}

/// The chip's AA private key from a PKCS#8 file (DER or PEM), as PKCS#8 DER for the import.
fn load_aa_key(path: &std::path::Path) -> Result<Vec<u8>, Failure> {
    let bytes = super::read_file(path)?;
    let key = cccd_chipauth::AaPrivateKey::from_pkcs8(&bytes)
        .map_err(|e| Failure::usage(format!("{}: not a usable Active Authentication key: {e}", path.display())))?;
    let der = key.to_pkcs8_der().map_err(|e| Failure::usage(format!("{}: {e}", path.display())))?;
    Ok(der.to_vec())
}
