//! DG14 `SecurityInfos` (ICAO 9303-11 §9.2), only as far as Active Authentication needs it.
//!
//! `6E L SET OF SecurityInfo`, where `SecurityInfo ::= SEQUENCE { protocol OID, requiredData ANY,
//! optionalData ANY OPTIONAL }`. The ActiveAuthenticationInfo (`2.23.136.1.1.5`, version 1, the ECDSA
//! signature algorithm) is interpreted; every other SecurityInfo (chip authentication, PACE, terminal
//! authentication …) is kept as raw DER so the file can be re-encoded without understanding it.

use cccd_tlv::{Tag, Tlv, TlvWriter};
use const_oid::ObjectIdentifier;

use crate::oid::ID_AA;
use crate::{AaError, HashAlg};

const FILE: &str = "DG14";
/// DG14's outer tag.
pub const DG14_TAG: Tag = Tag::from_u32(0x6E);
const SET: Tag = Tag::from_u32(0x31);
const SEQUENCE: Tag = Tag::from_u32(0x30);
const OID: Tag = Tag::from_u32(0x06);
const INTEGER: Tag = Tag::from_u32(0x02);

/// `ActiveAuthenticationInfo ::= SEQUENCE { protocol id-AA, version INTEGER, signatureAlgorithm OID }`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ActiveAuthenticationInfo {
    /// Always 1 in ICAO 9303; other values are kept, not rejected.
    pub version: u32,
    /// The ECDSA signature algorithm, e.g. ecdsa-plain-SHA256.
    pub signature_algorithm: ObjectIdentifier,
}

impl ActiveAuthenticationInfo {
    /// Version 1 naming BSI ecdsa-plain-`hash`.
    #[must_use]
    pub const fn ecdsa_plain(hash: HashAlg) -> Self {
        Self { version: 1, signature_algorithm: hash.ecdsa_plain_oid() }
    }

    /// The hash the signature algorithm implies, if it is an ECDSA OID this crate knows.
    #[must_use]
    pub fn hash_alg(&self) -> Option<HashAlg> {
        HashAlg::from_signature_oid(&self.signature_algorithm)
    }

    fn encode(&self) -> Vec<u8> {
        let mut out = Vec::new();
        TlvWriter::new(&mut out).write_constructed(SEQUENCE, |w| {
            w.write_primitive(OID, ID_AA.as_bytes());
            w.write_primitive(INTEGER, &integer_bytes(self.version));
            w.write_primitive(OID, self.signature_algorithm.as_bytes());
        });
        out
    }
}

/// One element of the SecurityInfos SET.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SecurityInfo {
    /// The AA entry, interpreted.
    ActiveAuthentication(ActiveAuthenticationInfo),
    /// Anything else, with its protocol OID and its whole DER (`30 …`) as read.
    Other { protocol: ObjectIdentifier, raw: Vec<u8> },
}

impl SecurityInfo {
    fn encode(&self) -> Vec<u8> {
        match self {
            Self::ActiveAuthentication(aa) => aa.encode(),
            Self::Other { raw, .. } => raw.clone(),
        }
    }

    /// The protocol OID of any entry.
    #[must_use]
    pub const fn protocol(&self) -> ObjectIdentifier {
        match self {
            Self::ActiveAuthentication(_) => ID_AA,
            Self::Other { protocol, .. } => *protocol,
        }
    }
}

/// DG14 as a list of SecurityInfos, in file order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Dg14 {
    pub infos: Vec<SecurityInfo>,
}

impl Dg14 {
    /// A DG14 holding only an ActiveAuthenticationInfo: what a P-256 AA card needs.
    #[must_use]
    pub fn with_active_authentication(info: ActiveAuthenticationInfo) -> Self {
        Self { infos: vec![SecurityInfo::ActiveAuthentication(info)] }
    }

    /// The first ActiveAuthenticationInfo, if any.
    #[must_use]
    pub fn active_authentication(&self) -> Option<&ActiveAuthenticationInfo> {
        self.infos.iter().find_map(|i| match i {
            SecurityInfo::ActiveAuthentication(aa) => Some(aa),
            SecurityInfo::Other { .. } => None,
        })
    }

