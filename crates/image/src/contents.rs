//! Everything read from a card (or a dump), decoded into one typed structure for text and JSON output.
//!
//! Decoding never fails as a whole: a file that does not decode is listed under `problems` with the reason,
//! and the rest is still shown.

use std::fmt::Write as _;

use cccd_documents::{Document, DocumentIndex};
use cccd_lds::{Dg1, Dg2, Dg13, EfCom, ParsedMrz};
use serde::Serialize;

use crate::CardFiles;

/// Version of the JSON document `cccd read` prints.
pub const CONTENTS_SCHEMA_VERSION: u32 = 1;

/// One file as found on the card.
#[derive(Clone, Debug, Serialize)]
pub struct FileSummary {
    pub name: String,
    pub fid: String,
    pub size: usize,
}

/// One application as found on the card.
#[derive(Clone, Debug, Serialize)]
pub struct AppSummary {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub aid: Option<String>,
    pub files: Vec<FileSummary>,
}

/// The face image of DG2, described (the JPEG itself stays in the dump).
#[derive(Clone, Debug, Serialize)]
pub struct PortraitSummary {
    pub width: u16,
    pub height: u16,
    pub image_type: String,
    pub image_bytes: usize,
}

/// EF.SOD in words (what is signed, by whom; `cccd verify` checks it).
#[derive(Clone, Debug, Serialize)]
pub struct SodSummary {
    pub lds_security_object_version: u8,
    pub hash_algorithm: String,
    pub data_groups: Vec<u8>,
    pub signature_algorithm: String,
    pub signer: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub signer_certificate: Option<String>,
}

/// The chip's Active Authentication key (DG15) and the algorithm DG14 names for it.
#[derive(Clone, Debug, Serialize)]
pub struct ActiveAuthenticationSummary {
    pub algorithm: String,
    pub bits: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub signature_algorithm: Option<String>,
}

/// The eMRTD application's data.
#[derive(Clone, Debug, Default, Serialize)]
pub struct EmrtdContents {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sod: Option<SodSummary>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub active_authentication: Option<ActiveAuthenticationSummary>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ef_com: Option<EfComSummary>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dg1: Option<ParsedMrz>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dg2: Option<PortraitSummary>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dg13: Option<Dg13>,
}

/// EF.COM in words.
#[derive(Clone, Debug, Serialize)]
pub struct EfComSummary {
    pub lds_version: String,
    pub unicode_version: String,
    pub data_groups: Vec<u8>,
}

/// A file that could not be decoded.
#[derive(Clone, Debug, Serialize)]
pub struct FileProblem {
    pub file: String,
    pub error: String,
}

/// The whole card.
#[derive(Clone, Debug, Serialize)]
pub struct CardContents {
    pub applications: Vec<AppSummary>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub emrtd: Option<EmrtdContents>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub documents: Vec<Document>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub problems: Vec<FileProblem>,
}

impl CardContents {
    /// Decode every file whose format this build knows.
    pub fn decode(files: &CardFiles) -> Self {
        let mut problems = Vec::new();
        let mut problem = |file: &str, error: String| problems.push(FileProblem { file: file.to_owned(), error });
        let applications = files
            .applications
            .iter()
            .map(|a| AppSummary {
                name: a.name.clone(),
                aid: a.aid.as_ref().map(hex::encode_upper),
                files: a
                    .files
                    .iter()
                    .map(|f| FileSummary { name: f.name.clone(), fid: format!("{:04X}", f.fid), size: f.bytes.len() })
                    .collect(),
            })
            .collect();
        let emrtd = files.application("emrtd").map(|app| {
            let mut out = EmrtdContents::default();
            if let Some(f) = app.file("EF.COM") {
                match EfCom::decode(&f.bytes) {
                    Ok(com) => {
                        out.ef_com = Some(EfComSummary {
                            data_groups: com.data_groups(),
                            lds_version: com.lds_version,
                            unicode_version: com.unicode_version,
                        })
                    }
                    Err(e) => problem("emrtd/EF.COM", e.to_string()),
                }
            }
            if let Some(f) = app.file("DG1") {
                match Dg1::decode_checked(&f.bytes) {
                    Ok(parsed) => out.dg1 = Some(parsed),
                    Err(e) => problem("emrtd/DG1", e.to_string()),
                }
            }
            if let Some(f) = app.file("DG2") {
                match Dg2::decode(&f.bytes) {
                    Ok(dg2) => match dg2.portrait() {
                        Some(face) => {
                            out.dg2 = Some(PortraitSummary {
                                width: face.width,
                                height: face.height,
                                image_type: match face.image_data_type {
                                    cccd_lds::IMAGE_DATA_JPEG => "JPEG".into(),
                                    cccd_lds::IMAGE_DATA_JPEG2000 => "JPEG 2000".into(),
                                    other => format!("type {other}"),
                                },
                                image_bytes: face.image.len(),
                            })
                        }
                        None => problem("emrtd/DG2", "no face image".into()),
                    },
                    Err(e) => problem("emrtd/DG2", e.to_string()),
                }
            }
            if let Some(f) = app.file("EF.SOD") {
                match cccd_trust::Sod::parse(&f.bytes) {
                    Ok(sod) => {
                        out.sod = Some(SodSummary {
                            lds_security_object_version: sod.lso_version,
                            hash_algorithm: match &sod.dg_hash_algorithm {
                                Ok(a) => a.to_string(),
                                Err(oid) => format!("unsupported ({oid})"),
                            },
                            data_groups: sod.dg_hashes.iter().map(|h| h.dg).collect(),
                            signature_algorithm: sod.signature_algorithm.to_string(),
                            signer: sod.signer.to_string(),
                            signer_certificate: sod.signer_certificate().map(|c| c.subject()),
                        })
                    }
                    Err(e) => problem("emrtd/EF.SOD", e.to_string()),
                }
            }
            if let Some(f) = app.file("DG15") {
                let hint = app.file("DG14").and_then(|d| cccd_chipauth::Dg14::decode(&d.bytes).ok());
                match cccd_chipauth::Dg15::decode(&f.bytes) {
                    Ok(dg15) => {
                        out.active_authentication = Some(ActiveAuthenticationSummary {
                            algorithm: dg15.public_key.algorithm().to_owned(),
                            bits: dg15.public_key.bits(),
                            signature_algorithm: hint.and_then(|d| d.aa_signature_algorithm()).map(|o| o.to_string()),
                        })
                    }
                    Err(e) => problem("emrtd/DG15", e.to_string()),
                }
            }
            if let Some(f) = app.file("DG13") {
                match Dg13::decode(&f.bytes) {
                    Ok(dg13) => out.dg13 = Some(dg13),
                    Err(e) => problem("emrtd/DG13", e.to_string()),
                }
            }
            out
        });
        let mut documents = Vec::new();
        if let Some(app) = files.application("documents") {
            if let Some(f) = app.file("EF.DOCINDEX")
                && let Err(e) = DocumentIndex::decode(&f.bytes)
            {
                problem("documents/EF.DOCINDEX", e.to_string());
            }
            for f in app.files.iter().filter(|f| f.name != "EF.DOCINDEX") {
                match Document::decode(&f.bytes) {
                    Ok(d) => documents.push(d),
                    Err(e) => problem(&format!("documents/{}", f.name), e.to_string()),
                }
            }
        }
        Self { applications, emrtd, documents, problems }
    }

