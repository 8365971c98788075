//! The eMRTD (ICAO Doc 9303 LDS1) data of a CCCD card, as typed values that encode and decode.
//!
//! Shared building blocks for every document on the card live here too: calendar [`Date`]s, the
//! Vietnamese 12-digit [`PersonalNumber`], and [`Validation`], which collects every problem of a profile
//! with its field path instead of stopping at the first.

mod date;
mod personal_number;
mod validation;

pub use date::{Date, DateError};
pub use personal_number::{PersonalNumber, PersonalNumberError, Sex, province_name};
pub use validation::{Issue, Validation};
