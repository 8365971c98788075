//! Vehicle registration certificate (giấy chứng nhận đăng ký xe).

use cccd_lds::{Date, Validation};
use cccd_tlv::TlvWriter;

use crate::codec::{Fields, RawDataObject, opt_hex, put_date, put_text};
use crate::kind::{Kind, document_api, kind_accessors};
use crate::schema::{Element, Format};
use crate::{DocumentError, DocumentType, Header, Holder, checks};

pub const REGISTRATION_NUMBER: Element = Element::primitive(0x80, "registration_number", Format::Utf8, true, 32);
pub const PLATE_NUMBER: Element = Element::primitive(0x81, "plate_number", Format::Ascii, true, 16);
pub const OWNER: Element = Element::primitive(0x82, "owner", Format::Utf8, true, 150);
pub const BRAND: Element = Element::primitive(0x83, "brand", Format::Utf8, true, 50);
pub const MODEL: Element = Element::primitive(0x84, "model", Format::Utf8, true, 50);
pub const COLOUR: Element = Element::primitive(0x85, "colour", Format::Utf8, true, 30);
pub const ENGINE_NUMBER: Element = Element::primitive(0x86, "engine_number", Format::Ascii, true, 32);
pub const CHASSIS_NUMBER: Element = Element::primitive(0x87, "chassis_number", Format::Ascii, true, 32);
pub const VEHICLE_TYPE: Element = Element::primitive(0x88, "vehicle_type", Format::Utf8, true, 50);
pub const REGISTRATION_DATE: Element = Element::date(0x89, "registration_date", true);

/// Vehicle registration, type code 8, file `0208`.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VehicleRegistration {
    pub header: Header,
    pub registration_number: String,
    /// As on the plate: `30A-123.45`, `29-B1 123.45`.
    pub plate_number: String,
    pub owner: String,
    pub brand: String,
    pub model: String,
    pub colour: String,
    pub engine_number: String,
    pub chassis_number: String,
    /// Loại xe (`Ô tô con`, `Xe máy`).
    pub vehicle_type: String,
    pub registration_date: Date,
    #[serde(default, skip_serializing_if = "Option::is_none", with = "opt_hex")]
    pub signature: Option<Vec<u8>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unknown: Vec<RawDataObject>,
}

impl VehicleRegistration {
    pub const ELEMENTS: &'static [Element] = &[
        REGISTRATION_NUMBER,
        PLATE_NUMBER,
        OWNER,
        BRAND,
        MODEL,
        COLOUR,
        ENGINE_NUMBER,
        CHASSIS_NUMBER,
        VEHICLE_TYPE,
        REGISTRATION_DATE,
    ];
}

document_api!(VehicleRegistration);

fn is_plate_char(b: u8) -> bool {
    b.is_ascii_uppercase() || b.is_ascii_digit() || matches!(b, b'-' | b'.' | b' ')
}

fn is_serial_char(b: u8) -> bool {
    b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'-'
}

impl Kind for VehicleRegistration {
    const TYPE: DocumentType = DocumentType::VehicleRegistration;

    kind_accessors!();

    fn write_body(&self, w: &mut TlvWriter<'_>) {
        put_text(w, &REGISTRATION_NUMBER, &self.registration_number);
        put_text(w, &PLATE_NUMBER, &self.plate_number);
        put_text(w, &OWNER, &self.owner);
        put_text(w, &BRAND, &self.brand);
        put_text(w, &MODEL, &self.model);
        put_text(w, &COLOUR, &self.colour);
        put_text(w, &ENGINE_NUMBER, &self.engine_number);
        put_text(w, &CHASSIS_NUMBER, &self.chassis_number);
        put_text(w, &VEHICLE_TYPE, &self.vehicle_type);
        put_date(w, &REGISTRATION_DATE, self.registration_date);
    }

    fn read_body(header: Header, mut f: Fields<'_>, signature: Option<Vec<u8>>) -> Result<Self, DocumentError> {
        Ok(Self {
            header,
            registration_number: f.req_text(&REGISTRATION_NUMBER)?,
            plate_number: f.req_text(&PLATE_NUMBER)?,
            owner: f.req_text(&OWNER)?,
            brand: f.req_text(&BRAND)?,
            model: f.req_text(&MODEL)?,
            colour: f.req_text(&COLOUR)?,
            engine_number: f.req_text(&ENGINE_NUMBER)?,
            chassis_number: f.req_text(&CHASSIS_NUMBER)?,
            vehicle_type: f.req_text(&VEHICLE_TYPE)?,
            registration_date: f.req_date(&REGISTRATION_DATE)?,
            signature,
            unknown: f.rest(),
        })
    }

    fn check_body(&self, _holder: Option<&Holder>, p: &str, v: &mut Validation) {
        checks::text(v, p, &REGISTRATION_NUMBER, &self.registration_number);
        checks::chars(v, p, &PLATE_NUMBER, &self.plate_number, is_plate_char, "A–Z, 0–9, '-', '.' and space");
        checks::chars(v, p, &ENGINE_NUMBER, &self.engine_number, is_serial_char, "A–Z, 0–9 and '-'");
        checks::chars(v, p, &CHASSIS_NUMBER, &self.chassis_number, is_serial_char, "A–Z, 0–9 and '-'");
        for (e, value) in [
            (&PLATE_NUMBER, &self.plate_number),
            (&ENGINE_NUMBER, &self.engine_number),
            (&CHASSIS_NUMBER, &self.chassis_number),
            (&OWNER, &self.owner),
            (&BRAND, &self.brand),
            (&MODEL, &self.model),
            (&COLOUR, &self.colour),
            (&VEHICLE_TYPE, &self.vehicle_type),
        ] {
            checks::text(v, p, e, value);
        }
        v.check(self.registration_date <= self.header.issue_date, checks::path(p, &REGISTRATION_DATE), || {
            format!("{} is after the certificate's issue date ({})", self.registration_date, self.header.issue_date)
        });
    }
}
