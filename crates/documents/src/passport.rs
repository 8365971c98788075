//! Passport (hộ chiếu): the TD3 data page as typed fields plus the two MRZ lines as printed. Validation
//! recomputes every check digit from the lines and checks that the lines say what the fields say.
//!
//! MRZ arithmetic (check digits, transliteration, the truncated name field) is `cccd-lds`'s.

use cccd_lds::{Date, Sex, Validation, check_digit, name_field};
use cccd_tlv::TlvWriter;

use crate::codec::{Fields, RawDataObject, opt_hex, put_date, put_opt_text, put_sex, put_text};
use crate::kind::{Kind, document_api, kind_accessors};
use crate::schema::{Element, Format};
use crate::{DocumentError, DocumentType, Header, Holder, checks};

pub const PASSPORT_NUMBER: Element = Element::primitive(0x80, "passport_number", Format::Ascii, true, 9);
pub const ISSUING_STATE: Element = Element::primitive(0x81, "issuing_state", Format::Ascii, true, 3);
pub const SURNAME: Element = Element::primitive(0x82, "surname", Format::Utf8, true, 100);
pub const GIVEN_NAMES: Element = Element::primitive(0x83, "given_names", Format::Utf8, true, 100);
pub const NATIONALITY: Element = Element::primitive(0x84, "nationality", Format::Ascii, true, 3);
pub const BIRTH_DATE: Element = Element::date(0x85, "birth_date", true);
pub const SEX: Element = Element::primitive(0x86, "sex", Format::Sex, true, 1);
pub const EXPIRY: Element = Element::date(0x87, "expiry", true);
pub const OPTIONAL_DATA: Element = Element::primitive(0x88, "optional_data", Format::Ascii, false, 14);
pub const MRZ_LINE1: Element = Element::primitive(0x89, "mrz_line1", Format::Ascii, true, 44);
pub const MRZ_LINE2: Element = Element::primitive(0x8A, "mrz_line2", Format::Ascii, true, 44);

/// Passport, type code 4, file `0204`.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Passport {
    pub header: Header,
    /// Up to 9 characters `A`–`Z`, `0`–`9`.
    pub passport_number: String,
    /// ICAO 3-letter code (`VNM`).
    pub issuing_state: String,
    /// As printed in the visual zone, with diacritics.
    pub surname: String,
    pub given_names: String,
    pub nationality: String,
    pub birth_date: Date,
    pub sex: Sex,
    pub expiry: Date,
    /// TD3 line 2 positions 29–42 (personal number or other optional data), without filler.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub optional_data: Option<String>,
    pub mrz_line1: String,
    pub mrz_line2: String,
    #[serde(default, skip_serializing_if = "Option::is_none", with = "opt_hex")]
    pub signature: Option<Vec<u8>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unknown: Vec<RawDataObject>,
}