    /// A human-readable rendering.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        for app in &self.applications {
            let aid = app.aid.as_deref().map(|a| format!(" (AID {a})")).unwrap_or_default();
            let _ = writeln!(out, "{}{aid}", app.name);
            for f in &app.files {
                let _ = writeln!(out, "  {:<22} {}  {:>6} bytes", f.name, f.fid, f.size);
            }
        }
        if let Some(emrtd) = &self.emrtd {
            if let Some(dg1) = &emrtd.dg1 {
                let _ = writeln!(out, "\nMRZ (DG1):");
                for line in dg1.mrz.lines() {
                    let _ = writeln!(out, "  {line}");
                }
                let failed: Vec<String> = dg1.failed().map(|c| format!("{:?}", c.field)).collect();
                let _ = writeln!(
                    out,
                    "  check digits: {}",
                    if failed.is_empty() { "all correct".to_owned() } else { format!("WRONG: {}", failed.join(", ")) }
                );
            }
            if let Some(sod) = &emrtd.sod {
                let groups: Vec<String> = sod.data_groups.iter().map(|n| format!("DG{n}")).collect();
                let _ = writeln!(
                    out,
                    "\nSigned data (EF.SOD): {} hashes of {} by {} ({})",
                    sod.hash_algorithm,
                    groups.join(", "),
                    sod.signer_certificate.as_deref().unwrap_or(&sod.signer),
                    sod.signature_algorithm
                );
            }
            if let Some(aa) = &emrtd.active_authentication {
                let _ = writeln!(out, "Active Authentication key (DG15): {} {} bits", aa.algorithm, aa.bits);
            }
            if let Some(p) = &emrtd.dg2 {
                let _ = writeln!(
                    out,
                    "\nPortrait (DG2): {} {}×{}, {} bytes",
                    p.image_type, p.width, p.height, p.image_bytes
                );
            }
            if let Some(dg13) = &emrtd.dg13 {
                let _ = writeln!(out, "\nPersonal data (DG13):");
                if let Ok(serde_json::Value::Object(fields)) = serde_json::to_value(dg13) {
                    for (key, value) in fields {
                        let text = match value {
                            serde_json::Value::String(s) if s.is_empty() => continue,
                            serde_json::Value::String(s) => s,
                            serde_json::Value::Null => continue,
                            serde_json::Value::Array(a) if a.is_empty() => continue,
                            other => other.to_string(),
                        };
                        let _ = writeln!(out, "  {key:<20} {text}");
                    }
                }
            }
        }
        for document in &self.documents {
            let ty = document.document_type();
            let _ = writeln!(out, "\n{}:", ty.title());
            if let Ok(serde_json::Value::Object(map)) = serde_json::to_value(document)
                && let Some(inner) = map.values().next()
            {
                render_value(&mut out, inner, 1);
            }
        }
        if !self.problems.is_empty() {
            let _ = writeln!(out, "\nProblems:");
            for p in &self.problems {
                let _ = writeln!(out, "  {}: {}", p.file, p.error);
            }
        }
        out
    }
}

fn render_value(out: &mut String, value: &serde_json::Value, depth: usize) {
    let pad = "  ".repeat(depth);
    match value {
        serde_json::Value::Object(map) => {
            for (key, v) in map {
                match v {
                    serde_json::Value::Object(_) | serde_json::Value::Array(_) => {
                        let _ = writeln!(out, "{pad}{key}:");
                        render_value(out, v, depth + 1);
                    }
                    serde_json::Value::Null => {}
                    serde_json::Value::String(s) => {
                        let _ = writeln!(out, "{pad}{key:<22} {s}");
                    }
                    other => {
                        let _ = writeln!(out, "{pad}{key:<22} {other}");
                    }
                }
            }
        }
        serde_json::Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                let _ = writeln!(out, "{pad}[{i}]");
                render_value(out, item, depth + 1);
            }
        }
        other => {
            let _ = writeln!(out, "{pad}{other}");
        }
    }
}
