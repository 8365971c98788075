//! Passive authentication, as separate checks so a report can list each with its own outcome and reason:
//! (a) messageDigest, (b) the SOD signature, (c) each data group hash, (d) the DS certificate chain to a CSCA.
//! Dates are reported apart from signatures: an expired certificate is not a forged one.

use std::time::SystemTime;

use crate::algorithms::SignatureAlgorithm;
use crate::cert::{Cert, Validity};
use crate::error::VerifyError;
use crate::pubkey::ParsedKey;
use crate::sod::{Sod, hex_upper};
use crate::trust_store::TrustStore;

/// (a) messageDigest against the hash of the eContent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DigestStatus {
    Match,
    Mismatch,
    /// No signed attributes, or no messageDigest among them.
    Missing,
    /// The contentType attribute is absent or differs from id-icao-mrtd-security-ldsSecurityObject.
    ContentTypeMismatch,
    UnsupportedAlgorithm,
}

/// (b) the SOD signature.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SignatureStatus {
    Valid,
    Invalid,
    /// No certificate matching the signer identifier was embedded or given.
    SignerNotFound,
    /// The algorithm, key type or curve is not supported (e.g. an unknown explicit curve).
    Unsupported,
}

/// (c) one data group.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DgStatus {
    Match,
    Mismatch,
    /// The file was read but EF.SOD lists no hash for it.
    NotListed,
    /// EF.SOD lists a hash but the file was not given (not read, e.g. EAC-protected).
    Absent,
    UnsupportedAlgorithm,
}

/// (d) the DS certificate's link to a CSCA (signature and names; dates are in [`ChainCheck::ds_validity`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChainStatus {
    Valid,
    /// No CSCA in the trust store has the DS certificate's issuer as subject.
    NoTrustAnchor,
    /// A CSCA with the right name exists but none of their keys verifies the DS certificate.
    InvalidSignature,
    Unsupported,
}

/// One check's outcome with a human-readable reason.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Check<S> {
    pub status: S,
    pub reason: String,
}

impl<S> Check<S> {
    fn new(status: S, reason: impl Into<String>) -> Self {
        Self { status, reason: reason.into() }
    }
}

/// (c) result for one data group.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DgCheck {
    pub dg: u8,
    pub status: DgStatus,
    pub reason: String,
}

/// A certificate's validity at the time of the check.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidityCheck {
    pub subject: String,
    pub status: Validity,
    pub reason: String,
}

/// (d) result.
#[derive(Clone, Debug)]
pub struct ChainCheck {
    pub status: ChainStatus,
    pub reason: String,
    /// The CSCA that verified the DS certificate.
    pub csca: Option<Cert>,
    pub ds_validity: ValidityCheck,
    pub csca_validity: Option<ValidityCheck>,
}

/// (b) result, with the certificate that was used.
#[derive(Clone, Debug)]
pub struct SignatureCheck {
    pub status: SignatureStatus,
    pub reason: String,
    pub signer: Option<Cert>,
}

/// (a) compare messageDigest with the digest of the eContent as read.
pub fn check_message_digest(sod: &Sod) -> Check<DigestStatus> {
    let Some(md) = &sod.message_digest else {
        return Check::new(DigestStatus::Missing, "no messageDigest signed attribute");
    };
    match sod.content_type {
        Some(ct) if ct == crate::lso::ID_LDS_SECURITY_OBJECT => {}
        Some(ct) => return Check::new(DigestStatus::ContentTypeMismatch, format!("contentType attribute is {ct}")),
        None => {
            return Check::new(DigestStatus::ContentTypeMismatch, "no contentType signed attribute (RFC 5652 §5.3)");
        }
    }
    let alg = match &sod.digest_algorithm {
        Ok(a) => *a,
        Err(why) => return Check::new(DigestStatus::UnsupportedAlgorithm, why.clone()),
    };
    let computed = alg.digest(sod.econtent());
    if &computed == md {
        Check::new(DigestStatus::Match, format!("{alg} of the LDSSecurityObject is {}", hex_upper(&computed)))
    } else {
        Check::new(
            DigestStatus::Mismatch,
            format!("messageDigest {} but {alg} of the LDSSecurityObject is {}", hex_upper(md), hex_upper(&computed)),
        )
    }
}

