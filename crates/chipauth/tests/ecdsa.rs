//! Active Authentication with a P-256 key: the card's signature, the verifier, the key encodings.

use cccd_chipauth::{AaError, AaPrivateKey, AaPublicKey, Dg15, HashAlg, verify_challenge};

const CHALLENGE: [u8; 8] = *b"\x01\x23\x45\x67\x89\xAB\xCD\xEF";

/// `openssl ec -param_enc explicit -pubout` of a P-256 key, and the same key with the named curve.
const EXPLICIT_SPKI: &str = "3082014b3082010306072a8648ce3d02013081f7020101302c06072a8648ce3d0101022100ffffffff00000001000000000000000000000000ffffffffffffffffffffffff305b0420ffffffff00000001000000000000000000000000fffffffffffffffffffffffc04205ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604b031500c49d360886e704936a6678e1139d26b7819f7e900441046b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c2964fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5022100ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc63255102010103420004674639b2954470e55ad631eda0a33452db1d4c07acb9df99b72b6e21cc71e351b581fbce26df3d62c21edd71c4b6833af16912bece710f5bd547c6905c96d260";
/// The same with a compressed base point and public point.
const EXPLICIT_COMPRESSED_SPKI: &str = "3082010a3081e306072a8648ce3d02013081d7020101302c06072a8648ce3d0101022100ffffffff00000001000000000000000000000000ffffffffffffffffffffffff305b0420ffffffff00000001000000000000000000000000fffffffffffffffffffffffc04205ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604b031500c49d360886e704936a6678e1139d26b7819f7e900421036b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296022100ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc63255102010103220002674639b2954470e55ad631eda0a33452db1d4c07acb9df99b72b6e21cc71e351";
const NAMED_SPKI: &str = "3059301306072a8648ce3d020106082a8648ce3d03010703420004674639b2954470e55ad631eda0a33452db1d4c07acb9df99b72b6e21cc71e351b581fbce26df3d62c21edd71c4b6833af16912bece710f5bd547c6905c96d260";

#[test]
fn sign_verify_round_trip() {
    let key = AaPrivateKey::generate_p256().unwrap();
    let public = key.public_key();
    let sig = key.sign_challenge(&CHALLENGE).unwrap();
    assert_eq!((sig.len(), key.signature_len(), public.signature_len()), (64, 64, 64));
    verify_challenge(&public, &CHALLENGE, &sig, None).unwrap();
    verify_challenge(&public, &CHALLENGE, &sig, Some(HashAlg::Sha256)).unwrap();
    // RFC 6979: the same challenge gives the same signature.
    assert_eq!(key.sign_challenge(&CHALLENGE).unwrap(), sig);

    assert_eq!(verify_challenge(&public, b"\x00\x23\x45\x67\x89\xAB\xCD\xEF", &sig, None), Err(AaError::BadSignature));
    for i in [0, 31, 32, 63] {
        let mut bad = sig.clone();
        bad[i] ^= 0x80;
        assert!(verify_challenge(&public, &CHALLENGE, &bad, None).is_err(), "flip at {i} accepted");
    }
    assert_eq!(verify_challenge(&public, &CHALLENGE, &sig, Some(HashAlg::Sha1)), Err(AaError::BadSignature));
    assert_eq!(
        verify_challenge(&public, &CHALLENGE, &sig[..63], None),
        Err(AaError::SignatureLength { expected: 64, actual: 63 })
    );
    assert_eq!(verify_challenge(&public, &CHALLENGE, &[0; 64], None), Err(AaError::SignatureEncoding));
    // Another key does not verify it.
    let other = AaPrivateKey::generate_p256().unwrap().public_key();
    assert_eq!(verify_challenge(&other, &CHALLENGE, &sig, None), Err(AaError::BadSignature));
}

#[test]
fn der_signatures_are_accepted_too() {
    let key = AaPrivateKey::generate_p256().unwrap();
    let plain = key.sign_challenge(&CHALLENGE).unwrap();
    let der = p256::ecdsa::Signature::from_slice(&plain).unwrap().to_der();
    verify_challenge(&key.public_key(), &CHALLENGE, der.as_bytes(), None).unwrap();
    let mut bad = der.as_bytes().to_vec();
    bad.truncate(bad.len() - 1);
    assert_eq!(verify_challenge(&key.public_key(), &CHALLENGE, &bad, None), Err(AaError::SignatureEncoding));
}

#[test]
fn dg14_hash_hint_is_honoured() {
    let key = AaPrivateKey::generate_p256().unwrap();
    for hash in HashAlg::ALL {
        let sig = key.sign_challenge_with(&CHALLENGE, hash).unwrap();
        verify_challenge(&key.public_key(), &CHALLENGE, &sig, Some(hash)).unwrap();
    }
}

