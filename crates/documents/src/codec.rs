//! Reading and writing element values, and keeping unknown data objects.
//!
//! Decoding is strict about structure (a mandatory element missing, a single element repeated, text that is
//! not UTF-8, a date that is not a day) and lenient about values (a digit string of the wrong length decodes
//! and is reported by validation), so a profile can be read back from a card and shown even when it is wrong.

use std::fmt;

use cccd_lds::{Date, Sex};
use cccd_tlv::{Tag, Tlv, TlvWriter};

use crate::DocumentError;
use crate::schema::Element;

/// A data object this version of the schema does not know, kept exactly as read so that it is re-emitted
/// on encode (after the known elements of the same container) instead of being lost.
///
/// Always exactly one BER-TLV object. In profiles and JSON it is uppercase hex of the whole object.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct RawDataObject(Vec<u8>);

impl RawDataObject {
    /// Wraps `bytes` if they are exactly one BER-TLV object.
    pub fn new(bytes: Vec<u8>) -> Result<Self, cccd_tlv::Error> {
        let (_, rest) = Tlv::parse(&bytes)?;
        if !rest.is_empty() {
            return Err(cccd_tlv::Error::TrailingData { offset: bytes.len() - rest.len() });
        }
        Ok(Self(bytes))
    }

    pub(crate) fn from_tlv(tlv: &Tlv<'_>) -> Self {
        Self(tlv.raw().to_vec())
    }

    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// The object's tag (construction guarantees one).
    pub fn tag(&self) -> Option<Tag> {
        Tag::parse(&self.0).ok().map(|(tag, _)| tag)
    }
}

impl fmt::Debug for RawDataObject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "RawDataObject({})", hex::encode_upper(&self.0))
    }
}

impl serde::Serialize for RawDataObject {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&hex::encode_upper(&self.0))
    }
}

impl<'de> serde::Deserialize<'de> for RawDataObject {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = <String as serde::Deserialize>::deserialize(d)?;
        let bytes = hex::decode(text.trim()).map_err(serde::de::Error::custom)?;
        Self::new(bytes).map_err(|e| serde::de::Error::custom(format!("not one BER-TLV object: {e}")))
    }
}

/// `Option<Vec<u8>>` as uppercase hex (for the signature).
pub(crate) use cccd_lds::serde_bin::opt_hex_bytes as opt_hex;

/// The children of one constructed object, taken out one element at a time; what is left is unknown.
pub(crate) struct Fields<'a> {
    document: &'static str,
    items: Vec<Option<Tlv<'a>>>,
}

impl<'a> Fields<'a> {
    /// The children of `parent` (padding between them is skipped).
    pub(crate) fn of(document: &'static str, parent: &Tlv<'a>) -> Result<Self, DocumentError> {
        let items = parent
            .children()
            .map(|child| child.map(Some))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|source| DocumentError::Tlv { document, source })?;
        Ok(Self { document, items })
    }

    pub(crate) fn document(&self) -> &'static str {
        self.document
    }

    /// The element if present; an error if it appears twice.
    pub(crate) fn take(&mut self, e: &Element) -> Result<Option<Tlv<'a>>, DocumentError> {
        let mut found = None;
        for slot in &mut self.items {
            if slot.is_some_and(|t| t.tag() == e.tag) {
                if found.is_some() {
                    return Err(DocumentError::Duplicate { document: self.document, element: e.name });
                }
                found = slot.take();
            }
        }
        Ok(found)
    }

    /// Every occurrence of a list element, in order.
    pub(crate) fn take_all(&mut self, e: &Element) -> Vec<Tlv<'a>> {
        self.items.iter_mut().filter(|slot| slot.is_some_and(|t| t.tag() == e.tag)).filter_map(Option::take).collect()
    }

    pub(crate) fn required(&mut self, e: &Element) -> Result<Tlv<'a>, DocumentError> {
        self.take(e)?.ok_or(DocumentError::Missing { document: self.document, element: e.name })
    }

    pub(crate) fn text(&mut self, e: &Element) -> Result<Option<String>, DocumentError> {
        self.take(e)?.map(|t| text_value(self.document, e, &t)).transpose()
    }

    pub(crate) fn req_text(&mut self, e: &Element) -> Result<String, DocumentError> {
        let t = self.required(e)?;
        text_value(self.document, e, &t)
    }

    pub(crate) fn date(&mut self, e: &Element) -> Result<Option<Date>, DocumentError> {
        self.take(e)?.map(|t| date_value(self.document, e, &t)).transpose()
    }

    pub(crate) fn req_date(&mut self, e: &Element) -> Result<Date, DocumentError> {
        let t = self.required(e)?;
        date_value(self.document, e, &t)
    }

    pub(crate) fn req_sex(&mut self, e: &Element) -> Result<Sex, DocumentError> {
        let t = self.required(e)?;
        match t.value() {
            [c] => Sex::from_mrz_char(char::from(*c)),
            _ => None,
        }
        .ok_or_else(|| invalid(self.document, e, format!("{:02X?} is not M, F or <", t.value())))
    }

    pub(crate) fn req_u8(&mut self, e: &Element) -> Result<u8, DocumentError> {
        let t = self.required(e)?;
        match t.value() {
            [b] => Ok(*b),
            v => Err(invalid(self.document, e, format!("is {} bytes; one expected", v.len()))),
        }
    }

    /// What no element took, in the order read.
    pub(crate) fn rest(self) -> Vec<RawDataObject> {
        self.items.iter().flatten().map(RawDataObject::from_tlv).collect()
    }
}

