//! What the eight document types share: the container around header and body, the bytes a signature
//! covers, and the generic encode / decode / validate built on each type's body.

use cccd_lds::Validation;
use cccd_tlv::{Tlv, TlvWriter};

use crate::codec::{Fields, RawDataObject, put_unknown};
use crate::doc_type::{BODY, HEADER, SIGNATURE};
use crate::{DocumentError, DocumentType, Header, Holder, checks};

/// One document type's body; everything else is generic.
pub(crate) trait Kind: Sized {
    const TYPE: DocumentType;
    fn header(&self) -> &Header;
    fn signature(&self) -> Option<&[u8]>;
    fn set_signature(&mut self, signature: Vec<u8>);
    /// Body objects this schema version does not know.
    fn unknown(&self) -> &[RawDataObject];
    /// The known body elements, in table order.
    fn write_body(&self, w: &mut TlvWriter<'_>);
    /// Takes the known elements from `f`; the rest becomes `unknown`.
    fn read_body(header: Header, f: Fields<'_>, signature: Option<Vec<u8>>) -> Result<Self, DocumentError>;
    /// The type's own rules; `p` is `documents.<type name>`.
    fn check_body(&self, holder: Option<&Holder>, p: &str, v: &mut Validation);
}

/// The file: `E<code> { A0 header, A1 body, [82 signature] }`.
pub(crate) fn encode<K: Kind>(d: &K) -> Vec<u8> {
    let mut out = Vec::new();
    TlvWriter::new(&mut out).write_constructed(K::TYPE.tag(), |w| {
        write_signed(d, w);
        if let Some(signature) = d.signature() {
            w.write_primitive(SIGNATURE.tag, signature);
        }
    });
    out
}

/// Header‖body exactly as [`encode`] writes them: what the issuing authority signs.
pub(crate) fn signed_data<K: Kind>(d: &K) -> Vec<u8> {
    let mut out = Vec::new();
    write_signed(d, &mut TlvWriter::new(&mut out));
    out
}

fn write_signed<K: Kind>(d: &K, w: &mut TlvWriter<'_>) {
    w.write_constructed(HEADER.tag, |w| d.header().write(K::TYPE, w));
    w.write_constructed(BODY.tag, |w| {
        d.write_body(w);
        put_unknown(w, d.unknown());
    });
}

/// A file split into its container parts, borrowed from the bytes read.
pub(crate) struct Parts<'a> {
    pub ty: DocumentType,
    pub header: Tlv<'a>,
    pub body: Tlv<'a>,
    pub signature: Option<Tlv<'a>>,
}

impl Parts<'_> {
    /// Header‖body as read (never re-encoded), so a signature verifies over what the card holds.
    pub fn signed_data(&self) -> Vec<u8> {
        [self.header.raw(), self.body.raw()].concat()
    }
}

pub(crate) fn split(bytes: &[u8]) -> Result<Parts<'_>, DocumentError> {
    let outer = Tlv::parse_single(bytes).map_err(|source| DocumentError::Tlv { document: "document", source })?;
    let ty = DocumentType::from_tag(outer.tag()).ok_or(DocumentError::UnknownDocument(outer.tag()))?;
    let document = ty.name();
    let tlv_err = |source| DocumentError::Tlv { document, source };
    let mut children = outer.children();
    let mut expect = |e: &crate::schema::Element| -> Result<Option<Tlv<'_>>, DocumentError> {
        match children.next().transpose().map_err(tlv_err)? {
            Some(t) if t.tag() == e.tag => Ok(Some(t)),
            Some(t) => Err(DocumentError::UnexpectedTag { document, expected: e.tag, found: t.tag() }),
            None if e.mandatory => Err(DocumentError::Missing { document, element: e.name }),
            None => Ok(None),
        }
    };
    let header = expect(&HEADER)?.ok_or(DocumentError::Missing { document, element: HEADER.name })?;
    let body = expect(&BODY)?.ok_or(DocumentError::Missing { document, element: BODY.name })?;
    let signature = match children.next().transpose().map_err(tlv_err)? {
        None => None,
        Some(t) if t.tag() == SIGNATURE.tag => Some(t),
        Some(t) => return Err(DocumentError::UnexpectedTag { document, expected: SIGNATURE.tag, found: t.tag() }),
    };
    if let Some(extra) = children.next().transpose().map_err(tlv_err)? {
        return Err(DocumentError::Trailing { document, found: extra.tag() });
    }
    Ok(Parts { ty, header, body, signature })
}

