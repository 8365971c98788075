//! The element tables: every tag a document uses, with its format, whether it is mandatory and how long it
//! may be. Encoders, decoders and validators all read their tags and limits from here, and the `spec_sync`
//! test checks these tables against `applet-spec/documents.toml`, so code and spec cannot drift apart.

use cccd_tlv::Tag;

/// How an element's value is written on the card.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    /// One unsigned byte.
    U8,
    /// ASCII digits `0`–`9`.
    Digits,
    /// Printable ASCII.
    Ascii,
    /// UTF-8 text (Vietnamese with diacritics).
    Utf8,
    /// `YYYYMMDD` in ASCII digits.
    Date,
    /// One ASCII character: `M`, `F` or `<` (unspecified), as in the MRZ.
    Sex,
    /// Opaque bytes.
    Bytes,
    /// Nested data objects.
    Constructed,
}

impl Format {
    /// The name `documents.toml` uses.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::U8 => "u8",
            Format::Digits => "digits",
            Format::Ascii => "ascii",
            Format::Utf8 => "utf8",
            Format::Date => "date",
            Format::Sex => "sex",
            Format::Bytes => "bytes",
            Format::Constructed => "constructed",
        }
    }
}

/// One data object of a document's schema.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Element {
    pub tag: Tag,
    /// The field name in the Rust type, the profile and validation paths.
    pub name: &'static str,
    pub format: Format,
    pub mandatory: bool,
    /// Longest value in bytes (primitive elements); 0 for constructed ones.
    pub max_len: usize,
    /// How often the element may appear (1 unless it is a list).
    pub max_count: usize,
    /// The elements inside a constructed element.
    pub children: &'static [Element],
}

impl Element {
    /// A primitive element that appears at most once.
    pub const fn primitive(tag: u32, name: &'static str, format: Format, mandatory: bool, max_len: usize) -> Self {
        Self { tag: Tag::from_u32(tag), name, format, mandatory, max_len, max_count: 1, children: &[] }
    }

    /// A constructed element that may appear up to `max_count` times.
    pub const fn constructed(
        tag: u32,
        name: &'static str,
        mandatory: bool,
        max_count: usize,
        children: &'static [Element],
    ) -> Self {
        Self { tag: Tag::from_u32(tag), name, format: Format::Constructed, mandatory, max_len: 0, max_count, children }
    }

    /// A `YYYYMMDD` date.
    pub const fn date(tag: u32, name: &'static str, mandatory: bool) -> Self {
        Self::primitive(tag, name, Format::Date, mandatory, 8)
    }
}

/// Whether `tag` is one of `elements`.
pub(crate) fn is_known(elements: &[Element], tag: Tag) -> Option<&Element> {
    elements.iter().find(|e| e.tag == tag)
}
