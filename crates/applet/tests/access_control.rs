//! Access control of the software card, in process: Basic Access Control and secure messaging (a wrong MAC or a
//! plain command ends the session; SM wraps the whole command before chaining), the integrated-document store
//! (`sm+pin`, signature checked against the authority keys, swapped in whole, kept in the state file) and the
//! citizen's e-signature key (PIN before every use).

mod common;

use cccd_apdu::{Command, Fcp, Response, StatusWord, split_for_chaining};
use cccd_applet::SoftwareCard;
use cccd_documents::{Document, DocumentIndex, DocumentType, TaxCode};
use cccd_sm::{Key16, SmError, SmSession};
use cccd_trust::{Pki, PkiParams};
use cccd_vcard::{PowerEvent, VirtualCard};
use p256::ecdsa::signature::hazmat::PrehashVerifier;

const PIN: &[u8] = b"123456";
const PIN_AND_PUK: &[u8] = b"12345687654321";
/// DG2's size in [`locked_emrtd_card`]: more than one short answer holds.
const DG2_LEN: usize = 5000;

fn send(card: &mut SoftwareCard, cmd: &Command<'_>) -> Response {
    card.process(&cmd.to_bytes())
}

/// Send a plain command that must succeed.
fn ok(card: &mut SoftwareCard, cmd: &Command<'_>) -> Response {
    let r = send(card, cmd);
    assert_eq!(r.sw, StatusWord::SUCCESS, "{cmd:?}");
    r
}

fn select_mf() -> Command<'static> {
    Command::new(0, 0xA4, 0x00, 0x0C)
}

fn select_aid(aid: &[u8]) -> Command<'static> {
    Command::new(0, 0xA4, 0x04, 0x0C).with_data(aid.to_vec()).unwrap()
}

/// READ BINARY by short EF identifier from offset 0.
fn read_sfi(sfi: u8, ne: u32) -> Command<'static> {
    Command::new(0, 0xB0, 0x80 | sfi, 0x00).with_ne(ne).unwrap()
}

fn verify_pin(pin: &[u8]) -> Command<'static> {
    Command::new(0, 0x20, 0x00, 0x81).with_data(pin.to_vec()).unwrap()
}

fn put_document(object: &[u8]) -> Command<'static> {
    Command::new(0, 0xDB, 0x3F, 0xFF).with_data(object.to_vec()).unwrap()
}

fn lock(card: &mut SoftwareCard) {
    ok(card, &select_mf());
    ok(card, &Command::new(0, 0x44, 0x00, 0x00));
}

/// DG2's content in [`locked_emrtd_card`].
fn dg2_content() -> Vec<u8> {
    (0..DG2_LEN).map(|i| (i % 253) as u8).collect()
}

/// A locked card with the eMRTD application, DG1 and a DG2 of [`DG2_LEN`] bytes; the MRZ_information for BAC.
fn locked_emrtd_card() -> (SoftwareCard, String) {
    let mut card = SoftwareCard::new();
    common::perso(&mut card);
    let info = common::write_emrtd_with_dg1(&mut card);
    // The eMRTD application is still the current DF.
    let dg2 = dg2_content();
    ok(
        &mut card,
        &Command::new(0, 0xE0, 0, 0).with_data(Fcp::transparent_ef(0x0102, DG2_LEN, Some(2)).to_bytes()).unwrap(),
    );
    ok(&mut card, &Command::new(0, 0xD6, 0, 0).with_data(dg2).unwrap());
    lock(&mut card);
    (card, info)
}

/// Personalize `card` for documents: the eMRTD application with DG1 (for BAC), the documents application, the PIN
/// and PUK, `pki`'s authority keys; then lock it. The MRZ_information for BAC.
fn personalize_for_documents(card: &mut SoftwareCard, pki: &Pki) -> String {
    personalize_with_authority_keys(card, Some(pki))
}

/// As [`personalize_for_documents`]; without a PKI no authority keys are installed.
fn personalize_with_authority_keys(card: &mut SoftwareCard, pki: Option<&Pki>) -> String {
    common::perso(card);
    let info = common::write_emrtd_with_dg1(card);
    ok(card, &select_mf());
    let documents_df = Fcp::df(0x5F10, Some(cccd_documents::AID.to_vec())).to_bytes();
    ok(card, &Command::new(0, 0xE0, 0, 0).with_data(documents_df).unwrap());
    ok(card, &Command::new(0, 0xDA, 0x00, 0xF6).with_data(PIN_AND_PUK.to_vec()).unwrap());
    if let Some(pki) = pki {
        let keys = cccd_image::authority_keys(pki).encode();
        ok(card, &Command::new(0, 0xDA, 0x00, 0xF7).with_data(keys).unwrap());
    }
    lock(card);
    info
}

