//! The bytes of every file of a card, as written or as read: the unit of personalization, reading and dumps.
//!
//! Bytes are kept exactly as read, so that whatever is hashed or verified later is what the card holds.

use serde::{Deserialize, Serialize};

use crate::layout::{AppLayout, Layout};

/// Version of the dump format written by `cccd read --dump`.
pub const DUMP_SCHEMA_VERSION: u32 = 1;

/// One file's bytes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileBytes {
    pub name: String,
    #[serde(with = "cccd_lds::serde_bin::hex_u16")]
    pub fid: u16,
    #[serde(with = "hex")]
    pub bytes: Vec<u8>,
}

/// The files of one application (or of the MF).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppFiles {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none", with = "cccd_lds::serde_bin::opt_hex_bytes")]
    pub aid: Option<Vec<u8>>,
    pub files: Vec<FileBytes>,
}

impl AppFiles {
    pub fn file(&self, name: &str) -> Option<&FileBytes> {
        self.files.iter().find(|f| f.name == name)
    }
}

/// Every file of a card, by application.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CardFiles {
    pub applications: Vec<AppFiles>,
}

impl CardFiles {
    pub fn application(&self, name: &str) -> Option<&AppFiles> {
        self.applications.iter().find(|a| a.name == name)
    }

    /// The bytes of `file` in application `app`.
    pub fn bytes(&self, app: &str, file: &str) -> Option<&[u8]> {
        self.application(app)?.file(file).map(|f| f.bytes.as_slice())
    }

    /// Only the files personalization writes: without those the card makes itself (EF.ATR/INFO).
    pub fn issuer_files(&self, layout: &Layout) -> CardFiles {
        let mut out = self.clone();
        for app in &mut out.applications {
            let spec = layout.application(&app.name);
            app.files.retain(|f| spec.and_then(|a| a.file(&f.name)).is_none_or(|f| f.write != crate::Access::Never));
        }
        out.applications.retain(|a| !a.files.is_empty());
        out
    }

    /// Add a file, creating its application entry (with the layout's AID) when needed.
    pub fn insert(&mut self, app: &AppLayout, name: &str, fid: u16, bytes: Vec<u8>) {
        let index = match self.applications.iter().position(|a| a.name == app.name) {
            Some(i) => i,
            None => {
                self.applications.push(AppFiles { name: app.name.clone(), aid: app.aid.clone(), files: Vec::new() });
                self.applications.len() - 1
            }
        };
        let files = &mut self.applications[index].files;
        files.retain(|f| f.name != name);
        files.push(FileBytes { name: name.to_owned(), fid, bytes });
    }
}

/// A dump file: the card's files with a format version, for offline decoding and verification.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dump {
    pub schema_version: u32,
    pub kind: String,
    #[serde(flatten)]
    pub files: CardFiles,
}

/// Why a dump cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum DumpError {
    #[error("not a cccd dump: {0}")]
    Format(#[from] serde_json::Error),
    #[error("dump schema version {0}; this build reads version {DUMP_SCHEMA_VERSION}")]
    Version(u32),
    #[error("the dump names a file {0}/{1} that applet-spec/card.toml does not know")]
    UnknownFile(String, String),
}

impl Dump {
    pub fn new(files: CardFiles) -> Self {
        Self { schema_version: DUMP_SCHEMA_VERSION, kind: "cccd-dump".into(), files }
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// Parse a dump and check every file against the layout.
    pub fn parse(text: &str, layout: &Layout) -> Result<CardFiles, DumpError> {
        let dump: Dump = serde_json::from_str(text)?;
        if dump.schema_version != DUMP_SCHEMA_VERSION {
            return Err(DumpError::Version(dump.schema_version));
        }
        for app in &dump.files.applications {
            for file in &app.files {
                let known =
                    layout.application(&app.name).and_then(|a| a.file(&file.name)).is_some_and(|f| f.fid == file.fid);
                if !known {
                    return Err(DumpError::UnknownFile(app.name.clone(), file.name.clone()));
                }
            }
        }
        Ok(dump.files)
    }
}

/// Load a card image from `path`: a dump written by `cccd read --dump`, or a folder of raw eMRTD files named as
/// in the BSI TR-03105-5 reference set (`EF_COM.bin`, `EF_SOD.bin`, `DatagroupN.bin`).
pub fn load_card_files(path: &std::path::Path, layout: &Layout) -> Result<CardFiles, LoadError> {
    if path.is_dir() {
        return load_raw_folder(path, layout);
    }
    let text = std::fs::read_to_string(path).map_err(|e| LoadError::Read(path.display().to_string(), e))?;
    Dump::parse(&text, layout).map_err(|e| LoadError::Dump(path.display().to_string(), e))
}

/// Why a card image cannot be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("cannot read {0}: {1}")]
    Read(String, std::io::Error),
    #[error("{0}: {1}")]
    Dump(String, DumpError),
    #[error("{0} holds no EF_COM.bin, EF_SOD.bin or DatagroupN.bin file")]
    EmptyFolder(String),
}

fn load_raw_folder(dir: &std::path::Path, layout: &Layout) -> Result<CardFiles, LoadError> {
    let mut files = CardFiles::default();
    let Some(emrtd) = layout.application("emrtd") else { return Ok(files) };
    let mut names: Vec<(String, String)> =
        vec![("EF_COM.bin".into(), "EF.COM".into()), ("EF_SOD.bin".into(), "EF.SOD".into())];
    names.extend((1..=16).map(|n| (format!("Datagroup{n}.bin"), format!("DG{n}"))));
    for (file_name, name) in names {
        let path = dir.join(&file_name);
        if !path.exists() {
            continue;
        }
        let bytes = std::fs::read(&path).map_err(|e| LoadError::Read(path.display().to_string(), e))?;
        if let Some(spec) = emrtd.file(&name) {
            files.insert(emrtd, &name, spec.fid, bytes);
        }
    }
    if files.applications.is_empty() {
        return Err(LoadError::EmptyFolder(dir.display().to_string()));
    }
    Ok(files)
}
