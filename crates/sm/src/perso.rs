//! Personalization authentication: the mutual authentication that opens a card's personalization commands,
//! keyed with the card's AES-128 personalization key (applet-spec/card.md, "Personalization authentication").
//!
//! A deliberately simple scheme in place of GlobalPlatform SCP03, for a personalization site's trusted network:
//!
//! 1. `GET CHALLENGE` (Le `10`): the card answers RND.ICC (16 bytes).
//! 2. `EXTERNAL AUTHENTICATE 00 82 00 01` with RND.IFD (16) ‖ CMAC(K, `01` ‖ RND.ICC ‖ RND.IFD) (16), Le `10`:
//!    the card checks the terminal's cryptogram and answers CMAC(K, `02` ‖ RND.IFD ‖ RND.ICC), which proves
//!    the card knows K too.
//!
//! The leading byte separates the two directions so that neither cryptogram can be replayed as the other. Both
//! sides compare cryptograms in constant time. The authentication lasts until the card is reset or powered off;
//! it is not a secure-messaging session (commands after it are not MACed), which is what SCP03 would add.

use aes::Aes128;
use cmac::{Cmac, KeyInit, Mac};
use zeroize::Zeroize;

use crate::{Key16, crypto};

/// Length of RND.ICC and RND.IFD.
pub const PERSO_NONCE_LEN: usize = 16;
/// Length of each cryptogram (a full AES-CMAC).
pub const PERSO_CRYPTOGRAM_LEN: usize = 16;
/// P2 of EXTERNAL AUTHENTICATE naming the personalization key.
pub const PERSO_KEY_REFERENCE: u8 = 0x01;
/// The well-known test key of blank software cards (as GlobalPlatform test cards use `40..4F`). Real batches
/// get their own key from the card manufacturer.
pub const TEST_PERSO_KEY: [u8; 16] =
    [0x40, 0x41, 0x42, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48, 0x49, 0x4A, 0x4B, 0x4C, 0x4D, 0x4E, 0x4F];

const HOST_TO_CARD: u8 = 0x01;
const CARD_TO_HOST: u8 = 0x02;

/// An AES-128 personalization key: never printed, wiped on drop (it is a [`Key16`]).
#[derive(Clone, Debug)]
pub struct PersoKey(Key16);

impl PersoKey {
    pub const fn new(bytes: [u8; 16]) -> Self {
        Self(Key16::new(bytes))
    }

    /// The key from 32 hex digits (spaces allowed), as key files hold it.
    pub fn from_hex(text: &str) -> Option<Self> {
        let digits = zeroize::Zeroizing::new(text.chars().filter(|c| !c.is_whitespace()).collect::<String>());
        let mut bytes = hex::decode(digits.as_str()).ok()?;
        let key = Key16::from_slice(&bytes).map(Self);
        bytes.zeroize();
        key
    }

    /// The key bytes (for the card's persistent state).
    pub fn as_bytes(&self) -> &[u8; 16] {
        self.0.as_bytes()
    }

    fn cmac(&self, direction: u8, first: &[u8], second: &[u8]) -> [u8; PERSO_CRYPTOGRAM_LEN] {
        let mut out = [0u8; PERSO_CRYPTOGRAM_LEN];
        // A 16-byte key always fits AES-128; the fallback is unreachable but panic-free.
        let Ok(mut mac) = <Cmac<Aes128> as KeyInit>::new_from_slice(self.0.as_bytes()) else { return out };
        mac.update(&[direction]);
        mac.update(first);
        mac.update(second);
        out.copy_from_slice(&mac.finalize().into_bytes());
        out
    }

    /// The terminal's cryptogram CMAC(K, `01` ‖ RND.ICC ‖ RND.IFD).
    pub fn host_cryptogram(&self, rnd_icc: &[u8], rnd_ifd: &[u8]) -> [u8; PERSO_CRYPTOGRAM_LEN] {
        self.cmac(HOST_TO_CARD, rnd_icc, rnd_ifd)
    }

    /// The card's cryptogram CMAC(K, `02` ‖ RND.IFD ‖ RND.ICC).
    pub fn card_cryptogram(&self, rnd_icc: &[u8], rnd_ifd: &[u8]) -> [u8; PERSO_CRYPTOGRAM_LEN] {
        self.cmac(CARD_TO_HOST, rnd_ifd, rnd_icc)
    }

