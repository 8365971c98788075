//! Arbitrary bytes into every decoder and into the verifier: errors, never panics.

mod common;

use std::sync::OnceLock;

use cccd_chipauth::{AaPrivateKey, AaPublicKey, Dg14, Dg15, HashAlg, verify_challenge};
use proptest::prelude::*;

fn keys() -> &'static (AaPublicKey, AaPublicKey) {
    static KEYS: OnceLock<(AaPublicKey, AaPublicKey)> = OnceLock::new();
    KEYS.get_or_init(|| {
        let rsa = Dg15::decode(&common::bsi("Datagroup15.bin")).unwrap().public_key;
        let ec = AaPrivateKey::generate_p256().unwrap().public_key();
        (rsa, ec)
    })
}

fn hash() -> impl Strategy<Value = Option<HashAlg>> {
    prop::option::of(prop::sample::select(HashAlg::ALL.to_vec()))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn files_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..300)) {
        let _ = Dg15::decode(&bytes);
        let _ = Dg14::decode(&bytes);
        let _ = AaPublicKey::from_spki_der(&bytes);
        let _ = AaPrivateKey::from_pkcs8(&bytes);
    }

    #[test]
    fn wrapped_files_never_panic(body in prop::collection::vec(any::<u8>(), 0..200)) {
        let wrap = |prefix: &[u8]| {
            let mut v = prefix.to_vec();
            v.push(body.len().min(127) as u8);
            v.extend_from_slice(&body[..body.len().min(127)]);
            v
        };
        let _ = Dg15::decode(&wrap(&[0x6F]));
        let _ = Dg15::decode(&wrap(&[0x6F, 0x81, 0x80, 0x30]));
        let _ = Dg14::decode(&wrap(&[0x6E]));
        let mut set = vec![0x31];
        set.push(body.len().min(127) as u8);
        set.extend_from_slice(&body[..body.len().min(127)]);
        let mut dg14 = vec![0x6E, set.len() as u8];
        dg14.extend(set);
        let _ = Dg14::decode(&dg14);
    }

    #[test]
    fn verify_never_panics(
        challenge in prop::collection::vec(any::<u8>(), 0..16),
        sig in prop_oneof![
            prop::collection::vec(any::<u8>(), 0..200),
            prop::collection::vec(any::<u8>(), 64..=64),
            prop::collection::vec(any::<u8>(), 128..=128),
        ],
        hint in hash(),
    ) {
        let (rsa, ec) = keys();
        prop_assert!(verify_challenge(rsa, &challenge, &sig, hint).is_err());
        prop_assert!(verify_challenge(ec, &challenge, &sig, hint).is_err());
    }
}
