//! The PKI and trust store directory formats.

mod common;

use std::time::SystemTime;

use cccd_trust::*;

#[test]
fn generate_load_export_import() {
    let dir = common::scratch("pki");
    let pki = Pki::generate(&dir.join("pki"), &PkiParams::default()).unwrap();
    for f in [
        "pki.toml",
        "csca.cert.der",
        "csca.cert.pem",
        "csca.key.der",
        "csca.key.pem",
        "document_signer.cert.der",
        "tax.key.pem",
    ] {
        assert!(dir.join("pki").join(f).is_file(), "{f}");
    }
    assert!(matches!(Pki::generate(&dir.join("pki"), &PkiParams::default()), Err(PkiError::Exists(_))));

    let loaded = Pki::load(&dir.join("pki")).unwrap();
    assert_eq!(loaded.csca.cert, pki.csca.cert);
    assert_eq!(loaded.document_signer.cert, pki.document_signer.cert);
    assert_eq!(loaded.authorities.len(), 5);
    assert!(loaded.document_signer.key.matches(&pki.document_signer.cert));

    // Certificates: CSCA is a CA with the test organisation; the DS is not; PEM equals DER.
    assert!(pki.csca.cert.is_ca());
    assert!(!pki.document_signer.cert.is_ca());
    assert!(pki.csca.cert.subject().contains("O=CCCD Test PKI (not valid)"), "{}", pki.csca.cert.subject());
    assert!(pki.csca.cert.subject().contains("C=VN"));
    let pem = std::fs::read_to_string(dir.join("pki/document_signer.cert.pem")).unwrap();
    assert_eq!(Cert::from_pem(&pem).unwrap(), pki.document_signer.cert);
    let key_pem = std::fs::read_to_string(dir.join("pki/document_signer.key.pem")).unwrap();
    assert!(SignerKey::from_pkcs8_pem(&key_pem).unwrap().matches(&pki.document_signer.cert));

    // Trust store export and load.
    let store = pki.export_trust_store(&dir.join("trust")).unwrap();
    assert!(dir.join("trust/authorities/civil_registry.pem").is_file());
    let loaded = TrustStore::load(&dir.join("trust")).unwrap();
    assert_eq!(loaded.cscas(), store.cscas());
    assert_eq!(loaded.authorities().count(), 5);
    let chain = check_chain(&pki.document_signer.cert, &loaded, SystemTime::now());
    assert_eq!(chain.status, ChainStatus::Valid, "{}", chain.reason);

    // Import: a CA (DER) is accepted; a document signer is refused.
    let verifier = dir.join("verifier");
    let imported = TrustStore::import_csca(&verifier, &dir.join("pki/csca.cert.der")).unwrap();
    assert_eq!(imported, vec![pki.csca.cert.clone()]);
    assert!(matches!(
        TrustStore::import_csca(&verifier, &dir.join("pki/document_signer.cert.pem")),
        Err(TrustStoreError::NotCa { .. })
    ));
    assert!(matches!(
        TrustStore::import_csca(&verifier, &dir.join("pki/pki.toml")),
        Err(TrustStoreError::Certificate { .. })
    ));
    assert_eq!(TrustStore::load(&verifier).unwrap().cscas(), std::slice::from_ref(&pki.csca.cert));

    // A mismatched key is detected on load.
    std::fs::copy(dir.join("pki/tax.key.der"), dir.join("pki/csca.key.der")).unwrap();
    assert!(matches!(Pki::load(&dir.join("pki")), Err(PkiError::Key(SigningKeyError::CertificateMismatch))));
}

#[test]
fn bad_parameters_are_errors() {
    for (not_before, years) in [
        ((2026, 13, 1), 10),
        ((2026, 1, 31), 10),
        ((1900, 1, 1), 10),
        ((9990, 1, 1), 20),
        ((2026, 1, 1), i32::MAX),
        ((2026, 1, 1), 0),
    ] {
        let params = PkiParams { not_before, csca_years: years, ..PkiParams::default() };
        assert!(matches!(Pki::generate_in_memory(&params), Err(PkiError::Params(_))), "{not_before:?} {years}");
    }
    let params = PkiParams { country: "VIỆT".into(), ..PkiParams::default() };
    assert!(matches!(Pki::generate_in_memory(&params), Err(PkiError::Params(_))));
}

#[test]
fn unknown_authority_file_is_an_error() {
    let dir = common::scratch("badstore");
    std::fs::create_dir_all(dir.join("authorities")).unwrap();
    std::fs::write(dir.join("authorities/police.pem"), common::pki().csca.cert.to_pem()).unwrap();
    assert!(matches!(TrustStore::load(&dir), Err(TrustStoreError::UnknownAuthority(_))));
}

#[test]
fn document_signer_profile() {
    let ds = &common::pki().document_signer.cert;
    let tbs = ds.x509().tbs_certificate();
    use x509_cert::ext::pkix::{AuthorityKeyIdentifier, KeyUsage};
    let (critical, ku) = tbs.get_extension::<KeyUsage>().unwrap().unwrap();
    assert!(critical && ku.digital_signature() && !ku.key_cert_sign());
    assert!(tbs.get_extension::<AuthorityKeyIdentifier>().unwrap().is_some());
    // documentTypeList 2.23.136.1.1.6.2 with "ID".
    let ext = tbs.extensions().unwrap().iter().find(|e| e.extn_id.to_string() == "2.23.136.1.1.6.2").unwrap();
    assert_eq!(ext.extn_value.as_bytes(), [0x30, 0x09, 0x02, 0x01, 0x00, 0x31, 0x04, 0x13, 0x02, b'I', b'D']);
    assert!(!ext.critical);
}
