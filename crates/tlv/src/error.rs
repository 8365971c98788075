//! One error type for every parser and encoder in the crate.
//!
//! Offsets are byte positions within the buffer handed to the failing call
//! (for an iterator: the buffer it iterates), so a caller can point at the bad
//! byte in a hex dump.

/// Which part of a TLV object the input ended in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Part {
    /// The tag field.
    Tag,
    /// The length field.
    Length,
    /// The value field.
    Value,
}

impl core::fmt::Display for Part {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(match self {
            Self::Tag => "tag",
            Self::Length => "length",
            Self::Value => "value",
        })
    }
}

/// Everything that can go wrong while decoding or encoding TLV data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The input ended inside a tag or length field.
    #[error("input ends inside the {part} field at offset {offset}")]
    Truncated {
        /// Field the input ended in.
        part: Part,
        /// Offset of the field's first byte.
        offset: usize,
    },
    /// The length field announces more value bytes than the input holds.
    #[error("value at offset {offset} declares {declared} bytes but only {available} remain")]
    ValueTruncated {
        /// Offset of the value's first byte.
        offset: usize,
        /// Length the length field announced.
        declared: usize,
        /// Bytes actually left in the input.
        available: usize,
    },
    /// A tag byte that cannot appear where it is: `00`/`FF` as a first byte,
    /// or `80` as the first subsequent byte (a leading zero group, invalid BER).
    #[error("invalid tag byte {byte:#04X} at offset {offset}")]
    InvalidTag {
        /// Offset of the offending byte.
        offset: usize,
        /// The byte.
        byte: u8,
    },
    /// A tag longer than [`crate::Tag::MAX_LEN`] bytes.
    #[error("tag at offset {offset} is longer than 4 bytes")]
    TagTooLong {
        /// Offset of the tag's first byte.
        offset: usize,
    },
    /// A `u32` or byte slice that is not one complete, valid BER tag.
    #[error("{raw:#X} is not a valid BER tag")]
    InvalidTagValue {
        /// The rejected value (byte slices are packed big-endian, first 4 bytes).
        raw: u32,
    },
    /// Length byte `80`: indefinite lengths are not allowed in ISO 7816 / DER.
    #[error("indefinite length at offset {offset}")]
    IndefiniteLength {
        /// Offset of the `80` byte.
        offset: usize,
    },
    /// A long-form length with more subsequent bytes than supported (`89`–`FF`).
    #[error("length form {byte:#04X} at offset {offset} is not supported")]
    LengthTooLong {
        /// Offset of the first length byte.
        offset: usize,
        /// The first length byte.
        byte: u8,
    },
    /// A length that does not fit in `usize` on this platform.
    #[error("length at offset {offset} overflows usize")]
    LengthOverflow {
        /// Offset of the first length byte.
        offset: usize,
    },
    /// Bytes other than `00`/`FF` padding after the single expected object.
    #[error("unexpected data after the object at offset {offset}")]
    TrailingData {
        /// Offset of the first unexpected byte.
        offset: usize,
    },
    /// The input contained no object at all (empty, or only padding).
    #[error("no TLV object in input")]
    Empty,
    /// Nesting deeper than the caller's limit.
    #[error("TLV nesting deeper than {max_depth} levels")]
    TooDeep {
        /// The limit that was hit.
        max_depth: usize,
    },
    /// SIMPLE-TLV tags are one byte `01`–`FE`.
    #[error("invalid SIMPLE-TLV tag {tag:#04X} at offset {offset}")]
    InvalidSimpleTag {
        /// Offset of the tag byte (0 when encoding).
        offset: usize,
        /// The tag byte.
        tag: u8,
    },
    /// SIMPLE-TLV values are at most 65535 bytes.
    #[error("SIMPLE-TLV value of {len} bytes exceeds 65535")]
    SimpleValueTooLong {
        /// The value length that was asked for.
        len: usize,
    },
}
