//! A citizen's profile (TOML): what personalization writes. Validated as a whole, every problem with its field
//! path, before anything is encoded; then encoded into the card's files.

use std::path::{Path, PathBuf};

use cccd_chipauth::{AaPrivateKey, AaPublicKey, ActiveAuthenticationInfo, Dg14, Dg15, HashAlg};
use cccd_documents::{Document, DocumentType, Documents, Holder};
use cccd_lds::{
    CardDate, Date, Dg1, Dg2, Dg13, EfCom, Issue, Mrz, PersonalNumber, Sex, Validation, jpeg_dimensions,
    synthetic_portrait,
};
use cccd_tlv::{Tag, TlvNode};
use cccd_trust::{Authority, Pki, build_sod, sign_document};
use serde::Deserialize;

use crate::{CardFiles, layout};

/// Version of the profile format.
pub const PROFILE_SCHEMA_VERSION: u32 = 1;

/// Why a profile file cannot even be read (its values are checked later, all at once, by [`Profile::build`]).
#[derive(Debug, thiserror::Error)]
pub enum ProfileError {
    #[error("cannot read profile {0}: {1}")]
    Read(PathBuf, std::io::Error),
    #[error("profile {0} is not valid: {1}")]
    Syntax(PathBuf, String),
    #[error("profile {0} has schema_version {1}; this build reads version {PROFILE_SCHEMA_VERSION}")]
    Version(PathBuf, u32),
}

/// The person: what DG1 (the MRZ) and DG13 carry.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Identity {
    /// The 12-digit personal number; checked against the date of birth and sex.
    pub personal_number: String,
    pub full_name: String,
    /// `YYYY-MM-DD`.
    pub birth_date: String,
    pub sex: Sex,
    #[serde(default = "viet_nam")]
    pub nationality: String,
    #[serde(default)]
    pub ethnicity: String,
    #[serde(default)]
    pub religion: String,
    #[serde(default)]
    pub place_of_origin: String,
    #[serde(default)]
    pub place_of_residence: String,
    #[serde(default)]
    pub identifying_marks: String,
    pub issue_date: String,
    pub expiry_date: String,
    pub father_name: Option<String>,
    pub mother_name: Option<String>,
    pub spouse_name: Option<String>,
    /// The old 9-digit CMND number, when the citizen had one.
    pub old_id_number: Option<String>,
}

fn viet_nam() -> String {
    "Việt Nam".to_owned()
}

/// The face image for DG2: a JPEG file, or a synthetic portrait (default: seeded by the personal number).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Portrait {
    /// A JPEG file, relative to the profile.
    pub file: Option<PathBuf>,
    /// Seed of the synthetic portrait when no file is given.
    pub seed: Option<u64>,
}

/// Who signs the card and the chip's Active Authentication key.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Security {
    /// The PKI directory (`cccd pki init`) whose document signer signs EF.SOD and whose authorities sign the
    /// integrated documents; relative to the profile. `cccd personalize --pki` overrides it.
    pub pki: Option<PathBuf>,
    /// The chip's Active Authentication private key (PKCS#8, DER or PEM), relative to the profile; when absent a
    /// new P-256 key is generated for every card.
    pub aa_key: Option<PathBuf>,
}

/// What a signed personalization writes: every file, and the chip's Active Authentication key to import.
pub struct CardImage {
    pub files: CardFiles,
    pub aa_key: AaPrivateKey,
}

/// Why a signed card image cannot be made.
#[derive(Debug, thiserror::Error)]
pub enum SigningError {
    #[error("the profile is not valid ({} problems)", .0.len())]
    Invalid(Vec<Issue>),
    #[error("cannot load the Active Authentication key {0}: {1}")]
    AaKey(PathBuf, String),
    #[error("signing failed: {0}")]
    Sign(String),
    #[error("the PKI has no signer for {0}")]
    MissingAuthority(&'static str),
}

/// A whole profile.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    pub schema_version: u32,
    pub identity: Identity,
    #[serde(default)]
    pub portrait: Portrait,
    #[serde(default)]
    pub security: Security,
    #[serde(default)]
    pub documents: Documents,
    /// Where relative paths in the profile start.
    #[serde(skip)]
    pub base_dir: PathBuf,
}

