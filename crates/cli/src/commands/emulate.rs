//! `cccd emulate`: the software card in a vpcd reader — blank, persistent, or personalized from a profile.

use cccd_applet::{Lifecycle, SoftwareCard};
use cccd_image::{layout, load_card_files};
use cccd_reader::CardChannel;
use cccd_reader::card_ops::{aa_key_import, execute_plan, lock_steps, personalization_plan};
use cccd_transport::InProcessTransport;
use cccd_vcard::{StopHandle, VpcdEvent, VpcdOptions, serve};

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
    let card = match &args.state {
        Some(path) => SoftwareCard::with_state_file(path).map_err(|e| Failure::Usage(e.into()))?,
        None => SoftwareCard::new(),
    };
    let (files, profile_key) = match (&args.profile, &args.from_dump) {
        (Some(profile), _) => {
            let image = super::personalize::load_profile(cli, profile, None)?;
            (image.files, image.aa_key)
        }
        (None, Some(path)) => {
            (load_card_files(path, layout()).map_err(|e| Failure::Usage(e.into()))?.issuer_files(layout()), None)
        }
        (None, None) => return Ok(card),
    };
    if card.lifecycle() != Lifecycle::Blank {
        // A restart: the state file already holds the card personalized earlier.
        eprintln!("cccd: the --state file already holds a personalized card; serving it as it is");
        return Ok(card);
    }
    let mut ch = CardChannel::new(InProcessTransport::new(card));
    let mut plan =
        personalization_plan(&files, layout(), ch.capabilities(), false).map_err(|e| Failure::Usage(e.into()))?;
    if let Some(path) = &args.aa_key {
        let bytes = std::fs::read(path).map_err(|e| Failure::usage(format!("cannot read {}: {e}", path.display())))?;
        let key = cccd_chipauth::AaPrivateKey::from_pkcs8(&bytes)
            .map_err(|e| Failure::usage(format!("{}: not a usable Active Authentication key: {e}", path.display())))?;
        let der = key.to_pkcs8_der().map_err(|e| Failure::usage(format!("{}: {e}", path.display())))?;
        plan.push(aa_key_import(&der));
    }
    if let Some(der) = profile_key {
        plan.push(aa_key_import(&der));
    }
    plan.extend(lock_steps());
    execute_plan(&mut ch, &plan).map_err(|e| Failure::Card(e.into()))?;
    Ok(ch.into_transport().into_card())
}
