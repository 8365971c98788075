//! What the card reads from its own files: the BAC keys from DG1, and integrated documents written after
//! issuance, checked against the authority keys and swapped in whole.

use cccd_apdu::{Fcp, StatusWord};
use cccd_documents::{AuthorityKeys, Document, DocumentIndex, DocumentType, Holder, INDEX_FID, INDEX_SFI};
use cccd_sm::BacKeys;
use cccd_tlv::Tlv;
use p256::ecdsa::signature::Verifier;
use p256::ecdsa::{DerSignature, VerifyingKey};

use crate::fs::{FileIndex, FileSystem};

/// The eMRTD application (ICAO LDS1).
pub const EMRTD_AID: [u8; 7] = [0xA0, 0x00, 0x00, 0x02, 0x47, 0x10, 0x01];
/// DG1's file identifier inside it.
const DG1_FID: u16 = 0x0101;
/// DG13's (the Vietnamese holder data).
const DG13_FID: u16 = 0x010D;

/// The document basic access keys, from the MRZ in DG1 of the eMRTD application, which must be the current DF
/// (BAC runs after SELECT of the application). No DG1 or an unreadable MRZ: `6985`.
pub fn bac_keys(fs: &FileSystem, current_df: FileIndex) -> Result<BacKeys, StatusWord> {
    let not_now = StatusWord::CONDITIONS_OF_USE_NOT_SATISFIED;
    if fs.df_by_name(&EMRTD_AID) != Some(current_df) {
        return Err(not_now);
    }
    let dg1 = fs.child(current_df, DG1_FID).and_then(|ef| fs.ef_data(ef)).ok_or(not_now)?;
    let mrz = cccd_lds::Dg1::decode(dg1).map_err(|_| not_now)?.mrz;
    let information = mrz.mrz_information().map_err(|_| not_now)?;
    Ok(BacKeys::from_mrz_information(&information))
}

/// Store, replace or remove one document: `object` is `E<code> { A0 header, A1 body, 82 signature }`, or
/// `E<code>` empty to remove. The document's signature over header‖body must verify with an installed authority
/// key allowed for its type (`6A80`), it must fit its file (`6A84`), and it may not be older than the one it
/// replaces (`6985`). Returns the new file system; the caller swaps it in whole, so the card shows the old
/// document or the new one, never a mix.
pub fn store(fs: &FileSystem, authority_keys: Option<&[u8]>, object: &[u8]) -> Result<FileSystem, StatusWord> {
    let bad = StatusWord::INCORRECT_DATA;
    let tlv = Tlv::parse_single(object).map_err(|_| bad)?;
    let ty = DocumentType::from_tag(tlv.tag()).ok_or(bad)?;
    let app = fs.df_by_name(&cccd_documents::AID).ok_or(StatusWord::FILE_NOT_FOUND)?;
    let index_ef = fs.child(app, INDEX_FID);
    let mut index = match index_ef.and_then(|ef| fs.ef_data(ef)) {
        Some(bytes) if !bytes.is_empty() => DocumentIndex::decode(bytes).map_err(|_| StatusWord::EXECUTION_ERROR)?,
        _ => DocumentIndex::default(),
    };
    let document_ef = fs.child(app, ty.fid());
    let content: &[u8] = if tlv.value().is_empty() {
        if document_ef.is_none() || !index.contains(ty) {
            return Err(StatusWord::REFERENCED_DATA_NOT_FOUND);
        }
        index.codes.retain(|c| *c != ty.code());
        &[]
    } else {
        if object.len() > max_size(ty) {
            return Err(StatusWord::NOT_ENOUGH_MEMORY);
        }
        let new = check_signature(authority_keys, ty, object)?;
        check_holder(fs, &new)?;
        // No rollback: an older version (say, before a suspension) cannot replace a newer one.
        let stored = document_ef.and_then(|ef| fs.ef_data(ef)).filter(|d| !d.is_empty());
        if let Some(old) = stored.and_then(|bytes| Document::decode(bytes).ok())
            && new.header().issue_date < old.header().issue_date
        {
            return Err(StatusWord::CONDITIONS_OF_USE_NOT_SATISFIED);
        }
        index = DocumentIndex::new(index.types().into_iter().chain([ty]));
        object
    };
    // Everything checked: build the new tree (the only copy made) for the caller to swap in.
    let mut next = fs.clone();
    let index_ef = match index_ef {
        Some(ef) => ef,
        None => next.create(app, &Fcp::transparent_ef(INDEX_FID, 0, Some(INDEX_SFI)))?,
    };
    let document_ef = match document_ef {
        Some(ef) => ef,
        None => next.create(app, &Fcp::transparent_ef(ty.fid(), 0, Some(ty.sfi())))?,
    };
    next.replace_content(document_ef, content)?;
    next.replace_content(index_ef, &index.encode())?;
    Ok(next)
}

/// The document follows its rules and, where its type names the holder, names this card's holder (DG13): an
/// authority's genuine document for another citizen is refused (`6A80`).
fn check_holder(fs: &FileSystem, document: &Document) -> Result<(), StatusWord> {
    let holder = fs
        .df_by_name(&EMRTD_AID)
        .and_then(|app| fs.child(app, DG13_FID))
        .and_then(|ef| fs.ef_data(ef))
        .and_then(|bytes| cccd_lds::Dg13::decode(bytes).ok())
        .and_then(|dg13| Holder::from_dg13(&dg13));
    let mut v = cccd_lds::Validation::new();
    document.validate(holder.as_ref(), &mut v);
    if v.issues().is_empty() { Ok(()) } else { Err(StatusWord::INCORRECT_DATA) }
}

/// The largest document file of each type (applet-spec/card.toml).
fn max_size(ty: DocumentType) -> usize {
    match ty {
        DocumentType::SocialInsurance => 8192,
        _ => 4096,
    }
}

/// The document decodes, carries a signature, and one of the authority keys for its type verifies it.
fn check_signature(authority_keys: Option<&[u8]>, ty: DocumentType, object: &[u8]) -> Result<Document, StatusWord> {
    let bad = StatusWord::INCORRECT_DATA;
    let keys =
        authority_keys.and_then(|k| AuthorityKeys::decode(k).ok()).ok_or(StatusWord::REFERENCED_DATA_NOT_FOUND)?;
    let decoded = Document::decode_with_signed_data(object).map_err(|_| bad)?;
    let signature = decoded.document.signature().ok_or(bad)?;
    let signature = DerSignature::try_from(signature).map_err(|_| bad)?;
    let verified = keys.for_type(ty).any(|point| {
        VerifyingKey::from_sec1_bytes(point).is_ok_and(|key| key.verify(&decoded.signed_data, &signature).is_ok())
    });
    if verified { Ok(decoded.document) } else { Err(bad) }
}
