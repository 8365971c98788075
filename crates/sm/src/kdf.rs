//! Key derivation for BAC (ICAO 9303-11 §9.7.1–9.7.2): Kseed from the MRZ, then Kenc/Kmac from Kseed.

use sha1::{Digest, Sha1};
use zeroize::Zeroize;

use crate::Key16;

/// KDF counter for the encryption key.
pub const COUNTER_ENC: u32 = 1;
/// KDF counter for the MAC key.
pub const COUNTER_MAC: u32 = 2;

/// `Kseed` = the first 16 bytes of SHA-1(MRZ_information) (see `cccd_lds::mrz_information` for the string).
pub fn kseed(mrz_information: &str) -> Key16 {
    first_16_of_sha1(&[mrz_information.as_bytes()])
}

/// `KDF(K, c)` for two-key 3DES: SHA-1(K ‖ c as 32-bit big-endian), first 16 bytes, DES parity adjusted.
///
/// Parity does not change DES results; it is adjusted so derived keys equal the ones ICAO prints.
pub fn derive_3des_key(seed: &[u8], counter: u32) -> Key16 {
    let mut key = first_16_of_sha1(&[seed, &counter.to_be_bytes()]);
    let mut bytes = *key.as_bytes();
    adjust_parity(&mut bytes);
    key = Key16::new(bytes);
    bytes.zeroize();
    key
}

/// Set each byte's low bit so the byte has odd parity (the DES key convention).
pub fn adjust_parity(key: &mut [u8]) {
    for b in key {
        let high_ones = (*b >> 1).count_ones();
        *b = (*b & 0xFE) | u8::from(high_ones % 2 == 0);
    }
}

/// The document's basic access keys Kenc and Kmac, derived from the MRZ.
#[derive(Clone, Debug)]
pub struct BacKeys {
    kenc: Key16,
    kmac: Key16,
}

impl BacKeys {
    pub fn new(kenc: Key16, kmac: Key16) -> Self {
        Self { kenc, kmac }
    }

    /// Kenc and Kmac from `MRZ_information` (document number ‖ check ‖ birth ‖ check ‖ expiry ‖ check).
    pub fn from_mrz_information(mrz_information: &str) -> Self {
        Self::from_kseed(&kseed(mrz_information))
    }

    /// Kenc = KDF(Kseed, 1), Kmac = KDF(Kseed, 2).
    pub fn from_kseed(kseed: &Key16) -> Self {
        Self {
            kenc: derive_3des_key(kseed.as_bytes(), COUNTER_ENC),
            kmac: derive_3des_key(kseed.as_bytes(), COUNTER_MAC),
        }
    }

    pub fn kenc(&self) -> &Key16 {
        &self.kenc
    }

    pub fn kmac(&self) -> &Key16 {
        &self.kmac
    }
}

fn first_16_of_sha1(parts: &[&[u8]]) -> Key16 {
    let mut hasher = Sha1::new();
    for part in parts {
        hasher.update(part);
    }
    let mut digest: [u8; 20] = hasher.finalize().into();
    let mut key = [0u8; 16];
    key.copy_from_slice(&digest[..16]);
    digest.zeroize();
    let out = Key16::new(key);
    key.zeroize();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parity_is_odd() {
        let mut key = [0x00, 0x01, 0xFE, 0xFF, 0x7F];
        adjust_parity(&mut key);
        assert_eq!(key, [0x01, 0x01, 0xFE, 0xFE, 0x7F]);
        assert!(key.iter().all(|b| b.count_ones() % 2 == 1));
    }
}
