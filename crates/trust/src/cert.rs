//! A certificate kept together with its bytes as read, so signatures are checked over what was received.

use std::time::SystemTime;

use der::{Decode, Reader, SliceReader};
use x509_cert::Certificate;
use x509_cert::ext::pkix::{BasicConstraints, KeyUsage, KeyUsages};

use crate::error::CertError;

/// An X.509 certificate: the parsed form and the exact DER it came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cert {
    der: Vec<u8>,
    x509: Certificate,
}

/// Where `now` falls relative to a certificate's validity period.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Validity {
    Valid,
    NotYetValid,
    Expired,
}

impl Cert {
    /// Parses one DER certificate; the bytes are kept as given.
    pub fn from_der(der: &[u8]) -> Result<Self, CertError> {
        let x509 = Certificate::from_der(der)?;
        Ok(Self { der: der.to_vec(), x509 })
    }

    /// Every certificate in a PEM text (`-----BEGIN CERTIFICATE-----` blocks).
    pub fn all_from_pem(pem: &str) -> Result<Vec<Self>, CertError> {
        let mut certs = Vec::new();
        let mut rest = pem;
        const BEGIN: &str = "-----BEGIN CERTIFICATE-----";
        const END: &str = "-----END CERTIFICATE-----";
        while let Some(start) = rest.find(BEGIN) {
            let Some(len) = rest[start..].find(END) else { break };
            let block = &rest[start..start + len + END.len()];
            let (label, der) = der::pem::decode_vec(block.as_bytes())?;
            if label != "CERTIFICATE" {
                return Err(CertError::NotACertificate);
            }
            certs.push(Self::from_der(&der)?);
            rest = &rest[start + len + END.len()..];
        }
        if certs.is_empty() {
            return Err(CertError::NotACertificate);
        }
        Ok(certs)
    }

    /// The first certificate of a PEM text.
    pub fn from_pem(pem: &str) -> Result<Self, CertError> {
        Self::all_from_pem(pem).map(|mut v| v.swap_remove(0))
    }

    /// A file's contents, DER or PEM (detected).
    pub fn all_from_bytes(bytes: &[u8]) -> Result<Vec<Self>, CertError> {
        match std::str::from_utf8(bytes) {
            Ok(text) if text.contains("-----BEGIN") => Self::all_from_pem(text),
            _ => Self::from_der(bytes).map(|c| vec![c]),
        }
    }

    /// Reads every certificate of a DER or PEM file.
    pub fn load(path: &std::path::Path) -> Result<Vec<Self>, CertError> {
        let bytes = std::fs::read(path).map_err(|source| CertError::Io { path: path.to_owned(), source })?;
        Self::all_from_bytes(&bytes)
    }

    pub fn der(&self) -> &[u8] {
        &self.der
    }

    pub fn to_pem(&self) -> String {
        // Encoding base64 of a buffer we hold cannot fail; fall back to empty rather than panic.
        der::pem::encode_string("CERTIFICATE", der::pem::LineEnding::LF, &self.der).unwrap_or_default()
    }

    /// The parsed certificate (x509-cert 0.3).
    pub fn x509(&self) -> &Certificate {
        &self.x509
    }

    /// Subject in RFC 4514 form.
    pub fn subject(&self) -> String {
        self.x509.tbs_certificate().subject().to_string()
    }

    pub fn issuer(&self) -> String {
        self.x509.tbs_certificate().issuer().to_string()
    }

    /// Serial number as uppercase hex.
    pub fn serial_hex(&self) -> String {
        self.x509.tbs_certificate().serial_number().as_bytes().iter().map(|b| format!("{b:02X}")).collect()
    }

    pub fn not_before(&self) -> SystemTime {
        self.x509.tbs_certificate().validity().not_before.to_system_time()
    }

    pub fn not_after(&self) -> SystemTime {
        self.x509.tbs_certificate().validity().not_after.to_system_time()
    }

    /// Checks only the dates: an expired certificate may still carry a valid signature.
    pub fn validity_at(&self, now: SystemTime) -> Validity {
        if now < self.not_before() {
            Validity::NotYetValid
        } else if now > self.not_after() {
            Validity::Expired
        } else {
            Validity::Valid
        }
    }

    /// basicConstraints cA = TRUE and, when keyUsage is present, keyCertSign (what OpenSSL requires of an anchor).
    pub fn is_ca(&self) -> bool {
        let tbs = self.x509.tbs_certificate();
        let ca = matches!(tbs.get_extension::<BasicConstraints>(), Ok(Some((_, bc))) if bc.ca);
        let may_sign = match tbs.get_extension::<KeyUsage>() {
            Ok(Some((_, ku))) => ku.0.contains(KeyUsages::KeyCertSign),
            Ok(None) => true,
            Err(_) => false,
        };
        ca && may_sign
    }

    /// May this certificate sign data (not certificates)? An end entity (not a CA) whose keyUsage, when present,
    /// includes digitalSignature — what a document signer or a document authority must be.
    pub fn is_data_signer(&self) -> bool {
        let tbs = self.x509.tbs_certificate();
        let ca = matches!(tbs.get_extension::<BasicConstraints>(), Ok(Some((_, bc))) if bc.ca);
        let signs_data = match tbs.get_extension::<KeyUsage>() {
            Ok(Some((_, ku))) => ku.0.contains(KeyUsages::DigitalSignature),
            Ok(None) => true,
            Err(_) => false,
        };
        !ca && signs_data
    }

    /// The subjectKeyIdentifier, if present.
    pub fn subject_key_id(&self) -> Option<Vec<u8>> {
        use x509_cert::ext::pkix::SubjectKeyIdentifier;
        match self.x509.tbs_certificate().get_extension::<SubjectKeyIdentifier>() {
            Ok(Some((_, ski))) => Some(ski.0.as_bytes().to_vec()),
            _ => None,
        }
    }

    /// The tbsCertificate bytes exactly as received: what the issuer signed.
    pub(crate) fn tbs_raw(&self) -> Result<&[u8], der::Error> {
        let outer = der::asn1::AnyRef::from_der(&self.der)?;
        let mut reader = SliceReader::new(outer.value())?;
        reader.tlv_bytes()
    }

    /// The issuer's signature over the tbsCertificate.
    pub(crate) fn signature_bytes(&self) -> &[u8] {
        self.x509.signature().raw_bytes()
    }
}

impl std::fmt::Display for Cert {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} (serial {})", self.subject(), self.serial_hex())
    }
}
