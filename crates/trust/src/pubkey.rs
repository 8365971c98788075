//! Public keys from a SubjectPublicKeyInfo and signature verification over a message.

use const_oid::db::rfc5912;
use der::{Encode, Tagged};
use p256::ecdsa::signature::hazmat::PrehashVerifier;
use rsa::pkcs1::DecodeRsaPublicKey;
use spki::SubjectPublicKeyInfoOwned;

use crate::algorithms::{DigestAlgorithm, SignatureAlgorithm};
use crate::ec_params::{self, Curve};
use crate::error::{KeyError, VerifyError};

/// A verification key of a supported type.
#[derive(Clone, Debug)]
pub(crate) enum PublicKey {
    P256(p256::ecdsa::VerifyingKey),
    P384(p384::ecdsa::VerifyingKey),
    BrainpoolP256r1(ecdsa::VerifyingKey<bp256::BrainpoolP256r1>),
    BrainpoolP384r1(ecdsa::VerifyingKey<bp384::BrainpoolP384r1>),
    Rsa(rsa::PublicKey),
}

/// A key and how its curve was named, for reports.
#[derive(Clone, Debug)]
pub(crate) struct ParsedKey {
    pub key: PublicKey,
    pub explicit_params: bool,
}

impl ParsedKey {
    pub fn from_spki(spki: &SubjectPublicKeyInfoOwned) -> Result<Self, KeyError> {
        let bits = spki.subject_public_key.as_bytes().ok_or_else(|| KeyError::Malformed("key BIT STRING".into()))?;
        let oid = spki.algorithm.oid;
        if oid == rfc5912::RSA_ENCRYPTION || oid == rfc5912::ID_RSASSA_PSS {
            let key = rsa::PublicKey::from_pkcs1_der(bits).map_err(|e| KeyError::Malformed(e.to_string()))?;
            return Ok(Self { key: PublicKey::Rsa(key), explicit_params: false });
        }
        if oid != rfc5912::ID_EC_PUBLIC_KEY {
            return Err(KeyError::UnsupportedKeyType(oid.to_string()));
        }
        let params = spki.algorithm.parameters.as_ref().ok_or(KeyError::ImplicitCurve)?;
        let (curve, explicit_params) = match params.decode_as::<der::asn1::ObjectIdentifier>() {
            Ok(named) => (Curve::from_oid(&named).ok_or(KeyError::UnsupportedNamedCurve(named.to_string()))?, false),
            Err(_) if params.tag() == der::Tag::Sequence => {
                let der = params.to_der().map_err(|e| KeyError::Malformed(e.to_string()))?;
                (ec_params::identify(&der)?, true)
            }
            Err(_) => return Err(KeyError::ImplicitCurve),
        };
        let bad = |e: ecdsa::Error| KeyError::Malformed(format!("{} point: {e}", curve.name()));
        let key = match curve {
            Curve::P256 => PublicKey::P256(p256::ecdsa::VerifyingKey::from_sec1_bytes(bits).map_err(bad)?),
            Curve::P384 => PublicKey::P384(p384::ecdsa::VerifyingKey::from_sec1_bytes(bits).map_err(bad)?),
            Curve::BrainpoolP256r1 => {
                PublicKey::BrainpoolP256r1(ecdsa::VerifyingKey::from_sec1_bytes(bits).map_err(bad)?)
            }
            Curve::BrainpoolP384r1 => {
                PublicKey::BrainpoolP384r1(ecdsa::VerifyingKey::from_sec1_bytes(bits).map_err(bad)?)
            }
        };
        Ok(Self { key, explicit_params })
    }

