//! A P-256 document signer whose SubjectPublicKeyInfo carries explicit domain parameters (specifiedCurve),
//! as many eMRTD certificates do: recognised as P-256 and verified; an unknown curve is reported, not a panic.

mod common;

use std::time::SystemTime;

use cccd_trust::*;
use der::asn1::{Any, BitString, ObjectIdentifier, OctetString, Uint};
use der::{Decode, Encode, Sequence};
use spki::SubjectPublicKeyInfoOwned;

// SEC 2 v2 §2.4.2, secp256r1.
const P: &str = "FFFFFFFF00000001000000000000000000000000FFFFFFFFFFFFFFFFFFFFFFFF";
const A: &str = "FFFFFFFF00000001000000000000000000000000FFFFFFFFFFFFFFFFFFFFFFFC";
const B: &str = "5AC635D8AA3A93E7B3EBBD55769886BC651D06B0CC53B0F63BCE3C3E27D2604B";
const SEED: &str = "C49D360886E704936A6678E1139D26B7819F7E90";
const GX: &str = "6B17D1F2E12C4247F8BCE6E563A440F277037D812DEB33A0F4A13945D898C296";
const GY: &str = "4FE342E2FE1A7F9B8EE7EB4A7C0F9E162BCE33576B315ECECBB6406837BF51F5";
const N: &str = "FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551";

#[derive(Sequence)]
struct EcParameters {
    version: u8,
    field_id: FieldId,
    curve: CurveCoefficients,
    base: OctetString,
    order: Uint,
    cofactor: Option<Uint>,
}

#[derive(Sequence)]
struct FieldId {
    field_type: ObjectIdentifier,
    prime: Uint,
}

#[derive(Sequence)]
struct CurveCoefficients {
    a: OctetString,
    b: OctetString,
    seed: Option<BitString>,
}

/// tbsCertificate with the parts we do not touch kept as raw ANY.
#[derive(Sequence)]
struct Tbs {
    #[asn1(context_specific = "0", tag_mode = "EXPLICIT", optional = "true")]
    version: Option<u8>,
    serial: Any,
    signature: Any,
    issuer: Any,
    validity: Any,
    subject: Any,
    spki: SubjectPublicKeyInfoOwned,
    #[asn1(context_specific = "3", tag_mode = "EXPLICIT", optional = "true")]
    extensions: Option<Any>,
}

#[derive(Sequence)]
struct Certificate {
    tbs: Tbs,
    signature_algorithm: Any,
    signature: BitString,
}

fn h(s: &str) -> Vec<u8> {
    hex::decode(s).unwrap()
}

/// The P-256 domain parameters, explicitly; `tweak` edits them before encoding.
fn p256_parameters(compressed_base: bool, tweak: impl FnOnce(&mut EcParameters)) -> Any {
    let base = if compressed_base {
        let odd = h(GY).last().unwrap() & 1;
        [vec![0x02 | odd], h(GX)].concat()
    } else {
        [vec![0x04], h(GX), h(GY)].concat()
    };
    let mut params = EcParameters {
        version: 1,
        field_id: FieldId {
            field_type: ObjectIdentifier::new_unwrap("1.2.840.10045.1.1"),
            prime: Uint::new(&h(P)).unwrap(),
        },
        curve: CurveCoefficients {
            a: OctetString::new(h(A)).unwrap(),
            b: OctetString::new(h(B)).unwrap(),
            seed: Some(BitString::from_bytes(&h(SEED)).unwrap()),
        },
        base: OctetString::new(base).unwrap(),
        order: Uint::new(&h(N)).unwrap(),
        cofactor: Some(Uint::new(&[1]).unwrap()),
    };
    tweak(&mut params);
    Any::from_der(&params.to_der().unwrap()).unwrap()
}

