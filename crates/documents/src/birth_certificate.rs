//! Birth certificate (giấy khai sinh). The certificate integrated into a card is the holder's own, so the
//! child is checked against the card holder.

use cccd_lds::{Date, Sex, Validation};
use cccd_tlv::{Tlv, TlvWriter};

use crate::codec::{Fields, RawDataObject, opt_hex, put_date, put_opt_text, put_sex, put_text, put_unknown};
use crate::kind::{Kind, document_api, kind_accessors};
use crate::schema::{Element, Format};
use crate::{DocumentError, DocumentType, Header, Holder, checks};

pub const REGISTRATION_NUMBER: Element = Element::primitive(0x80, "registration_number", Format::Utf8, true, 32);
pub const BOOK_NUMBER: Element = Element::primitive(0x81, "book_number", Format::Utf8, false, 32);
pub const CHILD_NAME: Element = Element::primitive(0x82, "child_name", Format::Utf8, true, 100);
pub const SEX: Element = Element::primitive(0x83, "sex", Format::Sex, true, 1);
pub const BIRTH_DATE: Element = Element::date(0x84, "birth_date", true);
pub const PLACE_OF_BIRTH: Element = Element::primitive(0x85, "place_of_birth", Format::Utf8, true, 200);
pub const PARENT_NAME: Element = Element::primitive(0x80, "name", Format::Utf8, true, 100);
pub const PARENT_NATIONALITY: Element = Element::primitive(0x81, "nationality", Format::Utf8, true, 50);
pub const PARENT_ELEMENTS: &[Element] = &[PARENT_NAME, PARENT_NATIONALITY];
pub const FATHER: Element = Element::constructed(0xA6, "father", false, 1, PARENT_ELEMENTS);
pub const MOTHER: Element = Element::constructed(0xA7, "mother", false, 1, PARENT_ELEMENTS);
pub const REGISTRATION_DATE: Element = Element::date(0x88, "registration_date", true);
pub const REGISTERING_AUTHORITY: Element = Element::primitive(0x89, "registering_authority", Format::Utf8, true, 150);

/// A parent as the certificate names them (either may be absent).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Parent {
    pub name: String,
    /// As written on the certificate (`Việt Nam`).
    pub nationality: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unknown: Vec<RawDataObject>,
}

/// Birth certificate, type code 6, file `0206`.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BirthCertificate {
    pub header: Header,
    /// Số (registration number in the book).
    pub registration_number: String,
    /// Quyển số (book), when the registration has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub book_number: Option<String>,
    pub child_name: String,
    pub sex: Sex,
    pub birth_date: Date,
    pub place_of_birth: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub father: Option<Parent>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mother: Option<Parent>,
    pub registration_date: Date,
    pub registering_authority: String,
    #[serde(default, skip_serializing_if = "Option::is_none", with = "opt_hex")]
    pub signature: Option<Vec<u8>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unknown: Vec<RawDataObject>,
}

impl BirthCertificate {
    pub const ELEMENTS: &'static [Element] = &[
        REGISTRATION_NUMBER,
        BOOK_NUMBER,
        CHILD_NAME,
        SEX,
        BIRTH_DATE,
        PLACE_OF_BIRTH,
        FATHER,
        MOTHER,
        REGISTRATION_DATE,
        REGISTERING_AUTHORITY,
    ];
}

document_api!(BirthCertificate);

fn write_parent(w: &mut TlvWriter<'_>, e: &Element, parent: Option<&Parent>) {
    if let Some(parent) = parent {
        w.write_constructed(e.tag, |w| {
            put_text(w, &PARENT_NAME, &parent.name);
            put_text(w, &PARENT_NATIONALITY, &parent.nationality);
            put_unknown(w, &parent.unknown);
        });
    }
}

fn read_parent(document: &'static str, tlv: Option<Tlv<'_>>) -> Result<Option<Parent>, DocumentError> {
    let Some(tlv) = tlv else { return Ok(None) };
    let mut f = Fields::of(document, &tlv)?;
    Ok(Some(Parent {
        name: f.req_text(&PARENT_NAME)?,
        nationality: f.req_text(&PARENT_NATIONALITY)?,
        unknown: f.rest(),
    }))
}

