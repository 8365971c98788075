//! Zero-copy BER-TLV reading.
//!
//! A [`Tlv`] borrows the input: `value` is the value field and `raw` the whole
//! object exactly as read, so callers can hash data groups over the bytes the
//! card returned (re-encoding can change them). Nothing here recurses: nested
//! walks use an explicit stack bounded by a depth limit.

use crate::error::{Error, Part};
use crate::length::decode_length;
use crate::tag::Tag;

/// Default nesting limit for tree walks; ICAO structures nest well under 16.
pub const DEFAULT_MAX_DEPTH: usize = 32;

/// ISO 7816-4 Annex D: `00` and `FF` may appear before, between and after
/// BER-TLV objects and carry no meaning.
#[inline]
const fn is_padding(b: u8) -> bool {
    b == 0x00 || b == 0xFF
}

/// One BER-TLV object borrowed from an input buffer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Tlv<'a> {
    tag: Tag,
    value: &'a [u8],
    raw: &'a [u8],
}

impl<'a> Tlv<'a> {
    /// Reads one object at the very start of `input` (no padding skipped) and
    /// returns it with the bytes after it.
    ///
    /// # Errors
    /// Any tag or length error, or [`Error::ValueTruncated`] when the value runs
    /// past the input. Offsets are relative to `input`.
    pub fn parse(input: &'a [u8]) -> Result<(Self, &'a [u8]), Error> {
        Self::parse_at(input, 0)
    }

    /// [`Tlv::parse`] with error offsets shifted by `base`.
    #[inline(always)]
    pub(crate) fn parse_at(input: &'a [u8], base: usize) -> Result<(Self, &'a [u8]), Error> {
        let (tag, tag_len) = Tag::parse(input).map_err(|e| shift(e, base))?;
        let after_tag = input.get(tag_len..).unwrap_or_default();
        let (len, len_len) = decode_length(after_tag).map_err(|e| shift(e, base + tag_len))?;
        let header = tag_len + len_len;
        let available = input.len() - header.min(input.len());
        if len > available {
            return Err(Error::ValueTruncated { offset: base + header, declared: len, available });
        }
        // header + len <= input.len() here, so no overflow and both splits succeed.
        let Some((raw, rest)) = input.split_at_checked(header + len) else {
            return Err(Error::Truncated { part: Part::Value, offset: base + header });
        };
        let value = raw.get(header..).unwrap_or_default();
        Ok((Self { tag, value, raw }, rest))
    }

    /// Reads exactly one object; `00`/`FF` padding before and after it is
    /// allowed (a card file is often padded to its allocated size).
    ///
    /// # Errors
    /// [`Error::Empty`] if there is no object, [`Error::TrailingData`] if
    /// anything but padding follows it, or any parse error.
    pub fn parse_single(input: &'a [u8]) -> Result<Self, Error> {
        let mut it = TlvIter::new(input);
        let first = it.next().ok_or(Error::Empty)??;
        match it.next() {
            None => Ok(first),
            Some(_) => Err(Error::TrailingData { offset: it.last_start }),
        }
    }

    /// The tag.
    #[must_use]
    pub const fn tag(&self) -> Tag {
        self.tag
    }

    /// The value field.
    #[must_use]
    pub const fn value(&self) -> &'a [u8] {
        self.value
    }

    /// The whole object as read: tag, length and value bytes.
    #[must_use]
    pub const fn raw(&self) -> &'a [u8] {
        self.raw
    }

    /// Bytes of tag plus length field.
    #[must_use]
    pub const fn header_len(&self) -> usize {
        self.raw.len() - self.value.len()
    }

    /// Whether the tag marks the value as nested BER-TLV.
    #[must_use]
    pub const fn is_constructed(&self) -> bool {
        self.tag.is_constructed()
    }

    /// Child objects of a constructed value; empty for a primitive one (use
    /// [`TlvIter::new`] on [`Tlv::value`] to force-parse a primitive value).
    #[must_use]
    pub fn children(&self) -> TlvIter<'a> {
        if self.is_constructed() { TlvIter::new(self.value) } else { TlvIter::new(&[]) }
    }

    /// First direct child with `tag`.
    ///
    /// # Errors
    /// A parse error met before the child was found.
    pub fn find(&self, tag: Tag) -> Result<Option<Self>, Error> {
        find_in(self.children(), tag)
    }

    /// Follows `path` through nested children: `find_path(&[A, B])` is child `B`
    /// of the first child `A`. An empty path returns `self`.
    ///
    /// # Errors
    /// A parse error met on the way.
    pub fn find_path(&self, path: &[Tag]) -> Result<Option<Self>, Error> {
        let mut cur = *self;
        for &tag in path {
            match cur.find(tag)? {
                Some(next) => cur = next,
                None => return Ok(None),
            }
        }
        Ok(Some(cur))
    }

    /// Visits this object and every descendant depth-first (pre-order) with its
    /// depth (0 for `self`). Constructed values are parsed as children.
    ///
    /// # Errors
    /// The first parse error, or [`Error::TooDeep`] past `max_depth` levels.
    pub fn walk<F>(&self, max_depth: usize, mut visit: F) -> Result<(), Error>
    where
        F: FnMut(usize, &Tlv<'a>),
    {
        if max_depth == 0 {
            return Err(Error::TooDeep { max_depth });
        }
        visit(0, self);
        if !self.is_constructed() {
            return Ok(());
        }
        walk_from(TlvIter::new(self.value), 1, max_depth, visit)
    }
}

