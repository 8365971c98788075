//! DG15: the Active Authentication public key, `6F L SubjectPublicKeyInfo` (ICAO 9303-10 §4.7.15).

use cccd_tlv::{Tag, Tlv, TlvWriter};

use crate::{AaError, AaPublicKey};

const FILE: &str = "DG15";
/// DG15's outer tag.
pub const DG15_TAG: Tag = Tag::from_u32(0x6F);

/// DG15 decoded: the key, and the SubjectPublicKeyInfo exactly as the file holds it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Dg15 {
    /// The AA public key.
    pub public_key: AaPublicKey,
    /// The DER SubjectPublicKeyInfo as read (or as encoded by [`Dg15::new`]); written back unchanged.
    pub spki: Vec<u8>,
}

impl Dg15 {
    /// DG15 for `public_key` (EC keys get a named-curve SPKI).
    ///
    /// # Errors
    /// [`AaError::KeyEncoding`] if the key cannot be encoded.
    pub fn new(public_key: AaPublicKey) -> Result<Self, AaError> {
        let spki = public_key.to_spki_der()?;
        Ok(Self { public_key, spki })
    }

    /// The file bytes `6F L SPKI`.
    #[must_use]
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.spki.len() + 4);
        TlvWriter::new(&mut out).write_primitive(DG15_TAG, &self.spki);
        out
    }

    /// Decodes the whole file (`6F …`, `00`/`FF` padding after it allowed) and its key.
    ///
    /// # Errors
    /// As [`Dg15::spki_of`], then as [`AaPublicKey::from_spki_der`] for the key.
    pub fn decode(bytes: &[u8]) -> Result<Self, AaError> {
        let spki = Self::spki_of(bytes)?;
        let public_key = AaPublicKey::from_spki_der(spki)?;
        Ok(Self { public_key, spki: spki.to_vec() })
    }

    /// The SPKI bytes of a DG15 file without interpreting the key, for reporting keys this crate cannot use.
    ///
    /// # Errors
    /// A TLV error, another outer tag, or a value that is not one SEQUENCE.
    pub fn spki_of(bytes: &[u8]) -> Result<&[u8], AaError> {
        let tlv = Tlv::parse_single(bytes).map_err(AaError::tlv(FILE))?;
        if tlv.tag() != DG15_TAG {
            return Err(AaError::UnexpectedTag { file: FILE, expected: DG15_TAG, found: tlv.tag() });
        }
        let value = tlv.value();
        let (inner, rest) = Tlv::parse(value).map_err(AaError::tlv(FILE))?;
        if inner.tag() != Tag::from_u32(0x30) || !rest.is_empty() {
            return Err(AaError::invalid(FILE, "value", "is not exactly one SubjectPublicKeyInfo SEQUENCE"));
        }
        Ok(value)
    }
}
