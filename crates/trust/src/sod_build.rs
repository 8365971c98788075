//! EF.SOD creation: LDSSecurityObject v0 with SHA-256 over each whole DG file, signed by the document signer
//! as CMS SignedData (contentType and messageDigest signed attributes, DS certificate embedded).

use cms::builder::{SignedDataBuilder, SignerInfoBuilder};
use cms::cert::{CertificateChoices, IssuerAndSerialNumber};
use cms::signed_data::{EncapsulatedContentInfo, SignerIdentifier};
use der::asn1::{Any, OctetString};
use der::{Encode, Length, Tag};
use spki::AlgorithmIdentifierOwned;

use crate::algorithms::DigestAlgorithm;
use crate::cert::Cert;
use crate::error::SodBuildError;
use crate::key::SignerKey;
use crate::lso::{DataGroupHash, ID_LDS_SECURITY_OBJECT, LdsSecurityObject};

/// Builds EF.SOD (`77` + length + CMS) over `dg_files`: `(DG number, file bytes exactly as written)`.
pub fn build_sod(dg_files: &[(u8, &[u8])], ds_cert: &Cert, ds_key: &SignerKey) -> Result<Vec<u8>, SodBuildError> {
    let sha256 = AlgorithmIdentifierOwned { oid: DigestAlgorithm::Sha256.oid(), parameters: None };
    let mut hashes = Vec::with_capacity(dg_files.len());
    for (i, (dg, bytes)) in dg_files.iter().enumerate() {
        if !(1..=16).contains(dg) {
            return Err(SodBuildError::BadDataGroup(*dg));
        }
        if dg_files[..i].iter().any(|(other, _)| other == dg) {
            return Err(SodBuildError::DuplicateDataGroup(*dg));
        }
        let hash = OctetString::new(DigestAlgorithm::Sha256.digest(bytes))?;
        hashes.push(DataGroupHash { data_group_number: *dg, data_group_hash_value: hash });
    }
    let lso = LdsSecurityObject {
        version: 0,
        hash_algorithm: sha256.clone(),
        data_group_hash_values: hashes,
        lds_version_info: None,
    };
    let eci = EncapsulatedContentInfo {
        econtent_type: ID_LDS_SECURITY_OBJECT,
        econtent: Some(Any::new(Tag::OctetString, lso.to_der()?)?),
    };
    let tbs = ds_cert.x509().tbs_certificate();
    let sid = SignerIdentifier::IssuerAndSerialNumber(IssuerAndSerialNumber {
        issuer: tbs.issuer().clone(),
        serial_number: tbs.serial_number().clone(),
    });
    let cms_err = |e: cms::builder::Error| SodBuildError::Cms(e.to_string());
    let signer = SignerInfoBuilder::new(sid, sha256.clone(), &eci, None).map_err(cms_err)?;
    let content_info = SignedDataBuilder::new(&eci)
        .add_digest_algorithm(sha256)
        .map_err(cms_err)?
        .add_certificate(CertificateChoices::Certificate(ds_cert.x509().clone()))
        .map_err(cms_err)?
        .add_signer_info::<p256::ecdsa::SigningKey, p256::ecdsa::DerSignature>(signer, ds_key.signing_key())
        .map_err(cms_err)?
        .build()
        .map_err(cms_err)?;
    wrap_77(&content_info.to_der()?)
}

/// ICAO's application tag 23 around the ContentInfo.
fn wrap_77(cms: &[u8]) -> Result<Vec<u8>, SodBuildError> {
    let len = Length::try_from(cms.len())?;
    let mut out = Vec::with_capacity(cms.len() + 5);
    out.push(0x77);
    len.encode_to_vec(&mut out)?;
    out.extend_from_slice(cms);
    Ok(out)
}
