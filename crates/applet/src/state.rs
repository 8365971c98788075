//! The card's persistent state (lifecycle and file tree) in a JSON file that survives restarts.
//!
//! Every change is written to a temporary file in the same directory, flushed to disk and renamed over the
//! old one, so a crash leaves either the old state or the new one, never a mix.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::Lifecycle;
use crate::fs::FileImage;
use crate::pin::ReferenceData;

/// Version of the state file format.
pub const STATE_SCHEMA_VERSION: u32 = 1;

/// What a card keeps across power cycles.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CardState {
    pub schema_version: u32,
    pub lifecycle: Lifecycle,
    pub files: FileImage,
    /// The Active Authentication private key (PKCS#8 DER): the card's secret, kept like its EEPROM keeps it.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "cccd_lds::serde_bin::opt_hex_bytes")]
    pub aa_key: Option<Vec<u8>>,
    /// The citizen PIN and its PUK with their retry counters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pin: Option<ReferenceData>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub puk: Option<ReferenceData>,
    /// The AES-128 personalization key (absent in old states: the test key).
    #[serde(default, skip_serializing_if = "Option::is_none", with = "cccd_lds::serde_bin::opt_hex_bytes")]
    pub perso_key: Option<Vec<u8>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub perso_tries_left: Option<u8>,
    /// Authority keys for documents written after issuance (`cccd_documents::AuthorityKeys` encoding).
    #[serde(default, skip_serializing_if = "Option::is_none", with = "cccd_lds::serde_bin::opt_hex_bytes")]
    pub authority_keys: Option<Vec<u8>>,
    /// The e-signature private key (PKCS#8 DER).
    #[serde(default, skip_serializing_if = "Option::is_none", with = "cccd_lds::serde_bin::opt_hex_bytes")]
    pub esign_key: Option<Vec<u8>>,
    #[serde(default, skip_serializing_if = "Option::is_none", with = "cccd_lds::serde_bin::opt_hex_bytes")]
    pub esign_certificate: Option<Vec<u8>>,
}

/// Why a state file cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum StateError {
    #[error("cannot read card state {0}: {1}")]
    Read(PathBuf, io::Error),
    #[error("cannot write card state {0}: {1}")]
    Write(PathBuf, io::Error),
    #[error("card state {0} is not valid JSON of this format: {1}")]
    Parse(PathBuf, serde_json::Error),
    #[error("card state {0} has schema version {1}; this build reads version {STATE_SCHEMA_VERSION}")]
    Version(PathBuf, u32),
    #[error("card state {0} is inconsistent: {1}")]
    Inconsistent(PathBuf, String),
}

/// Read a state file; `None` when it does not exist yet.
pub fn load(path: &Path) -> Result<Option<CardState>, StateError> {
    let text = match fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(StateError::Read(path.to_owned(), e)),
    };
    let state: CardState = serde_json::from_str(&text).map_err(|e| StateError::Parse(path.to_owned(), e))?;
    if state.schema_version != STATE_SCHEMA_VERSION {
        return Err(StateError::Version(path.to_owned(), state.schema_version));
    }
    Ok(Some(state))
}

/// Replace the state file atomically (write, fsync, rename, fsync the directory).
pub fn save_atomic(path: &Path, state: &CardState) -> Result<(), StateError> {
    let err = |e| StateError::Write(path.to_owned(), e);
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = path.file_name().ok_or_else(|| err(io::Error::other("the state path names no file")))?;
    let tmp = dir.join(format!(".{}.tmp-{}", name.to_string_lossy(), std::process::id()));
    let json = serde_json::to_vec_pretty(state).map_err(|e| err(io::Error::other(e)))?;
    let result = (|| {
        // The state holds the chip's private keys: readable by its owner only.
        let mut file = {
            use std::os::unix::fs::OpenOptionsExt;
            fs::OpenOptions::new().write(true).create(true).truncate(true).mode(0o600).open(&tmp)?
        };
        file.write_all(&json)?;
        file.sync_all()?;
        fs::rename(&tmp, path)
    })();
    if result.is_ok() {
        // The new state is in place: a failing directory sync cannot undo it, so it does not fail the save
        // (the caller would roll back in memory what the file already holds).
        let _ = fs::File::open(dir).and_then(|d| d.sync_all());
    }
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result.map_err(err)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::FileSystem;

    #[test]
    fn save_then_load_round_trips_and_leaves_no_temporary_file() {
        let dir = std::env::temp_dir().join(format!("cccd-state-test-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let path = dir.join("card.json");
        assert!(load(&path).unwrap().is_none());
        let state = CardState {
            schema_version: STATE_SCHEMA_VERSION,
            lifecycle: Lifecycle::Locked,
            files: FileSystem::default().to_image(),
            aa_key: None,
            pin: None,
            puk: None,
            perso_key: None,
            perso_tries_left: None,
            authority_keys: None,
            esign_key: None,
            esign_certificate: None,
        };
        save_atomic(&path, &state).unwrap();
        assert_eq!(load(&path).unwrap(), Some(state));
        assert_eq!(fs::read_dir(&dir).unwrap().count(), 1, "only the state file remains");
        fs::write(&path, b"{ not json").unwrap();
        assert!(matches!(load(&path), Err(StateError::Parse(..))));
        fs::remove_dir_all(&dir).ok();
    }
}
