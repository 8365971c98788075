//! The hash functions AA can use, with their ISO/IEC 9796-2 identifiers and signature OIDs.

use const_oid::ObjectIdentifier;
use sha2::Digest;

use crate::oid;

/// A hash for AA signatures: SHA-1 for RSA chips (trailer `BC`), SHA-256 for P-256 chips by default.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum HashAlg {
    Sha1,
    Sha224,
    Sha256,
    Sha384,
    Sha512,
}

impl HashAlg {
    /// Every variant, for tests and menus.
    pub const ALL: [Self; 5] = [Self::Sha1, Self::Sha224, Self::Sha256, Self::Sha384, Self::Sha512];

    /// Hash of the concatenation of `parts` (M1 ‖ M2 without copying them together).
    #[must_use]
    pub fn digest(self, parts: &[&[u8]]) -> Vec<u8> {
        fn run<D: Digest>(parts: &[&[u8]]) -> Vec<u8> {
            let mut d = D::new();
            for p in parts {
                d.update(p);
            }
            d.finalize().to_vec()
        }
        match self {
            Self::Sha1 => run::<sha1::Sha1>(parts),
            Self::Sha224 => run::<sha2::Sha224>(parts),
            Self::Sha256 => run::<sha2::Sha256>(parts),
            Self::Sha384 => run::<sha2::Sha384>(parts),
            Self::Sha512 => run::<sha2::Sha512>(parts),
        }
    }

    /// Output length in bytes.
    #[must_use]
    pub const fn output_len(self) -> usize {
        match self {
            Self::Sha1 => 20,
            Self::Sha224 => 28,
            Self::Sha256 => 32,
            Self::Sha384 => 48,
            Self::Sha512 => 64,
        }
    }

    /// The hash-function identifier of an ISO/IEC 9796-2 `xxCC` trailer (ISO/IEC 10118-3 numbering).
    #[must_use]
    pub const fn iso9796_id(self) -> u8 {
        match self {
            Self::Sha1 => 0x33,
            Self::Sha224 => 0x38,
            Self::Sha256 => 0x34,
            Self::Sha384 => 0x36,
            Self::Sha512 => 0x35,
        }
    }

    /// The inverse of [`HashAlg::iso9796_id`].
    #[must_use]
    pub const fn from_iso9796_id(id: u8) -> Option<Self> {
        match id {
            0x33 => Some(Self::Sha1),
            0x38 => Some(Self::Sha224),
            0x34 => Some(Self::Sha256),
            0x36 => Some(Self::Sha384),
            0x35 => Some(Self::Sha512),
            _ => None,
        }
    }

    /// The BSI ecdsa-plain-* OID for this hash, as DG14's ActiveAuthenticationInfo names it.
    #[must_use]
    pub const fn ecdsa_plain_oid(self) -> ObjectIdentifier {
        match self {
            Self::Sha1 => oid::ECDSA_PLAIN_SHA1,
            Self::Sha224 => oid::ECDSA_PLAIN_SHA224,
            Self::Sha256 => oid::ECDSA_PLAIN_SHA256,
            Self::Sha384 => oid::ECDSA_PLAIN_SHA384,
            Self::Sha512 => oid::ECDSA_PLAIN_SHA512,
        }
    }

    /// The hash of an ECDSA signature-algorithm OID: BSI ecdsa-plain-* or ANSI X9.62 ecdsa-with-*.
    #[must_use]
    pub fn from_signature_oid(oid: &ObjectIdentifier) -> Option<Self> {
        const TABLE: [(ObjectIdentifier, ObjectIdentifier, HashAlg); 5] = [
            (oid::ECDSA_PLAIN_SHA1, oid::ECDSA_WITH_SHA1, HashAlg::Sha1),
            (oid::ECDSA_PLAIN_SHA224, oid::ECDSA_WITH_SHA224, HashAlg::Sha224),
            (oid::ECDSA_PLAIN_SHA256, oid::ECDSA_WITH_SHA256, HashAlg::Sha256),
            (oid::ECDSA_PLAIN_SHA384, oid::ECDSA_WITH_SHA384, HashAlg::Sha384),
            (oid::ECDSA_PLAIN_SHA512, oid::ECDSA_WITH_SHA512, HashAlg::Sha512),
        ];
        TABLE.iter().find(|(plain, x962, _)| plain == oid || x962 == oid).map(|&(_, _, h)| h)
    }
}

impl core::fmt::Display for HashAlg {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(match self {
            Self::Sha1 => "SHA-1",
            Self::Sha224 => "SHA-224",
            Self::Sha256 => "SHA-256",
            Self::Sha384 => "SHA-384",
            Self::Sha512 => "SHA-512",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_oids_round_trip() {
        for h in HashAlg::ALL {
            assert_eq!(HashAlg::from_iso9796_id(h.iso9796_id()), Some(h));
            assert_eq!(HashAlg::from_signature_oid(&h.ecdsa_plain_oid()), Some(h));
            assert_eq!(h.digest(&[b"ab", b"c"]), h.digest(&[b"abc"]));
            assert_eq!(h.digest(&[]).len(), h.output_len());
        }
        assert_eq!(HashAlg::from_signature_oid(&oid::ECDSA_WITH_SHA256), Some(HashAlg::Sha256));
        assert_eq!(HashAlg::from_signature_oid(&oid::ID_AA), None);
        assert_eq!(HashAlg::from_iso9796_id(0xBC), None);
        // SHA-1("abc"), FIPS 180 example.
        assert_eq!(HashAlg::Sha1.digest(&[b"abc"])[..4], [0xA9, 0x99, 0x3E, 0x36]);
    }
}
