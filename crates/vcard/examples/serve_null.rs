//! Put a `NullCard` in vpcd slot N (default 0) until killed, logging link events:
//! `cargo run -p cccd-vcard --example serve_null -- 1`, then e.g. `opensc-tool -l`.

use cccd_vcard::{NullCard, StopHandle, VpcdOptions, serve};

fn main() {
    let slot = std::env::args().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0u8);
    let options = VpcdOptions::slot(slot).with_events(|event| eprintln!("vpcd: {event:?}"));
    eprintln!("serving a null card to {}", options.addr);
    let stats = serve(NullCard::new(), &options, &StopHandle::new());
    eprintln!("{stats:?}");
}
