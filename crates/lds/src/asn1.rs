//! The few DER pieces DG13 needs: small INTEGERs and character strings.

use cccd_tlv::{Tag, Tlv};

use crate::tags::{IA5_STRING, PRINTABLE_STRING, UTF8_STRING};

/// Minimal two's-complement DER INTEGER content of a non-negative value.
pub fn integer_bytes(v: u32) -> Vec<u8> {
    let b = v.to_be_bytes();
    let skip = b.iter().take(3).take_while(|&&x| x == 0).count();
    let mut out = b.get(skip..).unwrap_or_default().to_vec();
    if out.first().is_some_and(|f| f & 0x80 != 0) {
        out.insert(0, 0);
    }
    out
}

/// A non-negative INTEGER of at most 4 value bytes (5 with a leading 00), else `None`.
pub fn read_integer(value: &[u8]) -> Option<u32> {
    let first = *value.first()?;
    if first & 0x80 != 0 {
        return None;
    }
    let digits = if first == 0 && value.len() > 1 { value.get(1..)? } else { value };
    (digits.len() <= 4).then(|| digits.iter().fold(0u32, |acc, &b| (acc << 8) | u32::from(b)))
}

/// PrintableString's character set (X.680 §41.4).
pub fn is_printable(s: &str) -> bool {
    s.chars().all(|c| c.is_ascii_alphanumeric() || " '()+,-./:=?".contains(c))
}

/// The tag to write `s` with: PrintableString when asked for and possible, else UTF8String.
pub fn string_tag(s: &str, printable: bool) -> Tag {
    if printable && is_printable(s) { PRINTABLE_STRING } else { UTF8_STRING }
}

/// The text of a PrintableString, UTF8String or IA5String element; `None` for other tags or invalid UTF-8.
pub fn read_string(t: &Tlv<'_>) -> Option<String> {
    let tag = t.tag();
    if tag != PRINTABLE_STRING && tag != UTF8_STRING && tag != IA5_STRING {
        return None;
    }
    std::str::from_utf8(t.value()).ok().map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers() {
        for (v, enc) in [(0u32, &[0u8][..]), (1, &[1]), (13, &[13]), (127, &[127]), (128, &[0, 128]), (256, &[1, 0])] {
            assert_eq!(integer_bytes(v), enc);
            assert_eq!(read_integer(enc), Some(v));
        }
        assert_eq!(integer_bytes(u32::MAX), [0, 0xFF, 0xFF, 0xFF, 0xFF]);
        assert_eq!(read_integer(&integer_bytes(u32::MAX)), Some(u32::MAX));
        assert_eq!(read_integer(&[0xFF]), None);
        assert_eq!(read_integer(&[]), None);
        assert_eq!(read_integer(&[1, 2, 3, 4, 5]), None);
    }
}
