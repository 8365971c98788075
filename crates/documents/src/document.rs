//! Any integrated document, decoded by its outer tag, and the set of documents a profile lists.

use cccd_lds::{Date, PersonalNumber, Sex, Validation};

use crate::kind::{self, Kind};
use crate::{
    BirthCertificate, DocumentError, DocumentIndex, DocumentType, DrivingLicence, Header, HealthInsurance,
    MarriageCertificate, Passport, SocialInsuranceBook, TaxCode, VehicleRegistration,
};

/// The card holder, for the checks that tie a document to the person on the card.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Holder {
    pub personal_number: PersonalNumber,
    pub full_name: String,
    pub birth_date: Date,
    pub sex: Sex,
}

impl Holder {
    /// The holder as the card's DG13 describes them; `None` when DG13 lacks a usable number or birth date.
    pub fn from_dg13(dg13: &cccd_lds::Dg13) -> Option<Self> {
        Some(Self {
            personal_number: dg13.personal_number.parse().ok()?,
            full_name: dg13.full_name.clone(),
            birth_date: dg13.birth_date.date()?,
            sex: Sex::from_vietnamese(&dg13.sex),
        })
    }
}

/// One integrated document. In JSON and TOML it is a one-key table named by the type
/// (`{"driving_licence": {…}}`).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Document {
    HealthInsurance(HealthInsurance),
    Tax(TaxCode),
    DrivingLicence(DrivingLicence),
    Passport(Passport),
    SocialInsurance(SocialInsuranceBook),
    BirthCertificate(BirthCertificate),
    MarriageCertificate(MarriageCertificate),
    VehicleRegistration(VehicleRegistration),
}

/// A decoded file with the bytes its signature covers, as read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decoded {
    pub document: Document,
    /// Header‖body exactly as they appear in the file (not re-encoded).
    pub signed_data: Vec<u8>,
}

/// Applies `$f` to the inner value whatever the variant.
macro_rules! each {
    ($doc:expr, $d:ident => $f:expr) => {
        match $doc {
            Document::HealthInsurance($d) => $f,
            Document::Tax($d) => $f,
            Document::DrivingLicence($d) => $f,
            Document::Passport($d) => $f,
            Document::SocialInsurance($d) => $f,
            Document::BirthCertificate($d) => $f,
            Document::MarriageCertificate($d) => $f,
            Document::VehicleRegistration($d) => $f,
        }
    };
}

impl Document {
    pub fn document_type(&self) -> DocumentType {
        each!(self, d => type_of(d))
    }

    pub fn header(&self) -> &Header {
        each!(self, d => d.header())
    }

    pub fn signature(&self) -> Option<&[u8]> {
        each!(self, d => Kind::signature(d))
    }

    /// Sets the issuing authority's signature (DO `82`) over [`Self::signed_data`].
    pub fn set_signature(&mut self, signature: Vec<u8>) {
        each!(self, d => Kind::set_signature(d, signature))
    }

    /// The file's bytes.
    pub fn encode(&self) -> Vec<u8> {
        each!(self, d => kind::encode(d))
    }

    /// Header‖body as [`Document::encode`] writes them: the bytes the issuing authority signs.
    pub fn signed_data(&self) -> Vec<u8> {
        each!(self, d => kind::signed_data(d))
    }

    /// Reads any document file, dispatching on its outer tag.
    pub fn decode(bytes: &[u8]) -> Result<Self, DocumentError> {
        Self::decode_with_signed_data(bytes).map(|d| d.document)
    }

