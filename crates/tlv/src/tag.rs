//! BER-TLV tags (ISO/IEC 7816-4 §5.2, X.690 §8.1.2).
//!
//! Tags are kept as the raw bytes read, not as (class, number): two encodings of
//! the same number (`5F01` versus the X.690-minimal `41`) are different tags in
//! ISO 7816 practice, and keeping the bytes makes `encode(parse(x)) == x` hold.
//!
//! Reading rules (documented choices):
//! - `00` and `FF` are rejected as first bytes (ISO 7816-4 Annex D: they are padding).
//! - A multi-byte tag's first subsequent byte may not be `80`: X.690 forbids a
//!   leading zero group even in BER, and accepting it would give one number two
//!   spellings for no real-card benefit.
//! - Numbers 0–30 written in the long form (`5F01`…`5F1E`) ARE accepted: ICAO
//!   LDS uses them (`5F01` LDS version).
//! - At most [`Tag::MAX_LEN`] (4) bytes; ISO 7816 itself uses at most 3.

use core::fmt;

use crate::error::{Error, Part};

/// Class of a tag: bits b8–b7 of its first byte.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Class {
    /// `00xxxxxx`
    Universal,
    /// `01xxxxxx`
    Application,
    /// `10xxxxxx`
    Context,
    /// `11xxxxxx`
    Private,
}

/// A BER tag of 1–4 bytes, stored inline (no allocation, `Copy`).
///
/// Equality and hashing are on the raw bytes; ordering is lexicographic on them.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Tag {
    /// Raw bytes, left-aligned; bytes past `len` are zero.
    bytes: [u8; 4],
    /// Number of meaningful bytes, 1..=4.
    len: u8,
}

/// Low five bits `11111` in a first byte mean "more tag bytes follow".
const NUMBER_MASK: u8 = 0x1F;
/// b8 set in a subsequent byte means "another byte follows".
const MORE: u8 = 0x80;

impl Tag {
    /// Longest tag accepted, in bytes.
    pub const MAX_LEN: usize = 4;

    /// Builds a tag from its bytes packed big-endian in a `u32` (`0x5F1F`).
    ///
    /// Meant for constants: `const DG1: Tag = Tag::from_u32(0x61);`.
    ///
    /// # Panics
    /// If `raw` is not a valid tag; in a `const` this is a compile error.
    /// Use [`Tag::try_from_u32`] for values that are not constants.
    #[must_use]
    pub const fn from_u32(raw: u32) -> Self {
        match Self::try_from_u32(raw) {
            Ok(tag) => tag,
            Err(_) => panic!("invalid BER tag constant"),
        }
    }

    /// Checked form of [`Tag::from_u32`].
    ///
    /// # Errors
    /// [`Error::InvalidTagValue`] unless the significant bytes of `raw` are one
    /// complete, valid tag.
    pub const fn try_from_u32(raw: u32) -> Result<Self, Error> {
        let be = raw.to_be_bytes();
        let skip = (raw.leading_zeros() / 8) as usize;
        if skip == 4 {
            return Err(Error::InvalidTagValue { raw });
        }
        let len = 4 - skip;
        let mut bytes = [0u8; 4];
        let mut i = 0;
        while i < len {
            bytes[i] = be[skip + i];
            i += 1;
        }
        match scan(&bytes) {
            Ok(n) if n == len => Ok(Self { bytes, len: len as u8 }),
            _ => Err(Error::InvalidTagValue { raw }),
        }
    }

