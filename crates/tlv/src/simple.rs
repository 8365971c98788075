//! SIMPLE-TLV (ISO/IEC 7816-4 §5.2): one-byte tag `01`–`FE`, length `00`–`FE`
//! or `FF` followed by two bytes (0–65535). Used by some card files and
//! applets (e.g. EF.ATR/INFO style data). No padding is skipped: `00`/`FF` are
//! not tags here, so a stray one is reported as an error.

use crate::error::{Error, Part};

/// Largest SIMPLE-TLV value.
pub const SIMPLE_MAX_LEN: usize = 0xFFFF;

/// One SIMPLE-TLV object borrowed from an input buffer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SimpleTlv<'a> {
    tag: u8,
    value: &'a [u8],
    raw: &'a [u8],
}

impl<'a> SimpleTlv<'a> {
    /// Reads one object at the start of `input`; returns it and the rest.
    /// The three-byte length form is accepted even for values under 255.
    ///
    /// # Errors
    /// [`Error::InvalidSimpleTag`], [`Error::Truncated`] or
    /// [`Error::ValueTruncated`], offsets relative to `input`.
    pub fn parse(input: &'a [u8]) -> Result<(Self, &'a [u8]), Error> {
        Self::parse_at(input, 0)
    }

    fn parse_at(input: &'a [u8], base: usize) -> Result<(Self, &'a [u8]), Error> {
        let (tag, len, header) = match *input {
            [] => {
                return Err(Error::Truncated { part: Part::Tag, offset: base });
            }
            [tag @ (0x00 | 0xFF), ..] => {
                return Err(Error::InvalidSimpleTag { offset: base, tag });
            }
            [_] | [_, 0xFF] | [_, 0xFF, _] => {
                return Err(Error::Truncated { part: Part::Length, offset: base + 1 });
            }
            [tag, 0xFF, hi, lo, ..] => (tag, usize::from(u16::from_be_bytes([hi, lo])), 4),
            [tag, len, ..] => (tag, usize::from(len), 2),
        };
        let available = input.len().saturating_sub(header);
        let Some((raw, rest)) = input.split_at_checked(header + len) else {
            return Err(Error::ValueTruncated { offset: base + header, declared: len, available });
        };
        let value = raw.get(header..).unwrap_or_default();
        Ok((Self { tag, value, raw }, rest))
    }

    /// The tag byte.
    #[must_use]
    pub const fn tag(&self) -> u8 {
        self.tag
    }

    /// The value field.
    #[must_use]
    pub const fn value(&self) -> &'a [u8] {
        self.value
    }

    /// The whole object as read.
    #[must_use]
    pub const fn raw(&self) -> &'a [u8] {
        self.raw
    }
}

/// Iterates over consecutive SIMPLE-TLV objects; yields the first error, then stops.
#[derive(Debug, Clone)]
pub struct SimpleTlvIter<'a> {
    rest: &'a [u8],
    pos: usize,
    failed: bool,
}

impl<'a> SimpleTlvIter<'a> {
    /// Iterates over the objects in `input`.
    #[must_use]
    pub const fn new(input: &'a [u8]) -> Self {
        Self { rest: input, pos: 0, failed: false }
    }
}

impl<'a> Iterator for SimpleTlvIter<'a> {
    type Item = Result<SimpleTlv<'a>, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.failed || self.rest.is_empty() {
            return None;
        }
        match SimpleTlv::parse_at(self.rest, self.pos) {
            Ok((tlv, rest)) => {
                self.pos += tlv.raw.len();
                self.rest = rest;
                Some(Ok(tlv))
            }
            Err(e) => {
                self.failed = true;
                Some(Err(e))
            }
        }
    }
}

impl core::iter::FusedIterator for SimpleTlvIter<'_> {}

/// Encoded size of a SIMPLE-TLV object with a `len`-byte value (minimal form).
#[must_use]
pub const fn simple_encoded_len(len: usize) -> usize {
    if len < 0xFF { 2 + len } else { 4 + len }
}

