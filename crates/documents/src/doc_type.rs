//! The eight document types, where each lives on the card, and the common container around every document.

use cccd_tlv::Tag;

use crate::schema::{Element, Format};
use crate::{
    BirthCertificate, DrivingLicence, HealthInsurance, MarriageCertificate, Passport, SocialInsuranceBook, TaxCode,
    VehicleRegistration,
};

/// The integrated-documents application: `F0` (proprietary, unregistered RID) followed by `VNCCCD` and 01.
pub const AID: [u8; 8] = [0xF0, 0x56, 0x4E, 0x43, 0x43, 0x43, 0x44, 0x01];

/// Current schema version, written in every header; a reader keeps what a newer version adds as raw objects.
pub const SCHEMA_VERSION: u8 = 1;

/// The document container (outer tag per type): header, body, optional signature, in this order.
pub const HEADER: Element = Element::constructed(0xA0, "header", true, 1, crate::header::ELEMENTS);
/// The body's children are each type's own elements (see [`DocumentType::body_elements`]).
pub const BODY: Element = Element::constructed(0xA1, "body", true, 1, &[]);
/// The issuing authority's signature over the exact bytes of header‖body as encoded.
pub const SIGNATURE: Element = Element::primitive(0x82, "signature", Format::Bytes, false, 512);
/// The container's elements, in the order they must appear.
pub const CONTAINER: [Element; 3] = [HEADER, BODY, SIGNATURE];

/// A document that can be integrated into the card. Codes are the ones the index file lists.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentType {
    /// Thẻ bảo hiểm y tế (BHYT).
    HealthInsurance = 1,
    /// Mã số thuế: since 2025-07-01 the personal number itself.
    Tax = 2,
    /// Giấy phép lái xe (GPLX).
    DrivingLicence = 3,
    /// Hộ chiếu (TD3 data).
    Passport = 4,
    /// Sổ bảo hiểm xã hội (BHXH).
    SocialInsurance = 5,
    /// Giấy khai sinh.
    BirthCertificate = 6,
    /// Giấy chứng nhận kết hôn.
    MarriageCertificate = 7,
    /// Giấy chứng nhận đăng ký xe.
    VehicleRegistration = 8,
}

impl DocumentType {
    pub const ALL: [DocumentType; 8] = [
        DocumentType::HealthInsurance,
        DocumentType::Tax,
        DocumentType::DrivingLicence,
        DocumentType::Passport,
        DocumentType::SocialInsurance,
        DocumentType::BirthCertificate,
        DocumentType::MarriageCertificate,
        DocumentType::VehicleRegistration,
    ];

    /// The code in the header and the index file (1–8).
    pub fn code(self) -> u8 {
        self as u8
    }

    pub fn from_code(code: u8) -> Option<Self> {
        Self::ALL.get(usize::from(code).checked_sub(1)?).copied()
    }

