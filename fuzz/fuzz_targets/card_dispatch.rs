//! Whole raw APDUs, several per input (split on a length prefix): the card answers each with a status word
//! and never panics.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut card = cccd_applet::SoftwareCard::new();
    let mut rest = data;
    while let Some((&len, tail)) = rest.split_first() {
        let (apdu, next) = tail.split_at(usize::from(len).min(tail.len()));
        let response = card.process(apdu).to_bytes();
        assert!(response.len() >= 2 && response.len() <= 65_535);
        rest = next;
    }
});