/// (b) verify the SOD signature with `ds` if given, else with the embedded certificate the signer identifier
/// names.
pub fn check_signature(sod: &Sod, ds: Option<&Cert>) -> SignatureCheck {
    let (cert, note) = match ds {
        Some(c) if sod.signer_matches(c) => (c, ""),
        Some(c) => (c, " (the given certificate is not the one the signer identifier names)"),
        None => match sod.signer_certificate() {
            Some(c) => (c, ""),
            None => {
                let reason = format!("no embedded certificate matches the signer ({})", sod.signer);
                return SignatureCheck { status: SignatureStatus::SignerNotFound, reason, signer: None };
            }
        },
    };
    let (status, reason) = match verify_with_cert(cert, &sod.signature_algorithm, sod.signed_bytes(), &sod.signature) {
        Ok(key) => (
            SignatureStatus::Valid,
            format!("{} signature by {} ({key}) verifies{note}", sod.signature_algorithm, cert.subject()),
        ),
        Err(e) => {
            (signature_status(&e), format!("{} signature by {}: {e}{note}", sod.signature_algorithm, cert.subject()))
        }
    };
    SignatureCheck { status, reason, signer: Some(cert.clone()) }
}

fn signature_status(e: &VerifyError) -> SignatureStatus {
    match e {
        VerifyError::Invalid | VerifyError::MalformedSignature => SignatureStatus::Invalid,
        VerifyError::UnsupportedAlgorithm(_) | VerifyError::KeyMismatch { .. } | VerifyError::Key(_) => {
            SignatureStatus::Unsupported
        }
    }
}

/// Verifies a signature with a certificate's public key; returns the key description.
pub(crate) fn verify_with_cert(
    cert: &Cert,
    alg: &SignatureAlgorithm,
    message: &[u8],
    signature: &[u8],
) -> Result<String, VerifyError> {
    let key = ParsedKey::from_spki(cert.x509().tbs_certificate().subject_public_key_info())?;
    key.verify(alg, message, signature)?;
    Ok(key.describe())
}

/// (c) every data group: the hash of the file bytes as given (never re-encoded) against the SOD's list.
/// `files` holds `(DG number, file bytes)`; the result lists listed DGs in SOD order, then unlisted ones.
pub fn check_data_groups(sod: &Sod, files: &[(u8, &[u8])]) -> Vec<DgCheck> {
    let alg = sod.dg_hash_algorithm.as_ref().ok().copied();
    let mut out: Vec<DgCheck> = sod
        .dg_hashes
        .iter()
        .map(|listed| {
            let dg = listed.dg;
            let (status, reason) = match (files.iter().find(|(n, _)| *n == dg), alg) {
                (None, _) => (DgStatus::Absent, format!("DG{dg} is listed but was not read")),
                (Some(_), None) => (DgStatus::UnsupportedAlgorithm, format!("{:?}", sod.dg_hash_algorithm)),
                (Some((_, bytes)), Some(alg)) => {
                    let computed = alg.digest(bytes);
                    if computed == listed.hash {
                        (DgStatus::Match, format!("{alg} {}", hex_upper(&computed)))
                    } else {
                        let (l, c) = (hex_upper(&listed.hash), hex_upper(&computed));
                        (DgStatus::Mismatch, format!("EF.SOD lists {l}, the file hashes to {c}"))
                    }
                }
            };
            DgCheck { dg, status, reason }
        })
        .collect();
    for (dg, _) in files {
        if sod.dg_hash(*dg).is_none() && !out.iter().any(|c| c.dg == *dg) {
            out.push(DgCheck {
                dg: *dg,
                status: DgStatus::NotListed,
                reason: format!("DG{dg} was read but EF.SOD lists no hash for it"),
            });
        }
    }
    out
}

/// A certificate's dates at `now`.
pub fn check_validity(cert: &Cert, now: SystemTime) -> ValidityCheck {
    let status = cert.validity_at(now);
    let (from, to) =
        (cert.x509().tbs_certificate().validity().not_before, cert.x509().tbs_certificate().validity().not_after);
    let reason = match status {
        Validity::Valid => format!("valid {from} to {to}"),
        Validity::NotYetValid => format!("not valid before {from}"),
        Validity::Expired => format!("expired: valid {from} to {to}"),
    };
    ValidityCheck { subject: cert.subject(), status, reason }
}