    /// The snake_case name: profile key, validation path segment and file name in `applet-spec/card.toml`.
    pub fn name(self) -> &'static str {
        match self {
            DocumentType::HealthInsurance => "health_insurance",
            DocumentType::Tax => "tax",
            DocumentType::DrivingLicence => "driving_licence",
            DocumentType::Passport => "passport",
            DocumentType::SocialInsurance => "social_insurance",
            DocumentType::BirthCertificate => "birth_certificate",
            DocumentType::MarriageCertificate => "marriage_certificate",
            DocumentType::VehicleRegistration => "vehicle_registration",
        }
    }

    /// Human title (English / Vietnamese).
    pub fn title(self) -> &'static str {
        match self {
            DocumentType::HealthInsurance => "Health insurance card (thẻ BHYT)",
            DocumentType::Tax => "Tax code (mã số thuế)",
            DocumentType::DrivingLicence => "Driving licence (giấy phép lái xe)",
            DocumentType::Passport => "Passport (hộ chiếu)",
            DocumentType::SocialInsurance => "Social insurance book (sổ BHXH)",
            DocumentType::BirthCertificate => "Birth certificate (giấy khai sinh)",
            DocumentType::MarriageCertificate => "Marriage certificate (giấy chứng nhận kết hôn)",
            DocumentType::VehicleRegistration => "Vehicle registration (giấy chứng nhận đăng ký xe)",
        }
    }

    /// File identifier for SELECT: `0200` + code.
    pub fn fid(self) -> u16 {
        0x0200 + u16::from(self.code())
    }

    /// Short EF identifier: the code.
    pub fn sfi(self) -> u8 {
        self.code()
    }

    /// Outer tag of the file: private class, constructed, number = code (`E1`–`E8`).
    pub fn tag(self) -> Tag {
        match self {
            DocumentType::HealthInsurance => Tag::from_u32(0xE1),
            DocumentType::Tax => Tag::from_u32(0xE2),
            DocumentType::DrivingLicence => Tag::from_u32(0xE3),
            DocumentType::Passport => Tag::from_u32(0xE4),
            DocumentType::SocialInsurance => Tag::from_u32(0xE5),
            DocumentType::BirthCertificate => Tag::from_u32(0xE6),
            DocumentType::MarriageCertificate => Tag::from_u32(0xE7),
            DocumentType::VehicleRegistration => Tag::from_u32(0xE8),
        }
    }

    pub fn from_tag(tag: Tag) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.tag() == tag)
    }

    /// The elements of this type's body.
    pub fn body_elements(self) -> &'static [Element] {
        match self {
            DocumentType::HealthInsurance => HealthInsurance::ELEMENTS,
            DocumentType::Tax => TaxCode::ELEMENTS,
            DocumentType::DrivingLicence => DrivingLicence::ELEMENTS,
            DocumentType::Passport => Passport::ELEMENTS,
            DocumentType::SocialInsurance => SocialInsuranceBook::ELEMENTS,
            DocumentType::BirthCertificate => BirthCertificate::ELEMENTS,
            DocumentType::MarriageCertificate => MarriageCertificate::ELEMENTS,
            DocumentType::VehicleRegistration => VehicleRegistration::ELEMENTS,
        }
    }

    /// Whether the header must, may or must not carry an expiry date.
    pub fn expiry_rule(self) -> ExpiryRule {
        match self {
            DocumentType::Passport => ExpiryRule::Required,
            DocumentType::BirthCertificate | DocumentType::MarriageCertificate => ExpiryRule::Forbidden,
            _ => ExpiryRule::Optional,
        }
    }
}

/// Whether a document type expires.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExpiryRule {
    /// A passport always has an expiry date.
    Required,
    /// Cards and licences may or may not.
    Optional,
    /// Civil-status certificates never expire.
    Forbidden,
}

/// EF.DOCINDEX: FID `0200`, SFI `1E`, `70 { 5C <type codes> }`.
pub const INDEX_FID: u16 = 0x0200;
pub const INDEX_SFI: u8 = 0x1E;
pub const INDEX_TAG: Tag = Tag::from_u32(0x70);
pub const INDEX_LIST: Element = Element::primitive(0x5C, "document_types", Format::Bytes, true, 8);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_files_and_tags() {
        for (i, t) in DocumentType::ALL.into_iter().enumerate() {
            let code = i as u8 + 1;
            assert_eq!(t.code(), code);
            assert_eq!(DocumentType::from_code(code), Some(t));
            assert_eq!(t.fid(), 0x0200 + u16::from(code));
            assert_eq!(t.sfi(), code);
            assert_eq!(t.tag().to_u32(), 0xE0 + u32::from(code));
            assert_eq!(DocumentType::from_tag(t.tag()), Some(t));
        }
        assert_eq!(DocumentType::from_code(0), None);
        assert_eq!(DocumentType::from_code(9), None);
        assert_eq!(DocumentType::from_tag(Tag::from_u32(0xE9)), None);
    }
}
