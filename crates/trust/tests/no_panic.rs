//! Untrusted input never panics: arbitrary bytes, and mutations of real EF.SODs and certificates.

mod common;

use std::time::SystemTime;

use cccd_trust::*;
use proptest::prelude::*;

fn exercise(bytes: &[u8]) {
    if let Ok(sod) = Sod::parse(bytes) {
        let files = common::dg_files();
        let trust = common::pki().trust_store();
        let _ = passive_authentication(&sod, &common::as_refs(&files), None, Some(&trust), SystemTime::now());
    }
}

fn bsi_sod() -> &'static [u8] {
    static SOD: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    SOD.get_or_init(|| common::bsi("EF_SOD.bin"))
}

fn our_sod() -> &'static [u8] {
    static SOD: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    SOD.get_or_init(common::our_sod)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        exercise(&bytes);
        let _ = Cert::all_from_bytes(&bytes);
    }

    #[test]
    fn prefixed_arbitrary_bytes(tag in prop_oneof![Just(0x77u8), Just(0x30u8)], len in any::<u8>(), rest in proptest::collection::vec(any::<u8>(), 0..300)) {
        let mut bytes = vec![tag, len];
        bytes.extend(rest);
        exercise(&bytes);
    }

    #[test]
    fn mutated_sods(bsi in any::<bool>(), edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..6), cut in any::<prop::sample::Index>(), truncate in any::<bool>()) {
        let mut bytes = if bsi { bsi_sod().to_vec() } else { our_sod().to_vec() };
        for (at, value) in edits {
            let i = at.index(bytes.len());
            bytes[i] = value;
        }
        if truncate {
            bytes.truncate(cut.index(bytes.len()));
        }
        exercise(&bytes);
    }

    #[test]
    fn mutated_certificates(edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..4)) {
        let mut der = common::pki().document_signer.cert.der().to_vec();
        for (at, value) in edits {
            let i = at.index(der.len());
            der[i] = value;
        }
        if let Ok(cert) = Cert::from_der(&der) {
            let _ = verify_document(b"x", &[0x30, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01], &cert);
            let _ = check_chain(&cert, &common::pki().trust_store(), SystemTime::now());
            let _ = (cert.is_ca(), cert.subject(), cert.validity_at(SystemTime::now()));
        }
    }
}
