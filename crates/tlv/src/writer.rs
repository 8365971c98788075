//! BER-TLV encoding with minimal DER lengths.
//!
//! Two ways in: an owned tree ([`TlvNode`]) whose sizes are computed before
//! writing, and a streaming [`TlvWriter`] that back-patches each constructed
//! length once its children are written. Both size a parent from the real
//! encoded size of its children, so a 127- or 128-byte child cannot make the
//! parent's length wrong (the `iso7816-tlv` 0.4 bug).

use crate::error::Error;
use crate::length::{encode_length, encode_length_array, length_encoded_len};
use crate::reader::{DEFAULT_MAX_DEPTH, Tlv, TlvIter};
use crate::tag::Tag;

/// Content of an owned TLV node.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Content {
    /// Opaque value bytes.
    Primitive(Vec<u8>),
    /// Nested objects, encoded one after another as the value.
    Constructed(Vec<TlvNode>),
}

/// An owned BER-TLV object, for building documents and for decoded trees.
///
/// The content kind is not checked against the tag's constructed bit: the codec
/// does not judge, but [`TlvNode::from_tlv`] decides by the bit, so a round trip
/// only preserves trees where the two agree.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TlvNode {
    /// The tag.
    pub tag: Tag,
    /// The value.
    pub content: Content,
}

impl TlvNode {
    /// A primitive object.
    #[must_use]
    pub fn primitive(tag: Tag, value: impl Into<Vec<u8>>) -> Self {
        Self { tag, content: Content::Primitive(value.into()) }
    }

    /// A constructed object.
    #[must_use]
    pub fn constructed(tag: Tag, children: Vec<Self>) -> Self {
        Self { tag, content: Content::Constructed(children) }
    }

    /// Copies a borrowed object into an owned tree, parsing constructed values
    /// (padding between children is dropped). Nesting is limited to
    /// [`DEFAULT_MAX_DEPTH`].
    ///
    /// # Errors
    /// Any parse error inside the value, or [`Error::TooDeep`].
    pub fn from_tlv(tlv: &Tlv<'_>) -> Result<Self, Error> {
        Self::from_tlv_depth(tlv, DEFAULT_MAX_DEPTH)
    }

    /// [`TlvNode::from_tlv`] with an explicit nesting limit (`tlv` itself is
    /// level 1).
    ///
    /// # Errors
    /// Any parse error inside the value, or [`Error::TooDeep`].
    pub fn from_tlv_depth(tlv: &Tlv<'_>, max_depth: usize) -> Result<Self, Error> {
        // Recursion is bounded by max_depth.
        fn go(tlv: &Tlv<'_>, left: usize, max_depth: usize) -> Result<TlvNode, Error> {
            if left == 0 {
                return Err(Error::TooDeep { max_depth });
            }
            let content = if tlv.is_constructed() {
                let children = TlvIter::new(tlv.value())
                    .map(|c| c.and_then(|c| go(&c, left - 1, max_depth)))
                    .collect::<Result<Vec<_>, _>>()?;
                Content::Constructed(children)
            } else {
                Content::Primitive(tlv.value().to_vec())
            };
            Ok(TlvNode { tag: tlv.tag(), content })
        }
        go(tlv, max_depth, max_depth)
    }

    /// Parses exactly one object (padding around it allowed) into a tree.
    ///
    /// # Errors
    /// As [`Tlv::parse_single`] and [`TlvNode::from_tlv`].
    pub fn parse(input: &[u8]) -> Result<Self, Error> {
        Self::from_tlv(&Tlv::parse_single(input)?)
    }

    /// Parses every object in `input` (padding skipped) into trees.
    ///
    /// # Errors
    /// The first parse error.
    pub fn parse_all(input: &[u8]) -> Result<Vec<Self>, Error> {
        TlvIter::new(input).map(|t| t.and_then(|t| Self::from_tlv(&t))).collect()
    }

    /// The value bytes of a primitive node.
    #[must_use]
    pub fn value(&self) -> Option<&[u8]> {
        match &self.content {
            Content::Primitive(v) => Some(v),
            Content::Constructed(_) => None,
        }
    }

