//! Object identifiers of Active Authentication and of the keys it uses (ICAO 9303-11, BSI TR-03111).

use const_oid::ObjectIdentifier;

/// id-icao-mrtd-security-aaProtocolObject: the protocol of an ActiveAuthenticationInfo in DG14.
pub const ID_AA: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.23.136.1.1.5");

/// BSI TR-03111 ecdsa-plain-SHA1: plain r‖s signatures over SHA-1.
pub const ECDSA_PLAIN_SHA1: ObjectIdentifier = ObjectIdentifier::new_unwrap("0.4.0.127.0.7.1.1.4.1.1");
/// ecdsa-plain-SHA224.
pub const ECDSA_PLAIN_SHA224: ObjectIdentifier = ObjectIdentifier::new_unwrap("0.4.0.127.0.7.1.1.4.1.2");
/// ecdsa-plain-SHA256: what a P-256 AA chip names in DG14.
pub const ECDSA_PLAIN_SHA256: ObjectIdentifier = ObjectIdentifier::new_unwrap("0.4.0.127.0.7.1.1.4.1.3");
/// ecdsa-plain-SHA384.
pub const ECDSA_PLAIN_SHA384: ObjectIdentifier = ObjectIdentifier::new_unwrap("0.4.0.127.0.7.1.1.4.1.4");
/// ecdsa-plain-SHA512.
pub const ECDSA_PLAIN_SHA512: ObjectIdentifier = ObjectIdentifier::new_unwrap("0.4.0.127.0.7.1.1.4.1.5");

/// ANSI X9.62 ecdsa-with-SHA1 (some chips name the X9.62 OIDs in DG14 instead of the plain ones).
pub const ECDSA_WITH_SHA1: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.4.1");
/// ecdsa-with-SHA224.
pub const ECDSA_WITH_SHA224: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.4.3.1");
/// ecdsa-with-SHA256.
pub const ECDSA_WITH_SHA256: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.4.3.2");
/// ecdsa-with-SHA384.
pub const ECDSA_WITH_SHA384: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.4.3.3");
/// ecdsa-with-SHA512.
pub const ECDSA_WITH_SHA512: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.4.3.4");

/// id-ecPublicKey (RFC 5480).
pub const ID_EC_PUBLIC_KEY: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.2.1");
/// secp256r1 / prime256v1 / NIST P-256.
pub const SECP256R1: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.3.1.7");
/// prime-field, the field type of explicit EC domain parameters.
pub const PRIME_FIELD: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.1.1");
/// rsaEncryption (PKCS #1).
pub const RSA_ENCRYPTION: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.1");

/// A readable name for error messages: the OID database's name when known, else the dotted form.
pub(crate) fn describe(oid: &ObjectIdentifier) -> String {
    match const_oid::db::DB.by_oid(oid) {
        Some(name) => format!("{name} ({oid})"),
        None => oid.to_string(),
    }
}
