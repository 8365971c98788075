//! The vpcd connector through the real pcscd, driven by the `pcsc` crate: presence, ATR,
//! APDUs, extended lengths, responses at the 65,535-byte frame limit, and removal.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use cccd_system_tests::{EmulatedCard, VpcdSlot, require_pcscd, transmit};
use cccd_vcard::{NullCard, PowerEvent, SW_TRANSPORT_ERROR, VirtualCard};
use pcsc::Disposition;

fn null_card() -> EmulatedCard {
    EmulatedCard::start(NullCard::new(), VpcdSlot::acquire().unwrap()).unwrap()
}

#[test]
fn pcsc_null_card_answers_9000_with_its_atr() {
    if !require_pcscd() {
        return;
    }
    let emulated = null_card();
    let card = emulated.connect().unwrap();
    let status = card.status2_owned().unwrap();
    assert_eq!(status.atr(), NullCard::new().atr());
    let select = [0x00, 0xA4, 0x04, 0x00, 0x07, 0xA0, 0x00, 0x00, 0x02, 0x47, 0x10, 0x01];
    assert_eq!(transmit(&card, &select).unwrap(), [0x90, 0x00]);
    assert_eq!(transmit(&card, &[0x00, 0xB0, 0x00, 0x00, 0x00]).unwrap(), [0x90, 0x00]);
    assert_eq!(emulated.apdus_served(), 2);
}

#[test]
fn pcsc_extended_length_command_of_60000_bytes_passes() {
    if !require_pcscd() {
        return;
    }
    let emulated = null_card();
    let card = emulated.connect().unwrap();
    // Case 3E: CLA INS P1 P2, 00 Lc(2), data.
    let len: u16 = 60_000;
    let mut command = vec![0x00, 0xD6, 0x00, 0x00, 0x00];
    command.extend_from_slice(&len.to_be_bytes());
    command.resize(command.len() + usize::from(len), 0x5A);
    assert_eq!(transmit(&card, &command).unwrap(), [0x90, 0x00]);
}

/// Answers READ BINARY with `P1P2 + 1` bytes (so 65,534 → 65,535 bytes in all), and records
/// power events.
struct SizedCard(Arc<Mutex<Vec<PowerEvent>>>);

impl VirtualCard for SizedCard {
    fn atr(&self) -> Vec<u8> {
        NullCard::new().atr()
    }
    fn power(&mut self, event: PowerEvent) {
        self.0.lock().unwrap().push(event);
    }
    fn transmit(&mut self, command: &[u8]) -> Vec<u8> {
        let Some(&[p1, p2]) = command.get(2..4) else {
            return vec![0x67, 0x00];
        };
        let len = usize::from(u16::from_be_bytes([p1, p2])) + 1;
        let mut response = vec![0xC3; len];
        response[len - 2..].copy_from_slice(&[0x90, 0x00]);
        response
    }
}

#[test]
fn pcsc_largest_response_passes_and_larger_ones_become_6f00() {
    if !require_pcscd() {
        return;
    }
    let power = Arc::new(Mutex::new(Vec::new()));
    let slot = VpcdSlot::acquire().unwrap();
    let emulated = EmulatedCard::start(SizedCard(Arc::clone(&power)), slot).unwrap();
    let card = emulated.connect().unwrap();
    // Le = 0000 extended (65,536) asked; the card returns 65,535 bytes in all.
    let full = transmit(&card, &[0x00, 0xB0, 0xFF, 0xFE, 0x00, 0x00, 0x00]).unwrap();
    assert_eq!(full.len(), 65_535);
    assert_eq!(full[65_533..], [0x90, 0x00]);
    // One more byte cannot be framed: the connector answers 6F00 and the link survives.
    let over = transmit(&card, &[0x00, 0xB0, 0xFF, 0xFF, 0x00, 0x00, 0x00]).unwrap();
    assert_eq!(over, SW_TRANSPORT_ERROR);
    assert_eq!(transmit(&card, &[0x00, 0xB0, 0x00, 0x01, 0x01]).unwrap(), [0x90, 0x00]);
    // The crate's Card drop resets the card; the card must hear it.
    drop(card);
    let deadline = Instant::now() + Duration::from_secs(5);
    while !power.lock().unwrap().contains(&PowerEvent::Reset) {
        assert!(Instant::now() < deadline, "no reset: {:?}", power.lock());
        std::thread::sleep(Duration::from_millis(10));
    }
}

#[test]
fn pcsc_card_stopped_mid_session_is_seen_removed() {
    if !require_pcscd() {
        return;
    }
    let mut emulated = null_card();
    let card = emulated.connect().unwrap();
    assert_eq!(transmit(&card, &[0x00, 0xCA, 0x01, 0x00, 0x00]).unwrap(), [0x90, 0x00]);
    emulated.remove().unwrap(); // returns once pcscd reports the reader empty
    let err = transmit(&card, &[0x00, 0xCA, 0x01, 0x00, 0x00]).unwrap_err();
    assert!(
        matches!(
            err,
            cccd_system_tests::SupportError::Pcsc(
                pcsc::Error::RemovedCard | pcsc::Error::NotTransacted | pcsc::Error::ResetCard
            ) | cccd_system_tests::SupportError::ShortResponse(_)
        ),
        "unexpected error after removal: {err}"
    );
    assert!(matches!(card.status2_owned(), Err(pcsc::Error::RemovedCard | pcsc::Error::NoSmartcard)));
    let _ = card.disconnect(Disposition::LeaveCard);
}
