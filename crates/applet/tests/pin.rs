//! The citizen PIN: tries counted and saved before comparing, blocking that survives restarts, PUK reset,
//! change, and nothing about the PIN in any answer.

mod common;

use cccd_apdu::{Command, StatusWord};
use cccd_applet::SoftwareCard;

fn apdu(card: &mut SoftwareCard, ins: u8, p1: u8, data: &[u8]) -> StatusWord {
    let mut cmd = Command::new(0, ins, p1, 0x81);
    if !data.is_empty() {
        cmd = cmd.with_data(data.to_vec()).unwrap();
    }
    card.process(&cmd.to_bytes()).sw
}

fn verify(card: &mut SoftwareCard, pin: &[u8]) -> StatusWord {
    apdu(card, 0x20, 0x00, pin)
}

fn with_pin(card: &mut SoftwareCard) {
    let put = Command::new(0, 0xDA, 0x00, 0xF6).with_data(b"12345687654321".to_vec()).unwrap();
    assert_eq!(card.process(&put.to_bytes()).sw, StatusWord::SUCCESS);
}

#[test]
fn verify_counts_tries_and_blocks() {
    let mut card = SoftwareCard::new();
    common::perso(&mut card);
    assert_eq!(verify(&mut card, b""), StatusWord::REFERENCED_DATA_NOT_FOUND, "no PIN yet");
    with_pin(&mut card);
    assert_eq!(verify(&mut card, b""), StatusWord::counter(3));
    assert_eq!(verify(&mut card, b"000000"), StatusWord::counter(2));
    assert_eq!(verify(&mut card, b"123456"), StatusWord::SUCCESS);
    assert_eq!(verify(&mut card, b""), StatusWord::SUCCESS, "verified in this session");
    card.process(&[0x00, 0xA4, 0x00, 0x0C]);
    cccd_vcard::VirtualCard::power(&mut card, cccd_vcard::PowerEvent::Reset);
    assert_eq!(verify(&mut card, b""), StatusWord::counter(3), "a success gave all tries back; reset forgets");
    for left in [2, 1] {
        assert_eq!(verify(&mut card, b"999999"), StatusWord::counter(left));
    }
    assert_eq!(verify(&mut card, b"999999"), StatusWord::AUTHENTICATION_METHOD_BLOCKED);
    assert_eq!(
        verify(&mut card, b"123456"),
        StatusWord::AUTHENTICATION_METHOD_BLOCKED,
        "the right PIN no longer helps"
    );
    assert_eq!(verify(&mut card, b""), StatusWord::AUTHENTICATION_METHOD_BLOCKED);
    assert_eq!(verify(&mut card, b"12345"), StatusWord::INCORRECT_DATA, "malformed: refused, no try spent");
    assert_eq!(apdu(&mut card, 0x20, 0x00, b"").0, 0x6983);
    assert_eq!(
        card.process(&[0x00, 0x20, 0x00, 0x82, 0x06, b'1', b'2', b'3', b'4', b'5', b'6']).sw,
        StatusWord::REFERENCED_DATA_NOT_FOUND
    );
}

#[test]
fn the_puk_unblocks_and_change_needs_the_old_pin() {
    let mut card = SoftwareCard::new();
    common::perso(&mut card);
    with_pin(&mut card);
    for _ in 0..3 {
        verify(&mut card, b"000000");
    }
    assert_eq!(verify(&mut card, b"123456"), StatusWord::AUTHENTICATION_METHOD_BLOCKED);
    assert_eq!(apdu(&mut card, 0x2C, 0x01, b"00000000"), StatusWord::counter(9), "wrong PUK");
    assert_eq!(apdu(&mut card, 0x2C, 0x01, b"87654321"), StatusWord::SUCCESS);
    assert_eq!(verify(&mut card, b"123456"), StatusWord::SUCCESS, "unblocked, same PIN");
    assert_eq!(apdu(&mut card, 0x2C, 0x00, b"87654321246810"), StatusWord::SUCCESS);
    assert_eq!(verify(&mut card, b"246810"), StatusWord::SUCCESS, "reset to a new PIN");
    assert_eq!(apdu(&mut card, 0x24, 0x00, b"111111135790"), StatusWord::counter(2), "wrong old PIN");
    assert_eq!(apdu(&mut card, 0x24, 0x00, b"246810135790"), StatusWord::SUCCESS);
    assert_eq!(verify(&mut card, b"135790"), StatusWord::SUCCESS);
}

#[test]
fn a_blocked_pin_stays_blocked_across_restarts_and_the_state_holds_no_plain_pin_in_answers() {
    let dir = std::env::temp_dir().join(format!("cccd-pin-state-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("card.json");
    {
        let mut card = SoftwareCard::with_state_file(&path).unwrap();
        common::perso(&mut card);
        with_pin(&mut card);
        assert_eq!(verify(&mut card, b"000000"), StatusWord::counter(2));
    }
    {
        // The spent try was saved: a restart does not give it back.
        let mut card = SoftwareCard::with_state_file(&path).unwrap();
        assert_eq!(verify(&mut card, b""), StatusWord::counter(2));
        verify(&mut card, b"000000");
        verify(&mut card, b"000000");
    }
    let mut card = SoftwareCard::with_state_file(&path).unwrap();
    assert_eq!(verify(&mut card, b"123456"), StatusWord::AUTHENTICATION_METHOD_BLOCKED);
    // Locked cards still verify PINs, but the PIN can no longer be set by PUT DATA.
    common::perso(&mut card);
    card.process(&[0x00, 0xA4, 0x00, 0x0C]);
    card.process(&[0x00, 0x44, 0x00, 0x00]);
    let put = Command::new(0, 0xDA, 0x00, 0xF6).with_data(b"11111122222222".to_vec()).unwrap();
    assert_eq!(card.process(&put.to_bytes()).sw, StatusWord::CONDITIONS_OF_USE_NOT_SATISFIED);
    std::fs::remove_dir_all(&dir).ok();
}