/// A test PKI (its authorities sign documents, its citizen signing CA certifies e-signature keys).
fn test_pki() -> Pki {
    Pki::generate_in_memory(&PkiParams::default()).expect("a test PKI")
}

/// A tax code document (type 2) for the synthetic holder, unsigned.
fn tax_code(tax_office: &str) -> Document {
    let tax: TaxCode = toml::from_str(&format!(
        r#"
        personal_number = "001099012345"
        legacy_tax_code = "8012345677"
        tax_office = "{tax_office}"
        [header]
        document_number = "001099012345"
        issuing_authority = "Cục Thuế"
        issue_date = "2025-07-01"
        "#
    ))
    .expect("a tax code document");
    Document::Tax(tax)
}

/// A long tax office name, so that the protected PUT DATA needs more than one short APDU.
const LONG_TAX_OFFICE: &str = "Thuế cơ sở 1 thành phố Hà Nội (Chi cục Thuế khu vực Ba Đình – Tây Hồ)";

/// The tax code document signed by `pki`'s tax authority, as the card stores it.
fn signed_tax_code(pki: &Pki, tax_office: &str) -> Vec<u8> {
    let mut doc = tax_code(tax_office);
    cccd_image::sign_integrated_document(&mut doc, pki).expect("the tax authority signs");
    doc.encode()
}

/// Select the documents application and read one of its files whole (extended Le), under SM.
fn read_document_file(card: &mut SoftwareCard, sm: &mut SmSession, sfi: u8) -> Response {
    let r = common::send_sm(card, sm, &select_aid(&cccd_documents::AID));
    assert_eq!(r.sw, StatusWord::SUCCESS, "SELECT the documents application");
    common::send_sm(card, sm, &read_sfi(sfi, 65_536))
}

/// The document type codes EF.DOCINDEX lists, under SM.
fn listed_codes(card: &mut SoftwareCard, sm: &mut SmSession) -> Vec<u8> {
    let r = read_document_file(card, sm, cccd_documents::INDEX_SFI);
    assert_eq!(r.sw, StatusWord::SUCCESS, "EF.DOCINDEX");
    DocumentIndex::decode(&r.data).expect("EF.DOCINDEX decodes").codes
}

/// BAC, then VERIFY the PIN inside the session.
fn bac_and_pin(card: &mut SoftwareCard, mrz_information: &str) -> SmSession {
    let mut sm = common::bac(card, mrz_information).expect("BAC");
    assert_eq!(common::send_sm(card, &mut sm, &verify_pin(PIN)).sw, StatusWord::SUCCESS, "VERIFY");
    sm
}

