//! The primitives BAC and 3DES secure messaging are built from (ICAO 9303-11 §9.8.6): 3DES-CBC with a zero IV,
//! the ISO/IEC 9797-1 retail MAC (algorithm 3) and padding method 2. The ciphers come from RustCrypto; only the
//! padding is ours, because the MAC crate pads with zeros.

use cbc::cipher::block_padding::NoPadding;
use cbc::cipher::{BlockModeDecrypt, BlockModeEncrypt, KeyIvInit};
use retail_mac::{KeyInit, Mac};
use subtle::ConstantTimeEq;

use crate::Key16;

/// DES block size: everything here is padded to it.
pub(crate) const BLOCK: usize = 8;
/// The MAC length in DO'8E' and in M.IFD / M.IC.
pub(crate) const MAC_LEN: usize = 8;

const ZERO_IV: [u8; BLOCK] = [0; BLOCK];

/// ISO/IEC 9797-1 padding method 2: `80` then `00`s up to a multiple of 8 (always at least one byte).
pub(crate) fn pad(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(padded_len(data.len()));
    out.extend_from_slice(data);
    pad_in_place(&mut out);
    out
}

/// Append method-2 padding to `buf`.
pub(crate) fn pad_in_place(buf: &mut Vec<u8>) {
    buf.push(0x80);
    while !buf.len().is_multiple_of(BLOCK) {
        buf.push(0);
    }
}

/// The length of `len` bytes after method-2 padding.
pub(crate) const fn padded_len(len: usize) -> usize {
    (len / BLOCK + 1) * BLOCK
}

/// Strip method-2 padding: trailing `00`s, then one `80`, within the last block. `None` if it is not there.
pub(crate) fn unpad(data: &[u8]) -> Option<&[u8]> {
    let end = data.iter().rposition(|&b| b != 0)?;
    let too_long = data.len() - end > BLOCK;
    (data[end] == 0x80 && !too_long).then(|| &data[..end])
}

/// 3DES-CBC encryption (two-key EDE, IV 0) of block-aligned data in place. `false` if not block-aligned.
pub(crate) fn encrypt_in_place(key: &Key16, buf: &mut [u8]) -> bool {
    let Ok(enc) = cbc::Encryptor::<des::TdesEde2>::new_from_slices(key.as_bytes(), &ZERO_IV) else {
        return false;
    };
    let len = buf.len();
    len.is_multiple_of(BLOCK) && enc.encrypt_padded::<NoPadding>(buf, len).is_ok()
}

/// 3DES-CBC decryption (IV 0) of block-aligned data in place. `false` if not block-aligned.
pub(crate) fn decrypt_in_place(key: &Key16, buf: &mut [u8]) -> bool {
    let Ok(dec) = cbc::Decryptor::<des::TdesEde2>::new_from_slices(key.as_bytes(), &ZERO_IV) else {
        return false;
    };
    buf.len().is_multiple_of(BLOCK) && dec.decrypt_padded::<NoPadding>(buf).is_ok()
}

/// Retail MAC over the concatenation of `parts`, padded with method 2 (the padding is added here).
pub(crate) fn retail_mac(key: &Key16, parts: &[&[u8]]) -> [u8; MAC_LEN] {
    let mut out = [0u8; MAC_LEN];
    // A 16-byte key always fits `RetailMac<Des>` (K1‖K2); the fallback is unreachable but panic-free.
    let Ok(mut mac) = <retail_mac::RetailMac<des::Des> as KeyInit>::new_from_slice(key.as_bytes()) else {
        return out;
    };
    let mut len = 0;
    for part in parts {
        mac.update(part);
        len += part.len();
    }
    let padding = padded_len(len) - len;
    let mut tail = [0u8; BLOCK];
    tail[0] = 0x80;
    mac.update(&tail[..padding]);
    out.copy_from_slice(&mac.finalize().into_bytes());
    out
}

/// Constant-time comparison of a received MAC with the expected one.
pub(crate) fn mac_matches(expected: &[u8; MAC_LEN], received: &[u8]) -> bool {
    equal(expected, received)
}

/// Constant-time equality (different lengths are unequal), so checks leak no timing.
pub(crate) fn equal(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && bool::from(a.ct_eq(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn padding_method_2() {
        assert_eq!(pad(&[]), [0x80, 0, 0, 0, 0, 0, 0, 0]);
        assert_eq!(pad(&[1; 7]), [1, 1, 1, 1, 1, 1, 1, 0x80]);
        assert_eq!(pad(&[1; 8]).len(), 16);
        for n in 0..20 {
            let data = vec![0xA5; n];
            assert_eq!(unpad(&pad(&data)), Some(&data[..]));
        }
        assert_eq!(unpad(&[]), None);
        assert_eq!(unpad(&[0; 8]), None);
        assert_eq!(unpad(&[1, 2, 3, 4, 5, 6, 7, 8]), None);
        // `80` followed by more than a block of zeros is not padding.
        assert_eq!(unpad(&[0x80, 0, 0, 0, 0, 0, 0, 0, 0]), None);
    }

    #[test]
    fn misaligned_input_is_refused() {
        let key = Key16::new([1; 16]);
        assert!(!encrypt_in_place(&key, &mut [0; 7]));
        assert!(!decrypt_in_place(&key, &mut [0; 9]));
    }
}
