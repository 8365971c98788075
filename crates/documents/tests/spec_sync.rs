//! `applet-spec/documents.toml` and the code say the same: AID, files, outer tags, every element's tag,
//! name, format, presence and limits; and the limits keep every file within the size the card gives it.

use cccd_documents::{
    AID, CONTAINER, DocumentType, Element, Format, HEADER, HEADER_ELEMENTS, INDEX_FID, INDEX_LIST, INDEX_SFI,
    INDEX_TAG, SCHEMA_VERSION, SIGNATURE,
};

const SPEC: &str = include_str!("../../../applet-spec/documents.toml");
const CARD: &str = include_str!("../../../applet-spec/card.toml");

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Spec {
    schema_version: u8,
    application: Application,
    index: Index,
    container: Vec<SpecElement>,
    header: Vec<SpecElement>,
    document: Vec<SpecDocument>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Application {
    name: String,
    aid: String,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Index {
    name: String,
    fid: String,
    sfi: String,
    tag: String,
    max_size: usize,
    elements: Vec<SpecElement>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct SpecDocument {
    code: u8,
    name: String,
    title: String,
    fid: String,
    sfi: String,
    tag: String,
    max_size: usize,
    expiry: String,
    body: Vec<SpecElement>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct SpecElement {
    tag: String,
    name: String,
    format: String,
    mandatory: bool,
    max_length: Option<usize>,
    max_count: Option<usize>,
    rule: String,
    #[serde(default)]
    children: Vec<SpecElement>,
}

fn spec() -> Spec {
    toml::from_str(SPEC).unwrap()
}

/// Compares element tables; `deep` also compares children.
#[track_caller]
fn same(code: &[Element], spec: &[SpecElement], at: &str, deep: bool) {
    let names = |c: &[Element]| c.iter().map(|e| e.name).collect::<Vec<_>>();
    assert_eq!(names(code), spec.iter().map(|e| e.name.as_str()).collect::<Vec<_>>(), "{at}");
    for (c, s) in code.iter().zip(spec) {
        let at = format!("{at}.{}", c.name);
        assert_eq!(c.tag.to_string(), s.tag, "{at}: tag");
        assert_eq!(c.format.as_str(), s.format, "{at}: format");
        assert_eq!(c.mandatory, s.mandatory, "{at}: mandatory");
        assert!(!s.rule.is_empty(), "{at}: rule");
        if c.format == Format::Constructed {
            assert_eq!((None, Some(c.max_count)), (s.max_length, s.max_count), "{at}: max_count");
            if deep {
                same(c.children, &s.children, &at, true);
            }
        } else {
            assert_eq!((Some(c.max_len), None), (s.max_length, s.max_count), "{at}: max_length");
            assert!(s.children.is_empty(), "{at}");
        }
    }
}

#[test]
fn application_index_and_container() {
    let spec = spec();
    assert_eq!(spec.schema_version, SCHEMA_VERSION);
    assert_eq!(spec.application.name, "documents");
    assert_eq!(spec.application.aid, hex(&AID));
    assert_eq!(spec.index.name, "EF.DOCINDEX");
    assert_eq!(spec.index.fid, format!("{INDEX_FID:04X}"));
    assert_eq!(spec.index.sfi, format!("{INDEX_SFI:02X}"));
    assert_eq!(spec.index.tag, INDEX_TAG.to_string());
    same(&[INDEX_LIST], &spec.index.elements, "index", true);
    same(&CONTAINER, &spec.container, "container", false);
    same(HEADER.children, &spec.header, "header", true);
    assert_eq!(HEADER.children, HEADER_ELEMENTS);
    // One byte per type code, for all types.
    assert_eq!(INDEX_LIST.max_len, DocumentType::ALL.len());
}

#[test]
fn every_document_type() {
    let spec = spec();
    assert_eq!(spec.document.len(), DocumentType::ALL.len());
    for (ty, doc) in DocumentType::ALL.into_iter().zip(&spec.document) {
        let at = ty.name();
        assert_eq!(doc.code, ty.code(), "{at}");
        assert_eq!(doc.name, ty.name());
        assert_eq!(doc.title, ty.title(), "{at}");
        assert_eq!(doc.fid, format!("{:04X}", ty.fid()), "{at}");
        assert_eq!(doc.sfi, format!("{:02X}", ty.sfi()), "{at}");
        assert_eq!(doc.tag, ty.tag().to_string(), "{at}");
        assert_eq!(doc.expiry, format!("{:?}", ty.expiry_rule()).to_lowercase(), "{at}");
        same(ty.body_elements(), &doc.body, at, true);
    }
}

/// Tags are unique among siblings, and every primitive/constructed tag has the matching constructed bit.
#[test]
fn tags_are_well_formed() {
    fn check(elements: &[Element], at: &str) {
        for (i, e) in elements.iter().enumerate() {
            assert!(
                elements[..i].iter().all(|o| o.tag.number() != e.tag.number()),
                "{at}.{}: tag number reused",
                e.name
            );
            assert_eq!(e.tag.is_constructed(), e.format == Format::Constructed, "{at}.{}", e.name);
            assert_eq!(e.tag.class(), cccd_tlv::Class::Context, "{at}.{}", e.name);
            check(e.children, &format!("{at}.{}", e.name));
        }
    }
    check(&CONTAINER, "container");
    check(HEADER.children, "header");
    for ty in DocumentType::ALL {
        assert_eq!(ty.tag().class(), cccd_tlv::Class::Private);
        check(ty.body_elements(), ty.name());
    }
}

/// The largest encoding the limits allow (every element present at its longest, lists full).
fn bound(elements: &[Element]) -> usize {
    elements
        .iter()
        .map(|e| {
            let value = if e.format == Format::Constructed { bound(e.children) } else { e.max_len };
            (e.tag.encoded_len() + cccd_tlv::length_encoded_len(value) + value) * e.max_count
        })
        .sum()
}

#[test]
fn the_longest_document_fits_its_file() {
    let spec = spec();
    for (ty, doc) in DocumentType::ALL.into_iter().zip(&spec.document) {
        let body = Element { children: ty.body_elements(), ..cccd_documents::BODY };
        let content = bound(&[HEADER, body, SIGNATURE]);
        let file = ty.tag().encoded_len() + cccd_tlv::length_encoded_len(content) + content;
        assert!(file <= doc.max_size, "{}: up to {file} bytes, file holds {}", ty.name(), doc.max_size);
    }
}

/// `card.toml` (the card layout) gives the documents application the same AID, files and sizes.
#[test]
fn card_layout_agrees() {
    let spec = spec();
    let card: toml::Table = toml::from_str(CARD).unwrap();
    let app = card["application"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["name"].as_str() == Some("documents"))
        .expect("card.toml has the documents application");
    assert_eq!(app["aid"].as_str(), Some(spec.application.aid.as_str()));
    let files = app["files"].as_array().unwrap();
    let file = |name: &str| files.iter().find(|f| f["name"].as_str() == Some(name)).unwrap_or_else(|| panic!("{name}"));
    let index = file(&spec.index.name);
    assert_eq!(index["fid"].as_str(), Some(spec.index.fid.as_str()));
    assert_eq!(index["sfi"].as_str(), Some(spec.index.sfi.as_str()));
    assert_eq!(index["max_size"].as_integer(), Some(spec.index.max_size as i64));
    for doc in &spec.document {
        let f = file(&doc.name);
        assert_eq!(f["fid"].as_str(), Some(doc.fid.as_str()), "{}", doc.name);
        assert_eq!(f["sfi"].as_str(), Some(doc.sfi.as_str()), "{}", doc.name);
        assert_eq!(f["max_size"].as_integer(), Some(doc.max_size as i64), "{}", doc.name);
    }
    assert_eq!(files.len(), spec.document.len() + 1);
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02X}")).collect()
}