#[test]
fn key_encodings_round_trip() {
    let key = AaPrivateKey::generate_p256().unwrap();
    let der = key.to_pkcs8_der().unwrap();
    let pem = key.to_pkcs8_pem().unwrap();
    assert!(pem.starts_with("-----BEGIN PRIVATE KEY-----"));
    for loaded in [AaPrivateKey::from_pkcs8(&der).unwrap(), AaPrivateKey::from_pkcs8(pem.as_bytes()).unwrap()] {
        assert_eq!(loaded.public_key(), key.public_key());
        // Deterministic ECDSA: the reloaded key signs identically.
        assert_eq!(loaded.sign_challenge(&CHALLENGE).unwrap(), key.sign_challenge(&CHALLENGE).unwrap());
    }
    let spki = key.public_key().to_spki_der().unwrap();
    assert_eq!(AaPublicKey::from_spki_der(&spki).unwrap(), key.public_key());
    let dg15 = Dg15::new(key.public_key()).unwrap();
    assert_eq!(Dg15::decode(&dg15.encode()).unwrap(), dg15);
    assert_eq!(dg15.encode()[0], 0x6F);
}

#[test]
fn explicit_p256_parameters_are_accepted() {
    let named = AaPublicKey::from_spki_der(&hex::decode(NAMED_SPKI).unwrap()).unwrap();
    assert_eq!(AaPublicKey::from_spki_der(&hex::decode(EXPLICIT_SPKI).unwrap()).unwrap(), named);
    assert_eq!(AaPublicKey::from_spki_der(&hex::decode(EXPLICIT_COMPRESSED_SPKI).unwrap()).unwrap(), named);
    assert_eq!(named.to_spki_der().unwrap(), hex::decode(NAMED_SPKI).unwrap());
    assert_eq!((named.bits(), named.algorithm()), (256, "ECDSA P-256"));

    // Change one byte of b (offset of "5ac635d8…" in the DER): same field, another curve.
    let mut other = hex::decode(EXPLICIT_SPKI).unwrap();
    let b_at = other.windows(4).position(|w| w == [0x5A, 0xC6, 0x35, 0xD8]).unwrap();
    other[b_at + 5] ^= 1;
    assert!(matches!(AaPublicKey::from_spki_der(&other), Err(AaError::UnsupportedCurve(_))));
}

#[test]
fn other_named_curves_and_algorithms_are_refused() {
    // secp384r1 SPKI header with a dummy point: refused for the curve before the point is read.
    let p384 = hex::decode("3016301006072a8648ce3d020106052b810400220302000a").unwrap();
    match AaPublicKey::from_spki_der(&p384) {
        Err(AaError::UnsupportedCurve(why)) => assert!(why.contains("1.3.132.0.34"), "{why}"),
        other => panic!("{other:?}"),
    }
    // Ed25519 SPKI.
    let ed = hex::decode("302a300506032b6570032100d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a")
        .unwrap();
    assert!(matches!(AaPublicKey::from_spki_der(&ed), Err(AaError::UnsupportedAlgorithm(_))));
    assert!(matches!(AaPublicKey::from_spki_der(&[0x30, 0x00]), Err(AaError::KeyEncoding(_))));
    assert!(matches!(AaPrivateKey::from_pkcs8(b"not a key"), Err(AaError::KeyEncoding(_))));
}

#[test]
fn debug_does_not_leak_ec_key() {
    let key = AaPrivateKey::generate_p256().unwrap();
    let text = format!("{key:?} {key:#?}");
    assert_eq!(format!("{key:?}"), "AaPrivateKey::EcP256(<redacted>)");
    let AaPrivateKey::EcP256(sk) = &key else { unreachable!() };
    assert!(!text.to_lowercase().contains(&hex::encode(sk.to_bytes())));
}

#[test]
fn rsa_generation_and_sha256_trailer() {
    let key = AaPrivateKey::generate_rsa(1024).unwrap();
    assert!(matches!(AaPrivateKey::generate_rsa(1020), Err(AaError::UnsupportedRsaKey(_))));
    let sig = key.sign_challenge_with(&CHALLENGE, HashAlg::Sha256).unwrap();
    verify_challenge(&key.public_key(), &CHALLENGE, &sig, None).unwrap();
    let sig = key.sign_challenge(&CHALLENGE).unwrap();
    verify_challenge(&key.public_key(), &CHALLENGE, &sig, None).unwrap();
}
