//! Driving licence (giấy phép lái xe, GPLX): the 12-digit number and the classes held, each with its own
//! issue and expiry date.
//!
//! Classes are those of Law 36/2024/QH15 Art. 57 (from 1 January 2025), plus the classes of Circular
//! 12/2017 that licences issued before then still carry (readable, marked legacy). The validity limits of
//! Law 36/2024 are checked for classes issued from 2025; the older rules are not in our sources, so a class
//! issued earlier is only checked for expiring after its issue.

use std::fmt;
use std::str::FromStr;

use cccd_lds::{Date, Validation};
use cccd_tlv::TlvWriter;

use crate::codec::{Fields, RawDataObject, invalid, opt_hex, put_date, put_opt_date, put_text, put_unknown, read_list};
use crate::kind::{Kind, document_api, kind_accessors};
use crate::schema::{Element, Format};
use crate::{DocumentError, DocumentType, Header, Holder, checks};

pub const LICENCE_NUMBER: Element = Element::primitive(0x80, "licence_number", Format::Digits, true, 12);
pub const CLASS: Element = Element::primitive(0x80, "class", Format::Ascii, true, 3);
pub const CLASS_ISSUE_DATE: Element = Element::date(0x81, "issue_date", true);
pub const CLASS_EXPIRY: Element = Element::date(0x82, "expiry", false);
pub const CLASS_ELEMENTS: &[Element] = &[CLASS, CLASS_ISSUE_DATE, CLASS_EXPIRY];
pub const CLASSES: Element = Element::constructed(0xA1, "classes", true, 16, CLASS_ELEMENTS);

/// Law 36/2024/QH15 and its classes took effect on 1 January of this year.
pub const LAW_36_2024_FROM_YEAR: u16 = 2025;

/// A driving licence class.
#[allow(clippy::upper_case_acronyms)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum LicenceClass {
    A1,
    A,
    B1,
    B,
    C1,
    C,
    D1,
    D2,
    D,
    BE,
    C1E,
    CE,
    D1E,
    D2E,
    DE,
    /// Legacy (Circular 12/2017): motorcycles of 175 cm³ and more.
    A2,
    /// Legacy: three-wheel motorcycles.
    A3,
    /// Legacy: small tractors up to 1,000 kg.
    A4,
    /// Legacy: professional drivers of cars and trucks under 3,500 kg.
    B2,
    /// Legacy: buses of more than 30 seats.
    E,
    /// Legacy: B2 with a trailer over 750 kg.
    FB2,
    /// Legacy: C with a trailer, semi-trailer or articulated.
    FC,
    /// Legacy: D with a trailer.
    FD,
    /// Legacy: E with a trailer.
    FE,
}

/// How long a class issued under Law 36/2024 stays valid.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ClassValidity {
    Unlimited,
    Years(u16),
}

impl LicenceClass {
    pub const ALL: [LicenceClass; 24] = {
        use LicenceClass::*;
        [A1, A, B1, B, C1, C, D1, D2, D, BE, C1E, CE, D1E, D2E, DE, A2, A3, A4, B2, E, FB2, FC, FD, FE]
    };

    pub fn as_str(self) -> &'static str {
        use LicenceClass::*;
        match self {
            A1 => "A1",
            A => "A",
            B1 => "B1",
            B => "B",
            C1 => "C1",
            C => "C",
            D1 => "D1",
            D2 => "D2",
            D => "D",
            BE => "BE",
            C1E => "C1E",
            CE => "CE",
            D1E => "D1E",
            D2E => "D2E",
            DE => "DE",
            A2 => "A2",
            A3 => "A3",
            A4 => "A4",
            B2 => "B2",
            E => "E",
            FB2 => "FB2",
            FC => "FC",
            FD => "FD",
            FE => "FE",
        }
    }

    /// Only in Circular 12/2017 (A1, B1, C and D exist in both systems, with other meanings).
    pub fn is_legacy(self) -> bool {
        use LicenceClass::*;
        matches!(self, A2 | A3 | A4 | B2 | E | FB2 | FC | FD | FE)
    }

    /// Validity under Law 36/2024 (A1, A, B1 unlimited; B, C1 ten years; the rest five); None for legacy
    /// classes.
    pub fn validity(self) -> Option<ClassValidity> {
        use LicenceClass::*;
        match self {
            A1 | A | B1 => Some(ClassValidity::Unlimited),
            B | C1 => Some(ClassValidity::Years(10)),
            C | D1 | D2 | D | BE | C1E | CE | D1E | D2E | DE => Some(ClassValidity::Years(5)),
            A2 | A3 | A4 | B2 | E | FB2 | FC | FD | FE => None,
        }
    }
}

impl fmt::Display for LicenceClass {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Text that is not a licence class.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a driving licence class")]
pub struct UnknownClass(pub String);

impl FromStr for LicenceClass {
    type Err = UnknownClass;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL.into_iter().find(|c| c.as_str() == s).ok_or_else(|| UnknownClass(s.to_owned()))
    }
}

