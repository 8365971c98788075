//! DG2: the holder's face in the ICAO biometric template (ICAO 9303-10 §4.7.2, ISO/IEC 7816-11):
//! `75 { 7F61 { 02 count, 7F60 { A1 header, 5F2E face record } … } }`.

use cccd_tlv::{Tag, Tlv, TlvWriter};
use serde::{Deserialize, Serialize};

use crate::face::{FaceImage, FaceRecord, IMAGE_DATA_JPEG};
use crate::tags::{
    BHT_VERSION, BIOMETRIC_DATA, BIOMETRIC_DATA_CONSTRUCTED, BIOMETRIC_GROUP, BIOMETRIC_HEADER, BIOMETRIC_INFO,
    BIOMETRIC_SUBTYPE, BIOMETRIC_TYPE, CREATION_DATE_TIME, CREATOR, DG2, FORMAT_OWNER, FORMAT_TYPE, INSTANCE_COUNT,
    VALIDITY_PERIOD,
};
use crate::{LdsError, Validation};

const FILE: &str = "DG2";

/// CBEFF biometric type "facial features".
pub const BIOMETRIC_TYPE_FACE: u32 = 0x02;
/// Format owner ISO/IEC JTC 1/SC 37.
pub const FORMAT_OWNER_SC37: u16 = 0x0101;
/// Format type "face image" (ISO/IEC 19794-5).
pub const FORMAT_TYPE_FACE: u16 = 0x0008;

/// The biometric header template `A1`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BiometricHeader {
    /// `80`: ICAO header version (`0101`).
    pub version: Option<u16>,
    /// `81`: biometric type (1–3 bytes; 2 = face).
    pub biometric_type: Option<u32>,
    /// `82`: biometric subtype.
    pub subtype: Option<u8>,
    /// `83`: creation date and time, 7 bytes `CCYYMMDDhhmmss` (hex).
    #[serde(default, with = "crate::serde_bin::opt_hex_bytes")]
    pub creation_date_time: Option<Vec<u8>>,
    /// `85`: validity period, 8 bytes `CCYYMMDD` from ‖ to (hex).
    #[serde(default, with = "crate::serde_bin::opt_hex_bytes")]
    pub validity_period: Option<Vec<u8>>,
    /// `86`: creator (PID) of the biometric reference data (hex).
    #[serde(default, with = "crate::serde_bin::opt_hex_bytes")]
    pub creator: Option<Vec<u8>>,
    /// `87`: format owner (mandatory).
    pub format_owner: u16,
    /// `88`: format type (mandatory).
    pub format_type: u16,
}

impl Default for BiometricHeader {
    /// What DG2 writes for a 19794-5 face: version 1.1, type face, SC 37 / face image.
    fn default() -> Self {
        Self {
            version: Some(0x0101),
            biometric_type: Some(BIOMETRIC_TYPE_FACE),
            subtype: None,
            creation_date_time: None,
            validity_period: None,
            creator: None,
            format_owner: FORMAT_OWNER_SC37,
            format_type: FORMAT_TYPE_FACE,
        }
    }
}

/// One biometric information template `7F60`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FaceInfo {
    pub header: BiometricHeader,
    pub record: FaceRecord,
    /// Whether the data block was read from `7F2E` (written back the same way).
    #[serde(default)]
    pub constructed_data_tag: bool,
}

/// DG2.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dg2 {
    pub faces: Vec<FaceInfo>,
}

/// Big-endian unsigned value of 1–4 bytes.
fn uint(bytes: &[u8]) -> Option<u32> {
    (!bytes.is_empty() && bytes.len() <= 4).then(|| bytes.iter().fold(0u32, |acc, &b| (acc << 8) | u32::from(b)))
}

/// Minimal big-endian bytes of `v` (at least one).
fn min_bytes(v: u32) -> Vec<u8> {
    let b = v.to_be_bytes();
    let skip = b.iter().take(3).take_while(|&&x| x == 0).count();
    b.get(skip..).unwrap_or_default().to_vec()
}

impl Dg2 {
    /// One full-frontal JPEG portrait with the default header.
    pub fn from_jpeg(jpeg: Vec<u8>, width: u16, height: u16) -> Self {
        let record = FaceRecord { images: vec![FaceImage::jpeg(jpeg, width, height)] };
        Self { faces: vec![FaceInfo { header: BiometricHeader::default(), record, constructed_data_tag: false }] }
    }

