//! Basic Access Control (ICAO 9303-11 §4.3, §9.7.2): the mutual authentication with EXTERNAL AUTHENTICATE that
//! turns the MRZ keys into a secure-messaging session, for the terminal and for the card.

use std::fmt;

use cccd_apdu::{Command, Response};
use zeroize::{Zeroize, Zeroizing};

use crate::crypto;
use crate::{BacError, BacKeys, Key16, SmSession};

/// Length of RND.IC and RND.IFD.
pub const NONCE_LEN: usize = 8;
/// Length of E.IFD‖M.IFD and E.IC‖M.IC.
pub const AUTH_DATA_LEN: usize = 40;
const PLAIN_LEN: usize = 32;

/// `GET CHALLENGE` for BAC: `00 84 00 00 08`; the card answers RND.IC.
pub fn get_challenge() -> Command<'static> {
    Command::new(0x00, 0x84, 0x00, 0x00).with_ne(NONCE_LEN as u32).unwrap_or_else(|_| Command::new(0x00, 0x84, 0, 0))
}

/// The terminal's half of BAC, from the card's challenge to the session.
pub struct BacTerminal {
    keys: BacKeys,
    rnd_ic: [u8; NONCE_LEN],
    rnd_ifd: [u8; NONCE_LEN],
    k_ifd: Key16,
}

impl BacTerminal {
    /// Start BAC on the card's challenge (the data of the GET CHALLENGE answer) with fresh random RND.IFD and K.IFD.
    ///
    /// # Errors
    /// [`BacError::ChallengeLength`] unless the challenge is 8 bytes; [`BacError::Random`] if the system RNG fails.
    pub fn new(keys: &BacKeys, rnd_ic: &[u8]) -> Result<Self, BacError> {
        let rnd_ifd = random::<NONCE_LEN>()?;
        let mut k_ifd = random::<16>()?;
        let out = Self::with_randoms(keys, rnd_ic, rnd_ifd, Key16::new(k_ifd));
        k_ifd.zeroize();
        out
    }

    /// As [`BacTerminal::new`] with chosen RND.IFD and K.IFD (for known-answer tests).
    ///
    /// # Errors
    /// [`BacError::ChallengeLength`] unless the challenge is 8 bytes.
    pub fn with_randoms(
        keys: &BacKeys,
        rnd_ic: &[u8],
        rnd_ifd: [u8; NONCE_LEN],
        k_ifd: Key16,
    ) -> Result<Self, BacError> {
        let rnd_ic = <[u8; NONCE_LEN]>::try_from(rnd_ic).map_err(|_| BacError::ChallengeLength(rnd_ic.len()))?;
        Ok(Self { keys: keys.clone(), rnd_ic, rnd_ifd, k_ifd })
    }

    /// E.IFD ‖ M.IFD: S = RND.IFD ‖ RND.IC ‖ K.IFD encrypted with Kenc, then MACed with Kmac.
    pub fn command_data(&self) -> [u8; AUTH_DATA_LEN] {
        let mut s = Zeroizing::new([0u8; PLAIN_LEN]);
        s[..8].copy_from_slice(&self.rnd_ifd);
        s[8..16].copy_from_slice(&self.rnd_ic);
        s[16..].copy_from_slice(self.k_ifd.as_bytes());
        seal(&self.keys, &s)
    }

    /// `EXTERNAL AUTHENTICATE 00 82 00 00 28 [E.IFD‖M.IFD] 28`.
    pub fn external_authenticate(&self) -> Command<'static> {
        let plain = Command::new(0x00, 0x82, 0x00, 0x00);
        plain
            .clone()
            .with_data(self.command_data().to_vec())
            .and_then(|c| c.with_ne(AUTH_DATA_LEN as u32))
            .unwrap_or(plain)
    }

    /// Check the card's answer E.IC ‖ M.IC (MAC, then the RND.IFD echo) and derive the session:
    /// KSenc/KSmac from K.IFD ⊕ K.IC, SSC = RND.IC[4..8] ‖ RND.IFD[4..8].
    ///
    /// # Errors
    /// [`BacError::Refused`] for a status other than `9000` (a card answers `6300` to wrong MRZ keys),
    /// [`BacError::DataLength`], [`BacError::BadMac`], [`BacError::NonceMismatch`].
    pub fn finish(self, response: &Response) -> Result<SmSession, BacError> {
        if !response.is_success() {
            return Err(BacError::Refused(response.sw));
        }
        let r = open(&self.keys, &response.data)?;
        // R = RND.IC ‖ RND.IFD ‖ K.IC; only RND.IFD is ours to check.
        if !crypto::equal(&self.rnd_ifd, &r[8..16]) {
            return Err(BacError::NonceMismatch);
        }
        Ok(session(self.k_ifd.as_bytes(), &r[16..], &self.rnd_ic, &self.rnd_ifd))
    }
}

impl fmt::Debug for BacTerminal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BacTerminal").finish_non_exhaustive()
    }
}

/// The card's half of BAC: its challenge, then the check of the terminal's EXTERNAL AUTHENTICATE.
pub struct BacCard {
    keys: BacKeys,
    rnd_ic: [u8; NONCE_LEN],
}

