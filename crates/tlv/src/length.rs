//! BER length fields (ISO/IEC 7816-4 §5.2, X.690 §8.1.3), definite form only.
//!
//! Reading is lenient where it is safe: real cards write non-minimal lengths
//! such as `81 05`, so any long form `81`–`88` is accepted as long as the value
//! fits in `usize`. Indefinite length (`80`) is rejected: ISO 7816 and DER have
//! no end-of-contents marker. Writing always produces the minimal DER form.

use crate::error::{Error, Part};

/// Most subsequent length bytes accepted (`88`): a `u64`.
const MAX_LONG_FORM: usize = 8;

/// Reads the length field at the start of `input`.
///
/// Returns the value length and the number of bytes the field took.
///
/// # Errors
/// [`Error::Truncated`], [`Error::IndefiniteLength`], [`Error::LengthTooLong`]
/// or [`Error::LengthOverflow`]; offsets relative to `input`.
#[inline]
pub fn decode_length(input: &[u8]) -> Result<(usize, usize), Error> {
    let Some((&first, rest)) = input.split_first() else {
        return Err(Error::Truncated { part: Part::Length, offset: 0 });
    };
    if first < 0x80 {
        return Ok((usize::from(first), 1));
    }
    let n = usize::from(first & 0x7F);
    if n == 0 {
        return Err(Error::IndefiniteLength { offset: 0 });
    }
    if n > MAX_LONG_FORM {
        return Err(Error::LengthTooLong { offset: 0, byte: first });
    }
    let Some(digits) = rest.get(..n) else {
        return Err(Error::Truncated { part: Part::Length, offset: 0 });
    };
    // n <= 8, so the value fits a u64 without overflow.
    let value = digits.iter().fold(0u64, |acc, &b| (acc << 8) | u64::from(b));
    let len = usize::try_from(value).map_err(|_| Error::LengthOverflow { offset: 0 })?;
    Ok((len, 1 + n))
}

/// Number of bytes the minimal DER length field for `len` takes.
#[must_use]
pub const fn length_encoded_len(len: usize) -> usize {
    if len < 0x80 { 1 } else { 1 + significant_bytes(len) }
}

/// Appends the minimal DER length field for `len` to `out`.
///
/// `00`–`7F` short form, otherwise `81`–`84` (and `85`–`88` for lengths beyond
/// `u32` on 64-bit targets, which the reader accepts too).
pub fn encode_length(len: usize, out: &mut Vec<u8>) {
    let (bytes, used) = encode_length_array(len);
    out.extend_from_slice(&bytes[..used]);
}

/// Writes the minimal length field into a fixed buffer; returns the bytes used.
/// Lets the writer patch a length in place without a temporary `Vec`.
pub(crate) fn encode_length_array(len: usize) -> ([u8; 9], usize) {
    let mut buf = [0u8; 9];
    if len < 0x80 {
        buf[0] = len as u8;
        return (buf, 1);
    }
    let n = significant_bytes(len);
    buf[0] = 0x80 | n as u8;
    let be = (len as u64).to_be_bytes();
    for (dst, src) in buf.iter_mut().skip(1).zip(be.iter().skip(8 - n)) {
        *dst = *src;
    }
    (buf, 1 + n)
}

/// Bytes needed for `len` big-endian without leading zeros (at least 1).
const fn significant_bytes(len: usize) -> usize {
    let bits = usize::BITS - len.leading_zeros();
    let n = bits.div_ceil(8) as usize;
    if n == 0 { 1 } else { n }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn enc(len: usize) -> Vec<u8> {
        let mut v = Vec::new();
        encode_length(len, &mut v);
        assert_eq!(v.len(), length_encoded_len(len), "length_encoded_len({len})");
        let (arr, n) = encode_length_array(len);
        assert_eq!(arr.get(..n), Some(v.as_slice()));
        v
    }

    #[test]
    fn minimal_encodings() {
        let cases: &[(usize, &[u8])] = &[
            (0, &[0x00]),
            (1, &[0x01]),
            (127, &[0x7F]),
            (128, &[0x81, 0x80]),
            (255, &[0x81, 0xFF]),
            (256, &[0x82, 0x01, 0x00]),
            (65535, &[0x82, 0xFF, 0xFF]),
            (65536, &[0x83, 0x01, 0x00, 0x00]),
            (0xFF_FFFF, &[0x83, 0xFF, 0xFF, 0xFF]),
            (0x100_0000, &[0x84, 0x01, 0x00, 0x00, 0x00]),
        ];
        for &(len, want) in cases {
            assert_eq!(enc(len), want, "len {len}");
            assert_eq!(decode_length(want), Ok((len, want.len())));
        }
    }

    #[test]
    fn u32_max_and_beyond() {
        assert_eq!(enc(0xFFFF_FFFF), [0x84, 0xFF, 0xFF, 0xFF, 0xFF]);
        #[cfg(target_pointer_width = "64")]
        {
            assert_eq!(enc(1 << 32), [0x85, 1, 0, 0, 0, 0]);
            assert_eq!(enc(usize::MAX), [0x88, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]);
            assert_eq!(decode_length(&[0x88, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]), Ok((usize::MAX, 9)));
        }
    }

    #[test]
    fn non_minimal_accepted_on_read() {
        assert_eq!(decode_length(&[0x81, 0x05]), Ok((5, 2)));
        assert_eq!(decode_length(&[0x82, 0x00, 0x05]), Ok((5, 3)));
        assert_eq!(decode_length(&[0x84, 0x00, 0x00, 0x00, 0x7F]), Ok((127, 5)));
    }

    #[test]
    fn bad_lengths() {
        assert_eq!(decode_length(&[]), Err(Error::Truncated { part: Part::Length, offset: 0 }));
        assert_eq!(decode_length(&[0x80]), Err(Error::IndefiniteLength { offset: 0 }));
        assert_eq!(decode_length(&[0x82, 0x01]), Err(Error::Truncated { part: Part::Length, offset: 0 }));
        assert_eq!(
            decode_length(&[0x89, 0, 0, 0, 0, 0, 0, 0, 0, 1]),
            Err(Error::LengthTooLong { offset: 0, byte: 0x89 })
        );
        assert_eq!(decode_length(&[0xFF]), Err(Error::LengthTooLong { offset: 0, byte: 0xFF }));
    }
}
