//! The documents the state integrates into a CCCD card (Law on Identification 26/2023, Art. 22: health
//! insurance, social insurance, driving licence, birth and marriage certificates; plus tax code, passport and
//! vehicle registration), as typed values that encode and decode as BER-TLV and validate.
//!
//! The on-chip encoding of these documents is not public, so this crate defines its own profile
//! (`applet-spec/documents.md`, machine-readable in `applet-spec/documents.toml`): application
//! [`AID`] `F0 56 4E 43 43 43 44 01`, one transparent file per document (FID `0201`–`0208`, SFI 1–8) and an
//! index file ([`DocumentIndex`], FID `0200`, SFI `1E`). Each file is
//! `E<code> { A0 header, A1 body, [82 signature] }`; the signature covers header‖body exactly as encoded,
//! see [`Document::decode_with_signed_data`] and [`signed_data`].
//!
//! Decoding checks structure and keeps unknown data objects raw; [`cccd_lds::Validation`] collects every
//! problem with the values, each with its profile path (`documents.driving_licence.classes[2].expiry`).
//!
//! ```
//! use cccd_documents::{Document, DocumentType, TaxCode};
//! use cccd_lds::Validation;
//!
//! // A profile section deserializes straight into the document's struct.
//! let tax: TaxCode = toml::from_str(r#"
//!     personal_number = "001099012345"
//!     legacy_tax_code = "0100233480"
//!     tax_office = "Thuế cơ sở 1 thành phố Hà Nội"
//!     [header]
//!     document_number = "001099012345"
//!     issuing_authority = "Cục Thuế"
//!     issue_date = "2025-07-01"
//! "#).unwrap();
//!
//! let file = tax.encode();
//! assert_eq!(file[0], 0xE2);
//! let read = Document::decode_with_signed_data(&file).unwrap();
//! assert_eq!(read.document, Document::Tax(tax.clone()));
//! assert_eq!(read.signed_data, tax.signed_data());
//! assert_eq!(read.document.document_type().fid(), 0x0202);
//!
//! let mut v = Validation::new();
//! read.document.validate(None, &mut v);
//! assert_eq!(v.issues()[0].to_string(), "documents.tax.legacy_tax_code: check digit is 0, computed 8");
//! ```

mod authority_keys;
mod birth_certificate;
mod checks;
mod codec;
mod doc_type;
mod document;
mod driving_licence;
mod error;
mod header;
mod health_insurance;
mod index;
mod kind;
mod marriage_certificate;
mod passport;
mod schema;
mod social_insurance;
mod tax_code;
mod vehicle_registration;

pub use authority_keys::{AUTHORITY_KEY_LEN, AuthorityKey, AuthorityKeys};
pub use birth_certificate::{BirthCertificate, Parent};
pub use codec::RawDataObject;
pub use doc_type::{
    AID, BODY, CONTAINER, DocumentType, ExpiryRule, HEADER, INDEX_FID, INDEX_LIST, INDEX_SFI, INDEX_TAG,
    SCHEMA_VERSION, SIGNATURE,
};
pub use document::{Decoded, Document, Documents, Holder, signed_data};
pub use driving_licence::{
    ClassValidity, DrivingLicence, LAW_36_2024_FROM_YEAR, LicenceClass, LicenceEntry, UnknownClass,
};
pub use error::DocumentError;
pub use header::Header;
pub use health_insurance::{CareFacility, HealthInsurance, OBJECT_CODES};
pub use index::DocumentIndex;
pub use marriage_certificate::{MarriageCertificate, Spouse};
pub use passport::Passport;
pub use schema::{Element, Format};
pub use social_insurance::{Participation, SocialInsuranceBook};
pub use tax_code::{TaxCode, check_legacy_tax_code, mst_check_digit};
pub use vehicle_registration::VehicleRegistration;

/// The header's elements (inside [`HEADER`]).
pub const HEADER_ELEMENTS: &[Element] = header::ELEMENTS;
