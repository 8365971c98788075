//! ICAO Doc 9303 Basic Access Control and 3DES secure messaging, for both ends of the link.
//!
//! Pure codecs: no I/O, no reader, no card state beyond the session. The terminal (reader) side uses
//! [`BacTerminal`] and [`SmSession::protect`] / [`SmSession::unprotect`]; the card (emulator) side uses
//! [`BacCard`] and [`SmSession::unprotect_command`] / [`SmSession::protect_response`]. The ciphers, the retail MAC
//! and SHA-1 come from RustCrypto; this crate writes only the protocol (ICAO 9303-11 §9.7–9.8, Appendix D).
//!
//! Secure messaging wraps the *whole* command before any command chaining: the terminal protects the command,
//! then splits the protected bytes for chaining if it must; the card merges the chain, then unprotects.
//!
//! Keys are [`Key16`] values: never printed by `Debug`, zeroed on drop.

mod bac;
mod card;
mod crypto;
mod dos;
mod error;
mod kdf;
mod key;
pub mod perso;
mod session;
mod terminal;

pub use bac::{AUTH_DATA_LEN, BacCard, BacTerminal, NONCE_LEN, get_challenge};
pub use error::{BacError, SmError};
pub use kdf::{BacKeys, COUNTER_ENC, COUNTER_MAC, adjust_parity, derive_3des_key, kseed};
pub use key::Key16;
pub use perso::{PersoKey, PersoTerminal};
pub use session::SmSession;