/// Longest text the card's DG13 fields take (bytes of UTF-8).
const MAX_TEXT: usize = 200;

impl Profile {
    pub fn load(path: &Path) -> Result<Self, ProfileError> {
        let text = std::fs::read_to_string(path).map_err(|e| ProfileError::Read(path.to_owned(), e))?;
        let mut profile = Self::parse(&text).map_err(|e| match e {
            ParseError::Syntax(msg) => ProfileError::Syntax(path.to_owned(), msg),
            ParseError::Version(v) => ProfileError::Version(path.to_owned(), v),
        })?;
        profile.base_dir = path.parent().map(Path::to_owned).unwrap_or_default();
        Ok(profile)
    }

    fn parse(text: &str) -> Result<Self, ParseError> {
        let profile: Profile = toml::from_str(text).map_err(|e| {
            // One line: where, and what (toml's own rendering spans several lines).
            let at = e.span().map(|span| {
                let before = &text[..span.start.min(text.len())];
                let line = before.matches('\n').count() + 1;
                let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
                format!("line {line}, column {column}: ")
            });
            ParseError::Syntax(format!("{}{}", at.unwrap_or_default(), e.message().trim().replace('\n', " ")))
        })?;
        if profile.schema_version != PROFILE_SCHEMA_VERSION {
            return Err(ParseError::Version(profile.schema_version));
        }
        Ok(profile)
    }

    /// The PKI directory the profile names, resolved against the profile's folder.
    pub fn pki_dir(&self) -> Option<PathBuf> {
        self.security.pki.as_ref().map(|p| self.base_dir.join(p))
    }

    /// Validate everything, then encode every file and sign: EF.SOD by the PKI's document signer over every data
    /// group, each integrated document by its issuing authority, and DG15 (and DG14 for an EC key) for the
    /// chip's Active Authentication key.
    pub fn build_signed(&self, pki: &Pki) -> Result<CardImage, SigningError> {
        let aa_key = match &self.security.aa_key {
            Some(file) => {
                let path = self.base_dir.join(file);
                let bytes = std::fs::read(&path).map_err(|e| SigningError::AaKey(path.clone(), e.to_string()))?;
                AaPrivateKey::from_pkcs8(&bytes).map_err(|e| SigningError::AaKey(path, e.to_string()))?
            }
            None => AaPrivateKey::generate_p256().map_err(|e| SigningError::Sign(e.to_string()))?,
        };
        let mut signed = self.clone();
        let mut documents = Documents::default();
        for mut document in self.documents.to_vec() {
            sign_integrated_document(&mut document, pki)?;
            documents.insert(document);
        }
        signed.documents = documents;
        let mut files = signed.build().map_err(SigningError::Invalid)?;
        let Some(emrtd) = layout().application("emrtd") else {
            return Ok(CardImage { files, aa_key });
        };
        let public = aa_key.public_key();
        let dg15 = Dg15::new(public.clone()).map_err(|e| SigningError::Sign(e.to_string()))?.encode();
        let mut groups: Vec<u8> = vec![1, 2, 13];
        if matches!(public, AaPublicKey::EcP256(_)) {
            // ECDSA Active Authentication names its signature algorithm in DG14 (ICAO 9303-11 §6.1).
            let dg14 =
                Dg14::with_active_authentication(ActiveAuthenticationInfo::ecdsa_plain(HashAlg::Sha256)).encode();
            files.insert(emrtd, "DG14", 0x010E, dg14);
            groups.push(14);
        }
        files.insert(emrtd, "DG15", 0x010F, dg15);
        groups.push(15);
        files.insert(emrtd, "EF.COM", 0x011E, EfCom::for_data_groups(&groups).encode());
        let dg_files: Vec<(u8, Vec<u8>)> =
            groups.iter().filter_map(|n| files.bytes("emrtd", &format!("DG{n}")).map(|b| (*n, b.to_vec()))).collect();
        let refs: Vec<(u8, &[u8])> = dg_files.iter().map(|(n, b)| (*n, b.as_slice())).collect();
        let sod = build_sod(&refs, &pki.document_signer.cert, &pki.document_signer.key)
            .map_err(|e| SigningError::Sign(e.to_string()))?;
        files.insert(emrtd, "EF.SOD", 0x011D, sod);
        Ok(CardImage { files, aa_key })
    }

