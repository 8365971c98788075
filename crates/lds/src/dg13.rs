//! DG13 as CCCD cards use it: Vietnamese personal data as numbered fields (standards notes §3.4),
//! `6D { 30 { 02 01 01, 06 06 28D316010008, 31 { 30 { 02 01 nn, value } … } } }`.
//!
//! Fields are identified by their number, never by position or byte offset; any string type is accepted;
//! fields this crate does not understand are kept raw so that nothing read from a card is lost.

use cccd_tlv::{Tag, Tlv, TlvIter, encode_length};
use serde::{Deserialize, Serialize};

use crate::asn1::{integer_bytes, read_integer, read_string, string_tag};
use crate::tags::{DG13, INTEGER, OBJECT_IDENTIFIER, SEQUENCE, SET};
use crate::{Date, LdsError, PersonalNumber, Sex, Validation};

const FILE: &str = "DG13";

/// OID 1.0.10646.1.0.8 (ISO 10646 UTF-8 form), as DER content bytes.
pub const UTF8_FORM_OID: [u8; 6] = [0x28, 0xD3, 0x16, 0x01, 0x00, 0x08];

/// A date as the card writes it (`dd/mm/yyyy`): typed when it is one, else the card's text
/// (e.g. an expiry written in words for a card without end date). JSON: `YYYY-MM-DD` or the text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum CardDate {
    Date(Date),
    Text(String),
}

impl CardDate {
    /// The text on the card.
    pub fn card_text(&self) -> String {
        match self {
            Self::Date(d) => d.to_dmy(),
            Self::Text(t) => t.clone(),
        }
    }

    /// Exactly `dd/mm/yyyy` and a real day → a date; anything else is kept as text.
    pub fn from_card_text(text: &str) -> Self {
        let b = text.as_bytes();
        let shaped = b.len() == 10 && b.get(2) == Some(&b'/') && b.get(5) == Some(&b'/');
        match Date::parse_dmy(text) {
            Ok(d) if shaped => Self::Date(d),
            _ => Self::Text(text.to_owned()),
        }
    }

    pub fn date(&self) -> Option<Date> {
        match self {
            Self::Date(d) => Some(*d),
            Self::Text(_) => None,
        }
    }
}

impl Default for CardDate {
    fn default() -> Self {
        Self::Text(String::new())
    }
}

/// A field kept as read: its number and the bytes after the number inside its SEQUENCE, or (number `None`) an
/// element of the SET that is not a numbered field, written back verbatim.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RawField {
    pub number: Option<u32>,
    /// Hex in JSON.
    #[serde(with = "crate::serde_bin::hex_bytes")]
    pub raw: Vec<u8>,
}

/// The Vietnamese personal data. Fields 1–12 are always written (empty when absent on a card that was read).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dg13 {
    /// 1: số định danh cá nhân (12 digits).
    pub personal_number: String,
    /// 2: họ và tên.
    pub full_name: String,
    /// 3: ngày sinh.
    pub birth_date: CardDate,
    /// 4: giới tính (`Nam` / `Nữ`).
    pub sex: String,
    /// 5: quốc tịch (`Việt Nam`).
    pub nationality: String,
    /// 6: dân tộc.
    pub ethnicity: String,
    /// 7: tôn giáo.
    pub religion: String,
    /// 8: quê quán.
    pub place_of_origin: String,
    /// 9: nơi thường trú.
    pub place_of_residence: String,
    /// 10: đặc điểm nhận dạng.
    pub identifying_marks: String,
    /// 11: ngày cấp.
    pub issue_date: CardDate,
    /// 12: ngày hết hạn.
    pub expiry_date: CardDate,
    /// 13 (first parent).
    #[serde(default)]
    pub father_name: Option<String>,
    /// 13 (second parent).
    #[serde(default)]
    pub mother_name: Option<String>,
    /// 14: vợ/chồng.
    #[serde(default)]
    pub spouse_name: Option<String>,
    /// 15: old 9-digit CMND number.
    #[serde(default)]
    pub old_id_number: Option<String>,
    /// 16: meaning unconfirmed; the bytes after the field number, as read (hex).
    #[serde(default, with = "crate::serde_bin::opt_hex_bytes")]
    pub field_16: Option<Vec<u8>>,
    /// Fields with other numbers, or that did not have the expected shape.
    #[serde(default)]
    pub unknown_fields: Vec<RawField>,
}