impl serde::Serialize for LicenceClass {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> serde::Deserialize<'de> for LicenceClass {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d)?.parse().map_err(serde::de::Error::custom)
    }
}

/// One class on the licence.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LicenceEntry {
    pub class: LicenceClass,
    pub issue_date: Date,
    /// None: does not expire.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expiry: Option<Date>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unknown: Vec<RawDataObject>,
}

/// Driving licence, type code 3, file `0203`.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DrivingLicence {
    pub header: Header,
    pub licence_number: String,
    pub classes: Vec<LicenceEntry>,
    #[serde(default, skip_serializing_if = "Option::is_none", with = "opt_hex")]
    pub signature: Option<Vec<u8>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unknown: Vec<RawDataObject>,
}

impl DrivingLicence {
    pub const ELEMENTS: &'static [Element] = &[LICENCE_NUMBER, CLASSES];
}

document_api!(DrivingLicence);

impl Kind for DrivingLicence {
    const TYPE: DocumentType = DocumentType::DrivingLicence;

    kind_accessors!();

    fn write_body(&self, w: &mut TlvWriter<'_>) {
        put_text(w, &LICENCE_NUMBER, &self.licence_number);
        for entry in &self.classes {
            w.write_constructed(CLASSES.tag, |w| {
                put_text(w, &CLASS, entry.class.as_str());
                put_date(w, &CLASS_ISSUE_DATE, entry.issue_date);
                put_opt_date(w, &CLASS_EXPIRY, entry.expiry);
                put_unknown(w, &entry.unknown);
            });
        }
    }

    fn read_body(header: Header, mut f: Fields<'_>, signature: Option<Vec<u8>>) -> Result<Self, DocumentError> {
        let licence_number = f.req_text(&LICENCE_NUMBER)?;
        let classes = read_list(&mut f, &CLASSES, |mut e| {
            let class = e.req_text(&CLASS)?;
            Ok(LicenceEntry {
                class: class.parse().map_err(|err: UnknownClass| invalid(e.document(), &CLASS, err.to_string()))?,
                issue_date: e.req_date(&CLASS_ISSUE_DATE)?,
                expiry: e.date(&CLASS_EXPIRY)?,
                unknown: e.rest(),
            })
        })?;
        if classes.is_empty() {
            return Err(DocumentError::Missing { document: Self::TYPE.name(), element: CLASSES.name });
        }
        Ok(Self { header, licence_number, classes, signature, unknown: f.rest() })
    }

    fn check_body(&self, _holder: Option<&Holder>, p: &str, v: &mut Validation) {
        checks::digits(v, p, &LICENCE_NUMBER, &self.licence_number, 12);
        checks::count(v, p, &CLASSES, self.classes.len());
        for (i, entry) in self.classes.iter().enumerate() {
            let at = format!("{p}.classes[{i}]");
            if let Some(first) = self.classes.iter().position(|other| other.class == entry.class).filter(|&j| j < i) {
                v.fail(format!("{at}.class"), format!("class {} is listed twice (also classes[{first}])", entry.class));
            }
            v.check(entry.issue_date <= self.header.issue_date, format!("{at}.issue_date"), || {
                format!("{} is after the licence's issue date ({})", entry.issue_date, self.header.issue_date)
            });
            check_validity(entry, &at, v);
            checks::unknown(v, &at, &entry.unknown, CLASS_ELEMENTS);
        }
    }
}

/// The per-class validity rules; `at` is the entry's path.
fn check_validity(entry: &LicenceEntry, at: &str, v: &mut Validation) {
    let class = entry.class;
    let expiry_at = format!("{at}.expiry");
    if let Some(expiry) = entry.expiry {
        checks::after(v, &expiry_at, expiry, "the class's issue date", entry.issue_date);
    }
    if entry.issue_date.year() < LAW_36_2024_FROM_YEAR {
        return;
    }
    match (class.validity(), entry.expiry) {
        (None, _) => v.fail(
            format!("{at}.class"),
            format!("{class} is a legacy class (Circular 12/2017); none is issued from 1 January 2025 (Law 36/2024)"),
        ),
        (Some(ClassValidity::Unlimited), Some(_)) => {
            v.fail(expiry_at, format!("class {class} does not expire (Law 36/2024 Art. 57); leave the expiry out"))
        }
        (Some(ClassValidity::Years(n)), None) => v.fail(
            expiry_at,
            format!("class {class} is valid for at most {n} years (Law 36/2024 Art. 57); an expiry is required"),
        ),
        (Some(ClassValidity::Years(n)), Some(expiry)) => {
            let limit = entry.issue_date.add_years(n);
            v.check(expiry <= limit, expiry_at, || {
                format!("class {class} is valid for at most {n} years (Law 36/2024 Art. 57): {expiry} is after {limit}")
            });
        }
        (Some(ClassValidity::Unlimited), None) => {}
    }
}
