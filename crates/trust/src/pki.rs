//! A synthetic test PKI: CSCA → document signer, and CSCA → one signer per document authority (the authority
//! signers hang directly under the CSCA so one anchor covers a whole test card). ECDSA P-256 with SHA-256.
//! Every name carries `O=CCCD Test PKI (not valid)`.

use std::collections::BTreeMap;
use std::path::Path;

use der::Encode;
use der::asn1::{PrintableString, SetOfVec};
use rcgen::{
    BasicConstraints, CertificateParams, CustomExtension, DistinguishedName, DnType, DnValue, IsCa, Issuer, KeyPair,
    KeyUsagePurpose, PKCS_ECDSA_P256_SHA256, SerialNumber,
};
use serde::{Deserialize, Serialize};

use crate::authority::Authority;
use crate::cert::Cert;
use crate::error::PkiError;
use crate::key::SignerKey;
use crate::trust_store::TrustStore;

/// The organisation in every subject: nobody may mistake these certificates for real ones.
pub const TEST_ORGANIZATION: &str = "CCCD Test PKI (not valid)";
const MANIFEST: &str = "pki.toml";
const FORMAT: u32 = 1;

/// What to generate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PkiParams {
    /// Two-letter country code in the names (PrintableString).
    pub country: String,
    /// First day of validity of every certificate, `(year, month, day)`.
    pub not_before: (i32, u8, u8),
    pub csca_years: i32,
    pub document_signer_years: i32,
    pub authority_years: i32,
    /// Document types for the DS certificate's ICAO documentTypeList extension (empty: leave it out).
    pub document_types: Vec<String>,
}

impl Default for PkiParams {
    /// Starts on 1 January of the current year: CSCA 15 years, document signer and authorities 10.
    fn default() -> Self {
        let year = der::DateTime::from_system_time(std::time::SystemTime::now()).map(|d| d.year()).unwrap_or(2026);
        Self {
            country: "VN".into(),
            not_before: (i32::from(year), 1, 1),
            csca_years: 15,
            document_signer_years: 10,
            authority_years: 10,
            document_types: vec!["ID".into()],
        }
    }
}

/// A certificate with its private key.
#[derive(Clone, Debug)]
pub struct Credential {
    pub cert: Cert,
    pub key: SignerKey,
}

/// The test PKI.
#[derive(Clone, Debug)]
pub struct Pki {
    pub csca: Credential,
    pub document_signer: Credential,
    pub authorities: BTreeMap<Authority, Credential>,
    /// The CA that certifies citizens' e-signature keys (absent in PKIs made before it existed).
    pub esign_ca: Option<Credential>,
}

/// `pki.toml`.
#[derive(Serialize, Deserialize)]
struct Manifest {
    format: u32,
    note: String,
    csca: Entry,
    document_signer: Entry,
    authorities: BTreeMap<String, Entry>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    esign_ca: Option<Entry>,
}

#[derive(Serialize, Deserialize)]
struct Entry {
    certificate: String,
    certificate_pem: String,
    key: String,
    key_pem: String,
}

impl Entry {
    fn named(stem: &str) -> Self {
        Self {
            certificate: format!("{stem}.cert.der"),
            certificate_pem: format!("{stem}.cert.pem"),
            key: format!("{stem}.key.der"),
            key_pem: format!("{stem}.key.pem"),
        }
    }
}

/// Files to write: `(name, bytes)`.
type Files = Vec<(String, Vec<u8>)>;

/// A generated certificate with its parameters (needed to issue from it) and key.
struct Generated {
    params: CertificateParams,
    key: KeyPair,
    cert: rcgen::Certificate,
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> PkiError + '_ {
    move |source| PkiError::Io { path: path.to_owned(), source }
}

fn serial() -> SerialNumber {
    let mut bytes = [0u8; 8];
    // The OS RNG does not fail on supported platforms; a fixed serial would still be a valid certificate.
    let _ = getrandom::fill(&mut bytes);
    bytes[0] = (bytes[0] & 0x7F) | 0x01;
    SerialNumber::from_slice(&bytes)
}

impl PkiParams {
    fn name(&self, unit: &str, common_name: &str) -> Result<DistinguishedName, PkiError> {
        let country = rcgen::string::PrintableString::try_from(self.country.as_str())
            .map_err(|e| PkiError::Params(format!("country {:?}: {e}", self.country)))?;
        let mut dn = DistinguishedName::new();
        dn.push(DnType::CountryName, DnValue::PrintableString(country));
        dn.push(DnType::OrganizationName, TEST_ORGANIZATION);
        dn.push(DnType::OrganizationalUnitName, unit);
        dn.push(DnType::CommonName, common_name);
        Ok(dn)
    }

