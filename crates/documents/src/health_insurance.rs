//! Health insurance card (thẻ bảo hiểm y tế, BHYT).
//!
//! Since the 2021 template (Decision 1666/QĐ-BHXH) the card number is the 10-digit social insurance number.
//! Older cards carry a 15-character code `XX Y ZZ NNNNNNNNNN` (object code, benefit level 1–5, province,
//! the same 10 digits), kept here as an optional legacy field.

use cccd_lds::{Date, Validation, province_name};
use cccd_tlv::TlvWriter;

use crate::codec::{Fields, RawDataObject, opt_hex, put_date, put_opt_date, put_opt_text, put_text, put_unknown};
use crate::kind::{Kind, document_api, kind_accessors};
use crate::schema::{Element, Format};
use crate::{DocumentError, DocumentType, Header, Holder, checks};

pub const SOCIAL_INSURANCE_NUMBER: Element =
    Element::primitive(0x80, "social_insurance_number", Format::Digits, true, 10);
pub const LEGACY_CODE: Element = Element::primitive(0x81, "legacy_code", Format::Ascii, false, 15);
pub const FACILITY_CODE: Element = Element::primitive(0x80, "code", Format::Ascii, true, 10);
pub const FACILITY_NAME: Element = Element::primitive(0x81, "name", Format::Utf8, true, 150);
pub const FACILITY_ELEMENTS: &[Element] = &[FACILITY_CODE, FACILITY_NAME];
pub const CARE_FACILITY: Element = Element::constructed(0xA2, "care_facility", true, 1, FACILITY_ELEMENTS);
pub const VALID_FROM: Element = Element::date(0x83, "valid_from", true);
pub const VALID_TO: Element = Element::date(0x84, "valid_to", false);

/// Object codes of the legacy card number (standards.md §3.7, medconnect's table, a single source).
pub const OBJECT_CODES: [&str; 44] = [
    "DN", "HX", "CH", "NN", "TK", "HC", "XK", "HT", "TB", "NO", "CT", "XB", "TN", "CS", "QN", "CA", "CY", "XN", "MS",
    "CC", "CK", "CB", "KC", "HD", "TE", "BT", "HN", "DT", "DK", "XD", "TS", "TC", "TQ", "TV", "TA", "TY", "HG", "LS",
    "PV", "CN", "HS", "SV", "GB", "GD",
];

/// The registered initial care facility (nơi đăng ký khám chữa bệnh ban đầu).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CareFacility {
    pub code: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unknown: Vec<RawDataObject>,
}

/// Health insurance card, type code 1, file `0201`.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HealthInsurance {
    pub header: Header,
    pub social_insurance_number: String,
    /// `XX Y ZZ NNNNNNNNNN` written without spaces.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legacy_code: Option<String>,
    pub care_facility: CareFacility,
    pub valid_from: Date,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_to: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none", with = "opt_hex")]
    pub signature: Option<Vec<u8>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unknown: Vec<RawDataObject>,
}

impl HealthInsurance {
    pub const ELEMENTS: &'static [Element] =
        &[SOCIAL_INSURANCE_NUMBER, LEGACY_CODE, CARE_FACILITY, VALID_FROM, VALID_TO];
}

document_api!(HealthInsurance);

impl Kind for HealthInsurance {
    const TYPE: DocumentType = DocumentType::HealthInsurance;

    kind_accessors!();

    fn write_body(&self, w: &mut TlvWriter<'_>) {
        put_text(w, &SOCIAL_INSURANCE_NUMBER, &self.social_insurance_number);
        put_opt_text(w, &LEGACY_CODE, self.legacy_code.as_deref());
        w.write_constructed(CARE_FACILITY.tag, |w| {
            put_text(w, &FACILITY_CODE, &self.care_facility.code);
            put_text(w, &FACILITY_NAME, &self.care_facility.name);
            put_unknown(w, &self.care_facility.unknown);
        });
        put_date(w, &VALID_FROM, self.valid_from);
        put_opt_date(w, &VALID_TO, self.valid_to);
    }

    fn read_body(header: Header, mut f: Fields<'_>, signature: Option<Vec<u8>>) -> Result<Self, DocumentError> {
        let social_insurance_number = f.req_text(&SOCIAL_INSURANCE_NUMBER)?;
        let legacy_code = f.text(&LEGACY_CODE)?;
        let facility = f.required(&CARE_FACILITY)?;
        let mut c = Fields::of(f.document(), &facility)?;
        let care_facility =
            CareFacility { code: c.req_text(&FACILITY_CODE)?, name: c.req_text(&FACILITY_NAME)?, unknown: c.rest() };
        Ok(Self {
            header,
            social_insurance_number,
            legacy_code,
            care_facility,
            valid_from: f.req_date(&VALID_FROM)?,
            valid_to: f.date(&VALID_TO)?,
            signature,
            unknown: f.rest(),
        })
    }

    fn check_body(&self, _holder: Option<&Holder>, p: &str, v: &mut Validation) {
        checks::digits(v, p, &SOCIAL_INSURANCE_NUMBER, &self.social_insurance_number, 10);
        if let Some(code) = &self.legacy_code {
            check_legacy_code(code, &self.social_insurance_number, &checks::path(p, &LEGACY_CODE), v);
        }
        let fp = checks::path(p, &CARE_FACILITY);
        checks::text(v, &fp, &FACILITY_CODE, &self.care_facility.code);
        checks::chars(v, &fp, &FACILITY_CODE, &self.care_facility.code, is_code_char, "A–Z and 0–9");
        checks::text(v, &fp, &FACILITY_NAME, &self.care_facility.name);
        checks::unknown(v, &fp, &self.care_facility.unknown, FACILITY_ELEMENTS);
        if let Some(to) = self.valid_to {
            checks::not_before(v, &checks::path(p, &VALID_TO), to, "valid_from", self.valid_from);
        }
    }
}

fn is_code_char(b: u8) -> bool {
    b.is_ascii_uppercase() || b.is_ascii_digit()
}

/// The legacy 15-character code: object code, benefit level, province, and the social insurance number.
fn check_legacy_code(code: &str, number: &str, at: &str, v: &mut Validation) {
    if code.len() != 15 || !code.is_ascii() {
        v.fail(at, format!("{code:?} is not 15 characters XX Y ZZ NNNNNNNNNN (no spaces)"));
        return;
    }
    let (object, level, province, digits) = (&code[..2], &code[2..3], &code[3..5], &code[5..]);
    v.check(OBJECT_CODES.contains(&object), at, || format!("object code {object:?} is not in the BHXH object list"));
    v.check(matches!(level, "1" | "2" | "3" | "4" | "5"), at, || format!("benefit level {level:?} is not 1–5"));
    v.check(checks::is_digits(province, 2) && province_name(&format!("0{province}")).is_some(), at, || {
        format!("province code {province:?} is not a province")
    });
    v.check(digits == number, at, || {
        format!("ends in {digits:?}, but the social insurance number is {number:?}; they must be equal")
    });
}
