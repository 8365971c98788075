//! Offline passive authentication of one of our EF.SODs (5 DGs, ~13 KB) against its cost floor in the same
//! run: two ECDSA P-256 verifications (SOD signature, DS certificate) plus the SHA-256 hashes.

use std::hint::black_box;
use std::time::SystemTime;

use cccd_trust::{Pki, PkiParams, Sod, build_sod, passive_authentication};
use criterion::{Criterion, criterion_group, criterion_main};
use p256::ecdsa::signature::hazmat::PrehashVerifier;
use p256::ecdsa::{Signature, VerifyingKey};
use sha2::{Digest, Sha256};

fn dg_files() -> Vec<(u8, Vec<u8>)> {
    let file = |tag: u8, len: usize| {
        let mut out = vec![tag, 0x82, (len >> 8) as u8, len as u8];
        out.extend((0..len).map(|i| (i * 31) as u8));
        out
    };
    vec![
        (1, file(0x61, 300)),
        (2, file(0x75, 12000)),
        (13, file(0x6D, 600)),
        (14, file(0x6E, 300)),
        (15, file(0x6F, 300)),
    ]
}

fn bench(c: &mut Criterion) {
    let pki = Pki::generate_in_memory(&PkiParams::default()).expect("test PKI");
    let files = dg_files();
    let refs: Vec<(u8, &[u8])> = files.iter().map(|(n, b)| (*n, b.as_slice())).collect();
    let sod_bytes = build_sod(&refs, &pki.document_signer.cert, &pki.document_signer.key).expect("SOD");
    let trust = pki.trust_store();
    let now = SystemTime::now();
    assert!(passive_authentication(&Sod::parse(&sod_bytes).unwrap(), &refs, None, Some(&trust), now).passed());

    // Inputs of the floor, prepared outside the loop.
    let sod = Sod::parse(&sod_bytes).unwrap();
    let ds_key = VerifyingKey::from_sec1_bytes(spki_point(&pki.document_signer.cert)).unwrap();
    let csca_key = VerifyingKey::from_sec1_bytes(spki_point(&pki.csca.cert)).unwrap();
    let sod_sig = Signature::from_der(&sod.signature).unwrap();
    let ds = pki.document_signer.cert.x509();
    let ds_tbs = der::Encode::to_der(ds.tbs_certificate()).unwrap();
    let ds_sig = Signature::from_der(ds.signature().raw_bytes()).unwrap();
    let signed = sod.signed_bytes().to_vec();
    let econtent = sod.econtent().to_vec();

    let mut group = c.benchmark_group("passive_authentication");
    group.bench_function("parse + all checks (5 DGs)", |b| {
        b.iter(|| {
            let sod = Sod::parse(black_box(&sod_bytes)).unwrap();
            black_box(passive_authentication(&sod, black_box(&refs), None, Some(&trust), now))
        })
    });
    group.bench_function("floor: 2 ECDSA P-256 verifications + SHA-256", |b| {
        b.iter(|| {
            for (_, f) in black_box(&refs) {
                black_box(Sha256::digest(f));
            }
            black_box(Sha256::digest(black_box(&econtent)));
            ds_key.verify_prehash(&Sha256::digest(black_box(&signed)), &sod_sig).unwrap();
            csca_key.verify_prehash(&Sha256::digest(black_box(&ds_tbs)), &ds_sig).unwrap();
        })
    });
    group.finish();
}

fn spki_point(cert: &cccd_trust::Cert) -> &[u8] {
    cert.x509().tbs_certificate().subject_public_key_info().subject_public_key.raw_bytes()
}

criterion_group!(benches, bench);
criterion_main!(benches);