    /// Validate everything, then encode every file. Nothing is encoded unless the whole profile is valid.
    pub fn build(&self) -> Result<CardFiles, Vec<Issue>> {
        let mut v = Validation::new();
        let checked = self.check(&mut v);
        let portrait = self.portrait_jpeg(&mut v);
        v.finish()?;
        let (Some(person), Some((jpeg, width, height))) = (checked, portrait) else {
            // `check` and `portrait_jpeg` record an issue whenever they return None.
            return Err(vec![Issue { path: String::new(), reason: "invalid profile".into() }]);
        };
        Ok(self.encode(&person, jpeg, width, height))
    }

    /// Field checks; returns the typed values the files are made of.
    fn check(&self, v: &mut Validation) -> Option<Person> {
        let id = &self.identity;
        let date = |v: &mut Validation, path: &str, text: &str| match text.parse::<Date>() {
            Ok(d) => Some(d),
            Err(e) => {
                v.fail(path, e.to_string());
                None
            }
        };
        let number = match id.personal_number.parse::<PersonalNumber>() {
            Ok(n) => Some(n),
            Err(e) => {
                v.fail("identity.personal_number", e.to_string());
                None
            }
        };
        let birth = date(v, "identity.birth_date", &id.birth_date);
        let issue = date(v, "identity.issue_date", &id.issue_date);
        let expiry = date(v, "identity.expiry_date", &id.expiry_date);
        if let (Some(n), Some(b)) = (&number, birth) {
            n.check_holder("identity.personal_number", b, id.sex, v);
        }
        if let (Some(b), Some(i)) = (birth, issue) {
            v.check(b < i, "identity.issue_date", || format!("{i} is not after the date of birth {b}"));
        }
        if let (Some(i), Some(e)) = (issue, expiry) {
            v.check(i < e, "identity.expiry_date", || format!("{e} is not after the issue date {i}"));
        }
        v.text("identity.full_name", &id.full_name, true, MAX_TEXT);
        v.check(
            cccd_lds::mrz_words(&id.full_name).chars().any(|c| c.is_ascii_alphabetic()),
            "identity.full_name",
            || "has no letters that the MRZ can carry".into(),
        );
        v.text("identity.nationality", &id.nationality, true, MAX_TEXT);
        for (path, value) in [
            ("identity.ethnicity", &id.ethnicity),
            ("identity.religion", &id.religion),
            ("identity.place_of_origin", &id.place_of_origin),
            ("identity.place_of_residence", &id.place_of_residence),
            ("identity.identifying_marks", &id.identifying_marks),
        ] {
            v.text(path, value, false, MAX_TEXT);
        }
        for (path, value) in [
            ("identity.father_name", &id.father_name),
            ("identity.mother_name", &id.mother_name),
            ("identity.spouse_name", &id.spouse_name),
        ] {
            if let Some(value) = value {
                v.text(path, value, true, MAX_TEXT);
            }
        }
        if let Some(old) = &id.old_id_number {
            v.check(old.len() == 9 && old.bytes().all(|b| b.is_ascii_digit()), "identity.old_id_number", || {
                format!("{old:?} is not a 9-digit CMND number")
            });
        }
        let (number, birth, issue, expiry) = (number?, birth?, issue?, expiry?);
        let holder =
            Holder { personal_number: number.clone(), full_name: id.full_name.clone(), birth_date: birth, sex: id.sex };
        let identity_ok = v.is_ok();
        self.documents.validate(Some(&holder), v);
        let mrz = Mrz::vietnamese(&number, &id.full_name, birth, id.sex, expiry);
        // The MRZ and DG13 validators re-check what the identity checks above already cover; their findings
        // are only shown when the identity itself looked valid, so that one mistake is reported once.
        let mut mrz_issues = Validation::new();
        mrz.validate(&mut mrz_issues);
        let dg13 = Dg13 {
            personal_number: number.to_string(),
            full_name: id.full_name.clone(),
            birth_date: CardDate::Date(birth),
            sex: id.sex.vietnamese().to_owned(),
            nationality: id.nationality.clone(),
            ethnicity: id.ethnicity.clone(),
            religion: id.religion.clone(),
            place_of_origin: id.place_of_origin.clone(),
            place_of_residence: id.place_of_residence.clone(),
            identifying_marks: id.identifying_marks.clone(),
            issue_date: CardDate::Date(issue),
            expiry_date: CardDate::Date(expiry),
            father_name: id.father_name.clone(),
            mother_name: id.mother_name.clone(),
            spouse_name: id.spouse_name.clone(),
            old_id_number: id.old_id_number.clone(),
            field_16: None,
            unknown_fields: Vec::new(),
        };
        let mut dg13_issues = Validation::new();
        dg13.validate(&mut dg13_issues);
        if identity_ok {
            v.nest("identity (as MRZ)", mrz_issues);
            v.nest("identity (as DG13)", dg13_issues);
        }
        Some(Person { mrz, dg13 })
    }

