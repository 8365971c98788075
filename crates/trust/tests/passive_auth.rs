//! Our EF.SOD end to end, and tampering: each forgery fails exactly the check it should, and nothing panics.

mod common;

use std::time::{Duration, SystemTime};

use cccd_trust::*;
use common::{as_refs, dg_files, our_sod, pki};

fn now() -> SystemTime {
    SystemTime::now()
}

#[test]
fn our_sod_passes_everything() {
    let sod_bytes = our_sod();
    let sod = Sod::parse(&sod_bytes).unwrap();
    assert_eq!(sod.dg_hashes.iter().map(|h| h.dg).collect::<Vec<_>>(), [1, 2, 13, 14, 15]);
    assert_eq!(sod.signature_algorithm, SignatureAlgorithm::Ecdsa { hash: DigestAlgorithm::Sha256, plain: false });
    assert_eq!(sod.content_type, Some(ID_LDS_SECURITY_OBJECT));
    let files = dg_files();
    let trust = pki().trust_store();
    let pa = passive_authentication(&sod, &as_refs(&files), None, Some(&trust), now());
    assert!(pa.passed(), "{pa:#?}");
    let chain = pa.chain.unwrap();
    assert_eq!(chain.status, ChainStatus::Valid, "{}", chain.reason);
    assert_eq!(chain.csca.unwrap().der(), pki().csca.cert.der());
    assert!(pa.signature.reason.contains("ECDSA P-256"), "{}", pa.signature.reason);
}

#[test]
fn flipped_dg_byte_fails_only_that_dg() {
    let sod = Sod::parse(&our_sod()).unwrap();
    let mut files = dg_files();
    let last = files[1].1.len() - 1;
    files[1].1[last] ^= 0x01;
    let pa = passive_authentication(&sod, &as_refs(&files), None, Some(&pki().trust_store()), now());
    for c in &pa.data_groups {
        let want = if c.dg == 2 { DgStatus::Mismatch } else { DgStatus::Match };
        assert_eq!(c.status, want, "DG{}: {}", c.dg, c.reason);
    }
    assert_eq!(pa.signature.status, SignatureStatus::Valid);
    assert!(!pa.passed() && !pa.integrity_ok());
}

#[test]
fn flipped_signature_byte_fails_the_signature() {
    let mut bytes = our_sod();
    let sod = Sod::parse(&bytes).unwrap();
    let sig = sod.signature.clone();
    let at = bytes.windows(sig.len()).position(|w| w == sig.as_slice()).unwrap();
    bytes[at + sig.len() - 3] ^= 0x40; // inside s
    let sod = Sod::parse(&bytes).unwrap();
    let check = check_signature(&sod, None);
    assert_eq!(check.status, SignatureStatus::Invalid, "{}", check.reason);
    assert_eq!(check_message_digest(&sod).status, DigestStatus::Match);
}

#[test]
fn flipped_lso_byte_fails_message_digest_not_signature() {
    let mut bytes = our_sod();
    let sod = Sod::parse(&bytes).unwrap();
    let h = sod.dg_hashes[0].hash.clone();
    let at = bytes.windows(h.len()).position(|w| w == h.as_slice()).unwrap();
    bytes[at] ^= 0xFF;
    let sod = Sod::parse(&bytes).unwrap();
    assert_eq!(check_message_digest(&sod).status, DigestStatus::Mismatch);
    assert_eq!(check_signature(&sod, None).status, SignatureStatus::Valid);
}

/// A second document signer with the same issuer and serial number (so the signer identifier still names it)
/// but another key.
fn impostor_ds() -> Cert {
    use rcgen::{CertificateParams, DistinguishedName, DnType, DnValue, IsCa, Issuer, KeyPair, KeyUsagePurpose};
    let p = pki();
    let name = |unit: &str, cn: &str| {
        let mut dn = DistinguishedName::new();
        dn.push(DnType::CountryName, DnValue::PrintableString("VN".try_into().unwrap()));
        dn.push(DnType::OrganizationName, TEST_ORGANIZATION);
        dn.push(DnType::OrganizationalUnitName, unit);
        dn.push(DnType::CommonName, cn);
        dn
    };
    let mut csca_params = CertificateParams::default();
    csca_params.distinguished_name = name("CSCA", "CCCD Test CSCA");
    let csca_key = KeyPair::try_from(p.csca.key.to_pkcs8_der().unwrap().as_slice()).unwrap();
    let issuer = Issuer::new(csca_params, csca_key);
    let mut params = CertificateParams::default();
    params.distinguished_name = name("Document Signer", "CCCD Test Document Signer");
    params.serial_number = Some(rcgen::SerialNumber::from_slice(
        p.document_signer.cert.x509().tbs_certificate().serial_number().as_bytes(),
    ));
    params.not_before = rcgen::date_time_ymd(2020, 1, 1);
    params.not_after = rcgen::date_time_ymd(2090, 1, 1);
    params.is_ca = IsCa::NoCa;
    params.key_usages = vec![KeyUsagePurpose::DigitalSignature];
    let key = KeyPair::generate_for(&rcgen::PKCS_ECDSA_P256_SHA256).unwrap();
    Cert::from_der(params.signed_by(&key, &issuer).unwrap().der()).unwrap()
}