    fn base(&self, unit: &str, common_name: &str, years: i32) -> Result<CertificateParams, PkiError> {
        let (y, m, d) = self.not_before;
        let end = y.checked_add(years).filter(|end| (1950..=9999).contains(&y) && *end <= 9999 && years > 0);
        let Some(end) = end.filter(|_| (1..=12).contains(&m) && (1..=28).contains(&d)) else {
            return Err(PkiError::Params(format!(
                "not_before {y}-{m}-{d} for {years} years (year 1950..=9999, day 1..=28, end year at most 9999)"
            )));
        };
        let mut params = CertificateParams::default();
        params.distinguished_name = self.name(unit, common_name)?;
        params.serial_number = Some(serial());
        params.not_before = rcgen::date_time_ymd(y, m, d);
        params.not_after = rcgen::date_time_ymd(end, m, d);
        Ok(params)
    }
}

/// A card's P-256 public point, as rcgen wants a subject key.
struct CardPublicKey(Vec<u8>);

impl rcgen::PublicKeyData for CardPublicKey {
    fn der_bytes(&self) -> &[u8] {
        &self.0
    }

    fn algorithm(&self) -> &'static rcgen::SignatureAlgorithm {
        &PKCS_ECDSA_P256_SHA256
    }
}

/// The citizen signing CA's common name.
const ESIGN_CA_NAME: &str = "CCCD Test Citizen Signing CA";

fn time_offset(seconds: u64) -> std::time::Duration {
    std::time::Duration::from_secs(seconds)
}

/// The subject of a certificate as an rcgen name (C, O, OU, CN), to issue under it.
fn rcgen_name(cert: &Cert) -> Result<DistinguishedName, PkiError> {
    use der::asn1::{PrintableStringRef, Utf8StringRef};
    let mut dn = DistinguishedName::new();
    {
        for atv in cert.x509().tbs_certificate().subject().iter() {
            let oid = atv.oid.to_string();
            let kind = match oid.as_str() {
                "2.5.4.6" => DnType::CountryName,
                "2.5.4.10" => DnType::OrganizationName,
                "2.5.4.11" => DnType::OrganizationalUnitName,
                "2.5.4.3" => DnType::CommonName,
                _ => continue,
            };
            let value = if let Ok(p) = atv.value.decode_as::<PrintableStringRef<'_>>() {
                DnValue::PrintableString(
                    rcgen::string::PrintableString::try_from(p.as_str())
                        .map_err(|e| PkiError::Params(e.to_string()))?,
                )
            } else if let Ok(u) = atv.value.decode_as::<Utf8StringRef<'_>>() {
                DnValue::Utf8String(u.as_str().to_owned())
            } else {
                continue;
            };
            dn.push(kind, value);
        }
    }
    Ok(dn)
}

/// ICAO 9303-12 documentTypeList: `SEQUENCE { version INTEGER (0), docTypeList SET OF PrintableString }`.
#[derive(der::Sequence)]
struct DocumentTypeList {
    version: u8,
    doc_type_list: SetOfVec<PrintableString>,
}

/// id-icao-mrtd-security-extensions-documentTypeList.
const ID_DOCUMENT_TYPE_LIST: &[u64] = &[2, 23, 136, 1, 1, 6, 2];

fn document_type_list(types: &[String]) -> Result<CustomExtension, PkiError> {
    let bad = |e: der::Error| PkiError::Params(format!("document types: {e}"));
    let mut set = SetOfVec::new();
    for t in types {
        set.insert(PrintableString::new(t).map_err(bad)?).map_err(bad)?;
    }
    let der = DocumentTypeList { version: 0, doc_type_list: set }.to_der().map_err(bad)?;
    Ok(CustomExtension::from_oid_content(ID_DOCUMENT_TYPE_LIST, der))
}

fn credential(g: &Generated) -> Result<Credential, PkiError> {
    Ok(Credential { cert: Cert::from_der(g.cert.der())?, key: SignerKey::from_pkcs8_der(&g.key.serialize_der())? })
}

impl Pki {
    /// Generates a PKI in memory (nothing written).
    pub fn generate_in_memory(params: &PkiParams) -> Result<Self, PkiError> {
        Self::generate_with_files(params).map(|(pki, _)| pki)
    }