    fn portrait_jpeg(&self, v: &mut Validation) -> Option<(Vec<u8>, u16, u16)> {
        if let Some(file) = &self.portrait.file {
            let path = self.base_dir.join(file);
            let jpeg = match std::fs::read(&path) {
                Ok(bytes) => bytes,
                Err(e) => {
                    v.fail("portrait.file", format!("cannot read {}: {e}", path.display()));
                    return None;
                }
            };
            let Some((w, h)) = jpeg_dimensions(&jpeg) else {
                v.fail("portrait.file", format!("{} is not a baseline JPEG", path.display()));
                return None;
            };
            return Some((jpeg, w, h));
        }
        let seed = self.portrait.seed.unwrap_or_else(|| self.identity.personal_number.parse().unwrap_or(0));
        match synthetic_portrait(seed, 240, 320) {
            Ok(jpeg) => Some((jpeg, 240, 320)),
            Err(e) => {
                v.fail("portrait", e.to_string());
                None
            }
        }
    }

    fn encode(&self, person: &Person, jpeg: Vec<u8>, width: u16, height: u16) -> CardFiles {
        let l = layout();
        let mut files = CardFiles::default();
        let documents = self.documents.to_vec();
        let apps: Vec<&crate::AppLayout> = l
            .applications
            .iter()
            .filter(|a| a.aid.is_some() && (a.name != "documents" || !documents.is_empty()))
            .collect();
        if let Some(mf) = l.application("mf") {
            files.insert(mf, "EF.DIR", 0x2F00, ef_dir(&apps));
        }
        if let Some(emrtd) = l.application("emrtd") {
            files.insert(emrtd, "EF.COM", 0x011E, EfCom::for_data_groups(&[1, 2, 13]).encode());
            files.insert(emrtd, "DG1", 0x0101, Dg1 { mrz: person.mrz.clone() }.encode());
            files.insert(emrtd, "DG2", 0x0102, Dg2::from_jpeg(jpeg, width, height).encode());
            files.insert(emrtd, "DG13", 0x010D, person.dg13.encode());
        }
        if let (Some(app), false) = (l.application("documents"), documents.is_empty()) {
            files.insert(app, "EF.DOCINDEX", cccd_documents::INDEX_FID, self.documents.index().encode());
            for document in &documents {
                let ty = document.document_type();
                files.insert(app, ty.name(), ty.fid(), document.encode());
            }
        }
        files
    }
}

/// Which authority signs each kind of integrated document.
pub fn issuing_authority(ty: DocumentType) -> Authority {
    match ty {
        DocumentType::HealthInsurance | DocumentType::SocialInsurance => Authority::SocialSecurity,
        DocumentType::Tax => Authority::Tax,
        DocumentType::DrivingLicence | DocumentType::VehicleRegistration => Authority::RoadTraffic,
        DocumentType::Passport => Authority::Immigration,
        DocumentType::BirthCertificate | DocumentType::MarriageCertificate => Authority::CivilRegistry,
    }
}

