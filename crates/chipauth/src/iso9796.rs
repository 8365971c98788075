//! ISO/IEC 9796-2 digital signature scheme 1 message representatives, as eMRTD chips use them for AA.
//!
//! Partial recovery: `6A ‖ M1 ‖ H(M1 ‖ M2) ‖ trailer`, where M1 is chip nonce filling the representative and
//! M2 is the terminal's challenge (known to the verifier, so not recovered). The trailer is `BC` (hash
//! implicit: SHA-1) or `id ‖ CC` naming the hash. This module only formats and parses; the RSA operation is
//! the `rsa` crate's.

use crate::{AaError, HashAlg};

/// First byte of a partial-recovery representative without padding: `01` + more-data bit + `0 1010`.
const HEADER_PARTIAL: u8 = 0x6A;
/// Trailer for an implicit (SHA-1) hash.
const TRAILER_IMPLICIT: u8 = 0xBC;
/// Second trailer byte after an explicit hash identifier.
const TRAILER_EXPLICIT: u8 = 0xCC;

/// Trailer bytes for `hash`: SHA-1 uses the implicit `BC`, as eMRTDs do; others `id CC`.
fn trailer(hash: HashAlg) -> Vec<u8> {
    match hash {
        HashAlg::Sha1 => vec![TRAILER_IMPLICIT],
        h => vec![h.iso9796_id(), TRAILER_EXPLICIT],
    }
}

/// Builds a `k`-byte partial-recovery representative; `fill` writes M1 (the chip's random bytes).
///
/// # Errors
/// [`AaError::RepresentativeTooShort`] if `k` leaves no room for M1, or `fill`'s error.
pub(crate) fn encode(
    k: usize,
    hash: HashAlg,
    m2: &[u8],
    fill: impl FnOnce(&mut [u8]) -> Result<(), AaError>,
) -> Result<Vec<u8>, AaError> {
    let trailer = trailer(hash);
    let too_short = AaError::RepresentativeTooShort { len: k, hash_len: hash.output_len() };
    let m1_len = k.checked_sub(1 + hash.output_len() + trailer.len()).filter(|&n| n > 0).ok_or(too_short)?;
    let mut m1 = vec![0u8; m1_len];
    fill(&mut m1)?;
    let digest = hash.digest(&[&m1, m2]);
    let mut rep = Vec::with_capacity(k);
    rep.push(HEADER_PARTIAL);
    rep.extend_from_slice(&m1);
    rep.extend_from_slice(&digest);
    rep.extend_from_slice(&trailer);
    Ok(rep)
}

/// The parts of a recovered representative.
#[derive(Debug)]
pub(crate) struct Recovered<'a> {
    /// The recovered message part M1.
    pub m1: &'a [u8],
    /// The hash named (or implied) by the trailer.
    pub hash: HashAlg,
    /// The hash value carried in the representative.
    pub digest: &'a [u8],
}

/// Splits a recovered representative into M1, hash and trailer.
///
/// Header: the top bits must be `01`; bit `20` (partial/full recovery) is accepted either way since M2
/// is always hashed after M1. M1 starts after the first byte whose low nibble is `A` (`6A`/`4A` at once,
/// `4B BB … BA` after padding).
///
/// # Errors
/// [`AaError::BadHeader`], [`AaError::BadTrailer`], [`AaError::UnsupportedHashId`] or
/// [`AaError::RepresentativeTooShort`].
pub(crate) fn decode(rep: &[u8]) -> Result<Recovered<'_>, AaError> {
    let (&first, rest) = rep.split_first().ok_or(AaError::RepresentativeTooShort { len: 0, hash_len: 0 })?;
    if first & 0xC0 != 0x40 {
        return Err(AaError::BadHeader(first));
    }
    let start = match first & 0x0F {
        0x0A => 1,
        0x0B => {
            // Padding nibbles `B…B` end with an `A` nibble.
            let pad = rest.iter().take_while(|&&b| b == 0xBB).count();
            match rest.get(pad) {
                Some(0xBA) => pad + 2,
                _ => return Err(AaError::BadHeader(first)),
            }
        }
        _ => return Err(AaError::BadHeader(first)),
    };
    let (hash, trailer_len) = match rep {
        [.., TRAILER_IMPLICIT] => (HashAlg::Sha1, 1),
        [.., id, TRAILER_EXPLICIT] => (HashAlg::from_iso9796_id(*id).ok_or(AaError::UnsupportedHashId(*id))?, 2),
        [.., a, b] => return Err(AaError::BadTrailer(u16::from_be_bytes([*a, *b]))),
        [b] => return Err(AaError::BadTrailer(u16::from(*b))),
        [] => return Err(AaError::BadTrailer(0)),
    };
    let too_short = AaError::RepresentativeTooShort { len: rep.len(), hash_len: hash.output_len() };
    let end = rep.len().checked_sub(trailer_len + hash.output_len()).filter(|&e| e >= start).ok_or(too_short)?;
    let m1 = rep.get(start..end).unwrap_or_default();
    let digest = rep.get(end..rep.len() - trailer_len).unwrap_or_default();
    Ok(Recovered { m1, hash, digest })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_every_hash() {
        for hash in HashAlg::ALL {
            let rep = encode(128, hash, b"challenge", |m1| {
                m1.fill(0x5A);
                Ok(())
            })
            .unwrap();
            assert_eq!(rep.len(), 128);
            assert_eq!(rep[0], 0x6A);
            let r = decode(&rep).unwrap();
            assert_eq!(r.hash, hash);
            assert!(r.m1.iter().all(|&b| b == 0x5A));
            assert_eq!(r.digest, hash.digest(&[r.m1, b"challenge"]));
        }
        let sha1 = encode(128, HashAlg::Sha1, b"", |_| Ok(())).unwrap();
        assert_eq!((sha1.len(), sha1[127], sha1.len() - 1 - 20 - 1), (128, 0xBC, 106));
        assert_eq!(encode(128, HashAlg::Sha256, b"", |_| Ok(())).unwrap()[126..], [0x34, 0xCC]);
    }

    #[test]
    fn padded_full_recovery_header() {
        let mut rep = vec![0x4B, 0xBB, 0xBA, 1, 2, 3];
        rep.extend(HashAlg::Sha1.digest(&[&[1, 2, 3]]));
        rep.push(0xBC);
        let r = decode(&rep).unwrap();
        assert_eq!(r.m1, [1, 2, 3]);
    }

    #[test]
    fn rejects() {
        assert!(matches!(decode(&[]), Err(AaError::RepresentativeTooShort { .. })));
        assert!(matches!(decode(&[0x6A, 0xBC]), Err(AaError::RepresentativeTooShort { .. })));
        assert!(matches!(decode(&[0x8A, 0xBC]), Err(AaError::BadHeader(0x8A))));
        assert!(matches!(decode(&[0x6C, 0xBC]), Err(AaError::BadHeader(0x6C))));
        assert!(matches!(decode(&[0x4B, 0xBB, 0x00]), Err(AaError::BadHeader(0x4B))));
        assert!(matches!(decode(&[0x6A, 0x12, 0x34]), Err(AaError::BadTrailer(0x1234))));
        assert!(matches!(decode(&[0x6A]), Err(AaError::BadTrailer(0x6A))));
        assert!(matches!(decode(&[0x6A, 0x99, 0xCC]), Err(AaError::UnsupportedHashId(0x99))));
        assert!(matches!(encode(22, HashAlg::Sha1, b"", |_| Ok(())), Err(AaError::RepresentativeTooShort { .. })));
    }
}
