//! Integrated-document signatures by each authority.

mod common;

use cccd_trust::*;

const SIGNED_DATA: &[u8] = b"\xA0\x10header-bytes....\xA1\x0Cbody-bytes..";

#[test]
fn each_authority_signs_and_verifies() {
    let pki = common::pki();
    let trust = pki.trust_store();
    for a in Authority::ALL {
        let cred = pki.authority(a).unwrap();
        let sig = sign_document(SIGNED_DATA, &cred.key).unwrap();
        assert!(sig.len() <= 72 && sig[0] == 0x30, "DER ECDSA signature fits DO 82");
        let cert = trust.authority(a).unwrap();
        assert_eq!(verify_document(SIGNED_DATA, &sig, cert).unwrap(), "ECDSA P-256");
        assert!(cert.subject().contains(a.title()), "{}", cert.subject());
        // Authority certificates chain to the CSCA.
        assert_eq!(check_chain(cert, &trust, std::time::SystemTime::now()).status, ChainStatus::Valid);
    }
}

#[test]
fn flipped_byte_fails() {
    let pki = common::pki();
    let cred = pki.authority(Authority::Tax).unwrap();
    let sig = sign_document(SIGNED_DATA, &cred.key).unwrap();
    for i in 0..SIGNED_DATA.len() {
        let mut data = SIGNED_DATA.to_vec();
        data[i] ^= 0x01;
        assert_eq!(verify_document(&data, &sig, &cred.cert), Err(VerifyError::Invalid), "data byte {i}");
    }
    for i in 0..sig.len() {
        let mut bad = sig.clone();
        bad[i] ^= 0x01;
        assert!(verify_document(SIGNED_DATA, &bad, &cred.cert).is_err(), "signature byte {i}");
    }
}

#[test]
fn another_authority_does_not_verify() {
    let pki = common::pki();
    let sig = sign_document(SIGNED_DATA, &pki.authority(Authority::Tax).unwrap().key).unwrap();
    let other = &pki.authority(Authority::RoadTraffic).unwrap().cert;
    assert_eq!(verify_document(SIGNED_DATA, &sig, other), Err(VerifyError::Invalid));
    assert!(verify_document(SIGNED_DATA, &[], other).is_err());
    assert!(verify_document(SIGNED_DATA, &[0x30, 0x00], other).is_err());
}
