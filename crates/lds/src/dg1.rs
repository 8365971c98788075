//! DG1: the MRZ as stored on the chip, `61 { 5F1F <MRZ without line breaks> }` (ICAO 9303-10 §4.7.1).

use cccd_tlv::{Tlv, TlvWriter};
use serde::{Deserialize, Serialize};

use crate::mrz::{Mrz, ParsedMrz};
use crate::tags::{DG1, MRZ};
use crate::{LdsError, Validation};

const FILE: &str = "DG1";

/// DG1; TD1 (90 characters), TD2 (72) or TD3 (88), told apart by length.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dg1 {
    pub mrz: Mrz,
}

impl Dg1 {
    /// Writes the MRZ with freshly computed check digits.
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::new();
        TlvWriter::new(&mut out).write_constructed(DG1, |w| {
            w.write_primitive(MRZ, self.mrz.to_text().as_bytes());
        });
        out
    }

    /// Decodes the whole file; check digits are not enforced (see [`Dg1::decode_checked`]).
    ///
    /// # Errors
    /// A TLV error, another outer tag, a missing `5F1F`, or an MRZ [`Mrz::parse`] rejects.
    pub fn decode(bytes: &[u8]) -> Result<Self, LdsError> {
        Self::decode_checked(bytes).map(|p| Self { mrz: p.mrz })
    }

    /// Decodes the whole file and reports every check digit (a verifier shows which one failed).
    ///
    /// # Errors
    /// As [`Dg1::decode`].
    pub fn decode_checked(bytes: &[u8]) -> Result<ParsedMrz, LdsError> {
        let tlv = Tlv::parse_single(bytes).map_err(LdsError::tlv(FILE))?;
        if tlv.tag() != DG1 {
            return Err(LdsError::UnexpectedTag { file: FILE, expected: DG1, found: tlv.tag() });
        }
        let mrz =
            tlv.find(MRZ).map_err(LdsError::tlv(FILE))?.ok_or(LdsError::Missing { file: FILE, what: "MRZ (5F1F)" })?;
        let text = std::str::from_utf8(mrz.value()).map_err(|_| LdsError::invalid(FILE, "MRZ", "is not ASCII"))?;
        Mrz::parse(text)
    }

    pub fn validate(&self, v: &mut Validation) {
        let mut inner = Validation::new();
        self.mrz.validate(&mut inner);
        v.nest("mrz", inner);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mrz::{CheckField, MrzFormat};

    /// Doc 9303-10 App. A.2.1 via pymrtd; its composite digit (4) is wrong (8 recomputed).
    const VECTOR: &str = "615D5F1F5A493C4E4C44584938353933354638363939393939393939303C3C3C3C3C3C3732303831343846313130383236384E4C443C3C3C3C3C3C3C3C3C3C3C3456414E3C4445523C535445454E3C3C4D415249414E4E453C4C4F55495345";

    #[test]
    fn icao_vector_decodes_and_reports_the_bad_composite() {
        let bytes = hex::decode(VECTOR).unwrap();
        let p = Dg1::decode_checked(&bytes).unwrap();
        let m = &p.mrz;
        assert_eq!(m.format, MrzFormat::Td1);
        assert_eq!((m.issuing_state.as_str(), m.document_number.as_str()), ("NLD", "XI85935F8"));
        assert_eq!((m.birth_date.as_str(), m.expiry_date.as_str()), ("720814", "110826"));
        assert_eq!(m.optional_data, "999999990");
        assert_eq!(
            (m.primary_identifier.as_str(), m.secondary_identifier.as_str()),
            ("VAN DER STEEN", "MARIANNE LOUISE")
        );
        let failed: Vec<_> = p.failed().collect();
        assert_eq!(failed.len(), 1);
        assert_eq!((failed[0].field, failed[0].found, failed[0].computed), (CheckField::Composite, '4', Some('8')));
        // Re-encoding writes the correct digit: same bytes except the composite.
        let re = Dg1 { mrz: p.mrz.clone() }.encode();
        let diff: Vec<_> = re.iter().zip(&bytes).enumerate().filter(|(_, (a, b))| a != b).map(|(i, _)| i).collect();
        assert_eq!(diff, [5 + 59]);
    }

    #[test]
    fn round_trip_and_errors() {
        let bytes = hex::decode(VECTOR).unwrap();
        let dg1 = Dg1::decode(&bytes).unwrap();
        assert_eq!(Dg1::decode(&dg1.encode()).unwrap(), dg1);
        assert!(Dg1::decode(&hex::decode("6103020100").unwrap()).is_err());
        assert!(Dg1::decode(&hex::decode("61055F1F024142").unwrap()).is_err());
        assert!(matches!(Dg1::decode(&hex::decode("6200").unwrap()), Err(LdsError::UnexpectedTag { .. })));
    }
}