    /// The PKI and its files `(name, bytes)`.
    fn generate_with_files(params: &PkiParams) -> Result<(Self, Files), PkiError> {
        // A self-signed root that signs certificates only (the CSCA, the citizen signing CA).
        let root_ca = |unit: &str, cn: &str| -> Result<Generated, PkiError> {
            let mut p = params.base(unit, cn, params.csca_years)?;
            p.is_ca = IsCa::Ca(BasicConstraints::Constrained(0));
            p.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
            let key = KeyPair::generate_for(&PKCS_ECDSA_P256_SHA256)?;
            let cert = p.self_signed(&key)?;
            Ok(Generated { params: p, key, cert })
        };
        let csca = root_ca("CSCA", "CCCD Test CSCA")?;

        let leaf = |unit: &str, cn: &str, years: i32, extra: Option<CustomExtension>| -> Result<Generated, PkiError> {
            let mut p = params.base(unit, cn, years)?;
            p.is_ca = IsCa::NoCa;
            p.key_usages = vec![KeyUsagePurpose::DigitalSignature];
            p.use_authority_key_identifier_extension = true;
            p.custom_extensions.extend(extra);
            let key = KeyPair::generate_for(&PKCS_ECDSA_P256_SHA256)?;
            let issuer = Issuer::from_params(&csca.params, &csca.key);
            let cert = p.signed_by(&key, &issuer)?;
            Ok(Generated { params: p, key, cert })
        };
        let dtl =
            if params.document_types.is_empty() { None } else { Some(document_type_list(&params.document_types)?) };
        let ds = leaf("Document Signer", "CCCD Test Document Signer", params.document_signer_years, dtl)?;

        let mut files = Vec::new();
        let mut add = |stem: &str, g: &Generated| {
            let e = Entry::named(stem);
            files.push((e.certificate, g.cert.der().to_vec()));
            files.push((e.certificate_pem, g.cert.pem().into_bytes()));
            files.push((e.key, g.key.serialize_der()));
            files.push((e.key_pem, g.key.serialize_pem().into_bytes()));
        };
        add("csca", &csca);
        add("document_signer", &ds);
        let mut authorities = BTreeMap::new();
        for a in Authority::ALL {
            let g = leaf(
                &format!("{} Authority", a.title()),
                &format!("CCCD Test {} Signer", a.title()),
                params.authority_years,
                None,
            )?;
            add(a.name(), &g);
            authorities.insert(a, credential(&g)?);
        }
        let esign = root_ca("Citizen Signing CA", ESIGN_CA_NAME)?;
        add("esign_ca", &esign);
        let pki = Self {
            csca: credential(&csca)?,
            document_signer: credential(&ds)?,
            authorities,
            esign_ca: Some(credential(&esign)?),
        };
        Ok((pki, files))
    }