impl Dg13 {
    /// Field numbers and the model fields they fill.
    pub const FIELD_NAMES: [(u32, &'static str); 16] = [
        (1, "personal_number"),
        (2, "full_name"),
        (3, "birth_date"),
        (4, "sex"),
        (5, "nationality"),
        (6, "ethnicity"),
        (7, "religion"),
        (8, "place_of_origin"),
        (9, "place_of_residence"),
        (10, "identifying_marks"),
        (11, "issue_date"),
        (12, "expiry_date"),
        (13, "father_name, mother_name"),
        (14, "spouse_name"),
        (15, "old_id_number"),
        (16, "field_16"),
    ];

    /// Field numbers written as PrintableString when their text allows (as observed on cards).
    pub const PRINTABLE_FIELDS: [u32; 4] = [1, 3, 11, 15];

    /// The numbered simple string fields 1–12 in order.
    fn simple_fields(&self) -> [(u32, String); 12] {
        [
            (1, self.personal_number.clone()),
            (2, self.full_name.clone()),
            (3, self.birth_date.card_text()),
            (4, self.sex.clone()),
            (5, self.nationality.clone()),
            (6, self.ethnicity.clone()),
            (7, self.religion.clone()),
            (8, self.place_of_origin.clone()),
            (9, self.place_of_residence.clone()),
            (10, self.identifying_marks.clone()),
            (11, self.issue_date.card_text()),
            (12, self.expiry_date.card_text()),
        ]
    }

    fn set_simple(&mut self, n: u32, text: String) {
        match n {
            1 => self.personal_number = text,
            2 => self.full_name = text,
            3 => self.birth_date = CardDate::from_card_text(&text),
            4 => self.sex = text,
            5 => self.nationality = text,
            6 => self.ethnicity = text,
            7 => self.religion = text,
            8 => self.place_of_origin = text,
            9 => self.place_of_residence = text,
            10 => self.identifying_marks = text,
            11 => self.issue_date = CardDate::from_card_text(&text),
            12 => self.expiry_date = CardDate::from_card_text(&text),
            15 => self.old_id_number = Some(text),
            _ => {}
        }
    }

    /// DER, fields in number order: 1–12, 13 as one SEQUENCE per parent (an empty SEQUENCE for a missing first
    /// parent), 14 and 15 only when present, 16 and unknown fields as read.
    pub fn encode(&self) -> Vec<u8> {
        let mut set = Vec::new();
        let string = |text: &str, printable: bool| tlv(string_tag(text, printable), text.as_bytes());
        for (n, text) in self.simple_fields() {
            set.extend(field(n, &string(&text, Self::PRINTABLE_FIELDS.contains(&n))));
        }
        if self.father_name.is_some() || self.mother_name.is_some() {
            let parent =
                |name: &Option<String>| tlv(SEQUENCE, &name.as_deref().map_or(Vec::new(), |n| string(n, false)));
            let mut body = parent(&self.father_name);
            if self.mother_name.is_some() {
                body.extend(parent(&self.mother_name));
            }
            set.extend(field(13, &body));
        }
        if let Some(spouse) = &self.spouse_name {
            set.extend(field(14, &tlv(SEQUENCE, &string(spouse, false))));
        }
        if let Some(old) = &self.old_id_number {
            set.extend(field(15, &string(old, true)));
        }
        if let Some(raw) = &self.field_16 {
            set.extend(field(16, raw));
        }
        for unknown in &self.unknown_fields {
            match unknown.number {
                Some(n) => set.extend(field(n, &unknown.raw)),
                None => set.extend_from_slice(&unknown.raw),
            }
        }
        let mut content = tlv(INTEGER, &[1]);
        content.extend(tlv(OBJECT_IDENTIFIER, &UTF8_FORM_OID));
        content.extend(tlv(SET, &set));
        tlv(DG13, &tlv(SEQUENCE, &content))
    }

    /// Decodes the whole file. Version and OID are not required; the SET is found by tag.
    ///
    /// # Errors
    /// TLV errors, another outer tag, or no SEQUENCE/SET.
    pub fn decode(bytes: &[u8]) -> Result<Self, LdsError> {
        let err = LdsError::tlv(FILE);
        let tlv = Tlv::parse_single(bytes).map_err(&err)?;
        if tlv.tag() != DG13 {
            return Err(LdsError::UnexpectedTag { file: FILE, expected: DG13, found: tlv.tag() });
        }
        let content = tlv.find(SEQUENCE).map_err(&err)?.ok_or(LdsError::Missing { file: FILE, what: "SEQUENCE" })?;
        let set = content.find(SET).map_err(&err)?.ok_or(LdsError::Missing { file: FILE, what: "SET of fields" })?;
        let mut dg = Self::default();
        let mut seen = Vec::new();
        for element in set.children() {
            let element = element.map_err(&err)?;
            match Self::numbered(&element) {
                Some((n, rest)) if !seen.contains(&n) && dg.take_field(n, rest) => seen.push(n),
                Some((n, rest)) => dg.unknown_fields.push(RawField { number: Some(n), raw: rest.to_vec() }),
                None => dg.unknown_fields.push(RawField { number: None, raw: element.raw().to_vec() }),
            }
        }
        Ok(dg)
    }

    /// `30 { 02 nn, rest… }` → (nn, the bytes of rest).
    fn numbered<'a>(element: &Tlv<'a>) -> Option<(u32, &'a [u8])> {
        if element.tag() != SEQUENCE {
            return None;
        }
        let (int, rest) = Tlv::parse(element.value()).ok()?;
        (int.tag() == INTEGER).then_some(())?;
        Some((read_integer(int.value())?, rest))
    }

