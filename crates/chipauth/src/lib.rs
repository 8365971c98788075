//! Active Authentication (ICAO Doc 9303-11 §6.1) for the CCCD chip and its verifier.
//!
//! AA proves the chip is not a copy: the terminal sends `INTERNAL AUTHENTICATE` with an 8-byte challenge and
//! the chip signs it with a private key that never leaves it; the matching public key sits in DG15, which
//! passive authentication (EF.SOD) vouches for. This crate covers both ends and the two files involved:
//!
//! - keys ([`AaPrivateKey`], [`AaPublicKey`]): P-256 ECDSA or RSA, from/to PKCS#8 (DER or PEM) and
//!   SubjectPublicKeyInfo; EC keys with explicit domain parameters are accepted when they are P-256's.
//! - the card: [`AaPrivateKey::sign_challenge`] — ECDSA-SHA-256 as plain r‖s (BSI TR-03111), or RSA with
//!   ISO/IEC 9796-2 scheme 1 (partial recovery, `6A ‖ M1 ‖ SHA-1(M1‖challenge) ‖ BC`) as eMRTDs use it.
//! - the verifier: [`verify_challenge`], which names what is wrong (length, header, trailer, hash).
//! - the files: [`Dg15`] (`6F` + SPKI) and [`Dg14`] (SecurityInfos; only the ActiveAuthenticationInfo is
//!   interpreted, which tells the verifier the ECDSA hash; other entries are kept raw).
//!
//! All decoding and verification functions return errors instead of panicking, whatever the bytes.
//! Cryptography is the RustCrypto crates' (`p256`, `rsa` hazmat raw operations with blinding, `sha1`,
//! `sha2`); the ISO/IEC 9796-2 message formatting is protocol logic and lives in this crate.
//!
//! ```
//! use cccd_chipauth::{AaPrivateKey, Dg14, Dg15, verify_challenge};
//!
//! let key = AaPrivateKey::generate_p256()?;
//! let dg15 = Dg15::new(key.public_key())?.encode();
//! let dg14 = Dg14::with_active_authentication(cccd_chipauth::ActiveAuthenticationInfo::ecdsa_plain(
//!     cccd_chipauth::HashAlg::Sha256,
//! ))
//! .encode();
//! // Card side: answer INTERNAL AUTHENTICATE.
//! let challenge = [1, 2, 3, 4, 5, 6, 7, 8];
//! let response = key.sign_challenge(&challenge)?;
//! // Terminal side: check it against DG15, with DG14's hash hint.
//! let public = Dg15::decode(&dg15)?.public_key;
//! let hint = Dg14::decode(&dg14)?.aa_hash_alg();
//! verify_challenge(&public, &challenge, &response, hint)?;
//! # Ok::<(), cccd_chipauth::AaError>(())
//! ```

mod card;
mod dg14;
mod dg15;
mod ec_params;
mod error;
mod hash;
mod iso9796;
mod key;
pub mod oid;
mod verify;

pub use const_oid::ObjectIdentifier;
pub use dg14::{ActiveAuthenticationInfo, DG14_TAG, Dg14, SecurityInfo};
pub use dg15::{DG15_TAG, Dg15};
pub use error::AaError;
pub use hash::HashAlg;
pub use key::{AaPrivateKey, AaPublicKey};
pub use verify::verify_challenge;