/// A unique, empty directory for a state file.
fn temp_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("cccd-access-control-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

// ---------------------------------------------------------------------------------------------------------------
// Basic Access Control and secure messaging
// ---------------------------------------------------------------------------------------------------------------

#[test]
fn a_wrong_mrz_opens_no_session() {
    let (mut card, info) = locked_emrtd_card();
    let mut wrong = info.clone().into_bytes();
    wrong[0] = if wrong[0] == b'1' { b'2' } else { b'1' };
    let wrong = String::from_utf8(wrong).unwrap();
    assert_eq!(common::bac(&mut card, &wrong).unwrap_err(), StatusWord::VERIFICATION_FAILED);
    // The eMRTD application is selected (by the BAC attempt), and its files stay closed.
    assert_eq!(send(&mut card, &read_sfi(1, 256)).sw, StatusWord::SECURITY_STATUS_NOT_SATISFIED);
    // A protected command finds no session, whatever keys it was protected with.
    let mut guess = SmSession::new(Key16::new([0x11; 16]), Key16::new([0x22; 16]), 0);
    let r = send(&mut card, &guess.protect(&read_sfi(1, 256)).unwrap());
    assert_eq!((r.sw, r.data.len()), (StatusWord::SECURE_MESSAGING_NOT_SUPPORTED, 0));
    card.power(PowerEvent::Reset);
    ok(&mut card, &select_aid(&cccd_applet::EMRTD_AID));
    assert_eq!(send(&mut card, &read_sfi(1, 256)).sw, StatusWord::SECURITY_STATUS_NOT_SATISFIED);
}

#[test]
fn reads_under_bac_return_dg1() {
    let (mut card, info) = locked_emrtd_card();
    let (dg1, _) = common::synthetic_dg1();
    let mut sm = common::bac(&mut card, &info).expect("BAC with the right MRZ");
    let r = common::send_sm(&mut card, &mut sm, &read_sfi(1, 256));
    assert_eq!((r.sw, r.data), (StatusWord::SUCCESS, dg1.clone()));
    // The answer really went out protected: its data is SM objects, not DG1.
    let protected = sm.protect(&read_sfi(1, 256)).unwrap();
    let raw = send(&mut card, &protected);
    assert_ne!(raw.data, dg1);
    assert_eq!(sm.unprotect(&raw).unwrap().data, dg1);
}

#[test]
fn a_wrong_mac_ends_the_session() {
    let (mut card, info) = locked_emrtd_card();
    let mut sm = common::bac(&mut card, &info).expect("BAC");
    let read = read_sfi(1, 256);
    assert_eq!(common::send_sm(&mut card, &mut sm, &read).sw, StatusWord::SUCCESS);

    // Short form: CLA INS P1 P2 Lc [DO'97'] DO'8E' Le; flip the MAC's last byte.
    let mut raw = sm.protect(&read).unwrap().to_bytes();
    let n = raw.len();
    assert_eq!(&raw[n - 11..n - 9], &[0x8E, 0x08], "DO'8E' ends the body");
    raw[n - 2] ^= 0x01;
    let r = card.process(&raw);
    assert_eq!((r.sw, r.data.len()), (StatusWord::SM_DATA_OBJECTS_INCORRECT, 0), "a plain 6988");
    assert_eq!(sm.unprotect(&r), Err(SmError::ResponseNotProtected(StatusWord::SM_DATA_OBJECTS_INCORRECT)));

    // The session is over: a properly protected command finds none, and the files are closed.
    let r = send(&mut card, &sm.protect(&read).unwrap());
    assert_eq!((r.sw, r.data.len()), (StatusWord::SECURE_MESSAGING_NOT_SUPPORTED, 0));
    assert_eq!(send(&mut card, &read).sw, StatusWord::SECURITY_STATUS_NOT_SATISFIED);

    // A new BAC opens a new session.
    let mut sm = common::bac(&mut card, &info).expect("BAC again");
    assert_eq!(common::send_sm(&mut card, &mut sm, &read).sw, StatusWord::SUCCESS);
}

#[test]
fn a_plain_command_ends_the_session() {
    let (mut card, info) = locked_emrtd_card();
    let mut sm = common::bac(&mut card, &info).expect("BAC");
    let read = read_sfi(1, 256);
    assert_eq!(common::send_sm(&mut card, &mut sm, &read).sw, StatusWord::SUCCESS);
    // A plain SELECT is carried out, plain, and ends secure messaging.
    let r = ok(&mut card, &select_aid(&cccd_applet::EMRTD_AID));
    assert!(r.data.is_empty());
    let r = send(&mut card, &sm.protect(&read).unwrap());
    assert_eq!((r.sw, r.data.len()), (StatusWord::SECURE_MESSAGING_NOT_SUPPORTED, 0));
    assert_eq!(send(&mut card, &read).sw, StatusWord::SECURITY_STATUS_NOT_SATISFIED);
}

#[test]
fn a_protected_read_with_extended_le_answers_in_one_response() {
    let (mut card, info) = locked_emrtd_card();
    let mut sm = common::bac(&mut card, &info).expect("BAC");
    let protected = sm.protect(&read_sfi(2, 65_536)).unwrap();
    assert_eq!(protected.ne(), Some(65_536), "Le' is extended");
    let raw = send(&mut card, &protected);
    assert_eq!(raw.sw, StatusWord::SUCCESS, "no 61xx: the whole answer fits Ne");
    let r = sm.unprotect(&raw).unwrap();
    assert_eq!((r.sw, r.data.len()), (StatusWord::SUCCESS, DG2_LEN));
    assert_eq!(r.data, dg2_content());
    // Ne 256 in short form: 256 bytes of data make a protected answer longer than 256 bytes, so the card sends
    // what Le' allows with 61xx and the rest to a plain GET RESPONSE, which does not end the session.
    let raw = send(&mut card, &sm.protect(&read_sfi(2, 256)).unwrap());
    assert_eq!(raw.data.len(), 256);
    let rest = raw.sw.remaining_bytes().expect("61xx");
    let more = send(&mut card, &Command::new(0, 0xC0, 0, 0).with_ne(rest as u32).unwrap());
    assert_eq!((more.sw, more.data.len()), (StatusWord::SUCCESS, rest));
    let whole = Response::new([raw.data, more.data].concat(), StatusWord::SUCCESS);
    let r = sm.unprotect(&whole).unwrap();
    assert_eq!((r.sw, r.data.as_slice()), (StatusWord::SUCCESS, &dg2_content()[..256]));
    let r = common::send_sm(&mut card, &mut sm, &read_sfi(1, 256));
    assert_eq!(r.sw, StatusWord::SUCCESS, "the session goes on");
}

#[test]
fn secure_messaging_wraps_the_whole_command_before_chaining() {
    let pki = test_pki();
    let mut card = SoftwareCard::new();
    let info = personalize_for_documents(&mut card, &pki);
    let object = signed_tax_code(&pki, LONG_TAX_OFFICE);
    let mut sm = bac_and_pin(&mut card, &info);

    let protected = sm.protect(&put_document(&object)).unwrap();
    let parts = split_for_chaining(&protected, 255);
    assert!(parts.len() >= 2, "the protected command ({} bytes) needs chaining", protected.nc());
    let (last, first) = parts.split_last().unwrap();
    for part in first {
        assert_eq!(part.cla.0, 0x1C, "SM and chaining bits");
        assert!(part.nc() <= 255);
        let r = send(&mut card, part);
        assert_eq!((r.sw, r.data.len()), (StatusWord::SUCCESS, 0), "a plain 9000 asks for the next part");
    }
    assert_eq!(last.cla.0, 0x0C);
    let r = sm.unprotect(&send(&mut card, last)).expect("the merged command unprotected: a protected answer");
    assert_eq!(r.sw, StatusWord::SUCCESS);
    let r = read_document_file(&mut card, &mut sm, 2);
    assert_eq!((r.sw, r.data), (StatusWord::SUCCESS, object.clone()));

    // The other order, each part of a chain protected on its own, is not secure messaging of the command: the
    // card merges the chain, the MAC does not check, and the session ends.
    let plain_parts = split_for_chaining(&put_document(&object), 128);
    assert!(plain_parts.len() >= 2);
    let (last, first) = plain_parts.split_last().unwrap();
    for part in first {
        // Le' goes on the last part of a chain only.
        let protected = sm.protect(part).unwrap().without_ne();
        assert_eq!(send(&mut card, &protected).sw, StatusWord::SUCCESS);
    }
    let r = send(&mut card, &sm.protect(last).unwrap());
    assert_eq!((r.sw, r.data.len()), (StatusWord::SM_DATA_OBJECTS_INCORRECT, 0));
    let r = send(&mut card, &sm.protect(&read_sfi(1, 256)).unwrap());
    assert_eq!(r.sw, StatusWord::SECURE_MESSAGING_NOT_SUPPORTED, "the session has ended");
}

// ---------------------------------------------------------------------------------------------------------------
// The document store
// ---------------------------------------------------------------------------------------------------------------

#[test]
fn a_document_is_stored_only_inside_bac_with_the_pin_and_a_valid_signature() {
    let pki = test_pki();
    let mut card = SoftwareCard::new();
    let info = personalize_for_documents(&mut card, &pki);
    let object = signed_tax_code(&pki, "Thuế cơ sở 1 thành phố Hà Nội");

    // Plain, without any session: the PIN alone is not enough.
    ok(&mut card, &verify_pin(PIN));
    assert_eq!(send(&mut card, &put_document(&object)).sw, StatusWord::SECURITY_STATUS_NOT_SATISFIED);
    // Under BAC without VERIFY (a PIN verified before BAC does not count).
    let mut sm = common::bac(&mut card, &info).expect("BAC");
    let r = common::send_sm(&mut card, &mut sm, &put_document(&object));
    assert_eq!(r.sw, StatusWord::SECURITY_STATUS_NOT_SATISFIED);
    assert_eq!(common::send_sm(&mut card, &mut sm, &verify_pin(PIN)).sw, StatusWord::SUCCESS);
    assert_eq!(common::send_sm(&mut card, &mut sm, &put_document(&object)).sw, StatusWord::SUCCESS);

    let r = read_document_file(&mut card, &mut sm, 2);
    assert_eq!((r.sw, &r.data), (StatusWord::SUCCESS, &object), "the file is the object, exactly");
    assert_eq!(listed_codes(&mut card, &mut sm), vec![DocumentType::Tax.code()]);
    assert_eq!(DocumentType::Tax.code(), 2);

    // A byte changed inside the body (the legacy tax code's last digit): still a well-formed document, but the
    // signature no longer covers it.
    let at = object.windows(10).position(|w| w == b"8012345677").expect("the legacy tax code in the body") + 9;
    let mut tampered = object.clone();
    tampered[at] = b'8';
    assert!(Document::decode_with_signed_data(&tampered).is_ok(), "only the signature can refuse it");
    let r = common::send_sm(&mut card, &mut sm, &put_document(&tampered));
    assert_eq!(r.sw, StatusWord::INCORRECT_DATA);
    // Signed by another PKI's tax authority.
    let foreign = signed_tax_code(&test_pki(), "Thuế cơ sở 2 thành phố Hà Nội");
    assert_eq!(common::send_sm(&mut card, &mut sm, &put_document(&foreign)).sw, StatusWord::INCORRECT_DATA);
    // Not signed at all.
    let unsigned = tax_code("Thuế cơ sở 3 thành phố Hà Nội").encode();
    assert_eq!(common::send_sm(&mut card, &mut sm, &put_document(&unsigned)).sw, StatusWord::INCORRECT_DATA);
    // None of them touched the stored document.
    let r = read_document_file(&mut card, &mut sm, 2);
    assert_eq!((r.sw, &r.data), (StatusWord::SUCCESS, &object));

    // Removal: the file is emptied and unlisted; a second removal finds nothing.
    assert_eq!(common::send_sm(&mut card, &mut sm, &put_document(&[0xE2, 0x00])).sw, StatusWord::SUCCESS);
    assert_eq!(listed_codes(&mut card, &mut sm), Vec::<u8>::new());
    let r = read_document_file(&mut card, &mut sm, 2);
    assert_eq!((r.sw, r.data.len()), (StatusWord::END_OF_FILE_REACHED, 0));
    let r = common::send_sm(&mut card, &mut sm, &put_document(&[0xE2, 0x00]));
    assert_eq!(r.sw, StatusWord::REFERENCED_DATA_NOT_FOUND);
}

#[test]
fn without_authority_keys_no_document_is_stored() {
    let pki = test_pki();
    let mut card = SoftwareCard::new();
    let info = personalize_with_authority_keys(&mut card, None);
    let mut sm = bac_and_pin(&mut card, &info);
    let object = signed_tax_code(&pki, "Thuế cơ sở 1 thành phố Hà Nội");
    let r = common::send_sm(&mut card, &mut sm, &put_document(&object));
    assert_eq!(r.sw, StatusWord::REFERENCED_DATA_NOT_FOUND);
    let r = read_document_file(&mut card, &mut sm, 2);
    assert_eq!(r.sw, StatusWord::FILE_NOT_FOUND, "no tax file was created");
}

#[test]
fn an_interrupted_chained_write_leaves_the_old_version() {
    let pki = test_pki();
    let mut card = SoftwareCard::new();
    let info = personalize_for_documents(&mut card, &pki);
    let old = signed_tax_code(&pki, "Thuế cơ sở 1 thành phố Hà Nội");
    let new = signed_tax_code(&pki, LONG_TAX_OFFICE);
    let mut sm = bac_and_pin(&mut card, &info);
    assert_eq!(common::send_sm(&mut card, &mut sm, &put_document(&old)).sw, StatusWord::SUCCESS);

    let parts = split_for_chaining(&sm.protect(&put_document(&new)).unwrap(), 255);
    assert!(parts.len() >= 2, "the new version needs a chain");
    assert_eq!(send(&mut card, &parts[0]).sw, StatusWord::SUCCESS);
    card.power(PowerEvent::Reset);

    let mut sm = common::bac(&mut card, &info).expect("BAC after the reset");
    let r = read_document_file(&mut card, &mut sm, 2);
    assert_eq!((r.sw, &r.data), (StatusWord::SUCCESS, &old), "the old version, whole");
    assert_eq!(listed_codes(&mut card, &mut sm), vec![2]);

    // The whole chain, in a new session with the PIN, replaces it.
    assert_eq!(common::send_sm(&mut card, &mut sm, &verify_pin(PIN)).sw, StatusWord::SUCCESS);
    let parts = split_for_chaining(&sm.protect(&put_document(&new)).unwrap(), 255);
    let (last, first) = parts.split_last().unwrap();
    for part in first {
        assert_eq!(send(&mut card, part).sw, StatusWord::SUCCESS);
    }
    assert_eq!(sm.unprotect(&send(&mut card, last)).unwrap().sw, StatusWord::SUCCESS);
    let r = read_document_file(&mut card, &mut sm, 2);
    assert_eq!((r.sw, &r.data), (StatusWord::SUCCESS, &new));
}

#[test]
fn a_stored_document_survives_reopening_the_card() {
    let dir = temp_dir("document");
    let path = dir.join("card.json");
    let pki = test_pki();
    let object = signed_tax_code(&pki, "Thuế cơ sở 1 thành phố Hà Nội");
    let info = {
        let mut card = SoftwareCard::with_state_file(&path).unwrap();
        let info = personalize_for_documents(&mut card, &pki);
        let mut sm = bac_and_pin(&mut card, &info);
        assert_eq!(common::send_sm(&mut card, &mut sm, &put_document(&object)).sw, StatusWord::SUCCESS);
        info
    };
    let mut card = SoftwareCard::with_state_file(&path).unwrap();
    let mut sm = common::bac(&mut card, &info).expect("BAC on the reopened card");
    let r = read_document_file(&mut card, &mut sm, 2);
    assert_eq!((r.sw, &r.data), (StatusWord::SUCCESS, &object));
    assert_eq!(listed_codes(&mut card, &mut sm), vec![2]);
    // The PIN verification was not kept: a new write needs it again.
    let r = common::send_sm(&mut card, &mut sm, &put_document(&[0xE2, 0x00]));
    assert_eq!(r.sw, StatusWord::SECURITY_STATUS_NOT_SATISFIED);
    drop(card);
    std::fs::remove_dir_all(&dir).unwrap();
}

// ---------------------------------------------------------------------------------------------------------------
// The e-signature key
// ---------------------------------------------------------------------------------------------------------------

fn generate_esign_key() -> Command<'static> {
    Command::new(0, 0x46, 0x80, 0x9C).with_ne(256).unwrap()
}

