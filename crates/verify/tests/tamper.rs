//! Every tampering is detected and named in the report; none crashes the verifier.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use cccd_chipauth::AaPrivateKey;
use cccd_image::{CardFiles, CardImage, Profile};
use cccd_trust::{Pki, PkiParams, TrustStore};
use cccd_verify::{AaExchange, Report, Status, date_to_system_time, verify};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The sample card with every document, signed with the example PKI.
fn signed_sample() -> (CardImage, TrustStore) {
    let profile = Profile::load(&root().join("examples/profiles/nguyen-van-an.toml")).unwrap();
    let pki = Pki::load(&root().join("examples/pki")).unwrap();
    (profile.build_signed(&pki).unwrap(), pki.trust_store())
}

fn aa(key: &AaPrivateKey) -> AaExchange {
    let challenge = b"\x01\x23\x45\x67\x89\xAB\xCD\xEF".to_vec();
    AaExchange { response: Ok(key.sign_challenge(&challenge).unwrap()), challenge }
}

fn status(report: &Report, id: &str) -> Status {
    report.checks.iter().find(|c| c.id == id).unwrap_or_else(|| panic!("no check {id}: {report:#?}")).status
}

fn failed(report: &Report) -> Vec<&str> {
    report.checks.iter().filter(|c| c.status == Status::Fail).map(|c| c.id.as_str()).collect()
}

fn with_file(files: &CardFiles, app: &str, name: &str, change: impl FnOnce(&mut Vec<u8>)) -> CardFiles {
    let mut files = files.clone();
    let file = files
        .applications
        .iter_mut()
        .find(|a| a.name == app)
        .and_then(|a| a.files.iter_mut().find(|f| f.name == name))
        .unwrap();
    change(&mut file.bytes);
    files
}

#[test]
fn the_untouched_card_passes_every_check() {
    let (image, trust) = signed_sample();
    let report = verify(&image.files, Some(&trust), Some(&aa(&image.aa_key)), SystemTime::now());
    assert!(report.passed && report.genuine, "{}", report.to_text());
    // Offline: the same, but active authentication cannot be performed and the chip is not called genuine.
    let offline = verify(&image.files, Some(&trust), None, SystemTime::now());
    assert!(offline.passed && !offline.genuine, "{}", offline.to_text());
    assert_eq!(status(&offline, "active.aa"), Status::NotPresent);
}

#[test]
fn a_flipped_byte_in_a_data_group_fails_that_data_group_only() {
    let (image, trust) = signed_sample();
    let files = with_file(&image.files, "emrtd", "DG2", |b| b[500] ^= 0x01);
    let report = verify(&files, Some(&trust), Some(&aa(&image.aa_key)), SystemTime::now());
    assert_eq!(failed(&report), ["passive.dg_hash.DG2"], "{}", report.to_text());
    assert!(!report.genuine);
    let files = with_file(&image.files, "emrtd", "DG13", |b| {
        let last = b.len() - 1;
        b[last] ^= 0x20;
    });
    let report = verify(&files, Some(&trust), None, SystemTime::now());
    assert!(failed(&report).contains(&"passive.dg_hash.DG13"), "{}", report.to_text());
}

#[test]
fn a_flipped_byte_in_an_integrated_document_fails_its_signature() {
    let (image, trust) = signed_sample();
    let files = with_file(&image.files, "documents", "driving_licence", |b| b[20] ^= 0x01);
    let report = verify(&files, Some(&trust), None, SystemTime::now());
    let failed = failed(&report);
    assert!(failed.iter().all(|id| id.starts_with("document.driving_licence")), "{}", report.to_text());
    assert!(!failed.is_empty());
}