    /// [`Document::decode`], also returning the signed bytes as read.
    pub fn decode_with_signed_data(bytes: &[u8]) -> Result<Decoded, DocumentError> {
        let parts = kind::split(bytes)?;
        let document = match parts.ty {
            DocumentType::HealthInsurance => Document::HealthInsurance(kind::decode_parts(&parts)?),
            DocumentType::Tax => Document::Tax(kind::decode_parts(&parts)?),
            DocumentType::DrivingLicence => Document::DrivingLicence(kind::decode_parts(&parts)?),
            DocumentType::Passport => Document::Passport(kind::decode_parts(&parts)?),
            DocumentType::SocialInsurance => Document::SocialInsurance(kind::decode_parts(&parts)?),
            DocumentType::BirthCertificate => Document::BirthCertificate(kind::decode_parts(&parts)?),
            DocumentType::MarriageCertificate => Document::MarriageCertificate(kind::decode_parts(&parts)?),
            DocumentType::VehicleRegistration => Document::VehicleRegistration(kind::decode_parts(&parts)?),
        };
        Ok(Decoded { document, signed_data: parts.signed_data() })
    }

    /// Every rule at once, under `documents.<type name>`.
    pub fn validate(&self, holder: Option<&Holder>, v: &mut Validation) {
        each!(self, d => kind::validate(d, holder, v))
    }
}

fn type_of<K: Kind>(_: &K) -> DocumentType {
    K::TYPE
}

/// The bytes a document file's signature covers (header‖body as read), without decoding the body: a
/// verifier can check the signature of a document whose body this version cannot read.
pub fn signed_data(file: &[u8]) -> Result<Vec<u8>, DocumentError> {
    kind::split(file).map(|parts| parts.signed_data())
}

/// The `[documents]` section of a profile: at most one document of each type.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Documents {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub health_insurance: Option<HealthInsurance>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tax: Option<TaxCode>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub driving_licence: Option<DrivingLicence>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub passport: Option<Passport>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub social_insurance: Option<SocialInsuranceBook>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub birth_certificate: Option<BirthCertificate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub marriage_certificate: Option<MarriageCertificate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vehicle_registration: Option<VehicleRegistration>,
}

impl Documents {
    /// The present documents in type-code order (the order of their files).
    pub fn to_vec(&self) -> Vec<Document> {
        let Self {
            health_insurance,
            tax,
            driving_licence,
            passport,
            social_insurance,
            birth_certificate,
            marriage_certificate,
            vehicle_registration,
        } = self.clone();
        [
            health_insurance.map(Document::HealthInsurance),
            tax.map(Document::Tax),
            driving_licence.map(Document::DrivingLicence),
            passport.map(Document::Passport),
            social_insurance.map(Document::SocialInsurance),
            birth_certificate.map(Document::BirthCertificate),
            marriage_certificate.map(Document::MarriageCertificate),
            vehicle_registration.map(Document::VehicleRegistration),
        ]
        .into_iter()
        .flatten()
        .collect()
    }

    /// Puts `document` in its slot, returning the one it replaces.
    pub fn insert(&mut self, document: Document) -> Option<Document> {
        match document {
            Document::HealthInsurance(d) => self.health_insurance.replace(d).map(Document::HealthInsurance),
            Document::Tax(d) => self.tax.replace(d).map(Document::Tax),
            Document::DrivingLicence(d) => self.driving_licence.replace(d).map(Document::DrivingLicence),
            Document::Passport(d) => self.passport.replace(d).map(Document::Passport),
            Document::SocialInsurance(d) => self.social_insurance.replace(d).map(Document::SocialInsurance),
            Document::BirthCertificate(d) => self.birth_certificate.replace(d).map(Document::BirthCertificate),
            Document::MarriageCertificate(d) => self.marriage_certificate.replace(d).map(Document::MarriageCertificate),
            Document::VehicleRegistration(d) => self.vehicle_registration.replace(d).map(Document::VehicleRegistration),
        }
    }

    /// The index file listing the present types.
    pub fn index(&self) -> DocumentIndex {
        DocumentIndex::new(self.to_vec().iter().map(Document::document_type))
    }

    /// Every document's rules at once.
    pub fn validate(&self, holder: Option<&Holder>, v: &mut Validation) {
        for document in self.to_vec() {
            document.validate(holder, v);
        }
    }
}
