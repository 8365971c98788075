//! EF.DOCINDEX (FID `0200`, SFI `1E`): which documents the card holds, so a reader selects only those files.

use cccd_lds::Validation;
use cccd_tlv::{Tlv, TlvWriter};

use crate::doc_type::{INDEX_LIST, INDEX_TAG};
use crate::{DocumentError, DocumentType};

/// `70 { 5C <one byte per present document type code> }`.
///
/// Codes are kept as read, known or not, so a newer card's index survives a round trip.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct DocumentIndex {
    pub codes: Vec<u8>,
}

impl DocumentIndex {
    /// The index of `types`, in code order, each once.
    pub fn new(types: impl IntoIterator<Item = DocumentType>) -> Self {
        let mut codes: Vec<u8> = types.into_iter().map(DocumentType::code).collect();
        codes.sort_unstable();
        codes.dedup();
        Self { codes }
    }

    /// The listed types this version knows, in the order listed.
    pub fn types(&self) -> Vec<DocumentType> {
        self.codes.iter().filter_map(|c| DocumentType::from_code(*c)).collect()
    }

    pub fn contains(&self, ty: DocumentType) -> bool {
        self.codes.contains(&ty.code())
    }

    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::new();
        TlvWriter::new(&mut out).write_constructed(INDEX_TAG, |w| {
            w.write_primitive(INDEX_LIST.tag, &self.codes);
        });
        out
    }

    /// Reads the index (padding around it allowed; other objects inside the template are ignored).
    pub fn decode(bytes: &[u8]) -> Result<Self, DocumentError> {
        const NAME: &str = "index";
        let tlv_err = |source| DocumentError::Tlv { document: NAME, source };
        let template = Tlv::parse_single(bytes).map_err(tlv_err)?;
        if template.tag() != INDEX_TAG {
            return Err(DocumentError::UnexpectedTag { document: NAME, expected: INDEX_TAG, found: template.tag() });
        }
        let list = template
            .find(INDEX_LIST.tag)
            .map_err(tlv_err)?
            .ok_or(DocumentError::Missing { document: NAME, element: INDEX_LIST.name })?;
        Ok(Self { codes: list.value().to_vec() })
    }

    /// Known codes, each once, in ascending order; issues under `documents.index.codes`.
    pub fn validate(&self, v: &mut Validation) {
        const PATH: &str = "documents.index.codes";
        for (i, code) in self.codes.iter().enumerate() {
            let at = format!("{PATH}[{i}]");
            v.check(DocumentType::from_code(*code).is_some(), at.clone(), || {
                format!("{code} is not a document type code (1–8)")
            });
            if let Some(prev) = i.checked_sub(1).and_then(|p| self.codes.get(p)) {
                v.check(code > prev, at, || format!("{code} follows {prev}; codes are listed once, ascending"));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_like_the_image_crate_reads() {
        let index = DocumentIndex::new([DocumentType::DrivingLicence, DocumentType::HealthInsurance]);
        assert_eq!(index.encode(), [0x70, 0x04, 0x5C, 0x02, 0x01, 0x03]);
        assert_eq!(DocumentIndex::decode(&index.encode()).unwrap(), index);
        assert_eq!(index.types(), [DocumentType::HealthInsurance, DocumentType::DrivingLicence]);
        assert!(index.contains(DocumentType::DrivingLicence) && !index.contains(DocumentType::Passport));
        let mut v = Validation::new();
        index.validate(&mut v);
        assert!(v.is_ok());
    }

    #[test]
    fn bad_indexes() {
        assert!(matches!(DocumentIndex::decode(&[0x71, 0x00]), Err(DocumentError::UnexpectedTag { .. })));
        assert!(matches!(DocumentIndex::decode(&[0x70, 0x00]), Err(DocumentError::Missing { .. })));
        assert!(matches!(DocumentIndex::decode(&[0x70, 0x05]), Err(DocumentError::Tlv { .. })));
        let index = DocumentIndex { codes: vec![3, 9, 1, 1] };
        let mut v = Validation::new();
        index.validate(&mut v);
        let issues: Vec<String> = v.issues().iter().map(ToString::to_string).collect();
        assert_eq!(
            issues,
            [
                "documents.index.codes[1]: 9 is not a document type code (1–8)",
                "documents.index.codes[2]: 1 follows 9; codes are listed once, ascending",
                "documents.index.codes[3]: 1 follows 1; codes are listed once, ascending",
            ]
        );
    }
}