impl Passport {
    pub const ELEMENTS: &'static [Element] = &[
        PASSPORT_NUMBER,
        ISSUING_STATE,
        SURNAME,
        GIVEN_NAMES,
        NATIONALITY,
        BIRTH_DATE,
        SEX,
        EXPIRY,
        OPTIONAL_DATA,
        MRZ_LINE1,
        MRZ_LINE2,
    ];

    /// The two TD3 lines the typed fields call for (document code `P<`; names transliterated without
    /// diacritics and truncated as ICAO 9303-3 §4.6 says; an empty optional field gets `<` as its check digit).
    /// Helps write a profile.
    pub fn computed_mrz(&self) -> (String, String) {
        let line1 = format!("P<{}{}", pad(&self.issuing_state, 3), name_field(&self.surname, &self.given_names, 39));
        let number = pad(&self.passport_number, 9);
        let optional = pad(self.optional_data.as_deref().unwrap_or(""), 14);
        let digit = |s: &str| check_digit(s).unwrap_or('<');
        let optional_digit = if optional.bytes().all(|b| b == b'<') { '<' } else { digit(&optional) };
        let (dob, expiry) = (self.birth_date.to_yymmdd(), self.expiry.to_yymmdd());
        let mut line2 = format!(
            "{number}{}{}{dob}{}{}{expiry}{}{optional}{optional_digit}",
            digit(&number),
            pad(&self.nationality, 3),
            digit(&dob),
            self.sex.mrz_char(),
            digit(&expiry),
        );
        let composite = composite_input(&line2);
        line2.push(digit(&composite));
        (line1, line2)
    }

    fn check_line1(&self, line: &str, at: &str, v: &mut Validation) {
        if !check_line_form(line, at, v) {
            return;
        }
        v.check(line.starts_with('P'), at, || {
            format!("starts with {:?}; a passport's document code starts with P", &line[..1])
        });
        let state = pad(&self.issuing_state, 3);
        v.check(line[2..5] == state, at, || {
            format!("positions 3–5 read {:?}, but issuing_state gives {state:?}", &line[2..5])
        });
        let (name, expected) = (&line[5..], name_field(&self.surname, &self.given_names, 39));
        v.check(name == expected, at, || {
            format!("positions 6–44 read {name:?}, but surname and given_names give {expected:?}")
        });
    }

    fn check_line2(&self, line: &str, at: &str, v: &mut Validation) {
        if !check_line_form(line, at, v) {
            return;
        }
        // Every check digit, recomputed from the line itself.
        let composite = composite_input(line);
        let digits: [(&str, usize, &str); 5] = [
            (&line[0..9], 9, "document number"),
            (&line[13..19], 19, "date of birth"),
            (&line[21..27], 27, "expiry date"),
            (&line[28..42], 42, "optional data"),
            (&composite, 43, "composite"),
        ];
        for (field, pos, what) in digits {
            let found = char::from(line.as_bytes()[pos]);
            let computed = check_digit(field).unwrap_or('0');
            let filler_ok = pos == 42 && found == '<' && field.bytes().all(|b| b == b'<');
            v.check(found == computed || filler_ok, at, || {
                format!("position {} (check digit of the {what}) is {found:?}, computed {computed}", pos + 1)
            });
        }
        // What the fields say.
        let dob = self.birth_date.to_yymmdd();
        let expiry = self.expiry.to_yymmdd();
        let optional = pad(self.optional_data.as_deref().unwrap_or(""), 14);
        let fields = [
            (0..9, pad(&self.passport_number, 9), "passport_number"),
            (10..13, pad(&self.nationality, 3), "nationality"),
            (13..19, dob, "birth_date"),
            (21..27, expiry, "expiry"),
            (28..42, optional, "optional_data"),
        ];
        for (range, expected, field) in fields {
            let read = &line[range.clone()];
            v.check(read == expected, at, || {
                format!("positions {}–{} read {read:?}, but {field} gives {expected:?}", range.start + 1, range.end)
            });
        }
        let sex = char::from(line.as_bytes()[20]);
        v.check(Sex::from_mrz_char(sex) == Some(self.sex), at, || {
            format!("position 21 reads {sex:?}, but sex gives {:?}", self.sex.mrz_char())
        });
    }
}

/// `s` followed by `<` up to `len` characters (longer input is returned as is: the field checks report it).
fn pad(s: &str, len: usize) -> String {
    let mut out = s.to_owned();
    while out.chars().count() < len {
        out.push('<');
    }
    out
}

/// Line 2 positions 1–10, 14–20 and 22–43: what the composite check digit covers.
fn composite_input(line2: &str) -> String {
    [line2.get(0..10), line2.get(13..20), line2.get(21..43)].into_iter().flatten().collect()
}

/// 44 characters of the MRZ alphabet; only then are positions checked (and slicing is safe: all ASCII).
fn check_line_form(line: &str, at: &str, v: &mut Validation) -> bool {
    let n = line.chars().count();
    if n != 44 {
        v.fail(at, format!("is {n} characters; a TD3 line has 44"));
        return false;
    }
    if let Some(bad) = line.chars().find(|c| !u8::try_from(*c).is_ok_and(is_mrz_char)) {
        v.fail(at, format!("contains {bad:?}; only A–Z, 0–9 and < are allowed"));
        return false;
    }
    true
}

fn is_alnum(b: u8) -> bool {
    b.is_ascii_uppercase() || b.is_ascii_digit()
}

fn is_state_char(b: u8) -> bool {
    b.is_ascii_uppercase() || b == b'<'
}

fn is_mrz_char(b: u8) -> bool {
    is_alnum(b) || b == b'<'
}

document_api!(Passport);

impl Kind for Passport {
    const TYPE: DocumentType = DocumentType::Passport;

    kind_accessors!();