    /// The first face image (the portrait readers display).
    pub fn portrait(&self) -> Option<&FaceImage> {
        self.faces.first()?.record.images.first()
    }

    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::new();
        TlvWriter::new(&mut out).write_constructed(DG2, |w| {
            w.write_constructed(BIOMETRIC_GROUP, |w| {
                w.write_primitive(INSTANCE_COUNT, &min_bytes(u32::try_from(self.faces.len()).unwrap_or(u32::MAX)));
                for face in &self.faces {
                    w.write_constructed(BIOMETRIC_INFO, |w| {
                        let h = &face.header;
                        w.write_constructed(BIOMETRIC_HEADER, |w| {
                            if let Some(v) = h.version {
                                w.write_primitive(BHT_VERSION, &v.to_be_bytes());
                            }
                            if let Some(t) = h.biometric_type {
                                w.write_primitive(BIOMETRIC_TYPE, &min_bytes(t));
                            }
                            if let Some(s) = h.subtype {
                                w.write_primitive(BIOMETRIC_SUBTYPE, &[s]);
                            }
                            for (tag, value) in [
                                (CREATION_DATE_TIME, &h.creation_date_time),
                                (VALIDITY_PERIOD, &h.validity_period),
                                (CREATOR, &h.creator),
                            ] {
                                if let Some(v) = value {
                                    w.write_primitive(tag, v);
                                }
                            }
                            w.write_primitive(FORMAT_OWNER, &h.format_owner.to_be_bytes());
                            w.write_primitive(FORMAT_TYPE, &h.format_type.to_be_bytes());
                        });
                        let tag = if face.constructed_data_tag { BIOMETRIC_DATA_CONSTRUCTED } else { BIOMETRIC_DATA };
                        w.write_primitive(tag, &face.record.encode());
                    });
                }
            });
        });
        out
    }

    /// Decodes the whole file. Templates are found by tag; the instance count is not trusted (the templates
    /// present are read). Unknown header elements are skipped.
    ///
    /// # Errors
    /// TLV errors, a missing mandatory element, or a face record [`FaceRecord::decode`] rejects.
    pub fn decode(bytes: &[u8]) -> Result<Self, LdsError> {
        let err = LdsError::tlv(FILE);
        let tlv = Tlv::parse_single(bytes).map_err(&err)?;
        if tlv.tag() != DG2 {
            return Err(LdsError::UnexpectedTag { file: FILE, expected: DG2, found: tlv.tag() });
        }
        let group = tlv.find(BIOMETRIC_GROUP).map_err(&err)?.ok_or(LdsError::Missing { file: FILE, what: "7F61" })?;
        let mut faces = Vec::new();
        for child in group.children() {
            let info = child.map_err(&err)?;
            if info.tag() != BIOMETRIC_INFO {
                continue;
            }
            faces.push(Self::decode_info(&info)?);
        }
        if faces.is_empty() {
            return Err(LdsError::Missing { file: FILE, what: "biometric information template (7F60)" });
        }
        Ok(Self { faces })
    }

    fn decode_info(info: &Tlv<'_>) -> Result<FaceInfo, LdsError> {
        let err = LdsError::tlv(FILE);
        let bht = info.find(BIOMETRIC_HEADER).map_err(&err)?.ok_or(LdsError::Missing { file: FILE, what: "A1" })?;
        let get = |tag: Tag| -> Result<Option<&[u8]>, LdsError> { Ok(bht.find(tag).map_err(&err)?.map(|t| t.value())) };
        let fixed = |tag: Tag, what: &'static str| -> Result<Option<u16>, LdsError> {
            get(tag)?
                .map(|v| {
                    <[u8; 2]>::try_from(v)
                        .map(u16::from_be_bytes)
                        .map_err(|_| LdsError::invalid(FILE, what, format!("{} bytes, expected 2", v.len())))
                })
                .transpose()
        };
        let header = BiometricHeader {
            version: fixed(BHT_VERSION, "header version (80)")?,
            biometric_type: get(BIOMETRIC_TYPE)?.and_then(uint),
            subtype: get(BIOMETRIC_SUBTYPE)?.and_then(|v| v.first().copied()),
            creation_date_time: get(CREATION_DATE_TIME)?.map(<[u8]>::to_vec),
            validity_period: get(VALIDITY_PERIOD)?.map(<[u8]>::to_vec),
            creator: get(CREATOR)?.map(<[u8]>::to_vec),
            format_owner: fixed(FORMAT_OWNER, "format owner (87)")?
                .ok_or(LdsError::Missing { file: FILE, what: "format owner (87)" })?,
            format_type: fixed(FORMAT_TYPE, "format type (88)")?
                .ok_or(LdsError::Missing { file: FILE, what: "format type (88)" })?,
        };
        let (block, constructed) = match info.find(BIOMETRIC_DATA).map_err(&err)? {
            Some(b) => (b, false),
            None => (
                info.find(BIOMETRIC_DATA_CONSTRUCTED)
                    .map_err(&err)?
                    .ok_or(LdsError::Missing { file: FILE, what: "biometric data block (5F2E/7F2E)" })?,
                true,
            ),
        };
        let record = FaceRecord::decode(block.value())?;
        Ok(FaceInfo { header, record, constructed_data_tag: constructed })
    }

    /// At least one face; 19794-5 face format; a JPEG image whose SOF dimensions match the record.
    pub fn validate(&self, v: &mut Validation) {
        v.check(!self.faces.is_empty(), "faces", || "at least one face is required".into());
        for (i, face) in self.faces.iter().enumerate() {
            let h = &face.header;
            v.check(
                h.format_owner == FORMAT_OWNER_SC37 && h.format_type == FORMAT_TYPE_FACE,
                format!("faces[{i}].header"),
                || {
                    format!(
                        "format {:04X}/{:04X} is not ISO/IEC 19794-5 face (0101/0008)",
                        h.format_owner, h.format_type
                    )
                },
            );
            v.check(!face.record.images.is_empty(), format!("faces[{i}].record"), || "has no image".into());
            for (j, img) in face.record.images.iter().enumerate() {
                let path = format!("faces[{i}].record.images[{j}]");
                v.check(img.image_data_type == IMAGE_DATA_JPEG, &path, || "image data type must be JPEG (0)".into());
                match crate::portrait::jpeg_dimensions(&img.image) {
                    Some(dims) => v.check(dims == (img.width, img.height), &path, || {
                        format!("record says {}×{}, the JPEG is {}×{}", img.width, img.height, dims.0, dims.1)
                    }),
                    None => v.fail(&path, "image is not a baseline/progressive JPEG with a SOF segment"),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::portrait::synthetic_portrait;

    #[test]
    fn encode_decode_with_a_generated_portrait() {
        let jpeg = synthetic_portrait(7, 240, 320).unwrap();
        let dg2 = Dg2::from_jpeg(jpeg.clone(), 240, 320);
        let bytes = dg2.encode();
        assert_eq!(bytes[0], 0x75);
        let back = Dg2::decode(&bytes).unwrap();
        assert_eq!(back, dg2);
        assert_eq!(back.portrait().unwrap().image, jpeg);
        let mut v = Validation::new();
        back.validate(&mut v);
        assert!(v.is_ok(), "{:?}", v.issues());
        // The header as ICAO writes it: A1 { 80 02 0101, 81 01 02, 87 02 0101, 88 02 0008 }, then 5F2E.
        let start = bytes.windows(2).position(|w| w == [0xA1, 0x0F]).unwrap();
        assert_eq!(
            hex::encode_upper(&bytes[start..start + 19]),
            "A10F800201018101028702010188020008".to_owned() + "5F2E"
        );
    }

    #[test]
    fn accepts_7f2e_and_rejects_garbage() {
        let mut dg2 = Dg2::from_jpeg(vec![0xFF, 0xD8, 0xFF, 0xD9], 1, 1);
        dg2.faces[0].constructed_data_tag = true;
        let bytes = dg2.encode();
        assert!(bytes.windows(2).any(|w| w == [0x7F, 0x2E]));
        assert_eq!(Dg2::decode(&bytes).unwrap(), dg2);
        let mut v = Validation::new();
        dg2.validate(&mut v);
        assert!(!v.is_ok());
        assert!(Dg2::decode(&hex::decode("7500").unwrap()).is_err());
        assert!(Dg2::decode(&hex::decode("75047F610100").unwrap()).is_err());
    }
}
