//! Every file identifier and tag this crate reads or writes, in one place, so `applet-spec/lds.toml` can be
//! checked against it (see the `spec_sync` test).

use cccd_tlv::Tag;

/// Where an LDS1 elementary file lives and how its content starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub struct LdsFile {
    /// `EF.COM`, `DG1`, …
    pub name: &'static str,
    /// File identifier for SELECT.
    pub fid: u16,
    /// Short EF identifier for READ BINARY with P1 b8 = 1.
    pub sfi: u8,
    /// Tag of the outermost object in the file.
    #[serde(serialize_with = "ser_tag")]
    pub tag: Tag,
}

fn ser_tag<S: serde::Serializer>(tag: &Tag, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(tag)
}

pub const EF_COM: Tag = Tag::from_u32(0x60);
pub const DG1: Tag = Tag::from_u32(0x61);
pub const DG2: Tag = Tag::from_u32(0x75);
pub const DG13: Tag = Tag::from_u32(0x6D);
pub const DG15: Tag = Tag::from_u32(0x6F);
pub const EF_SOD: Tag = Tag::from_u32(0x77);

/// The files of the card's eMRTD application this crate knows (ICAO 9303-10 §4.6 and the CCCD readers).
pub const FILES: [LdsFile; 6] = [
    LdsFile { name: "EF.COM", fid: 0x011E, sfi: 0x1E, tag: EF_COM },
    LdsFile { name: "DG1", fid: 0x0101, sfi: 0x01, tag: DG1 },
    LdsFile { name: "DG2", fid: 0x0102, sfi: 0x02, tag: DG2 },
    LdsFile { name: "DG13", fid: 0x010D, sfi: 0x0D, tag: DG13 },
    LdsFile { name: "DG15", fid: 0x010F, sfi: 0x0F, tag: DG15 },
    LdsFile { name: "EF.SOD", fid: 0x011D, sfi: 0x1D, tag: EF_SOD },
];

/// The file entry with `name`.
pub fn file(name: &str) -> Option<&'static LdsFile> {
    FILES.iter().find(|f| f.name == name)
}

/// The outer tag of data group `n` (1–16), ICAO 9303-10 Table 34; EF.COM's tag list uses these.
pub fn data_group_tag(n: u8) -> Option<u8> {
    const TAGS: [u8; 16] =
        [0x61, 0x75, 0x63, 0x76, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6A, 0x6B, 0x6C, 0x6D, 0x6E, 0x6F, 0x70];
    TAGS.get(usize::from(n).checked_sub(1)?).copied()
}

/// The data group number whose outer tag is `tag`.
pub fn data_group_number(tag: u8) -> Option<u8> {
    (1..=16).find(|&n| data_group_tag(n) == Some(tag))
}

// EF.COM
pub const LDS_VERSION: Tag = Tag::from_u32(0x5F01);
pub const UNICODE_VERSION: Tag = Tag::from_u32(0x5F36);
pub const TAG_LIST: Tag = Tag::from_u32(0x5C);

// DG1
pub const MRZ: Tag = Tag::from_u32(0x5F1F);

// DG2 (ICAO 9303-10 §4.7.2, ISO/IEC 7816-11 biometric templates)
pub const BIOMETRIC_GROUP: Tag = Tag::from_u32(0x7F61);
pub const INSTANCE_COUNT: Tag = Tag::from_u32(0x02);
pub const BIOMETRIC_INFO: Tag = Tag::from_u32(0x7F60);
pub const BIOMETRIC_HEADER: Tag = Tag::from_u32(0xA1);
pub const BHT_VERSION: Tag = Tag::from_u32(0x80);
pub const BIOMETRIC_TYPE: Tag = Tag::from_u32(0x81);
pub const BIOMETRIC_SUBTYPE: Tag = Tag::from_u32(0x82);
pub const CREATION_DATE_TIME: Tag = Tag::from_u32(0x83);
pub const VALIDITY_PERIOD: Tag = Tag::from_u32(0x85);
pub const CREATOR: Tag = Tag::from_u32(0x86);
pub const FORMAT_OWNER: Tag = Tag::from_u32(0x87);
pub const FORMAT_TYPE: Tag = Tag::from_u32(0x88);
pub const BIOMETRIC_DATA: Tag = Tag::from_u32(0x5F2E);
pub const BIOMETRIC_DATA_CONSTRUCTED: Tag = Tag::from_u32(0x7F2E);

// DG13 (ASN.1 universal tags)
pub const INTEGER: Tag = Tag::from_u32(0x02);
pub const OBJECT_IDENTIFIER: Tag = Tag::from_u32(0x06);
pub const UTF8_STRING: Tag = Tag::from_u32(0x0C);
pub const PRINTABLE_STRING: Tag = Tag::from_u32(0x13);
pub const IA5_STRING: Tag = Tag::from_u32(0x16);
pub const SEQUENCE: Tag = Tag::from_u32(0x30);
pub const SET: Tag = Tag::from_u32(0x31);

/// `(file, element name, tag)` for every element tag the code uses; the spec file must list the same.
pub const ELEMENTS: &[(&str, &str, Tag)] = &[
    ("EF.COM", "lds_version", LDS_VERSION),
    ("EF.COM", "unicode_version", UNICODE_VERSION),
    ("EF.COM", "tag_list", TAG_LIST),
    ("DG1", "mrz", MRZ),
    ("DG2", "biometric_group", BIOMETRIC_GROUP),
    ("DG2", "instance_count", INSTANCE_COUNT),
    ("DG2", "biometric_info", BIOMETRIC_INFO),
    ("DG2", "biometric_header", BIOMETRIC_HEADER),
    ("DG2", "header_version", BHT_VERSION),
    ("DG2", "biometric_type", BIOMETRIC_TYPE),
    ("DG2", "biometric_subtype", BIOMETRIC_SUBTYPE),
    ("DG2", "creation_date_time", CREATION_DATE_TIME),
    ("DG2", "validity_period", VALIDITY_PERIOD),
    ("DG2", "creator", CREATOR),
    ("DG2", "format_owner", FORMAT_OWNER),
    ("DG2", "format_type", FORMAT_TYPE),
    ("DG2", "biometric_data", BIOMETRIC_DATA),
    ("DG2", "biometric_data_constructed", BIOMETRIC_DATA_CONSTRUCTED),
    ("DG13", "content", SEQUENCE),
    ("DG13", "version", INTEGER),
    ("DG13", "encoding_oid", OBJECT_IDENTIFIER),
    ("DG13", "fields", SET),
    ("DG13", "field", SEQUENCE),
    ("DG13", "field_number", INTEGER),
    ("DG13", "printable_string", PRINTABLE_STRING),
    ("DG13", "utf8_string", UTF8_STRING),
    ("DG13", "ia5_string", IA5_STRING),
];