    /// Builds a tag from exactly its bytes (no trailing data).
    ///
    /// # Errors
    /// [`Error::InvalidTagValue`] if `bytes` is not exactly one valid tag.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, Error> {
        let raw = bytes.iter().take(Self::MAX_LEN).fold(0u32, |acc, &b| (acc << 8) | u32::from(b));
        match Self::parse(bytes) {
            Ok((tag, n)) if n == bytes.len() => Ok(tag),
            _ => Err(Error::InvalidTagValue { raw }),
        }
    }

    /// Reads the tag at the start of `input`; returns it and its length in bytes.
    ///
    /// # Errors
    /// [`Error::Truncated`], [`Error::InvalidTag`] or [`Error::TagTooLong`];
    /// offsets are relative to `input`.
    #[inline]
    pub fn parse(input: &[u8]) -> Result<(Self, usize), Error> {
        let Some(&first) = input.first() else {
            return Err(Error::Truncated { part: Part::Tag, offset: 0 });
        };
        // Fast path: one-byte tag. `FF` has the low bits set and goes the long way.
        if first & NUMBER_MASK != NUMBER_MASK && first != 0x00 {
            return Ok((Self { bytes: [first, 0, 0, 0], len: 1 }, 1));
        }
        let mut b = [0u8; 4];
        for (dst, src) in b.iter_mut().zip(input) {
            *dst = *src;
        }
        let n = scan(&b)?;
        if n > input.len() {
            return Err(Error::Truncated { part: Part::Tag, offset: 0 });
        }
        // Zero the bytes past the tag so equal tags compare equal.
        let bytes = match n {
            2 => [b[0], b[1], 0, 0],
            3 => [b[0], b[1], b[2], 0],
            _ => b,
        };
        Ok((Self { bytes, len: n as u8 }, n))
    }

    /// The raw bytes as read or written.
    #[must_use]
    pub fn as_bytes(&self) -> &[u8] {
        self.bytes.get(..self.len as usize).unwrap_or(&self.bytes)
    }

    /// The raw bytes as an owned vector.
    #[must_use]
    pub fn to_bytes(&self) -> Vec<u8> {
        self.as_bytes().to_vec()
    }

    /// The raw bytes packed big-endian (`5F1F` → `0x5F1F`).
    #[must_use]
    pub const fn to_u32(&self) -> u32 {
        u32::from_be_bytes(self.bytes) >> (8 * (4 - self.len as u32))
    }

    /// Number of bytes the tag takes when encoded.
    #[must_use]
    pub const fn encoded_len(&self) -> usize {
        self.len as usize
    }

    /// Class bits of the first byte.
    #[must_use]
    pub const fn class(&self) -> Class {
        match self.bytes[0] >> 6 {
            0 => Class::Universal,
            1 => Class::Application,
            2 => Class::Context,
            _ => Class::Private,
        }
    }

    /// b6 of the first byte: the value is itself a sequence of BER-TLV objects.
    #[must_use]
    pub const fn is_constructed(&self) -> bool {
        self.bytes[0] & 0x20 != 0
    }

    /// The tag number (low 5 bits, or the 7-bit groups of the subsequent bytes).
    #[must_use]
    pub const fn number(&self) -> u32 {
        if self.len == 1 {
            return (self.bytes[0] & NUMBER_MASK) as u32;
        }
        let mut n = 0u32;
        let mut i = 1;
        while i < self.len as usize {
            n = (n << 7) | (self.bytes[i] & 0x7F) as u32;
            i += 1;
        }
        n
    }
}

/// Validates the tag at the start of `bytes` (zero-padded to 4) and returns its
/// length. A zero byte where a subsequent byte is needed reads as "ends with
/// no continuation", so truncation shows up as a length past the real input.
const fn scan(bytes: &[u8; 4]) -> Result<usize, Error> {
    let first = bytes[0];
    if first == 0x00 || first == 0xFF {
        return Err(Error::InvalidTag { offset: 0, byte: first });
    }
    if first & NUMBER_MASK != NUMBER_MASK {
        return Ok(1);
    }
    if bytes[1] == MORE {
        return Err(Error::InvalidTag { offset: 1, byte: MORE });
    }
    let mut i = 1;
    while i < 4 {
        if bytes[i] & MORE == 0 {
            return Ok(i + 1);
        }
        i += 1;
    }
    Err(Error::TagTooLong { offset: 0 })
}

impl TryFrom<u32> for Tag {
    type Error = Error;
    fn try_from(raw: u32) -> Result<Self, Error> {
        Self::try_from_u32(raw)
    }
}

impl TryFrom<&[u8]> for Tag {
    type Error = Error;
    fn try_from(bytes: &[u8]) -> Result<Self, Error> {
        Self::from_bytes(bytes)
    }
}

impl From<Tag> for u32 {
    fn from(tag: Tag) -> u32 {
        tag.to_u32()
    }
}