/// The authority keys a card gets at personalization (PUT DATA `00F7`): each authority's public key with the
/// document types it signs, so the card can check documents written after issuance.
pub fn authority_keys(pki: &Pki) -> cccd_documents::AuthorityKeys {
    let keys = pki
        .authorities
        .iter()
        .map(|(authority, credential)| cccd_documents::AuthorityKey {
            types: DocumentType::ALL.into_iter().filter(|t| issuing_authority(*t) == *authority).collect(),
            public_key: credential
                .cert
                .x509()
                .tbs_certificate()
                .subject_public_key_info()
                .subject_public_key
                .raw_bytes()
                .to_vec(),
        })
        .collect();
    cccd_documents::AuthorityKeys { keys }
}

/// Sign an integrated document with its issuing authority's key (over header‖body as encoded).
pub fn sign_integrated_document(document: &mut Document, pki: &Pki) -> Result<(), SigningError> {
    let authority = issuing_authority(document.document_type());
    let credential = pki.authority(authority).ok_or(SigningError::MissingAuthority(authority.name()))?;
    let signature =
        sign_document(&document.signed_data(), &credential.key).map_err(|e| SigningError::Sign(e.to_string()))?;
    document.set_signature(signature);
    Ok(())
}

enum ParseError {
    Syntax(String),
    Version(u32),
}

/// The checked identity, in the forms the files take.
struct Person {
    mrz: Mrz,
    dg13: Dg13,
}

/// EF.DIR: one application template `61 { 4F AID, 50 label }` per application on the card.
fn ef_dir(apps: &[&crate::AppLayout]) -> Vec<u8> {
    let mut out = Vec::new();
    for app in apps {
        let mut children = vec![TlvNode::primitive(Tag::from_u32(0x4F), app.aid.clone().unwrap_or_default())];
        if let Some(label) = &app.label {
            children.push(TlvNode::primitive(Tag::from_u32(0x50), label.as_bytes().to_vec()));
        }
        TlvNode::constructed(Tag::from_u32(0x61), children).encode_into(&mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = r#"
schema_version = 1
[identity]
personal_number = "001099012345"
full_name = "Nguyễn Văn A"
birth_date = "1999-01-01"
sex = "male"
issue_date = "2021-06-01"
expiry_date = "2039-01-01"
"#;

    #[test]
    fn a_minimal_profile_builds_every_emrtd_file() {
        let files = Profile::parse(MINIMAL).ok().unwrap().build().unwrap();
        let emrtd = files.application("emrtd").unwrap();
        let names: Vec<&str> = emrtd.files.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["EF.COM", "DG1", "DG2", "DG13"]);
        let dg1 = Dg1::decode(files.bytes("emrtd", "DG1").unwrap()).unwrap();
        assert_eq!(dg1.mrz.lines()[0], "IDVNM0990123459001099012345<<0");
        assert!(files.application("documents").is_none(), "no documents, no application");
    }

    #[test]
    fn every_problem_is_reported_at_once_with_its_path() {
        let bad = MINIMAL
            .replace("001099012345", "001199012345")
            .replace("2039-01-01", "2020-02-30")
            .replace("Nguyễn Văn A", "");
        let issues = Profile::parse(&bad).ok().unwrap().build().unwrap_err();
        let paths: Vec<&str> = issues.iter().map(|i| i.path.as_str()).collect();
        assert!(paths.contains(&"identity.personal_number"), "{issues:?}");
        assert!(paths.contains(&"identity.expiry_date"), "{issues:?}");
        assert!(paths.contains(&"identity.full_name"), "{issues:?}");
    }

    #[test]
    fn unknown_keys_and_versions_are_refused() {
        assert!(matches!(Profile::parse(&MINIMAL.replace("sex =", "gender =")), Err(ParseError::Syntax(_))));
        assert!(matches!(
            Profile::parse(&MINIMAL.replace("schema_version = 1", "schema_version = 2")),
            Err(ParseError::Version(2))
        ));
    }
}