    /// Stores a field when its value has the shape its number needs; `false` to keep it raw.
    fn take_field(&mut self, n: u32, rest: &[u8]) -> bool {
        let Ok(elements) = TlvIter::new(rest).collect::<Result<Vec<_>, _>>() else {
            return false;
        };
        match n {
            1..=12 | 15 => match elements.as_slice() {
                [one] => read_string(one).map(|text| self.set_simple(n, text)).is_some(),
                _ => false,
            },
            13 => match parent_slots(&elements) {
                Some(slots) if slots.len() <= 2 => {
                    let mut it = slots.into_iter();
                    self.father_name = it.next().flatten();
                    self.mother_name = it.next().flatten();
                    true
                }
                _ => false,
            },
            14 => match parent_slots(&elements) {
                Some(slots) if slots.len() <= 1 => {
                    self.spouse_name = slots.into_iter().next().flatten();
                    true
                }
                _ => false,
            },
            16 => {
                self.field_16 = Some(rest.to_vec());
                true
            }
            _ => false,
        }
    }

    /// Required fields, sizes that fit, the personal number against birth date and sex, real and ordered dates.
    pub fn validate(&self, v: &mut Validation) {
        match self.personal_number.parse::<PersonalNumber>() {
            Ok(number) => {
                let sex = Sex::from_vietnamese(&self.sex);
                if let Some(birth) = self.birth_date.date() {
                    number.check_holder("personal_number", birth, sex, v);
                }
            }
            Err(e) => v.fail("personal_number", e.to_string()),
        }
        v.text("full_name", &self.full_name, true, 100);
        v.check(matches!(self.sex.as_str(), "Nam" | "Nữ"), "sex", || {
            format!("{:?} must be \"Nam\" or \"Nữ\"", self.sex)
        });
        v.text("nationality", &self.nationality, true, 100);
        v.text("ethnicity", &self.ethnicity, false, 100);
        v.text("religion", &self.religion, false, 100);
        v.text("place_of_origin", &self.place_of_origin, false, 255);
        v.text("place_of_residence", &self.place_of_residence, false, 255);
        v.text("identifying_marks", &self.identifying_marks, false, 255);
        for (path, name) in
            [("father_name", &self.father_name), ("mother_name", &self.mother_name), ("spouse_name", &self.spouse_name)]
        {
            if let Some(name) = name {
                v.text(path, name, true, 100);
            }
        }
        if let Some(old) = &self.old_id_number {
            v.check(old.len() == 9 && old.bytes().all(|b| b.is_ascii_digit()), "old_id_number", || {
                format!("{old:?} must be 9 digits")
            });
        }
        let mut dates = Vec::new();
        for (path, d) in
            [("birth_date", &self.birth_date), ("issue_date", &self.issue_date), ("expiry_date", &self.expiry_date)]
        {
            match d {
                CardDate::Date(date) => dates.push((path, *date)),
                CardDate::Text(t) => v.fail(path, format!("{t:?} is not a dd/mm/yyyy date")),
            }
        }
        for pair in dates.windows(2) {
            if let [(p1, d1), (p2, d2)] = pair {
                v.check(d1 < d2, *p2, || format!("{d2} must be after {p1} {d1}"));
            }
        }
    }
}

/// Names of field 13/14 by slot: either one SEQUENCE of strings (one slot per string), several SEQUENCEs (one
/// slot per SEQUENCE, empty → `None`), or bare strings. `None` when something else is in there.
fn parent_slots(elements: &[Tlv<'_>]) -> Option<Vec<Option<String>>> {
    let non_empty = |s: String| (!s.is_empty()).then_some(s);
    let strings_of = |t: &Tlv<'_>| -> Option<Vec<String>> {
        TlvIter::new(t.value()).map(|c| c.ok().as_ref().and_then(read_string)).collect()
    };
    match elements {
        [] => Some(Vec::new()),
        [one] if one.tag() == SEQUENCE => Some(strings_of(one)?.into_iter().map(non_empty).collect()),
        many if many.iter().all(|t| t.tag() == SEQUENCE) => {
            many.iter().map(|t| Some(strings_of(t)?.into_iter().next().and_then(non_empty))).collect()
        }
        strings => strings.iter().map(|t| read_string(t).map(non_empty)).collect(),
    }
}

/// `tag ‖ DER length ‖ content` (content may hold raw bytes kept from a card, so no tree is built).
fn tlv(tag: Tag, content: &[u8]) -> Vec<u8> {
    let mut out = tag.to_bytes();
    encode_length(content.len(), &mut out);
    out.extend_from_slice(content);
    out
}

/// `30 { 02 n, body }`.
fn field(n: u32, body: &[u8]) -> Vec<u8> {
    let mut content = tlv(INTEGER, &integer_bytes(n));
    content.extend_from_slice(body);
    tlv(SEQUENCE, &content)
}
