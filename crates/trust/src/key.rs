//! The ECDSA P-256 private keys of the test PKI (document signer, authorities).

use p256::ecdsa::SigningKey;
use p256::pkcs8::{DecodePrivateKey, EncodePrivateKey};

use crate::cert::Cert;
use crate::error::SigningKeyError;

/// An ECDSA P-256 signing key.
#[derive(Clone)]
pub struct SignerKey(SigningKey);

impl std::fmt::Debug for SignerKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SignerKey(P-256, secret)")
    }
}

impl SignerKey {
    pub fn from_pkcs8_der(der: &[u8]) -> Result<Self, SigningKeyError> {
        SigningKey::from_pkcs8_der(der).map(Self).map_err(|e| SigningKeyError::Pkcs8(e.to_string()))
    }

    pub fn from_pkcs8_pem(pem: &str) -> Result<Self, SigningKeyError> {
        SigningKey::from_pkcs8_pem(pem).map(Self).map_err(|e| SigningKeyError::Pkcs8(e.to_string()))
    }

    pub fn to_pkcs8_der(&self) -> Result<Vec<u8>, SigningKeyError> {
        self.0.to_pkcs8_der().map(|d| d.as_bytes().to_vec()).map_err(|e| SigningKeyError::Pkcs8(e.to_string()))
    }

    /// Whether `cert` carries this key's public half (guards against mixing up files).
    pub fn matches(&self, cert: &Cert) -> bool {
        let ours = self.0.verifying_key().to_sec1_point(false);
        cert.x509().tbs_certificate().subject_public_key_info().subject_public_key.raw_bytes() == ours.as_bytes()
    }

    pub(crate) fn signing_key(&self) -> &SigningKey {
        &self.0
    }
}
