//! The header every document starts with: what it is, which schema wrote it, its number, who issued it, when,
//! and until when.

use cccd_lds::{Date, Validation};
use cccd_tlv::{Tlv, TlvWriter};

use crate::codec::{Fields, RawDataObject, put_date, put_opt_date, put_text, put_unknown};
use crate::doc_type::{ExpiryRule, SCHEMA_VERSION};
use crate::schema::{Element, Format};
use crate::{DocumentError, DocumentType, checks};

pub const DOCUMENT_TYPE: Element = Element::primitive(0x80, "document_type", Format::U8, true, 1);
pub const SCHEMA: Element = Element::primitive(0x81, "schema_version", Format::U8, true, 1);
pub const DOCUMENT_NUMBER: Element = Element::primitive(0x82, "document_number", Format::Utf8, true, 32);
pub const ISSUING_AUTHORITY: Element = Element::primitive(0x83, "issuing_authority", Format::Utf8, true, 150);
pub const ISSUE_DATE: Element = Element::date(0x84, "issue_date", true);
pub const EXPIRY: Element = Element::date(0x85, "expiry", false);
pub const ELEMENTS: &[Element] = &[DOCUMENT_TYPE, SCHEMA, DOCUMENT_NUMBER, ISSUING_AUTHORITY, ISSUE_DATE, EXPIRY];

/// The header data object (`A0`). The document type is not a field: the Rust type (and the outer tag) says it.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Header {
    #[serde(default = "current_schema")]
    pub schema_version: u8,
    pub document_number: String,
    pub issuing_authority: String,
    pub issue_date: Date,
    /// None for documents that do not expire.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expiry: Option<Date>,
    /// Header objects a newer schema added.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unknown: Vec<RawDataObject>,
}

fn current_schema() -> u8 {
    SCHEMA_VERSION
}

impl Header {
    /// A header in the current schema version.
    pub fn new(document_number: impl Into<String>, issuing_authority: impl Into<String>, issue_date: Date) -> Self {
        Self {
            schema_version: SCHEMA_VERSION,
            document_number: document_number.into(),
            issuing_authority: issuing_authority.into(),
            issue_date,
            expiry: None,
            unknown: Vec::new(),
        }
    }

    pub(crate) fn write(&self, ty: DocumentType, w: &mut TlvWriter<'_>) {
        w.write_primitive(DOCUMENT_TYPE.tag, &[ty.code()]);
        w.write_primitive(SCHEMA.tag, &[self.schema_version]);
        put_text(w, &DOCUMENT_NUMBER, &self.document_number);
        put_text(w, &ISSUING_AUTHORITY, &self.issuing_authority);
        put_date(w, &ISSUE_DATE, self.issue_date);
        put_opt_date(w, &EXPIRY, self.expiry);
        put_unknown(w, &self.unknown);
    }

    pub(crate) fn read(ty: DocumentType, tlv: &Tlv<'_>) -> Result<Self, DocumentError> {
        let mut f = Fields::of(ty.name(), tlv)?;
        let code = f.req_u8(&DOCUMENT_TYPE)?;
        if code != ty.code() {
            return Err(DocumentError::TypeMismatch { document: ty.name(), code });
        }
        Ok(Self {
            schema_version: f.req_u8(&SCHEMA)?,
            document_number: f.req_text(&DOCUMENT_NUMBER)?,
            issuing_authority: f.req_text(&ISSUING_AUTHORITY)?,
            issue_date: f.req_date(&ISSUE_DATE)?,
            expiry: f.date(&EXPIRY)?,
            unknown: f.rest(),
        })
    }

    /// Rules every header follows; `p` is the header's path.
    pub(crate) fn validate(&self, ty: DocumentType, p: &str, v: &mut Validation) {
        v.check(self.schema_version == SCHEMA_VERSION, format!("{p}.schema_version"), || {
            format!("schema version {} is not the supported version {SCHEMA_VERSION}", self.schema_version)
        });
        checks::text(v, p, &DOCUMENT_NUMBER, &self.document_number);
        checks::text(v, p, &ISSUING_AUTHORITY, &self.issuing_authority);
        let expiry_path = format!("{p}.expiry");
        match (ty.expiry_rule(), self.expiry) {
            (ExpiryRule::Required, None) => v.fail(expiry_path, format!("a {} always has an expiry date", ty.name())),
            (ExpiryRule::Forbidden, Some(_)) => {
                v.fail(expiry_path, format!("a {} does not expire; leave the expiry out", ty.name()))
            }
            (_, Some(expiry)) => checks::not_before(v, &expiry_path, expiry, "the issue date", self.issue_date),
            (_, None) => {}
        }
        checks::unknown(v, p, &self.unknown, ELEMENTS);
    }
}
