//! The chip's side of INTERNAL AUTHENTICATE: sign the terminal's challenge with the AA key.

use p256::ecdsa::Signature;
use p256::ecdsa::signature::hazmat::PrehashSigner;
use rsa::BoxedUint;
use rsa::traits::PublicKeyParts;

use crate::{AaError, AaPrivateKey, HashAlg, iso9796};

impl AaPrivateKey {
    /// The INTERNAL AUTHENTICATE response for `challenge` (8 bytes from the terminal, but any length works).
    ///
    /// P-256: ECDSA over SHA-256, plain r‖s (64 bytes, BSI TR-03111), deterministic nonce (RFC 6979).
    /// RSA: ISO/IEC 9796-2 scheme 1, partial recovery, random M1, SHA-1 with trailer `BC`, as eMRTDs do.
    ///
    /// # Errors
    /// As [`AaPrivateKey::sign_challenge_with`].
    pub fn sign_challenge(&self, challenge: &[u8]) -> Result<Vec<u8>, AaError> {
        let hash = match self {
            Self::EcP256(_) => HashAlg::Sha256,
            Self::Rsa(_) => HashAlg::Sha1,
        };
        self.sign_challenge_with(challenge, hash)
    }

    /// [`AaPrivateKey::sign_challenge`] with another hash: for ECDSA the one DG14 names, for RSA the one
    /// named by an `xxCC` trailer (SHA-1 keeps the implicit `BC`).
    ///
    /// # Errors
    /// [`AaError::Signing`] if the private operation fails, [`AaError::Rng`] if no random M1 can be drawn,
    /// [`AaError::UnsupportedRsaKey`] for a modulus whose bit length is not a multiple of 8.
    pub fn sign_challenge_with(&self, challenge: &[u8], hash: HashAlg) -> Result<Vec<u8>, AaError> {
        match self {
            Self::EcP256(key) => {
                let digest = hash.digest(&[challenge]);
                let sig: Signature = key.sign_prehash(&digest).map_err(|e| AaError::Signing(e.to_string()))?;
                Ok(sig.to_bytes().to_vec())
            }
            Self::Rsa(key) => sign_rsa(key, challenge, hash),
        }
    }
}

/// ISO/IEC 9796-2 representative, then the raw RSA private operation with blinding and a CRT check.
fn sign_rsa(key: &rsa::PrivateKey, challenge: &[u8], hash: HashAlg) -> Result<Vec<u8>, AaError> {
    let k = byte_aligned_len(key)?;
    let rep = iso9796::encode(k, hash, challenge, |m1| getrandom::fill(m1).map_err(|e| AaError::Rng(e.to_string())))?;
    let m = BoxedUint::from_be_slice(&rep, key.n_bits_precision()).map_err(|e| AaError::Signing(e.to_string()))?;
    let s = rsa::hazmat::rsa_decrypt_and_check(key, Some(&mut getrandom::SysRng), &m)
        .map_err(|e| AaError::Signing(e.to_string()))?;
    Ok(fixed_len(&s.to_be_bytes(), k))
}

/// The modulus length in bytes; only moduli of a whole number of bytes keep `6A…` below n.
pub(crate) fn byte_aligned_len(key: &impl PublicKeyParts) -> Result<usize, AaError> {
    let bits = key.n().bit_width();
    if !bits.is_multiple_of(8) {
        return Err(AaError::UnsupportedRsaKey(format!("{bits}-bit modulus is not a whole number of bytes")));
    }
    Ok(key.size())
}

/// The last `k` bytes of a big-endian number stored wider (limb-aligned), or left-padded to `k`.
pub(crate) fn fixed_len(be: &[u8], k: usize) -> Vec<u8> {
    let mut out = vec![0u8; k.saturating_sub(be.len())];
    out.extend_from_slice(be.get(be.len().saturating_sub(k)..).unwrap_or_default());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_len_trims_and_pads() {
        assert_eq!(fixed_len(&[0, 0, 1, 2], 2), [1, 2]);
        assert_eq!(fixed_len(&[1, 2], 4), [0, 0, 1, 2]);
        assert_eq!(fixed_len(&[], 1), [0]);
    }
}
