//! One error type for keys, signing, verification and the AA files.

use cccd_tlv::Tag;

/// Why a key, a signature or an AA file was rejected.
///
/// Verification failures are split by cause (length, header, trailer, hash) so a verifier's report can say
/// *what* a chip got wrong, not just that it failed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum AaError {
    /// PKCS#8, PEM or SubjectPublicKeyInfo bytes that do not decode.
    #[error("key encoding: {0}")]
    KeyEncoding(String),
    /// A key algorithm other than id-ecPublicKey or rsaEncryption (dotted OID).
    #[error("unsupported key algorithm {0}")]
    UnsupportedAlgorithm(String),
    /// An EC key on a curve other than P-256 (named or explicit).
    #[error("unsupported elliptic curve: {0}")]
    UnsupportedCurve(String),
    /// An RSA key this crate cannot use for ISO/IEC 9796-2 (size, modulus shape).
    #[error("unsupported RSA key: {0}")]
    UnsupportedRsaKey(String),
    /// The signature has the wrong number of bytes for the key.
    #[error("signature is {actual} bytes, expected {expected}")]
    SignatureLength { expected: usize, actual: usize },
    /// An ECDSA signature whose r or s is not in range, or malformed DER.
    #[error("signature is not a valid encoding")]
    SignatureEncoding,
    /// An RSA signature not below the modulus.
    #[error("RSA signature value is not below the modulus")]
    SignatureOutOfRange,
    /// The recovered ISO/IEC 9796-2 representative does not start with `01` bits and an `A`/`B` nibble.
    #[error("ISO/IEC 9796-2 header {0:#04X} is invalid")]
    BadHeader(u8),
    /// The recovered representative ends with neither `BC` nor `xxCC`.
    #[error("ISO/IEC 9796-2 trailer {0:#06X} is invalid")]
    BadTrailer(u16),
    /// An `xxCC` trailer naming a hash this crate does not know.
    #[error("ISO/IEC 9796-2 hash identifier {0:#04X} is not supported")]
    UnsupportedHashId(u8),
    /// The representative is too short to hold the header, the hash and the trailer.
    #[error("a {len}-byte representative has no room for a {hash_len}-byte hash")]
    RepresentativeTooShort { len: usize, hash_len: usize },
    /// The hash recomputed over M1 ‖ challenge differs from the recovered one.
    #[error("recomputed hash does not match the recovered one")]
    HashMismatch,
    /// The ECDSA signature does not verify under the public key.
    #[error("ECDSA signature does not verify")]
    BadSignature,
    /// The private-key operation failed (RSA consistency check, ECDSA signer).
    #[error("signing failed: {0}")]
    Signing(String),
    /// The operating system's random number generator failed.
    #[error("random number generator: {0}")]
    Rng(String),
    /// The BER-TLV layer of DG14 or DG15 failed.
    #[error("{file}: TLV: {source}")]
    Tlv {
        file: &'static str,
        #[source]
        source: cccd_tlv::Error,
    },
    /// An object of DG14 or DG15 has another tag than required.
    #[error("{file}: expected tag {expected}, found {found}")]
    UnexpectedTag { file: &'static str, expected: Tag, found: Tag },
    /// An element of DG14 or DG15 is missing or cannot be read.
    #[error("{file}: {what}: {reason}")]
    Invalid { file: &'static str, what: &'static str, reason: String },
}

impl AaError {
    pub(crate) fn key(e: impl core::fmt::Display) -> Self {
        Self::KeyEncoding(e.to_string())
    }

    pub(crate) fn tlv(file: &'static str) -> impl Fn(cccd_tlv::Error) -> Self {
        move |source| Self::Tlv { file, source }
    }

    pub(crate) fn invalid(file: &'static str, what: &'static str, reason: impl Into<String>) -> Self {
        Self::Invalid { file, what, reason: reason.into() }
    }
}
