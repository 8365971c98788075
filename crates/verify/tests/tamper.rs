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

#[test]
fn an_authority_key_posing_as_document_signer_is_refused() {
    let profile = Profile::load(&root().join("examples/profiles/nguyen-van-an.toml")).unwrap();
    let pki = Pki::load(&root().join("examples/pki")).unwrap();
    let mut evil = pki.clone();
    evil.document_signer = pki.authority(cccd_trust::Authority::Tax).unwrap().clone();
    let image = profile.build_signed(&evil).unwrap();
    let report = verify(&image.files, Some(&pki.trust_store()), Some(&aa(&image.aa_key)), SystemTime::now());
    assert_eq!(status(&report, "passive.ds_role"), Status::Fail, "{}", report.to_text());
    assert!(!report.passed && !report.genuine);
    // The CSCA itself is no document signer either.
    let mut evil = pki.clone();
    evil.document_signer = pki.csca.clone();
    let image = profile.build_signed(&evil).unwrap();
    let report = verify(&image.files, Some(&pki.trust_store()), None, SystemTime::now());
    assert_eq!(status(&report, "passive.ds_role"), Status::Fail, "{}", report.to_text());
}

#[test]
fn a_removed_dg15_is_a_failure_not_an_absence() {
    let (image, trust) = signed_sample();
    let mut files = image.files.clone();
    for app in &mut files.applications {
        app.files.retain(|f| f.name != "DG15");
    }
    let report = verify(&files, Some(&trust), None, SystemTime::now());
    assert_eq!(status(&report, "passive.dg_hash.DG15"), Status::Fail, "{}", report.to_text());
    assert!(!report.passed);
}

#[test]
fn a_document_of_another_person_is_not_bound_to_this_holder() {
    let (image, trust) = signed_sample();
    let pki = Pki::load(&root().join("examples/pki")).unwrap();
    let other =
        Profile::load(&root().join("examples/profiles/tran-thi-binh.toml")).unwrap().build_signed(&pki).unwrap();
    let foreign_tax = other.files.bytes("documents", "tax").unwrap().to_vec();
    let files = with_file(&image.files, "documents", "tax", |b| *b = foreign_tax);
    let report = verify(&files, Some(&trust), None, SystemTime::now());
    assert_eq!(status(&report, "document.tax.signature"), Status::Pass, "genuinely signed, but for someone else");
    assert_eq!(status(&report, "document.tax.holder"), Status::Fail, "{}", report.to_text());
    assert!(!report.passed);
}

#[test]
fn random_damage_anywhere_never_panics() {
    let (image, trust) = signed_sample();
    let mut seed = 0x2545_F491_4F6C_DD1Du64;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let names: Vec<(String, String)> = image
        .files
        .applications
        .iter()
        .flat_map(|a| a.files.iter().map(move |f| (a.name.clone(), f.name.clone())))
        .collect();
    for _ in 0..100 {
        let (app, name) = &names[(next() as usize) % names.len()];
        let files = with_file(&image.files, app, name, |b| {
            for _ in 0..=(next() % 4) {
                if b.is_empty() {
                    break;
                }
                let at = (next() as usize) % b.len();
                match next() % 3 {
                    0 => b[at] ^= 1 << (next() % 8),
                    1 => b.truncate(at),
                    _ => b[at] = next() as u8,
                }
            }
        });
        let report = verify(&files, Some(&trust), Some(&aa(&image.aa_key)), SystemTime::now());
        let _ = report.to_text();
    }
}

#[test]
fn a_non_ascii_personal_number_in_dg13_is_a_failure_not_a_panic() {
    let (image, trust) = signed_sample();
    let mut dg13 = cccd_lds::Dg13::decode(image.files.bytes("emrtd", "DG13").unwrap()).unwrap();
    dg13.personal_number = "aaééééé".into(); // 12 bytes, not 12 digits
    let encoded = dg13.encode();
    let files = with_file(&image.files, "emrtd", "DG13", |b| *b = encoded);
    let report = verify(&files, Some(&trust), None, SystemTime::now());
    assert_eq!(status(&report, "consistency.dg1_dg13"), Status::Fail, "{}", report.to_text());
}
