//! A verifier's trust store directory: `csca/` (CSCA certificates, DER or PEM, any file name ending
//! `.der`, `.cer`, `.crt` or `.pem`) and `authorities/<authority>.pem` (document authority certificates).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::authority::Authority;
use crate::cert::Cert;
use crate::error::TrustStoreError;

/// Trust anchors for passive authentication and document signatures.
#[derive(Clone, Debug, Default)]
pub struct TrustStore {
    cscas: Vec<Cert>,
    authorities: BTreeMap<Authority, Cert>,
}

const CERT_EXTENSIONS: [&str; 4] = ["der", "cer", "crt", "pem"];

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> TrustStoreError + '_ {
    move |source| TrustStoreError::Io { path: path.to_owned(), source }
}

/// Certificate files of a directory in name order (missing directory = none).
fn cert_files(dir: &Path) -> Result<Vec<PathBuf>, TrustStoreError> {
    if !dir.exists() {
        return Ok(Vec::new());
    }
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(io(dir))? {
        let path = entry.map_err(io(dir))?.path();
        let ext = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
        if path.is_file() && ext.is_some_and(|e| CERT_EXTENSIONS.contains(&e.as_str())) {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

fn read_certs(path: &Path) -> Result<Vec<Cert>, TrustStoreError> {
    Cert::load(path).map_err(|source| TrustStoreError::Certificate { path: path.to_owned(), source })
}

fn require_ca(cert: &Cert) -> Result<(), TrustStoreError> {
    if cert.is_ca() { Ok(()) } else { Err(TrustStoreError::NotCa { subject: cert.subject() }) }
}

impl TrustStore {
    pub fn new(cscas: Vec<Cert>, authorities: impl IntoIterator<Item = (Authority, Cert)>) -> Self {
        Self { cscas, authorities: authorities.into_iter().collect() }
    }

    /// Reads a trust store directory; every CSCA must be a CA certificate.
    pub fn load(dir: &Path) -> Result<Self, TrustStoreError> {
        let mut cscas = Vec::new();
        for file in cert_files(&dir.join("csca"))? {
            for cert in read_certs(&file)? {
                require_ca(&cert)?;
                cscas.push(cert);
            }
        }
        let mut authorities = BTreeMap::new();
        for file in cert_files(&dir.join("authorities"))? {
            let stem = file.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
            let authority =
                Authority::from_name(stem).ok_or_else(|| TrustStoreError::UnknownAuthority(stem.to_owned()))?;
            let cert = read_certs(&file)?.swap_remove(0);
            authorities.insert(authority, cert);
        }
        Ok(Self { cscas, authorities })
    }

    /// Copies the CSCA certificate(s) of `cert_file` into `dir/csca/` as PEM after checking each parses and
    /// is a CA; returns them.
    pub fn import_csca(dir: &Path, cert_file: &Path) -> Result<Vec<Cert>, TrustStoreError> {
        let certs = read_certs(cert_file)?;
        certs.iter().try_for_each(require_ca)?;
        let csca_dir = dir.join("csca");
        std::fs::create_dir_all(&csca_dir).map_err(io(&csca_dir))?;
        let stem = cert_file.file_stem().and_then(|s| s.to_str()).unwrap_or("csca");
        for (i, cert) in certs.iter().enumerate() {
            let name = if certs.len() == 1 { format!("{stem}.pem") } else { format!("{stem}-{i}.pem") };
            let path = csca_dir.join(name);
            std::fs::write(&path, cert.to_pem()).map_err(io(&path))?;
        }
        Ok(certs)
    }

    /// Writes the store in the directory format (`csca/csca-<n>.pem`, `authorities/<authority>.pem`).
    pub fn write(&self, dir: &Path) -> Result<(), TrustStoreError> {
        for sub in ["csca", "authorities"] {
            let path = dir.join(sub);
            std::fs::create_dir_all(&path).map_err(io(&path))?;
        }
        for (i, cert) in self.cscas.iter().enumerate() {
            let path = dir.join("csca").join(format!("csca-{i}.pem"));
            std::fs::write(&path, cert.to_pem()).map_err(io(&path))?;
        }
        for (authority, cert) in &self.authorities {
            let path = dir.join("authorities").join(format!("{}.pem", authority.name()));
            std::fs::write(&path, cert.to_pem()).map_err(io(&path))?;
        }
        Ok(())
    }

    pub fn cscas(&self) -> &[Cert] {
        &self.cscas
    }

    pub fn authority(&self, authority: Authority) -> Option<&Cert> {
        self.authorities.get(&authority)
    }

    pub fn authorities(&self) -> impl Iterator<Item = (Authority, &Cert)> {
        self.authorities.iter().map(|(a, c)| (*a, c))
    }
}
