//! Shared test helpers: vector paths, scratch directories, a generated PKI and SOD.
#![allow(dead_code)]

use std::path::PathBuf;
use std::sync::OnceLock;

use cccd_trust::{Pki, PkiParams, build_sod};

/// `shared/vectors/` next to the repository, located from this crate; panics with a clear message if missing.
pub fn vectors() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/vectors");
    assert!(dir.is_dir(), "test vectors not found at {} (expected /work/shared/vectors)", dir.display());
    dir
}

pub fn bsi(file: &str) -> Vec<u8> {
    let path = vectors().join("bsi-tr03105-5").join(file);
    std::fs::read(&path).unwrap_or_else(|e| panic!("BSI vector {}: {e}", path.display()))
}

/// A fresh, empty scratch directory under the target dir.
pub fn scratch(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("cccd-trust-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// One PKI per test binary (key generation is the slow part).
pub fn pki() -> &'static Pki {
    static PKI: OnceLock<Pki> = OnceLock::new();
    PKI.get_or_init(|| Pki::generate_in_memory(&PkiParams::default()).unwrap())
}

pub fn other_pki() -> &'static Pki {
    static PKI: OnceLock<Pki> = OnceLock::new();
    PKI.get_or_init(|| Pki::generate_in_memory(&PkiParams::default()).unwrap())
}

/// Five synthetic data group files (tag + length + value) of assorted sizes.
pub fn dg_files() -> Vec<(u8, Vec<u8>)> {
    let file = |tag: u8, len: usize| {
        let value: Vec<u8> = (0..len).map(|i| (i * 7 + tag as usize) as u8).collect();
        let mut out = vec![tag];
        match len {
            0..=0x7F => out.push(len as u8),
            0x80..=0xFF => out.extend([0x81, len as u8]),
            _ => out.extend([0x82, (len >> 8) as u8, len as u8]),
        }
        out.extend(value);
        out
    };
    vec![
        (1, file(0x61, 93)),
        (2, file(0x75, 12000)),
        (13, file(0x6D, 600)),
        (14, file(0x6E, 300)),
        (15, file(0x6F, 90)),
    ]
}

pub fn as_refs(files: &[(u8, Vec<u8>)]) -> Vec<(u8, &[u8])> {
    files.iter().map(|(n, b)| (*n, b.as_slice())).collect()
}

/// EF.SOD over [`dg_files`] signed by [`pki`]'s document signer.
pub fn our_sod() -> Vec<u8> {
    let p = pki();
    build_sod(&as_refs(&dg_files()), &p.document_signer.cert, &p.document_signer.key).unwrap()
}

/// Strips the `77` tag and length.
pub fn strip_77(sod: &[u8]) -> &[u8] {
    assert_eq!(sod[0], 0x77);
    match sod[1] {
        0x82 => &sod[4..],
        0x81 => &sod[3..],
        n if n < 0x80 => &sod[2..],
        _ => panic!("unexpected length form"),
    }
}
