//! Property tests: no input makes the parsers panic, and valid input round-trips byte for byte.

use cccd_apdu::{ChainAssembler, ChainStep, Command, Response, split_for_chaining};
use proptest::prelude::*;

fn arb_command() -> impl Strategy<Value = Command<'static>> {
    (
        any::<u8>().prop_filter("CLA FF is invalid", |c| *c != 0xFF),
        any::<[u8; 3]>(),
        prop_oneof![Just(0usize), 1usize..=300, Just(65_535usize)],
        prop_oneof![Just(None), (1u32..=65_536).prop_map(Some), Just(Some(256)), Just(Some(65_536))],
        any::<bool>(),
    )
        .prop_map(|(cla, [ins, p1, p2], nc, ne, extended)| {
            let mut cmd = Command::new(cla, ins, p1, p2);
            if nc > 0 {
                cmd = cmd.with_data(vec![0xC3; nc]).expect("nc within limits");
            }
            if let Some(ne) = ne {
                cmd = cmd.with_ne(ne).expect("ne within limits");
            }
            if extended { cmd.extended() } else { cmd }
        })
}

proptest! {
    #[test]
    fn command_parser_never_panics(raw in proptest::collection::vec(any::<u8>(), 0..600)) {
        if let Ok(cmd) = Command::parse(&raw) {
            // Whatever parses must encode back to exactly the same bytes.
            prop_assert_eq!(cmd.to_bytes(), raw);
        }
    }

    #[test]
    fn command_parser_never_panics_on_extended_shapes(
        cla in any::<u8>(), lc in any::<u16>(), body in proptest::collection::vec(any::<u8>(), 0..70_000usize),
    ) {
        let mut raw = vec![cla, 0xD6, 0, 0, 0];
        raw.extend_from_slice(&lc.to_be_bytes());
        raw.extend_from_slice(&body);
        if let Ok(cmd) = Command::parse(&raw) {
            prop_assert_eq!(cmd.to_bytes(), raw);
        }
    }

    #[test]
    fn command_round_trip(cmd in arb_command()) {
        let raw = cmd.to_bytes();
        prop_assert_eq!(raw.len(), cmd.encoded_len());
        let back = Command::parse(&raw).expect("encoded commands parse");
        prop_assert_eq!(&back, &cmd);
    }

    #[test]
    fn response_round_trip(raw in proptest::collection::vec(any::<u8>(), 0..600)) {
        match Response::parse(&raw) {
            Ok(r) => prop_assert_eq!(r.to_bytes(), raw),
            Err(_) => prop_assert!(raw.len() < 2),
        }
    }

    #[test]
    fn chaining_round_trip(cmd in arb_command(), max in 1usize..=255) {
        prop_assume!(!cmd.cla.is_chained() && cmd.cla.is_interindustry());
        let mut asm = ChainAssembler::new();
        let mut merged = None;
        for part in split_for_chaining(&cmd, max) {
            prop_assert!(part.nc() <= max);
            if let ChainStep::Complete(c) = asm.push(part).expect("a clean chain is accepted") {
                merged = Some(c.into_owned());
            }
        }
        let merged = merged.expect("the last part completes the chain");
        prop_assert_eq!(merged.data(), cmd.data());
        prop_assert_eq!(merged.ne(), cmd.ne());
        prop_assert_eq!(merged.header(), cmd.header());
    }
}
