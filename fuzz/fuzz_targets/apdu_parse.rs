//! Any bytes: the command parser never panics, and what it accepts encodes back to the same bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(cmd) = cccd_apdu::Command::parse(data) {
        assert_eq!(cmd.to_bytes(), data);
    }
    if let Ok(atr) = cccd_apdu::Atr::parse(data) {
        let _ = atr.capabilities();
    }
    let _ = cccd_apdu::Fcp::parse(data);
});