pub(crate) fn invalid(document: &'static str, e: &Element, reason: impl Into<String>) -> DocumentError {
    DocumentError::Invalid { document, element: e.name, reason: reason.into() }
}

fn text_value(document: &'static str, e: &Element, t: &Tlv<'_>) -> Result<String, DocumentError> {
    String::from_utf8(t.value().to_vec()).map_err(|_| invalid(document, e, "is not UTF-8"))
}

fn date_value(document: &'static str, e: &Element, t: &Tlv<'_>) -> Result<Date, DocumentError> {
    let text = std::str::from_utf8(t.value()).map_err(|_| invalid(document, e, "is not an ASCII date"))?;
    Date::parse_yyyymmdd(text).map_err(|err| invalid(document, e, err.to_string()))
}

pub(crate) fn put_text(w: &mut TlvWriter<'_>, e: &Element, value: &str) {
    w.write_primitive(e.tag, value.as_bytes());
}

pub(crate) fn put_opt_text(w: &mut TlvWriter<'_>, e: &Element, value: Option<&str>) {
    if let Some(value) = value {
        put_text(w, e, value);
    }
}

pub(crate) fn put_date(w: &mut TlvWriter<'_>, e: &Element, date: Date) {
    w.write_primitive(e.tag, date.to_yyyymmdd().as_bytes());
}

pub(crate) fn put_opt_date(w: &mut TlvWriter<'_>, e: &Element, date: Option<Date>) {
    if let Some(date) = date {
        put_date(w, e, date);
    }
}

pub(crate) fn put_sex(w: &mut TlvWriter<'_>, e: &Element, sex: Sex) {
    let mut buf = [0u8; 4];
    w.write_primitive(e.tag, sex.mrz_char().encode_utf8(&mut buf).as_bytes());
}

/// Re-emits unknown objects as they were read.
pub(crate) fn put_unknown(w: &mut TlvWriter<'_>, unknown: &[RawDataObject]) {
    for raw in unknown {
        // Each holds exactly one object (see `RawDataObject::new`), so this writes all its bytes.
        if let Ok((tlv, _)) = Tlv::parse(raw.as_bytes()) {
            w.write_raw(&tlv);
        }
    }
}

/// Decodes a list element's entries with `read`, reporting the first failure.
pub(crate) fn read_list<'a, T>(
    fields: &mut Fields<'a>,
    e: &Element,
    mut read: impl FnMut(Fields<'a>) -> Result<T, DocumentError>,
) -> Result<Vec<T>, DocumentError> {
    let document = fields.document();
    fields.take_all(e).iter().map(|entry| Fields::of(document, entry).and_then(&mut read)).collect()
}
