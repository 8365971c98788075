//! Explicit EC domain parameters (SEC 1 `specifiedCurve`), as in many eMRTD certificates: recognised when they
//! equal a named curve, whose constants come from the curve crates rather than from tables typed in here.

use der::Sequence;
use der::asn1::{Any, BitString, ObjectIdentifier, OctetString, Uint};
use p256::elliptic_curve::bigint::Encoding;
use p256::elliptic_curve::ff::PrimeField;
use primeorder::PrimeCurveParams;

use crate::error::KeyError;

/// The curves verification supports.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Curve {
    P256,
    P384,
    BrainpoolP256r1,
    BrainpoolP384r1,
}

impl Curve {
    const ALL: [Curve; 4] = [Curve::P256, Curve::P384, Curve::BrainpoolP256r1, Curve::BrainpoolP384r1];

    pub fn from_oid(oid: &ObjectIdentifier) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.oid() == *oid)
    }

    pub fn oid(self) -> ObjectIdentifier {
        use const_oid::db::rfc5912;
        match self {
            Self::P256 => rfc5912::SECP_256_R_1,
            Self::P384 => rfc5912::SECP_384_R_1,
            Self::BrainpoolP256r1 => ObjectIdentifier::new_unwrap("1.3.36.3.3.2.8.1.1.7"),
            Self::BrainpoolP384r1 => ObjectIdentifier::new_unwrap("1.3.36.3.3.2.8.1.1.11"),
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Self::P256 => "P-256",
            Self::P384 => "P-384",
            Self::BrainpoolP256r1 => "brainpoolP256r1",
            Self::BrainpoolP384r1 => "brainpoolP384r1",
        }
    }

    fn constants(self) -> Constants {
        match self {
            Self::P256 => Constants::of::<p256::NistP256>(),
            Self::P384 => Constants::of::<p384::NistP384>(),
            Self::BrainpoolP256r1 => Constants::of::<bp256::BrainpoolP256r1>(),
            Self::BrainpoolP384r1 => Constants::of::<bp384::BrainpoolP384r1>(),
        }
    }
}

/// SEC 1 SpecifiedECDomain (RFC 3279 ECParameters).
#[derive(Sequence)]
struct SpecifiedEcDomain {
    version: u8,
    field_id: FieldId,
    curve: CurveCoefficients,
    base: OctetString,
    order: Uint,
    cofactor: Option<Uint>,
}

#[derive(Sequence)]
struct FieldId {
    field_type: ObjectIdentifier,
    parameters: Any,
}

#[derive(Sequence)]
struct CurveCoefficients {
    a: OctetString,
    b: OctetString,
    seed: Option<BitString>,
}

const PRIME_FIELD: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.1.1");

/// A curve's defining numbers, big-endian without leading zeros.
#[derive(Debug, PartialEq, Eq)]
struct Constants {
    p: Vec<u8>,
    a: Vec<u8>,
    b: Vec<u8>,
    gx: Vec<u8>,
    gy: Vec<u8>,
    n: Vec<u8>,
}

fn strip(bytes: &[u8]) -> Vec<u8> {
    let start = bytes.iter().position(|&b| b != 0).unwrap_or(bytes.len());
    bytes[start..].to_vec()
}

impl Constants {
    fn of<C: PrimeCurveParams>() -> Self {
        let (gx, gy) = C::GENERATOR;
        Self {
            p: strip(&hex::decode(<C::FieldElement as PrimeField>::MODULUS).unwrap_or_default()),
            a: strip(&C::EQUATION_A.to_repr()),
            b: strip(&C::EQUATION_B.to_repr()),
            gx: strip(&gx.to_repr()),
            gy: strip(&gy.to_repr()),
            n: strip(C::ORDER.as_ref().to_be_bytes().as_ref()),
        }
    }
}

/// Finds the named curve that explicit parameters (the DER of a SpecifiedECDomain) describe.
pub(crate) fn identify(params_der: &[u8]) -> Result<Curve, KeyError> {
    use der::Decode;
    let unsupported = |why: &str| KeyError::UnsupportedExplicitCurve(why.to_owned());
    let domain = SpecifiedEcDomain::from_der(params_der).map_err(|e| KeyError::Malformed(e.to_string()))?;
    if domain.field_id.field_type != PRIME_FIELD {
        return Err(unsupported("not a prime field"));
    }
    if let Some(h) = &domain.cofactor
        && strip(h.as_bytes()) != [1]
    {
        return Err(unsupported("cofactor is not 1"));
    }
    let p = domain.field_id.parameters.decode_as::<Uint>().map_err(|e| KeyError::Malformed(e.to_string()))?;
    let (p, a, b, n) = (
        strip(p.as_bytes()),
        strip(domain.curve.a.as_bytes()),
        strip(domain.curve.b.as_bytes()),
        strip(domain.order.as_bytes()),
    );
    let base = domain.base.as_bytes();
    Curve::ALL
        .into_iter()
        .find(|curve| {
            let c = curve.constants();
            c.p == p && c.a == a && c.b == b && c.n == n && base_matches(base, &c)
        })
        .ok_or_else(|| unsupported("parameters match no supported named curve"))
}

/// The base point, uncompressed (`04 x y`) or compressed (`02/03 x`), equals the curve's generator.
fn base_matches(base: &[u8], c: &Constants) -> bool {
    let Some((&form, coords)) = base.split_first() else { return false };
    let half = coords.len() / 2;
    match form {
        0x04 if coords.len() % 2 == 0 => strip(&coords[..half]) == c.gx && strip(&coords[half..]) == c.gy,
        0x02 | 0x03 => strip(coords) == c.gx && c.gy.last().map(|y| y & 1) == Some(form & 1),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn p256_constants_from_the_crate_match_sec2() {
        let c = Curve::P256.constants();
        assert_eq!(hex::encode(&c.p), "ffffffff00000001000000000000000000000000ffffffffffffffffffffffff");
        assert_eq!(hex::encode(&c.a), "ffffffff00000001000000000000000000000000fffffffffffffffffffffffc");
        assert_eq!(hex::encode(&c.b), "5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604b");
        assert_eq!(hex::encode(&c.gx), "6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296");
        assert_eq!(hex::encode(&c.n), "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551");
    }

    #[test]
    fn brainpool_constants_are_distinct() {
        let a = Curve::BrainpoolP256r1.constants();
        assert_eq!(hex::encode(&a.p), "a9fb57dba1eea9bc3e660a909d838d726e3bf623d52620282013481d1f6e5377");
        assert_ne!(a, Curve::P256.constants());
        assert_eq!(Curve::BrainpoolP384r1.constants().p.len(), 48);
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        assert!(identify(&[]).is_err());
        assert!(identify(&[0x30, 0x03, 0x02, 0x01, 0x01]).is_err());
    }
}
