//! Typed errors of each part of the crate.

use std::path::PathBuf;

/// A certificate could not be read.
#[derive(Debug, thiserror::Error)]
pub enum CertError {
    #[error("certificate DER: {0}")]
    Der(#[from] der::Error),
    #[error("PEM: {0}")]
    Pem(#[from] der::pem::Error),
    #[error("no CERTIFICATE block found")]
    NotACertificate,
    #[error("{}: {source}", path.display())]
    Io { path: PathBuf, source: std::io::Error },
}

/// A SubjectPublicKeyInfo this crate cannot turn into a verification key.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum KeyError {
    #[error("unsupported key type {0}")]
    UnsupportedKeyType(String),
    #[error("unsupported named curve {0}")]
    UnsupportedNamedCurve(String),
    #[error("unsupported explicit curve: {0}")]
    UnsupportedExplicitCurve(String),
    #[error("EC key without curve parameters (implicitlyCA)")]
    ImplicitCurve,
    #[error("malformed public key: {0}")]
    Malformed(String),
}

/// Why a signature did not verify.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum VerifyError {
    #[error("signature does not verify")]
    Invalid,
    #[error("signature encoding is malformed")]
    MalformedSignature,
    #[error("unsupported signature algorithm: {0}")]
    UnsupportedAlgorithm(String),
    #[error("{algorithm} cannot be verified with a {key} key")]
    KeyMismatch { algorithm: String, key: String },
    #[error(transparent)]
    Key(#[from] KeyError),
}

/// EF.SOD does not parse.
#[derive(Debug, thiserror::Error)]
pub enum SodError {
    #[error("EF.SOD structure: {0}")]
    Der(#[from] der::Error),
    #[error("EF.SOD: {0}")]
    Structure(String),
    #[error("embedded certificate: {0}")]
    Certificate(#[from] CertError),
}

/// EF.SOD could not be built.
#[derive(Debug, thiserror::Error)]
pub enum SodBuildError {
    #[error("encoding: {0}")]
    Der(#[from] der::Error),
    #[error("CMS builder: {0}")]
    Cms(String),
    #[error("data group number {0} is outside 1..=16")]
    BadDataGroup(u8),
    #[error("data group {0} given twice")]
    DuplicateDataGroup(u8),
}

/// A signing key could not be read.
#[derive(Debug, thiserror::Error)]
pub enum SigningKeyError {
    #[error("PKCS#8 P-256 key: {0}")]
    Pkcs8(String),
    #[error("the key does not match the certificate")]
    CertificateMismatch,
}

/// The test PKI could not be created or loaded.
#[derive(Debug, thiserror::Error)]
pub enum PkiError {
    #[error("{}: {source}", path.display())]
    Io { path: PathBuf, source: std::io::Error },
    #[error("{} already holds a PKI (pki.toml); refusing to overwrite", .0.display())]
    Exists(PathBuf),
    #[error("certificate generation: {0}")]
    Generate(#[from] rcgen::Error),
    #[error("pki.toml: {0}")]
    Manifest(String),
    #[error(transparent)]
    Certificate(#[from] CertError),
    #[error(transparent)]
    Key(#[from] SigningKeyError),
    #[error("parameters: {0}")]
    Params(String),
}

/// A trust store directory could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum TrustStoreError {
    #[error("{}: {source}", path.display())]
    Io { path: PathBuf, source: std::io::Error },
    #[error("{}: {source}", path.display())]
    Certificate { path: PathBuf, source: CertError },
    #[error("{subject} is not a CA certificate (needs basicConstraints cA and keyCertSign)")]
    NotCa { subject: String },
    #[error(
        "unknown authority file {0} (expected one of social_security, tax, road_traffic, immigration, civil_registry)"
    )]
    UnknownAuthority(String),
}

/// A document signature could not be made.
#[derive(Debug, thiserror::Error)]
pub enum DocSignError {
    #[error("signing failed: {0}")]
    Sign(String),
}