pub(crate) fn decode_parts<K: Kind>(parts: &Parts<'_>) -> Result<K, DocumentError> {
    let header = Header::read(K::TYPE, &parts.header)?;
    let fields = Fields::of(K::TYPE.name(), &parts.body)?;
    K::read_body(header, fields, parts.signature.map(|s| s.value().to_vec()))
}

/// Decodes a file that must hold a document of type `K`.
pub(crate) fn decode<K: Kind>(bytes: &[u8]) -> Result<K, DocumentError> {
    let parts = split(bytes)?;
    if parts.ty != K::TYPE {
        return Err(DocumentError::UnexpectedTag {
            document: K::TYPE.name(),
            expected: K::TYPE.tag(),
            found: parts.ty.tag(),
        });
    }
    decode_parts(&parts)
}

pub(crate) fn validate<K: Kind>(d: &K, holder: Option<&Holder>, v: &mut Validation) {
    let p = format!("documents.{}", K::TYPE.name());
    d.header().validate(K::TYPE, &format!("{p}.header"), v);
    d.check_body(holder, &p, v);
    checks::unknown(v, &p, d.unknown(), K::TYPE.body_elements());
    if let Some(signature) = d.signature() {
        let at = format!("{p}.signature");
        v.check(!signature.is_empty(), at.clone(), || "is present but empty; leave it out".to_owned());
        v.check(signature.len() <= SIGNATURE.max_len, at, || {
            format!("is {} bytes long; at most {} fit the card", signature.len(), SIGNATURE.max_len)
        });
    }
}

/// The accessors every document type implements the same way (its `header`, `signature` and `unknown` fields).
macro_rules! kind_accessors {
    () => {
        fn header(&self) -> &$crate::Header {
            &self.header
        }

        fn signature(&self) -> Option<&[u8]> {
            self.signature.as_deref()
        }

        fn set_signature(&mut self, signature: Vec<u8>) {
            self.signature = Some(signature);
        }

        fn unknown(&self) -> &[$crate::RawDataObject] {
            &self.unknown
        }
    };
}
pub(crate) use kind_accessors;

/// Inherent methods for a document type, delegating to the generic functions above.
macro_rules! document_api {
    ($t:ty) => {
        impl $t {
            pub const DOCUMENT_TYPE: $crate::DocumentType = <$t as $crate::kind::Kind>::TYPE;

            /// The file's bytes: `E<code> { A0 header, A1 body, [82 signature] }`.
            pub fn encode(&self) -> Vec<u8> {
                $crate::kind::encode(self)
            }

            /// Header‖body as [`Self::encode`] writes them: the bytes the issuing authority signs.
            pub fn signed_data(&self) -> Vec<u8> {
                $crate::kind::signed_data(self)
            }

            /// Reads a file of this type (padding around the object is allowed).
            pub fn decode(bytes: &[u8]) -> Result<Self, $crate::DocumentError> {
                $crate::kind::decode(bytes)
            }

            /// Every rule at once, under `documents.<type name>`; `holder` enables the cross-checks with the
            /// card holder.
            pub fn validate(&self, holder: Option<&$crate::Holder>, v: &mut cccd_lds::Validation) {
                $crate::kind::validate(self, holder, v)
            }
        }
    };
}
pub(crate) use document_api;