fn get_data(tag: u16) -> Command<'static> {
    let [p1, p2] = tag.to_be_bytes();
    Command::new(0, 0xCA, p1, p2).with_ne(65_536).unwrap()
}

fn compute_signature(digest: &[u8]) -> Command<'static> {
    Command::new(0, 0x2A, 0x9E, 0x9A).with_data(digest.to_vec()).unwrap().with_ne(256).unwrap()
}

fn put_certificate(cert: &[u8]) -> Command<'static> {
    Command::new(0, 0xDA, 0x7F, 0x21).with_data(cert.to_vec()).unwrap()
}

/// The point inside `7F49 { 86 04||X||Y }`.
fn point_of(template: &[u8]) -> Vec<u8> {
    assert_eq!(template.len(), 70, "{}", hex::encode(template));
    assert_eq!(&template[..5], &[0x7F, 0x49, 0x43, 0x86, 0x41], "{}", hex::encode(template));
    assert_eq!(template[5], 0x04, "uncompressed point");
    template[5..].to_vec()
}

#[test]
fn the_esign_key_signs_digests_only_inside_bac_after_the_pin() {
    let mut card = SoftwareCard::new();
    common::perso(&mut card);
    let mrz_information = common::write_emrtd_with_dg1(&mut card);
    ok(&mut card, &Command::new(0, 0xDA, 0x00, 0xF6).with_data(PIN_AND_PUK.to_vec()).unwrap());
    assert_eq!(send(&mut card, &get_data(0x7F49)).sw, StatusWord::REFERENCED_DATA_NOT_FOUND, "no key yet");

    let raw = hex::decode("0046809C00").unwrap();
    let generated = card.process(&raw);
    assert_eq!(generated.sw, StatusWord::SUCCESS);
    let point = point_of(&generated.data);
    assert_eq!(ok(&mut card, &get_data(0x7F49)).data, generated.data, "GET DATA 7F49 answers the same template");
    assert_eq!(send(&mut card, &get_data(0x7F21)).sw, StatusWord::REFERENCED_DATA_NOT_FOUND, "no certificate yet");

    let digest: Vec<u8> = (0..32u8).map(|i| i.wrapping_mul(37) ^ 0xA5).collect();
    // Neither the personalization authentication nor a PIN verified in clear opens the key.
    assert_eq!(send(&mut card, &compute_signature(&digest)).sw, StatusWord::SECURITY_STATUS_NOT_SATISFIED);
    ok(&mut card, &verify_pin(PIN));
    assert_eq!(send(&mut card, &compute_signature(&digest)).sw, StatusWord::SECURITY_STATUS_NOT_SATISFIED);

    // Certificates (before locking, the personalization authentication may store them): garbage is refused; a
    // certificate for the card's key is kept and read back.
    assert_eq!(send(&mut card, &put_certificate(&[0x30, 0x03, 0x01, 0x02, 0x03])).sw, StatusWord::INCORRECT_DATA);
    let pki = test_pki();
    let cert = pki.certify_card_key(&point, "NGUYEN VAN MAU", "001099012345").unwrap().der().to_vec();
    ok(&mut card, &put_certificate(&cert));
    assert_eq!(ok(&mut card, &get_data(0x7F21)).data, cert);

    // Inside BAC with the PIN verified there: r||s that verifies with the public key.
    let mut sm = bac_and_pin(&mut card, &mrz_information);
    let r = common::send_sm(&mut card, &mut sm, &compute_signature(&digest));
    assert_eq!((r.sw, r.data.len()), (StatusWord::SUCCESS, 64));
    let key = p256::ecdsa::VerifyingKey::from_sec1_bytes(&point).expect("a P-256 point");
    let signature = p256::ecdsa::Signature::from_slice(&r.data).expect("r||s");
    key.verify_prehash(&digest, &signature).expect("the signature verifies with the public key");
    let mut other = digest.clone();
    other[0] ^= 1;
    assert!(key.verify_prehash(&other, &signature).is_err());
    assert_eq!(common::send_sm(&mut card, &mut sm, &compute_signature(&digest[..31])).sw, StatusWord::WRONG_LENGTH);

    // A new key drops the certificate of the old one, which does not certify the new one.
    let regenerated = common::send_sm(&mut card, &mut sm, &generate_esign_key());
    assert_ne!(point_of(&regenerated.data), point);
    assert_eq!(common::send_sm(&mut card, &mut sm, &get_data(0x7F21)).sw, StatusWord::REFERENCED_DATA_NOT_FOUND);
    assert_eq!(common::send_sm(&mut card, &mut sm, &put_certificate(&cert)).sw, StatusWord::INCORRECT_DATA);
}

