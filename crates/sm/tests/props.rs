//! Round trips between the terminal and the card, tampering, and garbage in every parser.

use cccd_apdu::{Command, Response, StatusWord};
use cccd_sm::{BacCard, BacKeys, BacTerminal, Key16, SmError, SmSession};
use proptest::prelude::*;

fn pair(ssc: u64) -> (SmSession, SmSession) {
    let enc = [0x97, 0x9E, 0xC1, 0x3B, 0x1C, 0xBF, 0xE9, 0xDC, 0xD0, 0x1A, 0xB0, 0xFE, 0xD3, 0x07, 0xEA, 0xE5];
    let mac = [0xF1, 0xCB, 0x1F, 0x1F, 0xB5, 0xAD, 0xF2, 0x08, 0x80, 0x6B, 0x89, 0xDC, 0x57, 0x9D, 0xC1, 0xF8];
    (SmSession::new(Key16::new(enc), Key16::new(mac), ssc), SmSession::new(Key16::new(enc), Key16::new(mac), ssc))
}

/// A class byte without SM bits: first interindustry (b4b3 = 00) or further (b6 = 0).
fn plain_cla() -> impl Strategy<Value = u8> {
    prop_oneof![(0u8..0x20).prop_map(|c| c & !0x0C), (0x40u8..0x80).prop_map(|c| c & !0x20)]
}

fn command() -> impl Strategy<Value = Command<'static>> {
    let data = prop_oneof![
        4 => proptest::collection::vec(any::<u8>(), 0..300),
        1 => proptest::collection::vec(any::<u8>(), 300..3000),
    ];
    let ne = prop_oneof![Just(None), (1u32..=256).prop_map(Some), (1u32..=65_536).prop_map(Some), Just(Some(65_536))];
    (plain_cla(), any::<u8>(), any::<u8>(), any::<u8>(), data, ne, any::<bool>()).prop_map(
        |(cla, ins, p1, p2, data, ne, extended)| {
            let mut cmd = Command::new(cla, ins, p1, p2);
            if !data.is_empty() {
                cmd = cmd.with_data(data).expect("≤ 65535 bytes");
            }
            if let Some(ne) = ne {
                cmd = cmd.with_ne(ne).expect("1..=65536");
            }
            if extended { cmd.extended() } else { cmd }
        },
    )
}

fn response() -> impl Strategy<Value = Response> {
    (proptest::collection::vec(any::<u8>(), 0..600), any::<u16>())
        .prop_map(|(data, sw)| Response::new(data, StatusWord(sw)))
}

fn same_command(a: &Command<'_>, b: &Command<'_>) -> bool {
    (a.cla, a.ins, a.p1, a.p2, a.data(), a.ne()) == (b.cla, b.ins, b.p1, b.p2, b.data(), b.ne())
}

