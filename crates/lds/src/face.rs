//! The ISO/IEC 19794-5:2005 face image record that DG2's biometric data block carries: general header
//! (`FAC\0`, `010\0`, record length, number of images), then per image the facial information block, feature
//! points and image information, followed by the JPEG or JPEG 2000 data.

use serde::{Deserialize, Serialize};

use crate::LdsError;

const FILE: &str = "DG2";
const FORMAT_ID: &[u8; 4] = b"FAC\0";
const VERSION: &[u8; 4] = b"010\0";
const GENERAL_HEADER_LEN: usize = 14;
/// Facial information block (20) + image information (12), without feature points or image data.
const FIXED_IMAGE_LEN: usize = 32;

/// Image data type (19794-5 §5.7.2): JPEG.
pub const IMAGE_DATA_JPEG: u8 = 0;
/// Image data type: JPEG 2000.
pub const IMAGE_DATA_JPEG2000: u8 = 1;

/// A face record: one or more face images.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FaceRecord {
    pub images: Vec<FaceImage>,
}

/// A feature point (19794-5 §5.6.3): type, MPEG-4 code (major << 4 | minor), pixel position.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeaturePoint {
    pub kind: u8,
    pub code: u8,
    pub x: u16,
    pub y: u16,
}

/// One facial record data block. Codes are kept as the standard numbers them so that nothing is lost.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FaceImage {
    /// 0 unspecified, 1 male, 2 female, 0xFF unknown.
    pub gender: u8,
    /// 0 unspecified, 1 black, 2 blue, 3 brown, 4 grey, 5 green, 6 multi-coloured, 7 pink, 0xFF other.
    pub eye_colour: u8,
    /// 0 unspecified, 1 bald, 2 black, 3 blonde, 4 brown, 5 grey, 6 white, 7 red, 0xFF unknown.
    pub hair_colour: u8,
    /// 24-bit feature mask.
    pub feature_mask: u32,
    /// 0 unspecified, 1 neutral, 2 smile closed jaw, …
    pub expression: u16,
    /// Yaw, pitch, roll (encoded; 0 = unspecified).
    pub pose_angle: [u8; 3],
    pub pose_angle_uncertainty: [u8; 3],
    pub feature_points: Vec<FeaturePoint>,
    /// 0 basic, 1 full frontal, 2 token frontal.
    pub face_image_type: u8,
    /// [`IMAGE_DATA_JPEG`] or [`IMAGE_DATA_JPEG2000`].
    pub image_data_type: u8,
    pub width: u16,
    pub height: u16,
    /// 0 unspecified, 1 RGB24, 2 YUV422, 3 greyscale 8-bit, 4 other.
    pub colour_space: u8,
    /// 0 unspecified, 1 static photo unknown source, 2 digital still camera, 3 scanner, 4–6 video frames.
    pub source_type: u8,
    pub device_type: u16,
    pub quality: u16,
    /// The encoded image (base64 in JSON).
    #[serde(with = "crate::serde_bin::base64_bytes")]
    pub image: Vec<u8>,
}

impl FaceImage {
    /// A full-frontal portrait from a digital camera, JPEG, RGB, everything else unspecified.
    pub fn jpeg(image: Vec<u8>, width: u16, height: u16) -> Self {
        Self {
            gender: 0,
            eye_colour: 0,
            hair_colour: 0,
            feature_mask: 0,
            expression: 0,
            pose_angle: [0; 3],
            pose_angle_uncertainty: [0; 3],
            feature_points: Vec::new(),
            face_image_type: 1,
            image_data_type: IMAGE_DATA_JPEG,
            width,
            height,
            colour_space: 1,
            source_type: 2,
            device_type: 0,
            quality: 0,
            image,
        }
    }

    fn block_len(&self) -> usize {
        FIXED_IMAGE_LEN + 8 * self.feature_points.len() + self.image.len()
    }

    fn encode_into(&self, out: &mut Vec<u8>) {
        // The block length counts itself (4 bytes) and everything up to the end of the image data.
        out.extend_from_slice(&u32::try_from(self.block_len()).unwrap_or(u32::MAX).to_be_bytes());
        out.extend_from_slice(&u16::try_from(self.feature_points.len()).unwrap_or(u16::MAX).to_be_bytes());
        out.extend_from_slice(&[self.gender, self.eye_colour, self.hair_colour]);
        out.extend_from_slice(self.feature_mask.to_be_bytes().get(1..).unwrap_or_default());
        out.extend_from_slice(&self.expression.to_be_bytes());
        out.extend_from_slice(&self.pose_angle);
        out.extend_from_slice(&self.pose_angle_uncertainty);
        for p in &self.feature_points {
            out.extend_from_slice(&[p.kind, p.code]);
            out.extend_from_slice(&p.x.to_be_bytes());
            out.extend_from_slice(&p.y.to_be_bytes());
            out.extend_from_slice(&[0, 0]);
        }
        out.extend_from_slice(&[self.face_image_type, self.image_data_type]);
        out.extend_from_slice(&self.width.to_be_bytes());
        out.extend_from_slice(&self.height.to_be_bytes());
        out.extend_from_slice(&[self.colour_space, self.source_type]);
        out.extend_from_slice(&self.device_type.to_be_bytes());
        out.extend_from_slice(&self.quality.to_be_bytes());
        out.extend_from_slice(&self.image);
    }