/// The test PKI's document signer certificate with its SPKI rewritten to `params`, re-signed by the CSCA.
fn ds_with_parameters(params: Any) -> Cert {
    let pki = common::pki();
    let original = Certificate::from_der(pki.document_signer.cert.der()).unwrap();
    let mut tbs = original.tbs;
    assert_eq!(tbs.spki.algorithm.parameters.as_ref().unwrap().to_der().unwrap(), h("06082A8648CE3D030107"));
    tbs.spki.algorithm.parameters = Some(params);
    let tbs_der = tbs.to_der().unwrap();
    let signature = sign_document(&tbs_der, &pki.csca.key).unwrap();
    let cert = Certificate {
        tbs,
        signature_algorithm: original.signature_algorithm,
        signature: BitString::from_bytes(&signature).unwrap(),
    };
    Cert::from_der(&cert.to_der().unwrap()).unwrap()
}

#[test]
fn explicit_p256_parameters_are_recognised() {
    let pki = common::pki();
    for compressed in [false, true] {
        let ds = ds_with_parameters(p256_parameters(compressed, |_| {}));
        let data = b"header and body as read";
        let sig = sign_document(data, &pki.document_signer.key).unwrap();
        let key = verify_document(data, &sig, &ds).expect("verifies with the explicit-parameter key");
        assert_eq!(key, "ECDSA P-256 (explicit parameters)");
        assert_eq!(verify_document(b"header and body as reaD", &sig, &ds), Err(VerifyError::Invalid));
    }
}

#[test]
fn sod_signed_by_an_explicit_parameter_ds_passes() {
    let pki = common::pki();
    let ds = ds_with_parameters(p256_parameters(false, |_| {}));
    let files = common::dg_files();
    let sod = build_sod(&common::as_refs(&files), &ds, &pki.document_signer.key).unwrap();
    let sod = Sod::parse(&sod).unwrap();
    let pa = passive_authentication(&sod, &common::as_refs(&files), None, Some(&pki.trust_store()), SystemTime::now());
    assert!(pa.passed(), "{pa:#?}");
    assert!(pa.signature.reason.contains("explicit parameters"), "{}", pa.signature.reason);
}

type Tweak = Box<dyn Fn(&mut EcParameters)>;

#[test]
fn unknown_explicit_curve_is_unsupported() {
    let pki = common::pki();
    let cases: [Tweak; 4] = [
        Box::new(|p| p.curve.b = OctetString::new([h(B)[..31].to_vec(), vec![0x4C]].concat()).unwrap()),
        Box::new(|p| p.order = Uint::new(&h(GX)).unwrap()),
        Box::new(|p| p.cofactor = Some(Uint::new(&[4]).unwrap())),
        Box::new(|p| p.field_id.field_type = ObjectIdentifier::new_unwrap("1.2.840.10045.1.2")),
    ];
    let files = common::dg_files();
    for tweak in cases {
        let ds = ds_with_parameters(p256_parameters(false, |p| tweak(p)));
        let sig = sign_document(b"x", &pki.document_signer.key).unwrap();
        match verify_document(b"x", &sig, &ds) {
            Err(VerifyError::Key(KeyError::UnsupportedExplicitCurve(_))) => {}
            other => panic!("expected unsupported explicit curve, got {other:?}"),
        }
        let sod = build_sod(&common::as_refs(&files), &ds, &pki.document_signer.key).unwrap();
        let check = check_signature(&Sod::parse(&sod).unwrap(), None);
        assert_eq!(check.status, SignatureStatus::Unsupported);
        assert!(check.reason.contains("unsupported explicit curve"), "{}", check.reason);
    }
}

#[test]
fn malformed_parameters_do_not_panic() {
    let pki = common::pki();
    for params in [h("3000"), h("3003020101"), h("300702010130020500"), h("0500")] {
        let ds = ds_with_parameters(Any::from_der(&params).unwrap());
        let sig = sign_document(b"x", &pki.document_signer.key).unwrap();
        assert!(verify_document(b"x", &sig, &ds).is_err());
    }
}
