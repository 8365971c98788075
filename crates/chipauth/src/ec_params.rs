//! Explicit EC domain parameters (X9.62 `SpecifiedECDomain`): accepted only when they are exactly P-256.
//!
//! Many eMRTDs write their curves out in full instead of naming them (the BSI DG14 key does). We compare
//! the constants rather than trusting any OID, and name what we found when it is not P-256.

use cccd_tlv::{Tag, Tlv, TlvIter};
use const_oid::ObjectIdentifier;

use crate::AaError;
use crate::oid::PRIME_FIELD;

const SEQUENCE: Tag = Tag::from_u32(0x30);
const INTEGER: Tag = Tag::from_u32(0x02);
const OCTET_STRING: Tag = Tag::from_u32(0x04);
const BIT_STRING: Tag = Tag::from_u32(0x03);
const OID: Tag = Tag::from_u32(0x06);

/// P-256 (FIPS 186-4 D.1.2.3 / SEC 2 secp256r1) domain parameters, big-endian.
const P: [u8; 32] = hex32("FFFFFFFF00000001000000000000000000000000FFFFFFFFFFFFFFFFFFFFFFFF");
const A: [u8; 32] = hex32("FFFFFFFF00000001000000000000000000000000FFFFFFFFFFFFFFFFFFFFFFFC");
const B: [u8; 32] = hex32("5AC635D8AA3A93E7B3EBBD55769886BC651D06B0CC53B0F63BCE3C3E27D2604B");
const GX: [u8; 32] = hex32("6B17D1F2E12C4247F8BCE6E563A440F277037D812DEB33A0F4A13945D898C296");
const GY: [u8; 32] = hex32("4FE342E2FE1A7F9B8EE7EB4A7C0F9E162BCE33576B315ECECBB6406837BF51F5");
const N: [u8; 32] = hex32("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551");

/// Compile-time hex decoding of a 64-digit constant (a bad digit fails the build, never a run).
const fn hex32(s: &str) -> [u8; 32] {
    const fn nibble(c: u8) -> u8 {
        match c {
            b'0'..=b'9' => c - b'0',
            b'A'..=b'F' => c - b'A' + 10,
            _ => panic!("not an uppercase hex digit"),
        }
    }
    let s = s.as_bytes();
    assert!(s.len() == 64, "need 64 hex digits");
    let mut out = [0u8; 32];
    let mut i = 0;
    while i < 32 {
        out[i] = (nibble(s[2 * i]) << 4) | nibble(s[2 * i + 1]);
        i += 1;
    }
    out
}

/// The number without leading zero bytes, so `00 FF…` (INTEGER) and `FF…` (field element) compare equal.
fn trim(v: &[u8]) -> &[u8] {
    let skip = v.iter().take_while(|&&b| b == 0).count();
    v.get(skip..).unwrap_or_default()
}

fn bad(reason: &str) -> AaError {
    AaError::KeyEncoding(format!("explicit EC parameters: {reason}"))
}

/// Reads the next child and checks its tag.
fn next<'a>(it: &mut TlvIter<'a>, tag: Tag, what: &str) -> Result<Tlv<'a>, AaError> {
    let t = it.next().ok_or_else(|| bad(&format!("missing {what}")))?.map_err(|e| bad(&e.to_string()))?;
    if t.tag() != tag {
        return Err(bad(&format!("{what} has tag {}", t.tag())));
    }
    Ok(t)
}

/// Checks that `params` (the DER of a `SpecifiedECDomain` SEQUENCE) describes P-256.
///
/// # Errors
/// [`AaError::KeyEncoding`] for a malformed structure, [`AaError::UnsupportedCurve`] for another curve.
pub(crate) fn check_p256(params: &[u8]) -> Result<(), AaError> {
    let top = Tlv::parse_single(params).map_err(|e| bad(&e.to_string()))?;
    if top.tag() != SEQUENCE {
        return Err(bad("not a SEQUENCE"));
    }
    let mut it = top.children();
    next(&mut it, INTEGER, "version")?;
    let field = next(&mut it, SEQUENCE, "fieldID")?;
    let curve = next(&mut it, SEQUENCE, "curve")?;
    let base = next(&mut it, OCTET_STRING, "base")?;
    let order = next(&mut it, INTEGER, "order")?;
    let cofactor = match it.next() {
        Some(c) => Some(c.map_err(|e| bad(&e.to_string()))?),
        None => None,
    };

    let mut f = field.children();
    let field_type = next(&mut f, OID, "fieldType")?;
    let field_type = ObjectIdentifier::from_bytes(field_type.value()).map_err(|e| bad(&e.to_string()))?;
    if field_type != PRIME_FIELD {
        return Err(AaError::UnsupportedCurve(format!("explicit parameters over field type {field_type}")));
    }
    let prime = next(&mut f, INTEGER, "prime")?;
    let mut c = curve.children();
    let a = next(&mut c, OCTET_STRING, "a")?;
    let b = next(&mut c, OCTET_STRING, "b")?;
    if let Some(seed) = c.next() {
        // The optional seed is informative only; it must still be a BIT STRING.
        if seed.map_err(|e| bad(&e.to_string()))?.tag() != BIT_STRING {
            return Err(bad("curve seed is not a BIT STRING"));
        }
    }

    let p = trim(prime.value());
    if p != P {
        let bits = p.len() * 8 - p.first().map_or(8, |b| b.leading_zeros() as usize);
        return Err(AaError::UnsupportedCurve(format!("explicit parameters over a {bits}-bit prime field, not P-256")));
    }
    let cofactor_ok = cofactor.is_none_or(|c| c.tag() == INTEGER && trim(c.value()) == [1]);
    if trim(a.value()) != trim(&A)
        || trim(b.value()) != trim(&B)
        || !is_generator(base.value())
        || trim(order.value()) != N
        || !cofactor_ok
    {
        return Err(AaError::UnsupportedCurve("explicit parameters over the P-256 field but another curve".into()));
    }
    Ok(())
}

/// Whether `point` is P-256's base point, uncompressed (`04‖x‖y`) or compressed (`02|03‖x`).
fn is_generator(point: &[u8]) -> bool {
    match point.split_first() {
        Some((0x04, xy)) => xy.get(..32) == Some(&GX[..]) && xy.get(32..) == Some(&GY[..]),
        Some((&tag @ (0x02 | 0x03), x)) => x == GX && tag == (0x02 | (GY[31] & 1)),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use p256::elliptic_curve::sec1::ToSec1Point;

    #[test]
    fn constants_match_the_p256_crate() {
        let g = p256::ProjectivePoint::GENERATOR.to_affine();
        let unc = g.to_sec1_point(false);
        assert_eq!(unc.as_bytes().get(1..33), Some(&GX[..]));
        assert_eq!(unc.as_bytes().get(33..), Some(&GY[..]));
        assert!(is_generator(unc.as_bytes()));
        assert!(is_generator(g.to_sec1_point(true).as_bytes()));
        assert!(!is_generator(&[0x04]));
        assert!(!is_generator(&[]));
    }
}