    fn decode(r: &mut Reader<'_>) -> Result<Self, LdsError> {
        let start = r.pos;
        let block_len = r.u32()? as usize;
        let points = usize::from(r.u16()?);
        let [gender, eye_colour, hair_colour] = r.array::<3>()?;
        let [m0, m1, m2] = r.array::<3>()?;
        let expression = r.u16()?;
        let pose_angle = r.array::<3>()?;
        let pose_angle_uncertainty = r.array::<3>()?;
        let mut feature_points = Vec::with_capacity(points.min(64));
        for _ in 0..points {
            let [kind, code] = r.array::<2>()?;
            let (x, y) = (r.u16()?, r.u16()?);
            r.take(2)?;
            feature_points.push(FeaturePoint { kind, code, x, y });
        }
        let [face_image_type, image_data_type] = r.array::<2>()?;
        let (width, height) = (r.u16()?, r.u16()?);
        let [colour_space, source_type] = r.array::<2>()?;
        let (device_type, quality) = (r.u16()?, r.u16()?);
        let used = r.pos - start;
        let image_len = block_len.checked_sub(used).ok_or_else(|| {
            LdsError::invalid(FILE, "face image block", format!("length {block_len} < header {used}"))
        })?;
        let image = r.take(image_len)?.to_vec();
        Ok(Self {
            gender,
            eye_colour,
            hair_colour,
            feature_mask: u32::from_be_bytes([0, m0, m1, m2]),
            expression,
            pose_angle,
            pose_angle_uncertainty,
            feature_points,
            face_image_type,
            image_data_type,
            width,
            height,
            colour_space,
            source_type,
            device_type,
            quality,
            image,
        })
    }
}

/// Bounds-checked big-endian reads.
struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], LdsError> {
        let end = self.pos.checked_add(n).filter(|&e| e <= self.bytes.len());
        let slice = end.and_then(|e| self.bytes.get(self.pos..e)).ok_or_else(|| {
            LdsError::invalid(
                FILE,
                "face record",
                format!("ends at {} but {n} more bytes are needed", self.bytes.len()),
            )
        })?;
        self.pos += n;
        Ok(slice)
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N], LdsError> {
        let mut a = [0u8; N];
        a.copy_from_slice(self.take(N)?);
        Ok(a)
    }

    fn u16(&mut self) -> Result<u16, LdsError> {
        Ok(u16::from_be_bytes(self.array()?))
    }

    fn u32(&mut self) -> Result<u32, LdsError> {
        Ok(u32::from_be_bytes(self.array()?))
    }
}

impl FaceRecord {
    pub fn encode(&self) -> Vec<u8> {
        let body: usize = self.images.iter().map(FaceImage::block_len).sum();
        let mut out = Vec::with_capacity(GENERAL_HEADER_LEN + body);
        out.extend_from_slice(FORMAT_ID);
        out.extend_from_slice(VERSION);
        out.extend_from_slice(&u32::try_from(GENERAL_HEADER_LEN + body).unwrap_or(u32::MAX).to_be_bytes());
        out.extend_from_slice(&u16::try_from(self.images.len()).unwrap_or(u16::MAX).to_be_bytes());
        for image in &self.images {
            image.encode_into(&mut out);
        }
        out
    }

    /// Decodes a record; the format identifier must be `FAC\0` (any version is read with the 2005 layout).
    ///
    /// # Errors
    /// [`LdsError::Invalid`] for another format or lengths that run past the data.
    pub fn decode(bytes: &[u8]) -> Result<Self, LdsError> {
        let mut r = Reader { bytes, pos: 0 };
        if r.take(4)? != FORMAT_ID {
            return Err(LdsError::invalid(FILE, "face record", "does not start with FAC\\0"));
        }
        r.take(4)?;
        let _record_len = r.u32()?;
        let count = r.u16()?;
        let images = (0..count).map(|_| FaceImage::decode(&mut r)).collect::<Result<_, _>>()?;
        Ok(Self { images })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layout_matches_19794_5() {
        let mut img = FaceImage::jpeg(vec![0xFF, 0xD8, 0xFF, 0xD9], 240, 320);
        img.feature_points.push(FeaturePoint { kind: 1, code: 0x31, x: 100, y: 120 });
        let rec = FaceRecord { images: vec![img] };
        let bytes = rec.encode();
        assert_eq!(&bytes[..8], b"FAC\x00010\x00");
        let total = 14 + 20 + 8 + 12 + 4;
        assert_eq!(bytes.len(), total);
        assert_eq!(&bytes[8..12], &(total as u32).to_be_bytes());
        assert_eq!(&bytes[12..14], &[0, 1]);
        assert_eq!(&bytes[14..18], &((total - 14) as u32).to_be_bytes());
        // Image information: full frontal, JPEG, 240 × 320.
        assert_eq!(&bytes[42..48], &[1, 0, 0, 240, 1, 64]);
        assert_eq!(&bytes[total - 4..], &[0xFF, 0xD8, 0xFF, 0xD9]);
        assert_eq!(FaceRecord::decode(&bytes).unwrap(), rec);
        for n in 0..bytes.len() {
            assert!(FaceRecord::decode(&bytes[..n]).is_err(), "truncated at {n}");
        }
    }
}
