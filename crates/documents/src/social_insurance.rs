//! Social insurance book (sổ bảo hiểm xã hội): the lifelong 10-digit social insurance number, the holder and
//! the history of participation (employer and period).

use cccd_lds::{Date, Validation};
use cccd_tlv::TlvWriter;

use crate::codec::{Fields, RawDataObject, opt_hex, put_date, put_opt_date, put_text, put_unknown, read_list};
use crate::kind::{Kind, document_api, kind_accessors};
use crate::schema::{Element, Format};
use crate::{DocumentError, DocumentType, Header, Holder, checks};

pub const SOCIAL_INSURANCE_NUMBER: Element =
    Element::primitive(0x80, "social_insurance_number", Format::Digits, true, 10);
pub const HOLDER_NAME: Element = Element::primitive(0x81, "holder_name", Format::Utf8, true, 100);
pub const BIRTH_DATE: Element = Element::date(0x82, "birth_date", true);
pub const EMPLOYER: Element = Element::primitive(0x80, "employer", Format::Utf8, true, 150);
pub const FROM: Element = Element::date(0x81, "from", true);
pub const TO: Element = Element::date(0x82, "to", false);
pub const PERIOD_ELEMENTS: &[Element] = &[EMPLOYER, FROM, TO];
/// 40 periods keep the file within its 8 KiB.
pub const PARTICIPATION: Element = Element::constructed(0xA3, "participation", false, 40, PERIOD_ELEMENTS);

/// One period of participation.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Participation {
    pub employer: String,
    pub from: Date,
    /// None: still participating.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<Date>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unknown: Vec<RawDataObject>,
}

/// Social insurance book, type code 5, file `0205`.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SocialInsuranceBook {
    pub header: Header,
    pub social_insurance_number: String,
    pub holder_name: String,
    pub birth_date: Date,
    #[serde(default)]
    pub participation: Vec<Participation>,
    #[serde(default, skip_serializing_if = "Option::is_none", with = "opt_hex")]
    pub signature: Option<Vec<u8>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unknown: Vec<RawDataObject>,
}

impl SocialInsuranceBook {
    pub const ELEMENTS: &'static [Element] = &[SOCIAL_INSURANCE_NUMBER, HOLDER_NAME, BIRTH_DATE, PARTICIPATION];
}

document_api!(SocialInsuranceBook);

impl Kind for SocialInsuranceBook {
    const TYPE: DocumentType = DocumentType::SocialInsurance;

    kind_accessors!();

    fn write_body(&self, w: &mut TlvWriter<'_>) {
        put_text(w, &SOCIAL_INSURANCE_NUMBER, &self.social_insurance_number);
        put_text(w, &HOLDER_NAME, &self.holder_name);
        put_date(w, &BIRTH_DATE, self.birth_date);
        for period in &self.participation {
            w.write_constructed(PARTICIPATION.tag, |w| {
                put_text(w, &EMPLOYER, &period.employer);
                put_date(w, &FROM, period.from);
                put_opt_date(w, &TO, period.to);
                put_unknown(w, &period.unknown);
            });
        }
    }

    fn read_body(header: Header, mut f: Fields<'_>, signature: Option<Vec<u8>>) -> Result<Self, DocumentError> {
        Ok(Self {
            header,
            social_insurance_number: f.req_text(&SOCIAL_INSURANCE_NUMBER)?,
            holder_name: f.req_text(&HOLDER_NAME)?,
            birth_date: f.req_date(&BIRTH_DATE)?,
            participation: read_list(&mut f, &PARTICIPATION, |mut e| {
                Ok(Participation {
                    employer: e.req_text(&EMPLOYER)?,
                    from: e.req_date(&FROM)?,
                    to: e.date(&TO)?,
                    unknown: e.rest(),
                })
            })?,
            signature,
            unknown: f.rest(),
        })
    }

    fn check_body(&self, holder: Option<&Holder>, p: &str, v: &mut Validation) {
        checks::digits(v, p, &SOCIAL_INSURANCE_NUMBER, &self.social_insurance_number, 10);
        checks::text(v, p, &HOLDER_NAME, &self.holder_name);
        let dob_at = checks::path(p, &BIRTH_DATE);
        v.check(self.birth_date < self.header.issue_date, &dob_at, || {
            format!("{} is not before the issue date ({})", self.birth_date, self.header.issue_date)
        });
        checks::count(v, p, &PARTICIPATION, self.participation.len());
        for (i, period) in self.participation.iter().enumerate() {
            let at = format!("{p}.participation[{i}]");
            checks::text(v, &at, &EMPLOYER, &period.employer);
            checks::after(v, &checks::path(&at, &FROM), period.from, "the date of birth", self.birth_date);
            if let Some(to) = period.to {
                checks::not_before(v, &checks::path(&at, &TO), to, "the start of the period", period.from);
            }
            checks::unknown(v, &at, &period.unknown, PERIOD_ELEMENTS);
        }
        if let Some(holder) = holder {
            v.check(checks::same_name(&self.holder_name, &holder.full_name), checks::path(p, &HOLDER_NAME), || {
                format!("{:?} is not the card holder's name {:?}", self.holder_name, holder.full_name)
            });
            v.check(self.birth_date == holder.birth_date, dob_at, || {
                format!("{} is not the card holder's date of birth ({})", self.birth_date, holder.birth_date)
            });
        }
    }
}
