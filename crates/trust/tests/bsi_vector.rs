//! The BSI TR-03105-5 reference passport: RSASSA-PSS EF.SOD with an expired document signer certificate.

mod common;

use std::time::SystemTime;

use cccd_trust::*;
use common::{bsi, vectors};

const DGS: [(u8, &str); 5] = [
    (1, "Datagroup1.bin"),
    (2, "Datagroup2.bin"),
    (3, "Datagroup3.bin"),
    (4, "Datagroup4.bin"),
    (14, "Datagroup14.bin"),
];

fn sod() -> Sod {
    Sod::parse(&bsi("EF_SOD.bin")).expect("BSI EF.SOD parses")
}

#[test]
fn hex_file_is_the_same_sod() {
    let hex_text = std::fs::read_to_string(vectors().join("bsi_tr03105_ef_sod.hex")).unwrap();
    assert_eq!(hex::decode(hex_text.trim()).unwrap(), bsi("EF_SOD.bin"));
}

#[test]
fn parses() {
    let sod = sod();
    assert_eq!(sod.lso_version, 0);
    assert_eq!(sod.dg_hash_algorithm, Ok(DigestAlgorithm::Sha256));
    assert_eq!(sod.digest_algorithm, Ok(DigestAlgorithm::Sha256));
    assert_eq!(sod.dg_hashes.iter().map(|h| h.dg).collect::<Vec<_>>(), [1, 2, 3, 14, 4]);
    assert_eq!(sod.signature_algorithm, SignatureAlgorithm::RsaPss { hash: DigestAlgorithm::Sha256, salt_len: 32 });
    assert_eq!(sod.certificates.len(), 1);
    assert_eq!(sod.content_type, Some(ID_LDS_SECURITY_OBJECT));
    let ds = sod.signer_certificate().expect("signer identifier names the embedded DSC");
    assert_eq!(ds.subject(), "CN=HJP PB DS,OU=Document Signer,O=HJP Consulting,C=DE");
    assert_eq!(ds.serial_hex(), "0142FD5CF927");
    assert!(
        matches!(&sod.signer, SignerId::IssuerAndSerial { serial, .. } if serial == &[0x01, 0x42, 0xFD, 0x5C, 0xF9, 0x27])
    );
    assert!(sod.has_signed_attrs());
    assert_eq!(sod.signed_bytes()[0], 0x31);
}

#[test]
fn message_digest_matches() {
    let check = check_message_digest(&sod());
    assert_eq!(check.status, DigestStatus::Match, "{}", check.reason);
    let md = hex::encode_upper(sod().message_digest.unwrap());
    assert!(md.starts_with("B46A0D05") && md.ends_with("B9D6"), "{md}");
}

#[test]
fn pss_signature_verifies_with_the_embedded_dsc() {
    let check = check_signature(&sod(), None);
    assert_eq!(check.status, SignatureStatus::Valid, "{}", check.reason);
    assert!(check.reason.contains("RSA 2048"), "{}", check.reason);
}

#[test]
fn every_dg_hash_matches() {
    let files: Vec<(u8, Vec<u8>)> = DGS.iter().map(|(n, f)| (*n, bsi(f))).collect();
    let refs = common::as_refs(&files);
    let checks = check_data_groups(&sod(), &refs);
    assert_eq!(checks.len(), 5);
    for c in &checks {
        assert_eq!(c.status, DgStatus::Match, "DG{}: {}", c.dg, c.reason);
    }
    // DG15 is on the chip but not in this SOD; DG3 not read.
    let mut partial = refs.clone();
    partial.retain(|(n, _)| *n != 3);
    let dg15 = bsi("Datagroup15.bin");
    partial.push((15, &dg15));
    let checks = check_data_groups(&sod(), &partial);
    let status = |dg| checks.iter().find(|c| c.dg == dg).unwrap().status;
    assert_eq!(status(3), DgStatus::Absent);
    assert_eq!(status(15), DgStatus::NotListed);
    assert_eq!(status(1), DgStatus::Match);
}

#[test]
fn dsc_is_expired_but_the_signature_still_verifies() {
    let sod = sod();
    let files: Vec<(u8, Vec<u8>)> = DGS.iter().map(|(n, f)| (*n, bsi(f))).collect();
    let pa =
        passive_authentication(&sod, &common::as_refs(&files), None, Some(&TrustStore::default()), SystemTime::now());
    assert_eq!(pa.signature.status, SignatureStatus::Valid);
    assert!(pa.integrity_ok());
    let chain = pa.chain.as_ref().unwrap();
    assert_eq!(chain.status, ChainStatus::NoTrustAnchor, "{}", chain.reason);
    assert_eq!(chain.ds_validity.status, Validity::Expired, "{}", chain.ds_validity.reason);
    assert!(chain.ds_validity.reason.contains("2014-12-11"), "{}", chain.ds_validity.reason);
    assert!(!pa.passed());

    // Inside its validity period the same certificate is valid.
    let ds = sod.signer_certificate().unwrap();
    let in_2014 = SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_400_000_000);
    assert_eq!(ds.validity_at(in_2014), Validity::Valid);
    assert_eq!(check_validity(ds, in_2014).status, Validity::Valid);
}

#[test]
fn accepts_a_bare_content_info() {
    let bytes = bsi("EF_SOD.bin");
    let bare = common::strip_77(&bytes);
    let sod = Sod::parse(bare).unwrap();
    assert_eq!(check_signature(&sod, None).status, SignatureStatus::Valid);
}

/// Position of the SignerInfo's RSASSA-PSS parameters (after the last id-RSASSA-PSS OID).
fn pss_params_at(sod: &[u8]) -> usize {
    let oid = [0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x0A];
    sod.windows(oid.len()).rposition(|w| w == oid).unwrap() + oid.len()
}

#[test]
fn pss_salt_length_is_taken_from_the_parameters() {
    let mut bytes = bsi("EF_SOD.bin");
    let at = pss_params_at(&bytes);
    let salt = bytes[at..].windows(5).position(|w| w == [0xA2, 0x03, 0x02, 0x01, 0x20]).unwrap() + at + 4;
    bytes[salt] = 20;
    let sod = Sod::parse(&bytes).unwrap();
    assert_eq!(sod.signature_algorithm, SignatureAlgorithm::RsaPss { hash: DigestAlgorithm::Sha256, salt_len: 20 });
    assert_eq!(check_signature(&sod, None).status, SignatureStatus::Invalid);
}

#[test]
fn pss_with_a_different_mgf1_hash_is_unsupported() {
    let mut bytes = bsi("EF_SOD.bin");
    let at = pss_params_at(&bytes);
    let sha256 = [0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01];
    let hits: Vec<usize> =
        bytes[at..].windows(9).enumerate().filter(|(_, w)| *w == sha256).map(|(i, _)| i + at).take(2).collect();
    bytes[hits[1] + 8] = 0x02; // MGF1-SHA-384
    let sod = Sod::parse(&bytes).unwrap();
    assert!(
        matches!(&sod.signature_algorithm, SignatureAlgorithm::Unsupported(why) if why.contains("MGF1")),
        "{}",
        sod.signature_algorithm
    );
    let check = check_signature(&sod, None);
    assert_eq!(check.status, SignatureStatus::Unsupported, "{}", check.reason);
}