    /// Generates a PKI into `dir` (created if needed; refuses a directory that already has a `pki.toml`).
    pub fn generate(dir: &Path, params: &PkiParams) -> Result<Self, PkiError> {
        let manifest_path = dir.join(MANIFEST);
        if manifest_path.exists() {
            return Err(PkiError::Exists(dir.to_owned()));
        }
        let (pki, files) = Self::generate_with_files(params)?;
        std::fs::create_dir_all(dir).map_err(io(dir))?;
        for (name, bytes) in files {
            let path = dir.join(name);
            std::fs::write(&path, bytes).map_err(io(&path))?;
            if path.to_string_lossy().contains(".key.") {
                // Private keys: readable by their owner only.
                use std::os::unix::fs::PermissionsExt;
                std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).map_err(io(&path))?;
            }
        }
        let manifest = Manifest {
            format: FORMAT,
            note: format!("{TEST_ORGANIZATION}: synthetic test PKI, never valid for a real document"),
            csca: Entry::named("csca"),
            document_signer: Entry::named("document_signer"),
            authorities: Authority::ALL.iter().map(|a| (a.name().to_owned(), Entry::named(a.name()))).collect(),
            esign_ca: Some(Entry::named("esign_ca")),
        };
        let text = toml::to_string_pretty(&manifest).map_err(|e| PkiError::Manifest(e.to_string()))?;
        std::fs::write(&manifest_path, text).map_err(io(&manifest_path))?;
        Ok(pki)
    }

    /// Reads a PKI written by [`Pki::generate`] (DER files named in `pki.toml`; each key must match its certificate).
    pub fn load(dir: &Path) -> Result<Self, PkiError> {
        let manifest_path = dir.join(MANIFEST);
        let text = std::fs::read_to_string(&manifest_path).map_err(io(&manifest_path))?;
        let manifest: Manifest = toml::from_str(&text).map_err(|e| PkiError::Manifest(e.to_string()))?;
        if manifest.format != FORMAT {
            return Err(PkiError::Manifest(format!("format {} (this version reads {FORMAT})", manifest.format)));
        }
        let read = |entry: &Entry| -> Result<Credential, PkiError> {
            let cert_path = dir.join(&entry.certificate);
            let key_path = dir.join(&entry.key);
            let cert = Cert::from_der(&std::fs::read(&cert_path).map_err(io(&cert_path))?)?;
            let key = SignerKey::from_pkcs8_der(&std::fs::read(&key_path).map_err(io(&key_path))?)?;
            if !key.matches(&cert) {
                return Err(crate::error::SigningKeyError::CertificateMismatch.into());
            }
            Ok(Credential { cert, key })
        };
        let mut authorities = BTreeMap::new();
        for (name, entry) in &manifest.authorities {
            let a =
                Authority::from_name(name).ok_or_else(|| PkiError::Manifest(format!("unknown authority {name}")))?;
            authorities.insert(a, read(entry)?);
        }
        let esign_ca = manifest.esign_ca.as_ref().map(read).transpose()?;
        Ok(Self {
            csca: read(&manifest.csca)?,
            document_signer: read(&manifest.document_signer)?,
            authorities,
            esign_ca,
        })
    }

    /// Issue an X.509 certificate (ECDSA P-256/SHA-256, digitalSignature + nonRepudiation, 5 years from today) for
    /// a card's e-signature public key (uncompressed P-256 point) from the citizen signing CA.
    pub fn certify_card_key(&self, point: &[u8], common_name: &str, serial_number: &str) -> Result<Cert, PkiError> {
        let ca = self.esign_ca.as_ref().ok_or_else(|| {
            PkiError::Params("this PKI has no citizen signing CA (esign_ca); create one with `cccd pki init`".into())
        })?;
        let ca_key = KeyPair::try_from(ca.key.to_pkcs8_der()?.as_slice())?;
        let mut ca_params = CertificateParams::default();
        ca_params.distinguished_name = rcgen_name(&ca.cert)?;
        ca_params.is_ca = IsCa::Ca(BasicConstraints::Constrained(0));
        let issuer = Issuer::new(ca_params, ca_key);
        let mut params = CertificateParams::default();
        let mut dn = DistinguishedName::new();
        dn.push(
            DnType::CountryName,
            DnValue::PrintableString(
                rcgen::string::PrintableString::try_from("VN").map_err(|e| PkiError::Params(e.to_string()))?,
            ),
        );
        dn.push(DnType::OrganizationName, TEST_ORGANIZATION);
        dn.push(DnType::CommonName, common_name);
        dn.push(
            DnType::CustomDnType(vec![2, 5, 4, 5]),
            DnValue::PrintableString(
                rcgen::string::PrintableString::try_from(serial_number).map_err(|e| PkiError::Params(e.to_string()))?,
            ),
        );
        params.distinguished_name = dn;
        params.serial_number = Some(serial());
        let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0);
        let start = rcgen::date_time_ymd(1970, 1, 1) + time_offset(now);
        params.not_before = start;
        params.not_after = start + time_offset(5 * 365 * 86_400);
        params.is_ca = IsCa::ExplicitNoCa;
        params.key_usages = vec![KeyUsagePurpose::DigitalSignature, KeyUsagePurpose::ContentCommitment];
        params.use_authority_key_identifier_extension = true;
        let cert = params.signed_by(&CardPublicKey(point.to_vec()), &issuer)?;
        Ok(Cert::from_der(cert.der())?)
    }

    /// The signer credential of an authority.
    pub fn authority(&self, authority: Authority) -> Option<&Credential> {
        self.authorities.get(&authority)
    }

    /// What a verifier needs: the CSCA and the authority certificates (no keys).
    pub fn trust_store(&self) -> TrustStore {
        TrustStore::new(vec![self.csca.cert.clone()], self.authorities.iter().map(|(a, c)| (*a, c.cert.clone())))
    }

    /// Writes [`Pki::trust_store`] into `dir` in the trust store format.
    pub fn export_trust_store(&self, dir: &Path) -> Result<TrustStore, crate::error::TrustStoreError> {
        let store = self.trust_store();
        store.write(dir)?;
        Ok(store)
    }
}