/// (d) find a CSCA in `trust` whose subject is the DS certificate's issuer and whose key verifies it.
pub fn check_chain(ds: &Cert, trust: &TrustStore, now: SystemTime) -> ChainCheck {
    let ds_validity = check_validity(ds, now);
    let issuer = ds.x509().tbs_certificate().issuer();
    let candidates: Vec<&Cert> =
        trust.cscas().iter().filter(|c| c.x509().tbs_certificate().subject() == issuer).collect();
    let done = |status, reason: String, csca: Option<&Cert>| ChainCheck {
        status,
        reason,
        csca_validity: csca.map(|c| check_validity(c, now)),
        csca: csca.cloned(),
        ds_validity: ds_validity.clone(),
    };
    if candidates.is_empty() {
        return done(ChainStatus::NoTrustAnchor, format!("no CSCA with subject {issuer} in the trust store"), None);
    }
    let alg = SignatureAlgorithm::from_alg(ds.x509().signature_algorithm(), None);
    let tbs = match ds.tbs_raw() {
        Ok(t) => t,
        Err(e) => return done(ChainStatus::Unsupported, format!("DS certificate structure: {e}"), None),
    };
    let mut failures = Vec::new();
    let mut unsupported = true;
    for csca in candidates {
        match verify_with_cert(csca, &alg, tbs, ds.signature_bytes()) {
            Ok(key) => {
                let reason = format!("{} is signed by CSCA {} ({key}, {alg})", ds.subject(), csca);
                return done(ChainStatus::Valid, reason, Some(csca));
            }
            Err(e) => {
                unsupported &= signature_status(&e) == SignatureStatus::Unsupported;
                failures.push(format!("CSCA {csca}: {e}"));
            }
        }
    }
    let status = if unsupported { ChainStatus::Unsupported } else { ChainStatus::InvalidSignature };
    done(status, failures.join("; "), None)
}

/// Everything passive authentication checks, for one EF.SOD and the files read.
#[derive(Clone, Debug)]
pub struct PassiveAuthentication {
    pub message_digest: Check<DigestStatus>,
    pub signature: SignatureCheck,
    pub data_groups: Vec<DgCheck>,
    /// `None` when no trust store was given or no DS certificate was found.
    pub chain: Option<ChainCheck>,
}

impl PassiveAuthentication {
    /// All four checks: a usable signature by a DS certificate, matching hashes for every DG read,
    /// and (when a trust store was given) a valid chain with both certificates in their validity period.
    pub fn passed(&self) -> bool {
        self.integrity_ok()
            && self.chain.as_ref().is_none_or(|c| {
                c.status == ChainStatus::Valid
                    && c.ds_validity.status == Validity::Valid
                    && c.csca_validity.as_ref().is_some_and(|v| v.status == Validity::Valid)
            })
    }

    /// Signature, messageDigest and DG hashes, regardless of dates and trust anchors.
    pub fn integrity_ok(&self) -> bool {
        self.message_digest.status == DigestStatus::Match
            && self.signature.status == SignatureStatus::Valid
            && self.data_groups.iter().all(|d| matches!(d.status, DgStatus::Match | DgStatus::Absent))
    }
}

/// Runs (a)–(d). `ds` overrides the embedded DS certificate; `trust` enables the chain check.
pub fn passive_authentication(
    sod: &Sod,
    files: &[(u8, &[u8])],
    ds: Option<&Cert>,
    trust: Option<&TrustStore>,
    now: SystemTime,
) -> PassiveAuthentication {
    let signature = check_signature(sod, ds);
    let chain = match (trust, &signature.signer) {
        (Some(trust), Some(ds)) => Some(check_chain(ds, trust, now)),
        _ => None,
    };
    PassiveAuthentication {
        message_digest: check_message_digest(sod),
        signature,
        data_groups: check_data_groups(sod, files),
        chain,
    }
}