/// Appends a SIMPLE-TLV object using the shortest length form.
///
/// # Errors
/// [`Error::InvalidSimpleTag`] for tag `00`/`FF`, [`Error::SimpleValueTooLong`]
/// beyond 65535 bytes; nothing is written then.
pub fn encode_simple(tag: u8, value: &[u8], out: &mut Vec<u8>) -> Result<(), Error> {
    if tag == 0x00 || tag == 0xFF {
        return Err(Error::InvalidSimpleTag { offset: 0, tag });
    }
    let len = value.len();
    let Ok(len16) = u16::try_from(len) else {
        return Err(Error::SimpleValueTooLong { len });
    };
    out.reserve(simple_encoded_len(len));
    out.push(tag);
    if len < 0xFF {
        out.push(len16 as u8);
    } else {
        out.push(0xFF);
        out.extend_from_slice(&len16.to_be_bytes());
    }
    out.extend_from_slice(value);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn enc(tag: u8, len: usize) -> Vec<u8> {
        let mut out = Vec::new();
        encode_simple(tag, &vec![0xA5; len], &mut out).expect("encodes");
        assert_eq!(out.len(), simple_encoded_len(len));
        let (t, rest) = SimpleTlv::parse(&out).expect("parses");
        assert!(rest.is_empty());
        assert_eq!((t.tag(), t.value().len(), t.raw()), (tag, len, out.as_slice()));
        out
    }

    #[test]
    fn length_forms() {
        for (len, header) in [
            (0usize, &[0x01u8, 0x00][..]),
            (1, &[0x01, 0x01]),
            (127, &[0x01, 0x7F]),
            (128, &[0x01, 0x80]),
            (254, &[0x01, 0xFE]),
            (255, &[0x01, 0xFF, 0x00, 0xFF]),
            (256, &[0x01, 0xFF, 0x01, 0x00]),
            (65535, &[0x01, 0xFF, 0xFF, 0xFF]),
        ] {
            let out = enc(0x01, len);
            assert_eq!(out.get(..header.len()), Some(header), "len {len}");
        }
        let mut out = Vec::new();
        assert_eq!(encode_simple(0x01, &vec![0; 65536], &mut out), Err(Error::SimpleValueTooLong { len: 65536 }));
        assert_eq!(encode_simple(0xFF, b"", &mut out), Err(Error::InvalidSimpleTag { offset: 0, tag: 0xFF }));
        assert_eq!(encode_simple(0x00, b"", &mut out), Err(Error::InvalidSimpleTag { offset: 0, tag: 0x00 }));
        assert!(out.is_empty());
    }

    #[test]
    fn reads_sequence_and_errors() {
        let data = [0x01, 0x02, 0xAA, 0xBB, 0xFE, 0xFF, 0x00, 0x01, 0xCC, 0x10, 0x00];
        let items: Vec<_> = SimpleTlvIter::new(&data).collect::<Result<_, _>>().expect("valid");
        assert_eq!(items.len(), 3);
        assert_eq!((items[0].tag(), items[0].value()), (0x01, &[0xAA, 0xBB][..]));
        assert_eq!((items[1].tag(), items[1].value()), (0xFE, &[0xCC][..]));
        assert_eq!(items[1].raw(), &[0xFE, 0xFF, 0x00, 0x01, 0xCC]);
        assert_eq!((items[2].tag(), items[2].value()), (0x10, &[][..]));

        let bad: Vec<_> = SimpleTlvIter::new(&[0x01, 0x00, 0x00, 0x01]).collect();
        assert_eq!(
            bad,
            vec![
                Ok(SimpleTlv::parse(&[0x01, 0x00]).expect("ok").0),
                Err(Error::InvalidSimpleTag { offset: 2, tag: 0 })
            ]
        );
        assert_eq!(SimpleTlv::parse(&[0x01]), Err(Error::Truncated { part: Part::Length, offset: 1 }));
        assert_eq!(SimpleTlv::parse(&[0x01, 0xFF, 0x01]), Err(Error::Truncated { part: Part::Length, offset: 1 }));
        assert_eq!(
            SimpleTlv::parse(&[0x01, 0x03, 0xAA]),
            Err(Error::ValueTruncated { offset: 2, declared: 3, available: 1 })
        );
        assert_eq!(
            SimpleTlv::parse(&[0x01, 0xFF, 0x01, 0x00]),
            Err(Error::ValueTruncated { offset: 4, declared: 256, available: 0 })
        );
    }
}