#[test]
fn a_flipped_byte_in_the_sod_signature_is_detected() {
    let (image, trust) = signed_sample();
    let files = with_file(&image.files, "emrtd", "EF.SOD", |b| {
        let at = b.len() - 10; // inside the signature, the SignerInfo's last field
        b[at] ^= 0x01;
    });
    let report = verify(&files, Some(&trust), None, SystemTime::now());
    assert_eq!(status(&report, "passive.signature"), Status::Fail, "{}", report.to_text());
    assert_eq!(report.passive_authentication, Status::Fail);
}

#[test]
fn a_wrong_csca_or_a_swapped_document_signer_is_detected() {
    let (image, _) = signed_sample();
    let other = Pki::generate_in_memory(&PkiParams::default()).unwrap();
    // Verified against another country's CSCA: the chain fails (the signature itself is fine).
    let report = verify(&image.files, Some(&other.trust_store()), None, SystemTime::now());
    assert_eq!(status(&report, "passive.chain"), Status::Fail, "{}", report.to_text());
    assert_eq!(status(&report, "passive.signature"), Status::Pass);
    // The card signed by another document signer that the verifier's CSCA never issued.
    let (_, trust) = signed_sample();
    let profile = Profile::load(&root().join("examples/profiles/nguyen-van-an.toml")).unwrap();
    let forged = profile.build_signed(&other).unwrap();
    let report = verify(&forged.files, Some(&trust), None, SystemTime::now());
    assert_eq!(status(&report, "passive.chain"), Status::Fail, "{}", report.to_text());
    assert!(failed(&report).iter().any(|id| id.ends_with(".signature")), "document signatures by unknown authorities");
}

#[test]
fn expired_certificates_are_reported_as_expired_not_forged() {
    let (image, trust) = signed_sample();
    let later = date_to_system_time("2045-01-01".parse().unwrap());
    let report = verify(&image.files, Some(&trust), None, later);
    assert_eq!(status(&report, "passive.signature"), Status::Pass, "the signature still verifies");
    assert_eq!(status(&report, "passive.ds_validity"), Status::Fail);
    let reason = &report.checks.iter().find(|c| c.id == "passive.ds_validity").unwrap().reason;
    assert!(reason.contains("expired"), "{reason}");
    assert_eq!(report.passive_authentication, Status::Pass, "integrity and origin hold; dates are reported apart");
    assert!(!report.passed);
}

#[test]
fn a_replaced_aa_key_in_dg15_is_detected() {
    let (image, trust) = signed_sample();
    // An attacker swaps DG15 for their own key and answers the challenge with it.
    let attacker = AaPrivateKey::generate_p256().unwrap();
    let dg15 = cccd_chipauth::Dg15::new(attacker.public_key()).unwrap().encode();
    let files = with_file(&image.files, "emrtd", "DG15", |b| *b = dg15);
    let report = verify(&files, Some(&trust), Some(&aa(&attacker)), SystemTime::now());
    assert_eq!(status(&report, "passive.dg_hash.DG15"), Status::Fail, "{}", report.to_text());
    assert!(!report.genuine);
    // A cloned chip without the key: the real DG15, but the answer comes from another key.
    let report = verify(&image.files, Some(&trust), Some(&aa(&attacker)), SystemTime::now());
    assert_eq!(status(&report, "active.aa"), Status::Fail, "{}", report.to_text());
    assert!(!report.genuine);
}

#[test]
fn garbage_files_give_failures_not_panics() {
    let (image, trust) = signed_sample();
    for (app, name) in
        [("emrtd", "EF.SOD"), ("emrtd", "DG1"), ("emrtd", "DG15"), ("emrtd", "DG13"), ("documents", "tax")]
    {
        for garbage in [vec![], vec![0x30], vec![0xFF; 40], vec![0x77, 0x82, 0xFF, 0xFF, 0x30]] {
            let files = with_file(&image.files, app, name, |b| *b = garbage.clone());
            let report = verify(&files, Some(&trust), Some(&aa(&image.aa_key)), SystemTime::now());
            assert!(!report.passed, "{app}/{name} = {garbage:02X?} must fail");
        }
    }
}