#[test]
fn after_locking_only_bac_with_the_pin_opens_the_esign_key() {
    let mut card = SoftwareCard::new();
    common::perso(&mut card);
    let mrz_information = common::write_emrtd_with_dg1(&mut card);
    ok(&mut card, &Command::new(0, 0xDA, 0x00, 0xF6).with_data(PIN_AND_PUK.to_vec()).unwrap());
    let point = point_of(&ok(&mut card, &generate_esign_key()).data);
    lock(&mut card);
    let digest = [0x42; 32];
    assert_eq!(send(&mut card, &generate_esign_key()).sw, StatusWord::SECURITY_STATUS_NOT_SATISFIED);
    assert_eq!(send(&mut card, &put_certificate(&[0x30, 0x00])).sw, StatusWord::SECURITY_STATUS_NOT_SATISFIED);
    assert_eq!(send(&mut card, &compute_signature(&digest)).sw, StatusWord::SECURITY_STATUS_NOT_SATISFIED);
    // Without BAC the public key is not given out either (it would let any reader track the card).
    assert_eq!(send(&mut card, &get_data(0x7F49)).sw, StatusWord::SECURITY_STATUS_NOT_SATISFIED);
    ok(&mut card, &verify_pin(PIN));
    assert_eq!(send(&mut card, &compute_signature(&digest)).sw, StatusWord::SECURITY_STATUS_NOT_SATISFIED);
    let mut sm = common::bac(&mut card, &mrz_information).expect("BAC");
    assert_eq!(point_of(&common::send_sm(&mut card, &mut sm, &get_data(0x7F49)).data), point);
    let refused = common::send_sm(&mut card, &mut sm, &compute_signature(&digest));
    assert_eq!(refused.sw, StatusWord::SECURITY_STATUS_NOT_SATISFIED, "BAC ended the PIN verified before it");
    assert_eq!(common::send_sm(&mut card, &mut sm, &verify_pin(PIN)).sw, StatusWord::SUCCESS);
    let r = common::send_sm(&mut card, &mut sm, &compute_signature(&digest));
    let key = p256::ecdsa::VerifyingKey::from_sec1_bytes(&point).unwrap();
    key.verify_prehash(&digest, &p256::ecdsa::Signature::from_slice(&r.data).unwrap()).expect("verifies");
    // The verification ends with the power.
    card.power(PowerEvent::Reset);
    let mut sm = common::bac(&mut card, &mrz_information).expect("BAC");
    let r = common::send_sm(&mut card, &mut sm, &compute_signature(&digest));
    assert_eq!(r.sw, StatusWord::SECURITY_STATUS_NOT_SATISFIED);
}