    /// The children of a constructed node (empty for a primitive one).
    #[must_use]
    pub fn children(&self) -> &[Self] {
        match &self.content {
            Content::Primitive(_) => &[],
            Content::Constructed(c) => c,
        }
    }

    /// First direct child with `tag`.
    #[must_use]
    pub fn find(&self, tag: Tag) -> Option<&Self> {
        self.children().iter().find(|c| c.tag == tag)
    }

    /// Length of the value field once encoded.
    #[must_use]
    pub fn value_len(&self) -> usize {
        match &self.content {
            Content::Primitive(v) => v.len(),
            Content::Constructed(children) => {
                children.iter().fold(0usize, |acc, c| acc.saturating_add(c.encoded_len()))
            }
        }
    }

    /// Length of the whole encoded object: tag + length field + value.
    #[must_use]
    pub fn encoded_len(&self) -> usize {
        let v = self.value_len();
        (self.tag.encoded_len() + length_encoded_len(v)).saturating_add(v)
    }

    /// Appends the DER encoding to `out`.
    pub fn encode_into(&self, out: &mut Vec<u8>) {
        out.reserve(self.encoded_len());
        self.encode_unreserved(out);
    }

    fn encode_unreserved(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(self.tag.as_bytes());
        match &self.content {
            Content::Primitive(v) => {
                encode_length(v.len(), out);
                out.extend_from_slice(v);
            }
            Content::Constructed(children) => {
                encode_length(self.value_len(), out);
                for c in children {
                    c.encode_unreserved(out);
                }
            }
        }
    }

    /// The DER encoding as a new vector.
    #[must_use]
    pub fn to_vec(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.encoded_len());
        self.encode_unreserved(&mut out);
        out
    }
}

/// Streaming encoder appending to a caller's `Vec<u8>`.
///
/// ```
/// use cccd_tlv::{Tag, TlvWriter};
/// let mut out = Vec::new();
/// let mut w = TlvWriter::new(&mut out);
/// w.write_constructed(Tag::from_u32(0x61), |w| {
///     w.write_primitive(Tag::from_u32(0x5F1F), b"MRZ");
/// });
/// assert_eq!(out, [0x61, 0x06, 0x5F, 0x1F, 0x03, b'M', b'R', b'Z']);
/// ```
#[derive(Debug)]
pub struct TlvWriter<'b> {
    out: &'b mut Vec<u8>,
}

impl<'b> TlvWriter<'b> {
    /// Appends to `out` (existing contents are kept).
    pub const fn new(out: &'b mut Vec<u8>) -> Self {
        Self { out }
    }

    /// Writes a primitive object.
    pub fn write_primitive(&mut self, tag: Tag, value: &[u8]) -> &mut Self {
        self.out.extend_from_slice(tag.as_bytes());
        encode_length(value.len(), self.out);
        self.out.extend_from_slice(value);
        self
    }

    /// Writes a constructed object whose children `f` writes; the length is
    /// patched afterwards from the bytes `f` actually produced. `f`'s result is
    /// passed through so it can carry errors.
    pub fn write_constructed<R>(&mut self, tag: Tag, f: impl FnOnce(&mut Self) -> R) -> R {
        self.out.extend_from_slice(tag.as_bytes());
        let len_pos = self.out.len();
        // One placeholder byte: right for values under 128 bytes, the common case.
        self.out.push(0);
        let result = f(self);
        let value_len = self.out.len() - len_pos - 1;
        let (len_bytes, n) = encode_length_array(value_len);
        let len_bytes = len_bytes.get(..n).unwrap_or_default();
        // Replaces the placeholder, shifting the children right if needed.
        self.out.splice(len_pos..=len_pos, len_bytes.iter().copied());
        result
    }

    /// Copies an object exactly as it was read.
    pub fn write_raw(&mut self, tlv: &Tlv<'_>) -> &mut Self {
        self.out.extend_from_slice(tlv.raw());
        self
    }

    /// Encodes an owned tree.
    pub fn write_node(&mut self, node: &TlvNode) -> &mut Self {
        node.encode_into(self.out);
        self
    }

    /// Bytes written so far (including what `out` held before).
    #[must_use]
    pub fn as_slice(&self) -> &[u8] {
        self.out
    }
}
