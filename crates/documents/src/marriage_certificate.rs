//! Marriage certificate (giấy chứng nhận kết hôn): the two spouses, each with name, date of birth and
//! personal number; one of them is the card holder.

use cccd_lds::{Date, PersonalNumber, Sex, Validation};
use cccd_tlv::TlvWriter;

use crate::codec::{Fields, RawDataObject, opt_hex, put_date, put_text, put_unknown, read_list};
use crate::kind::{Kind, document_api, kind_accessors};
use crate::schema::{Element, Format};
use crate::{DocumentError, DocumentType, Header, Holder, checks};

pub const REGISTRATION_NUMBER: Element = Element::primitive(0x80, "registration_number", Format::Utf8, true, 32);
pub const SPOUSE_NAME: Element = Element::primitive(0x80, "name", Format::Utf8, true, 100);
pub const SPOUSE_BIRTH_DATE: Element = Element::date(0x81, "birth_date", true);
pub const SPOUSE_PERSONAL_NUMBER: Element = Element::primitive(0x82, "personal_number", Format::Digits, true, 12);
pub const SPOUSE_ELEMENTS: &[Element] = &[SPOUSE_NAME, SPOUSE_BIRTH_DATE, SPOUSE_PERSONAL_NUMBER];
pub const SPOUSES: Element = Element::constructed(0xA1, "spouses", true, 2, SPOUSE_ELEMENTS);
pub const REGISTRATION_DATE: Element = Element::date(0x82, "registration_date", true);
pub const REGISTERING_AUTHORITY: Element = Element::primitive(0x83, "registering_authority", Format::Utf8, true, 150);

/// One spouse.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Spouse {
    pub name: String,
    pub birth_date: Date,
    pub personal_number: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unknown: Vec<RawDataObject>,
}

/// Marriage certificate, type code 7, file `0207`.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MarriageCertificate {
    pub header: Header,
    pub registration_number: String,
    /// Exactly two.
    pub spouses: Vec<Spouse>,
    pub registration_date: Date,
    pub registering_authority: String,
    #[serde(default, skip_serializing_if = "Option::is_none", with = "opt_hex")]
    pub signature: Option<Vec<u8>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unknown: Vec<RawDataObject>,
}

impl MarriageCertificate {
    pub const ELEMENTS: &'static [Element] = &[REGISTRATION_NUMBER, SPOUSES, REGISTRATION_DATE, REGISTERING_AUTHORITY];
}

document_api!(MarriageCertificate);

impl Kind for MarriageCertificate {
    const TYPE: DocumentType = DocumentType::MarriageCertificate;

    kind_accessors!();

    fn write_body(&self, w: &mut TlvWriter<'_>) {
        put_text(w, &REGISTRATION_NUMBER, &self.registration_number);
        for spouse in &self.spouses {
            w.write_constructed(SPOUSES.tag, |w| {
                put_text(w, &SPOUSE_NAME, &spouse.name);
                put_date(w, &SPOUSE_BIRTH_DATE, spouse.birth_date);
                put_text(w, &SPOUSE_PERSONAL_NUMBER, &spouse.personal_number);
                put_unknown(w, &spouse.unknown);
            });
        }
        put_date(w, &REGISTRATION_DATE, self.registration_date);
        put_text(w, &REGISTERING_AUTHORITY, &self.registering_authority);
    }

    fn read_body(header: Header, mut f: Fields<'_>, signature: Option<Vec<u8>>) -> Result<Self, DocumentError> {
        Ok(Self {
            header,
            registration_number: f.req_text(&REGISTRATION_NUMBER)?,
            spouses: read_list(&mut f, &SPOUSES, |mut e| {
                Ok(Spouse {
                    name: e.req_text(&SPOUSE_NAME)?,
                    birth_date: e.req_date(&SPOUSE_BIRTH_DATE)?,
                    personal_number: e.req_text(&SPOUSE_PERSONAL_NUMBER)?,
                    unknown: e.rest(),
                })
            })?,
            registration_date: f.req_date(&REGISTRATION_DATE)?,
            registering_authority: f.req_text(&REGISTERING_AUTHORITY)?,
            signature,
            unknown: f.rest(),
        })
    }

    fn check_body(&self, holder: Option<&Holder>, p: &str, v: &mut Validation) {
        checks::text(v, p, &REGISTRATION_NUMBER, &self.registration_number);
        checks::text(v, p, &REGISTERING_AUTHORITY, &self.registering_authority);
        let spouses_at = checks::path(p, &SPOUSES);
        v.check(self.spouses.len() == 2, &spouses_at, || {
            format!("names {} spouse(s); a marriage certificate names exactly 2", self.spouses.len())
        });
        for (i, spouse) in self.spouses.iter().enumerate() {
            let at = format!("{spouses_at}[{i}]");
            checks::text(v, &at, &SPOUSE_NAME, &spouse.name);
            let pn_at = checks::path(&at, &SPOUSE_PERSONAL_NUMBER);
            match spouse.personal_number.parse::<PersonalNumber>() {
                Err(e) => v.fail(&pn_at, e.to_string()),
                Ok(number) => number.check_holder(&pn_at, spouse.birth_date, Sex::Unspecified, v),
            }
            v.check(spouse.birth_date < self.registration_date, checks::path(&at, &SPOUSE_BIRTH_DATE), || {
                format!("{} is not before the registration date ({})", spouse.birth_date, self.registration_date)
            });
            checks::unknown(v, &at, &spouse.unknown, SPOUSE_ELEMENTS);
        }
        if let [a, b] = self.spouses.as_slice() {
            v.check(a.personal_number != b.personal_number, format!("{spouses_at}[1].personal_number"), || {
                "is the same as spouses[0].personal_number".to_owned()
            });
        }
        v.check(self.registration_date <= self.header.issue_date, checks::path(p, &REGISTRATION_DATE), || {
            format!("{} is after the certificate's issue date ({})", self.registration_date, self.header.issue_date)
        });
        if let Some(holder) = holder {
            let number = holder.personal_number.as_str();
            match self.spouses.iter().position(|s| s.personal_number == number) {
                None => v.fail(&spouses_at, format!("neither spouse has the card holder's personal number ({number})")),
                Some(i) => v.check(
                    self.spouses[i].birth_date == holder.birth_date,
                    format!("{spouses_at}[{i}].birth_date"),
                    || {
                        format!(
                            "{} is not the card holder's date of birth ({})",
                            self.spouses[i].birth_date, holder.birth_date
                        )
                    },
                ),
            }
        }
    }
}
