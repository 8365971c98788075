//! Active Authentication against the BSI TR-03105-5 reference chip (RSA-1024, ISO/IEC 9796-2).

mod common;

use cccd_chipauth::{AaError, AaPrivateKey, AaPublicKey, Dg14, Dg15, HashAlg, SecurityInfo, oid, verify_challenge};
use common::bsi;

const CHALLENGE: [u8; 8] = [0x4A, 0x9B, 0x01, 0x7F, 0xC3, 0x10, 0xEE, 0x25];

#[test]
fn bsi_key_signs_and_dg15_verifies() {
    let key = AaPrivateKey::from_pkcs8(&bsi("DG15_sk.pkcs8")).unwrap();
    assert_eq!(key.signature_len(), 128);
    let sig = key.sign_challenge(&CHALLENGE).unwrap();
    assert_eq!(sig.len(), 128);
    let public = Dg15::decode(&bsi("Datagroup15.bin")).unwrap().public_key;
    verify_challenge(&public, &CHALLENGE, &sig, None).unwrap();
    // RSA ignores the hint: the trailer names the hash.
    verify_challenge(&public, &CHALLENGE, &sig, Some(HashAlg::Sha256)).unwrap();

    // Random M1: two signatures differ but both verify.
    let again = key.sign_challenge(&CHALLENGE).unwrap();
    assert_ne!(sig, again);
    verify_challenge(&public, &CHALLENGE, &again, None).unwrap();

    assert_eq!(verify_challenge(&public, b"other ch", &sig, None), Err(AaError::HashMismatch));
    for i in [0, 1, 64, 126, 127] {
        let mut bad = sig.clone();
        bad[i] ^= 0x01;
        assert!(verify_challenge(&public, &CHALLENGE, &bad, None).is_err(), "flip at {i} accepted");
    }
    assert_eq!(
        verify_challenge(&public, &CHALLENGE, &sig[1..], None),
        Err(AaError::SignatureLength { expected: 128, actual: 127 })
    );
    assert_eq!(verify_challenge(&public, &CHALLENGE, &[0xFF; 128], None), Err(AaError::SignatureOutOfRange));
}

#[test]
fn bsi_key_explicit_hash_trailer() {
    let key = AaPrivateKey::from_pkcs8_der(&bsi("DG15_sk.pkcs8")).unwrap();
    let public = key.public_key();
    for hash in HashAlg::ALL {
        let sig = key.sign_challenge_with(&CHALLENGE, hash).unwrap();
        verify_challenge(&public, &CHALLENGE, &sig, None).unwrap();
    }
}

#[test]
fn bsi_dg15_is_the_rsa_1024_key() {
    let file = bsi("Datagroup15.bin");
    let dg15 = Dg15::decode(&file).unwrap();
    let pk = bsi("DG15_pk.bin");
    assert_eq!(dg15.spki, pk);
    assert_eq!(dg15.public_key, AaPublicKey::from_spki_der(&pk).unwrap());
    assert!(matches!(dg15.public_key, AaPublicKey::Rsa(_)));
    assert_eq!((dg15.public_key.bits(), dg15.public_key.algorithm()), (1024, "RSA"));
    assert_eq!(dg15.encode(), file);
    assert_eq!(Dg15::spki_of(&file).unwrap(), pk);
    // The private key's public half is the published one, and re-encodes to the same SPKI.
    let key = AaPrivateKey::from_pkcs8(&bsi("DG15_sk.pkcs8")).unwrap();
    assert_eq!(key.public_key(), dg15.public_key);
    assert_eq!(key.public_key().to_spki_der().unwrap(), pk);
    assert_eq!(Dg15::new(key.public_key()).unwrap(), dg15);
}