#[test]
fn outside_bac_application_files_are_neither_found_nor_missing() {
    let (mut card, mrz_information) = locked_emrtd_card();
    ok(&mut card, &select_aid(&cccd_applet::EMRTD_AID));
    let fcp = Command::new(0, 0xA4, 0x02, 0x04).with_data(vec![0x01, 0x01]).unwrap().with_ne(256).unwrap();
    let absent = Command::new(0, 0xA4, 0x02, 0x04).with_data(vec![0x01, 0x05]).unwrap().with_ne(256).unwrap();
    let by_path =
        Command::new(0, 0xA4, 0x08, 0x04).with_data(vec![0x5F, 0x00, 0x01, 0x05]).unwrap().with_ne(256).unwrap();
    // Relative paths from the MF reach into the application too.
    let from_mf = |fid: u8| {
        Command::new(0, 0xA4, 0x09, 0x04).with_data(vec![0x5F, 0x00, 0x01, fid]).unwrap().with_ne(256).unwrap()
    };
    for fid in [0x01, 0x05] {
        ok(&mut card, &select_mf());
        let r = send(&mut card, &from_mf(fid));
        assert_eq!(
            (r.sw, r.data.len()),
            (StatusWord::SECURITY_STATUS_NOT_SATISFIED, 0),
            "relative path to 01{fid:02X}"
        );
    }
    ok(&mut card, &select_aid(&cccd_applet::EMRTD_AID));
    // DG1 exists and DG5 does not: without BAC both answer the same, and nothing of either comes back.
    for cmd in [&fcp, &absent, &by_path] {
        let r = send(&mut card, cmd);
        assert_eq!((r.sw, r.data.len()), (StatusWord::SECURITY_STATUS_NOT_SATISFIED, 0), "{cmd:?}");
    }
    assert_eq!(send(&mut card, &read_sfi(5, 256)).sw, StatusWord::SECURITY_STATUS_NOT_SATISFIED, "absent SFI 05");
    assert_eq!(send(&mut card, &read_sfi(1, 256)).sw, StatusWord::SECURITY_STATUS_NOT_SATISFIED, "present SFI 01");
    let mut sm = common::bac(&mut card, &mrz_information).expect("BAC");
    let r = common::send_sm(&mut card, &mut sm, &fcp);
    assert_eq!(r.data.first(), Some(&0x62), "inside BAC the FCP comes back");
    assert_eq!(common::send_sm(&mut card, &mut sm, &absent).sw, StatusWord::FILE_NOT_FOUND);
}

