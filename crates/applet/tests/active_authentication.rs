//! Active Authentication on the software card: keys imported or generated at personalization, INTERNAL
//! AUTHENTICATE verified with the public key, and the private key never leaving the card.

mod common;

use cccd_apdu::{Command, StatusWord};
use cccd_applet::SoftwareCard;
use cccd_chipauth::{AaPrivateKey, AaPublicKey, Dg15, verify_challenge};

fn send(card: &mut SoftwareCard, cmd: Command<'_>) -> cccd_apdu::Response {
    card.process(&cmd.to_bytes())
}

fn internal_authenticate(card: &mut SoftwareCard, challenge: &[u8]) -> cccd_apdu::Response {
    send(card, Command::new(0, 0x88, 0, 0).with_data(challenge).unwrap().with_ne(256).unwrap())
}

fn bsi_vector(name: &str) -> Vec<u8> {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/vectors/bsi-tr03105-5").join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn an_imported_rsa_key_signs_iso9796_2_challenges_that_verify_with_dg15() {
    let mut card = SoftwareCard::new();
    common::perso(&mut card);
    assert_eq!(internal_authenticate(&mut card, &[1; 8]).sw, StatusWord::REFERENCED_DATA_NOT_FOUND);
    let put = Command::new(0, 0xDA, 0x00, 0xF5).with_data(bsi_vector("DG15_sk.pkcs8")).unwrap();
    assert_eq!(send(&mut card, put).sw, StatusWord::SUCCESS);
    let public = Dg15::decode(&bsi_vector("Datagroup15.bin")).unwrap().public_key;
    for challenge in [[0u8; 8], [0x5A; 8], *b"CHALLENG"] {
        let r = internal_authenticate(&mut card, &challenge);
        assert_eq!((r.sw, r.data.len()), (StatusWord::SUCCESS, 128));
        verify_challenge(&public, &challenge, &r.data, None).expect("the BSI DG15 key verifies the card's answer");
        assert!(verify_challenge(&public, b"OTHERONE", &r.data, None).is_err());
    }
}

#[test]
fn a_key_generated_on_the_card_returns_only_its_public_half() {
    let mut card = SoftwareCard::new();
    common::perso(&mut card);
    let r = send(&mut card, Command::new(0, 0x46, 0x80, 0x00).with_ne(256).unwrap());
    assert_eq!(r.sw, StatusWord::SUCCESS);
    let public = AaPublicKey::from_spki_der(&r.data).expect("the answer is a SubjectPublicKeyInfo");
    let challenge = [7u8; 8];
    let sig = internal_authenticate(&mut card, &challenge);
    assert_eq!(sig.data.len(), 64, "plain r‖s");
    verify_challenge(&public, &challenge, &sig.data, None).unwrap();
    // No command reads the private key back: the key's data object is not readable.
    assert_ne!(card.process(&[0x00, 0xCA, 0x00, 0xF5, 0x00]).sw, StatusWord::SUCCESS);
    assert_eq!(
        send(&mut card, Command::new(0, 0xDA, 0x00, 0xF5).with_data(vec![0x30, 0x00]).unwrap()).sw,
        StatusWord::INCORRECT_DATA
    );
}

#[test]
fn the_key_survives_restarts_and_cannot_be_replaced_after_locking() {
    let dir = std::env::temp_dir().join(format!("cccd-aa-state-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("card.json");
    let key = AaPrivateKey::generate_p256().unwrap();
    let mrz_information;
    {
        let mut card = SoftwareCard::with_state_file(&path).unwrap();
        common::perso(&mut card);
        mrz_information = common::write_emrtd_with_dg1(&mut card);
        let der = key.to_pkcs8_der().unwrap().to_vec();
        assert_eq!(send(&mut card, Command::new(0, 0xDA, 0x00, 0xF5).with_data(der).unwrap()).sw, StatusWord::SUCCESS);
        assert_eq!(card.process(&[0x00, 0xA4, 0x00, 0x0C]).sw, StatusWord::SUCCESS);
        assert_eq!(card.process(&[0x00, 0x44, 0x00, 0x00]).sw, StatusWord::SUCCESS);
    }
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600, "the state holds a private key");
    let mut card = SoftwareCard::with_state_file(&path).unwrap();
    // Locked: Active Authentication needs Basic Access Control first.
    assert_eq!(internal_authenticate(&mut card, &[9; 8]).sw, StatusWord::SECURITY_STATUS_NOT_SATISFIED);
    let mut sm = common::bac(&mut card, &mrz_information).expect("BAC");
    let ia = Command::new(0, 0x88, 0, 0).with_data(vec![9; 8]).unwrap().with_ne(256).unwrap();
    let sig = common::send_sm(&mut card, &mut sm, &ia);
    verify_challenge(&key.public_key(), &[9; 8], &sig.data, None).unwrap();
    let other = AaPrivateKey::generate_p256().unwrap().to_pkcs8_der().unwrap().to_vec();
    assert_eq!(
        send(&mut card, Command::new(0, 0xDA, 0x00, 0xF5).with_data(other).unwrap()).sw,
        StatusWord::CONDITIONS_OF_USE_NOT_SATISFIED
    );
    assert_eq!(
        send(&mut card, Command::new(0, 0x46, 0x80, 0x00).with_ne(256).unwrap()).sw,
        StatusWord::CONDITIONS_OF_USE_NOT_SATISFIED
    );
    std::fs::remove_dir_all(&dir).ok();
}
