//! Active Authentication key pairs: P-256 ECDSA or RSA, loaded from PKCS#8 / SubjectPublicKeyInfo.

use der::{Decode, Encode, Tag, Tagged};
use p256::ecdsa::{SigningKey, VerifyingKey};
use p256::elliptic_curve::Generate;
use pkcs8::{DecodePrivateKey, EncodePrivateKey, EncodePublicKey, PrivateKeyInfoRef, SecretDocument};
use rsa::traits::PublicKeyParts;
use spki::{DecodePublicKey, SubjectPublicKeyInfoRef};
use zeroize::Zeroizing;

use crate::oid::{self, ID_EC_PUBLIC_KEY, RSA_ENCRYPTION, SECP256R1};
use crate::{AaError, ec_params};

/// The PEM label of an unencrypted PKCS#8 private key.
const PKCS8_PEM_LABEL: &str = "PRIVATE KEY";

/// The chip's secret AA key. Only the card's persistent state holds it; nothing sends it over APDUs.
///
/// `Debug` names the algorithm and size only, so logs and traces cannot leak the key.
#[derive(Clone)]
pub enum AaPrivateKey {
    /// ECDSA over NIST P-256 (signatures are plain r‖s over SHA-256).
    EcP256(SigningKey),
    /// RSA (signatures are ISO/IEC 9796-2 scheme 1 with SHA-1).
    Rsa(rsa::PrivateKey),
}

impl core::fmt::Debug for AaPrivateKey {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Self::EcP256(_) => f.write_str("AaPrivateKey::EcP256(<redacted>)"),
            Self::Rsa(k) => write!(f, "AaPrivateKey::Rsa({} bits, <redacted>)", k.n().bit_width()),
        }
    }
}

impl AaPrivateKey {
    /// A fresh P-256 key from the operating system's random number generator.
    ///
    /// # Errors
    /// [`AaError::Rng`] if the generator fails.
    pub fn generate_p256() -> Result<Self, AaError> {
        SigningKey::try_generate_from_rng(&mut getrandom::SysRng)
            .map(Self::EcP256)
            .map_err(|e| AaError::Rng(e.to_string()))
    }

    /// A fresh RSA key with e = 65537, for cards that mimic RSA-AA chips (BSI's is 1024 bits).
    ///
    /// # Errors
    /// [`AaError::UnsupportedRsaKey`] when `bits` is not a multiple of 8 in 1024..=4096, or a generation failure.
    pub fn generate_rsa(bits: usize) -> Result<Self, AaError> {
        if !(1024..=4096).contains(&bits) || !bits.is_multiple_of(8) {
            return Err(AaError::UnsupportedRsaKey(format!("{bits} bits (need a multiple of 8 in 1024..=4096)")));
        }
        rsa::PrivateKey::new(&mut getrandom::SysRng, bits).map(Self::Rsa).map_err(|e| AaError::Signing(e.to_string()))
    }

    /// Loads a PKCS#8 private key given as DER or as PEM (`-----BEGIN PRIVATE KEY-----`), whichever it is.
    ///
    /// # Errors
    /// As [`AaPrivateKey::from_pkcs8_der`] / [`AaPrivateKey::from_pkcs8_pem`].
    pub fn from_pkcs8(bytes: &[u8]) -> Result<Self, AaError> {
        let start = bytes.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(bytes.len());
        if bytes.get(start..).is_some_and(|b| b.starts_with(b"-----BEGIN")) {
            let text = core::str::from_utf8(bytes).map_err(|_| AaError::KeyEncoding("PEM is not UTF-8".into()))?;
            Self::from_pkcs8_pem(text.trim())
        } else {
            Self::from_pkcs8_der(bytes)
        }
    }

    /// Loads a DER PKCS#8 `PrivateKeyInfo` holding a P-256 or an RSA key.
    ///
    /// # Errors
    /// [`AaError::KeyEncoding`], [`AaError::UnsupportedAlgorithm`] or [`AaError::UnsupportedCurve`].
    pub fn from_pkcs8_der(der: &[u8]) -> Result<Self, AaError> {
        let info = PrivateKeyInfoRef::try_from(der).map_err(AaError::key)?;
        let alg = info.algorithm;
        if alg.oid == RSA_ENCRYPTION {
            return rsa::PrivateKey::from_pkcs8_der(der).map(Self::Rsa).map_err(AaError::key);
        }
        if alg.oid != ID_EC_PUBLIC_KEY {
            return Err(AaError::UnsupportedAlgorithm(oid::describe(&alg.oid)));
        }
        match alg.parameters_oid() {
            Ok(curve) if curve == SECP256R1 => SigningKey::from_pkcs8_der(der).map(Self::EcP256).map_err(AaError::key),
            Ok(curve) => Err(AaError::UnsupportedCurve(oid::describe(&curve))),
            Err(_) => Err(AaError::UnsupportedCurve("PKCS#8 EC key without a named curve".into())),
        }
    }

    /// Loads a PEM PKCS#8 key (label `PRIVATE KEY`).
    ///
    /// # Errors
    /// A PEM error or another label ([`AaError::KeyEncoding`]), else as [`AaPrivateKey::from_pkcs8_der`].
    pub fn from_pkcs8_pem(pem: &str) -> Result<Self, AaError> {
        let (label, doc) = SecretDocument::from_pem(pem).map_err(AaError::key)?;
        if label != PKCS8_PEM_LABEL {
            return Err(AaError::KeyEncoding(format!("PEM label {label:?}, expected {PKCS8_PEM_LABEL:?}")));
        }
        Self::from_pkcs8_der(doc.as_bytes())
    }

