//! `cccd emulate`: the software card in a vpcd reader.

use cccd_applet::SoftwareCard;
use cccd_vcard::{StopHandle, VpcdEvent, VpcdOptions, serve};

use crate::args::{Cli, EmulateArgs};
use crate::exit::{Failure, Outcome};

pub fn run(_cli: &Cli, args: &EmulateArgs) -> Outcome {
    let mut options = VpcdOptions::slot(args.slot);
    if let Some(addr) = args.vpcd {
        options.addr = addr;
    }
    let reader = match args.vpcd {
        Some(addr) => format!("vpcd at {addr}"),
        None => format!("Virtual PCD 00 {:02}", args.slot),
    };
    eprintln!("cccd: serving the software card in {reader} ({}); Ctrl-C to stop", options.addr);
    // Link events carry sizes only, never APDU contents.
    let options = options.with_events(|event| match event {
        VpcdEvent::Connected(addr) => eprintln!("cccd: connected to vpcd at {addr}"),
        VpcdEvent::Disconnected(_) => eprintln!("cccd: vpcd went away; reconnecting"),
        VpcdEvent::ResponseRejected(len) => eprintln!("cccd: a {len}-byte response does not fit a vpcd frame"),
        _ => {}
    });
    let card = match &args.state {
        Some(path) => SoftwareCard::with_state_file(path).map_err(|e| Failure::Usage(e.into()))?,
        None => SoftwareCard::new(),
    };
    let stop = StopHandle::new();
    serve(card, &options, &stop);
    Ok(())
}