impl Kind for BirthCertificate {
    const TYPE: DocumentType = DocumentType::BirthCertificate;

    kind_accessors!();

    fn write_body(&self, w: &mut TlvWriter<'_>) {
        put_text(w, &REGISTRATION_NUMBER, &self.registration_number);
        put_opt_text(w, &BOOK_NUMBER, self.book_number.as_deref());
        put_text(w, &CHILD_NAME, &self.child_name);
        put_sex(w, &SEX, self.sex);
        put_date(w, &BIRTH_DATE, self.birth_date);
        put_text(w, &PLACE_OF_BIRTH, &self.place_of_birth);
        write_parent(w, &FATHER, self.father.as_ref());
        write_parent(w, &MOTHER, self.mother.as_ref());
        put_date(w, &REGISTRATION_DATE, self.registration_date);
        put_text(w, &REGISTERING_AUTHORITY, &self.registering_authority);
    }

    fn read_body(header: Header, mut f: Fields<'_>, signature: Option<Vec<u8>>) -> Result<Self, DocumentError> {
        let document = f.document();
        Ok(Self {
            header,
            registration_number: f.req_text(&REGISTRATION_NUMBER)?,
            book_number: f.text(&BOOK_NUMBER)?,
            child_name: f.req_text(&CHILD_NAME)?,
            sex: f.req_sex(&SEX)?,
            birth_date: f.req_date(&BIRTH_DATE)?,
            place_of_birth: f.req_text(&PLACE_OF_BIRTH)?,
            father: read_parent(document, f.take(&FATHER)?)?,
            mother: read_parent(document, f.take(&MOTHER)?)?,
            registration_date: f.req_date(&REGISTRATION_DATE)?,
            registering_authority: f.req_text(&REGISTERING_AUTHORITY)?,
            signature,
            unknown: f.rest(),
        })
    }

    fn check_body(&self, holder: Option<&Holder>, p: &str, v: &mut Validation) {
        checks::text(v, p, &REGISTRATION_NUMBER, &self.registration_number);
        checks::opt_text(v, p, &BOOK_NUMBER, self.book_number.as_deref());
        checks::text(v, p, &CHILD_NAME, &self.child_name);
        checks::text(v, p, &PLACE_OF_BIRTH, &self.place_of_birth);
        checks::text(v, p, &REGISTERING_AUTHORITY, &self.registering_authority);
        for (e, parent) in [(&FATHER, &self.father), (&MOTHER, &self.mother)] {
            if let Some(parent) = parent {
                let at = checks::path(p, e);
                checks::text(v, &at, &PARENT_NAME, &parent.name);
                checks::text(v, &at, &PARENT_NATIONALITY, &parent.nationality);
                checks::unknown(v, &at, &parent.unknown, PARENT_ELEMENTS);
            }
        }
        // A birth may be registered on the day it happens, so these two may be equal.
        let reg_at = checks::path(p, &REGISTRATION_DATE);
        checks::not_before(v, &reg_at, self.registration_date, "the date of birth", self.birth_date);
        v.check(self.registration_date <= self.header.issue_date, &reg_at, || {
            format!("{} is after the certificate's issue date ({})", self.registration_date, self.header.issue_date)
        });
        if let Some(holder) = holder {
            v.check(checks::same_name(&self.child_name, &holder.full_name), checks::path(p, &CHILD_NAME), || {
                format!("{:?} is not the card holder's name {:?}", self.child_name, holder.full_name)
            });
            v.check(self.birth_date == holder.birth_date, checks::path(p, &BIRTH_DATE), || {
                format!("{} is not the card holder's date of birth ({})", self.birth_date, holder.birth_date)
            });
            v.check(self.sex == holder.sex, checks::path(p, &SEX), || {
                format!("{:?} is not the card holder's sex ({:?})", self.sex, holder.sex)
            });
        }
    }
}
