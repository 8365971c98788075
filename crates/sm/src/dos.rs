//! Secure-messaging data objects (ISO 7816-4 §10, ICAO 9303-11 §9.8): one-byte tags with BER lengths.

use crate::SmError;
use crate::crypto::MAC_LEN;

/// Cryptogram for odd INS (plain value is BER-TLV): no padding-content indicator.
pub(crate) const TAG_CRYPTOGRAM_ODD: u8 = 0x85;
/// Padding-content indicator `01` followed by the cryptogram (even INS).
pub(crate) const TAG_CRYPTOGRAM: u8 = 0x87;
/// Ne, one or two bytes.
pub(crate) const TAG_LE: u8 = 0x97;
/// Processing status SW1 SW2.
pub(crate) const TAG_STATUS: u8 = 0x99;
/// Cryptographic checksum (the MAC).
pub(crate) const TAG_MAC: u8 = 0x8E;
/// The padding-content indicator for method-2 padding, first byte of DO'87'.
pub(crate) const PADDING_INDICATOR: u8 = 0x01;

/// One parsed data object.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct DataObject<'a> {
    pub tag: u8,
    pub value: &'a [u8],
}

/// Append `tag ‖ length ‖ parts…` with the minimal BER length.
pub(crate) fn push_do(out: &mut Vec<u8>, tag: u8, parts: &[&[u8]]) {
    let len: usize = parts.iter().map(|p| p.len()).sum();
    out.push(tag);
    push_length(out, len);
    for part in parts {
        out.extend_from_slice(part);
    }
}

/// The cryptogram object: DO'85' (odd INS) as is, else DO'87' after the padding indicator `01`.
pub(crate) fn push_cryptogram(out: &mut Vec<u8>, odd_ins: bool, cryptogram: &[u8]) {
    if odd_ins {
        push_do(out, TAG_CRYPTOGRAM_ODD, &[cryptogram]);
    } else {
        push_do(out, TAG_CRYPTOGRAM, &[&[PADDING_INDICATOR], cryptogram]);
    }
}

fn push_length(out: &mut Vec<u8>, len: usize) {
    if len < 0x80 {
        out.push(len as u8); // < 0x80 checked
        return;
    }
    let bytes = len.to_be_bytes();
    let skip = bytes.iter().take_while(|&&b| b == 0).count();
    out.push(0x80 | (bytes.len() - skip) as u8); // at most 8 length bytes
    out.extend_from_slice(&bytes[skip..]);
}

/// Split `data` into the objects before DO'8E' and the 8 MAC bytes: DO'8E' must be the last 10 bytes.
///
/// Done before any parsing so that the MAC is checked first and every change to the other objects shows as a
/// MAC error.
pub(crate) fn split_mac(data: &[u8]) -> Result<(&[u8], &[u8]), SmError> {
    let split = data.len().checked_sub(MAC_LEN + 2).ok_or(SmError::MissingMac)?;
    let (body, mac_do) = data.split_at(split);
    match mac_do {
        [TAG_MAC, len, mac @ ..] if usize::from(*len) == MAC_LEN => Ok((body, mac)),
        _ => Err(SmError::MissingMac),
    }
}

/// Parse a sequence of one-byte-tag objects with BER lengths (up to `84`), exactly covering `data`.
pub(crate) fn parse_dos(mut data: &[u8]) -> Result<Vec<DataObject<'_>>, SmError> {
    let mut out = Vec::new();
    while let [tag, rest @ ..] = data {
        let (len, rest) = parse_length(rest)?;
        if len > rest.len() {
            return Err(SmError::Malformed("a data object is longer than the data"));
        }
        let (value, rest) = rest.split_at(len);
        out.push(DataObject { tag: *tag, value });
        data = rest;
    }
    Ok(out)
}

fn parse_length(data: &[u8]) -> Result<(usize, &[u8]), SmError> {
    let truncated = SmError::Malformed("a data object length is truncated");
    let (&first, rest) = data.split_first().ok_or(truncated.clone())?;
    if first < 0x80 {
        return Ok((usize::from(first), rest));
    }
    let n = usize::from(first & 0x7F);
    if !(1..=4).contains(&n) {
        return Err(SmError::Malformed("unsupported data object length form"));
    }
    if rest.len() < n {
        return Err(truncated);
    }
    let (len_bytes, rest) = rest.split_at(n);
    let len = len_bytes.iter().fold(0usize, |acc, &b| (acc << 8) | usize::from(b));
    Ok((len, rest))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths_round_trip() {
        for len in [0usize, 1, 0x7F, 0x80, 0xFF, 0x100, 0xFFFF, 0x1_0000] {
            let value = vec![0x5A; len];
            let mut out = Vec::new();
            push_do(&mut out, 0x87, &[&value]);
            let dos = parse_dos(&out).unwrap();
            assert_eq!(dos, [DataObject { tag: 0x87, value: &value }], "len {len}");
        }
        let mut out = Vec::new();
        push_do(&mut out, 0x87, &[&[0; 0x99]]);
        assert_eq!(&out[..3], &[0x87, 0x81, 0x99]);
    }

    #[test]
    fn malformed() {
        assert!(parse_dos(&[0x87]).is_err());
        assert!(parse_dos(&[0x87, 0x02, 0x01]).is_err());
        assert!(parse_dos(&[0x87, 0x80]).is_err());
        assert!(parse_dos(&[0x87, 0x85, 0, 0, 0, 0, 1]).is_err());
        assert!(parse_dos(&[0x87, 0x82, 0x01]).is_err());
        assert_eq!(split_mac(&[0x8E, 0x08, 1, 2, 3, 4, 5, 6, 7]), Err(SmError::MissingMac));
        assert_eq!(split_mac(&[0x99, 0x8E, 0x08, 1, 2, 3, 4, 5, 6, 7, 8]).unwrap().0, &[0x99]);
    }
}
