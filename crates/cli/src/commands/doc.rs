//! `cccd doc issue|add|replace|remove`: documents integrated after issuance. The card checks the authority's
//! signature itself and swaps the document in one step; the host checks the document first and reads back.

use cccd_apdu::{Command, StatusWord};
use cccd_documents::{Document, DocumentType};
use cccd_image::layout;
use cccd_reader::CardChannel;
use cccd_reader::card_ops::read_card;
use cccd_transport::PcscTransport;
use cccd_trust::Pki;
use serde::Serialize;

use crate::args::{AccessKeyArgs, Cli, DocCommand, SecretArgs};
use crate::exit::{Failure, Outcome};
use crate::output;

#[derive(Serialize)]
struct DocReport {
    action: &'static str,
    document: String,
    bytes: usize,
    read_back: bool,
}

pub fn run(cli: &Cli, command: &DocCommand) -> Outcome {
    match command {
        DocCommand::Issue { input, pki, out } => issue(cli, input, pki, out),
        DocCommand::Add(args) => write(cli, Action::Add, &args.document, &args.access, &args.pin),
        DocCommand::Replace(args) => write(cli, Action::Replace, &args.document, &args.access, &args.pin),
        DocCommand::Remove { doc_type, access, pin } => {
            let ty = document_type(doc_type)?;
            store(cli, Action::Remove, ty, &[ty.tag().to_bytes().as_slice(), &[0x00]].concat(), access, pin)
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Action {
    Add,
    Replace,
    Remove,
}

impl Action {
    fn name(self) -> &'static str {
        match self {
            Action::Add => "added",
            Action::Replace => "replaced",
            Action::Remove => "removed",
        }
    }
}

fn document_type(name: &str) -> Result<DocumentType, Failure> {
    DocumentType::ALL.into_iter().find(|t| t.name() == name).ok_or_else(|| {
        let names: Vec<&str> = DocumentType::ALL.iter().map(|t| t.name()).collect();
        Failure::usage(format!("unknown document type {name:?}; one of {}", names.join(", ")))
    })
}

/// Sign a document description with its authority's key: the object `doc add` sends.
fn issue(cli: &Cli, input: &std::path::Path, pki: &std::path::Path, out: &std::path::Path) -> Outcome {
    let text = super::read_text(input)?;
    // The tables a profile's [documents.<type>] sections hold, without the prefix; exactly one document.
    let documents: cccd_documents::Documents =
        toml::from_str(&text).map_err(|e| Failure::usage(format!("{}: {e}", input.display())))?;
    let mut all = documents.to_vec();
    if all.len() != 1 {
        return Err(Failure::usage(format!("{}: {} documents; a file issues exactly one", input.display(), all.len())));
    }
    let mut document = all.remove(0);
    let ty = document.document_type();
    let mut v = cccd_lds::Validation::new();
    document.validate(None, &mut v);
    if !v.issues().is_empty() {
        for issue in v.issues() {
            eprintln!("{}: {issue}", input.display());
        }
        return Err(Failure::usage(format!(
            "{}: {} problem(s); nothing was signed",
            input.display(),
            v.issues().len()
        )));
    }
    let pki = Pki::load(pki).map_err(|e| Failure::Usage(e.into()))?;
    cccd_image::sign_integrated_document(&mut document, &pki).map_err(|e| Failure::Usage(e.into()))?;
    let bytes = document.encode();
    super::write_file(out, &bytes)?;
    let report = DocReport { action: "issued", document: ty.name().into(), bytes: bytes.len(), read_back: false };
    output::print(cli.format, "document", &report, |r| {
        println!("issued {} ({} bytes) → {}", r.document, r.bytes, out.display())
    });
    Ok(())
}

fn write(cli: &Cli, action: Action, file: &std::path::Path, access: &AccessKeyArgs, pin: &SecretArgs) -> Outcome {
    let bytes = super::read_file(file)?;
    let document = Document::decode(&bytes)
        .map_err(|e| Failure::usage(format!("{}: not a document object: {e}", file.display())))?;
    if document.signature().is_none() {
        return Err(Failure::usage(format!("{}: the document is not signed (use `cccd doc issue`)", file.display())));
    }
    store(cli, action, document.document_type(), &bytes, access, pin)
}

/// BAC, PIN, check presence for add/replace/remove, PUT DATA (DB), then read back.
fn store(
    cli: &Cli,
    action: Action,
    ty: DocumentType,
    object: &[u8],
    access: &AccessKeyArgs,
    pin: &SecretArgs,
) -> Outcome {
    let mrz_information = access.required("writing a document")?;
    let pin = super::secrets::pin(pin)?;
    let mut ch = super::open_with_access(cli, Some(&mrz_information))?;
    let present = holds(&mut ch, ty)?;
    match (action, present) {
        (Action::Add, true) => {
            return Err(Failure::usage(format!("the card already holds a {}: use `doc replace`", ty.name())));
        }
        (Action::Replace | Action::Remove, false) => {
            return Err(Failure::usage(format!(
                "the card holds no {} to {}",
                ty.name(),
                if action == Action::Remove { "remove" } else { "replace" }
            )));
        }
        _ => {}
    }
    super::sign::verify_pin(&mut ch, pin.as_bytes())?;
    let put = Command::new(0x00, 0xDB, 0x3F, 0xFF).with_data(object.to_vec()).map_err(|e| Failure::Card(e.into()))?;
    let sw = ch.transmit(&put).map_err(super::card_failure)?.sw;
    match sw {
        StatusWord::SUCCESS => {}
        StatusWord::INCORRECT_DATA => {
            return Err(Failure::CheckFailed(format!(
                "the card refused the {} (6A80): its authority's signature does not verify with the keys installed at personalization, or it is not this card holder's",
                ty.name()
            )));
        }
        StatusWord::REFERENCED_DATA_NOT_FOUND => {
            return Err(Failure::CheckFailed("the card has no authority key for this document type (6A88)".into()));
        }
        StatusWord::CONDITIONS_OF_USE_NOT_SATISFIED => {
            return Err(Failure::CheckFailed(format!(
                "the card refused the {}: it is older than the one on the card (6985)",
                ty.name()
            )));
        }
        StatusWord::NOT_ENOUGH_MEMORY => {
            return Err(Failure::CheckFailed(format!(
                "the card refused the {}: too large for its file (6A84)",
                ty.name()
            )));
        }
        sw => return Err(Failure::Card(anyhow::anyhow!("the card answered {sw} to PUT DATA (document)"))),
    }
    let files = read_documents(&mut ch)?;
    let stored = files.bytes("documents", ty.name());
    let read_back = match action {
        Action::Remove => stored.is_none(),
        _ => stored == Some(object),
    };
    let report = DocReport { action: action.name(), document: ty.name().into(), bytes: object.len(), read_back };
    output::print(cli.format, "document", &report, |r| {
        let state = match (r.action, r.read_back) {
            ("removed", true) => "no longer on the card",
            (_, true) => "read back as written",
            _ => "the card DIFFERS",
        };
        println!("{} {}: {state}", r.action, r.document);
    });
    if read_back { Ok(()) } else { Err(Failure::CheckFailed("the card does not show what was written".into())) }
}

/// Whether the card's document index lists this type.
fn holds(ch: &mut CardChannel<PcscTransport>, ty: DocumentType) -> Result<bool, Failure> {
    Ok(read_documents(ch)?.bytes("documents", ty.name()).is_some())
}

/// The files of the documents application (nothing else is needed here: no portrait, no data groups).
fn read_documents(ch: &mut CardChannel<PcscTransport>) -> Result<cccd_image::CardFiles, Failure> {
    read_card(ch, &layout().only("documents")).map_err(super::card_failure)
}
