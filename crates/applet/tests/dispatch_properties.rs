//! Whatever bytes arrive, the card answers with a status word and never panics.

mod common;

use cccd_applet::SoftwareCard;
use proptest::prelude::*;

fn interesting_apdu() -> impl Strategy<Value = Vec<u8>> {
    let ins = prop_oneof![
        Just(0xA4u8),
        Just(0xB0),
        Just(0xB1),
        Just(0xD6),
        Just(0xD7),
        Just(0xE0),
        Just(0x84),
        Just(0xC0),
        any::<u8>()
    ];
    (
        prop_oneof![Just(0x00u8), Just(0x10), any::<u8>()],
        ins,
        any::<u8>(),
        any::<u8>(),
        proptest::collection::vec(any::<u8>(), 0..300),
    )
        .prop_map(|(cla, ins, p1, p2, body)| {
            let mut raw = vec![cla, ins, p1, p2];
            raw.extend(body);
            raw
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]
    #[test]
    fn any_sequence_of_commands_is_answered(apdus in proptest::collection::vec(interesting_apdu(), 1..20)) {
        let mut card = SoftwareCard::new();
        common::perso(&mut card);
        for apdu in apdus {
            let response = card.process(&apdu);
            let raw = response.to_bytes();
            prop_assert!(raw.len() >= 2);
            prop_assert!(raw.len() <= 65_535);
        }
    }

    #[test]
    fn arbitrary_bytes_are_answered(raw in proptest::collection::vec(any::<u8>(), 0..600)) {
        let mut card = SoftwareCard::new();
        common::perso(&mut card);
        prop_assert!(card.process(&raw).to_bytes().len() >= 2);
    }
}