    /// "ECDSA P-256 (explicit parameters)", "RSA 2048".
    pub fn describe(&self) -> String {
        let explicit = if self.explicit_params { " (explicit parameters)" } else { "" };
        match &self.key {
            PublicKey::P256(_) => format!("ECDSA P-256{explicit}"),
            PublicKey::P384(_) => format!("ECDSA P-384{explicit}"),
            PublicKey::BrainpoolP256r1(_) => format!("ECDSA brainpoolP256r1{explicit}"),
            PublicKey::BrainpoolP384r1(_) => format!("ECDSA brainpoolP384r1{explicit}"),
            PublicKey::Rsa(k) => format!("RSA {}", rsa::traits::PublicKeyParts::n_bits_precision(k)),
        }
    }

    /// Verifies `signature` over `message` (hashed here with the algorithm's hash).
    pub fn verify(&self, alg: &SignatureAlgorithm, message: &[u8], signature: &[u8]) -> Result<(), VerifyError> {
        let prehash = match alg.hash() {
            Some(h) => h.digest(message),
            None => return Err(VerifyError::UnsupportedAlgorithm(alg.to_string())),
        };
        match (&self.key, alg) {
            (PublicKey::Rsa(key), SignatureAlgorithm::RsaPkcs1v15 { hash }) => {
                rsa_verify(key, *hash, None, &prehash, signature)
            }
            (PublicKey::Rsa(key), SignatureAlgorithm::RsaPss { hash, salt_len }) => {
                rsa_verify(key, *hash, Some(*salt_len), &prehash, signature)
            }
            (PublicKey::P256(k), SignatureAlgorithm::Ecdsa { plain, .. }) => {
                ec_verify!(p256::NistP256, k, *plain, &prehash, signature)
            }
            (PublicKey::P384(k), SignatureAlgorithm::Ecdsa { plain, .. }) => {
                ec_verify!(p384::NistP384, k, *plain, &prehash, signature)
            }
            (PublicKey::BrainpoolP256r1(k), SignatureAlgorithm::Ecdsa { plain, .. }) => {
                ec_verify!(bp256::BrainpoolP256r1, k, *plain, &prehash, signature)
            }
            (PublicKey::BrainpoolP384r1(k), SignatureAlgorithm::Ecdsa { plain, .. }) => {
                ec_verify!(bp384::BrainpoolP384r1, k, *plain, &prehash, signature)
            }
            _ => Err(VerifyError::KeyMismatch { algorithm: alg.to_string(), key: self.describe() }),
        }
    }
}

/// ECDSA over a prehash with one concrete curve (the signature encoding is DER, or r‖s when `plain`).
macro_rules! ec_verify {
    ($curve:ty, $key:expr, $plain:expr, $prehash:expr, $sig:expr) => {{
        let sig = if $plain {
            ecdsa::Signature::<$curve>::from_slice($sig)
        } else {
            ecdsa::Signature::<$curve>::from_der($sig)
        };
        let sig = sig.map_err(|_| VerifyError::MalformedSignature)?;
        $key.verify_prehash($prehash, &sig).map_err(|_| VerifyError::Invalid)
    }};
}
use ec_verify;

fn rsa_verify(
    key: &rsa::PublicKey,
    hash: DigestAlgorithm,
    pss_salt: Option<usize>,
    prehash: &[u8],
    sig: &[u8],
) -> Result<(), VerifyError> {
    macro_rules! with_digest {
        ($d:ty) => {
            match pss_salt {
                Some(salt) => key.verify(rsa::Pss::<$d>::new_with_salt(salt), prehash, sig),
                None => key.verify(rsa::Pkcs1v15Sign::new::<$d>(), prehash, sig),
            }
        };
    }
    let result = match hash {
        DigestAlgorithm::Sha1 => with_digest!(sha1::Sha1),
        DigestAlgorithm::Sha224 => with_digest!(sha2::Sha224),
        DigestAlgorithm::Sha256 => with_digest!(sha2::Sha256),
        DigestAlgorithm::Sha384 => with_digest!(sha2::Sha384),
        DigestAlgorithm::Sha512 => with_digest!(sha2::Sha512),
    };
    result.map_err(|_| VerifyError::Invalid)
}
