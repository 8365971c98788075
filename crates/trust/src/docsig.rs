//! Signatures of integrated documents: ECDSA P-256 with SHA-256 over header‖body as read
//! (`cccd_documents::signed_data`), DER-encoded (≤ 72 bytes, well within the 512-byte DO `82`).

use p256::ecdsa::DerSignature;
use p256::ecdsa::signature::Signer;

use crate::algorithms::{DigestAlgorithm, SignatureAlgorithm};
use crate::cert::Cert;
use crate::error::{DocSignError, VerifyError};
use crate::key::SignerKey;
use crate::verify::verify_with_cert;

/// Signs a document's signed data with its authority's key.
pub fn sign_document(signed_data: &[u8], authority_key: &SignerKey) -> Result<Vec<u8>, DocSignError> {
    let sig: DerSignature =
        authority_key.signing_key().try_sign(signed_data).map_err(|e| DocSignError::Sign(e.to_string()))?;
    Ok(sig.as_bytes().to_vec())
}

/// Verifies a document signature with the authority's certificate; returns the key description on success.
pub fn verify_document(signed_data: &[u8], signature: &[u8], authority_cert: &Cert) -> Result<String, VerifyError> {
    let alg = SignatureAlgorithm::Ecdsa { hash: DigestAlgorithm::Sha256, plain: false };
    verify_with_cert(authority_cert, &alg, signed_data, signature)
}