#[test]
fn bsi_dg14_decodes_without_aa() {
    let file = bsi("Datagroup14.bin");
    let dg14 = Dg14::decode(&file).unwrap();
    let protocols: Vec<String> = dg14.infos.iter().map(|i| i.protocol().to_string()).collect();
    assert_eq!(protocols, ["0.4.0.127.0.7.2.2.1.2", "0.4.0.127.0.7.2.2.3.2.1", "0.4.0.127.0.7.2.2.2"]);
    assert!(dg14.infos.iter().all(|i| matches!(i, SecurityInfo::Other { .. })));
    assert_eq!(dg14.active_authentication(), None);
    assert_eq!(dg14.aa_hash_alg(), None);
    // BSI's SET is not in DER order (the 290-byte entry comes first): encoding sorts it, so the bytes
    // change while the entries stay the same. Passive authentication must hash the file as read.
    let encoded = dg14.encode();
    assert_eq!(encoded.len(), file.len());
    assert_ne!(encoded, file);
    let reordered = Dg14::decode(&encoded).unwrap();
    assert_eq!(reordered.infos.len(), 3);
    assert!(dg14.infos.iter().all(|i| reordered.infos.contains(i)));
    assert_eq!(Dg14::decode(&encoded).unwrap().encode(), encoded);

    // Adding AA keeps the chip-authentication entries and sorts the SET.
    let mut with_aa = dg14.clone();
    with_aa.infos.push(SecurityInfo::ActiveAuthentication(cccd_chipauth::ActiveAuthenticationInfo::ecdsa_plain(
        HashAlg::Sha256,
    )));
    let decoded = Dg14::decode(&with_aa.encode()).unwrap();
    assert_eq!(decoded.infos.len(), 4);
    assert_eq!(decoded.aa_signature_algorithm(), Some(oid::ECDSA_PLAIN_SHA256));
}

#[test]
fn bsi_brainpool_keys_are_refused_clearly() {
    // DG14's chip-authentication key: explicit brainpoolP224r1 parameters.
    match AaPublicKey::from_spki_der(&bsi("DG14_pk.bin")) {
        Err(AaError::UnsupportedCurve(why)) => assert!(why.contains("224-bit"), "{why}"),
        other => panic!("{other:?}"),
    }
    assert!(matches!(AaPrivateKey::from_pkcs8(&bsi("DG14_sk.pkcs8")), Err(AaError::UnsupportedCurve(_))));
}

#[test]
fn pkcs8_pem_and_der_load_the_same_key() {
    use base64::Engine;
    let der = bsi("DG15_sk.pkcs8");
    let b64 = base64::engine::general_purpose::STANDARD.encode(&der);
    let lines: Vec<&str> = b64.as_bytes().chunks(64).map(|c| std::str::from_utf8(c).unwrap()).collect();
    let pem = format!("-----BEGIN PRIVATE KEY-----\n{}\n-----END PRIVATE KEY-----\n", lines.join("\n"));
    let from_pem = AaPrivateKey::from_pkcs8(pem.as_bytes()).unwrap();
    let from_pem_str = AaPrivateKey::from_pkcs8_pem(&pem).unwrap();
    let from_der = AaPrivateKey::from_pkcs8(&der).unwrap();
    assert_eq!(from_pem.public_key(), from_der.public_key());
    assert_eq!(from_pem_str.public_key(), from_der.public_key());
    // Leading whitespace before the PEM armour is fine; another label is not.
    assert!(AaPrivateKey::from_pkcs8(format!("\n  {pem}").as_bytes()).is_ok());
    let rsa_label = pem.replace("PRIVATE KEY", "RSA PRIVATE KEY");
    assert!(matches!(AaPrivateKey::from_pkcs8(rsa_label.as_bytes()), Err(AaError::KeyEncoding(_))));
    // Our own encodings load back.
    let re_der = from_der.to_pkcs8_der().unwrap();
    assert_eq!(AaPrivateKey::from_pkcs8(&re_der).unwrap().public_key(), from_der.public_key());
    let re_pem = from_der.to_pkcs8_pem().unwrap();
    assert_eq!(AaPrivateKey::from_pkcs8(re_pem.as_bytes()).unwrap().public_key(), from_der.public_key());
}

#[test]
fn debug_does_not_leak_rsa_key() {
    let key = AaPrivateKey::from_pkcs8(&bsi("DG15_sk.pkcs8")).unwrap();
    assert_eq!(format!("{key:?}"), "AaPrivateKey::Rsa(1024 bits, <redacted>)");
    assert_eq!(format!("{key:#?}"), "AaPrivateKey::Rsa(1024 bits, <redacted>)");
}