#[test]
fn swapped_ds_certificate_fails_the_signature() {
    let original = our_sod();
    let sod = Sod::parse(&original).unwrap();
    let impostor = impostor_ds();
    assert!(sod.signer_matches(&impostor), "impostor carries the same issuer and serial");
    // Given explicitly.
    let check = check_signature(&sod, Some(&impostor));
    assert_eq!(check.status, SignatureStatus::Invalid, "{}", check.reason);
    // The impostor is a genuine CSCA-signed certificate: only the SOD signature exposes it.
    assert_eq!(check_chain(&impostor, &pki().trust_store(), now()).status, ChainStatus::Valid);
    // Swapped inside EF.SOD: rebuild the same content with the impostor embedded and the original signature.
    let forged = build_sod(&as_refs(&dg_files()), &impostor, &pki().document_signer.key).unwrap();
    let sod = Sod::parse(&forged).unwrap();
    assert_eq!(sod.signer_certificate().unwrap().der(), impostor.der());
    let check = check_signature(&sod, None);
    assert_eq!(check.status, SignatureStatus::Invalid, "{}", check.reason);
    // Another PKI's document signer: not the one named, and not a valid signature either.
    let check = check_signature(&sod, Some(&common::other_pki().document_signer.cert));
    assert_eq!(check.status, SignatureStatus::Invalid, "{}", check.reason);
    assert!(check.reason.contains("not the one the signer identifier names"), "{}", check.reason);
}

#[test]
fn wrong_csca_fails_the_chain() {
    let sod = Sod::parse(&our_sod()).unwrap();
    let ds = sod.signer_certificate().unwrap();
    // Same subject name, other key.
    let chain = check_chain(ds, &common::other_pki().trust_store(), now());
    assert_eq!(chain.status, ChainStatus::InvalidSignature, "{}", chain.reason);
    assert!(chain.csca.is_none());
    // Empty store.
    assert_eq!(check_chain(ds, &TrustStore::default(), now()).status, ChainStatus::NoTrustAnchor);
    let files = dg_files();
    let pa = passive_authentication(&sod, &as_refs(&files), None, Some(&common::other_pki().trust_store()), now());
    assert!(pa.integrity_ok() && !pa.passed());
}

#[test]
fn expired_certificates_are_reported_expired_not_forged() {
    let params =
        PkiParams { not_before: (2001, 3, 1), csca_years: 3, document_signer_years: 2, ..PkiParams::default() };
    let old = Pki::generate_in_memory(&params).unwrap();
    let files = dg_files();
    let bytes = build_sod(&as_refs(&files), &old.document_signer.cert, &old.document_signer.key).unwrap();
    let sod = Sod::parse(&bytes).unwrap();
    let pa = passive_authentication(&sod, &as_refs(&files), None, Some(&old.trust_store()), now());
    assert!(pa.integrity_ok());
    let chain = pa.chain.as_ref().unwrap();
    assert_eq!(chain.status, ChainStatus::Valid, "{}", chain.reason);
    assert_eq!(chain.ds_validity.status, Validity::Expired);
    assert_eq!(chain.csca_validity.as_ref().unwrap().status, Validity::Expired);
    assert!(!pa.passed());
    // In 2002 everything was valid.
    let in_2002 = SystemTime::UNIX_EPOCH + Duration::from_secs(1_020_000_000);
    assert!(passive_authentication(&sod, &as_refs(&files), None, Some(&old.trust_store()), in_2002).passed());
    // Before the start: not yet valid.
    let in_2000 = SystemTime::UNIX_EPOCH + Duration::from_secs(960_000_000);
    assert_eq!(check_validity(&old.document_signer.cert, in_2000).status, Validity::NotYetValid);
}

#[test]
fn build_rejects_bad_input() {
    let p = pki();
    let dg = [0x61u8, 0x00];
    let (cert, key) = (&p.document_signer.cert, &p.document_signer.key);
    assert!(matches!(build_sod(&[(0, &dg)], cert, key), Err(SodBuildError::BadDataGroup(0))));
    assert!(matches!(build_sod(&[(1, &dg), (1, &dg)], cert, key), Err(SodBuildError::DuplicateDataGroup(1))));
    assert!(build_sod(&[], cert, key).is_ok());
}

#[test]
fn every_single_byte_flip_is_handled_without_panic() {
    let bytes = our_sod();
    let files = dg_files();
    let refs = as_refs(&files);
    let trust = pki().trust_store();
    // SignedData.digestAlgorithms (SET { sha256 }) is not covered by any signature; everything else is.
    let set = [0x31, 0x0D, 0x30, 0x0B, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01];
    let start = bytes.windows(set.len()).position(|w| w == set).unwrap();
    let unsigned = start..start + set.len();
    for i in 0..bytes.len() {
        let mut b = bytes.clone();
        b[i] ^= 0x5A;
        if let Ok(sod) = Sod::parse(&b) {
            let pa = passive_authentication(&sod, &refs, None, Some(&trust), now());
            assert!(!pa.passed() || unsigned.contains(&i), "flip at {i} still passes");
        }
    }
}
