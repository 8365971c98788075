//! The terminal's side of Active Authentication: check the chip's INTERNAL AUTHENTICATE response.

use p256::ecdsa::Signature;
use p256::ecdsa::signature::hazmat::PrehashVerifier;
use rsa::BoxedUint;
use rsa::traits::PublicKeyParts;
use subtle::ConstantTimeEq;

use crate::card::{byte_aligned_len, fixed_len};
use crate::{AaError, AaPublicKey, HashAlg, iso9796};

/// Checks that `signature` is the chip's answer to `challenge` under `public` (the DG15 key).
///
/// - P-256: the signature is plain r‖s (64 bytes); a DER `ECDSA-Sig-Value` is accepted too, for chips and
///   tools that send one. The hash is `hash_hint` (from DG14's ActiveAuthenticationInfo, see
///   [`crate::Dg14::aa_hash_alg`]) or SHA-256 without one.
/// - RSA: ISO/IEC 9796-2 scheme 1. The hash comes from the recovered trailer (`BC` = SHA-1, `xxCC` names
///   it), so `hash_hint` is ignored; the recomputed H(M1 ‖ challenge) is compared in constant time.
///
/// # Errors
/// [`AaError::SignatureLength`], [`AaError::SignatureEncoding`], [`AaError::SignatureOutOfRange`],
/// [`AaError::BadHeader`], [`AaError::BadTrailer`], [`AaError::UnsupportedHashId`],
/// [`AaError::RepresentativeTooShort`], [`AaError::HashMismatch`], [`AaError::BadSignature`] or
/// [`AaError::UnsupportedRsaKey`]. Never panics, whatever the bytes.
pub fn verify_challenge(
    public: &AaPublicKey,
    challenge: &[u8],
    signature: &[u8],
    hash_hint: Option<HashAlg>,
) -> Result<(), AaError> {
    match public {
        AaPublicKey::EcP256(key) => {
            let sig = ecdsa_signature(signature)?;
            let digest = hash_hint.unwrap_or(HashAlg::Sha256).digest(&[challenge]);
            key.verify_prehash(&digest, &sig).map_err(|_| AaError::BadSignature)
        }
        AaPublicKey::Rsa(key) => verify_rsa(key, challenge, signature),
    }
}

/// Plain r‖s, or DER when it is not 64 bytes and looks like a SEQUENCE.
fn ecdsa_signature(signature: &[u8]) -> Result<Signature, AaError> {
    match signature {
        s if s.len() == 64 => Signature::from_slice(s).map_err(|_| AaError::SignatureEncoding),
        [0x30, ..] => Signature::from_der(signature).map_err(|_| AaError::SignatureEncoding),
        _ => Err(AaError::SignatureLength { expected: 64, actual: signature.len() }),
    }
}

fn verify_rsa(key: &rsa::PublicKey, challenge: &[u8], signature: &[u8]) -> Result<(), AaError> {
    let k = byte_aligned_len(key)?;
    if signature.len() != k {
        return Err(AaError::SignatureLength { expected: k, actual: signature.len() });
    }
    // Equal lengths, so big-endian byte order is numeric order.
    if *signature >= *key.n_bytes() {
        return Err(AaError::SignatureOutOfRange);
    }
    let s = BoxedUint::from_be_slice(signature, key.n_bits_precision()).map_err(|_| AaError::SignatureOutOfRange)?;
    let m = rsa::hazmat::rsa_encrypt(key, &s).map_err(|_| AaError::SignatureOutOfRange)?;
    let rep = fixed_len(&m.to_be_bytes(), k);
    let recovered = iso9796::decode(&rep)?;
    let expected = recovered.hash.digest(&[recovered.m1, challenge]);
    if bool::from(expected.ct_eq(recovered.digest)) { Ok(()) } else { Err(AaError::HashMismatch) }
}
