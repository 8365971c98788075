//! The citizen's e-signature key: generated on the card, used only after the PIN, never exported.

use cccd_apdu::StatusWord;
use cccd_tlv::{Tag, TlvNode};
use p256::ecdsa::signature::hazmat::PrehashSigner;
use p256::ecdsa::{Signature, SigningKey};
use p256::elliptic_curve::Generate;
use p256::pkcs8::{DecodePrivateKey, EncodePrivateKey};

/// Length of the digest COMPUTE DIGITAL SIGNATURE signs (SHA-256).
pub const DIGEST_LEN: usize = 32;

/// A P-256 signing key with the certificate issued for it (if any).
#[derive(Clone)]
pub struct EsignKey {
    key: SigningKey,
    pub certificate: Option<Vec<u8>>,
}

impl EsignKey {
    pub fn generate() -> Result<Self, StatusWord> {
        let key = SigningKey::try_generate_from_rng(&mut getrandom::SysRng).map_err(|_| StatusWord::EXECUTION_ERROR)?;
        Ok(Self { key, certificate: None })
    }

    pub fn from_pkcs8(der: &[u8], certificate: Option<Vec<u8>>) -> Result<Self, String> {
        let key = SigningKey::from_pkcs8_der(der).map_err(|e| format!("the e-signature key: {e}"))?;
        Ok(Self { key, certificate })
    }

    pub fn to_pkcs8(&self) -> Option<Vec<u8>> {
        self.key.to_pkcs8_der().ok().map(|d| d.as_bytes().to_vec())
    }

    /// The uncompressed public point `04 ‖ X ‖ Y`.
    pub fn public_point(&self) -> Vec<u8> {
        self.key.verifying_key().to_sec1_point(false).as_bytes().to_vec()
    }

    /// ISO 7816-8 public key template `7F49 { 86 point }`.
    pub fn public_key_template(&self) -> Vec<u8> {
        TlvNode::constructed(Tag::from_u32(0x7F49), vec![TlvNode::primitive(Tag::from_u32(0x86), self.public_point())])
            .to_vec()
    }

    /// ECDSA over a SHA-256 digest: `r ‖ s`, 64 bytes.
    pub fn sign_digest(&self, digest: &[u8]) -> Result<Vec<u8>, StatusWord> {
        if digest.len() != DIGEST_LEN {
            return Err(StatusWord::WRONG_LENGTH);
        }
        let signature: Signature = self.key.sign_prehash(digest).map_err(|_| StatusWord::EXECUTION_ERROR)?;
        Ok(signature.to_bytes().to_vec())
    }

    /// Whether `cert` (X.509 DER) certifies this key: its subject public key is our point.
    pub fn certifies(&self, cert: &[u8]) -> bool {
        use x509_cert::der::Decode;
        x509_cert::Certificate::from_der(cert).is_ok_and(|c| {
            c.tbs_certificate().subject_public_key_info().subject_public_key.raw_bytes() == self.public_point()
        })
    }
}

impl std::fmt::Debug for EsignKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EsignKey")
            .field("certificate", &self.certificate.as_ref().map(Vec::len))
            .finish_non_exhaustive()
    }
}
