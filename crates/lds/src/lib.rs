//! The eMRTD (ICAO Doc 9303 LDS1) data of a CCCD card, as typed values that encode and decode.
//!
//! One module per file type: [`EfCom`], [`Dg1`] (the [`Mrz`]), [`Dg2`] (face, with a [`synthetic_portrait`]
//! generator) and [`Dg13`] (Vietnamese personal data). Each has `encode(&self) -> Vec<u8>`,
//! `decode(&[u8]) -> Result<Self, LdsError>` over the whole file (outer tag included) and
//! `validate(&self, &mut Validation)`. Decoders never panic, whatever the bytes.
//!
//! Shared building blocks for every document on the card live here too: calendar [`Date`]s, the
//! Vietnamese 12-digit [`PersonalNumber`], and [`Validation`], which collects every problem of a profile
//! with its field path instead of stopping at the first.
//!
//! Binary fields serialize as standard base64 (face images) or uppercase hex (short values).

mod asn1;
mod date;
mod dg1;
mod dg13;
mod dg2;
mod ef_com;
mod error;
mod face;
mod mrz;
mod mrz_text;
mod personal_number;
mod portrait;
pub mod serde_bin;
pub mod tags;
mod validation;

pub use date::{Date, DateError};
pub use dg1::Dg1;
pub use dg2::{BIOMETRIC_TYPE_FACE, BiometricHeader, Dg2, FORMAT_OWNER_SC37, FORMAT_TYPE_FACE, FaceInfo};
pub use dg13::{CardDate, Dg13, RawField, UTF8_FORM_OID};
pub use ef_com::EfCom;
pub use error::LdsError;
pub use face::{FaceImage, FaceRecord, FeaturePoint, IMAGE_DATA_JPEG, IMAGE_DATA_JPEG2000};
pub use mrz::{CheckDigit, CheckField, Mrz, MrzFormat, ParsedMrz, mrz_information};
pub use mrz_text::{check_digit, is_mrz_char, mrz_words, name_field, transliterate};
pub use personal_number::{PersonalNumber, PersonalNumberError, Sex, province_name};
pub use portrait::{jpeg_dimensions, synthetic_portrait};
pub use validation::{Issue, Validation};
