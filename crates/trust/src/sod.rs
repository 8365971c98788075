//! EF.SOD parsing: the CMS SignedData around an LDSSecurityObject, keeping the bytes that were signed as read.

use cms::content_info::ContentInfo;
use cms::signed_data::{SignedData, SignerIdentifier};
use const_oid::ObjectIdentifier;
use const_oid::db::rfc5911;
use der::asn1::{AnyRef, OctetString};
use der::{Decode, Reader, SliceReader};

use crate::algorithms::{DigestAlgorithm, SignatureAlgorithm, digest_from_alg};
use crate::cert::Cert;
use crate::error::SodError;
use crate::lso::{ID_LDS_SECURITY_OBJECT, LdsSecurityObject};

/// Who signed: the SignerInfo's sid.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SignerId {
    IssuerAndSerial { issuer: String, serial: Vec<u8> },
    SubjectKeyId(Vec<u8>),
}

impl std::fmt::Display for SignerId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::IssuerAndSerial { issuer, serial } => write!(f, "issuer {issuer}, serial {}", hex_upper(serial)),
            Self::SubjectKeyId(ski) => write!(f, "subjectKeyIdentifier {}", hex_upper(ski)),
        }
    }
}

pub(crate) fn hex_upper(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02X}")).collect()
}

/// One entry of the LDSSecurityObject.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DgHash {
    pub dg: u8,
    pub hash: Vec<u8>,
}

/// A parsed EF.SOD.
#[derive(Clone, Debug)]
pub struct Sod {
    /// LDSSecurityObject version (0, or 1 with `lds_version`).
    pub lso_version: u8,
    /// `(LDS version, Unicode version)` of an LDSSecurityObject v1.
    pub lds_version: Option<(String, String)>,
    /// The algorithm of the DG hashes; `Err(oid)` when unsupported.
    pub dg_hash_algorithm: Result<DigestAlgorithm, String>,
    pub dg_hashes: Vec<DgHash>,
    pub signer: SignerId,
    /// Certificates embedded in the SignedData (normally the document signer), bytes as read.
    pub certificates: Vec<Cert>,
    /// The SignerInfo's digestAlgorithm (for messageDigest); `Err(reason)` when unsupported.
    pub digest_algorithm: Result<DigestAlgorithm, String>,
    pub signature_algorithm: SignatureAlgorithm,
    pub signature: Vec<u8>,
    /// The messageDigest signed attribute.
    pub message_digest: Option<Vec<u8>>,
    /// The contentType signed attribute.
    pub content_type: Option<ObjectIdentifier>,
    /// How many SignerInfos the SignedData holds (only the first is checked).
    pub signer_count: usize,
    econtent: Vec<u8>,
    signed_attrs: Option<Vec<u8>>,
    sid: SignerIdentifier,
}

impl Sod {
    /// Parses EF.SOD with its `77` wrapper, or a bare ContentInfo.
    pub fn parse(bytes: &[u8]) -> Result<Self, SodError> {
        let cms = unwrap_77(bytes)?;
        let info = ContentInfo::from_der(cms)?;
        if info.content_type != rfc5911::ID_SIGNED_DATA {
            return Err(SodError::Structure(format!("content type {} is not signedData", info.content_type)));
        }
        let sd: SignedData = info.content.decode_as()?;
        if sd.encap_content_info.econtent_type != ID_LDS_SECURITY_OBJECT {
            let t = sd.encap_content_info.econtent_type;
            return Err(SodError::Structure(format!("eContentType {t} is not ldsSecurityObject")));
        }
        let econtent = sd
            .encap_content_info
            .econtent
            .as_ref()
            .ok_or_else(|| SodError::Structure("eContent is absent".into()))?
            .decode_as::<OctetString>()?
            .as_bytes()
            .to_vec();
        let lso = LdsSecurityObject::from_der(&econtent)?;

        let signer_count = sd.signer_infos.0.len();
        let si = sd.signer_infos.0.iter().next().ok_or_else(|| SodError::Structure("no SignerInfo".into()))?;
        let digest_algorithm = digest_from_alg(&si.digest_alg);
        let signature_algorithm = SignatureAlgorithm::from_alg(&si.signature_algorithm, digest_algorithm.clone().ok());

        let (mut message_digest, mut content_type) = (None, None);
        if let Some(attrs) = &si.signed_attrs {
            for attr in attrs.iter() {
                let value = match attr.values.iter().collect::<Vec<_>>()[..] {
                    [only] => only,
                    _ => return Err(SodError::Structure(format!("attribute {} must have one value", attr.oid))),
                };
                if attr.oid == rfc5911::ID_MESSAGE_DIGEST {
                    message_digest = Some(value.decode_as::<OctetString>()?.as_bytes().to_vec());
                } else if attr.oid == rfc5911::ID_CONTENT_TYPE {
                    content_type = Some(value.decode_as::<ObjectIdentifier>()?);
                }
            }
        }

        let raw = RawSignedData::walk(cms)?;
        let certificates = raw.certificates.iter().map(|c| Cert::from_der(c)).collect::<Result<Vec<_>, _>>()?;
        let signer = match &si.sid {
            SignerIdentifier::IssuerAndSerialNumber(ias) => SignerId::IssuerAndSerial {
                issuer: ias.issuer.to_string(),
                serial: ias.serial_number.as_bytes().to_vec(),
            },
            SignerIdentifier::SubjectKeyIdentifier(ski) => SignerId::SubjectKeyId(ski.0.as_bytes().to_vec()),
        };

        Ok(Self {
            lso_version: lso.version,
            lds_version: lso
                .lds_version_info
                .as_ref()
                .map(|v| (v.lds_version.as_str().to_owned(), v.unicode_version.as_str().to_owned())),
            dg_hash_algorithm: digest_from_alg(&lso.hash_algorithm),
            dg_hashes: lso
                .data_group_hash_values
                .iter()
                .map(|h| DgHash { dg: h.data_group_number, hash: h.data_group_hash_value.as_bytes().to_vec() })
                .collect(),
            signer,
            certificates,
            digest_algorithm,
            signature_algorithm,
            signature: si.signature.as_bytes().to_vec(),
            message_digest,
            content_type,
            signer_count,
            econtent,
            signed_attrs: raw.signed_attrs,
            sid: si.sid.clone(),
        })
    }

