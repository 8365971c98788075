//! EF.COM: LDS version, Unicode version and the list of data groups present (ICAO 9303-10 §4.6.1).

use cccd_tlv::{Tlv, TlvWriter};
use serde::{Deserialize, Serialize};

use crate::tags::{self, EF_COM, LDS_VERSION, TAG_LIST, UNICODE_VERSION};
use crate::{LdsError, Validation};

const FILE: &str = "EF.COM";

/// `60 { 5F01 "0107", 5F36 "040000", 5C tag list }`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EfCom {
    /// `aabb`: LDS version aa.bb (4 digits).
    pub lds_version: String,
    /// `aabbcc`: Unicode version aa.bb.cc (6 digits).
    pub unicode_version: String,
    /// Outer tags of the data groups present (`61` DG1, `75` DG2, …), as hex.
    #[serde(with = "crate::serde_bin::hex_bytes")]
    pub tag_list: Vec<u8>,
}

impl EfCom {
    /// LDS 1.7, Unicode 4.0.0, listing data groups `numbers` (1–16; others are skipped).
    pub fn for_data_groups(numbers: &[u8]) -> Self {
        Self {
            lds_version: "0107".into(),
            unicode_version: "040000".into(),
            tag_list: numbers.iter().filter_map(|&n| tags::data_group_tag(n)).collect(),
        }
    }

    /// Data group numbers named by the tag list (unknown tags are skipped).
    pub fn data_groups(&self) -> Vec<u8> {
        self.tag_list.iter().filter_map(|&t| tags::data_group_number(t)).collect()
    }

    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::new();
        TlvWriter::new(&mut out).write_constructed(EF_COM, |w| {
            w.write_primitive(LDS_VERSION, self.lds_version.as_bytes());
            w.write_primitive(UNICODE_VERSION, self.unicode_version.as_bytes());
            w.write_primitive(TAG_LIST, &self.tag_list);
        });
        out
    }

    /// Decodes the whole file (`60 …`); the two versions are optional on read (absent → empty).
    ///
    /// # Errors
    /// A TLV error, another outer tag, a missing tag list or non-ASCII versions.
    pub fn decode(bytes: &[u8]) -> Result<Self, LdsError> {
        let tlv = Tlv::parse_single(bytes).map_err(LdsError::tlv(FILE))?;
        if tlv.tag() != EF_COM {
            return Err(LdsError::UnexpectedTag { file: FILE, expected: EF_COM, found: tlv.tag() });
        }
        let text = |tag, what| -> Result<String, LdsError> {
            match tlv.find(tag).map_err(LdsError::tlv(FILE))? {
                Some(t) => match std::str::from_utf8(t.value()) {
                    Ok(s) if s.is_ascii() => Ok(s.to_owned()),
                    _ => Err(LdsError::invalid(FILE, what, "is not ASCII")),
                },
                None => Ok(String::new()),
            }
        };
        let tag_list = tlv
            .find(TAG_LIST)
            .map_err(LdsError::tlv(FILE))?
            .ok_or(LdsError::Missing { file: FILE, what: "tag list (5C)" })?;
        Ok(Self {
            lds_version: text(LDS_VERSION, "LDS version")?,
            unicode_version: text(UNICODE_VERSION, "Unicode version")?,
            tag_list: tag_list.value().to_vec(),
        })
    }

    pub fn validate(&self, v: &mut Validation) {
        let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
        v.check(digits(&self.lds_version, 4), "lds_version", || format!("{:?} must be 4 digits", self.lds_version));
        v.check(digits(&self.unicode_version, 6), "unicode_version", || {
            format!("{:?} must be 6 digits", self.unicode_version)
        });
        for t in &self.tag_list {
            v.check(tags::data_group_number(*t).is_some(), "tag_list", || format!("{t:02X} is not a data group tag"));
        }
        v.check(self.tag_list.contains(&0x61), "tag_list", || "must list DG1 (61)".into());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const VECTOR: &str = "60145F0104303130365F36063034303030305C026175";

    #[test]
    fn part_11_example() {
        let bytes = hex::decode(VECTOR).unwrap();
        let com = EfCom::decode(&bytes).unwrap();
        assert_eq!(com.lds_version, "0106");
        assert_eq!(com.unicode_version, "040000");
        assert_eq!(com.data_groups(), [1, 2]);
        assert_eq!(com.encode(), bytes);
        let mut v = Validation::new();
        com.validate(&mut v);
        assert!(v.is_ok(), "{:?}", v.issues());
        let cccd = EfCom::for_data_groups(&[1, 2, 13, 14, 15]);
        assert_eq!(cccd.tag_list, [0x61, 0x75, 0x6D, 0x6E, 0x6F]);
        assert_eq!(EfCom::decode(&cccd.encode()).unwrap(), cccd);
    }

    #[test]
    fn rejects_other_structures() {
        assert!(matches!(EfCom::decode(&hex::decode("6103020100").unwrap()), Err(LdsError::UnexpectedTag { .. })));
        assert!(matches!(EfCom::decode(&hex::decode("60035F0100").unwrap()), Err(LdsError::Missing { .. })));
        assert!(matches!(EfCom::decode(&[0x60, 0x05, 0x5C]), Err(LdsError::Tlv { .. })));
    }
}
