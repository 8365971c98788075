//! Offline verification throughput (card images per second on one core) beside the cost floor of the signature
//! checks and hashes it cannot avoid, measured in the same run.

use std::hint::black_box;
use std::path::Path;
use std::time::SystemTime;

use cccd_image::Profile;
use cccd_trust::Pki;
use cccd_verify::verify;
use criterion::{Criterion, criterion_group, criterion_main};
use p256::ecdsa::signature::{Signer, Verifier};
use p256::ecdsa::{Signature, SigningKey, VerifyingKey};
use sha2::{Digest, Sha256};

fn bench(c: &mut Criterion) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let profile = Profile::load(&root.join("examples/profiles/nguyen-van-an.toml")).expect("sample profile");
    let pki = Pki::load(&root.join("examples/pki")).expect("example PKI");
    let image = profile.build_signed(&pki).expect("signed sample");
    let trust = pki.trust_store();
    let now = SystemTime::now();
    let report = verify(&image.files, Some(&trust), None, now);
    assert!(report.passed, "{}", report.to_text());
    // Signatures a verifier must check on this card: EF.SOD, the DS certificate, and per document its
    // signature and its authority's certificate.
    let documents = image.files.application("documents").map_or(0, |a| a.files.len() - 1);
    let signatures = 2 + 2 * documents;
    let hashed: Vec<&[u8]> =
        image.files.applications.iter().flat_map(|a| &a.files).map(|f| f.bytes.as_slice()).collect();
    let bytes: usize = hashed.iter().map(|b| b.len()).sum();
    println!("floor per card: {signatures} ECDSA P-256 verifications + SHA-256 over {bytes} bytes");

    let key = SigningKey::from_slice(&[0x42; 32]).expect("a valid scalar");
    let vk = VerifyingKey::from(&key);
    let sig: Signature = key.sign(b"signed attributes");
    let mut g = c.benchmark_group("offline_verification");
    g.bench_function("cccd_verify_full_card", |b| {
        b.iter(|| verify(black_box(&image.files), Some(&trust), None, now).passed)
    });
    g.bench_function("floor_signatures_and_hashes", |b| {
        b.iter(|| {
            for _ in 0..signatures {
                vk.verify(black_box(b"signed attributes"), black_box(&sig)).expect("verifies");
            }
            for bytes in &hashed {
                black_box(Sha256::digest(bytes));
            }
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
