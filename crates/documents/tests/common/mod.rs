//! Shared test data: the sample profile sections (synthetic people only) and the holder they belong to.
#![allow(dead_code)]

use cccd_documents::{Document, DocumentType, Documents, Holder};
use cccd_lds::{Date, Sex, Validation};

/// `(type, TOML section)` for every document type, in code order.
pub const SAMPLES: [(DocumentType, &str); 8] = [
    (DocumentType::HealthInsurance, include_str!("../samples/health_insurance.toml")),
    (DocumentType::Tax, include_str!("../samples/tax.toml")),
    (DocumentType::DrivingLicence, include_str!("../samples/driving_licence.toml")),
    (DocumentType::Passport, include_str!("../samples/passport.toml")),
    (DocumentType::SocialInsurance, include_str!("../samples/social_insurance.toml")),
    (DocumentType::BirthCertificate, include_str!("../samples/birth_certificate.toml")),
    (DocumentType::MarriageCertificate, include_str!("../samples/marriage_certificate.toml")),
    (DocumentType::VehicleRegistration, include_str!("../samples/vehicle_registration.toml")),
];

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    pub documents: Documents,
}

/// The `[documents]` of one sample file.
pub fn documents(toml_text: &str) -> Documents {
    toml::from_str::<Profile>(toml_text).unwrap_or_else(|e| panic!("{e}\n{toml_text}")).documents
}

/// The one document a sample file holds.
pub fn sample(ty: DocumentType) -> Document {
    let (_, text) = SAMPLES.iter().find(|(t, _)| *t == ty).unwrap();
    let mut docs = documents(text).to_vec();
    assert_eq!(docs.len(), 1);
    docs.remove(0)
}

pub fn all_samples() -> Vec<Document> {
    DocumentType::ALL.into_iter().map(sample).collect()
}

pub fn date(s: &str) -> Date {
    s.parse().unwrap()
}

/// The synthetic person every sample describes.
pub fn holder() -> Holder {
    Holder {
        personal_number: "001099012345".parse().unwrap(),
        full_name: "Nguyễn Văn An".to_owned(),
        birth_date: date("1999-05-14"),
        sex: Sex::Male,
    }
}

/// Every issue of `doc` as `path: reason`.
pub fn issues(doc: &Document, holder: Option<&Holder>) -> Vec<String> {
    let mut v = Validation::new();
    doc.validate(holder, &mut v);
    v.issues().iter().map(ToString::to_string).collect()
}