    /// The AA signature algorithm OID, if DG14 names one.
    #[must_use]
    pub fn aa_signature_algorithm(&self) -> Option<ObjectIdentifier> {
        self.active_authentication().map(|aa| aa.signature_algorithm)
    }

    /// The hash to hand [`crate::verify_challenge`] as its hint.
    #[must_use]
    pub fn aa_hash_alg(&self) -> Option<HashAlg> {
        self.active_authentication().and_then(ActiveAuthenticationInfo::hash_alg)
    }

    /// The file bytes `6E L SET { … }`, the elements in DER SET OF order (sorted by their encodings).
    ///
    /// A decoded file whose SET was not in DER order (BSI's is not) comes out reordered, so hash DG14 as
    /// read, never re-encoded.
    #[must_use]
    pub fn encode(&self) -> Vec<u8> {
        let mut elems: Vec<Vec<u8>> = self.infos.iter().map(SecurityInfo::encode).collect();
        elems.sort_by(|a, b| der_set_order(a, b));
        let set_value = elems.concat();
        let mut out = Vec::new();
        TlvWriter::new(&mut out).write_constructed(DG14_TAG, |w| {
            // The SET's value is the already-encoded elements, copied verbatim.
            w.write_primitive(SET, &set_value);
        });
        out
    }

    /// Decodes the whole file (`6E …`, padding after it allowed).
    ///
    /// # Errors
    /// A TLV error, other tags than `6E`/`31`/`30`, a SecurityInfo without a protocol OID, or a malformed
    /// ActiveAuthenticationInfo.
    pub fn decode(bytes: &[u8]) -> Result<Self, AaError> {
        let tlv = Tlv::parse_single(bytes).map_err(AaError::tlv(FILE))?;
        if tlv.tag() != DG14_TAG {
            return Err(AaError::UnexpectedTag { file: FILE, expected: DG14_TAG, found: tlv.tag() });
        }
        let (set, rest) = Tlv::parse(tlv.value()).map_err(AaError::tlv(FILE))?;
        if set.tag() != SET {
            return Err(AaError::UnexpectedTag { file: FILE, expected: SET, found: set.tag() });
        }
        if !rest.is_empty() {
            return Err(AaError::invalid(FILE, "SecurityInfos", "data after the SET"));
        }
        let infos = set.children().map(|t| decode_info(&t.map_err(AaError::tlv(FILE))?)).collect::<Result<_, _>>()?;
        Ok(Self { infos })
    }
}

fn decode_info(t: &Tlv<'_>) -> Result<SecurityInfo, AaError> {
    if t.tag() != SEQUENCE {
        return Err(AaError::UnexpectedTag { file: FILE, expected: SEQUENCE, found: t.tag() });
    }
    let mut it = t.children();
    let mut next = |what| -> Result<Tlv<'_>, AaError> {
        it.next().ok_or_else(|| AaError::invalid(FILE, what, "missing"))?.map_err(AaError::tlv(FILE))
    };
    let protocol = read_oid(&next("protocol")?, "protocol")?;
    if protocol != ID_AA {
        return Ok(SecurityInfo::Other { protocol, raw: t.raw().to_vec() });
    }
    let version = next("AA version")?;
    if version.tag() != INTEGER {
        return Err(AaError::UnexpectedTag { file: FILE, expected: INTEGER, found: version.tag() });
    }
    let version =
        read_integer(version.value()).ok_or_else(|| AaError::invalid(FILE, "AA version", "not a small INTEGER"))?;
    let signature_algorithm = read_oid(&next("AA signatureAlgorithm")?, "AA signatureAlgorithm")?;
    Ok(SecurityInfo::ActiveAuthentication(ActiveAuthenticationInfo { version, signature_algorithm }))
}

fn read_oid(t: &Tlv<'_>, what: &'static str) -> Result<ObjectIdentifier, AaError> {
    if t.tag() != OID {
        return Err(AaError::UnexpectedTag { file: FILE, expected: OID, found: t.tag() });
    }
    ObjectIdentifier::from_bytes(t.value()).map_err(|e| AaError::invalid(FILE, what, e.to_string()))
}

