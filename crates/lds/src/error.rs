//! Why an LDS file could not be decoded.

use cccd_tlv::Tag;

/// A file's bytes do not hold the structure its type requires.
///
/// Decoders return this instead of panicking on any input; problems with *values* (a wrong check digit, a
/// date that is not a day) are not errors but [`crate::Validation`] issues or check-digit reports.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum LdsError {
    /// The BER-TLV layer failed (truncated, bad tag, bad length …).
    #[error("{file}: TLV: {source}")]
    Tlv {
        file: &'static str,
        #[source]
        source: cccd_tlv::Error,
    },
    /// An object has another tag than the structure requires here.
    #[error("{file}: expected tag {expected}, found {found}")]
    UnexpectedTag { file: &'static str, expected: Tag, found: Tag },
    /// A mandatory element is absent.
    #[error("{file}: missing {what}")]
    Missing { file: &'static str, what: &'static str },
    /// An element is present but its value cannot be read.
    #[error("{file}: {what}: {reason}")]
    Invalid { file: &'static str, what: &'static str, reason: String },
}

impl LdsError {
    pub(crate) fn tlv(file: &'static str) -> impl Fn(cccd_tlv::Error) -> Self {
        move |source| Self::Tlv { file, source }
    }

    pub(crate) fn invalid(file: &'static str, what: &'static str, reason: impl Into<String>) -> Self {
        Self::Invalid { file, what, reason: reason.into() }
    }
}