/// Visits every object in `input` and all their descendants depth-first
/// (pre-order), top-level objects at depth 0, skipping padding.
///
/// # Errors
/// The first parse error, or [`Error::TooDeep`] when an object would sit at
/// depth `max_depth` or deeper.
pub fn walk<'a, F>(input: &'a [u8], max_depth: usize, visit: F) -> Result<(), Error>
where
    F: FnMut(usize, &Tlv<'a>),
{
    walk_from(TlvIter::new(input), 0, max_depth, visit)
}

/// Explicit-stack walk so hostile nesting cannot overflow the call stack.
fn walk_from<'a, F>(top: TlvIter<'a>, base_depth: usize, max_depth: usize, mut visit: F) -> Result<(), Error>
where
    F: FnMut(usize, &Tlv<'a>),
{
    let mut stack: Vec<TlvIter<'a>> = Vec::with_capacity(8);
    stack.push(top);
    while let Some(iter) = stack.last_mut() {
        let Some(next) = iter.next() else {
            stack.pop();
            continue;
        };
        let tlv = next?;
        let depth = base_depth + stack.len() - 1;
        if depth >= max_depth {
            return Err(Error::TooDeep { max_depth });
        }
        visit(depth, &tlv);
        if tlv.is_constructed() && !tlv.value.is_empty() {
            stack.push(TlvIter::new(tlv.value));
        }
    }
    Ok(())
}

/// First object with `tag` among those `iter` yields.
fn find_in<'a>(iter: TlvIter<'a>, tag: Tag) -> Result<Option<Tlv<'a>>, Error> {
    for item in iter {
        let tlv = item?;
        if tlv.tag == tag {
            return Ok(Some(tlv));
        }
    }
    Ok(None)
}

/// Iterates over consecutive BER-TLV objects in a buffer, skipping `00`/`FF`
/// padding; yields the first error and then stops.
#[derive(Debug, Clone)]
pub struct TlvIter<'a> {
    rest: &'a [u8],
    /// Offset of `rest` within the original buffer, for error offsets.
    pos: usize,
    /// Offset where the last yielded object (or error) started.
    last_start: usize,
    failed: bool,
}

impl<'a> TlvIter<'a> {
    /// Iterates over the objects in `input`.
    #[must_use]
    pub const fn new(input: &'a [u8]) -> Self {
        Self { rest: input, pos: 0, last_start: 0, failed: false }
    }

    /// Bytes not consumed yet (padding included).
    #[must_use]
    pub const fn remaining(&self) -> &'a [u8] {
        self.rest
    }

    /// First object with `tag`.
    ///
    /// # Errors
    /// A parse error met before the object was found.
    pub fn find_tag(self, tag: Tag) -> Result<Option<Tlv<'a>>, Error> {
        find_in(self, tag)
    }
}

impl<'a> Iterator for TlvIter<'a> {
    type Item = Result<Tlv<'a>, Error>;

    #[inline(always)]
    fn next(&mut self) -> Option<Self::Item> {
        if self.failed {
            return None;
        }
        let skip = self.rest.iter().position(|&b| !is_padding(b)).unwrap_or(self.rest.len());
        self.rest = self.rest.get(skip..).unwrap_or_default();
        self.pos += skip;
        if self.rest.is_empty() {
            return None;
        }
        self.last_start = self.pos;
        match Tlv::parse_at(self.rest, self.pos) {
            Ok((tlv, rest)) => {
                self.pos += tlv.raw.len();
                self.rest = rest;
                Some(Ok(tlv))
            }
            Err(e) => {
                self.failed = true;
                Some(Err(e))
            }
        }
    }
}

impl core::iter::FusedIterator for TlvIter<'_> {}

/// Moves an error's offset from a sub-slice into the enclosing buffer.
pub(crate) const fn shift(e: Error, base: usize) -> Error {
    match e {
        Error::Truncated { part, offset } => Error::Truncated { part, offset: offset + base },
        Error::ValueTruncated { offset, declared, available } => {
            Error::ValueTruncated { offset: offset + base, declared, available }
        }
        Error::InvalidTag { offset, byte } => Error::InvalidTag { offset: offset + base, byte },
        Error::TagTooLong { offset } => Error::TagTooLong { offset: offset + base },
        Error::IndefiniteLength { offset } => Error::IndefiniteLength { offset: offset + base },
        Error::LengthTooLong { offset, byte } => Error::LengthTooLong { offset: offset + base, byte },
        Error::LengthOverflow { offset } => Error::LengthOverflow { offset: offset + base },
        Error::TrailingData { offset } => Error::TrailingData { offset: offset + base },
        Error::InvalidSimpleTag { offset, tag } => Error::InvalidSimpleTag { offset: offset + base, tag },
        other => other,
    }
}
