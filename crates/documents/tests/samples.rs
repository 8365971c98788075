//! The sample profile sections: they deserialize straight into the document structs, validate clean against
//! the sample holder, print as JSON and read back.

mod common;

use cccd_documents::{Document, DocumentIndex, DocumentType, DrivingLicence};
use common::{SAMPLES, all_samples, documents, holder, issues, sample};

#[test]
fn every_sample_validates_clean() {
    for doc in all_samples() {
        assert_eq!(issues(&doc, Some(&holder())), Vec::<String>::new(), "{:?}", doc.document_type());
        assert_eq!(issues(&doc, None), Vec::<String>::new());
    }
}

#[test]
fn a_section_deserializes_straight_into_its_struct() {
    let table: toml::Table = toml::from_str(SAMPLES[2].1).unwrap();
    let section = table["documents"]["driving_licence"].clone();
    let licence: DrivingLicence = section.try_into().unwrap();
    assert_eq!(licence.licence_number, "010199012345");
    assert_eq!(licence.classes.len(), 2);
    assert_eq!(Document::DrivingLicence(licence), sample(DocumentType::DrivingLicence));
}

#[test]
fn all_samples_together_form_one_profile() {
    let profile: String = SAMPLES.iter().map(|(_, text)| *text).collect::<Vec<_>>().join("\n");
    let docs = documents(&profile);
    assert_eq!(docs.to_vec(), all_samples());
    assert_eq!(docs.index(), DocumentIndex { codes: vec![1, 2, 3, 4, 5, 6, 7, 8] });
    let mut v = cccd_lds::Validation::new();
    docs.validate(Some(&holder()), &mut v);
    assert!(v.is_ok(), "{:?}", v.issues());
}

#[test]
fn json_and_toml_round_trip() {
    for doc in all_samples() {
        let json = serde_json::to_string_pretty(&doc).unwrap();
        assert_eq!(serde_json::from_str::<Document>(&json).unwrap(), doc, "{json}");
        let toml_text = toml::to_string(&doc).unwrap();
        assert_eq!(toml::from_str::<Document>(&toml_text).unwrap(), doc, "{toml_text}");
    }
    let json = serde_json::to_value(sample(DocumentType::DrivingLicence)).unwrap();
    assert_eq!(json["driving_licence"]["classes"][1]["class"], "B");
    assert_eq!(json["driving_licence"]["header"]["issue_date"], "2025-03-10");
    assert_eq!(json["driving_licence"]["header"]["schema_version"], 1);
}

#[test]
fn typos_in_a_profile_are_rejected() {
    let text = SAMPLES[1].1.replace("tax_office", "tax_ofice");
    assert!(toml::from_str::<common::Profile>(&text).is_err());
    let text = SAMPLES[2].1.replace("class = \"B\"", "class = \"B3\"");
    let err = toml::from_str::<common::Profile>(&text).err().unwrap().to_string();
    assert!(err.contains("not a driving licence class"), "{err}");
}

#[test]
fn passport_mrz_computed_from_the_fields_matches_the_sample() {
    let Document::Passport(p) = sample(DocumentType::Passport) else { unreachable!() };
    assert_eq!(p.computed_mrz(), (p.mrz_line1.clone(), p.mrz_line2.clone()));
}
