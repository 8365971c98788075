//! Whatever bytes arrive, the card answers with a status word and never panics.

mod common;

use cccd_apdu::{Command, Fcp, StatusWord};
use cccd_applet::SoftwareCard;
use proptest::prelude::*;

/// A locked card with DG1, the documents application, the PIN and one authority key, opened with BAC and the PIN:
/// every document object sent now reaches the card's document parser and signature check.
fn card_open_for_documents() -> (SoftwareCard, cccd_sm::SmSession) {
    let mut card = SoftwareCard::new();
    common::perso(&mut card);
    let info = common::write_emrtd_with_dg1(&mut card);
    let point = p256::ecdsa::SigningKey::from_slice(&[7u8; 32]).unwrap().verifying_key().to_sec1_point(false);
    let keys = cccd_documents::AuthorityKeys {
        keys: vec![cccd_documents::AuthorityKey {
            types: cccd_documents::DocumentType::ALL.to_vec(),
            public_key: point.as_bytes().to_vec(),
        }],
    };
    let aid = cccd_documents::AID.to_vec();
    let setup = [
        Command::new(0, 0xA4, 0x00, 0x0C),
        Command::new(0, 0xE0, 0, 0).with_data(Fcp::df(0x5F10, Some(aid)).to_bytes()).unwrap(),
        Command::new(0, 0xDA, 0x00, 0xF6).with_data(b"12345687654321".to_vec()).unwrap(),
        Command::new(0, 0xDA, 0x00, 0xF7).with_data(keys.encode()).unwrap(),
        Command::new(0, 0xA4, 0x00, 0x0C),
        Command::new(0, 0x44, 0x00, 0x00),
    ];
    for cmd in setup {
        assert_eq!(card.process(&cmd.to_bytes()).sw, StatusWord::SUCCESS, "{cmd:?}");
    }
    let mut sm = common::bac(&mut card, &info).unwrap();
    let verify = Command::new(0, 0x20, 0x00, 0x81).with_data(b"123456".to_vec()).unwrap();
    assert_eq!(common::send_sm(&mut card, &mut sm, &verify).sw, StatusWord::SUCCESS);
    (card, sm)
}

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
        Just(0x82),
        Just(0x20),
        Just(0x2A),
        Just(0x46),
        Just(0x88),
        Just(0xCA),
        Just(0xDA),
        Just(0xDB),
        any::<u8>()
    ];
    (
        prop_oneof![Just(0x00u8), Just(0x10), Just(0x0C), Just(0x1C), any::<u8>()],
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
    #![proptest_config(ProptestConfig { cases: 1000, ..ProptestConfig::default() })]
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

    /// Arbitrary document objects (a document tag, then anything) under BAC with the PIN: a specified status word,
    /// never a panic, and nothing stored unless it verifies (no key here signs them).
    #[test]
    fn arbitrary_documents_are_refused_cleanly(code in 0xE0u8..=0xE9, body in proptest::collection::vec(any::<u8>(), 0..400)) {
        let (mut card, mut sm) = card_open_for_documents();
        let mut object = vec![code];
        cccd_tlv::encode_length(body.len(), &mut object);
        object.extend(&body);
        let put = Command::new(0, 0xDB, 0x3F, 0xFF).with_data(object).unwrap();
        let sw = common::send_sm(&mut card, &mut sm, &put).sw;
        prop_assert!(
            [StatusWord::INCORRECT_DATA, StatusWord::REFERENCED_DATA_NOT_FOUND].contains(&sw),
            "answered {sw}"
        );
    }

    #[test]
    fn arbitrary_bytes_are_answered(raw in proptest::collection::vec(any::<u8>(), 0..600)) {
        let mut card = SoftwareCard::new();
        common::perso(&mut card);
        prop_assert!(card.process(&raw).to_bytes().len() >= 2);
    }
}
