//! File control parameters (ISO 7816-4 §5.3.3, template `62`): what CREATE FILE receives and SELECT returns.

use cccd_tlv::{Tag, Tlv, TlvNode};

const FCP: Tag = Tag::from_u32(0x62);
const SIZE: Tag = Tag::from_u32(0x80);
const SIZE_TOTAL: Tag = Tag::from_u32(0x81);
const DESCRIPTOR: Tag = Tag::from_u32(0x82);
const FILE_ID: Tag = Tag::from_u32(0x83);
const DF_NAME: Tag = Tag::from_u32(0x84);
const SHORT_ID: Tag = Tag::from_u32(0x88);
const LIFE_CYCLE: Tag = Tag::from_u32(0x8A);

/// Why bytes are not usable file control parameters.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum FcpError {
    #[error("malformed BER-TLV: {0}")]
    Tlv(#[from] cccd_tlv::Error),
    #[error("expected the FCP template 62, got tag {0}")]
    NotFcp(Tag),
    #[error("data object {tag} has a bad value: {why}")]
    BadValue { tag: Tag, why: &'static str },
    #[error("the file descriptor (82) is missing")]
    MissingDescriptor,
}

/// The file kinds this toolkit creates and reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    /// A dedicated file (descriptor `38`).
    Df,
    /// A working transparent EF (descriptor `01`).
    TransparentEf,
    /// Any other descriptor byte, kept as read.
    Other(u8),
}

impl FileKind {
    fn descriptor(self) -> u8 {
        match self {
            FileKind::Df => 0x38,
            FileKind::TransparentEf => 0x01,
            FileKind::Other(b) => b,
        }
    }
}

/// A parsed FCP template. Unknown data objects are ignored when parsing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fcp {
    pub kind: FileKind,
    pub file_id: Option<u16>,
    /// Number of data bytes of a transparent EF (`80`).
    pub size: Option<usize>,
    /// DF name (AID), 1–16 bytes (`84`).
    pub df_name: Option<Vec<u8>>,
    /// Short EF identifier 1–30 (`88`, encoded in bits b8–b4).
    pub short_id: Option<u8>,
    /// Life cycle status byte (`8A`): `01` creation, `03` initialisation, `05` activated, `04` deactivated.
    pub life_cycle: Option<u8>,
}

impl Fcp {
    pub fn df(file_id: u16, df_name: Option<Vec<u8>>) -> Self {
        Self { kind: FileKind::Df, file_id: Some(file_id), size: None, df_name, short_id: None, life_cycle: None }
    }

    pub fn transparent_ef(file_id: u16, size: usize, short_id: Option<u8>) -> Self {
        Self {
            kind: FileKind::TransparentEf,
            file_id: Some(file_id),
            size: Some(size),
            df_name: None,
            short_id,
            life_cycle: None,
        }
    }

    /// Parse one `62` template.
    pub fn parse(raw: &[u8]) -> Result<Self, FcpError> {
        let fcp = Tlv::parse_single(raw)?;
        if fcp.tag() != FCP {
            return Err(FcpError::NotFcp(fcp.tag()));
        }
        let mut out = Fcp {
            kind: FileKind::Other(0),
            file_id: None,
            size: None,
            df_name: None,
            short_id: None,
            life_cycle: None,
        };
        let mut descriptor = None;
        for child in fcp.children() {
            let child = child?;
            let v = child.value();
            let bad = |why| FcpError::BadValue { tag: child.tag(), why };
            match child.tag() {
                t if t == DESCRIPTOR => {
                    let b = *v.first().ok_or(bad("empty file descriptor"))?;
                    descriptor = Some(match b {
                        0x38 => FileKind::Df,
                        0x01 => FileKind::TransparentEf,
                        other => FileKind::Other(other),
                    });
                }
                t if t == FILE_ID => match v {
                    [hi, lo] => out.file_id = Some(u16::from_be_bytes([*hi, *lo])),
                    _ => return Err(bad("a file identifier has 2 bytes")),
                },
                t if t == SIZE || (t == SIZE_TOTAL && out.size.is_none()) => {
                    if v.is_empty() || v.len() > 4 {
                        return Err(bad("a size has 1 to 4 bytes"));
                    }
                    out.size = Some(v.iter().fold(0usize, |acc, b| (acc << 8) | usize::from(*b)));
                }
                t if t == DF_NAME => {
                    if v.is_empty() || v.len() > 16 {
                        return Err(bad("a DF name has 1 to 16 bytes"));
                    }
                    out.df_name = Some(v.to_vec());
                }
                t if t == SHORT_ID => match v {
                    [] => out.short_id = None,
                    [b] if b & 0x07 == 0 && (1..=30).contains(&(b >> 3)) => out.short_id = Some(b >> 3),
                    _ => return Err(bad("a short EF identifier is one byte, 1–30 in bits b8–b4")),
                },
                t if t == LIFE_CYCLE => out.life_cycle = v.first().copied(),
                _ => {}
            }
        }
        out.kind = descriptor.ok_or(FcpError::MissingDescriptor)?;
        Ok(out)
    }

    /// Encode as a `62` template with minimal lengths.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut children = Vec::new();
        if let Some(size) = self.size {
            let bytes = (size as u64).to_be_bytes();
            // At least two bytes, as cards conventionally write sizes.
            let skip = bytes.iter().take(6).take_while(|b| **b == 0).count();
            children.push(TlvNode::primitive(SIZE, bytes[skip..].to_vec()));
        }
        children.push(TlvNode::primitive(DESCRIPTOR, vec![self.kind.descriptor()]));
        if let Some(fid) = self.file_id {
            children.push(TlvNode::primitive(FILE_ID, fid.to_be_bytes().to_vec()));
        }
        if let Some(name) = &self.df_name {
            children.push(TlvNode::primitive(DF_NAME, name.clone()));
        }
        if let Some(sfi) = self.short_id {
            children.push(TlvNode::primitive(SHORT_ID, vec![sfi << 3]));
        }
        if let Some(lcs) = self.life_cycle {
            children.push(TlvNode::primitive(LIFE_CYCLE, vec![lcs]));
        }
        TlvNode::constructed(FCP, children).to_vec()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ef_round_trip_and_sfi_bits() {
        let fcp = Fcp::transparent_ef(0x011E, 0x16, Some(0x1E));
        let raw = fcp.to_bytes();
        assert_eq!(hex(&raw), "620E800200168201018302011E8801F0");
        assert_eq!(Fcp::parse(&raw).unwrap(), fcp);
    }

    #[test]
    fn df_round_trip() {
        let fcp = Fcp::df(0x5F00, Some(vec![0xA0, 0x00, 0x00, 0x02, 0x47, 0x10, 0x01]));
        assert_eq!(Fcp::parse(&fcp.to_bytes()).unwrap(), fcp);
    }

    #[test]
    fn rejects_bad_templates() {
        assert!(matches!(Fcp::parse(&[0x6F, 0x00]), Err(FcpError::NotFcp(_))));
        assert_eq!(Fcp::parse(&[0x62, 0x04, 0x83, 0x02, 0x01, 0x01]), Err(FcpError::MissingDescriptor));
        assert!(matches!(
            Fcp::parse(&[0x62, 0x06, 0x82, 0x01, 0x01, 0x88, 0x01, 0x01]),
            Err(FcpError::BadValue { .. })
        ));
        assert!(matches!(Fcp::parse(&[0x62, 0x05, 0x82]), Err(FcpError::Tlv(_))));
    }

    fn hex(b: &[u8]) -> String {
        b.iter().map(|x| format!("{x:02X}")).collect()
    }
}