    /// Card side: check EXTERNAL AUTHENTICATE data RND.IFD ‖ cryptogram against the challenge the card gave, and
    /// return the card's answer. `None` when the data is malformed or the cryptogram is wrong.
    pub fn check_terminal(&self, rnd_icc: &[u8], data: &[u8]) -> Option<[u8; PERSO_CRYPTOGRAM_LEN]> {
        if data.len() != PERSO_NONCE_LEN + PERSO_CRYPTOGRAM_LEN || rnd_icc.len() != PERSO_NONCE_LEN {
            return None;
        }
        let (rnd_ifd, cryptogram) = data.split_at(PERSO_NONCE_LEN);
        crypto::equal(&self.host_cryptogram(rnd_icc, rnd_ifd), cryptogram)
            .then(|| self.card_cryptogram(rnd_icc, rnd_ifd))
    }

    /// Terminal side: the EXTERNAL AUTHENTICATE data for the card's challenge, with a fresh RND.IFD.
    ///
    /// # Errors
    /// When the challenge is not 16 bytes, or the system RNG fails.
    pub fn terminal_data(&self, rnd_icc: &[u8]) -> Result<PersoTerminal, String> {
        if rnd_icc.len() != PERSO_NONCE_LEN {
            return Err(format!("the challenge must be {PERSO_NONCE_LEN} bytes, got {}", rnd_icc.len()));
        }
        let mut rnd_ifd = [0u8; PERSO_NONCE_LEN];
        getrandom::fill(&mut rnd_ifd).map_err(|e| format!("the system random generator failed: {e}"))?;
        let mut data = rnd_ifd.to_vec();
        data.extend_from_slice(&self.host_cryptogram(rnd_icc, &rnd_ifd));
        Ok(PersoTerminal { expected: self.card_cryptogram(rnd_icc, &rnd_ifd), data })
    }
}

/// The terminal's half of one personalization authentication.
pub struct PersoTerminal {
    /// RND.IFD ‖ cryptogram, the EXTERNAL AUTHENTICATE data.
    pub data: Vec<u8>,
    expected: [u8; PERSO_CRYPTOGRAM_LEN],
}

impl PersoTerminal {
    /// Whether the card's answer proves that it holds the same key.
    pub fn card_is_authentic(&self, answer: &[u8]) -> bool {
        crypto::equal(&self.expected, answer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cmac_is_aes_cmac_rfc4493() {
        // RFC 4493 example 2: K = 2b7e1516..., M = 6bc1bee2 2e409f96 e93d7e11 7393172a → 070a16b4 6b4d4144 f79bdd9d d04a287c.
        let key = PersoKey::from_hex("2b7e151628aed2a6abf7158809cf4f3c").unwrap();
        let m = hex::decode("6bc1bee22e409f96e93d7e117393172a").unwrap();
        let tag = key.cmac(m[0], &m[1..], &[]);
        assert_eq!(hex::encode(tag), "070a16b46b4d4144f79bdd9dd04a287c");
    }

    #[test]
    fn mutual_authentication_round_trip_and_refusals() {
        let key = PersoKey::new(TEST_PERSO_KEY);
        let rnd_icc = [7u8; 16];
        let terminal = key.terminal_data(&rnd_icc).unwrap();
        let answer = key.check_terminal(&rnd_icc, &terminal.data).expect("the card accepts");
        assert!(terminal.card_is_authentic(&answer));
        // The card's cryptogram is not the terminal's: no reflection.
        assert_ne!(&answer[..], &terminal.data[16..]);
        // Another key, another challenge, a flipped bit, a short message: refused.
        let other = PersoKey::new([0x11; 16]);
        assert!(other.check_terminal(&rnd_icc, &terminal.data).is_none());
        assert!(key.check_terminal(&[8u8; 16], &terminal.data).is_none());
        let mut flipped = terminal.data.clone();
        flipped[20] ^= 1;
        assert!(key.check_terminal(&rnd_icc, &flipped).is_none());
        assert!(key.check_terminal(&rnd_icc, &terminal.data[..31]).is_none());
        // A card with another key is found out.
        let wrong_answer = other.card_cryptogram(&rnd_icc, &terminal.data[..16]);
        assert!(!terminal.card_is_authentic(&wrong_answer));
        assert!(key.terminal_data(&[0u8; 8]).is_err());
    }

    #[test]
    fn keys_parse_from_hex_and_hide_in_debug() {
        let key = PersoKey::from_hex("40414243 44454647 48494A4B 4C4D4E4F\n").unwrap();
        assert_eq!(key.as_bytes(), &TEST_PERSO_KEY);
        assert!(PersoKey::from_hex("4041").is_none());
        assert!(PersoKey::from_hex("zz").is_none());
        assert_eq!(format!("{key:?}"), "PersoKey(Key16(<redacted>))");
    }
}
