//! Why a document file could not be decoded.

use cccd_tlv::Tag;

/// A file's bytes do not hold the structure its document type requires.
///
/// Decoders return this instead of panicking on any input. Problems with *values* (a digit string of the
/// wrong length, a wrong check digit, dates out of order) are not errors: they decode, and
/// [`cccd_lds::Validation`] reports them with their field path.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DocumentError {
    /// The BER-TLV layer failed (truncated, bad tag, bad length …).
    #[error("{document}: TLV: {source}")]
    Tlv {
        document: &'static str,
        #[source]
        source: cccd_tlv::Error,
    },
    /// The outer tag is not one of the document types (or not the index file's).
    #[error("tag {0} is not the outer tag of a known integrated document")]
    UnknownDocument(Tag),
    /// An object has another tag than the structure requires at this place.
    #[error("{document}: expected tag {expected}, found {found}")]
    UnexpectedTag { document: &'static str, expected: Tag, found: Tag },
    /// An object after the signature (the container holds header, body and signature only).
    #[error("{document}: unexpected object {found} after the body and signature")]
    Trailing { document: &'static str, found: Tag },
    /// The header's type code names another document than the outer tag.
    #[error("{document}: the header says document type {code}")]
    TypeMismatch { document: &'static str, code: u8 },
    /// A mandatory element is absent.
    #[error("{document}: missing {element}")]
    Missing { document: &'static str, element: &'static str },
    /// An element that may appear once appears again.
    #[error("{document}: {element} appears more than once")]
    Duplicate { document: &'static str, element: &'static str },
    /// An element is present but its value cannot be read into its type.
    #[error("{document}: {element}: {reason}")]
    Invalid { document: &'static str, element: &'static str, reason: String },
}
