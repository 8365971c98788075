//! Trust for CCCD cards: a synthetic test PKI, EF.SOD creation, passive authentication of EF.SOD against
//! the files as read, and signatures of integrated documents.
//!
//! Everything that reads input (EF.SOD, certificates, keys) returns typed errors and never panics.

mod algorithms;
mod authority;
mod cert;
mod docsig;
mod ec_params;
mod error;
mod key;
mod lso;
mod pki;
mod pubkey;
mod sod;
mod sod_build;
mod trust_store;
mod verify;

pub use algorithms::{DigestAlgorithm, SignatureAlgorithm};
pub use authority::Authority;
pub use cert::{Cert, Validity};
pub use docsig::{sign_document, verify_document};
pub use ec_params::Curve;
pub use error::{
    CertError, DocSignError, KeyError, PkiError, SigningKeyError, SodBuildError, SodError, TrustStoreError, VerifyError,
};
pub use key::SignerKey;
pub use lso::ID_LDS_SECURITY_OBJECT;
pub use pki::{Credential, Pki, PkiParams, TEST_ORGANIZATION};
pub use sod::{DgHash, SignerId, Sod};
pub use sod_build::build_sod;
pub use trust_store::TrustStore;
pub use verify::{
    ChainCheck, ChainStatus, Check, DgCheck, DgStatus, DigestStatus, PassiveAuthentication, SignatureCheck,
    SignatureStatus, ValidityCheck, check_chain, check_data_groups, check_message_digest, check_signature,
    check_validity, passive_authentication,
};