#[test]
fn an_error_in_a_protected_chain_ends_the_session() {
    let (mut card, mrz_information) = locked_emrtd_card();
    let mut sm = common::bac(&mut card, &mrz_information).expect("BAC");
    // A chained part (CLA 1C) carrying Le: refused at the chaining stage (6700), a secure-messaging error.
    let part = Command::new(0x1C, 0xB0, 0x81, 0x00).with_data(vec![0x97, 0x01, 0x00]).unwrap().with_ne(256).unwrap();
    assert_eq!(send(&mut card, &part).sw, StatusWord::WRONG_LENGTH);
    let protected = sm.protect(&read_sfi(1, 65_536)).unwrap();
    assert_eq!(card.process(&protected.to_bytes()).sw, StatusWord::SECURE_MESSAGING_NOT_SUPPORTED, "no session");
}

#[test]
fn under_secure_messaging_ne_bounds_the_plain_answer_and_protected_get_response_fetches_the_rest() {
    let mut card = SoftwareCard::new();
    common::perso(&mut card);
    let mrz_information = common::write_emrtd_with_dg1(&mut card);
    let template = ok(&mut card, &generate_esign_key()).data;
    lock(&mut card);
    let mut sm = common::bac(&mut card, &mrz_information).expect("BAC");
    let short = Command::new(0, 0xCA, 0x7F, 0x49).with_ne(16).unwrap();
    let raw = card.process(&sm.protect(&short).unwrap().to_bytes());
    assert_eq!(raw.sw, StatusWord::SUCCESS, "the 61xx is inside DO'99', not outside");
    let first = sm.unprotect(&raw).unwrap();
    assert_eq!((first.sw, first.data.as_slice()), (StatusWord::bytes_available(54), &template[..16]));
    let get_response = Command::new(0, 0xC0, 0x00, 0x00).with_ne(54).unwrap();
    let rest = common::send_sm(&mut card, &mut sm, &get_response);
    assert_eq!((rest.sw, rest.data.as_slice()), (StatusWord::SUCCESS, &template[16..]));
    // Nothing is left, and the session goes on.
    assert_eq!(common::send_sm(&mut card, &mut sm, &get_response).sw, StatusWord::CONDITIONS_OF_USE_NOT_SATISFIED);
    assert_eq!(common::send_sm(&mut card, &mut sm, &get_data(0x7F49)).data, template);
}