    /// The key as DER PKCS#8, for the card's persistent state; wiped from memory when dropped.
    ///
    /// # Errors
    /// [`AaError::KeyEncoding`] if the encoder fails.
    pub fn to_pkcs8_der(&self) -> Result<Zeroizing<Vec<u8>>, AaError> {
        let doc = match self {
            Self::EcP256(k) => k.to_pkcs8_der(),
            Self::Rsa(k) => k.to_pkcs8_der(),
        }
        .map_err(AaError::key)?;
        Ok(Zeroizing::new(doc.as_bytes().to_vec()))
    }

    /// The key as PEM PKCS#8 (LF line endings); wiped from memory when dropped.
    ///
    /// # Errors
    /// [`AaError::KeyEncoding`] if the encoder fails.
    pub fn to_pkcs8_pem(&self) -> Result<Zeroizing<String>, AaError> {
        let le = pkcs8::LineEnding::LF;
        match self {
            Self::EcP256(k) => k.to_pkcs8_pem(le),
            Self::Rsa(k) => k.to_pkcs8_pem(le),
        }
        .map_err(AaError::key)
    }

    /// The matching public key, as DG15 publishes it.
    #[must_use]
    pub fn public_key(&self) -> AaPublicKey {
        match self {
            Self::EcP256(k) => AaPublicKey::EcP256(*k.verifying_key()),
            Self::Rsa(k) => AaPublicKey::Rsa(k.to_public_key()),
        }
    }

    /// Bytes of an INTERNAL AUTHENTICATE response: 64 for P-256, the modulus length for RSA.
    #[must_use]
    pub fn signature_len(&self) -> usize {
        match self {
            Self::EcP256(_) => 64,
            Self::Rsa(k) => k.size(),
        }
    }
}

/// The chip's public AA key, as read from DG15.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AaPublicKey {
    /// ECDSA over NIST P-256.
    EcP256(VerifyingKey),
    /// RSA.
    Rsa(rsa::PublicKey),
}

impl AaPublicKey {
    /// Reads a DER SubjectPublicKeyInfo: RSA, or EC on P-256 named by OID or by explicit domain parameters
    /// equal to P-256's.
    ///
    /// # Errors
    /// [`AaError::KeyEncoding`], [`AaError::UnsupportedAlgorithm`] or [`AaError::UnsupportedCurve`].
    pub fn from_spki_der(der: &[u8]) -> Result<Self, AaError> {
        let spki = SubjectPublicKeyInfoRef::from_der(der).map_err(AaError::key)?;
        let alg = &spki.algorithm;
        if alg.oid == RSA_ENCRYPTION {
            return rsa::PublicKey::from_public_key_der(der).map(Self::Rsa).map_err(AaError::key);
        }
        if alg.oid != ID_EC_PUBLIC_KEY {
            return Err(AaError::UnsupportedAlgorithm(oid::describe(&alg.oid)));
        }
        let params = alg.parameters.ok_or_else(|| AaError::KeyEncoding("EC key without parameters".into()))?;
        match params.tag() {
            Tag::ObjectIdentifier => {
                let curve = params.decode_as::<spki::ObjectIdentifier>().map_err(AaError::key)?;
                if curve != SECP256R1 {
                    return Err(AaError::UnsupportedCurve(oid::describe(&curve)));
                }
            }
            Tag::Sequence => ec_params::check_p256(&params.to_der().map_err(AaError::key)?)?,
            Tag::Null => return Err(AaError::UnsupportedCurve("implicitlyCA parameters".into())),
            other => return Err(AaError::KeyEncoding(format!("EC parameters with tag {other}"))),
        }
        let point = spki
            .subject_public_key
            .as_bytes()
            .ok_or_else(|| AaError::KeyEncoding("public key BIT STRING has unused bits".into()))?;
        VerifyingKey::from_sec1_bytes(point)
            .map(Self::EcP256)
            .map_err(|_| AaError::KeyEncoding("not a P-256 point".into()))
    }

    /// The key as DER SubjectPublicKeyInfo (EC keys with the named curve, uncompressed point).
    ///
    /// # Errors
    /// [`AaError::KeyEncoding`] if the encoder fails.
    pub fn to_spki_der(&self) -> Result<Vec<u8>, AaError> {
        let doc = match self {
            Self::EcP256(k) => k.to_public_key_der(),
            Self::Rsa(k) => k.to_public_key_der(),
        }
        .map_err(AaError::key)?;
        Ok(doc.into_vec())
    }

    /// Bytes of a valid signature: 64 for P-256 (plain r‖s), the modulus length for RSA.
    #[must_use]
    pub fn signature_len(&self) -> usize {
        match self {
            Self::EcP256(_) => 64,
            Self::Rsa(k) => k.size(),
        }
    }

    /// Key size in bits (256, or the RSA modulus length).
    #[must_use]
    pub fn bits(&self) -> u32 {
        match self {
            Self::EcP256(_) => 256,
            Self::Rsa(k) => k.n().bit_width(),
        }
    }

    /// A short name for reports: `ECDSA P-256` or `RSA`.
    #[must_use]
    pub const fn algorithm(&self) -> &'static str {
        match self {
            Self::EcP256(_) => "ECDSA P-256",
            Self::Rsa(_) => "RSA",
        }
    }
}