    fn write_body(&self, w: &mut TlvWriter<'_>) {
        put_text(w, &PASSPORT_NUMBER, &self.passport_number);
        put_text(w, &ISSUING_STATE, &self.issuing_state);
        put_text(w, &SURNAME, &self.surname);
        put_text(w, &GIVEN_NAMES, &self.given_names);
        put_text(w, &NATIONALITY, &self.nationality);
        put_date(w, &BIRTH_DATE, self.birth_date);
        put_sex(w, &SEX, self.sex);
        put_date(w, &EXPIRY, self.expiry);
        put_opt_text(w, &OPTIONAL_DATA, self.optional_data.as_deref());
        put_text(w, &MRZ_LINE1, &self.mrz_line1);
        put_text(w, &MRZ_LINE2, &self.mrz_line2);
    }

    fn read_body(header: Header, mut f: Fields<'_>, signature: Option<Vec<u8>>) -> Result<Self, DocumentError> {
        Ok(Self {
            header,
            passport_number: f.req_text(&PASSPORT_NUMBER)?,
            issuing_state: f.req_text(&ISSUING_STATE)?,
            surname: f.req_text(&SURNAME)?,
            given_names: f.req_text(&GIVEN_NAMES)?,
            nationality: f.req_text(&NATIONALITY)?,
            birth_date: f.req_date(&BIRTH_DATE)?,
            sex: f.req_sex(&SEX)?,
            expiry: f.req_date(&EXPIRY)?,
            optional_data: f.text(&OPTIONAL_DATA)?,
            mrz_line1: f.req_text(&MRZ_LINE1)?,
            mrz_line2: f.req_text(&MRZ_LINE2)?,
            signature,
            unknown: f.rest(),
        })
    }

    fn check_body(&self, holder: Option<&Holder>, p: &str, v: &mut Validation) {
        let at = |e: &Element| checks::path(p, e);
        checks::text(v, p, &PASSPORT_NUMBER, &self.passport_number);
        checks::chars(v, p, &PASSPORT_NUMBER, &self.passport_number, is_alnum, "A–Z and 0–9");
        for (e, value) in [(&ISSUING_STATE, &self.issuing_state), (&NATIONALITY, &self.nationality)] {
            v.check(value.len() == 3, at(e), || format!("{value:?} is not a 3-letter code"));
            checks::chars(v, p, e, value, is_state_char, "A–Z and <");
        }
        checks::text(v, p, &SURNAME, &self.surname);
        checks::text(v, p, &GIVEN_NAMES, &self.given_names);
        checks::opt_text(v, p, &OPTIONAL_DATA, self.optional_data.as_deref());
        if let Some(optional) = &self.optional_data {
            checks::chars(v, p, &OPTIONAL_DATA, optional, is_mrz_char, "A–Z, 0–9 and <");
        }
        v.check(self.passport_number == self.header.document_number, at(&PASSPORT_NUMBER), || {
            format!("differs from the header's document_number ({:?})", self.header.document_number)
        });
        if let Some(header_expiry) = self.header.expiry {
            v.check(self.expiry == header_expiry, at(&EXPIRY), || {
                format!("{} differs from the header's expiry ({header_expiry})", self.expiry)
            });
        }
        checks::after(v, &at(&EXPIRY), self.expiry, "the issue date", self.header.issue_date);
        v.check(self.birth_date < self.header.issue_date, at(&BIRTH_DATE), || {
            format!("{} is not before the issue date ({})", self.birth_date, self.header.issue_date)
        });
        self.check_line1(&self.mrz_line1, &at(&MRZ_LINE1), v);
        self.check_line2(&self.mrz_line2, &at(&MRZ_LINE2), v);
        if let Some(holder) = holder {
            v.check(self.birth_date == holder.birth_date, at(&BIRTH_DATE), || {
                format!("{} is not the card holder's date of birth ({})", self.birth_date, holder.birth_date)
            });
            v.check(self.sex == holder.sex, at(&SEX), || {
                format!("{:?} is not the card holder's sex ({:?})", self.sex, holder.sex)
            });
            let name = format!("{} {}", self.surname, self.given_names);
            v.check(checks::same_name(&name, &holder.full_name), at(&SURNAME), || {
                format!("surname and given names {name:?} are not the card holder's name {:?}", holder.full_name)
            });
        }
    }
}
