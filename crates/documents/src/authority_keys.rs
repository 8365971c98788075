//! The authority keys a card holds to check documents written after issuance (PUT DATA `00F7` at
//! personalization): which public key may sign which document types.
//!
//! `E0 { 5C <document type codes>, 86 <SEC1 uncompressed P-256 point, 65 bytes> }`, repeated once per
//! authority. The card keeps the list as received and checks a new document's signature (ECDSA P-256 with
//! SHA-256 over header‖body as encoded) against the keys allowed for its type.

use cccd_tlv::{Tag, Tlv, TlvIter, TlvWriter};

use crate::{DocumentError, DocumentType};

const ENTRY_TAG: Tag = Tag::from_u32(0xE0);
const TYPES_TAG: Tag = Tag::from_u32(0x5C);
const KEY_TAG: Tag = Tag::from_u32(0x86);
/// An uncompressed P-256 point: `04 ‖ X ‖ Y`.
pub const AUTHORITY_KEY_LEN: usize = 65;
const NAME: &str = "authority keys";

/// One authority's public key and the document types it signs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuthorityKey {
    pub types: Vec<DocumentType>,
    /// SEC1 uncompressed P-256 point.
    pub public_key: Vec<u8>,
}

/// Every authority key installed on a card.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AuthorityKeys {
    pub keys: Vec<AuthorityKey>,
}

impl AuthorityKeys {
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::new();
        let mut w = TlvWriter::new(&mut out);
        for key in &self.keys {
            let codes: Vec<u8> = key.types.iter().map(|t| t.code()).collect();
            w.write_constructed(ENTRY_TAG, |w| {
                w.write_primitive(TYPES_TAG, &codes);
                w.write_primitive(KEY_TAG, &key.public_key);
            });
        }
        out
    }

    /// The list as the card receives it; every entry needs known type codes and a 65-byte uncompressed point.
    pub fn decode(bytes: &[u8]) -> Result<Self, DocumentError> {
        let tlv_err = |source| DocumentError::Tlv { document: NAME, source };
        let mut keys = Vec::new();
        for entry in TlvIter::new(bytes) {
            let entry = entry.map_err(tlv_err)?;
            if entry.tag() != ENTRY_TAG {
                return Err(DocumentError::UnexpectedTag { document: NAME, expected: ENTRY_TAG, found: entry.tag() });
            }
            let field = |tag: Tag, name: &'static str| -> Result<Tlv<'_>, DocumentError> {
                entry.find(tag).map_err(tlv_err)?.ok_or(DocumentError::Missing { document: NAME, element: name })
            };
            let types = field(TYPES_TAG, "document_types")?
                .value()
                .iter()
                .map(|c| {
                    DocumentType::from_code(*c).ok_or_else(|| DocumentError::Invalid {
                        document: NAME,
                        element: "document_types",
                        reason: format!("{c} is not a document type code"),
                    })
                })
                .collect::<Result<Vec<_>, _>>()?;
            let public_key = field(KEY_TAG, "public_key")?.value().to_vec();
            if public_key.len() != AUTHORITY_KEY_LEN || public_key[0] != 0x04 {
                return Err(DocumentError::Invalid {
                    document: NAME,
                    element: "public_key",
                    reason: "not an uncompressed P-256 point".into(),
                });
            }
            keys.push(AuthorityKey { types, public_key });
        }
        Ok(Self { keys })
    }

    /// The keys allowed to sign documents of type `ty`.
    pub fn for_type(&self, ty: DocumentType) -> impl Iterator<Item = &[u8]> {
        self.keys.iter().filter(move |k| k.types.contains(&ty)).map(|k| k.public_key.as_slice())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_refusals() {
        let mut point = vec![0x04];
        point.extend_from_slice(&[0xAB; 64]);
        let keys = AuthorityKeys {
            keys: vec![
                AuthorityKey { types: vec![DocumentType::Tax], public_key: point.clone() },
                AuthorityKey {
                    types: vec![DocumentType::DrivingLicence, DocumentType::VehicleRegistration],
                    public_key: point.clone(),
                },
            ],
        };
        let bytes = keys.encode();
        assert_eq!(&bytes[..6], &[0xE0, 0x46, 0x5C, 0x01, 0x02, 0x86]);
        assert_eq!(AuthorityKeys::decode(&bytes).unwrap(), keys);
        assert_eq!(keys.for_type(DocumentType::VehicleRegistration).count(), 1);
        assert_eq!(keys.for_type(DocumentType::Passport).count(), 0);
        assert!(AuthorityKeys::decode(&bytes[..bytes.len() - 1]).is_err());
        let mut bad = bytes.clone();
        bad[4] = 9; // type code 9
        assert!(AuthorityKeys::decode(&bad).is_err());
        let mut compressed = bytes.clone();
        compressed[7] = 0x02;
        assert!(AuthorityKeys::decode(&compressed).is_err());
        assert!(AuthorityKeys::decode(&[0x70, 0x00]).is_err());
        assert_eq!(AuthorityKeys::decode(&[]).unwrap(), AuthorityKeys::default());
    }
}