impl BacCard {
    /// A fresh random challenge RND.IC for this card's keys.
    ///
    /// # Errors
    /// [`BacError::Random`] if the system RNG fails.
    pub fn new(keys: &BacKeys) -> Result<Self, BacError> {
        Ok(Self::with_challenge(keys, random::<NONCE_LEN>()?))
    }

    /// A chosen challenge (for known-answer tests).
    pub fn with_challenge(keys: &BacKeys, rnd_ic: [u8; NONCE_LEN]) -> Self {
        Self { keys: keys.clone(), rnd_ic }
    }

    /// RND.IC, the data of the GET CHALLENGE answer.
    pub fn challenge(&self) -> [u8; NONCE_LEN] {
        self.rnd_ic
    }

    /// Check the terminal's E.IFD ‖ M.IFD with a fresh random K.IC; see [`BacCard::authenticate_with`].
    ///
    /// # Errors
    /// As [`BacCard::authenticate_with`], plus [`BacError::Random`].
    pub fn authenticate(self, data: &[u8]) -> Result<(Response, SmSession), BacError> {
        let mut k_ic = random::<16>()?;
        let out = self.authenticate_with(data, Key16::new(k_ic));
        k_ic.zeroize();
        out
    }

    /// Check the terminal's E.IFD ‖ M.IFD (MAC first, then the RND.IC echo), answer E.IC ‖ M.IC (`9000`) built
    /// from R = RND.IC ‖ RND.IFD ‖ K.IC, and derive the same session as the terminal. The challenge is used up
    /// either way: a failed attempt needs a new GET CHALLENGE.
    ///
    /// # Errors
    /// [`BacError::DataLength`], [`BacError::BadMac`], [`BacError::NonceMismatch`]; answer with
    /// [`BacError::status_word`] (`6700` / `6300`).
    pub fn authenticate_with(self, data: &[u8], k_ic: Key16) -> Result<(Response, SmSession), BacError> {
        let s = open(&self.keys, data)?;
        // S = RND.IFD ‖ RND.IC ‖ K.IFD.
        if !crypto::equal(&self.rnd_ic, &s[8..16]) {
            return Err(BacError::NonceMismatch);
        }
        let mut r = Zeroizing::new([0u8; PLAIN_LEN]);
        r[..8].copy_from_slice(&self.rnd_ic);
        r[8..16].copy_from_slice(&s[..8]);
        r[16..].copy_from_slice(k_ic.as_bytes());
        let answer = Response::success(seal(&self.keys, &r).to_vec());
        let rnd_ifd: [u8; NONCE_LEN] = s[..8].try_into().unwrap_or_default();
        Ok((answer, session(&s[16..], k_ic.as_bytes(), &self.rnd_ic, &rnd_ifd)))
    }
}

impl fmt::Debug for BacCard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BacCard").finish_non_exhaustive()
    }
}

/// E ‖ M: 3DES-CBC(Kenc, plain) followed by the retail MAC of E under Kmac.
fn seal(keys: &BacKeys, plain: &[u8; PLAIN_LEN]) -> [u8; AUTH_DATA_LEN] {
    let mut out = [0u8; AUTH_DATA_LEN];
    out[..PLAIN_LEN].copy_from_slice(plain);
    // 32 bytes are block-aligned: this cannot fail.
    crypto::encrypt_in_place(keys.kenc(), &mut out[..PLAIN_LEN]);
    let mac = crypto::retail_mac(keys.kmac(), &[&out[..PLAIN_LEN]]);
    out[PLAIN_LEN..].copy_from_slice(&mac);
    out
}

/// Check M over E, then decrypt E.
fn open(keys: &BacKeys, data: &[u8]) -> Result<Zeroizing<[u8; PLAIN_LEN]>, BacError> {
    if data.len() != AUTH_DATA_LEN {
        return Err(BacError::DataLength(data.len()));
    }
    let (e, m) = data.split_at(PLAIN_LEN);
    if !crypto::mac_matches(&crypto::retail_mac(keys.kmac(), &[e]), m) {
        return Err(BacError::BadMac);
    }
    let mut plain = Zeroizing::new([0u8; PLAIN_LEN]);
    plain.copy_from_slice(e);
    crypto::decrypt_in_place(keys.kenc(), &mut plain[..]);
    Ok(plain)
}

/// The BAC session: seed = K.IFD ⊕ K.IC, SSC = RND.IC[4..8] ‖ RND.IFD[4..8].
fn session(k_ifd: &[u8], k_ic: &[u8], rnd_ic: &[u8; NONCE_LEN], rnd_ifd: &[u8; NONCE_LEN]) -> SmSession {
    let mut seed = [0u8; 16];
    for ((out, a), b) in seed.iter_mut().zip(k_ifd).zip(k_ic) {
        *out = a ^ b;
    }
    let seed_key = Key16::new(seed);
    seed.zeroize();
    let mut ssc = [0u8; 8];
    ssc[..4].copy_from_slice(&rnd_ic[4..]);
    ssc[4..].copy_from_slice(&rnd_ifd[4..]);
    SmSession::from_key_seed(&seed_key, u64::from_be_bytes(ssc))
}

fn random<const N: usize>() -> Result<[u8; N], BacError> {
    let mut out = [0u8; N];
    getrandom::fill(&mut out).map_err(|e| BacError::Random(e.to_string()))?;
    Ok(out)
}
