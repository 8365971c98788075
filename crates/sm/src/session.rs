//! A 3DES secure-messaging session (ICAO 9303-11 §9.8): the session keys and the send sequence counter.
//!
//! Both ends use the same type: the terminal calls [`SmSession::protect`] / [`SmSession::unprotect`], the card
//! [`SmSession::unprotect_command`] / [`SmSession::protect_response`]. Each call increments the SSC first, so the
//! counter goes up by two per command–response pair on both sides.

use std::fmt;

use zeroize::Zeroizing;

use crate::crypto::{self, MAC_LEN};
use crate::kdf::{COUNTER_ENC, COUNTER_MAC, derive_3des_key};
use crate::{Key16, SmError};

/// Session keys KSenc/KSmac and the send sequence counter.
pub struct SmSession {
    ks_enc: Key16,
    ks_mac: Key16,
    ssc: u64,
    /// Card side: the last unprotected command had an odd INS, so its response data goes in DO'85'.
    pub(crate) last_ins_odd: bool,
}

impl SmSession {
    /// A session from known keys and a starting SSC (the value before the first command).
    pub fn new(ks_enc: Key16, ks_mac: Key16, ssc: u64) -> Self {
        Self { ks_enc, ks_mac, ssc, last_ins_odd: false }
    }

    /// KSenc = KDF(seed, 1), KSmac = KDF(seed, 2) (BAC: seed = K.IFD ⊕ K.IC).
    pub fn from_key_seed(seed: &Key16, ssc: u64) -> Self {
        Self::new(derive_3des_key(seed.as_bytes(), COUNTER_ENC), derive_3des_key(seed.as_bytes(), COUNTER_MAC), ssc)
    }

    /// The send sequence counter as it stands (the value used by the last protected or checked APDU).
    pub fn ssc(&self) -> u64 {
        self.ssc
    }

    pub fn ks_enc(&self) -> &Key16 {
        &self.ks_enc
    }

    pub fn ks_mac(&self) -> &Key16 {
        &self.ks_mac
    }

    pub(crate) fn next_ssc(&self) -> u64 {
        self.ssc.wrapping_add(1)
    }

    pub(crate) fn set_ssc(&mut self, ssc: u64) {
        self.ssc = ssc;
    }

    /// Count one more APDU and return the counter for it.
    pub(crate) fn advance_ssc(&mut self) -> u64 {
        self.ssc = self.next_ssc();
        self.ssc
    }

    /// Pad (method 2) and encrypt with KSenc.
    pub(crate) fn encrypt(&self, plain: &[u8]) -> Vec<u8> {
        let mut buf = crypto::pad(plain);
        // Padded data is always block-aligned, so this cannot fail.
        crypto::encrypt_in_place(&self.ks_enc, &mut buf);
        buf
    }

    /// Decrypt with KSenc and strip method-2 padding.
    pub(crate) fn decrypt(&self, cryptogram: &[u8]) -> Result<Vec<u8>, SmError> {
        if cryptogram.is_empty() {
            return Err(SmError::Malformed("an empty cryptogram"));
        }
        let mut buf = Zeroizing::new(cryptogram.to_vec());
        if !crypto::decrypt_in_place(&self.ks_enc, &mut buf) {
            return Err(SmError::Malformed("the cryptogram is not a whole number of blocks"));
        }
        crypto::unpad(&buf).map(<[u8]>::to_vec).ok_or(SmError::BadPadding)
    }

    /// Retail MAC with KSmac over `SSC ‖ parts…` (padding added by the MAC).
    pub(crate) fn mac(&self, ssc: u64, parts: &[&[u8]]) -> [u8; MAC_LEN] {
        let ssc = ssc.to_be_bytes();
        let mut all: Vec<&[u8]> = Vec::with_capacity(parts.len() + 1);
        all.push(&ssc);
        all.extend_from_slice(parts);
        crypto::retail_mac(&self.ks_mac, &all)
    }
}

impl fmt::Debug for SmSession {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SmSession").field("ssc", &format_args!("{:016X}", self.ssc)).finish_non_exhaustive()
    }
}

/// The class byte with secure messaging indicated (ISO 7816-4 §5.4.1): first interindustry layout `000x xxxx` →
/// b4b3 = `11` (SM, header authenticated: ICAO's `0C`), keeping chaining and channel bits; further layout
/// `01xx xxxx` → b6 = 1. Proprietary classes follow the same layout; RFU `001x xxxx` and `FF` are refused.
pub(crate) fn protected_cla(cla: u8) -> Result<u8, SmError> {
    match cla {
        0xFF | 0x20..=0x3F => Err(SmError::InvalidClass(cla)),
        _ if cla & 0x40 != 0 => Ok(cla | 0x20),
        _ => Ok(cla | 0x0C),
    }
}

/// The inverse of [`protected_cla`]: the class without its SM bits, or an error if they are not set.
pub(crate) fn plain_cla(cla: u8) -> Result<u8, SmError> {
    match cla {
        0xFF | 0x20..=0x3F => Err(SmError::InvalidClass(cla)),
        _ if cla & 0x40 != 0 && cla & 0x20 != 0 => Ok(cla & !0x20),
        _ if cla & 0x40 == 0 && cla & 0x0C == 0x0C => Ok(cla & !0x0C),
        _ => Err(SmError::CommandNotProtected(cla)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn class_bytes() {
        assert_eq!(protected_cla(0x00), Ok(0x0C));
        assert_eq!(protected_cla(0x10), Ok(0x1C));
        assert_eq!(protected_cla(0x03), Ok(0x0F));
        assert_eq!(protected_cla(0x40), Ok(0x60));
        assert_eq!(protected_cla(0x4F), Ok(0x6F));
        assert_eq!(protected_cla(0x80), Ok(0x8C));
        assert_eq!(protected_cla(0xFF), Err(SmError::InvalidClass(0xFF)));
        assert_eq!(protected_cla(0x20), Err(SmError::InvalidClass(0x20)));
        assert_eq!(plain_cla(0x0C), Ok(0x00));
        assert_eq!(plain_cla(0x6F), Ok(0x4F));
        assert_eq!(plain_cla(0x00), Err(SmError::CommandNotProtected(0x00)));
        assert_eq!(plain_cla(0x08), Err(SmError::CommandNotProtected(0x08)));
        assert_eq!(plain_cla(0x4F), Err(SmError::CommandNotProtected(0x4F)));
        for cla in 0..=0xFFu8 {
            if let Ok(p) = protected_cla(cla & !0x0C & if cla & 0x40 != 0 { !0x20 } else { 0xFF }) {
                assert!(plain_cla(p).is_ok(), "{cla:02X}");
            }
        }
    }

    #[test]
    fn debug_shows_only_the_counter() {
        let s = SmSession::new(Key16::new([0x11; 16]), Key16::new([0x22; 16]), 0x8870_2212_0C06_C226);
        assert_eq!(format!("{s:?}"), "SmSession { ssc: 887022120C06C226, .. }");
    }
}