proptest! {
    #[test]
    fn command_and_response_round_trip(cmd in command(), resp in response(), ssc in any::<u64>()) {
        let (mut terminal, mut card) = pair(ssc);
        let protected = terminal.protect(&cmd).unwrap();
        let raw = protected.to_bytes();
        let received = Command::parse(&raw).unwrap();
        let plain = card.unprotect_command(&received).unwrap();
        prop_assert!(same_command(&plain, &cmd), "{plain:?} != {cmd:?}");
        let answer = card.protect_response(&resp);
        prop_assert_eq!(terminal.unprotect(&Response::parse(&answer.to_bytes()).unwrap()).unwrap(), resp);
        prop_assert_eq!(terminal.ssc(), ssc.wrapping_add(2));
        prop_assert_eq!(card.ssc(), ssc.wrapping_add(2));
        // Protected form: extended exactly when the body or Ne needs it; Le' is 00 / 0000.
        let extended = protected.nc() > 255 || cmd.ne().is_some_and(|ne| ne > 256);
        prop_assert_eq!(protected.form() == cccd_apdu::LengthForm::Extended, extended);
        prop_assert_eq!(protected.ne(), Some(if extended { 65_536 } else { 256 }));
    }

    #[test]
    fn a_flipped_command_byte_is_caught(cmd in command(), pos in any::<prop::sample::Index>(), bit in 0u8..8) {
        let (mut terminal, mut card) = pair(7);
        let protected = terminal.protect(&cmd).unwrap();
        let mut raw = protected.to_bytes();
        // Le' is not authenticated (the card ignores it): flip anything before it.
        let le_len = if protected.form() == cccd_apdu::LengthForm::Extended { 2 } else { 1 };
        let i = pos.index(raw.len() - le_len);
        raw[i] ^= 1 << bit;
        let mac_do = raw.len() - le_len - 10;
        if let Ok(received) = Command::parse(&raw) {
            let err = card.unprotect_command(&received).unwrap_err();
            let header_len = 4 + if protected.form() == cccd_apdu::LengthForm::Extended { 3 } else { 1 };
            if (1..4).contains(&i) || (header_len..mac_do).contains(&i) || i >= mac_do + 2 {
                prop_assert_eq!(err, SmError::BadMac);
            } else if i == mac_do || i == mac_do + 1 {
                prop_assert_eq!(err, SmError::MissingMac);
            }
        }
    }

    #[test]
    fn a_flipped_response_byte_is_caught(resp in response(), pos in any::<prop::sample::Index>(), bit in 0u8..8) {
        let (mut terminal, mut card) = pair(0);
        let cmd = Command::new(0, 0xB0, 0, 0).with_ne(256).unwrap();
        card.unprotect_command(&terminal.protect(&cmd).unwrap()).unwrap();
        let answer = card.protect_response(&resp);
        let mut raw = answer.to_bytes();
        let i = pos.index(raw.len());
        raw[i] ^= 1 << bit;
        let result = terminal.unprotect(&Response::parse(&raw).unwrap());
        let mac_do = raw.len() - 2 - 10;
        if i >= raw.len() - 2 {
            // The trailer SW is not authenticated; the result carries DO'99'.
            prop_assert_eq!(result.unwrap(), resp);
        } else if i == mac_do || i == mac_do + 1 {
            prop_assert_eq!(result, Err(SmError::MissingMac));
        } else {
            prop_assert_eq!(result, Err(SmError::BadMac));
        }
    }

    #[test]
    fn garbage_never_panics(raw in proptest::collection::vec(any::<u8>(), 0..400), ssc in any::<u64>()) {
        let (mut terminal, mut card) = pair(ssc);
        if let Ok(cmd) = Command::parse(&raw) {
            let _ = card.unprotect_command(&cmd);
            let _ = terminal.protect(&cmd);
        }
        if let Ok(resp) = Response::parse(&raw) {
            let _ = terminal.unprotect(&resp);
            let keys = BacKeys::from_mrz_information("L898902C<369080619406236");
            let t = BacTerminal::with_randoms(&keys, &[1; 8], [2; 8], Key16::new([3; 16])).unwrap();
            let _ = t.finish(&Response::success(resp.data.clone()));
            let _ = BacCard::with_challenge(&keys, [1; 8]).authenticate_with(&resp.data, Key16::new([4; 16]));
            let _ = BacTerminal::with_randoms(&keys, &resp.data, [2; 8], Key16::new([3; 16]));
        }
    }
}

#[test]
fn too_long_commands_are_refused_without_advancing() {
    let (mut terminal, _) = pair(5);
    let cmd = Command::new(0, 0xD6, 0, 0).with_data(vec![0; 65_535]).unwrap();
    assert!(matches!(terminal.protect(&cmd), Err(SmError::CommandTooLong(_))));
    let cmd = Command::new(0, 0xD6, 0, 0).with_data(vec![0; 65_520]).unwrap();
    assert!(matches!(terminal.protect(&cmd), Err(SmError::CommandTooLong(_))));
    assert!(matches!(terminal.protect(&Command::new(0xFF, 0xB0, 0, 0)), Err(SmError::InvalidClass(0xFF))));
    assert_eq!(terminal.ssc(), 5);
    // The body is the padded data + 15 (DO'87' tag, 3 length bytes, indicator; DO'8E'): 65,519 bytes still fit.
    let cmd = Command::new(0, 0xD6, 0, 0).with_data(vec![0; 65_519]).unwrap();
    assert!(terminal.protect(&cmd).is_ok());
    assert_eq!(terminal.ssc(), 6);
}
