//! BER-TLV and SIMPLE-TLV codec for ISO/IEC 7816-4 cards (ICAO 9303 eMRTD, CCCD).
//!
//! Codec only: no I/O, and no knowledge of what any tag means. Reading is
//! zero-copy and never panics on untrusted input; writing always produces
//! minimal DER lengths. See each module for the exact leniency rules.

mod error;
mod length;
mod reader;
mod simple;
mod tag;
mod writer;

pub use error::{Error, Part};
pub use length::{decode_length, encode_length, length_encoded_len};
pub use reader::{DEFAULT_MAX_DEPTH, Tlv, TlvIter, walk};
pub use simple::{SIMPLE_MAX_LEN, SimpleTlv, SimpleTlvIter, encode_simple, simple_encoded_len};
pub use tag::{Class, Tag};
pub use writer::{Content, TlvNode, TlvWriter};