impl fmt::Display for Tag {
    /// Uppercase hex of the raw bytes, e.g. `5F1F`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for b in self.as_bytes() {
            write!(f, "{b:02X}")?;
        }
        Ok(())
    }
}

impl fmt::Debug for Tag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Tag({self})")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn single_byte_tags() {
        let t = Tag::from_u32(0x61);
        assert_eq!(t.as_bytes(), &[0x61]);
        assert_eq!(t.class(), Class::Application);
        assert!(t.is_constructed());
        assert_eq!(t.number(), 1);
        assert_eq!(t.encoded_len(), 1);
        assert_eq!(t.to_string(), "61");
        let t = Tag::from_u32(0x04);
        assert_eq!(t.class(), Class::Universal);
        assert!(!t.is_constructed());
        assert_eq!(t.number(), 4);
        assert_eq!(Tag::from_u32(0x8E).class(), Class::Context);
        assert_eq!(Tag::from_u32(0xC0).class(), Class::Private);
    }

    #[test]
    fn multi_byte_tags() {
        let t = Tag::from_u32(0x5F1F);
        assert_eq!(t.as_bytes(), &[0x5F, 0x1F]);
        assert_eq!((t.class(), t.is_constructed(), t.number()), (Class::Application, false, 31));
        assert_eq!(t.to_string(), "5F1F");
        let t = Tag::from_u32(0x7F61);
        assert_eq!((t.class(), t.is_constructed(), t.number()), (Class::Application, true, 0x61));
        let t = Tag::from_u32(0xBF3B);
        assert_eq!((t.class(), t.is_constructed(), t.number()), (Class::Context, true, 59));
        // 5F01: number 1 in the long form, used by ICAO; accepted.
        assert_eq!(Tag::from_u32(0x5F01).number(), 1);
        let t = Tag::from_u32(0x9F8101);
        assert_eq!(t.encoded_len(), 3);
        assert_eq!(t.number(), 0x81);
        assert_eq!(t.to_u32(), 0x9F8101);
        assert_eq!(t.to_string(), "9F8101");
        let t = Tag::from_u32(0x5F81_8101);
        assert_eq!(t.encoded_len(), 4);
        assert_eq!(t.number(), (1 << 14) | (1 << 7) | 1);
    }

    #[test]
    fn invalid_constants_rejected() {
        for raw in [0, 0xFF, 0x1F, 0x5F, 0x5F81, 0x5F8001, 0x1F1F1F, 0x5F818181, 0x6161, 0x616161] {
            assert!(Tag::try_from_u32(raw).is_err(), "{raw:#X}");
        }
        assert_eq!(Tag::try_from_u32(0xFF), Err(Error::InvalidTagValue { raw: 0xFF }));
    }

    #[test]
    fn parse_reports_errors() {
        assert_eq!(Tag::parse(&[]), Err(Error::Truncated { part: Part::Tag, offset: 0 }));
        assert_eq!(Tag::parse(&[0xFF, 1]), Err(Error::InvalidTag { offset: 0, byte: 0xFF }));
        assert_eq!(Tag::parse(&[0x5F]), Err(Error::Truncated { part: Part::Tag, offset: 0 }));
        assert_eq!(Tag::parse(&[0x5F, 0x81]), Err(Error::Truncated { part: Part::Tag, offset: 0 }));
        assert_eq!(Tag::parse(&[0x5F, 0x80, 0x01]), Err(Error::InvalidTag { offset: 1, byte: 0x80 }));
        assert_eq!(Tag::parse(&[0x5F, 0x81, 0x81, 0x81, 0x01]), Err(Error::TagTooLong { offset: 0 }));
        assert_eq!(Tag::parse(&[0x5F, 0x1F, 0x99]), Ok((Tag::from_u32(0x5F1F), 2)));
        assert_eq!(Tag::from_bytes(&[0x5F, 0x1F, 0x99]), Err(Error::InvalidTagValue { raw: 0x5F1F99 }));
        assert_eq!(Tag::from_bytes(&[0x7F, 0x61]), Ok(Tag::from_u32(0x7F61)));
    }
}