    /// The LDSSecurityObject DER as read (the signed eContent).
    pub fn econtent(&self) -> &[u8] {
        &self.econtent
    }

    /// The bytes the signature covers: signedAttrs as read with `A0` replaced by `31`, or the eContent when
    /// there are no signed attributes.
    pub fn signed_bytes(&self) -> &[u8] {
        self.signed_attrs.as_deref().unwrap_or(&self.econtent)
    }

    pub fn has_signed_attrs(&self) -> bool {
        self.signed_attrs.is_some()
    }

    /// The hash listed for data group `dg`.
    pub fn dg_hash(&self, dg: u8) -> Option<&[u8]> {
        self.dg_hashes.iter().find(|h| h.dg == dg).map(|h| h.hash.as_slice())
    }

    /// Whether `cert` is the one the signer identifier names.
    pub fn signer_matches(&self, cert: &Cert) -> bool {
        let tbs = cert.x509().tbs_certificate();
        match &self.sid {
            SignerIdentifier::IssuerAndSerialNumber(ias) => {
                ias.issuer == *tbs.issuer() && ias.serial_number.as_bytes() == tbs.serial_number().as_bytes()
            }
            SignerIdentifier::SubjectKeyIdentifier(ski) => cert.subject_key_id().as_deref() == Some(ski.0.as_bytes()),
        }
    }

    /// The embedded certificate the signer identifier names.
    pub fn signer_certificate(&self) -> Option<&Cert> {
        self.certificates.iter().find(|c| self.signer_matches(c))
    }
}

/// The CMS inside the `77` application tag (or the input itself when it is a bare SEQUENCE).
fn unwrap_77(bytes: &[u8]) -> Result<&[u8], SodError> {
    match bytes.first() {
        Some(0x77) => {
            let mut reader = SliceReader::new(bytes)?;
            let tlv = reader.tlv_bytes()?;
            let rest = &bytes[tlv.len()..];
            if rest.iter().any(|&b| b != 0x00 && b != 0xFF) {
                return Err(SodError::Structure(format!("{} bytes of data after EF.SOD", rest.len())));
            }
            Ok(AnyRef::from_der(tlv)?.value())
        }
        Some(0x30) => Ok(bytes),
        Some(t) => Err(SodError::Structure(format!("starts with tag {t:02X}, expected 77 or 30"))),
        None => Err(SodError::Structure("empty".into())),
    }
}

/// Byte ranges of the SignedData taken straight from the input, never re-encoded (crates.md §6: a DER
/// decoder re-sorts SET OF, so re-encoding can change what was signed).
struct RawSignedData<'a> {
    certificates: Vec<&'a [u8]>,
    signed_attrs: Option<Vec<u8>>,
}

/// The raw TLVs inside a constructed value.
fn children(value: &[u8]) -> Result<Vec<&[u8]>, der::Error> {
    let mut reader = SliceReader::new(value)?;
    let mut out = Vec::new();
    while !reader.is_finished() {
        out.push(reader.tlv_bytes()?);
    }
    Ok(out)
}

fn value_of(tlv: &[u8]) -> Result<&[u8], der::Error> {
    Ok(AnyRef::from_der(tlv)?.value())
}

impl<'a> RawSignedData<'a> {
    fn walk(content_info: &'a [u8]) -> Result<Self, SodError> {
        let missing = |what: &str| SodError::Structure(format!("{what} not found"));
        let ci = children(value_of(content_info)?)?;
        let explicit = ci.get(1).ok_or_else(|| missing("ContentInfo content"))?;
        let sd_tlv = *children(value_of(explicit)?)?.first().ok_or_else(|| missing("SignedData"))?;
        let sd = children(value_of(sd_tlv)?)?;
        let certificates = match sd.iter().find(|t| t.first() == Some(&0xA0)) {
            Some(certs) => children(value_of(certs)?)?.into_iter().filter(|c| c.first() == Some(&0x30)).collect(),
            None => Vec::new(),
        };
        let signer_infos = sd.last().ok_or_else(|| missing("signerInfos"))?;
        let first = *children(value_of(signer_infos)?)?.first().ok_or_else(|| missing("SignerInfo"))?;
        let si = children(value_of(first)?)?;
        // version, sid, digestAlgorithm, [0] signedAttrs: the fourth element when present.
        let signed_attrs = si.get(3).filter(|t| t.first() == Some(&0xA0)).map(|t| {
            let mut set = t.to_vec();
            set[0] = 0x31;
            set
        });
        Ok(Self { certificates, signed_attrs })
    }
}