/// X.690 §11.6: compare as octet strings, the shorter padded at its end with zeros.
fn der_set_order(a: &[u8], b: &[u8]) -> core::cmp::Ordering {
    let n = a.len().max(b.len());
    let pad = |v: &[u8], i| v.get(i).copied().unwrap_or(0);
    (0..n).map(|i| pad(a, i).cmp(&pad(b, i))).find(|o| o.is_ne()).unwrap_or(core::cmp::Ordering::Equal)
}

/// Minimal DER INTEGER content of a non-negative value.
fn integer_bytes(v: u32) -> Vec<u8> {
    let b = v.to_be_bytes();
    let skip = b.iter().take(3).take_while(|&&x| x == 0).count();
    let mut out = b.get(skip..).unwrap_or_default().to_vec();
    if out.first().is_some_and(|f| f & 0x80 != 0) {
        out.insert(0, 0);
    }
    out
}

/// A non-negative INTEGER of at most 4 value bytes (5 with a leading 00).
fn read_integer(value: &[u8]) -> Option<u32> {
    let first = *value.first()?;
    if first & 0x80 != 0 {
        return None;
    }
    let digits = if first == 0 && value.len() > 1 { value.get(1..)? } else { value };
    (digits.len() <= 4).then(|| digits.iter().fold(0u32, |acc, &b| (acc << 8) | u32::from(b)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::oid::ECDSA_PLAIN_SHA256;

    #[test]
    fn aa_only_round_trip() {
        let dg14 = Dg14::with_active_authentication(ActiveAuthenticationInfo::ecdsa_plain(HashAlg::Sha256));
        let bytes = dg14.encode();
        // 6E 1B 31 19 30 17 06 06 678108010105 02 01 01 06 0A 04007F00070101040103
        assert_eq!(
            bytes,
            [
                0x6E, 0x1B, 0x31, 0x19, 0x30, 0x17, 0x06, 0x06, 0x67, 0x81, 0x08, 0x01, 0x01, 0x05, 0x02, 0x01, 0x01,
                0x06, 0x0A, 0x04, 0x00, 0x7F, 0x00, 0x07, 0x01, 0x01, 0x04, 0x01, 0x03
            ]
        );
        let back = Dg14::decode(&bytes).unwrap();
        assert_eq!(back, dg14);
        assert_eq!(back.aa_signature_algorithm(), Some(ECDSA_PLAIN_SHA256));
        assert_eq!(back.aa_hash_alg(), Some(HashAlg::Sha256));
    }

    #[test]
    fn set_order_and_integers() {
        use core::cmp::Ordering::*;
        assert_eq!(der_set_order(&[1, 2], &[1, 2, 0]), Equal);
        assert_eq!(der_set_order(&[1, 2], &[1, 3]), Less);
        assert_eq!(der_set_order(&[2], &[1, 9]), Greater);
        for v in [0u32, 1, 127, 128, 256, u32::MAX] {
            assert_eq!(read_integer(&integer_bytes(v)), Some(v));
        }
        assert_eq!(read_integer(&[0x80]), None);
    }

    #[test]
    fn rejects_malformed() {
        assert!(matches!(Dg14::decode(&[0x6F, 0x00]), Err(AaError::UnexpectedTag { .. })));
        assert!(matches!(Dg14::decode(&[0x6E, 0x02, 0x30, 0x00]), Err(AaError::UnexpectedTag { .. })));
        assert!(matches!(Dg14::decode(&[0x6E, 0x04, 0x31, 0x02, 0x30, 0x00]), Err(AaError::Invalid { .. })));
        assert_eq!(Dg14::decode(&[0x6E, 0x02, 0x31, 0x00]).unwrap(), Dg14::default());
        // An AA entry whose version is not an INTEGER.
        let bad = [
            0x6E, 0x10, 0x31, 0x0E, 0x30, 0x0C, 0x06, 0x06, 0x67, 0x81, 0x08, 0x01, 0x01, 0x05, 0x04, 0x00, 0x06, 0x00,
        ];
        assert!(matches!(Dg14::decode(&bad), Err(AaError::UnexpectedTag { .. })));
    }
}
