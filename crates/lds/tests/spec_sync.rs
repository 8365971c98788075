//! `applet-spec/lds.toml` and the code must agree on every FID, SFI and tag, so neither can drift.

use cccd_lds::Dg13;
use cccd_lds::tags::{ELEMENTS, FILES};
use toml::Value;

const SPEC: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../applet-spec/lds.toml"));

fn spec() -> toml::Table {
    SPEC.parse().expect("lds.toml parses")
}

fn str_of<'a>(v: &'a Value, key: &str) -> &'a str {
    v.get(key).and_then(Value::as_str).unwrap_or_else(|| panic!("{key} missing in {v:?}"))
}

fn hex(text: &str) -> u32 {
    u32::from_str_radix(text, 16).unwrap_or_else(|_| panic!("{text:?} is not hex"))
}

#[test]
fn files_match() {
    let spec = spec();
    let files = spec["file"].as_array().unwrap();
    assert_eq!(files.len(), FILES.len(), "same number of files");
    for code in FILES {
        let f = files
            .iter()
            .find(|f| str_of(f, "name") == code.name)
            .unwrap_or_else(|| panic!("{} not in spec", code.name));
        assert_eq!(hex(str_of(f, "fid")), u32::from(code.fid), "{} FID", code.name);
        assert_eq!(hex(str_of(f, "sfi")), u32::from(code.sfi), "{} SFI", code.name);
        assert_eq!(hex(str_of(f, "tag")), code.tag.to_u32(), "{} tag", code.name);
    }
}

#[test]
fn element_tags_match_both_ways() {
    let spec = spec();
    let mut in_spec = Vec::new();
    for f in spec["file"].as_array().unwrap() {
        for e in f.get("element").and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default() {
            in_spec.push((str_of(f, "name").to_owned(), str_of(e, "name").to_owned(), hex(str_of(e, "tag"))));
            assert!(e.get("mandatory").and_then(Value::as_bool).is_some(), "{e:?} needs mandatory");
            assert!(!str_of(e, "format").is_empty());
        }
    }
    let in_code: Vec<_> = ELEMENTS.iter().map(|(f, n, t)| (f.to_string(), n.to_string(), t.to_u32())).collect();
    for e in &in_code {
        assert!(in_spec.contains(e), "code element {e:?} is not in lds.toml (or its tag differs)");
    }
    for e in &in_spec {
        assert!(in_code.contains(e), "spec element {e:?} is not in tags::ELEMENTS (or its tag differs)");
    }
}

#[test]
fn dg13_fields_match() {
    let spec = spec();
    let fields = spec["dg13_field"].as_array().unwrap();
    assert_eq!(fields.len(), Dg13::FIELD_NAMES.len());
    for (n, name) in Dg13::FIELD_NAMES {
        let f = fields.iter().find(|f| f["number"].as_integer() == Some(i64::from(n))).unwrap();
        assert_eq!(str_of(f, "name"), name, "field {n}");
        let printable = str_of(f, "written_as") == "13";
        assert_eq!(printable, Dg13::PRINTABLE_FIELDS.contains(&n), "field {n} string type");
    }
}
